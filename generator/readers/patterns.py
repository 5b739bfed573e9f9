"""The news-page vocabulary of the readers, loaded once from generator/data/readers.yml."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "readers.yml"


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    """The parsed data file."""
    return yaml.safe_load(DATA_FILE.read_text("utf-8"))


def words_pattern(words: list[str]) -> str:
    """An alternation of literal phrases, longest first so 'Posted on' wins over 'Posted'."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=None)
def whole_line(key: str) -> re.Pattern:
    """One compiled pattern matching a whole line against any regex listed under key."""
    # The outer group makes the end anchor apply to every alternative, not only the last.
    return re.compile("(?:(?:" + ")|(?:".join(vocabulary()[key]) + r"))\Z", re.IGNORECASE)


@lru_cache(maxsize=None)
def word_set(key: str) -> frozenset[str]:
    """A listed vocabulary as a set of lower-case words."""
    return frozenset(w.lower() for w in vocabulary()[key])
