"""Block boundaries: a blank line in the annotation text always ends a sentence.

compose_text joins headline, dek, captions and paragraphs with blank lines. A headline has no
final full stop, so without this the parser runs it into the first paragraph's first sentence
("Harbor talks in Velmora\\n\\nTove Arnsdal said ..." parses "Tove Arnsdal" as the object of
"in"), and names, subjects and quote speakers come out wrong at the top of every article.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

COMPONENT = "block_breaks"


@Language.component(COMPONENT)
def block_breaks(doc: Doc) -> Doc:
    """Start a sentence at every blank line (the parser keeps preset sentence starts)."""
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            # The blank line opens the next sentence rather than closing the last one: a name
            # right after a forced start is otherwise sometimes cut apart by the parser.
            token.is_sent_start = True
    return doc


def add_to(nlp: Language) -> None:
    """Put the component before the parser (or the sentencizer) if it is not there yet."""
    if COMPONENT in nlp.pipe_names:
        return
    for anchor in ("parser", "senter", "sentencizer"):
        if anchor in nlp.pipe_names:
            nlp.add_pipe(COMPONENT, before=anchor)
            return
    nlp.add_pipe(COMPONENT, first=True)
