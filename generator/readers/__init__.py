"""Readers turn one source file into an Article; the registry maps file extensions to them.

A reader is a function of a `Source` (decoded text, path, digest) that returns an Article or
raises SourceError. Problems that do not stop the article (an unparsable date, an unknown
front-matter key) are reported with `source.warn(...)` and come back next to the Article from
`read_file` / `parse_bytes`, so the Article itself stays plain data.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, NamedTuple, NoReturn

from ..models import Article, Problem
from ..problems import SourceError, problem
from .decode import decode_bytes


@dataclass
class Source:
    """What a reader gets: the decoded text, where it came from, and a place for warnings."""

    text: str
    path: str
    digest: str
    problems: list[Problem] = field(default_factory=list)

    def warn(self, code: str, message: str, line: int | None = None) -> None:
        """Report a problem that does not stop the article (it still becomes a brief)."""
        self.problems.append(problem(self.path, code, message, line, severity="warning"))

    def fail(self, code: str, message: str, line: int | None = None) -> NoReturn:
        """Stop reading: the article cannot become a brief."""
        raise SourceError(self.path, code, message, line)


Reader = Callable[[Source], Article]


class Reading(NamedTuple):
    """A parsed article and the warnings met on the way."""

    article: Article
    problems: list[Problem]


READERS: dict[str, Reader] = {}
FORMATS: dict[str, str] = {}
"""Extension -> the canonical extension of its format (".htm" -> ".html")."""


def register(*extensions: str):
    """Register a reader function for the given file extensions (the first is canonical)."""

    def decorator(func: Reader) -> Reader:
        for ext in extensions:
            READERS[ext] = func
            FORMATS[ext] = extensions[0]
        return func

    return decorator


def is_article(path: Path) -> bool:
    """Tell whether a file in briefs/ is an article (not a sidecar or hidden file)."""
    return path.is_file() and not path.name.startswith(".") and path.suffix.lower() in READERS


def digest_of(data: bytes) -> str:
    """The content digest of an article file (sha256 of its bytes)."""
    return hashlib.sha256(data).hexdigest()


def parse_bytes(
    data: bytes, source_path: str, max_bytes: int | None = None, suffix: str | None = None, max_chars: int | None = None
) -> Reading:
    """Parse an article from its bytes with the reader registered for its extension (or suffix).

    Raises SourceError; its `problems` hold the error and any warnings met before it.
    """
    suffix = (suffix or Path(source_path).suffix).lower()
    reader = READERS.get(suffix)
    if reader is None:
        raise SourceError(source_path, "BRF111", f"no reader for '{suffix}' files; use .txt, .md or .html")
    if max_bytes is not None and len(data) > max_bytes:
        raise SourceError(
            source_path, "BRF107",
            f"file is {len(data):,} bytes, over the limit of {max_bytes:,}; split it or raise "
            "max_file_bytes in [tool.briefs]",
        )
    source = Source(decode_bytes(data, source_path), source_path, digest_of(data))
    try:
        article = reader(source)
    except SourceError as error:
        error.problems[1:1] = source.problems
        raise
    if max_chars is not None:
        check_length(article, max_chars)
    return Reading(article, sorted(source.problems, key=lambda p: (p.line or 0, p.code)))


def read_bytes(data: bytes, source_path: str, max_bytes: int | None = None) -> Article:
    """Parse an article from its bytes, dropping warnings (see parse_bytes to keep them)."""
    return parse_bytes(data, source_path, max_bytes).article


def read_file(path: Path, root: Path, max_bytes: int | None = None, max_chars: int | None = None) -> Reading:
    """Read and parse one article file; source_path is recorded relative to root."""
    source_path = path.resolve().relative_to(root.resolve()).as_posix()
    try:
        source_path.encode("utf-8")
    except UnicodeEncodeError:
        # Bytes that are not UTF-8 (surrogate escapes) cannot name a cache entry or a page.
        shown = source_path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        raise SourceError(shown, "BRF118", "the file name is not valid UTF-8 text; rename the file") from None
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(source_path, "BRF113", f"cannot read the file ({error.strerror}); check its permissions") from error
    return parse_bytes(data, source_path, max_bytes, max_chars=max_chars)


def read_article(path: Path, root: Path, max_bytes: int | None = None, max_chars: int | None = None) -> Article:
    """Read and parse one article file, dropping warnings (see read_file to keep them)."""
    return read_file(path, root, max_bytes, max_chars).article


def check_length(article: Article, max_chars: int) -> None:
    """Refuse an article whose text (what the NLP stage reads) is over max_chars characters."""
    from ..layout import compose_text

    length = len(compose_text(article)[0])
    if length > max_chars:
        # The parser's time and memory grow with the text; a limit reports, a huge text would hang.
        raise SourceError(
            article.source_path, "BRF116",
            f"the article text is {length:,} characters, over the limit of {max_chars:,}; split it or "
            "raise max_text_chars in [tool.briefs]",
        )


# Import the readers so they register themselves.
from . import html as _html  # noqa: E402,F401
from . import markdown as _markdown  # noqa: E402,F401
from . import text as _text  # noqa: E402,F401
