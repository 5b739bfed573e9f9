"""Candidate mentions: the Doc's entity spans, cleaned of residue and typed for news."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from .lexicon import fold, lookup_alias, nationalities, residue_words, words

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
_POSSESSIVE = {"'s", "’s", "'", "’", "s'", "s’"}
_EDGE_PUNCT = set("-‐‑–—,.;:!?()[]{}\"'“”‘’/")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_ACRONYM = re.compile(r"^[A-Z][A-Z&.]{1,9}$")
# The shape of a nationality adjective: Ostravelian, Norvaskan, Tarsenese, Danish (not the
# looser '-i' of Iraqi, which brand names share: 'Sukhoi fighters').
_ADJECTIVE = re.compile(r"^[A-Z][a-z]+(?:an|ese|ish)$")


@dataclass
class Candidate:
    """One cleaned entity mention: character and token offsets into the Doc, and its type."""

    start: int
    end: int
    text: str
    type: str
    tok_start: int
    tok_end: int
    label: str
    source: str = "ner"
    """Where it came from: ner (model or rules), acronym (a defined acronym), alias (table)."""

    @property
    def key(self) -> str:
        return fold(self.text)


def candidates(doc: Doc) -> list[Candidate]:
    """Clean every entity span of the Doc into a typed Candidate; drop residue."""
    found = []
    for ent in doc.ents:
        kind = LABEL_TYPES.get(ent.label_)
        if kind is None:
            continue
        cleaned = clean_span(ent)
        if cleaned is None or inside_title(cleaned):
            continue
        kind = retype(cleaned, kind)
        if kind is None:
            continue
        found.append(
            Candidate(
                start=cleaned.start_char, end=cleaned.end_char, text=cleaned.text, type=kind,
                tok_start=cleaned.start, tok_end=cleaned.end, label=ent.label_,
            )
        )
    from .descriptors import mark_businesses, mark_vessels  # they build on Candidate

    found = mark_businesses(doc, mark_vessels(doc, found))
    found += conjoined_places(doc, found)
    found += towns_of_bodies(doc, found)
    return found + named_with_role(doc, found)


def named_with_role(doc: Doc, found: list[Candidate]) -> list[Candidate]:
    """Names the model missed that the text gives a role: "Lars Nygaard, a spokesman for ..."."""
    from .roles import role_of  # roles reads the word lists too; imported here to keep layers apart

    taken = {i for c in found for i in range(c.tok_start, c.tok_end)}
    people = {i for c in found if c.type == "person" for i in range(c.tok_start, c.tok_end)}
    added = []
    i = 0
    while i < len(doc):
        j = i
        while j < len(doc) and j - i < 4 and doc[j].pos_ == "PROPN" and doc[j].is_title and j not in taken:
            j += 1
        if j - i >= 2 and (j >= len(doc) or not doc[j].is_title):
            span = doc[i:j]
            lowered = {t.lower_ for t in span}
            lists = words()
            if not lowered & (lists["org_heads"] | lists["geo_heads"] | lists["role_heads"] | nationalities()) and role_of(doc, i, j, people):
                added.append(Candidate(
                    start=span.start_char, end=span.end_char, text=span.text, type="person",
                    tok_start=i, tok_end=j, label="PERSON", source="role",
                ))
        i = max(j, i + 1)
    return added


def towns_of_bodies(doc: Doc, found: list[Candidate]) -> list[Candidate]:
    """A word that starts the names of two different bodies is the place they are named after
    ("Harlow Gazette", "Harlow General Hospital"): written alone ("Harlow’s last bakery"), it
    is that place, not a short form of either body. A model's other guess for it is retyped."""
    firsts: dict[str, set[str]] = {}
    for c in found:
        if c.type == "organization" and c.tok_end - c.tok_start >= 2:
            firsts.setdefault(doc[c.tok_start].text, set()).add(c.key)
    towns = {
        word for word, names in firsts.items()
        if len(names) >= 2 and word.istitle() and lookup_alias(word) is None
        and fold(word) not in nationalities() and not _ADJECTIVE.match(word)
    }
    if not towns:
        return []
    for c in found:
        if c.text in towns and c.type in ("person", "organization"):
            c.type = "place"
    taken = {i for c in found for i in range(c.tok_start, c.tok_end)}
    added = []
    for token in doc:
        if token.text not in towns or token.i in taken or token.pos_ != "PROPN":
            continue
        after = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if after is not None and after.is_title and not after.is_sent_start:
            continue  # part of a longer name
        added.append(Candidate(
            start=token.idx, end=token.idx + len(token.text), text=token.text, type="place",
            tok_start=token.i, tok_end=token.i + 1, label="GPE", source="town",
        ))
    return added


