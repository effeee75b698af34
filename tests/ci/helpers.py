"""Shared by the tests of the CI scripts: the cvpdf binary under test (CVPDF_BIN,
set by tests/it/ci_scripts.rs to Cargo's build), scratch folders, fictional
résumés, and running a script with a clean environment."""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("CVPDF_BIN", "")

RESUME = "---\ntitle: Jordan Sample\n---\n# Jordan Sample\n\nPlatform engineer in Sampleville.\n\n## Experience\n\n- Kept the sample service running.\n"
WARNING = "---\ntitel: Typo\n---\n# Riley Placeholder\n\nText.\n"
ERROR = "---\ntitle: a: b\n---\n# Broken Example\n"

# Variables of the caller that would change what the scripts do.
DROPPED = ("GITHUB_", "INPUT_", "RUNNER_", "CVPDF", "SOURCE_DATE_EPOCH", "NO_COLOR", "CLICOLOR", "GIT_", "PRE_COMMIT")


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(DROPPED)}
    env.update(extra)
    return env


def version():
    """The version the binary under test reports."""
    out = subprocess.run([BIN, "--version"], capture_output=True, text=True, check=True)
    return out.stdout.split()[1]


class Scratch(unittest.TestCase):
    """A test with a scratch folder, removed afterwards (kept with CVPDF_KEEP=1)."""

    def setUp(self):
        if not BIN or not os.path.isfile(BIN):
            self.fail("CVPDF_BIN must name the cvpdf binary (tests/it/ci_scripts.rs sets it)")
        self.dir = tempfile.mkdtemp(prefix=f"cvpdf-{type(self).__name__}-")

    def tearDown(self):
        if os.environ.get("CVPDF_KEEP") != "1":
            shutil.rmtree(self.dir, ignore_errors=True)

    def path(self, *parts):
        return os.path.join(self.dir, *parts)

    def write(self, name, text):
        path = self.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def read(self, name):
        with open(self.path(name), encoding="utf-8") as f:
            return f.read()

    def python(self, script, args, env, cwd=None):
        return subprocess.run([sys.executable, script, *args], cwd=cwd or self.dir, env=env, capture_output=True, text=True)
