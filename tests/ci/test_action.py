"""The GitHub Action's script (scripts/action/cvpdf_action.py) in a fake runner:
GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and GITHUB_PATH are files here, RUNNER_OS and
RUNNER_ARCH name the platform, CVPDF_DOWNLOAD_BASE points at a local folder
standing in for the GitHub release, and a fake `cargo` on PATH stands in for
`cargo install`. Every résumé is fictional."""

import hashlib
import io
import os
import re
import stat
import subprocess
import tarfile
import unittest
import zipfile

from helpers import BIN, ERROR, RESUME, ROOT, WARNING, Scratch, clean_env, version

SCRIPT = os.path.join(ROOT, "scripts", "action", "cvpdf_action.py")
LINUX = "x86_64-unknown-linux-musl"
# What the fake release and the fake `cargo install` provide as `cvpdf`.
STAND_IN = f'#!/bin/sh\nexec "{BIN}" "$@"\n'


def outputs(text):
    """GITHUB_OUTPUT's `name<<DELIM … DELIM` blocks as a dict."""
    found = {}
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        m = re.match(r"^([A-Za-z0-9_-]+)<<(.+)$", lines[i])
        if m:
            end = lines.index(m.group(2), i + 1)
            found[m.group(1)] = "\n".join(lines[i + 1 : end])
            i = end
        i += 1
    return found


class Runner(Scratch):
    """A fake runner: its files, its environment and the steps of action.yml."""

    def setUp(self):
        super().setUp()
        for name in ("output", "summary", "path"):
            self.write(f"runner/{name}", "")
        os.makedirs(self.path("release"))
        os.makedirs(self.path("tools"))
        os.makedirs(self.path("work"))
        self.version = version()

    def env(self, **extra):
        runner = {
            "GITHUB_ACTIONS": "true",
            "GITHUB_OUTPUT": self.path("runner/output"),
            "GITHUB_STEP_SUMMARY": self.path("runner/summary"),
            "GITHUB_PATH": self.path("runner/path"),
            "RUNNER_OS": "Linux",
            "RUNNER_ARCH": "X64",
            "RUNNER_TOOL_CACHE": self.path("tools"),
            "CVPDF_DOWNLOAD_BASE": "file://" + self.path("release"),
        }
        return clean_env(**{**runner, **extra})

    def step(self, name, cwd=None, **extra):
        return self.python(SCRIPT, [name], self.env(**extra), cwd=cwd)

    def outputs(self):
        return outputs(self.read("runner/output"))

    def publish(self, triple=LINUX, extension=".tar.xz", checksum=None, version=None):
        """Puts a release archive in the fake release; its `cvpdf` is a stand-in that
        runs the binary under test (a debug build is too large to compress in a test)."""
        binary = STAND_IN.encode()
        folder = f"cvpdf-{triple}"
        data = io.BytesIO()
        if extension == ".zip":
            with zipfile.ZipFile(data, "w") as z:
                z.writestr("cvpdf.exe", binary)
                z.writestr("README.md", "readme")
        else:
            with tarfile.open(fileobj=data, mode="w:xz") as t:
                for name, content, mode in ((f"{folder}/README.md", b"readme", 0o644), (f"{folder}/cvpdf", binary, 0o755)):
                    info = tarfile.TarInfo(name)
                    info.size, info.mode = len(content), mode
                    t.addfile(info, io.BytesIO(content))
        archive = data.getvalue()
        name = f"cvpdf-{triple}{extension}"
        release = self.path("release", f"v{version or self.version}")
        os.makedirs(release, exist_ok=True)
        with open(os.path.join(release, name), "wb") as f:
            f.write(archive)
        digest = checksum or hashlib.sha256(archive).hexdigest()
        with open(os.path.join(release, name + ".sha256"), "w") as f:
            f.write(f"{digest} *{name}\n")

    def plan(self, **extra):
        out = self.step("plan", INPUT_VERSION=extra.pop("INPUT_VERSION", self.version), **extra)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        return self.outputs()

    def install(self, plan, **extra):
        return self.step("install", CVPDF_VERSION=plan["version"], CVPDF_DIR=plan["dir"], **extra)

    def fake_cargo(self, fail_when=None):
        """A `cargo` that logs its arguments and "installs" the binary under test into
        `--root`/bin, failing when an argument equals `fail_when`."""
        bin_dir = self.path("fakebin")
        os.makedirs(bin_dir, exist_ok=True)
        cargo = os.path.join(bin_dir, "cargo")
        with open(cargo, "w") as f:
            f.write(
                "#!/bin/sh\n"
                f'printf "%s\\n" "$*" >> "{self.path("cargo.log")}"\n'
                + (f'for a in "$@"; do [ "$a" = "{fail_when}" ] && exit 101; done\n' if fail_when else "")
                + 'while [ $# -gt 0 ]; do [ "$1" = --root ] && root=$2; shift; done\n'
                f'mkdir -p "$root/bin" && cat > "$root/bin/cvpdf" <<\'EOF\'\n{STAND_IN}EOF\n'
                'chmod +x "$root/bin/cvpdf"\n'
            )
        os.chmod(cargo, os.stat(cargo).st_mode | stat.S_IXUSR)
        return bin_dir + os.pathsep + "/usr/bin:/bin"


