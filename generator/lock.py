"""One build at a time per project: an OS file lock around `briefs build` and `briefs generate`.

Two builds at once would interleave writes to docs/, the annotation cache and site/. The lock
is an advisory lock (flock on POSIX, msvcrt on Windows) on a file in the cache folder: the
operating system releases it when the process ends, however it ends, so a killed build never
leaves a stale lock behind.
"""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path
from typing import Callable, ContextManager, Iterator

from .config import Config

LOCK_NAME = "build.lock"


class BuildLocked(RuntimeError):
    """Another process holds the project's build lock."""

    code = "BRF403"

    def __init__(self, lock_path: Path, holder: str):
        self.lock_path = lock_path
        self.holder = holder
        super().__init__(
            f"another briefs build or generate is running in this project ({holder}); "
            f"wait for it to finish and run the command again (lock: {lock_path})"
        )


def lock_path(config: Config) -> Path:
    """Where the project's build lock lives."""
    return config.cache_dir / LOCK_NAME


@contextlib.contextmanager
def project_lock(config: Config) -> Iterator[Path]:
    """Hold the project's build lock for the block; raise BuildLocked if another process has it."""
    path = lock_path(config)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+b")
    try:
        if not _try_lock(handle):
            raise BuildLocked(path, _describe_holder(path))
        # Record who holds it, for the message the next process prints.
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}\n".encode())
        handle.flush()
        try:
            yield path
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            _unlock(handle)
    finally:
        handle.close()


def wait_for_lock(
    config: Config, stop: threading.Event, on_wait: Callable[[BuildLocked], None], poll: float = 0.5
) -> ContextManager[Path] | None:
    """Take the project's build lock, waiting while another process holds it.

    Returns the entered lock (leave it with __exit__), or None when stop was set first.
    on_wait is called once, the first time the lock is found held.
    """
    told = False
    while not stop.is_set():
        lock = project_lock(config)
        try:
            lock.__enter__()
            return lock
        except BuildLocked as error:
            if not told:
                on_wait(error)
                told = True
        stop.wait(poll)
    return None


def _describe_holder(path: Path) -> str:
    try:
        holder = path.read_text("utf-8", errors="replace").strip()
    except OSError:
        holder = ""
    return holder or "pid unknown"


if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(handle) -> bool:
        handle.seek(0)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(handle) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
