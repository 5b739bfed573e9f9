"""Stable, transliterated slugs that can never leave their folder."""

from __future__ import annotations

from datetime import datetime

from slugify import slugify


def make_slug(text: str, max_length: int = 60) -> str:
    """Slugify text (transliterated, lower-case, hyphens); never empty, never a path."""
    slug = slugify(text or "", max_length=max_length, word_boundary=True, save_order=True)
    return slug or "untitled"


def article_slug(title: str, published: datetime | None) -> str:
    """Slug of a brief: the publication date, then the headline."""
    prefix = published.strftime("%Y-%m-%d-") if published else ""
    return prefix + make_slug(title)
