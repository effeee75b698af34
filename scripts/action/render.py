"""The action's run: finds the résumés (`files`), runs `cvpdf check` on them and,
unless `check-only` or the check failed, renders them with the same flags; shows
every diagnostic as an annotation, writes the job summary (pages, fonts, warnings
and errors per file) and sets output `pdfs` (one path a line).

cvpdf is run with `--message-format json`, so that the report and the diagnostics
can be read back; the annotations are printed from them (as cvpdf's own
`--message-format github` would print them).
"""

import glob
import json
import os
import shlex
import subprocess

import gh

# Flags the action sets itself.
RESERVED = ("--message-format", "-o", "--output", "-w", "--watch")


def patterns():
    text = os.environ.get("INPUT_FILES", "")
    return [p.strip() for p in text.splitlines() if p.strip() and not p.strip().startswith("#")]


def find_files(globs):
    """The files the patterns match, each once, sorted; `**` spans folders."""
    found = set()
    for pattern in globs:
        for path in glob.glob(pattern, recursive=True):
            if os.path.isfile(path):
                found.add(os.path.normpath(path))
    return sorted(found)


def user_args():
    """`args` split as a shell would (quotes, no expansion)."""
    try:
        args = shlex.split(os.environ.get("INPUT_ARGS", ""))
    except ValueError as err:
        gh.fail(f"`args` cannot be split into arguments ({err})", 2)
    for arg in args:
        if arg.split("=", 1)[0] in RESERVED:
            gh.fail(f"`args` must not contain `{arg}`: the action sets it (use `output-dir` for the PDFs' folder)", 2)
    return args


def arg_path(path):
    """A file name that cannot be read as a flag."""
    return os.path.join(".", path) if path.startswith("-") else path


def run_cvpdf(args):
    """Runs cvpdf; returns (status, JSON objects from stdout and stderr). Lines
    that are not JSON are passed on to the log."""
    binary = os.environ.get("CVPDF") or "cvpdf"
    try:
        done = subprocess.run([binary, *args], capture_output=True, text=True, encoding="utf-8", errors="replace")
    except OSError as err:
        gh.fail(f"could not run `{binary}` ({err})", 4)
    objects = []
    for line in (done.stdout + "\n" + done.stderr).splitlines():
        if not line.strip():
            continue
        try:
            objects.append(json.loads(line))
        except ValueError:
            print(line)
    return done.returncode, objects


def key(d):
    return (d.get("severity"), d.get("file"), d.get("line"), d.get("column"), d.get("message"))


def annotate(diagnostics, shown):
    """Prints each diagnostic not yet in `shown` as an annotation, and adds it."""
    for d in diagnostics:
        if key(d) in shown:
            continue
        shown.add(key(d))
        message = d.get("message", "")
        for hint in d.get("hints") or []:
            message += f"\nhint: {hint}"
        gh.annotation(d.get("severity", "error"), message, d.get("file"), d.get("line"), d.get("column"))


def worst(statuses):
    """cvpdf's order for several results: 4, then 2, then 1, then 3, else 0."""
    for status in (4, 2, 1, 3):
        if status in statuses:
            return status
    return next((s for s in statuses if s), 0)


def output_groups(files, out_dir):
    """{output folder: [files]}: one folder per source folder under `out_dir`, so
    that `a/cv.md` and `b/cv.md` do not meet; {None: files} without `out_dir`."""
    if not out_dir:
        return {None: files}
    groups = {}
    for path in files:
        parent = os.path.dirname(path)
        inside = parent and not os.path.isabs(parent) and not parent.startswith("..")
        folder = os.path.join(out_dir, parent) if inside else out_dir
        groups.setdefault(folder, []).append(path)
    return groups


def pdf_path(path, folder):
    name = os.path.splitext(os.path.basename(path))[0] + ".pdf"
    return os.path.join(folder, name) if folder else os.path.splitext(path)[0] + ".pdf"


def cell(text):
    """Text made safe inside a Markdown table cell."""
    out = str(text).replace("\\", "\\\\").replace("\n", " ")
    for c in "|`*_[]<>":
        out = out.replace(c, "\\" + c)
    return out


