"""The hostile corpus (tests/hostile/) built into a real site: published escaped, or reported.

One `briefs build` of the seed plus every hostile case (static files, a 1 MB line, 10,000
paragraphs, hostile file names). Each readable case must become a page that shows its text
literally and carries no element, attribute, script or URL the article put there; each
unreadable case must be reported with its code; the rest of the site must still build.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.escape import strip_invisible
from generator.readers import read_file
from hostile.generated import HOSTILE_NAMES, UNDECODABLE_NAME
from hostile.site import BuiltSite, Page, build_corpus, sidecar_values

pytestmark = pytest.mark.slow

HERE = Path(__file__).resolve().parent
SEED_NAME = "000_4ad485723bc6e419.txt"

# What our templates put inside the article content: tags and the attributes they may carry.
CONTENT_TAGS = {
    "article", "aside", "nav", "div", "p", "span", "h1", "h2", "h3", "ul", "ol", "li", "a", "em", "strong",
    "br", "time", "details", "summary", "blockquote",
}
CONTENT_ATTRIBUTES = {"class", "id", "href", "title", "datetime", "aria-label"}
# Admonition kinds our templates use; an injected "danger" box would show up as another kind.
ADMONITION_KINDS = {"abstract", "quote", "info", "note", "warning"}
# Attributes whose value the browser fetches or runs (a link's href is followed only on click).
FETCHING = {"src", "srcset", "action", "formaction", "data", "poster", "background", "ping", "codebase", "manifest", "lowsrc", "dynsrc"}
SEARCH_INDEX_TAGS = {"p", "ol", "ul", "li", "code", "pre"}


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> BuiltSite:
    return build_corpus(tmp_path_factory.getbasetemp())


def literal(text: str) -> str:
    """What a field shows on the page: visible characters, whitespace runs as one space."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", strip_invisible(text))).strip()


    static = yaml.safe_load((HERE / "hostile" / "expected.yml").read_text("utf-8"))
    generated = ["one-megabyte-line.txt", "one-megabyte-headline.txt", "ten-thousand-paragraphs.txt", "dot-dot-headline.txt"]
    return sorted(static) + generated + HOSTILE_NAMES


def published_case_names() -> list[str]:
    import yaml

    static = yaml.safe_load((HERE / "hostile" / "expected.yml").read_text("utf-8"))
    names = [n for n, outcome in static.items() if outcome == "published"]
    return sorted(names) + ["ten-thousand-paragraphs.txt", "dot-dot-headline.txt"] + [n for n in HOSTILE_NAMES if not n.startswith(".")]


def test_build_finishes_and_reports_each_unreadable_file_with_its_code(hostile_site):
    assert "Traceback" not in hostile_site.stderr, hostile_site.stderr[-3000:]
    # Errors were reported, so the exit code says so; the site was built all the same.
    assert hostile_site.returncode == 1, hostile_site.stderr[-3000:]
    assert (hostile_site.site / "index.html").is_file()
    assert hostile_site.page_of(SEED_NAME) is not None and hostile_site.page_of(SEED_NAME).is_file()
    lines = hostile_site.stderr.splitlines()
    for name, outcome in hostile_site.expected.items():
        if outcome.startswith("BRF"):
            shown = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            assert any(line.startswith(f"briefs/{shown}") and f"error {outcome}" in line for line in lines), (name, outcome)
    assert "BRF118" in hostile_site.expected[UNDECODABLE_NAME]


def test_every_case_is_published_reported_or_ignored_as_expected(hostile_site):
    for name, outcome in hostile_site.expected.items():
        page = hostile_site.page_of(name)
        if outcome == "published":
            assert page is not None and page.is_file(), name
        else:
            assert page is None, (name, outcome)
    # Nothing else was published: the seed plus the expected cases.
    expected = sum(1 for outcome in hostile_site.expected.values() if outcome == "published") + 1
    assert len(hostile_site.pages) == expected


def test_nothing_is_written_outside_docs_and_no_build_leftovers_remain(hostile_site):
    project = hostile_site.project
    top = {p.name for p in project.iterdir()}
    assert top <= {"briefs", "docs", "site", "templates", "mkdocs.yml", "pyproject.toml", ".cache"}, top
    docs = project / "docs"
    for path in docs.rglob("*"):
        assert path.resolve().is_relative_to(docs.resolve())
        assert not path.name.endswith(".tmp"), path
    for page in (docs / "briefs").glob("*.md"):
        assert re.fullmatch(r"[a-z0-9-]+\.md", page.name), page.name
    assert not list(project.glob(".site*")), "a staging or old site folder was left behind"


@pytest.mark.parametrize("name", published_case_names())
def test_page_shows_the_article_literally_and_carries_nothing_from_it(hostile_site, name):
    source = f"briefs/{name}"
    path = hostile_site.project / source
    article, _ = read_file(path, hostile_site.project, max_chars=10_000_000)
    sidecar = sidecar_values(path)
    page = Page(hostile_site.page_of(name).read_text("utf-8"))

    for tag, attrs, inside in page.elements:
        for attr, value in attrs.items():
            assert not attr.startswith("on"), (tag, attr, value)
            if attr in FETCHING:
                assert _is_local(value), (tag, attr, value)
            if attr == "href":
                assert _is_link(value), (tag, attr, value)
            assert attr != "style", (tag, attrs)
        if inside:
            assert tag in CONTENT_TAGS, (tag, attrs)
            assert set(attrs) <= CONTENT_ATTRIBUTES, (tag, attrs)
            classes = attrs.get("class", "").split()
            if "admonition" in classes or tag == "details":
                assert set(classes) - {"admonition"} <= ADMONITION_KINDS, classes
        else:
            assert tag not in {"iframe", "object", "embed", "frame", "frameset", "applet", "img", "video", "audio", "style", "base", "template", "marquee", "noscript"}, (tag, attrs)
            if tag == "meta":
                assert "http-equiv" not in attrs, attrs

    for attrs, body in page.scripts:
        if attrs.get("type") == "application/ld+json":
            data = json.loads(body)
            assert "</" not in body
            assert data["headline"] == literal(sidecar.get("headline") or article.title)
        elif "src" not in attrs:
            assert "alert(" not in body and "evil.invalid" not in body, body[:200]

    text = literal("".join(page.content_text))
    title = literal(sidecar.get("headline") or article.title)
    assert literal("".join(page.title_text)).startswith(title)
    assert title in text
    for paragraph in article.paragraphs:
        assert literal(paragraph) in text, paragraph[:120]
    dek = sidecar.get("dek") or article.dek
    if dek:
        assert literal(dek) in text


def test_search_index_holds_only_text(hostile_site):
    index = json.loads((hostile_site.site / "search" / "search_index.json").read_text("utf-8"))
    for doc in index["docs"]:
        for key in ("title", "text"):
            tags = {t.lower() for t in re.findall(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9-]*)", doc[key])}
            assert tags <= SEARCH_INDEX_TAGS, (doc["location"], tags)


def _is_local(url: str) -> bool:
    parts = urlsplit(url.strip())
    return not parts.scheme and not parts.netloc and not url.strip().startswith("//")


def _is_link(url: str) -> bool:
    parts = urlsplit(url.strip())
    return parts.scheme.lower() in ("", "http", "https") and not url.strip().lower().startswith(("javascript", "data", "vbscript"))
