#!/usr/bin/env bash
# Packs one built binary the way the release workflow attaches it to a GitHub
# release, with cargo-dist's names (so `cargo binstall cvpdf` and the Action find it):
#
#   scripts/release-archive.sh TARGET BINARY OUTDIR
#
# TARGET is the Rust target triple, BINARY the built `cvpdf` (or `cvpdf.exe`).
# Writes into OUTDIR:
#   cvpdf-TARGET.tar.xz          holding cvpdf-TARGET/cvpdf, the README, the
#                                licences and the changelog (Unix targets), or
#   cvpdf-TARGET.zip             holding cvpdf.exe and the same files, flat (Windows);
#   cvpdf-TARGET.tar.xz.sha256   (or .zip.sha256) `HASH *NAME`, for `sha256sum -c`.
# Prints the archive's path. Runs on Linux, macOS and Git Bash on Windows.
set -euo pipefail

if [ "$#" -ne 3 ]; then
    echo "usage: scripts/release-archive.sh TARGET BINARY OUTDIR" >&2
    exit 2
fi
target=$1
binary=$2
outdir=$3
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

if [ ! -f "$binary" ]; then
    echo "scripts/release-archive.sh: $binary: no such file; build it first (cargo build --release --target $target)" >&2
    exit 1
fi
mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)
name="cvpdf-$target"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

# What goes beside the binary: what a person who unpacks it needs to read.
docs=(README.md CHANGELOG.md LICENSE-MIT LICENSE-APACHE)

case "$target" in
*windows*)
    archive="$name.zip"
    cp "$binary" "$stage/cvpdf.exe"
    for doc in "${docs[@]}"; do cp "$root/$doc" "$stage/"; done
    rm -f "$outdir/$archive"
    # Flat, as cargo-dist's zips: cvpdf.exe at the top.
    if command -v 7z >/dev/null; then
        dest="$outdir/$archive"
        # 7-Zip is a Windows program: give it a Windows path under Git Bash.
        if command -v cygpath >/dev/null; then dest=$(cygpath -w "$dest"); fi
        (cd "$stage" && 7z a -tzip -bso0 -bsp0 "$dest" cvpdf.exe "${docs[@]}")
    else
        (cd "$stage" && zip -q -X "$outdir/$archive" cvpdf.exe "${docs[@]}")
    fi
    ;;
*)
    archive="$name.tar.xz"
    mkdir "$stage/$name"
    cp "$binary" "$stage/$name/cvpdf"
    chmod 755 "$stage/$name/cvpdf"
    for doc in "${docs[@]}"; do cp "$root/$doc" "$stage/$name/"; done
    # One folder, cvpdf-TARGET/, as cargo-dist's tarballs (unpack with --strip-components=1).
    (cd "$stage" && tar -cJf "$outdir/$archive" "$name")
    ;;
esac

# `HASH *NAME`: the binary-mode line of `sha256sum -b` and `shasum -a 256 -b`,
# which both check with -c (cargo-dist writes the same).
if command -v sha256sum >/dev/null; then
    (cd "$outdir" && sha256sum -b "$archive" >"$archive.sha256")
else
    (cd "$outdir" && shasum -a 256 -b "$archive" >"$archive.sha256")
fi
echo "$outdir/$archive"
