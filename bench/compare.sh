#!/usr/bin/env bash
# Renders the same résumé with cvpdf and with the tools people use today, and prints
# the wall times and ratios:
#   md-to-pdf (headless Chromium), pandoc + WeasyPrint, pandoc → Typst.
#
# Usage: bench/compare.sh [--install] [INPUT.md]   (default: examples/resume.md)
#   --install  installs what is missing first: Debian chromium, pandoc, hyperfine
#              (apt-get), md-to-pdf (npm, with PUPPETEER_SKIP_DOWNLOAD=1 so it uses
#              Debian's chromium), WeasyPrint and Typst (pip).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

install=0
if [ "${1:-}" = --install ]; then install=1; shift; fi
input="$(realpath "${1:-examples/resume.md}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [ "$install" = 1 ]; then
    sudo=(); [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium pandoc hyperfine >/dev/null
    command -v md-to-pdf >/dev/null || PUPPETEER_SKIP_DOWNLOAD=1 npm install -g --silent md-to-pdf >/dev/null
    python3 -c 'import weasyprint' 2>/dev/null || python3 -m pip install -q weasyprint
    python3 -c 'import typst' 2>/dev/null || python3 -m pip install -q typst
    # Debian's pandoc is too old to write Typst; pypandoc_binary bundles pandoc 3.
    python3 -c 'import pypandoc' 2>/dev/null || python3 -m pip install -q pypandoc_binary
fi

cargo build --release --quiet
cvpdf="$(realpath "${CARGO_TARGET_DIR:-target}/release/cvpdf")"
cp "$input" "$work/resume.md"
cd "$work"
# Markdown → Typst needs pandoc 3 (pypandoc_binary's, if Debian's is older).
pandoc3=$(python3 -c 'import pypandoc; print(pypandoc.get_pandoc_path())' 2>/dev/null || command -v pandoc || true)
[ -n "$pandoc3" ] && "$pandoc3" resume.md -s -t typst -o resume.typ 2>/dev/null || true

# name|command (run in $work)
tools=("cvpdf|$cvpdf resume.md -o cvpdf.pdf")
if command -v md-to-pdf >/dev/null; then
    chromium=$(command -v chromium || command -v chromium-browser || true)
    launch="{\"executablePath\":\"$chromium\",\"args\":[\"--no-sandbox\",\"--disable-gpu\",\"--disable-background-networking\",\"--disable-component-update\",\"--disable-sync\",\"--no-first-run\"]}"
    printf '%s' "$launch" > launch.json
    tools+=("md-to-pdf|md-to-pdf --launch-options $(printf '%q' "$launch") resume.md")
fi
if command -v pandoc >/dev/null && python3 -c 'import weasyprint' 2>/dev/null; then
    tools+=("pandoc+weasyprint|pandoc resume.md --pdf-engine=weasyprint -o weasy.pdf")
fi
if [ -s resume.typ ] && python3 -c 'import typst' 2>/dev/null; then
    tools+=("typst|python3 -c \"import typst; typst.compile('resume.typ', output='typst.pdf')\"")
fi

printf '%-20s %12s %10s %10s\n' tool "mean ms" "× cvpdf" "PDF bytes"
base=""
for entry in "${tools[@]}"; do
    name="${entry%%|*}"; cmd="${entry#*|}"
    runs=$([ "$name" = cvpdf ] && echo 30 || echo 5)
    if ! bash -c "$cmd" >/dev/null 2>&1; then printf '%-20s %12s\n' "$name" "failed"; continue; fi
    hyperfine --warmup 1 --runs "$runs" --export-json h.json "$cmd" >/dev/null 2>&1
    mean=$(python3 -c "import json;print(json.load(open('h.json'))['results'][0]['mean']*1e3)")
    [ -n "$base" ] || base="$mean"
    pdf=$(ls -t ./*.pdf 2>/dev/null | head -1)
    size=$([ -n "$pdf" ] && stat -c %s "$pdf" || echo -)
    printf '%-20s %12.1f %10.0f %10s\n' "$name" "$mean" "$(python3 -c "print($mean/$base)")" "$size"
done
echo "measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(uname -m)"
