"""Reader for Markdown with YAML front matter.

    ---
    title: Valmora port reopens after storm repairs
    date: 2024-03-04 09:15 +01:00
    author: Ilse Mirow, harbour correspondent
    tags: [ports, weather]
    ---
    The port of Valmora reopened ...

Every front-matter problem names its key and line. The body is rendered with Python-Markdown
and read back as plain text per block, so no markup or raw HTML reaches the Article.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import lxml.html
import markdown as markdown_lib
import yaml
from lxml import etree

from ..models import Article, Author, Caption
from ..slugs import article_slug
from . import Source, register
from .bylines import authors_from
from .captions import split_caption
from .dates import parse_date

KEYS = ("title", "dek", "date", "updated", "author", "authors", "source", "url", "tags", "draft", "language", "summary")
_FENCE = re.compile(r"^(?:---|\.\.\.)\s*$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
_SPACES = re.compile(r"\s+")
_SKIP = {"script", "style", "iframe", "object", "embed", "template", "noscript", "pre", "hr", "table", "svg", "form"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as strings: dateparser reads them, keeping their offset."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class FrontMatter:
    """The parsed mapping, the file line of each key, and where the body starts."""

    values: dict
    lines: dict[str, int]
    body_start: int
    """0-based index of the first body line in the file."""


@register(".md", ".markdown")
def read_markdown(source: Source) -> Article:
    """Parse a Markdown article with optional YAML front matter."""
    lines = source.text.split("\n")
    front = read_front_matter(source, lines)
    meta = validate(source, front)
    body = "\n".join(lines[front.body_start :])
    try:
        blocks, captions = markdown_blocks(body)
    except RecursionError:
        source.fail("BRF115", "the Markdown is nested too deeply to read (lists, quotes or HTML hundreds of "
                    "levels deep); flatten it", line=front.body_start + 1)
    title = meta.get("title")
    if title is None and blocks and blocks[0][0] == "h1":
        title = blocks.pop(0)[1]
    if not title:
        source.fail(
            "BRF102", "no headline: add 'title: ...' to the front matter or start the text with '# Headline'",
            line=1 if front.lines else front.body_start + 1,
        )
    paragraphs = [text for kind, text in blocks if kind not in _HEADINGS]
    if not paragraphs:
        where = "the closing '---'" if front.lines or front.body_start else "the headline"
        source.fail("BRF110", f"no body text; write the article under {where}", line=front.body_start + 1)
    published = meta.get("date")
    return Article(
        source_path=source.path, format="md", digest=source.digest, slug=article_slug(title, published),
        title=title, dek=meta.get("dek"), published=published, modified=meta.get("updated"),
        authors=meta.get("authors", []), source=meta.get("source"), url=meta.get("url"), captions=captions,
        paragraphs=paragraphs, tags=meta.get("tags", []), language=meta.get("language", "en"),
        draft=meta.get("draft", False), summary=meta.get("summary"),
    )


def read_front_matter(source: Source, lines: list[str]) -> FrontMatter:
    """Find and parse the YAML between the opening '---' and the closing '---' (or '...')."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or lines[first].strip() != "---":
        return FrontMatter({}, {}, 0)
    end = next((i for i in range(first + 1, len(lines)) if _FENCE.match(lines[i])), None)
    if end is None:
        source.fail("BRF105", "the front matter opened here is never closed; add a line '---' after it", line=first + 1)
    text = "\n".join(lines[first + 1 : end])
    offset = first + 2  # file line of the YAML's first line
    try:
        node = yaml.compose(text, Loader=_Loader)
        values = yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = offset + mark.line if mark else first + 1
        what = error.problem or error.context or "invalid YAML"
        source.fail("BRF105", f"front matter is not valid YAML ({what}); fix this line, quoting values that hold ':' or '#'", line=line)
    except yaml.YAMLError as error:
        source.fail("BRF105", f"front matter is not valid YAML ({error}); fix it", line=first + 1)
    if values is None:
        return FrontMatter({}, {}, end + 1)
    if not isinstance(values, dict) or not isinstance(node, yaml.MappingNode):
        source.fail("BRF105", "front matter must be 'key: value' lines (a mapping), e.g. 'title: ...'", line=offset)
    lines_of: dict[str, int] = {}
    for key_node, _ in node.value:
        key = str(key_node.value)
        if key in lines_of:
            source.fail("BRF106", f"key '{key}' appears twice (lines {lines_of[key]} and "
                        f"{offset + key_node.start_mark.line}); keep one", line=offset + key_node.start_mark.line)
        lines_of[key] = offset + key_node.start_mark.line
    return FrontMatter({str(k): v for k, v in values.items()}, lines_of, end + 1)


