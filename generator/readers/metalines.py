"""Metadata lines of a news page: bylines, labelled dates, wire credits, and their combinations.

'By A and B | The Outlet', 'By A | Published: X | Updated: Y',
'Posted on : X Modified on : Y', '(Reporting by A; Editing by B)'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..models import Author
from .bylines import parse_byline, parse_credit_line
from .dates import DateField, date_fields, parse_date
from .patterns import vocabulary

_MAX_META = 240
_MAX_OUTLET = 60
_MAX_BARE_DATE = 60


@dataclass
class MetaLine:
    """What one metadata line says."""

    authors: list[Author] = field(default_factory=list)
    outlet: str | None = None
    dates: list[DateField] = field(default_factory=list)


@lru_cache(maxsize=1)
def _separators() -> re.Pattern:
    return re.compile(r"\s+(?:" + "|".join(re.escape(s) for s in vocabulary()["segment_separators"]) + r")\s+")


def _is_outlet(text: str) -> bool:
    words = text.split()
    return 0 < len(text) <= _MAX_OUTLET and len(words) <= 6 and text[0].isupper() and not text.endswith((".", "!", "?"))


def parse_meta_line(line: str) -> MetaLine | None:
    """Read a metadata line; None when it is article text."""
    line = line.strip()
    if not line or len(line) > _MAX_META:
        return None
    if credit := parse_credit_line(line):
        return MetaLine(authors=credit.authors)
    meta = MetaLine()
    for index, segment in enumerate(_separators().split(line)):
        if (fields := date_fields(segment)) is not None:
            meta.dates += fields
        elif len(segment) <= _MAX_BARE_DATE and (value := parse_date(segment)):
            meta.dates.append(DateField("published", segment, value))  # a bare date under the headline
        elif byline := parse_byline(segment):
            meta.authors += byline.authors
            meta.outlet = meta.outlet or byline.outlet
        elif index > 0 and meta.authors and meta.outlet is None and _is_outlet(segment):
            meta.outlet = segment
        else:
            return None
    return meta
