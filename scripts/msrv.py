#!/usr/bin/env python3
"""The minimum Rust version the locked dependencies ask for.

Reads the resolved graph from `cargo metadata --locked` (the versions in
Cargo.lock), walks it from cvpdf through normal and build dependencies (and,
with --dev, cvpdf's own dev-dependencies, which `cargo test` and `cargo bench`
also compile), and prints each package's declared `rust-version` (the field
of its own Cargo.toml in ~/.cargo/registry/src), highest first. The highest
is the floor for `rust-version` in Cargo.toml; the features cvpdf's own code
uses can raise it further, which this script does not see.

    scripts/msrv.py [--dev] [--top N]

Only the packages built for this host are counted (Cargo.lock also lists
Windows and macOS crates, which are not downloaded here). A package without a
`rust-version` is counted by its edition (2021: 1.56, 2024: 1.85), a floor
that is known to hold.
"""

import argparse
import json
import subprocess
import tomllib

# The first release that accepts each edition.
EDITION_MINIMUM = {"2015": "1.0", "2018": "1.31", "2021": "1.56", "2024": "1.85"}


def version_key(v):
    return tuple(int(p) for p in v.split("."))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dev", action="store_true", help="include cvpdf's dev-dependencies")
    ap.add_argument("--top", type=int, default=15, help="how many packages to list")
    args = ap.parse_args()

    host = next(
        line.split(": ", 1)[1]
        for line in subprocess.run(["rustc", "-vV"], capture_output=True, text=True, check=True).stdout.splitlines()
        if line.startswith("host: ")
    )
    cmd = ["cargo", "metadata", "--locked", "--offline", "--format-version", "1", "--filter-platform", host]
    meta = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)

    packages = {p["id"]: p for p in meta["packages"]}
    nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
    root = meta["resolve"]["root"]

    def edges(node_id, with_dev):
        for dep in nodes[node_id]["deps"]:
            kinds = {k["kind"] for k in dep["dep_kinds"]}  # None (normal), "build", "dev"
            if kinds & {None, "build"} or (with_dev and "dev" in kinds):
                yield dep["pkg"]

    seen = {root}
    stack = list(edges(root, args.dev))
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        stack.extend(edges(pid, False))  # a dependency's own dev-dependencies are never built
    seen.discard(root)

    rows = []
    undeclared = 0
    for pid in seen:
        p = packages[pid]
        # Read the package's own manifest (~/.cargo/registry/src/*/NAME-VERSION/Cargo.toml).
        with open(p["manifest_path"], "rb") as f:
            package = tomllib.load(f)["package"]
        rv = package.get("rust-version")
        if isinstance(rv, str):
            source = "rust-version"
        else:
            undeclared += 1
            rv = EDITION_MINIMUM[str(package.get("edition", "2015"))]
            source = f"edition {package.get('edition', '2015')}"
        rows.append((version_key(rv), rv, p["name"], p["version"], source))
    rows.sort(reverse=True)

    print(f"{len(seen)} packages built on {host}; {len(rows) - undeclared} declare rust-version, {undeclared} only an edition")
    for _, rv, name, version, source in rows[: args.top]:
        print(f"  {rv:8} {name} {version} ({source})")
    if rows:
        print(f"minimum Rust version from dependencies: {rows[0][1]}")


if __name__ == "__main__":
    main()
