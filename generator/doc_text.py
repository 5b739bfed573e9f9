"""The text of a spaCy Doc, joined once per Doc."""

from __future__ import annotations

from spacy.tokens import Doc

_KEY = "briefs_text"


def doc_text(doc: Doc) -> str:
    """Return doc.text, computed once and kept in doc.user_data.

    Doc.text builds a Token object for every token and joins their texts on each access; the
    annotate stage reads the text of the same Doc in many places. Tokens may be merged or
    split after this but the text never changes, so the kept copy stays right.
    """
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.user_data[_KEY] = doc.text
    return text
