"""The reproducible-PDF recipe: SOURCE_DATE_EPOCH from the last commit that changed
the résumé (`git log -1 --format=%ct -- resume/`, the line of
examples/ci/github-publish.yml, run as written), so the PDF's bytes change only
when the résumé does. Fictional résumés only."""

import os
import re
import subprocess

from helpers import BIN, RESUME, ROOT, Scratch, clean_env

WORKFLOW = os.path.join(ROOT, "examples", "ci", "github-publish.yml")
MAKEFILE = os.path.join(ROOT, "examples", "ci", "Makefile")


def recipe_line():
    """The workflow's `run:` line that sets SOURCE_DATE_EPOCH."""
    with open(WORKFLOW, encoding="utf-8") as f:
        for line in f:
            if "SOURCE_DATE_EPOCH=" in line and "run:" in line:
                return line.split("run:", 1)[1].strip()
    raise AssertionError("examples/ci/github-publish.yml sets no SOURCE_DATE_EPOCH")


class CommitTime(Scratch):
    def setUp(self):
        super().setUp()
        self.env = clean_env(HOME=self.dir, GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="Sample Author", GIT_AUTHOR_EMAIL="author@example.com", GIT_COMMITTER_NAME="Sample Author", GIT_COMMITTER_EMAIL="author@example.com")
        self.git("init", "-q")

    def git(self, *args, date=None):
        env = dict(self.env, GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date) if date else self.env
        return subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=self.dir, env=env, capture_output=True, text=True, check=True).stdout

    def commit(self, name, text, date):
        self.write(name, text)
        self.git("add", name)
        self.git("commit", "-q", "-m", f"change {name}", date=date)

    def epoch(self):
        """SOURCE_DATE_EPOCH as the workflow's line sets it (GITHUB_ENV a file here)."""
        env_file = self.path("github-env")
        open(env_file, "w").close()
        subprocess.run(["bash", "-c", recipe_line()], cwd=self.dir, env=dict(self.env, GITHUB_ENV=env_file), check=True)
        with open(env_file) as f:
            found = re.fullmatch(r"SOURCE_DATE_EPOCH=(\d+)\n", f.read())
        self.assertIsNotNone(found, "the line writes SOURCE_DATE_EPOCH=<seconds>")
        return found.group(1)

    def render(self, epoch, name="resume/ada.md"):
        env = dict(self.env)
        if epoch is not None:
            env["SOURCE_DATE_EPOCH"] = epoch
        out = self.path("out.pdf")
        subprocess.run([BIN, "--no-system-fonts", "--no-config", name, "-o", out], cwd=self.dir, env=env, check=True, capture_output=True)
        with open(out, "rb") as f:
            return f.read()

    def creation_date(self, pdf):
        path = self.path("info.pdf")
        with open(path, "wb") as f:
            f.write(pdf)
        info = subprocess.run(["pdfinfo", "-isodates", path], capture_output=True, text=True, check=True).stdout
        found = re.search(r"^CreationDate:\s+(\S+)", info, re.M)
        return found.group(1) if found else None

    def test_the_pdf_changes_only_when_the_resume_does(self):
        self.commit("resume/ada.md", RESUME, "2026-01-15T10:00:00Z")
        first = self.epoch()
        self.assertEqual(first, "1768471200")
        pdf = self.render(first)
        self.assertEqual(self.creation_date(pdf), "2026-01-15T10:00:00Z")
        self.assertEqual(self.render(first), pdf, "the same epoch gives the same bytes")
        # A commit elsewhere: the same epoch, the same PDF.
        self.commit("notes.txt", "unrelated\n", "2026-02-01T08:00:00Z")
        self.assertEqual(self.epoch(), first)
        self.assertEqual(self.render(self.epoch()), pdf)
        # A change to the résumé: a new date, a new PDF.
        self.commit("resume/ada.md", RESUME + "\n- Another fictional achievement.\n", "2026-03-02T09:30:00Z")
        later = self.epoch()
        self.assertEqual(later, "1772443800")
        self.assertEqual(self.creation_date(self.render(later)), "2026-03-02T09:30:00Z")

    def test_the_epoch_is_the_only_difference_and_none_writes_no_date(self):
        self.commit("resume/ada.md", RESUME, "2026-01-15T10:00:00Z")
        a, b = self.render("1768471200"), self.render("1772443800")
        self.assertNotEqual(a, b, "the creation date is written, so another epoch gives other bytes")
        self.assertEqual(len(a), len(b), "only the date differs")
        self.assertIsNone(self.creation_date(self.render(None)))
        self.assertEqual(self.render(None), self.render(None))

    def test_the_makefile_uses_the_same_command(self):
        with open(MAKEFILE, encoding="utf-8") as f:
            text = f.read()
        self.assertIn("$(shell git log -1 --format=%ct -- resume/ 2>/dev/null)", text)
        self.assertIn("git log -1 --format=%ct -- resume/", recipe_line())


if __name__ == "__main__":
    import unittest

    unittest.main()
