"""The entity rule layer's data: patterns, aliases and word lists from generator/data."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

DATA_DIR = Path(str(resources.files("generator") / "data"))

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"', "‐": "-", "‑": "-", "–": "-", "—": "-"})
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Fold quote marks, dashes and spacing so surface forms compare equal (for matching only)."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text).translate(_QUOTES)).strip()


@lru_cache(maxsize=1 << 14)  # called for every mention form many times per article
def fold(text: str) -> str:
    """normalize() plus lower case: the key two mentions of one name share."""
    return normalize(text).lower()


@dataclass(frozen=True)
class Alias:
    """One row of aliases.yml: a canonical name and the short forms that mean it."""

    name: str
    type: str
    acronym: str | None
    aliases: tuple[str, ...]
    source: str


def _read_lines(name: str) -> list[str]:
    lines = (DATA_DIR / name).read_text("utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


@lru_cache(maxsize=1)
def words() -> dict[str, frozenset[str]]:
    """The word lists of entity_words.yml, lower case."""
    data = yaml.safe_load((DATA_DIR / "entity_words.yml").read_text("utf-8"))
    return {key: frozenset(str(w).lower() for w in values) for key, values in data.items()}


@lru_cache(maxsize=1)
def nationalities() -> frozenset[str]:
    """Nationality adjectives and group nouns ('north korean', 'russians'), folded."""
    return frozenset(fold(line) for line in _read_lines("nationalities.txt"))


@lru_cache(maxsize=1)
def residue_words() -> frozenset[str]:
    """Dateline residue a model may tag as a name (time-zone codes)."""
    return frozenset(_read_lines("timezones.txt"))


@lru_cache(maxsize=1)
def aliases() -> tuple[Alias, ...]:
    """The sourced alias table."""
    rows = yaml.safe_load((DATA_DIR / "aliases.yml").read_text("utf-8"))
    table = []
    for row in rows:
        if not row.get("source"):
            raise ValueError(f"aliases.yml: '{row.get('name')}' has no source; every alias needs one")
        table.append(Alias(row["name"], row["type"], row.get("acronym"), tuple(row.get("aliases", [])), row["source"]))
    return tuple(table)


def _alias_key(form: str) -> str:
    # Upper-case forms are acronyms and match case-sensitively ("WHO" is not "who").
    text = normalize(form)
    return text if text.isupper() else text.lower()


@lru_cache(maxsize=1)
def alias_index() -> dict[str, Alias]:
    """Map each alias (and canonical name) key to its table row."""
    index: dict[str, Alias] = {}
    for row in aliases():
        for form in (row.name, *row.aliases):
            index[_alias_key(form)] = row
    return index


def lookup_alias(text: str) -> Alias | None:
    """The alias-table row a surface form means, if any."""
    index = alias_index()
    return index.get(_alias_key(text)) or index.get(fold(text))


@lru_cache(maxsize=1)
def pattern_lists() -> dict[str, list[str]]:
    """Lists a pattern may reference as "$name": pattern lists, word lists, nationalities."""
    data = yaml.safe_load((DATA_DIR / "entity_pattern_lists.yml").read_text("utf-8"))
    lists = {key: sorted(str(w).lower() for w in values) for key, values in data.items()}
    lists.update({key: sorted(values) for key, values in words().items()})
    lists["nationalities"] = sorted(n for n in nationalities() if " " not in n)
    return lists


def _expand(value, lists: dict[str, list[str]]):
    if isinstance(value, str) and value.startswith("$"):
        if value[1:] not in lists:
            raise ValueError(f"entity_patterns.jsonl: unknown list '{value}'")
        return lists[value[1:]]
    if isinstance(value, dict):
        return {k: _expand(v, lists) for k, v in value.items()}
    if isinstance(value, list):
        return [_expand(v, lists) for v in value]
    return value


@lru_cache(maxsize=1)
def ruler_patterns() -> tuple[dict, ...]:
    """EntityRuler patterns from entity_patterns.jsonl, with "$list" references filled in."""
    lists = pattern_lists()
    patterns = []
    for number, line in enumerate((DATA_DIR / "entity_patterns.jsonl").read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise ValueError(f"entity_patterns.jsonl:{number}: {error}") from error
        row.pop("note", None)
        patterns.append(_expand(row, lists))
    return tuple(patterns)
