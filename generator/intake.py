"""Bring a new article into briefs/: check it parses, name it after its slug, refuse duplicates."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .config import Config
from .models import Article, Problem
from .problems import SourceError
from .readers import FORMATS, READERS, Reading, digest_of, is_article, parse_bytes

_HTML_START = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<article|<meta|<!--)", re.IGNORECASE)


@dataclass
class Added:
    """The file written into briefs/ and what was understood from it."""

    path: Path
    article: Article
    problems: list[Problem]


def sniff_suffix(data: bytes) -> str:
    """Guess the format of text piped in: HTML markup, Markdown front matter, or plain text."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf")
    if _HTML_START.match(head):
        return ".html"
    if head.lstrip().startswith(b"---"):
        return ".md"
    return ".txt"


def add_article(config: Config, data: bytes, suffix: str, label: str = "<stdin>") -> Added:
    """Parse data, then write it unchanged into briefs/<slug><ext>; raise SourceError to refuse.

    label names the input in messages. Refused: a file that does not parse, one whose content is already in briefs/ (same digest),
    and one whose slug another article already has (the build would reject it).
    """
    suffix = suffix.lower()
    if suffix not in READERS:
        raise SourceError(label, "BRF111", f"no reader for '{suffix}' files; use .txt, .md or .html")
    briefs = config.briefs_dir
    relative = briefs.relative_to(config.root).as_posix() if briefs.is_relative_to(config.root) else briefs.as_posix()
    existing = sorted(p for p in briefs.iterdir() if is_article(p)) if briefs.is_dir() else []
    digest = digest_of(data)
    for path in existing:
        if digest_of(path.read_bytes()) == digest:
            raise SourceError(f"{relative}/{path.name}", "BRF114", "this article is already in briefs/ (same content); nothing was added")
    extension = FORMATS[suffix]
    reading = parse_bytes(data, label, config.max_file_bytes, suffix=suffix)
    name = f"{reading.article.slug}{extension}"
    for path in existing:
        other = _slug_of(path, config)
        if other == reading.article.slug or path.name == name:
            raise SourceError(
                f"{relative}/{path.name}", "BRF109",
                f"slug '{reading.article.slug}' is already used by {relative}/{path.name}; "
                "if this is a new version, replace that file instead",
            )
    target = briefs / name
    reading = _reread(data, f"{relative}/{name}", config)
    briefs.mkdir(parents=True, exist_ok=True)
    try:
        _write_new(target, data)
    except FileExistsError:
        raise SourceError(f"{relative}/{name}", "BRF109", "a file with this name appeared while adding; run briefs add again") from None
    return Added(target, reading.article, reading.problems)


def _slug_of(path: Path, config: Config) -> str | None:
    try:
        return parse_bytes(path.read_bytes(), path.name, config.max_file_bytes).article.slug
    except SourceError:
        return None


def _reread(data: bytes, source_path: str, config: Config) -> Reading:
    """Parse again under the final name, so messages point at the file as it will be."""
    return parse_bytes(data, source_path, config.max_file_bytes)


def _write_new(target: Path, data: bytes) -> None:
    """Write a file that must not exist yet, completely or not at all."""
    temporary = target.with_name(f".{target.name}.adding")
    temporary.write_bytes(data)
    try:
        os.link(temporary, target)  # fails if the name was taken meanwhile: never overwrite
    except FileExistsError:
        raise
    except OSError:  # no hard links on this file system
        with open(target, "xb") as handle:
            handle.write(data)
    finally:
        temporary.unlink(missing_ok=True)


def describe(added: Added, root: Path) -> list[str]:
    """What was understood, one line per field, for the terminal."""
    article = added.article
    path = added.path.relative_to(root).as_posix() if added.path.is_relative_to(root) else str(added.path)
    authors = ", ".join(a.name + (f" ({a.role})" if a.role else "") for a in article.authors)
    lines = [
        f"added {path}",
        f"  headline:   {article.title}",
        f"  dek:        {article.dek or '-'}",
        f"  published:  {article.published.isoformat() if article.published else '-'}",
        f"  modified:   {article.modified.isoformat() if article.modified else '-'}",
        f"  authors:    {authors or '-'}",
        f"  source:     {article.source or '-'}" + (f" (dateline {article.dateline})" if article.dateline else ""),
        f"  slug:       {article.slug}",
        f"  paragraphs: {len(article.paragraphs)}",
        f"  captions:   {len(article.captions)}",
    ]
    lines += [f"    - {c.text}" + (f" [credit: {c.credit}]" if c.credit else "") for c in article.captions]
    return lines
