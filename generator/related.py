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

import numpy as np

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


def key_value(key: str, a: Keys, b: Keys, rarity: dict[str, float]) -> float:
    """What one shared key adds: its kind's weight, its weight in both briefs, its rarity."""
    return WEIGHTS[key.split(":", 1)[0]] * math.sqrt(a.weights[key] * b.weights[key]) * rarity[key]


def shared_keys(a: Keys, b: Keys, rarity: dict[str, float]) -> list[str]:
    """The keys two briefs share, most telling first."""
    return sorted(a.weights.keys() & b.weights.keys(), key=lambda key: (-key_value(key, a, b, rarity), key))


def rarity_of(keys: list[Keys]) -> dict[str, float]:
    """Inverse document frequency of each key across all briefs, in (0, 1]."""
    counts = Counter(key for k in keys for key in k.weights)
    total = len(keys)
    return {key: math.log(1 + total / n) / math.log(1 + total) for key, n in counts.items()}


def find_related(keys: list[Keys], limit: int = MAX_RELATED) -> dict[str, list[RelatedBrief]]:
    """For every brief, the other briefs most related to it, best first (ties: newer, then slug).

    score(a, b) = sum over shared keys of weight(kind) * sqrt(w_a * w_b) * rarity, kept only
    when at least THRESHOLD, plus DATE_WEIGHT halved every HALF_LIFE_DAYS between the two dates.
    The sum is a dot product of rows sqrt(weight(kind) * rarity * w), computed per key over an
    inverted index so a large archive does not cost a Python loop over every pair.
    """
    rarity = rarity_of(keys)
    count = len(keys)
    postings: dict[str, tuple[list[int], list[float]]] = {}
    rows: list[list[tuple[str, float]]] = []
    for index, k in enumerate(keys):
        row = []
        for key in sorted(k.weights):
            root = math.sqrt(WEIGHTS[key.split(":", 1)[0]] * rarity[key] * k.weights[key])
            row.append((key, root))
            ids, values = postings.setdefault(key, ([], []))
            ids.append(index)
            values.append(root)
        rows.append(row)
    arrays = {key: (np.array(ids, dtype=np.int64), np.array(values)) for key, (ids, values) in postings.items()}
    stamps = np.array([k.published.timestamp() if k.published else np.nan for k in keys])
    order_by_slug = np.argsort(np.array([k.slug for k in keys]), kind="stable")
    slug_rank = np.empty(count, dtype=np.int64)
    slug_rank[order_by_slug] = np.arange(count)
    related: dict[str, list[RelatedBrief]] = {}
    for index, a in enumerate(keys):
        scores = np.zeros(count)
        for key, root in rows[index]:
            ids, values = arrays[key]
            scores[ids] += root * values
        scores[index] = 0.0
        candidates = np.flatnonzero(scores >= THRESHOLD)
        if candidates.size and not np.isnan(stamps[index]):
            days = np.abs(stamps[candidates] - stamps[index]) / 86400
            scores[candidates] += np.where(np.isnan(days), 0.0, DATE_WEIGHT * 0.5 ** (days / HALF_LIFE_DAYS))
        chosen = candidates[
            np.lexsort((slug_rank[candidates], -np.nan_to_num(stamps[candidates], nan=-np.inf), -np.round(scores[candidates], 6)))
        ][:limit]
        related[a.slug] = [_related_brief(a, keys[b], float(scores[b]), rarity) for b in chosen]
    return related


def _related_brief(a: Keys, b: Keys, score: float, rarity: dict[str, float]) -> RelatedBrief:
    shared = [a.names[key] for key in shared_keys(a, b, rarity) if not key.startswith("regime:")]
    return RelatedBrief(
        slug=b.slug, title=b.title, url=f"{b.slug}.md",
        date=b.published.date().isoformat() if b.published else None,
        score=round(score, 2), shared=shared[:MAX_SHARED_NAMES],
    )


def link_related(items: list) -> None:
    """Fill brief.related on every Item (article, annotations, brief) from all the others."""
    keys = [brief_keys(item.article, item.annotations) for item in items]
    related = find_related(keys)
    for item in items:
        item.brief.related = related.get(item.brief.slug, [])