def validate(source: Source, front: FrontMatter) -> dict:
    """Check each key's value; errors name the key and its line, dates that do not parse warn."""
    out: dict = {}
    values, where = front.values, front.lines
    for key in sorted(set(values) - set(KEYS), key=lambda k: where[k]):
        hint = difflib.get_close_matches(key, KEYS, n=1)
        source.warn("BRF112", f"unknown front matter key '{key}' is ignored" + (
            f"; did you mean '{hint[0]}'?" if hint else f"; known keys: {', '.join(KEYS)}"), line=where[key])

    def bad(key: str, what: str) -> None:
        source.fail("BRF106", f"'{key}' {what}", line=where[key])

    for key in ("title", "dek", "source", "summary"):
        if key in values and values[key] is not None:
            if isinstance(values[key], (dict, list)):
                bad(key, f"must be text, not a {'list' if isinstance(values[key], list) else 'mapping'}")
            text = _SPACES.sub(" ", str(values[key])).strip()
            if key == "title" and not text:
                bad(key, "is empty; write the headline")
            out[key] = text or None
    for key, field in (("date", "date"), ("updated", "updated")):
        if values.get(key) is not None:
            raw = values[key]
            if isinstance(raw, (dict, list, bool)):
                bad(key, "must be a date such as 2024-03-04 09:15 +01:00")
            parsed = parse_date(str(raw))
            if parsed is None:
                source.warn("BRF108", f"cannot read '{key}: {raw}' as a date; it is left out. Write it with a year "
                            "and a zone, e.g. 2024-03-04 09:15 +01:00", line=where[key])
            out[field] = parsed
    if "author" in values and "authors" in values:
        bad("authors", "and 'author' are both set; keep one")
    for key in ("author", "authors"):
        if values.get(key) is not None:
            out["authors"] = _authors(source, key, values[key], where[key])
    if values.get("url") is not None:
        url = str(values["url"]).strip()
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            bad("url", f"must be a web address starting with https:// or http://, not '{url[:60]}'")
        out["url"] = url
    if values.get("tags") is not None:
        tags = values["tags"]
        if isinstance(tags, str):
            tags = [t for t in (t.strip() for t in tags.split(",")) if t]
        if not isinstance(tags, list) or any(isinstance(t, (dict, list)) or t is None for t in tags):
            bad("tags", "must be a list of words, e.g. [ports, weather]")
        out["tags"] = sorted({_SPACES.sub(" ", str(t)).strip() for t in tags} - {""})
    if "draft" in values:
        if not isinstance(values["draft"], bool):
            bad("draft", f"must be true or false, not '{values['draft']}'")
        out["draft"] = values["draft"]
    if values.get("language") is not None:
        language = str(values["language"]).strip()
        if not _LANGUAGE.match(language):
            bad("language", f"must be a language code such as en or en-GB, not '{language[:20]}'")
        out["language"] = language
    return out


def _authors(source: Source, key: str, value, line: int) -> list[Author]:
    """'A', 'A, role', 'A and B', or a list of names or {name, role} mappings."""
    items = value if isinstance(value, list) else [value]
    authors: list[Author] = []
    for item in items:
        if isinstance(item, dict):
            name = item.get("name")
            if not isinstance(name, str) or not name.strip() or set(item) - {"name", "role"}:
                source.fail("BRF106", f"'{key}' entries must have a name and at most a role, e.g. "
                            "{name: Ilse Mirow, role: correspondent}", line=line)
            role = item.get("role")
            authors.append(Author(name=_SPACES.sub(" ", name).strip(), role=str(role).strip() if role else None))
        elif isinstance(item, (str, int, float)) and str(item).strip():
            text = _SPACES.sub(" ", str(item)).strip()
            # 'Ilse Mirow, harbour correspondent' and 'A and B' read like bylines; anything else is one name.
            authors += authors_from(text) or [Author(name=text)]
        else:
            source.fail("BRF106", f"'{key}' must be a name or a list of names", line=line)
    return authors


def markdown_blocks(body: str) -> tuple[list[tuple[str, str]], list[Caption]]:
    """Render Markdown and read it back as (tag, plain text) blocks plus image captions."""
    html = markdown_lib.markdown(body, output_format="html")
    if not html.strip():
        return [], []
    try:
        # Wrapped in a whole document: raw HTML in the Markdown (even '<html>') cannot change its shape.
        root = lxml.html.document_fromstring(f"<html><body>{html}</body></html>").find("body")
    except (etree.ParserError, ValueError):
        return [], []
    if root is None:
        return [], []
    blocks: list[tuple[str, str]] = []
    captions: list[Caption] = []
    _walk(root, blocks, captions)
    return blocks, captions


def _walk(element, blocks: list[tuple[str, str]], captions: list[Caption]) -> None:
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if not tag or tag in _SKIP:
            continue
        if tag in ("ul", "ol", "blockquote", "div", "section", "article", "figure") and any(
            isinstance(c.tag, str) and c.tag in ("p", "li", "ul", "ol", "blockquote", "div", "figure") for c in child
        ):
            _walk(child, blocks, captions)
            continue
        images = child.xpath(".//img")
        text = _SPACES.sub(" ", "".join(_texts(child))).strip()
        if images and not text:
            for image in images:
                caption = _image_caption(image)
                if caption and caption not in captions:
                    captions.append(caption)
            continue
        if text:
            blocks.append((tag, text))


def _texts(element):
    """Text of an element without the text of skipped children (scripts, styles)."""
    if element.text:
        yield element.text
    for child in element:
        if isinstance(child.tag, str) and child.tag not in _SKIP:
            yield from _texts(child)
        if child.tail:
            yield child.tail


def _image_caption(image) -> Caption | None:
    alt = _SPACES.sub(" ", image.get("alt") or "").strip()
    title = _SPACES.sub(" ", image.get("title") or "").strip()
    if not alt:
        return None
    return split_caption(alt, loose=True) or Caption(text=alt, credit=title or None)
