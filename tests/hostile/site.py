"""Build the hostile corpus into a real site once per test session, and read its pages.

Shared by tests/test_hostile.py and tests/test_browser_hostile.py: the build runs
`python -m generator build` (the real spaCy model, the real MkDocs build) in a throwaway
project holding the seed and every hostile case.
"""

from __future__ import annotations

import html
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import yaml

from generator.escape import plain_text

from .generated import write_corpus


@dataclass
class BuiltSite:
    """The project, the build's output and what each file in briefs/ should have become."""

    project: Path
    returncode: int
    stdout: str
    stderr: str
    expected: dict[str, str]
    pages: dict[str, Path] = field(default_factory=dict)
    """source_path (briefs/<name>, as escape.plain_text shows it) -> the built page of its brief."""

    def page_of(self, name: str) -> Path | None:
        """The built page of briefs/<name>, if it was published."""
        return self.pages.get(plain_text(f"briefs/{name}"))

    @property
    def site(self) -> Path:
        return self.project / "site"


_BUILT: dict[Path, BuiltSite] = {}


def build_corpus(base: Path) -> BuiltSite:
    """Build (once per base folder) a project with the seed and the hostile corpus."""
    if base in _BUILT:
        return _BUILT[base]
    from conftest import make_project

    project = make_project(base / "hostile-project")
    expected = write_corpus(project / "briefs")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build"], cwd=project, capture_output=True, text=True,
        encoding="utf-8", errors="replace",
    )
    built = BuiltSite(project, result.returncode, result.stdout, result.stderr, expected)
    built.pages = published_pages(project)
    _BUILT[base] = built
    return built


def published_pages(project: Path) -> dict[str, Path]:
    """Map each brief's source path to its HTML page, through the generated Markdown's front matter."""
    pages = {}
    for markdown in sorted((project / "docs" / "briefs").glob("*.md")):
        text = markdown.read_text("utf-8")
        meta = yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n"))
        source = html.unescape(meta["generated_from"])
        pages[source] = project / "site" / "briefs" / markdown.stem / "index.html"
    return pages


def sidecar_values(path: Path) -> dict:
    """The editor's sidecar of an article, if any, as plain YAML data."""
    sidecar = path.with_suffix(".yml")
    if not sidecar.is_file():
        return {}
    return yaml.safe_load(sidecar.read_text("utf-8")) or {}


class Page(HTMLParser):
    """A built page: its elements (inside the article content or around it) and its text."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.content_depth: int | None = None
        self.elements: list[tuple[str, dict, bool]] = []
        """(tag, attributes, inside the article content)"""
        self.content_text: list[str] = []
        self.title_text: list[str] = []
        self.scripts: list[tuple[dict, str]] = []
        self._script: dict | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        values = {name: value or "" for name, value in attrs}
        if self.content_depth is None and tag == "article" and "md-content__inner" in values.get("class", ""):
            self.content_depth = len(self.stack)
        self.elements.append((tag, values, self.content_depth is not None))
        if tag == "script":
            self._script = values
            self.scripts.append((values, ""))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None
        if tag in self.VOID:
            return
        while self.stack:
            if self.stack.pop() == tag:
                break
        if self.content_depth is not None and len(self.stack) <= self.content_depth:
            self.content_depth = None

    def handle_data(self, data):
        if self._script is not None:
            attrs, body = self.scripts[-1]
            self.scripts[-1] = (attrs, body + data)
        elif self.stack and self.stack[-1] == "title":
            self.title_text.append(data)
        elif self.content_depth is not None:
            self.content_text.append(data)