class Install(Runner):
    def test_plan_names_version_folder_and_cache_key(self):
        plan = self.plan()
        self.assertEqual(plan["version"], self.version)
        self.assertEqual(plan["key"], f"cvpdf-{self.version}-{LINUX}")
        self.assertEqual(plan["dir"], self.path("tools", "cvpdf", self.version, LINUX))

    def test_version_defaults_to_the_actions_own_and_is_checked(self):
        with open(os.path.join(ROOT, "Cargo.toml"), encoding="utf-8") as f:
            own = re.search(r'^version = "(.+)"', f.read(), re.M).group(1)
        self.assertEqual(self.plan(INPUT_VERSION="")["version"], own)
        self.write("runner/output", "")
        self.assertEqual(self.plan(INPUT_VERSION="v2.3.4")["version"], "2.3.4")
        out = self.step("plan", INPUT_VERSION="latest; rm -rf /")
        self.assertEqual(out.returncode, 2)
        self.assertIn("::error::", out.stdout)
        self.assertIn("is not a cvpdf version", out.stdout)

    def test_downloads_checks_the_sha256_and_uses_the_cache_next_time(self):
        self.publish()
        plan = self.plan()
        out = self.install(plan)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        self.assertIn(f"downloaded file://{self.path('release')}/v{self.version}/cvpdf-{LINUX}.tar.xz", out.stdout)
        binary = os.path.join(plan["dir"], "bin", "cvpdf")
        self.assertEqual(self.outputs()["path"], binary)
        self.assertEqual(self.read("runner/path").splitlines(), [os.path.dirname(binary)])
        ran = subprocess.run([binary, "--version"], capture_output=True, text=True)
        self.assertEqual(ran.stdout.split()[1], self.version)
        # What actions/cache restored is used; the release is not asked again.
        os.rename(self.path("release"), self.path("gone"))
        out = self.install(plan)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        self.assertIn("from the cache", out.stdout)

    def test_a_checksum_mismatch_refuses_the_binary(self):
        self.publish(checksum="0" * 64)
        plan = self.plan()
        out = self.install(plan, PATH=self.fake_cargo())
        self.assertEqual(out.returncode, 1, out.stdout + out.stderr)
        self.assertRegex(out.stdout, r"::error::refusing file://.*cvpdf-x86_64-unknown-linux-musl\.tar\.xz: its SHA-256 is [0-9a-f]{64} but .* says 0{64}")
        self.assertFalse(os.path.exists(os.path.join(plan["dir"], "bin", "cvpdf")), "no binary installed")
        self.assertFalse(os.path.exists(self.path("cargo.log")), "no fallback to cargo either")
        self.assertNotIn("path", self.outputs())

    def test_a_missing_checksum_file_refuses_the_binary(self):
        self.publish()
        os.remove(self.path("release", f"v{self.version}", f"cvpdf-{LINUX}.tar.xz.sha256"))
        out = self.install(self.plan())
        self.assertEqual(out.returncode, 1)
        self.assertIn("its checksum file", out.stdout)

    def test_windows_takes_the_zip(self):
        self.publish(triple="x86_64-pc-windows-msvc", extension=".zip")
        plan = self.plan(RUNNER_OS="Windows")
        out = self.install(plan, RUNNER_OS="Windows")
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        self.assertTrue(os.path.isfile(os.path.join(plan["dir"], "bin", "cvpdf.exe")))

    def test_no_release_falls_back_to_cargo_install(self):
        plan = self.plan()
        out = self.install(plan, PATH=self.fake_cargo())
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        self.assertIn("no release archive at file://", out.stdout)
        with open(self.path("cargo.log")) as f:
            self.assertEqual(f.read().splitlines(), [f"install cvpdf --locked --version ={self.version} --root {plan['dir']}"])
        self.assertEqual(self.outputs()["path"], os.path.join(plan["dir"], "bin", "cvpdf"))

    def test_then_from_the_repositorys_tag(self):
        plan = self.plan()
        out = self.install(plan, PATH=self.fake_cargo(fail_when="--version"), CVPDF_REPOSITORY="sample-owner/cvpdf-fork")
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        with open(self.path("cargo.log")) as f:
            tried = f.read().splitlines()
        self.assertEqual(tried[1], f"install cvpdf --locked --git https://github.com/sample-owner/cvpdf-fork --tag v{self.version} --root {plan['dir']}")

    def test_an_unsupported_runner_builds_and_no_cargo_is_an_error(self):
        plan = self.plan(RUNNER_OS="FreeBSD")
        self.assertEqual(plan["key"], f"cvpdf-{self.version}-FreeBSD-X64")
        out = self.install(plan, RUNNER_OS="FreeBSD", PATH=self.path("fakebin-empty"))
        self.assertEqual(out.returncode, 1)
        self.assertIn("no `cargo` to build one", out.stdout)

    def test_a_bad_repository_is_refused(self):
        out = self.install(self.plan(), CVPDF_REPOSITORY="https://example.com/x")
        self.assertEqual(out.returncode, 2)
        self.assertIn("is not a GitHub repository", out.stdout)


