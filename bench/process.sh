#!/usr/bin/env bash
# Times the release binary as a whole process (start-up, fonts, rendering, writing)
# and records its peak memory, on examples/resume.md and on generated documents of
# about 100 and 1,000 pages (bench/generate.py).
#
# Uses hyperfine (`apt-get install -y hyperfine`) and GNU time for the peak RSS
# (`apt-get install -y time`). Usage: bench/process.sh (CVPDF_BIN=path times that
# binary instead of building this checkout, for A/B comparisons)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

[ -n "${CVPDF_BIN:-}" ] || cargo build --release --quiet
bin="${CVPDF_BIN:-${CARGO_TARGET_DIR:-target}/release/cvpdf}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp examples/resume.md "$work/resume.md"
python3 bench/generate.py 100 > "$work/p100.md"
python3 bench/generate.py 1000 > "$work/p1000.md"

printf 'cvpdf %s, %s, binary %s bytes\n' "$("$bin" --version | awk '{print $2}')" "$(uname -m)" "$(stat -c %s "$bin")"
printf '%-14s %6s %10s %10s %12s\n' input pages "mean ms" "min ms" "peak RSS KB"
for name in resume p100 p1000; do
    in="$work/$name.md"; out="$work/$name.pdf"
    "$bin" "$in" -o "$out" 2>/dev/null
    pages=$(python3 - "$out" <<'PY'
import re, sys
data = open(sys.argv[1], "rb").read()
print(len(re.findall(rb"/Type\s*/Page[^s]", data)))
PY
)
    runs=$([ "$name" = p1000 ] && echo 5 || echo 30)
    if command -v hyperfine >/dev/null; then
        hyperfine --warmup 2 --runs "$runs" --shell=none --export-json "$work/h.json" "$bin $in -o $out" >/dev/null 2>&1
        read -r mean min < <(python3 -c "import json;r=json.load(open('$work/h.json'))['results'][0];print(f\"{r['mean']*1e3:.1f} {r['min']*1e3:.1f}\")")
    else
        start=$(date +%s%N); for _ in $(seq "$runs"); do "$bin" "$in" -o "$out" 2>/dev/null; done; end=$(date +%s%N)
        mean=$(awk -v ns="$((end - start))" -v n="$runs" 'BEGIN { printf "%.1f", ns / n / 1e6 }'); min="-"
    fi
    rss="-"
    if [ -x /usr/bin/time ]; then
        rss=$(/usr/bin/time -v "$bin" "$in" -o "$out" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ { print $2 }')
    fi
    printf '%-14s %6s %10s %10s %12s\n' "$name" "$pages" "$mean" "$min" "$rss"
done
