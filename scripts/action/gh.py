"""The GitHub Actions side of the action: step outputs, the job summary, the PATH
for later steps and workflow commands (annotations).

Everything goes through the files the runner names in GITHUB_OUTPUT,
GITHUB_STEP_SUMMARY and GITHUB_PATH; outside Actions (no such variable) the
output is printed instead, so the script can be tried by hand.
"""

import os
import sys
import uuid


def _append(variable, text):
    path = os.environ.get(variable)
    if not path:
        print(f"[{variable}] {text}", end="" if text.endswith("\n") else "\n")
        return
    with open(path, "a", encoding="utf-8") as f:
        f.write(text)


def set_output(name, value):
    """Sets step output `name` (several lines allowed) in GITHUB_OUTPUT."""
    delimiter = f"cvpdf_{uuid.uuid4().hex}"
    _append("GITHUB_OUTPUT", f"{name}<<{delimiter}\n{value}\n{delimiter}\n")


def add_path(folder):
    """Puts `folder` on PATH for the job's later steps (GITHUB_PATH)."""
    _append("GITHUB_PATH", f"{folder}\n")


def summary(markdown):
    """Appends Markdown to the job summary (GITHUB_STEP_SUMMARY)."""
    _append("GITHUB_STEP_SUMMARY", markdown)


def _data(text):
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text):
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(severity, message, file=None, line=None, column=None):
    """Prints a workflow command that GitHub shows as an annotation: `severity` is
    `error`, `warning` or `notice` (cvpdf's `note`)."""
    command = "notice" if severity == "note" else severity
    props = []
    if file:
        props.append(f"file={_property(file)}")
        if line is not None:
            props.append(f"line={line}")
            if column is not None:
                props.append(f"col={column}")
    head = f"::{command} {','.join(props)}" if props else f"::{command}"
    print(f"{head}::{_data(message)}", flush=True)


def error(message):
    """An error annotation without a position."""
    annotation("error", message)


def fail(message, status=1):
    """Reports `message` as an error and ends the step with `status`."""
    error(message)
    sys.exit(status)
