#!/usr/bin/env python3
"""The steps of the cvpdf GitHub Action (action.yml at the repository root):

    cvpdf_action.py plan      version, install folder and cache key
    cvpdf_action.py install   the binary: cache, release download (SHA-256 checked), or cargo
    cvpdf_action.py run       check, render, annotations, job summary, output `pdfs`

Inputs come as INPUT_* variables (INPUT_FILES, INPUT_OUTPUT_DIR, INPUT_ARGS,
INPUT_VERSION, INPUT_CHECK_ONLY); GitHub's own GITHUB_OUTPUT, GITHUB_STEP_SUMMARY,
GITHUB_PATH, RUNNER_OS, RUNNER_ARCH and RUNNER_TOOL_CACHE are read as the runner
sets them. Standard library only: python3 is on every runner.
"""

import sys

import install
import render


def main(argv):
    steps = {"plan": install.plan, "install": install.install, "run": render.run}
    if len(argv) != 2 or argv[1] not in steps:
        print(f"usage: {argv[0]} plan|install|run", file=sys.stderr)
        return 2
    return steps[argv[1]]() or 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
