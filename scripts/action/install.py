"""Getting the cvpdf binary: `plan` names the version, the folder and the cache key
(so that actions/cache can restore the folder before `install` runs); `install`
uses the binary in that folder when it is there, else downloads the release
archive for the runner and checks its SHA-256, else builds with `cargo install`.

The repository is one variable, CVPDF_REPOSITORY (default `cvpdf/cvpdf`).
CVPDF_DOWNLOAD_BASE replaces `https://github.com/REPOSITORY/releases/download`
(tests point it at a local folder with a `file://` URL).
"""

import hashlib
import io
import os
import re
import shutil
import subprocess
import tarfile
import urllib.error
import urllib.request
import zipfile

import gh

DEFAULT_REPOSITORY = "cvpdf/cvpdf"

# (RUNNER_OS, RUNNER_ARCH) → (target triple, archive extension), as the release
# workflow names its archives.
TARGETS = {
    ("Linux", "X64"): ("x86_64-unknown-linux-musl", ".tar.xz"),
    ("Linux", "ARM64"): ("aarch64-unknown-linux-musl", ".tar.xz"),
    ("macOS", "X64"): ("x86_64-apple-darwin", ".tar.xz"),
    ("macOS", "ARM64"): ("aarch64-apple-darwin", ".tar.xz"),
    ("Windows", "X64"): ("x86_64-pc-windows-msvc", ".zip"),
}

VERSION = re.compile(r"^[0-9]+\.[0-9]+\.[0-9]+(?:[-+][0-9A-Za-z.+-]+)?$")
REPOSITORY = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")


def repository():
    """CVPDF_REPOSITORY, else the default; an `owner/name`."""
    repo = os.environ.get("CVPDF_REPOSITORY", "").strip() or DEFAULT_REPOSITORY
    if not REPOSITORY.match(repo):
        gh.fail(f"`{repo}` is not a GitHub repository (owner/name); set `repository` to one", 2)
    return repo


def action_version():
    """The version in the Cargo.toml beside this script (the action's own ref)."""
    manifest = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Cargo.toml")
    try:
        with open(manifest, encoding="utf-8") as f:
            text = f.read()
    except OSError:
        return None
    package = text.split("[package]", 1)[-1]
    found = re.search(r'^version\s*=\s*"([^"]+)"', package, re.M)
    return found.group(1) if found else None


def version():
    """INPUT_VERSION without a leading `v`, else the action's own version."""
    wanted = os.environ.get("INPUT_VERSION", "").strip()
    wanted = wanted[1:] if wanted.startswith("v") else wanted
    wanted = wanted or action_version() or ""
    if not VERSION.match(wanted):
        gh.fail(f"`{wanted}` is not a cvpdf version (like 0.1.0); set `version` to one", 2)
    return wanted


def target():
    """(triple, extension) for this runner, or None when no release binary is built for it."""
    return TARGETS.get((os.environ.get("RUNNER_OS", ""), os.environ.get("RUNNER_ARCH", "")))


def plan():
    """Sets outputs `version`, `dir` (where the binary goes, under the runner's tool
    cache) and `key` (the cache key: version and platform)."""
    v = version()
    found = target()
    platform = found[0] if found else f"{os.environ.get('RUNNER_OS', 'unknown')}-{os.environ.get('RUNNER_ARCH', 'unknown')}"
    base = os.environ.get("RUNNER_TOOL_CACHE") or os.environ.get("RUNNER_TEMP") or os.path.expanduser("~/.cache")
    folder = os.path.join(base, "cvpdf", v, platform)
    gh.set_output("version", v)
    gh.set_output("dir", folder)
    gh.set_output("key", f"cvpdf-{v}-{platform}")


class Missing(Exception):
    """The URL names nothing (HTTP 404, or a missing file)."""


def fetch(url):
    """The bytes at `url`; raises Missing when there is nothing there, OSError on
    other failures."""
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.read()
    except urllib.error.HTTPError as err:
        if err.code == 404:
            raise Missing(url) from err
        raise
    except urllib.error.URLError as err:
        if isinstance(err.reason, FileNotFoundError):
            raise Missing(url) from err
        raise


def binary_name():
    return "cvpdf.exe" if os.environ.get("RUNNER_OS") == "Windows" else "cvpdf"


