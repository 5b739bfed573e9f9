"""The one place where untrusted article text is made safe for Markdown and HTML.

Every string that came from an article passes through `escape_markdown` (body and inline
text) or `escape_attr` (HTML attribute values and page metadata) when a template prints it;
the Jinja environment in render.py applies `escape_markdown` to every `{{ }}` by default, so a
template has to opt out explicitly (with `Markdown`) to print anything raw.

The contract, checked by tests/test_properties.py with the site's Markdown extensions: the
escaped text, placed anywhere a template puts a field (start of a paragraph, a heading, a list
item, a link label, inside an admonition or a `markdown` HTML block), renders as exactly the
characters of the input (minus invisible characters, with runs of whitespace as one space)
and produces no element or attribute of its own.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, urlsplit

# Characters Python-Markdown accepts as backslash escapes. Backslash-escaping keeps the
# generated Markdown readable for editors who diff it.
_BACKSLASH = set("\\`*_{}[]()#+!")
# Characters Markdown does not let us backslash-escape but that start syntax (tables, strike,
# HTML, entities, attribute values): numeric character references are inert everywhere.
_ENTITY = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;", "~": "&#126;"}
# In attribute values quotes end the value too.
_ATTR_ENTITY = {**_ENTITY, '"': "&quot;", "'": "&#39;"}
# Line-start markers that only mean something at the start of a block: "1." / "2)" lists
# (any Unicode digits: Python-Markdown's \d matches them too).
_BLOCK_START = re.compile(r"^(\s*)(\d+)([.)])")
# Characters that open block syntax of Markdown extensions when they start a line and that
# Python-Markdown will not backslash-escape: `???` details (enabled), and `===` tabs, `///`
# blocks, `:` definitions and `$$` maths (not enabled today, but one line in mkdocs.yml away).
# A field that starts with one gets it as a numeric character reference, which no block
# parser reads.
_LINE_OPENERS = set("?=/:$")
# Control characters (except tab and newline, which become spaces), zero-width and joiner
# characters, bidi embeddings/overrides/isolates/marks, the Arabic letter mark, the Mongolian
# vowel separator, interlinear annotation marks, the byte order mark and Unicode tag characters
# (invisible text used to smuggle instructions). None of them belongs in a news brief.
_INVISIBLE = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)
# Lone surrogates cannot be written as UTF-8 (they come from undecodable file names).
_SURROGATE = re.compile("[\ud800-\udfff]")
_SPACES = re.compile(r"\s+")
_SAFE_SCHEMES = {"http", "https"}


class Markdown(str):
    """A string that is already safe Markdown (built by us from escaped parts)."""

    __slots__ = ()


def strip_invisible(text: str) -> str:
    """Remove control, zero-width, bidi-control and tag characters; lone surrogates become U+FFFD."""
    return _SURROGATE.sub("\ufffd", _INVISIBLE.sub("", text))


def plain_text(value: object) -> str:
    """The visible text of a field: invisible characters dropped, NFC, whitespace runs as one space."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", strip_invisible(str(value)))
    # Newlines inside a field would start new blocks (headings, lists, admonitions).
    return _SPACES.sub(" ", text).strip()


def escape_markdown(value: object) -> str:
    """Return the text as inline Markdown that renders literally and carries no markup."""
    if isinstance(value, Markdown):
        return value
    text = plain_text(value)
    out = []
    for char in text:
        if char in _BACKSLASH:
            out.append("\\" + char)
        else:
            out.append(_ENTITY.get(char, char))
    escaped = "".join(out)
    # "1. Foo" or "2) Foo" at the start of a paragraph would become a list.
    escaped = _BLOCK_START.sub(r"\1\2\\\3", escaped)
    first = escaped[:1]
    if first in {"-", "."}:
        escaped = "\\" + escaped
    elif first in _LINE_OPENERS:
        escaped = f"&#{ord(first)};" + escaped[1:]
    return escaped


def escape_attr(value: object) -> str:
    """Return the text escaped for a double-quoted HTML attribute value (and for page metadata)."""
    return "".join(_ATTR_ENTITY.get(char, char) for char in plain_text(value))


def safe_url(value: object) -> str | None:
    """Return an http(s) URL percent-encoded for a Markdown link target, else None."""
    if not value:
        return None
    text = strip_invisible(str(value)).strip()
    # Browsers drop tabs and newlines inside URLs ("java\tscript:"); so do we, before judging.
    text = re.sub(r"[\t\n\r]", "", text)
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in _SAFE_SCHEMES or not host:
        return None
    # Parentheses, quotes, spaces, angle brackets and backslashes would end the link, the
    # attribute, or (for a backslash) be read as a path separator by browsers.
    return quote(text, safe=":/?#@!$&*+,;=%-._~[]")
