"""The pre-commit hook (examples/ci/pre-commit, and the `cvpdf` hook of
.pre-commit-hooks.yaml) in scratch Git repositories: as a plain Git hook and
through the pre-commit framework's `try-repo`. Every résumé is fictional.

pre-commit is installed with pip when missing; if that fails the framework tests
are skipped with a message, except on CI (CI=true), where they fail."""

import importlib.util
import os
import shutil
import subprocess
import sys
import unittest

from helpers import BIN, RESUME, ROOT, WARNING, Scratch, clean_env

HOOK = os.path.join(ROOT, "examples", "ci", "pre-commit")
README = "# Docs for the sample project\n\n![logo](missing.png)\n"


def have_pre_commit():
    if importlib.util.find_spec("pre_commit"):
        return True
    for extra in ([], ["--break-system-packages"]):
        done = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", *extra, "pre-commit"], capture_output=True)
        if done.returncode == 0:
            importlib.invalidate_caches()
            return importlib.util.find_spec("pre_commit") is not None
    return False


class Repo(Scratch):
    """A scratch repository with cvpdf on PATH."""

    def setUp(self):
        super().setUp()
        bin_dir = self.path("bin")
        os.makedirs(bin_dir)
        os.symlink(BIN, os.path.join(bin_dir, "cvpdf"))
        self.repo = self.path("repo")
        self.env = clean_env(
            PATH=bin_dir + os.pathsep + os.environ.get("PATH", ""),
            HOME=self.dir,
            PRE_COMMIT_HOME=self.path("pre-commit-home"),
            GIT_CONFIG_NOSYSTEM="1",
            GIT_AUTHOR_NAME="Sample Author",
            GIT_AUTHOR_EMAIL="author@example.com",
            GIT_COMMITTER_NAME="Sample Author",
            GIT_COMMITTER_EMAIL="author@example.com",
        )
        self.git("init", "-q", self.repo, cwd=self.dir)
        self.git("config", "commit.gpgsign", "false")

    def git(self, *args, cwd=None, check=True):
        return subprocess.run(["git", *args], cwd=cwd or self.repo, env=self.env, capture_output=True, text=True, check=check)

    def put(self, name, text, stage=True):
        self.write(os.path.join("repo", name), text)
        if stage:
            self.git("add", "--", name)

    def commit(self):
        return self.git("commit", "-q", "-m", "change", check=False)

    def committed(self):
        return self.git("ls-tree", "-r", "-z", "--name-only", "HEAD", check=False).stdout.split("\0")


class GitHook(Repo):
    """examples/ci/pre-commit copied to .git/hooks/pre-commit."""

    def setUp(self):
        super().setUp()
        hook = self.path("repo", ".git", "hooks", "pre-commit")
        shutil.copy(HOOK, hook)
        os.chmod(hook, 0o755)

    def test_a_staged_typo_undone_in_the_work_tree_is_refused(self):
        self.put("resume.md", WARNING)
        self.put("resume.md", RESUME, stage=False)
        out = self.commit()
        self.assertNotEqual(out.returncode, 0, "the commit is refused")
        self.assertIn("resume.md:2:1: warning: unknown front-matter key `titel`", out.stderr)
        self.assertIn("fix them and stage the fix", out.stderr)
        # Staging the fix lets it through.
        self.git("add", "resume.md")
        out = self.commit()
        self.assertEqual(out.returncode, 0, out.stderr)

    def test_a_fix_in_the_work_tree_only_does_not_hide_a_staged_typo_in_a_stylesheet_folder(self):
        # The staged stylesheet is the one checked (the index is checked out whole).
        self.put("cv/style.css", "h1 { colr: red }\n")
        self.put("cv/ada.md", "---\nstylesheet: style.css\n---\n# Ada Example\n")
        self.put("cv/style.css", "h1 { color: red }\n", stage=False)
        out = self.commit()
        self.assertNotEqual(out.returncode, 0, out.stderr)
        self.assertIn("colr", out.stderr)

    def test_names_with_spaces_and_line_breaks(self):
        self.put("my cv.md", RESUME)
        self.put("odd\nname.md", RESUME)
        out = self.commit()
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("my cv.md", self.committed())
        self.put("my cv.md", WARNING)
        out = self.commit()
        self.assertNotEqual(out.returncode, 0)
        self.assertIn("my cv.md:2:1: warning", out.stderr)

    def test_other_markdown_is_left_alone(self):
        self.put("README.md", README)
        self.put("docs/notes.md", "# Notes\n\n![diagram](nowhere.svg)\n")
        out = self.commit()
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(out.stderr, "")

    def test_a_configured_pattern_chooses_the_resumes(self):
        self.git("config", "--add", "cvpdf.pattern", "cv/*.md")
        # Front matter outside the pattern: not a résumé now.
        self.put("blog/post.md", "---\nlayout: post\n---\n# Post\n\n![x](missing.png)\n")
        self.assertEqual(self.commit().returncode, 0)
        # No front matter inside it: a résumé.
        self.put("cv/plain.md", README)
        out = self.commit()
        self.assertNotEqual(out.returncode, 0)
        self.assertIn("cv/plain.md:3:1: warning: image `missing.png`", out.stderr)

    def test_without_cvpdf_the_commit_is_refused_with_a_hint(self):
        python = self.path("python")
        os.makedirs(python)
        os.symlink(sys.executable, os.path.join(python, "python3"))
        self.env["PATH"] = python + os.pathsep + os.path.dirname(shutil.which("git"))
        self.put("resume.md", RESUME)
        out = self.commit()
        self.assertNotEqual(out.returncode, 0)
        self.assertIn("`cvpdf` is not on PATH", out.stderr)


