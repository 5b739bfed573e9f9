"""The one place where untrusted article text is made safe for Markdown and HTML.

Every string that came from an article passes through `escape_markdown` (body and inline
text) or `escape_attr` (HTML attribute values) when a template prints it; the Jinja
environment in render.py applies `escape_markdown` to every `{{ }}` by default, so a template
has to opt out explicitly (with `Markdown`) to print anything raw.
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
# Line-start markers that only mean something at the start of a block.
_BLOCK_START = re.compile(r"^(\s*)(\d+)([.)])")
_INVISIBLE = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
_SPACES = re.compile(r"\s+")


class Markdown(str):
    """A string that is already safe Markdown (built by us from escaped parts)."""

    __slots__ = ()


def strip_invisible(text: str) -> str:
    """Remove control, zero-width and bidi-override characters."""
    return _INVISIBLE.sub("", text)


def escape_markdown(value: object) -> str:
    """Return the text as inline Markdown that renders literally and carries no markup."""
    if value is None:
        return ""
    if isinstance(value, Markdown):
        return value
    text = unicodedata.normalize("NFC", strip_invisible(str(value)))
    # Newlines inside a field would start new blocks (headings, lists, admonitions).
    text = _SPACES.sub(" ", text).strip()
    out = []
    for char in text:
        if char in _BACKSLASH:
            out.append("\\" + char)
        else:
            out.append(_ENTITY.get(char, char))
    escaped = "".join(out)
    # "1. Foo" or "2) Foo" at the start of a paragraph would become a list.
    escaped = _BLOCK_START.sub(r"\1\2\\\3", escaped)
    if escaped[:1] in {"-", "."}:
        escaped = "\\" + escaped
    return escaped


def escape_attr(value: object) -> str:
    """Return the text escaped for a double-quoted HTML attribute value."""
    text = _SPACES.sub(" ", strip_invisible(str(value or ""))).strip()
    return "".join(_ATTR_ENTITY.get(char, char) for char in text)


def safe_url(value: object) -> str | None:
    """Return an http(s) URL percent-encoded for a Markdown link target, else None."""
    if not value:
        return None
    text = strip_invisible(str(value)).strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return None
    # Parentheses, quotes, spaces and angle brackets would end the link or the attribute.
    return quote(text, safe=":/?#@!$&*+,;=%-._~[]")
