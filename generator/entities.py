"""Entities: spaCy NER plus a rule layer, merged into one entity per real-world thing."""

from __future__ import annotations

from collections import defaultdict

from spacy.language import Language
from spacy.tokens import Doc

from .models import Annotations, Article, Entity, Mention
from .slugs import make_slug

LABEL_TYPES = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
    "EVENT": "event",
    "LAW": "law",
}


def add_rules(nlp: Language) -> None:
    """Add the entity rule layer to the pipeline (patterns live in generator/data)."""


def extract_entities(doc: Doc, article: Article, ann: Annotations) -> list[Entity]:
    """Group the Doc's entity spans into entities with mentions, ranked by salience."""
    grouped: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for span in doc.ents:
        kind = LABEL_TYPES.get(span.label_)
        if kind is None:
            continue
        grouped[(kind, span.text)].append(Mention(start=span.start_char, end=span.end_char, text=span.text))
    found = []
    length = max(len(doc.text), 1)
    for (kind, name), mentions in grouped.items():
        first = mentions[0].start / length
        found.append(
            Entity(
                id=make_slug(name), name=name, type=kind, mentions=mentions,
                salience=round(len(mentions) + (1 - first), 4),
            )
        )
    found.sort(key=lambda e: (-e.salience, e.name))
    return found
