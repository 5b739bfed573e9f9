"""The annotate stage: Article -> Annotations. The spaCy Doc never leaves this module."""

from __future__ import annotations

from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from . import clauses, entities, quotes, sanctions
from .doc_text import doc_text
from .layout import compose_text
from .models import Annotations, Article, Sentence


def doc_to_annotations(doc: Doc, article: Article, pipeline: str = "") -> Annotations:
    """Turn a processed Doc into plain Annotations (the only place that reads the Doc)."""
    text, blocks = compose_text(article)
    assert doc_text(doc) == text, "the Doc must be made from compose_text(article)"
    ann = Annotations(text=text, blocks=blocks, pipeline=pipeline)
    ann.sentences = [Sentence(start=s.start_char, end=s.end_char) for s in doc.sents] if doc.has_annotation("SENT_START") or doc.has_annotation("DEP") else []
    ann.asides = clauses.find_asides(doc)
    ann.entities = entities.extract_entities(doc, article, ann)
    ann.quotes, quote_problems = quotes.extract_quotes(doc, article, ann)
    ann.sanctions = sanctions.detect_sanctions(doc, article, ann)
    ann.problems = quote_problems
    return ann


def annotate(article: Article, nlp: Language, pipeline: str = "") -> Annotations:
    """Annotate one article."""
    text, _ = compose_text(article)
    return doc_to_annotations(nlp(text), article, pipeline)


def annotate_many(
    articles: Iterable[Article], nlp: Language, pipeline: str = "", n_process: int = 1, batch_size: int = 16
) -> Iterator[tuple[Article, Annotations]]:
    """Annotate articles in batches with nlp.pipe, yielding (article, annotations) in order."""
    pairs = ((compose_text(a)[0], a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, n_process=n_process, batch_size=batch_size):
        yield article, doc_to_annotations(doc, article, pipeline)
