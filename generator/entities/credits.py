"""Credits: names that appear only in a byline or a photo credit are credits, not story entities."""

from __future__ import annotations

import re

from ..models import Annotations, Article, Entity
from ..readers.dates import dateline
from ..readers.patterns import vocabulary
from ..slugs import make_slug
from .lexicon import fold, lookup_alias, words

# A byline or wire trailer left in the text: "By Jane Roe, staff reporter", "Reporting by ...".
_BYLINE = re.compile(r"^\s*(?:By|Reporting by|Written by|Editing by|Additional reporting by)\s+\S", re.IGNORECASE)
# A photo credit at the end of a caption or paragraph: "(AP Photo/Jane Roe)", "Photo: Reuters";
# in a caption a bare bracketed name is one too: "(Yonhap)".
_CREDIT = re.compile(r"\([^()]*(?:/|courtesy|photo|via|file)[^()]*\)\s*$|(?:Photo|Photograph|Image)s?\s*(?:by|:)\s*[^.]+$", re.IGNORECASE)
_BRACKETED = re.compile(r"\([^()]+\)")
_BARE_CREDIT = re.compile(r"\([A-Z][\w.&' -]{1,40}\)\s*$")
_LEADING = re.compile(r"^\s*(?:courtesy\s+of|photo\s+(?:by|courtesy\s+of)|photos?:|provided\s+by|via|by)\s+", re.IGNORECASE)
_SPLIT = re.compile(r"\s*(?:/|;|,)\s*")
_PERSON_NAME = re.compile(r"^[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3}$")


def credit_regions(ann: Annotations) -> list[tuple[int, int]]:
    """Character ranges of the annotation text that are bylines, photo credits or the agency
    of a wire dateline ('SEOUL, Sept. 13 (Yonhap) --')."""
    regions = []
    for block in ann.blocks:
        text = ann.text[block.start : block.end]
        if block.kind == "paragraph" and block.index == 0 and (wire := dateline(text)) and wire.agency:
            if agency := _BRACKETED.search(text, 0, wire.length):
                regions.append((block.start + agency.start(), block.start + agency.end()))
        if block.kind == "paragraph" and len(text.split()) <= 25:
            for line in _lines(text, block.start):
                if _BYLINE.match(line[2]):
                    regions.append(line[:2])
        if block.kind in ("caption", "paragraph"):
            match = _CREDIT.search(text) or (_BARE_CREDIT.search(text) if block.kind == "caption" else None)
            if match:
                regions.append((block.start + match.start(), block.start + match.end()))
    return regions


def _lines(text: str, offset: int):
    position = 0
    for line in text.split("\n"):
        yield offset + position, offset + position + len(line), line
        position += len(line) + 1


def credit_names(article: Article) -> list[tuple[str, str, str | None]]:
    """(name, type, role) for each byline author and each name in a photo credit."""
    # An author's role is kept when it names a post ("staff reporter"), not a task ("reporting").
    names: list[tuple[str, str, str | None]] = [
        (a.name, "person", a.role if a.role and any(w in words()["role_heads"] for w in fold(a.role).split()) else None)
        for a in article.authors
    ]
    for caption in article.captions:
        if caption.credit:
            names += [(piece, credit_type(piece), None) for piece in split_credit(caption.credit)]
    return names


def split_credit(credit: str) -> list[str]:
    """Split 'courtesy of the X Ministry/AFP/Yonhap' into its names."""
    pieces = []
    for piece in _SPLIT.split(_LEADING.sub("", credit.strip())):
        piece = _LEADING.sub("", piece).strip(" .()")
        piece = re.sub(r"^(?:the|The)\s+", "", piece)
        piece = re.sub(r"\s+(?:photo|photos|file photo|handout|pool)$", "", piece, flags=re.IGNORECASE)
        # 'ANNA ROE/POOL/AGENCY': a marker word on its own ('POOL', 'File') names nobody.
        if piece and any(c.isupper() for c in piece) and piece.lower() not in _marker_words():
            pieces.append(piece)
    return pieces


def _marker_words() -> frozenset[str]:
    return frozenset(w.lower() for w in vocabulary()["credit_markers"])


def credit_type(name: str) -> str:
    """Guess whether a credited name is a person or an organization."""
    alias = lookup_alias(name)
    if alias is not None:
        return alias.type
    org_words = words()["org_words"] | {"ministry", "department", "agency", "office"}
    if any(w in org_words for w in fold(name).split()):
        return "organization"
    # Two to four capitalised words are a person, even in capitals as wire credits write
    # photographers ('ANNA ROE/POOL/AGENCY'); a lone word is an agency ('AFP', 'Yonhap').
    return "person" if _PERSON_NAME.match(name) else "organization"


def credit_entities(article: Article, story: list[Entity]) -> list[Entity]:
    """Entities for credited names the story itself never mentions (in_credit=True)."""
    known = {fold(form) for e in story for form in (e.name, *e.aliases)}
    found: dict[tuple[str, str], Entity] = {}
    for name, kind, role in credit_names(article):
        alias = lookup_alias(name)
        canonical = alias.name if alias else (name.title() if kind == "person" and name.isupper() else name)
        if fold(name) in known or fold(canonical) in known:
            continue
        key = (kind, fold(canonical))
        if key not in found:
            found[key] = Entity(
                id=make_slug(canonical), name=canonical, type=kind, in_credit=True, role=role,
                aliases=[name] if name != canonical else [],
                acronym=alias.acronym if alias else None,
            )
    return sorted(found.values(), key=lambda e: (e.type, e.name))
