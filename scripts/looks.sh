#!/usr/bin/env bash
# Regenerates the README thumbnails of examples/looks/*.md with cvpdf's own PNG
# pages: the first page of each at 40 ppi (331 x 468 pixels for A4).
# usage: scripts/looks.sh [CVPDF_BINARY]   (default: cargo run --release)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -gt 0 ]; then cvpdf=("$(realpath "$1")"); else cvpdf=(cargo run --release --locked --quiet --); fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for md in examples/looks/*.md; do
  name=$(basename "$md" .md)
  "${cvpdf[@]}" "$md" -o "$out/$name.png" --ppi 40 --no-system-fonts
  mv "$out/$name-1.png" "examples/looks/$name.png"
  echo "examples/looks/$name.png"
done
