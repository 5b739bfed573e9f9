"""Dates on news pages: labelled date lines, wire datelines, and parsing through dateparser."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import lru_cache

import dateparser

from .patterns import vocabulary, words_pattern

# Only absolute dates: relative ones ("2 hours ago") and bare timestamps depend on the clock or
# the machine's zone, and the same file must give the same brief everywhere, any day.
_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["custom-formats", "absolute-time"],
}
_MAX_DATE_CHARS = 80
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}(?:$|[T ]\d)")


def parse_date(text: str) -> datetime | None:
    """Parse an absolute date in English; keep its own offset, take a date without a zone as UTC."""
    text = " ".join(str(text).split())
    if not text or len(text) > _MAX_DATE_CHARS or not any(c.isdigit() for c in text):
        return None
    try:
        # ISO 8601 (what page metadata and front matter mostly hold) is read by the standard
        # library in microseconds; dateparser, which reads everything else, takes milliseconds.
        parsed = datetime.fromisoformat(text) if _ISO_DAY.match(text) else None
    except ValueError:
        parsed = None
        if not _valid_iso_day(text):
            return None  # '2024-13-04' is a mistake, not the 13th of April
    try:
        parsed = parsed or dateparser.parse(text, languages=["en"], settings=_SETTINGS)
    except (ValueError, OverflowError, TypeError, AttributeError, re.error):
        # dateparser raises on some out-of-range inputs ("9999-99-99 99:99 +99:00").
        return None
    if parsed is None:
        return None
    offset = parsed.utcoffset() if parsed.tzinfo is not None else None
    if offset is None:
        # Never the machine's zone: a date without one is read as UTC.
        return parsed.replace(tzinfo=timezone.utc)
    # A plain fixed offset (not dateparser's named zone object) so equal inputs give equal values.
    try:
        return parsed.replace(tzinfo=timezone(offset))
    except ValueError:  # an offset of a day or more is not a real zone
        return None


def _valid_iso_day(text: str) -> bool:
    try:
        date.fromisoformat(text[:10])
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class DateField:
    """One labelled date on a line: which date it is, the text after the label, and the parse."""

    kind: str  # "published" or "modified"
    text: str
    value: datetime | None


@lru_cache(maxsize=1)
def _labels() -> tuple[re.Pattern, dict[str, str]]:
    kinds = {}
    for kind, labels in vocabulary()["date_labels"].items():
        for label in labels:
            kinds[" ".join(label.lower().split())] = kind
    pattern = re.compile(rf"(?<![\w])(?P<label>{words_pattern(list(kinds))})(?![\w])\s*(?P<colon>:)?\s*", re.IGNORECASE)
    return pattern, kinds


def date_fields(segment: str) -> list[DateField] | None:
    """Read 'Posted on : X Modified on : Y' or 'Updated: X'; None when the segment is not a date line."""
    pattern, kinds = _labels()
    matches = list(pattern.finditer(segment))
    if not matches or matches[0].start() != 0:
        return None
    fields, colon = [], False
    for match, following in zip(matches, [*matches[1:], None]):
        text = segment[match.end() : following.start() if following else len(segment)].strip(" ,;-–—")
        colon = colon or bool(match["colon"])
        fields.append(DateField(kinds[" ".join(match["label"].lower().split())], text, parse_date(text)))
    # "Published reports said ..." is prose: a date line has a colon after a label or parses.
    if not colon and not any(f.value for f in fields):
        return None
    return fields


# "SEOUL, Sept. 13 (Yonhap) -- ", "(Reuters) - ", "LUMENPORT, March 4, 2024 — ".
def _place(name: str, word: str) -> str:
    words = rf"{word}(?:\s+{word}){{0,3}}"
    return rf"(?P<{name}>{words}(?:,\s*[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+){{0,2}})?)"


def _day(name: str) -> str:
    return rf"(?P<{name}>[A-Z][a-z]{{2,8}}\.?\s+\d{{1,2}}(?:,?\s+\d{{4}})?)"


def _agency(name: str) -> str:
    return rf"\((?P<{name}>[A-Z][^()]{{1,40}})\)"


_ANY_WORD = r"[A-Z][\w.'’\-]*"
_CAPS_WORD = r"[A-Z][A-Z.'’\-]{2,}"
_DATELINE = re.compile(
    r"^(?:"
    rf"{_place('p1', _ANY_WORD)}(?:,\s*{_day('d1')})?\s*{_agency('a1')}\s*(?:--|—|–|-)"  # SEOUL, Sept. 13 (Yonhap) --
    rf"|{_agency('a2')}\s*(?:--|—|–|-)"  # (Reuters) -
    rf"|{_place('p2', _CAPS_WORD)}(?:,\s*{_day('d2')})?\s*(?:--|—|–)"  # LUMENPORT, March 4 —
    # A space after the dash, or none before a capital or a quote mark ("(Agency) -Talks ...").
    r")(?:\s+(?=\S)|(?=[A-Z“\"‘']))"
)


@dataclass(frozen=True)
class Dateline:
    """The opening of a wire story: place, day as written, agency."""

    place: str | None
    date: str | None
    agency: str | None
    length: int


def dateline(paragraph: str) -> Dateline | None:
    """Recognise a wire dateline at the start of a paragraph."""
    match = _DATELINE.match(paragraph)
    if not match:
        return None
    place = match["p1"] or match["p2"]
    return Dateline(
        place=place.strip() if place else None,
        date=match["d1"] or match["d2"],
        agency=(match["a1"] or match["a2"] or "").strip() or None,
        length=match.end(),
    )


def date_with_year(day: str, year_from: datetime | None) -> datetime | None:
    """Complete a dateline day ('Sept. 13') with the year of another date, or parse it as is."""
    value = parse_date(day)
    if value is None and year_from is not None:
        value = parse_date(f"{day} {year_from.year}")
    return value
