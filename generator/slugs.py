"""Stable, transliterated slugs that can never leave their folder."""

from __future__ import annotations

from datetime import datetime

from slugify import slugify

# Names a generated section uses for its own pages; a brief never takes them.
RESERVED = frozenset({"index", "page", "tags", "archive", "feed", "search", "assets"})


def make_slug(text: str, max_length: int = 60) -> str:
    """Slugify text (transliterated, lower-case, hyphens); never empty, never a path."""
    slug = slugify(text or "", max_length=max_length, word_boundary=True, save_order=True)
    return slug or "untitled"


def article_slug(title: str, published: datetime | None) -> str:
    """Slug of a brief: the publication date (in the article's own zone), then the headline."""
    slug = make_slug(title)
    if published is not None:
        return f"{published:%Y-%m-%d}-{slug}"
    return f"brief-{slug}" if slug in RESERVED else slug