class Run(Runner):
    def run_step(self, **inputs):
        env = {"CVPDF": BIN, "INPUT_FILES": "**/resume*.md\n**/cv*.md", "INPUT_OUTPUT_DIR": "", "INPUT_ARGS": "", "INPUT_CHECK_ONLY": "false"}
        env.update({k: v for k, v in inputs.items()})
        return self.step("run", cwd=self.path("work"), **env)

    def test_renders_annotates_summarises_and_outputs_the_pdfs(self):
        self.write("work/my cv.md", WARNING)
        self.write("work/jobs/resume-2026.md", RESUME)
        self.write("work/README.md", "# Not a résumé\n")
        out = self.run_step(INPUT_FILES="**/resume*.md\n*cv.md", INPUT_OUTPUT_DIR="pdf out")
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        self.assertIn("::warning file=my cv.md,line=2,col=1::unknown front-matter key `titel`%0Ahint: did you mean `title`?", out.stdout)
        self.assertEqual(out.stdout.count("::warning"), 1, "each diagnostic once, not again from the render")
        pdfs = self.outputs()["pdfs"].split("\n")
        self.assertEqual(pdfs, [os.path.join("pdf out", "jobs", "resume-2026.pdf"), os.path.join("pdf out", "my cv.pdf")])
        for pdf in pdfs:
            with open(self.path("work", pdf), "rb") as f:
                self.assertEqual(f.read(5), b"%PDF-")
        self.assertFalse(os.path.exists(self.path("work", "pdf out", "README.pdf")))
        summary = self.read("runner/summary")
        self.assertIn("Rendered 2 of 2 file(s).", summary)
        self.assertRegex(summary, r"\| my cv\.md \| 1 \| [^|]*Roboto[^|]* \| 1 \| 0 \| pdf out/my cv\.pdf \|")
        self.assertRegex(summary, r"\| jobs/resume-2026\.md \| 1 \| [^|]*Roboto[^|]* \| 0 \| 0 \| pdf out/jobs/resume-2026\.pdf \|")
        self.assertIn("my cv.md:2:1: **warning**: unknown front-matter key \\`titel\\`", summary)

    def test_beside_the_sources_without_output_dir(self):
        self.write("work/cv.md", RESUME)
        out = self.run_step()
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        self.assertEqual(self.outputs()["pdfs"], "cv.pdf")
        self.assertTrue(os.path.isfile(self.path("work", "cv.pdf")))

    def test_an_error_fails_the_step_and_writes_no_pdf(self):
        self.write("work/resume.md", RESUME)
        self.write("work/cv.md", ERROR)
        out = self.run_step(INPUT_OUTPUT_DIR="pdf")
        self.assertEqual(out.returncode, 1, out.stdout + out.stderr)
        self.assertRegex(out.stdout, r"::error file=cv\.md,line=2,col=\d+::failed to parse front matter")
        self.assertEqual(self.outputs()["pdfs"], "")
        self.assertFalse(os.path.exists(self.path("work", "pdf")))
        summary = self.read("runner/summary")
        self.assertIn("`cvpdf check` failed (exit status 1): no PDF written.", summary)
        self.assertRegex(summary, r"\| cv\.md \| – \| – \| 0 \| 1 \| – \|")

    def test_check_only_writes_no_pdf(self):
        self.write("work/cv.md", WARNING)
        out = self.run_step(INPUT_CHECK_ONLY="true")
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        self.assertIn("::warning file=cv.md,line=2", out.stdout)
        self.assertEqual(self.outputs()["pdfs"], "")
        self.assertFalse(os.path.exists(self.path("work", "cv.pdf")))
        self.assertIn("`check-only` is set, so no PDF written", self.read("runner/summary"))

    def test_args_go_to_check_and_render_alike(self):
        self.write("work/cv.md", WARNING)
        out = self.run_step(INPUT_ARGS="--deny-warnings")
        self.assertEqual(out.returncode, 3, out.stdout + out.stderr)
        self.assertFalse(os.path.exists(self.path("work", "cv.pdf")))
        self.write("work/cv.md", RESUME)
        out = self.run_step(INPUT_ARGS="--deny-warnings --title 'Sam Invented, CV' --format A5")
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        info = subprocess.run(["pdfinfo", self.path("work", "cv.pdf")], capture_output=True, text=True).stdout
        self.assertRegex(info, r"Title:\s+Sam Invented, CV")
        self.assertRegex(info, r"Page size:\s+419\.5\d* x 595\.2\d* pts")
        out = self.run_step(INPUT_ARGS="--format B7")
        self.assertEqual(out.returncode, 2, "a usage error in check: " + out.stdout)

    def test_flags_the_action_sets_are_refused(self):
        self.write("work/cv.md", RESUME)
        for args in ("-o elsewhere", "--message-format=human", "--watch"):
            out = self.run_step(INPUT_ARGS=args)
            self.assertEqual(out.returncode, 2, args)
            self.assertIn("::error::`args` must not contain", out.stdout)

    def test_no_matching_file_is_an_error(self):
        out = self.run_step(INPUT_FILES="resume/*.md")
        self.assertEqual(out.returncode, 2)
        self.assertIn("::error::no file matches `files` (resume/*.md)", out.stdout)


if __name__ == "__main__":
    unittest.main()
