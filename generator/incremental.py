"""Updating a built site for the pages that changed instead of rendering every page again.

MkDocs' dirty mode renders only the pages whose Markdown is newer than their HTML. This module
makes that safe for a published archive:

- the previous site is copied into the staging folder, so the site in place is never touched;
- which pages changed is decided by content digests (uptodate.py), not by modification times: a
  changed page's HTML is removed from the copy, an unchanged one's is dated no older than its
  Markdown, so MkDocs' own test agrees with the digests;
- pages in the navigation are always rendered again, so the navigation a rendered page shows
  is built from pages that were read (their titles and metadata);
- the search index, which a dirty build writes for the rendered pages only, is merged with the
  previous one in the order a full build gives.

It applies only where a page cannot change another page's HTML: an explicit navigation and no
plugin but search. Anything else (the environment changed, a page was deleted) is a full build
(uptodate.py decides that part). MkDocs checks a rendered page's links to #anchors of pages it
did not render only in a full build; the publishing workflow builds from a clean checkout, so
what goes live had the full check (and the site's link check).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
from pathlib import Path
from typing import Iterator

SEARCH_INDEX = Path("search") / "search_index.json"
SAFE_PLUGINS = {"search", "material/search"}
# MkDocs warns on every dirty build; under --strict that warning alone would fail the build.
DIRTY_WARNING = "A 'dirty' build is being performed"


def nav_sources(mkdocs_config) -> set[str] | None:
    """The docs-relative Markdown files the navigation lists, or None when it is implicit."""
    if mkdocs_config.nav is None:
        return None  # every page is in an implicit navigation: one more page changes them all
    found: set[str] = set()

    def walk(items) -> None:
        for item in items if isinstance(items, list) else [items]:
            values = item.values() if isinstance(item, dict) else [item]
            for value in values:
                if isinstance(value, (list, dict)):
                    walk(value)
                elif isinstance(value, str) and "://" not in value:
                    found.add(value.lstrip("/"))

    walk(mkdocs_config.nav)
    return found


def can_update(mkdocs_config, added: set[str]) -> bool:
    """Whether rendering only the changed pages gives every other page the HTML a full build gives.

    added: the docs files that are new since the site in place was built.
    """
    nav = nav_sources(mkdocs_config)
    if nav is None or not set(mkdocs_config.plugins.keys()) <= SAFE_PLUGINS:
        return False
    # A navigation entry whose page is new changes the navigation on every page.
    return not (nav & added)


def copy_site(site_dir: Path, staging: Path) -> None:
    """Copy the previous site into the staging folder, keeping modification times."""
    shutil.copytree(site_dir, staging, symlinks=True, dirs_exist_ok=True)


def mark_changes(mkdocs_config, changed: set[str]) -> tuple[list[str], set[str]]:
    """Make MkDocs' dirty test in the staged copy follow the digests.

    Returns the URLs of all pages in build order and of the pages MkDocs will render.
    """
    from mkdocs.structure.files import get_files

    files = get_files(mkdocs_config)
    nav = nav_sources(mkdocs_config) or set()
    docs = Path(mkdocs_config.docs_dir).resolve()
    rendered = set()
    for file in files:
        if not file.abs_src_path or docs not in Path(file.abs_src_path).resolve().parents:
            continue  # theme files: unchanged, since the environment is
        dest = Path(file.abs_dest_path)
        if file.src_uri in changed or (file.is_documentation_page() and file.src_uri in nav):
            dest.unlink(missing_ok=True)
        elif dest.is_file():
            source_ns = os.stat(file.abs_src_path).st_mtime_ns
            if dest.stat().st_mtime_ns < source_ns:
                os.utime(dest, ns=(source_ns, source_ns))
        if file.is_documentation_page() and not dest.is_file():
            rendered.add(page_url(file.url))
    return [page_url(file.url) for file in files.documentation_pages()], rendered


def page_url(url: str) -> str:
    """A page's URL as the search index writes it (the home page is the empty string)."""
    return "" if url in (".", "./") else url


@contextlib.contextmanager
def dirty_warning_silenced() -> Iterator[None]:
    """Drop MkDocs' warning that a dirty build is running: here that is the intent, not a risk."""
    logger = logging.getLogger("mkdocs.commands.build")
    drop = _DropMessage(DIRTY_WARNING)
    logger.addFilter(drop)
    try:
        yield
    finally:
        logger.removeFilter(drop)


class _DropMessage(logging.Filter):
    def __init__(self, prefix: str) -> None:
        super().__init__()
        self.prefix = prefix

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(self.prefix)


def merge_search_index(previous_site: Path, staging: Path, order: list[str], rendered: set[str]) -> None:
    """Complete the dirty build's search index with the previous index's entries for pages not rendered."""
    fresh_path = staging / SEARCH_INDEX
    previous_path = previous_site / SEARCH_INDEX
    if not fresh_path.is_file() or not previous_path.is_file():
        return
    fresh = json.loads(fresh_path.read_text("utf-8"))
    previous = json.loads(previous_path.read_text("utf-8"))
    new = _by_page(fresh["docs"])
    kept = _by_page(previous["docs"])
    docs = []
    for url in order:
        # A rendered page's entries are the new ones, even none (a page now excluded from search).
        docs.extend(new.get(url, []) if url in rendered else kept.get(url, []))
    fresh["docs"] = docs
    # The separators Material writes with, so the file is the one a full build writes.
    fresh_path.write_text(json.dumps(fresh, separators=(",", ":"), default=str), "utf-8")


def _by_page(entries: list[dict]) -> dict[str, list[dict]]:
    pages: dict[str, list[dict]] = {}
    for entry in entries:
        pages.setdefault(str(entry.get("location", "")).split("#", 1)[0], []).append(entry)
    return pages
