"""Reader for a saved HTML page: trafilatura finds the article and its metadata; only text leaves.

Trafilatura drops navigation, ads, comments and boilerplate. Its date is a day without a time,
so exact publication times (with their offset) are read from the page's own metadata
(article:published_time, JSON-LD datePublished, <time datetime>), and bylines with roles and
figure captions from the article element. No markup survives: every field is plain text.
"""

from __future__ import annotations

import json
import re

import lxml.html
import trafilatura
from lxml import etree

from ..models import Article, Author, Caption
from ..slugs import article_slug
from . import Source, register
from .bylines import authors_from
from .captions import split_caption
from .dates import parse_date
from .furniture import is_furniture
from .metalines import parse_meta_line

_PUBLISHED_META = ("article:published_time", "og:article:published_time", "datepublished", "pubdate", "publishdate",
                   "date", "dc.date", "dc.date.issued", "dcterms.created", "sailthru.date", "parsely-pub-date")
_MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "lastmod", "dcterms.modified")
_BLOCKS = {"p", "quote", "item"}
_SPACES = re.compile(r"\s+")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


@register(".html", ".htm")
def read_html(source: Source) -> Article:
    """Parse a saved news page into an Article."""
    # lxml refuses text that still declares a byte encoding; the bytes are decoded already.
    page = _XML_DECLARATION.sub("", source.text, count=1)
    tree = _parse_tree(source, page)
    try:
        found = trafilatura.bare_extraction(
            page, with_metadata=True, include_comments=False, include_tables=False,
            include_images=False, include_links=False,
            # Not deduplicate=True: its cache is process-wide, so a page read twice would lose its text.
            deduplicate=False,
        )
    except Exception as error:  # noqa: BLE001
        # trafilatura and htmldate pass through whatever lxml raises on a malformed page
        # (ValueError, LxmlError, even an AssertionError from drop_tree on '<svg>html'); any of
        # them means this page cannot be read, and must not stop the other articles.
        source.fail("BRF110", f"cannot extract an article from this page ({error}); save the page as HTML again")
    if found is None or found.body is None:
        source.fail("BRF110", "no article text found in this page; save the full article page, or paste its text into a .txt file")
    title = _clean(found.title or "") or _first_heading(tree)
    if not title:
        source.fail("BRF102", "the page has no title (no <title>, og:title or <h1>); add one or use a .txt file")
    dek = _clean(found.description or "") or None
    captions = _captions(tree)
    published = _meta_date(source, tree, _PUBLISHED_META, "datePublished") or parse_date(found.date or "")
    modified = _meta_date(source, tree, _MODIFIED_META, "dateModified")
    paragraphs, authors = _body(found.body, skip={title, dek, *(c.text for c in captions)})
    if not paragraphs:
        source.fail("BRF110", "the page's article has no paragraphs of text; save the full article page")
    authors = _byline(tree) or authors or _authors(found.author)
    return Article(
        source_path=source.path, format="html", digest=source.digest, slug=article_slug(title, published),
        title=title, dek=dek, published=published, modified=modified, authors=authors,
        source=_clean(found.sitename or "") or None, url=found.url or None, captions=captions,
        paragraphs=paragraphs, tags=sorted({_clean(t) for t in (found.tags or []) if _clean(t)}),
        language=_language(found.language or tree.get("lang") or "en"),
    )


def _language(code: str) -> str:
    """A language code as the page declares it ('en', 'en-gb'), or 'en' when it is not one."""
    code = code.strip().lower().replace("_", "-")
    return code if re.fullmatch(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*", code) else "en"


def _parse_tree(source: Source, page: str):
    try:
        tree = lxml.html.document_fromstring(page)
    except (etree.ParserError, ValueError):
        source.fail("BRF110", "this file holds no HTML document; save the article page as HTML")
    for bad in tree.xpath("//script[not(@type='application/ld+json')]|//style|//noscript|//template"):
        bad.drop_tree()
    return tree


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _text(element) -> str:
    return _clean("".join(element.itertext()))


def _first_heading(tree) -> str:
    headings = tree.xpath("//h1")
    return _text(headings[0]) if headings else ""


def _body(body, skip: set) -> tuple[list[str], list[Author]]:
    """Paragraph texts of trafilatura's body; bylines and furniture it let through are lifted out."""
    paragraphs, authors = [], []
    for element in body.iter():
        if element.tag not in _BLOCKS or any(child.tag in _BLOCKS for child in element):
            continue
        text = _text(element)
        if not text or text in skip or is_furniture(text):
            continue
        if meta := parse_meta_line(text):
            authors += meta.authors
            continue
        if text not in paragraphs:
            paragraphs.append(text)
    return paragraphs, authors


def _meta_date(source: Source, tree, names: tuple[str, ...], ld_key: str):
    """The first page-level date among meta tags, JSON-LD and <time>, with its own offset."""
    candidates = []
    for meta in tree.xpath("//meta[@content]"):
        name = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if name in names:
            candidates.append(meta.get("content"))
    candidates += _json_ld_values(tree, ld_key)
    if ld_key == "datePublished":
        candidates += tree.xpath("//time[@itemprop='datePublished']/@datetime|//article//time/@datetime")
    for text in candidates:
        value = parse_date(text)
        if value is not None:
            return value
    if candidates:
        source.warn(
            "BRF108", f"cannot read the page's {ld_key} '{candidates[0][:60]}'; it is left out. The page "
            "metadata should hold an ISO date such as 2024-03-04T09:15:00+01:00",
        )
    return None


def _json_ld_values(tree, key: str) -> list[str]:
    values = []
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except (json.JSONDecodeError, RecursionError):
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                if isinstance(item.get(key), str):
                    values.append(item[key])
                stack += list(item.values())
            elif isinstance(item, list):
                stack += item
    return values


def _byline(tree) -> list[Author]:
    """Authors with roles from a byline element of the article ('By A, harbour correspondent')."""
    for element in tree.xpath("//*[contains(concat(' ', normalize-space(@class), ' '), ' byline ')"
                              " or @rel='author' or contains(@class, 'byline')]"):
        meta = parse_meta_line(_text(element))
        if meta and meta.authors:
            return meta.authors
    return []


def _authors(names: str | None) -> list[Author]:
    """Trafilatura's author string ('A; B') as authors."""
    authors = []
    for name in (names or "").split(";"):
        found = authors_from(_clean(name)) if _clean(name) else None
        authors += found or ([Author(name=_clean(name))] if _clean(name) else [])
    return authors


def _captions(tree) -> list[Caption]:
    """Figure captions inside the article, each once, with the credit split off."""
    scope = tree.xpath("//article") or tree.xpath("//main") or [tree]
    captions: list[Caption] = []
    for figcaption in scope[0].xpath(".//figcaption"):
        if figcaption.xpath("ancestor::nav|ancestor::aside|ancestor::footer"):
            continue
        credit_elements = figcaption.xpath(".//*[contains(@class, 'credit') or contains(@class, 'copyright')]")
        credit = _clean(" ".join(_text(e) for e in credit_elements)) or None
        for element in credit_elements:
            element.drop_tree()
        text = _text(figcaption)
        if not text:
            continue
        caption = split_caption(text, loose=True) if credit is None else None
        caption = caption or Caption(text=text, credit=credit)
        if caption not in captions:
            captions.append(caption)
    return captions
