# Sourced by the shell checks (tests/package.sh, release_names.sh,
# static_binary.sh): each check says `ok` or `fail` with what it saw, and
# `summary NAME` prints the counts and fails when a check did.
passed=0
failed=0
ok() { echo "ok: $*"; passed=$((passed + 1)); }
fail() { echo "FAILED: $*"; failed=$((failed + 1)); }
summary() {
    echo "$1: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}
