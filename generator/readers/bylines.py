"""Bylines ('By A, staff reporter', 'By A and B | Outlet') and wire trailer credits."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..models import Author
from .patterns import vocabulary, word_set, words_pattern

_MAX_BYLINE = 160
_NAME_WORD = re.compile(r"^[^\W\d_][\w.'’\-]*$")
_AUTHOR_SPLIT = re.compile(r"\s*(?:,\s*and\s+|\s+and\s+|\s*&\s*|\s*;\s*)\s*")


@dataclass
class Byline:
    """Who wrote the article and, when the line says so, for which outlet."""

    authors: list[Author] = field(default_factory=list)
    outlet: str | None = None


@lru_cache(maxsize=1)
def _prefix() -> re.Pattern:
    return re.compile(rf"^(?:{words_pattern(vocabulary()['byline_prefixes'])})\s+(?=\S)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _credits() -> re.Pattern:
    return re.compile(rf"(?P<label>{words_pattern(list(_credit_roles()))})\s+", re.IGNORECASE)


@lru_cache(maxsize=1)
def _credit_roles() -> dict[str, str]:
    """Trailer label (folded) -> the role its names get ('editing by' -> 'editing')."""
    return {" ".join(label.lower().split()): role for label, role in vocabulary()["credit_lines"].items()}


def is_name(text: str) -> bool:
    """A person's name as bylines write it: one to five capitalised words (particles allowed)."""
    words = text.split()
    if not 1 <= len(words) <= 5:
        return False
    particles = word_set("name_particles")
    capitalised = [w for w in words if w[0].isupper() and _NAME_WORD.match(w)]
    rest = [w for w in words if not (w[0].isupper() and _NAME_WORD.match(w))]
    return bool(capitalised) and words[0][0].isupper() and all(w.lower() in particles for w in rest)


def is_role(text: str) -> bool:
    """A role after a name ('staff reporter', 'Seoul correspondent')."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    return 1 <= len(words) <= 6 and any(w in word_set("byline_role_words") for w in words)


def authors_from(names: str) -> list[Author] | None:
    """Split 'A, role and B' into authors; None when the text is not a list of names."""
    authors: list[Author] = []
    for chunk in _AUTHOR_SPLIT.split(names.strip().rstrip(",.")):
        parts = [p.strip() for p in chunk.strip(" ,").split(",") if p.strip()]
        if not parts:
            return None
        for part in parts:
            if authors and authors[-1].role is None and part is not parts[0] and is_role(part):
                authors[-1] = Author(name=authors[-1].name, role=part)
            elif is_name(part):
                authors.append(Author(name=part))
            else:
                return None
    return authors or None


def is_outlet(text: str) -> bool:
    """An outlet after the names ('By A, CNN', 'By A, The Kestrin Daily'), not a person."""
    text = text.strip()
    return bool(re.fullmatch(r"[A-Z][A-Z&]{1,7}", text)) or (text.startswith("The ") and is_name(text[4:]))


def parse_byline(line: str) -> Byline | None:
    """Read a byline ('By A, staff reporter', 'By A, The Outlet'); None when the text is not one."""
    line = line.strip()
    prefix = _prefix().match(line)
    if not prefix or len(line) > _MAX_BYLINE or line.endswith((".", "!", "?", ":")):
        return None
    names, outlet = line[prefix.end() :], None
    head, comma, last = names.rpartition(",")
    if comma and head.strip() and is_outlet(last):
        names, outlet = head, last.strip()
    authors = authors_from(names)
    return Byline(authors=authors, outlet=outlet) if authors else None


def parse_credit_line(line: str) -> Byline | None:
    """Read a wire trailer ('(Reporting by A in Kestrin; Editing by B)'); None when it is not one."""
    text = line.strip()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    matches = list(_credits().finditer(text))
    if not matches or matches[0].start() != 0 or len(text) > 300:
        return None
    roles = _credit_roles()
    authors: list[Author] = []
    for match, following in zip(matches, [*matches[1:], None]):
        names = text[match.end() : following.start() if following else len(text)].strip(" ;,")
        # "Reporting by A in Kestrin": the place says where, not who.
        names = re.sub(r"\s+in\s+[A-Z][\w .'’\-]*?(?=\s*(?:,|\band\b|&|$))", "", names)
        found = authors_from(names)
        if found is None:
            return None
        role = roles[" ".join(match["label"].lower().split())]
        authors += [Author(name=a.name, role=a.role or role) for a in found if a.name not in {b.name for b in authors}]
    return Byline(authors=authors)
