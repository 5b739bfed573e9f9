"""The annotate stage: Article -> Annotations. The spaCy Doc never leaves this module."""

from __future__ import annotations

import gc
import multiprocessing
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
    """Annotate articles in batches with nlp.pipe, yielding (article, annotations) in order.

    With n_process > 1 the articles are shared out to forked worker processes that run the
    whole stage (spaCy and our rules) and send back only the Annotations.
    """
    if n_process > 1 and "fork" in multiprocessing.get_all_start_methods():
        yield from _annotate_in_workers(list(articles), nlp, pipeline, n_process, batch_size)
        return
    pairs = ((compose_text(a)[0], a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, n_process=n_process, batch_size=batch_size):
        yield article, doc_to_annotations(doc, article, pipeline)


# What forked workers inherit from the parent: set just before the fork, never sent over a pipe.
_shared: dict = {}
# Chunks per worker: enough that one slow chunk does not leave the other workers idle at the end.
_CHUNKS_PER_WORKER = 4


def _annotate_in_workers(
    articles: list[Article], nlp: Language, pipeline: str, n_process: int, batch_size: int
) -> Iterator[tuple[Article, Annotations]]:
    """Fork n_process workers that inherit the loaded pipeline and the articles.

    spaCy's own n_process sends every Doc back to the parent, which would then run our rules
    alone while the workers wait; here the workers return finished Annotations, and receive
    only article numbers (the articles themselves came with the fork).
    """
    if not articles:
        return
    size = max(1, min(batch_size, -(-len(articles) // (n_process * _CHUNKS_PER_WORKER))))
    chunks = [range(i, min(i + size, len(articles))) for i in range(0, len(articles), size)]
    _shared.update(articles=articles, nlp=nlp, pipeline=pipeline, batch_size=size)
    # Objects that exist before the fork are never collected in the workers, so the
    # collector does not touch (and copy) the pages they share with the parent.
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(min(n_process, len(chunks))) as pool:
            for chunk, annotations in zip(chunks, pool.imap(_annotate_chunk, chunks)):
                for index, ann in zip(chunk, annotations):
                    yield articles[index], ann
    finally:
        gc.unfreeze()
        _shared.clear()


def _annotate_chunk(chunk: range) -> list[Annotations]:
    """In a worker: annotate the articles numbered in chunk."""
    articles, nlp = _shared["articles"], _shared["nlp"]
    pairs = ((compose_text(articles[i])[0], articles[i]) for i in chunk)
    return [
        doc_to_annotations(doc, article, _shared["pipeline"])
        for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=_shared["batch_size"])
    ]
