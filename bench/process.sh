#!/usr/bin/env bash
# Times the whole `cvpdf` process on examples/resume.md (start-up, font parsing,
# rendering, writing the PDF) and reports its peak memory.
#
# Uses hyperfine if installed (`apt-get install -y hyperfine`), else a loop of 50 runs
# timed with `date +%s%N`; peak RSS comes from GNU time (`apt-get install -y time`).
# Usage: bench/process.sh [INPUT.md]   (default: examples/resume.md)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

input="${1:-examples/resume.md}"
runs=50
cargo build --release --quiet
target_dir="${CARGO_TARGET_DIR:-target}"
bin="$target_dir/release/cvpdf"
out="$(mktemp --suffix=.pdf)"
trap 'rm -f "$out"' EXIT

echo "cvpdf whole-process timing: $input, release build ($bin)"
"$bin" "$input" -o "$out" # fail early, and warm the page cache

if command -v hyperfine >/dev/null; then
    json="$(mktemp)"
    trap 'rm -f "$out" "$json"' EXIT
    hyperfine --warmup 5 --runs "$runs" --shell=none --style basic \
        --export-json "$json" "$bin $input -o $out"
    # The mean and min from the JSON export, in ms.
    python3 - "$json" <<'PY' 2>/dev/null ||
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(f"mean: {r['mean'] * 1e3:.2f} ms  (min {r['min'] * 1e3:.2f} ms, {len(r['times'])} runs)")
PY
        echo "(see the hyperfine summary above for the mean)"
else
    for _ in 1 2 3 4 5; do "$bin" "$input" -o "$out"; done
    start=$(date +%s%N)
    for _ in $(seq "$runs"); do "$bin" "$input" -o "$out"; done
    end=$(date +%s%N)
    awk -v ns="$((end - start))" -v n="$runs" \
        'BEGIN { printf "mean: %.2f ms  (%d runs, date +%%s%%N loop)\n", ns / n / 1e6, n }'
fi

if [ -x /usr/bin/time ]; then
    rss=$(/usr/bin/time -v "$bin" "$input" -o "$out" 2>&1 >/dev/null \
        | awk -F': ' '/Maximum resident set size/ { print $2 }')
    echo "peak RSS: ${rss} KB"
else
    echo "peak RSS: /usr/bin/time not installed (apt-get install -y time)"
fi
