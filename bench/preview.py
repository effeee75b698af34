#!/usr/bin/env python3
"""Save-to-updated-page latency of `cvpdf preview` (release build), on a one-page
résumé (examples/resume.md) and a ten-page one (bench/generate.py 10).

For each save: the time from the file written (and closed) to the server-sent
event arriving (what the server does: notice the change, render, make the SVGs,
send), and to the new SVGs of every page fetched (what the page then loads). The
client is this script on the same machine, so the figures are the server's side
plus a loopback round trip. Standard library only.

Usage: bench/preview.py [SAVES]   (default 30; CVPDF_BIN=path times another build)
"""
import http.client
import os
import queue
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAVES = int(sys.argv[1]) if len(sys.argv) > 1 else 30


def binary():
    if os.environ.get("CVPDF_BIN"):
        return os.environ["CVPDF_BIN"]
    subprocess.run(["cargo", "build", "--release", "--quiet", "--locked"], cwd=ROOT, check=True)
    return os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release", "cvpdf")


def start(bin_path, path):
    """Starts the preview; returns the process and its port."""
    proc = subprocess.Popen([bin_path, "preview", path, "--port", "0", "--no-config", "--no-system-fonts", "-q"],
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    for line in proc.stderr:
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if found:
            threading.Thread(target=lambda: [None for _ in proc.stderr], daemon=True).start()
            return proc, int(found.group(1))
    raise SystemExit("cvpdf preview printed no address")


def listen(port, events):
    """Puts (arrival time, version, pages, render ms) for each event on the queue."""
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("GET", "/events", headers={"Accept": "text/event-stream"})
    resp = conn.getresponse()
    data = None
    while True:
        line = resp.fp.readline()
        if not line:
            return
        line = line.decode().rstrip("\r\n")
        if line.startswith("data: "):
            data = line[6:]
        elif line == "" and data:
            now = time.perf_counter()
            version = int(re.search(r'"version":(\d+)', data).group(1))
            pages = len(re.findall(r"\[[\d.]+,[\d.]+\]", data))
            ms = float(re.search(r'"ms":([\d.]+)', data).group(1))
            events.put((now, version, pages, ms))
            data = None


def fetch_pages(port, pages, version):
    conn = http.client.HTTPConnection("127.0.0.1", port)
    for n in range(1, pages + 1):
        conn.request("GET", f"/pages/{n}.svg?v={version}")
        body = conn.getresponse().read()
        assert body.startswith(b"<svg"), body[:100]
    conn.close()


def measure(bin_path, name, text):
    work = tempfile.mkdtemp()
    try:
        path = os.path.join(work, "cv.md")
        with open(path, "w") as f:
            f.write(text)
        proc, port = start(bin_path, path)
        events = queue.Queue()
        threading.Thread(target=listen, args=(port, events), daemon=True).start()
        _, version, pages, _ = events.get(timeout=30)
        time.sleep(0.3)
        to_event, to_svgs, render = [], [], []
        for i in range(SAVES):
            changed = text.replace("Engineer", f"Engineer {i}", 1) if i % 2 == 0 else text
            begin = time.perf_counter()
            with open(path, "w") as f:
                f.write(changed)
            arrived, version, pages, ms = events.get(timeout=10)
            fetch_pages(port, pages, version)
            done = time.perf_counter()
            to_event.append((arrived - begin) * 1000)
            to_svgs.append((done - begin) * 1000)
            render.append(ms)
            time.sleep(0.15)
            while not events.empty():  # a save seen as two changes
                events.get()
        proc.terminate()
        proc.wait()
        fmt = lambda xs: f"{statistics.median(xs):7.1f} {min(xs):7.1f} {max(xs):7.1f}"
        print(f"{name:<10} {pages:5}  {fmt(to_event)}  {fmt(to_svgs)}  {statistics.median(render):7.1f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    bin_path = binary()
    with open(os.path.join(ROOT, "examples", "resume.md")) as f:
        one = f.read()
    ten = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "generate.py"), "10"],
                         capture_output=True, text=True, check=True).stdout
    print(f"{SAVES} saves each; ms: median, min, max")
    print(f"{'input':<10} {'pages':>5}  {'write → event sent':>23}  {'write → all SVGs fetched':>23}  {'render':>7}")
    measure(bin_path, "resume", one)
    measure(bin_path, "p10", ten)


if __name__ == "__main__":
    main()
