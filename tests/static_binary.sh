#!/usr/bin/env bash
# The Linux release binary needs nothing from the machine it runs on: no glibc of
# any version, no shared library, no font. This script shows it:
#
#   tests/static_binary.sh [BINARY]
#
# Without BINARY it builds one the way the release workflow does, for
# x86_64-unknown-linux-musl (with `rustup target add` and musl-gcc, which
# scripts/test.sh installs), with the cheap `static-check` profile. The release
# workflow passes each release binary instead. Then it checks that:
#
#   1. the binary is static: `ldd` says so, and it has no interpreter and no
#      NEEDED library (readelf);
#   2. in an empty root holding only the binary (chroot DIR /cvpdf; as non-root,
#      `unshare --map-root-user` does the chroot), `cvpdf --version` names
#      Cargo.toml's version, and Markdown read from standard input becomes a PDF
#      on standard output whose text (Latin, Greek, Hebrew: the bundled fonts)
#      reads back with pdftotext;
#   3. laid out as the Dockerfile's image (/usr/local/bin/cvpdf, user 65532,
#      working folder /work), `cvpdf resume.md` writes /work/resume.pdf;
#   4. scripts/release-archive.sh packs it as cvpdf-TARGET.tar.xz with a
#      .sha256 that `sha256sum -c` accepts, unpacking to the same binary.
#
# Each check prints "ok: ..." or "FAILED: ..."; the last line counts them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

target=x86_64-unknown-linux-musl
if [ "$#" -ge 1 ]; then
    binary=$1
    # The release workflow's path names the target: target/TARGET/release/cvpdf.
    case "$binary" in
    */aarch64-unknown-linux-musl/*) target=aarch64-unknown-linux-musl ;;
    esac
else
    if ! rustup target list --installed | grep -qx "$target" && ! rustup target add "$target"; then
        # No fallback to glibc with crt-static: such a binary links statically too,
        # but its getrandom (ahash, which the YAML parser uses) then reads
        # /dev/urandom, so it fails in an empty root where the musl one does not.
        echo "tests/static_binary.sh: rustup could not add $target, which this check builds (as the release does)" >&2
        exit 1
    fi
    # ring's C code: cc would look for a cross compiler named x86_64-linux-musl-gcc.
    CC_x86_64_unknown_linux_musl=musl-gcc \
        cargo build --locked --profile static-check --target "$target" --bin cvpdf
    binary="target/$target/static-check/cvpdf"
fi
if [ ! -x "$binary" ]; then
    echo "tests/static_binary.sh: $binary is not an executable file" >&2
    exit 1
fi
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)

# shellcheck source=tests/checks.sh
. tests/checks.sh

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# Runs a command with DIR as its root: chroot as root, a user namespace otherwise.
in_root() {
    local dir=$1
    shift
    if [ "$(id -u)" -eq 0 ]; then
        chroot "$dir" "$@"
    else
        unshare --map-root-user --root="$dir" "$@"
    fi
}

# A fictional person; Greek and Hebrew come from the bundled DejaVu Sans and
# Noto Sans Hebrew, since the empty root has no system font.
cat >"$scratch/resume.md" <<'EOF'
---
title: Ada Q. Placeholder
---
# Ada Q. Placeholder

Typesetter in Αθήνα and שלום, since 2019.
EOF

# 1. Static.
ldd_out=$(ldd "$binary" 2>&1 || true)
if grep -Eq 'not a dynamic executable|statically linked' <<<"$ldd_out"; then
    ok "ldd: $ldd_out"
else
    fail "ldd lists libraries: $ldd_out"
fi
if readelf -lW "$binary" | grep -q 'INTERP'; then
    fail "readelf: the binary asks for a dynamic loader (program header INTERP)"
elif readelf -dW "$binary" | grep -q '(NEEDED)'; then
    fail "readelf: the binary needs shared libraries: $(readelf -dW "$binary" | grep '(NEEDED)')"
else
    ok "readelf: no interpreter, no NEEDED library"
fi

# 2. Alone in an empty root.
root="$scratch/root"
mkdir "$root"
cp "$binary" "$root/cvpdf"
if out=$(in_root "$root" /cvpdf --version 2>&1) && [ "$out" = "cvpdf $version" ]; then
    ok "empty root: /cvpdf --version prints '$out'"
else
    fail "empty root: /cvpdf --version printed '$out', expected 'cvpdf $version'"
fi
if in_root "$root" /cvpdf - -o - <"$scratch/resume.md" >"$scratch/stdout.pdf" 2>"$scratch/stderr.txt" \
    && [ "$(head -c 5 "$scratch/stdout.pdf")" = "%PDF-" ]; then
    text=$(pdftotext "$scratch/stdout.pdf" - | tr -s ' \n' ' ')
    if grep -q 'Ada Q. Placeholder' <<<"$text" && grep -q 'Αθήνα' <<<"$text" && grep -q 'שלום' <<<"$text"; then
        ok "empty root: Markdown on stdin became a PDF on stdout, its text reads back"
    else
        fail "empty root: the PDF's text lacks the name, Greek or Hebrew: $text"
    fi
else
    fail "empty root: rendering stdin to stdout failed: $(cat "$scratch/stderr.txt")"
fi

# 3. As the container image runs it.
image="$scratch/image"
mkdir -p "$image/usr/local/bin" "$image/work"
cp "$binary" "$image/usr/local/bin/cvpdf"
cp "$scratch/resume.md" "$image/work/resume.md"
if [ "$(id -u)" -eq 0 ]; then
    chown -R 65532:65532 "$image/work"
    as_image=(unshare --root="$image" --wd=/work --setgid 65532 --setuid 65532)
else
    as_image=(unshare --map-user=65532 --map-group=65532 --root="$image" --wd=/work)
fi
if "${as_image[@]}" /usr/local/bin/cvpdf resume.md 2>"$scratch/stderr.txt" \
    && [ "$(head -c 5 "$image/work/resume.pdf" 2>/dev/null)" = "%PDF-" ]; then
    ok "image layout: user 65532 in /work wrote resume.pdf beside resume.md"
else
    fail "image layout: cvpdf resume.md wrote no PDF: $(cat "$scratch/stderr.txt")"
fi

# 4. The release archive.
# Fastest xz: the names and layout are checked here, not the compression.
if archive=$(XZ_OPT=-0 scripts/release-archive.sh "$target" "$binary" "$scratch/dist") \
    && [ "$(basename "$archive")" = "cvpdf-$target.tar.xz" ] \
    && (cd "$scratch/dist" && sha256sum -c --quiet "cvpdf-$target.tar.xz.sha256") \
    && tar -xJf "$archive" -C "$scratch" \
    && cmp -s "$binary" "$scratch/cvpdf-$target/cvpdf"; then
    ok "archive: cvpdf-$target.tar.xz, its .sha256 checks, cvpdf-$target/cvpdf is the binary"
else
    fail "archive: scripts/release-archive.sh did not make cvpdf-$target.tar.xz as expected"
fi

summary "static binary ($binary)"