class Framework(Repo):
    """The `cvpdf` hook of .pre-commit-hooks.yaml through `pre-commit try-repo`."""

    @classmethod
    def setUpClass(cls):
        if not have_pre_commit():
            if os.environ.get("CI") == "true":
                raise AssertionError("pre-commit could not be installed with pip, and CI must run these tests")
            raise unittest.SkipTest("pre-commit is not installed and pip could not install it: the framework tests are skipped")

    def setUp(self):
        super().setUp()
        # The hook repository: this checkout's hook files, committed in a scratch
        # repository (try-repo takes committed files, and these may not be yet).
        self.hooks = self.path("hooks")
        for name in (".pre-commit-hooks.yaml", os.path.join("examples", "ci", "pre-commit")):
            os.makedirs(os.path.dirname(os.path.join(self.hooks, name)), exist_ok=True)
            shutil.copy2(os.path.join(ROOT, name), os.path.join(self.hooks, name))
        self.git("init", "-q", cwd=self.hooks)
        self.git("add", ".", cwd=self.hooks)
        self.git("-c", "commit.gpgsign=false", "commit", "-q", "-m", "hooks", cwd=self.hooks)

    def try_repo(self, *args):
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "try-repo", self.hooks, "cvpdf", "--verbose", *args],
            cwd=self.repo,
            env=self.env,
            capture_output=True,
            text=True,
        )

    def test_the_manifest_is_valid(self):
        out = subprocess.run([sys.executable, "-m", "pre_commit", "validate-manifest", os.path.join(ROOT, ".pre-commit-hooks.yaml")], capture_output=True, text=True)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)

    def test_a_staged_typo_undone_in_the_work_tree_fails(self):
        self.put("resume.md", WARNING)
        self.put("resume.md", RESUME, stage=False)
        out = self.try_repo()
        self.assertNotEqual(out.returncode, 0, out.stdout)
        self.assertIn("unknown front-matter key `titel`", out.stdout)
        # The unstaged fix is back in the work tree afterwards.
        self.assertEqual(self.read("repo/resume.md"), RESUME)

    def test_my_cv_md_passes_and_a_readme_is_ignored(self):
        self.put("my cv.md", RESUME)
        self.put("README.md", README)
        out = self.try_repo()
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        self.assertIn("Passed", out.stdout)
        self.put("my cv.md", WARNING)
        out = self.try_repo()
        self.assertNotEqual(out.returncode, 0)
        self.assertIn("my cv.md:2:1: warning", out.stdout)

    def test_only_markdown_other_than_resumes_is_left_alone(self):
        self.put("README.md", README)
        out = self.try_repo()
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        self.assertNotIn("missing.png", out.stdout)


if __name__ == "__main__":
    unittest.main()
