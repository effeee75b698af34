#!/usr/bin/env bash
# `cargo install cvpdf` works from what crates.io would get: runs
# `cargo publish --dry-run --locked` (packs the crate as Cargo.toml's `exclude`
# says and builds the binary from the packed copy, so a font or build.rs left
# out fails here), then checks what the dry run cannot:
#
#   1. the .crate is under crates.io's 10 MB limit;
#   2. it holds every font in fonts/ with its licence, and none of the excluded
#      folders (fuzz/, bench/, scripts/).
#
# --allow-dirty: a developer's uncommitted work is packed as it is (CI's clone is clean).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
# The dry run leaves the .crate in target/package/tmp-crate/ (cargo 1.84 and
# later; target/package/ before): an old one must not stand in for it.
rm -f "target/package/cvpdf-$version.crate" "target/package/tmp-crate/cvpdf-$version.crate"
cargo publish --dry-run --locked --allow-dirty
crate="target/package/tmp-crate/cvpdf-$version.crate"
[ -f "$crate" ] || crate="target/package/cvpdf-$version.crate"

# shellcheck source=tests/checks.sh
. tests/checks.sh

size=$(wc -c <"$crate")
if [ "$size" -lt 10000000 ]; then
    ok "$crate is $size bytes, under crates.io's 10 MB"
else
    fail "$crate is $size bytes, over crates.io's 10 MB: exclude more in Cargo.toml"
fi

listing=$(tar -tzf "$crate")
missing=()
for font in fonts/*; do
    grep -qx "cvpdf-$version/$font" <<<"$listing" || missing+=("$font")
done
if [ "${#missing[@]}" -eq 0 ]; then
    ok "every file of fonts/ is in the crate"
else
    fail "the crate lacks ${missing[*]}"
fi
if grep -Eq "^cvpdf-$version/(fuzz|bench|scripts)/" <<<"$listing"; then
    fail "the crate holds excluded files: $(grep -E "^cvpdf-$version/(fuzz|bench|scripts)/" <<<"$listing" | head -n 3)"
else
    ok "no fuzz/, bench/ or scripts/ in the crate"
fi

summary "package ($crate)"