def conjoined_places(doc: Doc, found: list[Candidate]) -> list[Candidate]:
    """Untagged proper names listed with a place are places: "Ostravel and Valdoria abstained"."""
    taken = {i for c in found for i in range(c.tok_start, c.tok_end)}
    added = []
    for candidate in [c for c in found if c.type == "place"]:
        token = doc[candidate.tok_end - 1]
        partners = [child for child in token.children if child.dep_ == "conj"]
        if token.dep_ == "conj":
            partners.append(token.head)
        for partner in partners:
            if partner.i in taken or partner.pos_ != "PROPN" or not partner.is_title or partner.ent_type_:
                continue
            left = partner.i
            while left > 0 and doc[left - 1].dep_ == "compound" and doc[left - 1].head.i == partner.i and doc[left - 1].is_title and left - 1 not in taken:
                left -= 1
            span = doc[left : partner.i + 1]
            if is_residue(span.text) or fold(span.text) in nationalities():
                continue
            taken.update(range(span.start, span.end))
            added.append(Candidate(
                start=span.start_char, end=span.end_char, text=span.text, type="place",
                tok_start=span.start, tok_end=span.end, label="GPE", source="conj",
            ))
    return added


def clean_span(ent: Span) -> Span | None:
    """Trim a span to the name: no leading 'the', possessive, dangling hyphen or block break."""
    doc = ent.doc
    start, end = ent.start, ent.end
    # A span never crosses a blank line (the annotation text joins blocks with them).
    for i in range(start, end):
        if "\n" in doc[i].text or (i > start and "\n" in doc[i - 1].whitespace_):
            end = i
            break
    stop = words()["edge_stopwords"]
    while start < end and (doc[start].lower_ in stop or doc[start].text in _EDGE_PUNCT):
        start += 1
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].text in _EDGE_PUNCT):
        # Keep an abbreviation's own full stop ("U.S.", "N. Korea" is handled by the rules).
        if doc[end - 1].text == "." and end - 1 > start and doc[end - 2].text.isupper() and len(doc[end - 2].text) <= 3:
            break
        end -= 1
    # "Harrowgate province": the lower-case place word is description, not name.
    if end - start > 1 and doc[end - 1].is_lower and doc[end - 1].lower_ in words()["place_nouns"]:
        end -= 1
    if ent.label_ == "PERSON":
        start = _strip_titles(doc, start, end)
    if end <= start:
        return None
    span = doc[start:end]
    return None if is_residue(span.text) else span


def _strip_titles(doc: Doc, start: int, end: int) -> int:
    """Move the start of a person span past the titles it swallowed ('President', 'Mr.').

    The title stays in the text just before the name, where the role finder reads it.
    """
    lists = words()
    while start < end - 1:
        lower = doc[start].lower_
        if lower in lists["honorifics"] or lower in lists["name_titles"] or lower.rstrip(".") in lists["name_titles"]:
            start += 1
        else:
            break
    return start


def inside_title(span: Span) -> bool:
    """True for the 'State' of 'Secretary of State Antony Blinken': part of a title, not a body."""
    doc = span.doc
    if len(span) != 1 or span.start < 2 or span.end >= len(doc) or span.label_ == "PERSON":
        return False
    before, head = doc[span.start - 1], doc[span.start - 2]
    if (
        before.lower_ in ("of", "for") and head.is_title and head.lower_ in words()["role_heads"]
        and doc[span.end].ent_type_ == "PERSON"
    ):
        return True
    # The 'Energy' of 'former Energy Minister Orvel Dastani'.
    after = doc[span.end]
    return (
        after.is_title and after.lower_ in words()["role_heads"] and span.end + 1 < len(doc)
        and doc[span.end + 1].ent_type_ == "PERSON" and doc[span.start].ent_type_ == "ORG"
    )


def is_residue(text: str) -> bool:
    """Tell dateline or markup residue ('KST', '2270', '/') from a name."""
    if len(text) < 2 or not _HAS_LETTER.search(text):
        return True
    if text in residue_words() or "/" in text or "@" in text or "http" in text.lower():
        return True
    # A name has a capital letter somewhere ("1718 Committee", "al-Assad"); a model's
    # all-lower-case span is a common noun.
    return not any(char.isupper() for char in text)


