"""Sanctions references: UN Security Council resolutions and sanctions regimes."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from .models import Annotations, Article, Mention, ResolutionRef, Sanctions

_RESOLUTION = re.compile(r"\bResolution\s+(?:No\.\s*)?(\d{3,4})\b", re.IGNORECASE)


def add_rules(nlp: Language) -> None:
    """Add the sanctions rule layer to the pipeline."""


def detect_sanctions(doc: Doc, article: Article, ann: Annotations) -> Sanctions:
    """Find resolution numbers cited in the text."""
    refs: dict[int, ResolutionRef] = {}
    for match in _RESOLUTION.finditer(doc.text):
        number = int(match.group(1))
        ref = refs.setdefault(number, ResolutionRef(number=number))
        ref.evidence.append(Mention(start=match.start(), end=match.end(), text=match.group(0)))
    return Sanctions(resolutions=sorted(refs.values(), key=lambda r: r.number))
