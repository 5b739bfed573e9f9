"""Droppable clauses: asides a sentence still stands without, found on the dependency parse.

Key points are shortened only by dropping whole asides (appositives, non-restrictive relative
clauses, comma-set participial phrases, bracketed and dash-set insertions, opening connectives),
never by rewriting. An aside is kept only when the parse and the punctuation agree on its
edges, because a clause cut at a wrong comma turns a true sentence into a false one.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from .models import Aside

OPENERS = {",": ",", "—": "—", "–": "–", "(": ")", "[": "]"}
"""Punctuation that opens an aside, mapped to the punctuation that closes it mid-sentence."""
FINAL = {".", "!", "?", "…", ";"}
RELATIVE_WORDS = {"which", "who", "whom", "whose", "where"}
# Relation labels whose subtree is an aside when punctuation sets it off (spaCy English labels).
ASIDE_DEPS = {"appos": "appositive", "relcl": "relative", "acl": "participial"}
# Prepositions that introduce a droppable example list (", including X", ", such as X").
EXAMPLE_PREPS = {"including", "like", "notably", "especially"}
# Opening words a sentence keeps its claim without ("Moreover, ...", "But ...").
CONNECTIVE_DEPS = {"advmod", "cc"}


def find_asides(doc: Doc) -> list[Aside]:
    """Return every droppable aside in the Doc as character spans, in text order."""
    if not (doc.has_annotation("SENT_START") or doc.has_annotation("DEP")):
        return []
    found: dict[tuple[int, int], Aside] = {}
    for sent in doc.sents:
        end = sent.end
        while end > sent.start and doc[end - 1].is_space:
            end -= 1
        if end - sent.start < 2:
            continue
        for aside in _sentence_asides(doc[sent.start : end]):
            found.setdefault((aside.start, aside.end), aside)
    return sorted(found.values(), key=lambda a: (a.start, a.end))


def _sentence_asides(sent: Span) -> list[Aside]:
    asides = []
    connective = _connective(sent)
    if connective:
        asides.append(connective)
    for token in sent:
        kind = ASIDE_DEPS.get(token.dep_)
        if kind == "relative" and not _is_nonrestrictive(token):
            continue
        if kind == "participial" and token.tag_ not in {"VBN", "VBG"}:
            continue
        if kind is None and token.dep_ == "prep" and token.lower_ in EXAMPLE_PREPS:
            kind = "example"
        if kind is None:
            continue
        aside = _delimited(sent, _left_edge(token), token.right_edge, kind)
        if aside:
            asides.append(aside)
    asides += _bracketed(sent)
    return asides


def _left_edge(token: Token) -> Token:
    """The subtree's first token, widened to a relative pronoun the parser hung elsewhere."""
    left = token.left_edge
    if token.dep_ == "relcl" and left.i > 0:
        before = left.doc[left.i - 1]
        if before.lower_ in RELATIVE_WORDS:
            return before
    return left


def _is_nonrestrictive(token: Token) -> bool:
    """A relative clause set off by a comma and opened by a wh-word ('..., which ...')."""
    left = _left_edge(token)
    return left.lower_ in RELATIVE_WORDS and left.i > 0 and left.doc[left.i - 1].text in {",", "—", "–", "("}


def _delimited(sent: Span, first: Token, last: Token, kind: str) -> Aside | None:
    """Span first..last as an aside if punctuation opens it and closes it (or ends the sentence)."""
    doc = sent.doc
    if first.i <= sent.start or first.i - 1 <= sent.start:
        return None
    opener = doc[first.i - 1]
    if opener.text not in OPENERS:
        return None
    closer_text = OPENERS[opener.text]
    end = last.i + 1
    # The parser sometimes ends a name early ("... (WPK) Central Committee, also chairs"): carry
    # on over proper nouns and brackets up to the closing punctuation, but never over a verb.
    while end < sent.end and doc[end].text != closer_text and doc[end].text not in FINAL:
        if doc[end].pos_ not in {"PROPN", "PUNCT"} or doc[end].text in OPENERS:
            return None
        end += 1
    if end >= sent.end:
        return None
    closer = doc[end]
    start_char = _end_before(doc, opener.i)
    if closer.text == closer_text and closer.text != "," and end + 1 < sent.end and doc[end + 1].text in FINAL:
        # "... (UNSC)." : drop through the closing bracket, keep the full stop.
        return Aside(start=start_char, end=closer.idx + len(closer.text), kind=kind)
    if closer.text in FINAL or (end + 1 >= sent.end and closer.is_punct):
        # A trailing aside: drop up to the sentence's final punctuation.
        return Aside(start=start_char, end=doc[end - 1].idx + len(doc[end - 1].text), kind=kind)
    if closer.text != closer_text:
        return None
    return Aside(start=start_char, end=closer.idx + len(closer.text), kind=kind)


def _end_before(doc: Doc, i: int) -> int:
    """Character offset just after the last non-space token before token i."""
    j = i - 1
    while j > 0 and doc[j].is_space:
        j -= 1
    return doc[j].idx + len(doc[j].text)


def _bracketed(sent: Span) -> list[Aside]:
    """Bracketed and dash-set insertions ('(UNSC)', '— a member of X —', '— doing Y.'), by punctuation."""
    asides, doc = [], sent.doc
    i = sent.start + 1
    while i < sent.end:
        closer_text = {"(": ")", "[": "]", "—": "—", "–": "–"}.get(doc[i].text)
        if not closer_text:
            i += 1
            continue
        start_char = _end_before(doc, i)
        for end in range(i + 1, sent.end):
            if doc[end].text == closer_text:
                if end > i + 1:
                    asides.append(Aside(start=start_char, end=doc[end].idx + len(doc[end].text), kind="bracketed"))
                break
            if doc[end].text in FINAL or (closer_text in {")", "]"} and doc[end].text in {"(", "[", "—", "–"}):
                # A single dash running to the end of the sentence sets off an aside too.
                if closer_text in {"—", "–"} and doc[end].text in FINAL and end == sent.end - 1 and end > i + 1:
                    asides.append(Aside(start=start_char, end=doc[end - 1].idx + len(doc[end - 1].text), kind="bracketed"))
                break
        else:
            end = i
        # Resume after the closer so a closing dash never opens a new aside.
        i = end + 1 if doc[end].text == closer_text and end > i else i + 1
    return asides


def _connective(sent: Span) -> Aside | None:
    """An opening connective ('Moreover,', 'Meanwhile,', 'But') that can go."""
    tokens = [t for t in sent if not t.is_space]
    if len(tokens) < 4:
        return None
    first = tokens[0]
    if first.dep_ not in CONNECTIVE_DEPS or first.head.i == first.i:
        return None
    if first.dep_ == "advmod" and tokens[1].text != ",":
        return None
    if first.dep_ == "advmod" and first.head.dep_ != "ROOT":
        return None
    following = tokens[2] if tokens[1].text == "," else tokens[1]
    return Aside(start=first.idx, end=following.idx, kind="connective")