def write_summary(files, reports, diagnostics, pdfs, verdict):
    lines = ["## cvpdf", "", verdict, "", "| File | Pages | Fonts | Warnings | Errors | PDF |", "| --- | ---: | --- | ---: | ---: | --- |"]
    for path in files:
        r = reports.get(path)
        mine = [d for d in diagnostics if d.get("file") == path]
        count = lambda sev: sum(1 for d in mine if d.get("severity") == sev)  # noqa: E731
        pages = r["pages"] if r else "–"
        if r and r.get("max_pages"):
            pages = f"{pages} (max {r['max_pages']})"
        fonts = ", ".join(r.get("fonts", [])) if r else "–"
        pdf = pdfs.get(path)
        lines.append(f"| {cell(path)} | {pages} | {cell(fonts)} | {count('warning')} | {count('error')} | {cell(pdf) if pdf else '–'} |")
    problems = [d for d in diagnostics if d.get("severity") in ("error", "warning")]
    if problems:
        lines += ["", "### Problems", ""]
        for d in problems:
            where = ":".join(str(p) for p in (d.get("file"), d.get("line"), d.get("column")) if p is not None)
            lines.append(f"- {cell(where)}: **{d['severity']}**: {cell(d.get('message', ''))}")
    gh.summary("\n".join(lines) + "\n\n")


def run():
    files = find_files(patterns())
    if not files:
        gh.fail(f"no file matches `files` ({', '.join(patterns()) or 'empty'}); set `files` to the résumés' paths or patterns", 2)
    bad = [f for f in files if "\n" in f or "\r" in f]
    if bad:
        gh.fail(f"a file name holds a line break ({bad[0]!r}); rename it", 2)
    args = user_args()
    check_only = os.environ.get("INPUT_CHECK_ONLY", "false").strip().lower() in ("true", "1", "yes")
    out_dir = os.environ.get("INPUT_OUTPUT_DIR", "").strip()
    names = [arg_path(f) for f in files]
    shown = set()

    status, objects = run_cvpdf(["check", "--message-format", "json", *args, *names])
    diagnostics = [o for o in objects if o.get("type") == "diagnostic"]
    reports = {os.path.normpath(o["file"]): o for o in objects if o.get("type") == "report" and "file" in o}
    for d in diagnostics:
        if d.get("file"):
            d["file"] = os.path.normpath(d["file"])
    annotate(diagnostics, shown)
    for path in files:
        r = reports.get(path)
        if r:
            print(f"cvpdf: {path}: {r['pages']} page(s), fonts: {', '.join(r.get('fonts', [])) or 'none'}")

    pdfs = {}
    if status != 0:
        verdict = f"`cvpdf check` failed (exit status {status}): no PDF written."
    elif check_only:
        verdict = f"Checked {len(files)} file(s); `check-only` is set, so no PDF written."
    else:
        statuses = []
        for folder, group in output_groups(files, out_dir).items():
            out = ["-o", folder + os.sep] if folder else []
            if folder:
                os.makedirs(folder, exist_ok=True)
            code, objects = run_cvpdf(["--message-format", "json", *args, *[arg_path(f) for f in group], *out])
            statuses.append(code)
            found = [o for o in objects if o.get("type") == "diagnostic"]
            for d in found:
                if d.get("file"):
                    d["file"] = os.path.normpath(d["file"])
            annotate(found, shown)
            diagnostics += [d for d in found if key(d) not in {key(x) for x in diagnostics}]
            failed = {d.get("file") for d in found if d.get("severity") == "error"}
            for path in group:
                pdf = pdf_path(path, folder)
                if code in (0, 1) and path not in failed and os.path.isfile(pdf):
                    pdfs[path] = pdf
        status = worst(statuses)
        verdict = f"Rendered {len(pdfs)} of {len(files)} file(s)." + (f" cvpdf exited with status {status}." if status else "")
    gh.set_output("pdfs", "\n".join(pdfs[f] for f in files if f in pdfs))
    write_summary(files, reports, diagnostics, pdfs, verdict)
    print(f"cvpdf: {verdict}")
    return status
