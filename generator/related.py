"""Related briefs: for each brief, up to five others that share its people, places and regimes.

Modelled on Hugo's related content: each brief is indexed by keys (entities, sanctions
regimes and resolutions), each kind of key has a weight, and a pair of briefs scores the
weighted sum of the keys they share. Here a shared key also counts as much as it matters to both
briefs (entity salience, normalized per brief) and as much as it is rare across the site (an
entity named in every brief links nothing); a small bonus favours briefs close in time.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from .models import Annotations, Article, RelatedBrief

MAX_RELATED = 5
WEIGHTS = {"entity": 100.0, "regime": 80.0, "resolution": 80.0}
"""Weight of a shared key by kind (Hugo's default gives keywords 100 and tags 80)."""
DATE_WEIGHT = 10.0
"""Bonus for two briefs published on the same day, halving every HALF_LIFE_DAYS apart."""
HALF_LIFE_DAYS = 30.0
THRESHOLD = 5.0
"""Pairs whose shared keys score less share too little to be shown as related."""
ENTITY_TYPES = ("person", "organization", "place")
MAX_SHARED_NAMES = 3


@dataclass(frozen=True)
class Keys:
    """What one brief is about: weight of each key in [0, 1], key names, and its date."""

    slug: str
    title: str
    weights: dict[str, float]
    names: dict[str, str]
    published: datetime | None


def brief_keys(article: Article, ann: Annotations) -> Keys:
    """Index one brief by its entities (salience relative to its top entity) and sanctions refs."""
    entities = [e for e in ann.entities if e.type in ENTITY_TYPES and not e.in_credit]
    top = max((e.salience for e in entities), default=0.0)
    weights: dict[str, float] = {}
    names: dict[str, str] = {}
    for entity in entities:
        key = f"entity:{entity.type}:{entity.id}"
        share = entity.salience / top if top > 0 else 1.0
        weights[key] = max(weights.get(key, 0.0), share)
        names.setdefault(key, entity.name)
    for regime in ann.sanctions.regimes:
        key = f"regime:{regime.id}"
        weights[key] = 1.0
        names.setdefault(key, regime.id)
    for resolution in ann.sanctions.resolutions:
        key = f"resolution:{resolution.number}"
        weights[key] = 1.0
        names.setdefault(key, f"Resolution {resolution.number}")
    return Keys(slug=article.slug, title=article.title, weights=weights, names=names, published=article.published)


def score_pair(a: Keys, b: Keys, rarity: dict[str, float]) -> tuple[float, list[str]]:
    """Score how related b is to a, and the keys they share, most telling first."""
    shared = []
    for key in a.weights.keys() & b.weights.keys():
        kind = key.split(":", 1)[0]
        value = WEIGHTS[kind] * math.sqrt(a.weights[key] * b.weights[key]) * rarity[key]
        shared.append((value, key))
    if not shared:
        return 0.0, []
    shared.sort(key=lambda item: (-item[0], item[1]))
    score = sum(value for value, _ in shared)
    if score < THRESHOLD:
        return 0.0, []
    if a.published and b.published:
        days = abs((a.published - b.published).total_seconds()) / 86400
        score += DATE_WEIGHT * 0.5 ** (days / HALF_LIFE_DAYS)
    return score, [key for _, key in shared]


def rarity_of(keys: list[Keys]) -> dict[str, float]:
    """Inverse document frequency of each key across all briefs, in (0, 1]."""
    counts = Counter(key for k in keys for key in k.weights)
    total = len(keys)
    return {key: math.log(1 + total / n) / math.log(1 + total) for key, n in counts.items()}


def find_related(keys: list[Keys], limit: int = MAX_RELATED) -> dict[str, list[RelatedBrief]]:
    """For every brief, the other briefs most related to it, best first (ties: newer, then slug)."""
    rarity = rarity_of(keys)
    related: dict[str, list[RelatedBrief]] = {}
    for a in keys:
        scored = []
        for b in keys:
            if b.slug == a.slug:
                continue
            score, shared = score_pair(a, b, rarity)
            if not shared:
                continue
            stamp = b.published.timestamp() if b.published else float("-inf")
            scored.append((-round(score, 6), -stamp, b.slug, b, shared))
        scored.sort(key=lambda item: item[:3])
        related[a.slug] = [
            RelatedBrief(
                slug=b.slug, title=b.title, url=f"{b.slug}.md",
                date=b.published.date().isoformat() if b.published else None,
                score=round(-negative, 2),
                shared=[a.names[key] for key in shared if not key.startswith("regime:")][:MAX_SHARED_NAMES],
            )
            for negative, _, _, b, shared in scored[:limit]
        ]
    return related


def link_related(items: list) -> None:
    """Fill brief.related on every Item (article, annotations, brief) from all the others."""
    keys = [brief_keys(item.article, item.annotations) for item in items]
    related = find_related(keys)
    for item in items:
        item.brief.related = related.get(item.brief.slug, [])
