"""Direct quotes and their speakers."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from .models import Annotations, Article, Problem, Quote

_QUOTE = re.compile(r"“([^”]+)”")


def extract_quotes(doc: Doc, article: Article, ann: Annotations) -> tuple[list[Quote], list[Problem]]:
    """Find curly-quoted passages and credit the nearest person before them in the sentence."""
    found = []
    for match in _QUOTE.finditer(doc.text):
        span = doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
        speaker = None
        if span is not None:
            people = [e for e in span.sent.ents if e.label_ == "PERSON" and e.end_char <= match.start()]
            speaker = people[-1].text if people else None
        words = match.group(1).split()
        found.append(
            Quote(
                text=match.group(1), speaker=speaker, speaker_type="person" if speaker else "unknown",
                paragraph=ann.paragraph_at(match.start()), start=match.start(1), end=match.end(1),
                partial=len(words) < 5,
            )
        )
    return found, []
