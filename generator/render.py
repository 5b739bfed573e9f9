"""Render view models to Markdown through the Jinja2 templates in templates/.

Escaping happens here and nowhere else: the environment's finalize hook passes every printed
value through escape_markdown unless the value is already `Markdown`, so article text can only
reach a page as literal text.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import jinja2
import yaml

from .escape import Markdown, escape_attr, escape_markdown, safe_url
from .slugs import make_slug
from .models import Brief, Paragraph


def make_environment(templates_dir: Path) -> jinja2.Environment:
    """Build the one Jinja environment used for every generated page."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        undefined=jinja2.StrictUndefined,
        finalize=escape_markdown,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        attr=lambda v: Markdown(escape_attr(v)),
        url=url_filter,
        link=link_filter,
        front_matter=front_matter_filter,
        isodate=lambda d: Markdown(d.isoformat()) if d else "",
        dateline=dateline_filter,
        utc=lambda d: d.astimezone(timezone.utc) if d else None,
        md=Markdown,
        slug=make_slug,
        linked=linked_filter,
    )
    return env


def url_filter(value: object) -> Markdown:
    """Print a URL from an article if it is http(s); otherwise nothing."""
    return Markdown(safe_url(value) or "")


# Links we build are relative paths made of slugs (no scheme, no space, no parenthesis);
# any other target is treated as a URL from an article and must pass safe_url.
_OUR_URL = re.compile(r"[A-Za-z0-9._/#-]+")


def link_filter(text: object, target: str | None) -> Markdown:
    """Make a Markdown link with escaped text; target is a URL we built or an article URL."""
    label = escape_markdown(text)
    if not target:
        return Markdown(label)
    target = str(target)
    if not _OUR_URL.fullmatch(target):
        target = safe_url(target)
        if not target:
            return Markdown(label)
    return Markdown(f"[{label}]({target})")


def linked_filter(paragraph: Paragraph) -> Markdown:
    """Print a paragraph with its entity links: every text piece escaped, only our URLs raw."""
    out, cursor, text = [], 0, paragraph.text
    for start, end, url in sorted(paragraph.links):
        if start < cursor or end > len(text) or start >= end or not _OUR_URL.fullmatch(url):
            continue  # overlapping, out of range or not one of our relative URLs: leave as text
        out.append(_escape_piece(text[cursor:start], first=not out))
        out.append(f"[{_escape_piece(text[start:end], first=False)}]({url})")
        cursor = end
    out.append(_escape_piece(text[cursor:], first=not out))
    return Markdown("".join(out).strip())


def _escape_piece(piece: str, first: bool) -> str:
    """Escape a stretch of a paragraph, keeping its edge spaces; only the first piece starts a block."""
    if not piece.strip():
        return "" if first or not piece else " "
    # Block-start escapes ("1." or "-" opening a line) only matter at the paragraph's start; a
    # plain letter in front keeps escape_markdown from applying them, and from eating the space.
    escaped = escape_markdown(piece) if first else escape_markdown("x" + piece)[1:]
    trail = " " if piece[-1].isspace() and piece.strip() else ""
    return escaped + trail


def dateline_filter(value: datetime | None) -> Markdown:
    """Format an aware datetime as '13 September 2023, 14:05 (UTC+09:00)'."""
    if value is None:
        return Markdown("")
    offset = value.strftime("%z")
    zone = "UTC" if offset in ("", "+0000") else f"UTC{offset[:3]}:{offset[3:]}"
    return Markdown(f"{value.day} {value:%B %Y, %H:%M} ({zone})")


def front_matter_filter(meta: dict) -> Markdown:
    """Dump page metadata as YAML; strings are HTML-escaped because themes print them raw.

    Values that are empty once escaped (only invisible characters) are left out, so a theme
    never prints an empty title or tag.
    """
    clean = {k: v for k, v in ((k, _escape_meta(v)) for k, v in meta.items()) if v not in (None, [], "")}
    return Markdown(yaml.safe_dump(clean, allow_unicode=True, sort_keys=False, width=1000).rstrip("\n"))


def _escape_meta(value):
    if isinstance(value, str):
        return escape_attr(value)
    if isinstance(value, list):
        return [v for v in (_escape_meta(v) for v in value) if v not in (None, "")]
    if isinstance(value, dict):
        return {k: _escape_meta(v) for k, v in value.items()}
    return value


def render_page(env: jinja2.Environment, template: str, **context) -> str:
    """Render a template to Markdown text that ends with exactly one newline."""
    return env.get_template(template).render(**context).rstrip("\n") + "\n"


def render_brief(env: jinja2.Environment, brief: Brief) -> str:
    """Render one brief to Markdown."""
    return render_page(env, "brief.md.j2", brief=brief)
