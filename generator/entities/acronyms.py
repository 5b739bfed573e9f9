"""Acronyms defined in the text: 'Workers' Party of Korea (WPK)' makes WPK mean the party."""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc

from ..doc_text import doc_text
from .mentions import Candidate

_DEFINITION = re.compile(r"\(\s*([A-Z][A-Za-z&.]{1,11})\s*\)")
_POSSESSIVE_END = re.compile(r"(?<=\w)(?:['’]s|(?<=s)['’])$")
_POSSESSIVE_TOKENS = {"'s", "’s", "'", "’"}
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Words an acronym may skip ("Office of Foreign Assets Control" -> OFAC).
_FUNCTION_WORDS = frozenset({"of", "the", "and", "for", "on", "in", "at", "to", "de", "des", "du", "la", "le", "et", "s"})
_MAX_WINDOW = 12
_TAIL_PREPOSITIONS = frozenset({"for", "of", "in", "on"})
_MAX_TAIL = 5


def acronym_letters(acronym: str) -> str:
    """The capital letters of an acronym ('U.N.' -> 'UN', 'DoD' -> 'DD')."""
    return "".join(c for c in acronym if c.isupper())


def is_acronym(text: str) -> bool:
    """Tell an acronym ('WPK', 'U.N.', 'DoD') from a word."""
    letters = acronym_letters(text)
    return len(letters) >= 2 and len(letters) >= len(re.sub(r"[^A-Za-z]", "", text)) / 2


def fits(expansion: str, acronym: str) -> bool:
    """True when the acronym's letters are the initials of the expansion's words, in order.

    Function words may be skipped or used; an all-capitals word may give several letters
    ("UN Security Council" -> UNSC); leading words of a longer span may be left out.
    """
    letters = acronym_letters(acronym).lower()
    words = tuple(_WORD.findall(expansion))
    if not letters or not words:
        return False
    return any(_match(letters, words[start:]) for start in range(len(words)))


@lru_cache(maxsize=4096)
def _match(letters: str, words: tuple[str, ...]) -> bool:
    if not letters:
        # Done, unless content words remain; a short closing phrase may stay out of the
        # acronym ("United Nations Relief and Works Agency for Palestine Refugees (UNRWA)").
        if all(w.lower() in _FUNCTION_WORDS for w in words):
            return True
        return words[0].lower() in _TAIL_PREPOSITIONS and len(words) <= _MAX_TAIL
    if not words:
        return False
    word, rest = words[0], words[1:]
    lower = word.lower()
    if lower in _FUNCTION_WORDS and _match(letters, rest):
        return True
    if lower[0] != letters[0]:
        return False
    if word.isupper() and len(word) > 1:
        # An acronym inside the expansion contributes any prefix of its letters.
        return any(_match(letters[k:], rest) for k in range(len(word), 0, -1) if lower[:k] == letters[:k])
    return _match(letters[1:], rest)


def find_definitions(doc: Doc, found: list[Candidate]) -> tuple[list[tuple[Candidate, str]], list[Candidate]]:
    """Return (expansion, acronym) for each 'Expansion (ACR)' in the text, and the candidates
    a rebuilt expansion replaces.

    The expansion is the entity span just before the parenthesis when the acronym fits it.
    Otherwise it is the shortest capitalised run of words before the parenthesis that the
    acronym fits ("Orbital Agency of Tarsenia (OAT)" where a model saw "Orbital Agency" and
    "Tarsenia"); that run becomes a new organization candidate and replaces the pieces.
    """
    by_end = {c.end: c for c in found}
    definitions: list[tuple[Candidate, str]] = []
    replaced: list[Candidate] = []
    text = doc_text(doc)
    for match in _DEFINITION.finditer(text):
        acronym = match.group(1)
        if not is_acronym(acronym):
            continue
        # "Defence Corps’ (TRDC)": the possessive mark belongs to neither name nor acronym.
        before = _POSSESSIVE_END.sub("", text[: match.start()].rstrip())
        candidate = by_end.get(len(before))
        if candidate is not None and candidate.type == "person":
            continue
        if candidate is not None and fits(candidate.text, acronym):
            definitions.append((candidate, acronym))
            continue
        built = _expansion_before(doc, match.start(), acronym)
        if built is None:
            continue
        inside = [c for c in found if c.start < built.end and built.start < c.end]
        if any(c.start < built.start or c.type == "person" for c in inside):
            continue  # the run would cut a name in two, or swallow a person
        replaced += inside
        definitions.append((built, acronym))
    return definitions, replaced


def _expansion_before(doc: Doc, paren: int, acronym: str) -> Candidate | None:
    """The shortest capitalised run of words right before a parenthesis that the acronym fits."""
    token = next((t for t in doc if t.idx == paren), None)
    if token is None:
        return None
    letters = acronym_letters(acronym).lower()
    sent_start = token.sent.start if doc.has_annotation("SENT_START") or doc.has_annotation("DEP") else 0
    end = token.i
    while end > sent_start and doc[end - 1].text in _POSSESSIVE_TOKENS:
        end -= 1
    for start in range(end - 1, max(sent_start, end - _MAX_WINDOW) - 1, -1):
        first = doc[start]
        if first.is_punct and first.text not in {"-", "'", "’"}:
            return None
        if not first.is_title or first.lower_ in _FUNCTION_WORDS:
            continue
        span = doc[start:end]
        if _match(letters, tuple(_WORD.findall(span.text))):
            return Candidate(
                start=span.start_char, end=span.end_char, text=span.text, type="organization",
                tok_start=span.start, tok_end=span.end, label="ORG", source="acronym",
            )
    return None


def initials_match(expansion: str, acronym: str) -> bool:
    """True when every word of the expansion is used, in order, to spell the acronym
    ('Bank of England' ~ 'BoE'); stricter than fits(), for acronyms the text never defines."""
    words = tuple(_WORD.findall(expansion))
    content = [w for w in words if w.lower() not in _FUNCTION_WORDS]
    return len(content) >= 2 and _match(acronym_letters(acronym).lower(), words) and not _tail_skipped(acronym, words)


def _tail_skipped(acronym: str, words: tuple[str, ...]) -> bool:
    content = [w for w in words if w.lower() not in _FUNCTION_WORDS]
    return len(acronym_letters(acronym)) < len(content)
