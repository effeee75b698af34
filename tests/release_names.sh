#!/usr/bin/env bash
# The release's file names are a contract between three files; this checks they agree:
#
#   .github/workflows/release.yml   the targets it builds (its matrix);
#   scripts/release-archive.sh      the archive it makes for each, and where the
#                                   binary sits inside;
#   Cargo.toml                      [package.metadata.binstall]: the URL and the
#                                   path in the archive `cargo binstall` expects.
#
# For each of the workflow's targets it packs a stand-in binary, expands binstall's
# templates as cargo-binstall does ({ repo } is Cargo.toml's `repository`), and
# compares the URL's file name and the binary's path with the real archive.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# shellcheck source=tests/checks.sh
. tests/checks.sh

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
printf 'stand-in binary\n' >"$scratch/cvpdf"

targets=$(sed -n 's/^ *- { target: \([a-z0-9_-]*\),.*/\1/p' .github/workflows/release.yml)
expected="aarch64-apple-darwin
aarch64-unknown-linux-musl
x86_64-apple-darwin
x86_64-pc-windows-msvc
x86_64-unknown-linux-musl"
if [ "$(sort <<<"$targets")" = "$expected" ]; then
    ok "the workflow builds the five targets: $(tr '\n' ' ' <<<"$targets")"
else
    fail "the workflow's targets are: $(tr '\n' ' ' <<<"$targets")"
fi

# binstall's templates, expanded for one target: prints the URL, then the path of
# the binary in the archive, then the archive format.
binstall() {
    python3 - "$1" <<'EOF'
import sys, tomllib
target = sys.argv[1]
package = tomllib.load(open("Cargo.toml", "rb"))["package"]
meta = dict(package["metadata"]["binstall"])
meta.update(meta.pop("overrides", {}).get(target, {}))
suffix = {"txz": ".tar.xz", "zip": ".zip", "tgz": ".tar.gz"}[meta["pkg-fmt"]]
values = {
    "repo": package["repository"], "version": package["version"], "name": package["name"],
    "target": target, "archive-suffix": suffix, "bin": "cvpdf",
    "binary-ext": ".exe" if "windows" in target else "",
}
def expand(template):
    for key, value in values.items():
        template = template.replace("{ %s }" % key, value)
    return template
print(expand(meta["pkg-url"]))
print(expand(meta["bin-dir"]))
print(meta["pkg-fmt"])
EOF
}

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
repository=$(sed -n 's/^repository = "\(.*\)"$/\1/p' Cargo.toml)
for target in $targets; do
    archive=$(scripts/release-archive.sh "$target" "$scratch/cvpdf" "$scratch/dist" 2>&1) || {
        fail "$target: scripts/release-archive.sh failed: $archive"
        continue
    }
    { read -r url; read -r bin_dir; read -r format; } < <(binstall "$target")
    name=$(basename "$archive")
    if [ "$url" != "$repository/releases/download/v$version/$name" ]; then
        fail "$target: binstall fetches $url, the workflow attaches $name"
        continue
    fi
    case "$format" in
    txz) contents=$(tar -tJf "$archive") ;;
    zip) contents=$(unzip -Z1 "$archive") ;;
    *) contents="" ;;
    esac
    if grep -qx "$bin_dir" <<<"$contents"; then
        ok "$target: binstall finds $name and $bin_dir in it"
    else
        fail "$target: binstall looks for $bin_dir, $name holds: $(tr '\n' ' ' <<<"$contents")"
    fi
done

summary "release names"
