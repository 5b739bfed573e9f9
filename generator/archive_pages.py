"""Listing pages across briefs: the home page's cards, the archive by month and the tag pages.

Every listing is paginated, so no page grows without bound as briefs are added (DESIGN.md,
decision 7); links are relative Markdown links, so MkDocs checks them and the site works under
any sub-path.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from datetime import datetime

import jinja2

from .models import Brief
from .render import render_page
from .slugs import make_slug

HOME_LIMIT = 12
"""Briefs shown as cards on the home page; the rest are in the archive."""
PAGE_SIZE = 20
"""Briefs per archive or tag page."""
CARD_ENTITIES = 4
"""Entities named on a card."""
UNDATED = "undated"


@dataclass(frozen=True)
class Link:
    """A label and a Markdown link target relative to the page that shows it."""

    label: str
    url: str


@dataclass(frozen=True)
class Card:
    """What a card shows for one brief, with links relative to the listing page."""

    brief: Brief
    url: str
    entities: list[Link] = field(default_factory=list)
    sanctions: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Pager:
    """Position of a page in a paginated listing."""

    number: int
    count: int
    newer: str | None = None
    older: str | None = None


def relative(page: str, target: str) -> str:
    """Markdown link from the docs-relative page to the docs-relative target."""
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


def brief_path(brief: Brief) -> str:
    """Docs-relative path of a brief's Markdown page."""
    return f"briefs/{brief.slug}.md"


def top_entities(brief: Brief, limit: int = CARD_ENTITIES) -> list:
    """The most mentioned sidebar entities of a brief, people first on ties."""
    ranked = [*brief.people, *brief.organizations, *brief.places]
    # sorted() is stable: equal mention counts keep the sidebar's own order.
    chosen, seen = [], set()
    for item in sorted(ranked, key=lambda item: -item.mentions):
        # One name once, even when the annotator filed it under two types.
        if item.name.casefold() not in seen:
            seen.add(item.name.casefold())
            chosen.append(item)
    return chosen[:limit]


def sanctions_labels(brief: Brief) -> list[str]:
    """Names of the regimes and resolutions in a brief's sanctions box."""
    box = brief.sanctions_box
    return [r.name for r in box.regimes] + [r.title for r in box.resolutions]


def make_card(brief: Brief, page: str) -> Card:
    """Build the card of a brief as seen from the docs-relative page."""
    entities = []
    for item in top_entities(brief):
        if "://" in item.url:
            continue
        # Sidebar links are relative to the brief page; re-base them on the listing page.
        target = posixpath.normpath(posixpath.join(posixpath.dirname(brief_path(brief)), item.url))
        entities.append(Link(item.name, relative(page, target)))
    return Card(brief=brief, url=relative(page, brief_path(brief)), entities=entities, sanctions=sanctions_labels(brief))


def month_key(brief: Brief) -> str:
    """Archive bucket of a brief: 'YYYY-MM' of its publication date, or 'undated'."""
    return brief.published.strftime("%Y-%m") if brief.published else UNDATED


def month_label(key: str) -> str:
    """'2023-09' -> 'September 2023'."""
    if key == UNDATED:
        return "Undated"
    return datetime.strptime(key, "%Y-%m").strftime("%B %Y")


def page_paths(folder: str, count: int) -> list[str]:
    """Docs-relative paths of the pages of a listing: folder/index.md, folder/2.md, ..."""
    return [f"{folder}/index.md"] + [f"{folder}/{n}.md" for n in range(2, count + 1)]


def paginate(env: jinja2.Environment, folder: str, briefs: list[Brief], template: str, **context) -> dict[str, str]:
    """Render a listing of briefs (newest first) as pages of PAGE_SIZE cards."""
    chunks = [briefs[i : i + PAGE_SIZE] for i in range(0, len(briefs), PAGE_SIZE)] or [[]]
    paths = page_paths(folder, len(chunks))
    pages = {}
    for number, (path, chunk) in enumerate(zip(paths, chunks), start=1):
        pager = Pager(
            number=number,
            count=len(chunks),
            newer=relative(path, paths[number - 2]) if number > 1 else None,
            older=relative(path, paths[number]) if number < len(chunks) else None,
        )
        cards = [make_card(b, path) for b in chunk]
        pages[path] = render_page(env, template, cards=cards, pager=pager, up=relative(path, "index.md"), **context)
    return pages


def ordered_briefs(items: list) -> list[Brief]:
    """Published briefs, newest first."""
    from .site import newest_first

    return [item.brief for item in newest_first(items) if not item.brief.draft]


def render_home(env: jinja2.Environment, items: list) -> dict[str, str]:
    """Render the home page: the latest briefs as cards, then links to the archive and feed."""
    briefs = ordered_briefs(items)
    site = env.globals.get("site")
    return {
        "index.md": render_page(
            env, "home.md.j2",
            cards=[make_card(b, "index.md") for b in briefs[:HOME_LIMIT]],
            total=len(briefs),
            has_feed=bool(site and site.site_url),
        )
    }


def render_archive(env: jinja2.Environment, items: list) -> dict[str, str]:
    """Render archive/index.md (months, newest first) and one paginated listing per month."""
    months: dict[str, list[Brief]] = {}
    for brief in ordered_briefs(items):
        months.setdefault(month_key(brief), []).append(brief)
    # Newest month first; undated briefs last.
    keys = sorted((k for k in months if k != UNDATED), reverse=True) + ([UNDATED] if UNDATED in months else [])
    years: dict[str, list[tuple[Link, int]]] = {}
    for key in keys:
        year = "Undated" if key == UNDATED else key[:4]
        years.setdefault(year, []).append((Link(month_label(key), f"{key}/index.md"), len(months[key])))
    pages = {"archive/index.md": render_page(env, "archive.md.j2", years=years, total=sum(map(len, months.values())))}
    for key in keys:
        pages.update(paginate(env, f"archive/{key}", months[key], "listing.md.j2", title=month_label(key), kind="month", index="../index.md"))
    return pages


def render_tags(env: jinja2.Environment, items: list) -> dict[str, str]:
    """Render tags/index.md (every tag with its count) and one paginated listing per tag."""
    tagged: dict[str, tuple[str, list[Brief]]] = {}
    for brief in ordered_briefs(items):
        for tag in sorted(set(brief.tags)):
            slug = make_slug(tag)
            # Tags that differ only in case or punctuation share one page, named by the first seen.
            tagged.setdefault(slug, (tag, []))[1].append(brief)
    slugs = sorted(tagged, key=lambda s: (tagged[s][0].casefold(), s))
    index = [(Link(tagged[s][0], f"{s}/index.md"), len(tagged[s][1])) for s in slugs]
    pages = {"tags/index.md": render_page(env, "tags.md.j2", tags=index)}
    for slug in slugs:
        name, briefs = tagged[slug]
        pages.update(paginate(env, f"tags/{slug}", briefs, "listing.md.j2", title=name, kind="tag", index="../index.md"))
    return pages
