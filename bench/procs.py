"""Running a command while sampling the peak memory of its whole process tree.

Two sums are sampled over the process and all its descendants:
- RSS (VmRSS): counts a page shared by a parent and its forked workers once per process, so
  it overstates what a tree of forked workers uses;
- PSS (Pss in smaps_rollup): shares each page among the processes that map it, so the sum is
  the memory the tree really holds. This is the figure the benchmark's target applies to.
"""

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


def _field_kib(path: Path, name: str) -> int:
    try:
        for line in path.read_text().splitlines():
            if line.startswith(name):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def tree_memory_kib(pid: int) -> tuple[int, int]:
    """Sum RSS and PSS (KiB) over pid and all its descendants."""
    rss = pss = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        rss += _field_kib(Path(f"/proc/{current}/status"), "VmRSS:")
        pss += _field_kib(Path(f"/proc/{current}/smaps_rollup"), "Pss:")
        stack.extend(_children(current))
    return rss, pss


def tree_rss_kib(pid: int) -> int:
    """Sum VmRSS (KiB) over pid and all its descendants."""
    return tree_memory_kib(pid)[0]


def run_measured(args: list[str], cwd: Path | None = None, env: dict | None = None) -> dict:
    """Run a command; return wall seconds, peak tree RSS and PSS (MiB), exit code and output."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak_rss = peak_pss = 0
    stop = threading.Event()

    def sample():
        nonlocal peak_rss, peak_pss
        while not stop.is_set():
            rss, pss = tree_memory_kib(proc.pid)
            peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
            stop.wait(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - started
    stop.set()
    sampler.join()
    return {
        "seconds": seconds, "peak_rss_mib": peak_rss / 1024, "peak_pss_mib": peak_pss / 1024,
        "returncode": proc.returncode, "stdout": out, "stderr": err,
    }
