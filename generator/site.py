"""Cross-brief pages: home, and the page builders other modules contribute."""

from __future__ import annotations

from dataclasses import dataclass

import jinja2

from .models import Annotations, Article, Brief
from .render import render_brief, render_page


@dataclass(frozen=True)
class Item:
    """One published brief with the stages that produced it."""

    article: Article
    annotations: Annotations
    brief: Brief


def newest_first(items: list[Item]) -> list[Item]:
    """Order items by publication date, newest first, then by slug for stability."""
    return sorted(items, key=lambda i: (-(i.article.published.timestamp() if i.article.published else 0), i.brief.slug))


def render_home(env: jinja2.Environment, items: list[Item]) -> dict[str, str]:
    """Render the home page: the latest briefs as cards (archive_pages.render_home)."""
    from .archive_pages import render_home as render_home_cards

    return render_home_cards(env, items)


def render_briefs(env: jinja2.Environment, items: list[Item]) -> dict[str, str]:
    """Render one page per brief under briefs/."""
    return {f"briefs/{i.brief.slug}.md": render_brief(env, i.brief) for i in items}


# Each builder maps the published items to {docs-relative path: Markdown}.
PAGE_BUILDERS = [render_briefs, render_home]

from . import entity_pages  # noqa: E402  (it imports Item and newest_first from here)

PAGE_BUILDERS.append(entity_pages.render_entity_pages)

from . import archive_pages, feed  # noqa: E402  (they import newest_first from here, lazily)

PAGE_BUILDERS += [archive_pages.render_archive, archive_pages.render_tags, feed.render_feed]

from . import sanctions_pages  # noqa: E402

PAGE_BUILDERS.append(sanctions_pages.render_sanctions_pages)


def render_site_pages(env: jinja2.Environment, items: list[Item]) -> dict[str, str]:
    """Render every generated page of the site."""
    pages: dict[str, str] = {}
    for builder in PAGE_BUILDERS:
        pages.update(builder(env, items))
    return pages
