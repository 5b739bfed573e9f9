"""Readers turn one source file into an Article; the registry maps file extensions to them."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable

from ..models import Article
from ..problems import SourceError
from .decode import decode_bytes

Reader = Callable[[str, str, str], Article]
"""(text, source_path, digest) -> Article; raises SourceError."""

READERS: dict[str, Reader] = {}


def register(*extensions: str):
    """Register a reader function for the given file extensions."""

    def decorator(func: Reader) -> Reader:
        for ext in extensions:
            READERS[ext] = func
        return func

    return decorator


def is_article(path: Path) -> bool:
    """Tell whether a file in briefs/ is an article (not a sidecar or hidden file)."""
    return path.is_file() and not path.name.startswith(".") and path.suffix.lower() in READERS


def read_bytes(data: bytes, source_path: str, max_bytes: int | None = None) -> Article:
    """Parse an article from its bytes with the reader registered for its extension."""
    suffix = Path(source_path).suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        raise SourceError(source_path, "BRF111", f"no reader for '{suffix}' files; use .txt, .md or .html")
    if max_bytes is not None and len(data) > max_bytes:
        raise SourceError(
            source_path, "BRF107",
            f"file is {len(data):,} bytes, over the limit of {max_bytes:,}; split it or raise "
            "max_file_bytes in [tool.briefs]",
        )
    digest = hashlib.sha256(data).hexdigest()
    text = decode_bytes(data, source_path)
    return reader(text, source_path, digest)


def read_article(path: Path, root: Path, max_bytes: int | None = None) -> Article:
    """Read and parse one article file; source_path is recorded relative to root."""
    source_path = path.resolve().relative_to(root.resolve()).as_posix()
    return read_bytes(path.read_bytes(), source_path, max_bytes)


# Import the readers so they register themselves.
from . import text as _text  # noqa: E402,F401