def retype(span: Span, kind: str) -> str | None:
    """Correct the type from the span's wording and context; None drops the span."""
    text = fold(span.text)
    alias = lookup_alias(span.text)
    if alias is not None:
        return alias.type
    if text in nationalities():
        return "group"
    if kind == "person" and _ACRONYM.match(span.text):
        # An all-capitals token is an acronym, not a person's name.
        return "organization"
    if kind not in ("person", "organization", "place"):
        return kind
    lists = words()
    first, last = span[0].lower_, span[-1].lower_
    if kind == "organization" and len(span) == 1 and _ADJECTIVE.match(span.text) and _modifies_common_noun(span[0]):
        return "group"  # "Norvaskan oil companies", "the Norvaskan tanker": an adjective
    head = name_head(span)
    if len(span) > 1 and head.is_title and head.lower_ in lists["law_heads"]:
        return "law"  # "Joint Comprehensive Plan of Action", "Treaty of Mirel", "Kestrin Accord"
    if len(span) > 1 and last in lists["org_heads"]:
        return "organization"  # "Greyhaven Steelworks", "Valdorian People's Alliance"
    if len(span) > 1 and (last in lists["geo_heads"] or first in lists["geo_prefixes"]):
        return "place"  # "Samira Bay", "Port Aldous"
    if kind in ("place", "organization") and len(span) == 1 and _named_as_relative(span):
        return "person"  # "his son Keiran"
    if kind in ("person", "organization") and introduced_as_place(span):
        return "place"
    if kind in ("person", "place") and _appositive_noun(span) in lists["org_nouns"]:
        return "organization"  # "Estkol, the state-owned coal company"
    return kind


def _named_as_relative(span: Span) -> bool:
    """True for 'his son X', 'their daughter X' or "Radu's daughter, X,": a family word after a
    possessive, right before the name or set off by a comma."""
    doc = span.doc
    i = span.start - 1
    if i >= 1 and doc[i].text == ",":
        i -= 1
    return (
        i >= 1 and doc[i].lower_ in words()["relation_heads"]
        and (doc[i - 1].lower_ in ("his", "her", "their") or doc[i - 1].lower_ in ("'s", "’s"))
    )


def _modifies_common_noun(token) -> bool:
    """True when a word qualifies a lower-case noun after it ('Norvaskan' in 'Norvaskan tanker')."""
    head = token.head
    return token.dep_ in ("compound", "amod") and head.i > token.i and head.pos_ == "NOUN" and head.is_lower


def name_head(span: Span):
    """The head word of a name: the last before its first 'of'/'on'/'for', else the last
    ('Plan' of 'Joint Comprehensive Plan of Action', 'Commission' of 'Commission of ...')."""
    for token in span[1:]:
        if token.lower_ in ("of", "on", "for"):
            return span.doc[token.i - 1]
    return span[-1]


def _appositive_noun(span: Span) -> str | None:
    """The common noun of an apposition right after the span ('X, the company that ...')."""
    for child in span.root.children:
        if child.dep_ == "appos" and child.i >= span.end and child.pos_ == "NOUN":
            return child.lemma_.lower()
    return None


def is_modifier(doc: Doc, candidate: Candidate) -> bool:
    """True for a one-word name used to qualify a common noun ('the Kestrel rocket')."""
    if candidate.tok_end - candidate.tok_start != 1:
        return False
    token = doc[candidate.tok_start]
    return token.dep_ == "compound" and token.head.pos_ == "NOUN" and token.head.i > token.i


def introduced_as_place(span: Span) -> bool:
    """True for 'the border city of X' or 'X, a city in ...': the text says X is a place."""
    doc = span.doc
    place_nouns = words()["place_nouns"]
    if span.start >= 2 and doc[span.start - 1].lower_ == "of" and doc[span.start - 2].lower_ in place_nouns:
        return True
    root = span.root
    for child in root.children:
        if child.dep_ == "appos" and child.i >= span.end and child.lower_ in place_nouns:
            return True
    # "the capital, Korvanne,": the name is in apposition to a place word (the parse may
    # attach it elsewhere, so the words before it are read too).
    if root.dep_ == "appos" and root.head.i < span.start and root.head.lower_ in place_nouns:
        return True
    return span.start >= 3 and doc[span.start - 1].text == "," and doc[span.start - 2].lower_ in place_nouns and doc[span.start - 3].lower_ == "the"
