"""Running a command while sampling the peak memory of its whole process tree.

Two sums are sampled over the process and all its descendants every SAMPLE_SECONDS:
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


def tree_memory_kib(pid: int) -> tuple[int, int, list[int]]:
    """Sum RSS and PSS (KiB) over pid and all its descendants; also each process's PSS, pid first."""
    rss = 0
    each = []
    stack = [pid]
    while stack:
        current = stack.pop()
        rss += _field_kib(Path(f"/proc/{current}/status"), "VmRSS:")
        each.append(_field_kib(Path(f"/proc/{current}/smaps_rollup"), "Pss:"))
        stack.extend(_children(current))
    return rss, sum(each), each


def tree_rss_kib(pid: int) -> int:
    """Sum VmRSS (KiB) over pid and all its descendants."""
    return tree_memory_kib(pid)[0]


# Reading smaps_rollup walks the page tables (about 20 ms for a 1 GB process): sampling more
# often would take a noticeable share of the CPU from the build being measured.
SAMPLE_SECONDS = 0.5


def run_measured(args: list[str], cwd: Path | None = None, env: dict | None = None) -> dict:
    """Run a command; return wall seconds, peak tree RSS and PSS (MiB), exit code and output.

    Also where the PSS peak was: seconds after the start, processes alive, the first one's PSS.
    """
    started = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak_rss = peak_pss = 0
    at_peak: dict = {}
    stop = threading.Event()

    def sample():
        nonlocal peak_rss, peak_pss
        while not stop.is_set():
            rss, pss, each = tree_memory_kib(proc.pid)
            peak_rss = max(peak_rss, rss)
            if pss > peak_pss:
                peak_pss = pss
                at_peak.update(seconds=time.perf_counter() - started, processes=len(each), first_mib=each[0] / 1024)
            stop.wait(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - started
    stop.set()
    sampler.join()
    return {
        "seconds": seconds, "peak_rss_mib": peak_rss / 1024, "peak_pss_mib": peak_pss / 1024, "at_peak": at_peak,
        "returncode": proc.returncode, "stdout": out, "stderr": err,
    }
