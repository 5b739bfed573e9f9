"""Sanctions references: the regimes and UN Security Council resolutions an article touches.

- `kb`: the knowledge base (generator/data/sanctions/), checked by `schema` when it loads;
- `rules`: its words and phrases as a spaCy SpanRuler layer;
- `detect`: Doc -> Sanctions (resolutions and regimes, with evidence offsets);
- `box`: Annotations -> the sanctions-context box of a brief.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .kb import KnowledgeBase, KnowledgeBaseError, load_kb

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from ..models import Annotations, Article, Sanctions

__all__ = ["KnowledgeBase", "KnowledgeBaseError", "add_rules", "detect_sanctions", "load_kb"]


def add_rules(nlp: Language) -> None:
    """Add the sanctions rule layer (a SpanRuler made from the knowledge base) to the pipeline."""
    from .rules import add_ruler

    add_ruler(nlp, load_kb())


def detect_sanctions(doc: Doc, article: Article, ann: Annotations) -> Sanctions:
    """Find the resolutions and regimes an article refers to."""
    from .detect import detect

    return detect(doc, article, ann)
