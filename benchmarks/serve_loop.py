#!/usr/bin/env python3
"""Edit-and-look latency of ``mkdocs serve`` on a dossier folder (run by hand).

    .venv/bin/python benchmarks/serve_loop.py DIR [--dirty] [--edits 3]

Starts ``mkdocs serve`` in DIR (a dossier folder, e.g. from ``make_corpus.py``), waits for
the first build, then edits one source at a time (appends a paragraph with a fresh marker
word) and polls that source's page until the server sends the marker: the seconds from the
write to the page showing it, and the server's CPU seconds until then. It also reports how
many builds each edit caused (from the server's log) and the server's CPU use while idle.
Prints a median at the end.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("--dirty", action="store_true", help="mkdocs serve --dirty (what make serve runs)")
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--idle", type=float, default=10, help="seconds to measure the idle server's CPU use")
    parser.add_argument("--mkdocs", default=str(Path(sys.executable).parent / "mkdocs"))
    args = parser.parse_args()
    root = args.dir.resolve()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [args.mkdocs, "serve", "-a", f"127.0.0.1:{port}"] + (["--dirty"] if args.dirty else [])
    server = subprocess.Popen(command, cwd=root, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    log: list[str] = []

    def read_log() -> None:
        for line in server.stdout:  # type: ignore[union-attr]
            log.append(line.rstrip())

    threading.Thread(target=read_log, daemon=True).start()

    def cpu() -> float:
        """CPU seconds of the server so far (user + system)."""
        with open(f"/proc/{server.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def fetch(path: str) -> str | None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=600) as response:
                return response.read().decode("utf-8", "replace")
        except OSError:
            return None

    def count(text: str) -> int:
        return sum(1 for line in log if text in line)

    try:
        start = time.monotonic()
        while count("Serving on") == 0:
            if server.poll() is not None:
                print("\n".join(log[-30:]))
                return 1
            time.sleep(0.5)
        print(f"first build and start: {time.monotonic() - start:.1f} s, cpu {cpu():.1f} s")
        time.sleep(2)
        before = cpu()
        time.sleep(args.idle)
        print(f"idle: {(cpu() - before) / args.idle * 100:.0f} % of a core")
        sources = sorted(path for path in (root / "sources").iterdir() if path.suffix == ".txt")
        latencies, cpus = [], []
        for edit in range(args.edits):
            source = sources[(edit * 97) % len(sources)]
            page = "dossier/sources/" + source.stem.replace("_", "-") + "/"
            marker = f"Messmarke{int(time.time() * 1000)}"
            builds, reloads = count("Building documentation"), count("Reloading browsers")
            before = cpu()
            with open(source, "a", encoding="utf-8") as handle:
                handle.write(f"\n\nDiese Zeile {marker} wurde für die Messung angefügt.\n")
            written = time.monotonic()
            while not ((html := fetch(page)) and marker in html):
                time.sleep(0.1)
            latencies.append(time.monotonic() - written)
            cpus.append(cpu() - before)
            while True:  # let a follow-up build finish before the next edit
                time.sleep(3)
                if count("Building documentation") - builds == count("Reloading browsers") - reloads:
                    time.sleep(2)
                    if count("Building documentation") - builds == count("Reloading browsers") - reloads:
                        break
            print(f"edit {edit + 1}: {source.name}: shown after {latencies[-1]:.1f} s (server cpu {cpus[-1]:.1f} s); builds: {count('Building documentation') - builds}")
        print(f"median: shown after {statistics.median(latencies):.1f} s, server cpu {statistics.median(cpus):.1f} s")
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
