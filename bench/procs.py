"""Running a command while sampling the peak resident memory of its whole process tree."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from pathlib import Path


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def tree_rss_kib(pid: int) -> int:
    """Sum VmRSS (KiB) over pid and all its descendants."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
        stack.extend(_children(current))
    return total


def run_measured(args: list[str], cwd: Path | None = None, env: dict | None = None) -> dict:
    """Run a command; return wall seconds, peak tree RSS (MiB), exit code and output."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    stop = threading.Event()

    def sample():
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, tree_rss_kib(proc.pid))
            stop.wait(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - started
    stop.set()
    sampler.join()
    return {"seconds": seconds, "peak_rss_mib": peak / 1024, "returncode": proc.returncode, "stdout": out, "stderr": err}
