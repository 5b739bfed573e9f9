"""Types from the common noun written next to a name: ships, businesses, agreements.

"the tanker Velka Morin 2", "the Norvaskan Velka Morin 2 tanker" and "the Velka Morin 2, the
Norvaskan tanker" name a vessel (type "other", never a person or a body, and without the
nationality adjective); "state gas monopoly Brennagaz", "oil companies Velcor and Ardenoil" and
"the petroleum unit of Brennagaz" name businesses. The word lists live in entity_words.yml.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from ..doc_text import doc_text
from .lexicon import nationalities, words
from .mentions import Candidate

# The shape of a nationality adjective (the list in nationalities.txt cannot hold invented ones).
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:an|ean|ian|ese|ish|i)$")
_MAX_NAME = 5
_MAX_APPOSITION_WORDS = 3
_DETERMINERS = {"the", "a", "an"}


def is_vessel_noun(doc: Doc, i: int) -> bool:
    """True when the word at i is a kind of ship ('tanker', 'aircraft carrier'), lower case."""
    token = doc[i]
    if not token.is_lower:
        return False
    if token.lower_ in words()["vessel_nouns"]:
        return True
    return token.lower_ == "carrier" and i > 0 and doc[i - 1].lower_ in words()["vessel_modifiers"]


def _name_token(token: Token) -> bool:
    return token.is_title or (token.like_num and not token.is_punct) or (token.is_upper and token.is_alpha)


def _run_after(doc: Doc, i: int) -> Span | None:
    """The capitalised run starting at i ('Velka Morin 2'); numbers may follow the first word."""
    if i >= len(doc) or not doc[i].is_title:
        return None
    j = i
    while j < len(doc) and j - i < _MAX_NAME and _name_token(doc[j]) and not (j > i and doc[j].is_sent_start):
        j += 1
    return doc[i:j]


def _run_before(doc: Doc, end: int) -> Span | None:
    """The capitalised run ending just before `end` ('the Norvaskan Velka Morin 2' -> 'Velka Morin 2')."""
    i = end
    while i > 0 and end - i < _MAX_NAME + 1 and _name_token(doc[i - 1]) and not doc[i].is_sent_start:
        i -= 1
    while i < end and _is_nationality(doc[i]):
        i += 1
    if i >= end or not doc[i].is_title:
        return None
    return doc[i:end]


def _is_nationality(token: Token) -> bool:
    """A nationality adjective: a listed one, or one shaped like it ('Norvaskan') that the model
    calls a nationality or the article also uses before a common noun ('the Norvaskan tanker').
    The shape alone is not enough: 'Adrian' ends like 'Norvaskan'."""
    if token.lower_ in nationalities():
        return True
    if not _DEMONYM.match(token.text):
        return False
    return token.ent_type_ == "NORP" or token.pos_ == "ADJ" or any(
        other.text == token.text and other.i + 1 < len(other.doc)
        and other.doc[other.i + 1].pos_ == "NOUN" and other.doc[other.i + 1].is_lower
        for other in token.doc
    )


# A model knows countries and dates well: "the tanker Tarsenia seized" names no ship.
_NOT_SHIP_LABELS = {"GPE", "LOC", "NORP", "DATE", "TIME", "PERSON"}


def _not_a_ship_name(span: Span, single_ok: bool = False) -> bool:
    """A body, a place or (unless `single_ok`) a single word next to a ship's kind is not its
    name: 'the Navy tanker', 'the Ostline ship' (an owner), 'the tanker Tarsenia seized'."""
    lists = words()
    last = span[-1].lower_
    owner_words = lists["org_heads"] | lists["org_words"] | {"navy", "army", "coast", "guard"}
    single = len(span) == 1 and not any(t.like_num for t in span) and not single_ok
    labelled = any(t.ent_type_ in _NOT_SHIP_LABELS - {"PERSON"} for t in span)
    return single or labelled or last in owner_words or any(t.lower_ in lists["role_heads"] for t in span)


def vessel_names(doc: Doc) -> set[str]:
    """Names the text gives to ships."""
    names: set[str] = set()
    for token in doc:
        if not is_vessel_noun(doc, token.i):
            continue
        i = token.i
        # "the tanker Velka Morin 2": kind, then name.
        after = _run_after(doc, i + 1)
        if after is not None and not _not_a_ship_name(after, single_ok=i > 0 and doc[i - 1].lower_ in _DETERMINERS):
            names.add(after.text)
            continue
        # "the Norvaskan Velka Morin 2 tanker": name, then kind (the kind heads the phrase).
        if i + 1 < len(doc) and doc[i + 1].pos_ in ("NOUN", "PROPN"):
            continue  # "tanker company", "ship owner"
        before = _run_before(doc, i)
        if before is not None and not _not_a_ship_name(before):
            names.add(before.text)
            continue
        # "the Velka Morin 2, the Norvaskan tanker": the kind in an apposition after the name.
        k = i - 1
        while k > 0 and i - k <= _MAX_APPOSITION_WORDS and doc[k].pos_ in ("ADJ", "PROPN", "NOUN") and doc[k].lower_ not in _DETERMINERS:
            k -= 1
        if k >= 2 and doc[k].lower_ in _DETERMINERS and doc[k - 1].text == ",":
            named = _run_before(doc, k - 1)
            if named is not None and any(t.like_num for t in named) or named is not None and len(named) > 1:
                names.add(named.text)
    return names


def _used_as_place(doc: Doc, name: str) -> bool:
    """True when the article uses the name as a place elsewhere ('in Ostravel'): then 'the
    tanker Ostravel seized' is a country seizing a tanker, not a ship's name."""
    for match in re.finditer(r"(?<![\w])" + re.escape(name) + r"(?![\w])", doc_text(doc)):
        span = doc.char_span(*match.span())
        if span is None:
            continue
        if span[0].ent_type_ in ("GPE", "LOC") or span.start > 0 and doc[span.start - 1].lower_ in words()["locative_words"]:
            return True
    return False


def mark_vessels(doc: Doc, found: list[Candidate]) -> list[Candidate]:
    """Every use of a ship's name becomes a vessel mention (type 'other'), replacing what the
    model made of it ('the Norvaskan Velka Morin 2' as an organization, 'Velka Morin' as a person)."""
    names = {n for n in vessel_names(doc) if not _used_as_place(doc, n)}
    if not names:
        return found
    vessels: list[Candidate] = []
    text = doc_text(doc)
    for name in sorted(names, key=len, reverse=True):
        for match in re.finditer(r"(?<![\w])" + re.escape(name) + r"(?![\w])", text):
            start, end = match.span()
            span = doc.char_span(start, end)
            if span is None or any(v.start < end and start < v.end for v in vessels):
                continue
            vessels.append(Candidate(
                start=start, end=end, text=name, type="other", tok_start=span.start, tok_end=span.end,
                label="VESSEL", source="vessel",
            ))
    kept = [c for c in found if not any(v.start < c.end and c.start < v.end for v in vessels)]
    return kept + vessels


def _descriptor_before(doc: Doc, i: int) -> bool:
    """True when a lower-case business word stands right before token i ('monopoly' Brennagaz)."""
    if i == 0:
        return False
    before = doc[i - 1]
    lists = words()
    if before.is_lower and (before.lower_ in lists["org_descriptors"] or before.lemma_.lower() in lists["org_descriptors"]):
        return True
    # "the petroleum unit of Brennagaz"
    return (
        before.lower_ == "of" and i >= 2 and doc[i - 2].is_lower
        and doc[i - 2].lower_ in lists["org_part_nouns"]
    )


def _is_acronym(token: Token) -> bool:
    return token.is_upper and token.is_alpha and 2 <= len(token.text) <= 6


def mark_businesses(doc: Doc, found: list[Candidate]) -> list[Candidate]:
    """Names written after a business descriptor are organizations, found by the model or not;
    names listed with them ('companies Velcor and Ardenoil') too."""
    lists = words()
    not_names = lists["role_heads"] | lists["name_titles"] | lists["honorifics"]
    by_start = {c.tok_start: c for c in found}
    taken = {i for c in found for i in range(c.tok_start, c.tok_end)}
    added: list[Candidate] = []
    for token in doc:
        acronym = _is_acronym(token)
        if not (token.is_title or acronym) or token.is_sent_start or not _descriptor_before(doc, token.i):
            continue
        # "the regional broadcaster RVT": an acronym is a whole name on its own.
        run = doc[token.i : token.i + 1] if acronym else _run_after(doc, token.i)
        if run is None or run[0].lower_ in not_names or doc[run.end - 1].text in ("'s", "’s") and len(run) == 1:
            continue
        heads = [run]
        # Names listed with it: "Velcor and Ardenoil", "Velcor, Ardenoil and Ostline".
        j = run.end
        while j + 1 < len(doc) and doc[j].lower_ in ("and", ",", "or") and doc[j + 1].is_title:
            more = _run_after(doc, j + 1)
            if more is None or more[0].lower_ in not_names:
                break
            heads.append(more)
            j = more.end
        for span in heads:
            candidate = by_start.get(span.start)
            if candidate is not None and candidate.source != "vessel":
                if candidate.type in ("person", "place", "organization") and candidate.tok_end <= span.end:
                    candidate.type, candidate.source = "organization", "descriptor"
                continue
            if any(i in taken for i in range(span.start, span.end)):
                continue
            taken.update(range(span.start, span.end))
            added.append(Candidate(
                start=span.start_char, end=span.end_char, text=span.text, type="organization",
                tok_start=span.start, tok_end=span.end, label="ORG", source="descriptor",
            ))
    return found + added