def unpack(archive, extension):
    """The bytes of the `cvpdf` executable inside a release archive, or None."""
    name = binary_name()
    if extension == ".zip":
        with zipfile.ZipFile(io.BytesIO(archive)) as z:
            for member in z.namelist():
                if member.rsplit("/", 1)[-1] == name:
                    return z.read(member)
        return None
    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:xz") as t:
        for member in t.getmembers():
            if member.isfile() and member.name.rsplit("/", 1)[-1] == name:
                return t.extractfile(member).read()
    return None


def download(repo, v, triple, extension, destination):
    """Downloads, verifies and writes the release binary to `destination`; False when
    the release has no archive for this platform. A checksum that is missing or does
    not match ends the step: the binary is not used."""
    base = os.environ.get("CVPDF_DOWNLOAD_BASE", "").rstrip("/") or f"https://github.com/{repo}/releases/download"
    url = f"{base}/v{v}/cvpdf-{triple}{extension}"
    try:
        archive = fetch(url)
    except Missing:
        print(f"cvpdf: no release archive at {url}")
        return False
    except OSError as err:
        print(f"cvpdf: could not download {url} ({err})")
        return False
    try:
        listed = fetch(url + ".sha256").decode("utf-8", "replace").split()
    except (Missing, OSError) as err:
        gh.fail(f"refusing {url}: its checksum file {url}.sha256 could not be read ({err})")
    actual = hashlib.sha256(archive).hexdigest()
    expected = listed[0].lower() if listed else ""
    if actual != expected:
        gh.fail(f"refusing {url}: its SHA-256 is {actual} but {url}.sha256 says {expected or 'nothing'}; the download is damaged or was replaced")
    try:
        executable = unpack(archive, extension)
    except (tarfile.TarError, zipfile.BadZipFile, EOFError, OSError) as err:
        gh.fail(f"refusing {url}: not a readable {extension} archive ({err})")
    if executable is None:
        gh.fail(f"refusing {url}: it holds no `{binary_name()}`")
    os.makedirs(os.path.dirname(destination), exist_ok=True)
    with open(destination, "wb") as f:
        f.write(executable)
    os.chmod(destination, 0o755)
    print(f"cvpdf: downloaded {url} (SHA-256 {actual})")
    return True


def cargo_install(repo, v, root):
    """Builds cvpdf `v` into `root/bin` with cargo: from crates.io, else from the
    repository's tag `v{v}`. Ends the step when neither works."""
    cargo = shutil.which("cargo")
    if not cargo:
        gh.fail(f"no cvpdf {v} release binary for this runner and no `cargo` to build one; add a Rust toolchain step (dtolnay/rust-toolchain) before this action")
    attempts = [
        ["install", "cvpdf", "--locked", "--version", f"={v}", "--root", root],
        ["install", "cvpdf", "--locked", "--git", f"https://github.com/{repo}", "--tag", f"v{v}", "--root", root],
    ]
    for args in attempts:
        print(f"cvpdf: cargo {' '.join(args)}", flush=True)
        if subprocess.run([cargo, *args]).returncode == 0:
            return
    gh.fail(f"`cargo install` could not build cvpdf {v} (see the log above)")


def reports_version(binary, v):
    try:
        out = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=60)
    except OSError:
        return None
    return out.returncode == 0 and out.stdout.split()[1:2] == [v]


def install():
    """Makes CVPDF_DIR/bin/cvpdf hold cvpdf CVPDF_VERSION; sets output `path` and puts
    the folder on PATH for later steps."""
    v = os.environ.get("CVPDF_VERSION", "")
    root = os.environ.get("CVPDF_DIR", "")
    if not VERSION.match(v) or not root:
        gh.fail("CVPDF_VERSION and CVPDF_DIR must be set (from the `plan` step)", 2)
    binary = os.path.join(root, "bin", binary_name())
    if os.path.exists(binary) and reports_version(binary, v):
        print(f"cvpdf: {v} from the cache ({binary})")
    else:
        repo = repository()
        found = target()
        if not (found and download(repo, v, found[0], found[1], binary)):
            cargo_install(repo, v, root)
    if not os.path.exists(binary):
        gh.fail(f"no cvpdf at {binary} after installing")
    if reports_version(binary, v) is False:
        gh.annotation("warning", f"{binary} does not report version {v}")
    gh.set_output("path", binary)
    gh.add_path(os.path.dirname(binary))
