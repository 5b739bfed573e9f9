"""The annotation JSON contract printed by `briefs annotate --json`."""

from __future__ import annotations

from .models import Annotations, Article


def annotation_json(article: Article, ann: Annotations) -> dict:
    """Return the stable JSON shape: article, entities, quotes, sanctions."""
    return {
        "article": {
            "title": article.title,
            "dek": article.dek,
            "published": article.published.isoformat() if article.published else None,
            "modified": article.modified.isoformat() if article.modified else None,
            "authors": [a.model_dump() for a in article.authors],
            "source": article.source,
            "url": article.url,
            "captions": [c.model_dump() for c in article.captions],
            "paragraphs": article.paragraphs,
        },
        "entities": [
            {
                "name": e.name, "type": e.type, "aliases": e.aliases, "role": e.role, "acronym": e.acronym,
                "mentions": [m.model_dump() for m in e.mentions], "salience": e.salience, "in_credit": e.in_credit,
            }
            for e in ann.entities
        ],
        "quotes": [
            {
                "text": q.text, "speaker": q.speaker, "speaker_type": q.speaker_type, "role": q.role, "cue": q.cue,
                "paragraph": q.paragraph, "channel": q.channel, "partial": q.partial, "nested": q.nested,
                "group": q.group, "start": q.start, "end": q.end, "confidence": q.confidence,
            }
            for q in ann.quotes
        ],
        "sanctions": ann.sanctions.model_dump(mode="json"),
        "problems": [str(p) for p in ann.problems],
    }
