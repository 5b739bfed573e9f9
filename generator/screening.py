"""Optional sanctions-list screening against a local OpenSanctions export.

When `screening_export` is set in [tool.briefs], the people and organizations of each brief are
compared with the export's entries: the simple CSV (targets.simple.csv) or FollowTheMoney JSON
lines (entities.ftm.json). Nothing is downloaded; the editor provides the file and is bound by
its licence (OpenSanctions data is CC BY-NC 4.0 for non-commercial use), which the sidebar
names with the export's date.

Only full names are screened: a person needs at least two name parts ("Kim Jong-un", never a
bare "Kim" or "Putin"), an organization its expanded name rather than a bare acronym. Scores
are rapidfuzz token-sort ratios (0-100) on accent- and case-folded names; a match needs
MIN_SCORE. A match is a lead for an editor, not an identification.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .models import Annotations, Problem, Screening, ScreeningMatch
from .problems import problem

MIN_SCORE = 90
"""Token-sort ratio a name needs to count as a match."""
MIN_PERSON_PARTS = 2
MAX_ACRONYM_LENGTH = 6
PERSON_SCHEMATA = {"Person"}
ORGANIZATION_SCHEMATA = {"Organization", "Company", "LegalEntity", "PublicBody"}
ENTITY_URL = "https://www.opensanctions.org/entities/{}/"
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


class ScreeningError(Exception):
    """The configured export cannot be used; carries the Problem (BRF404) that says why."""

    def __init__(self, problem_: Problem):
        self.problem = problem_
        super().__init__(str(problem_))


@dataclass(frozen=True)
class Entry:
    """One person or organization of the export, with every name it is known by."""

    id: str
    kind: str
    names: tuple[str, ...]
    datasets: tuple[str, ...]


@dataclass
class Export:
    """A loaded export: its entries, indexed by name token for quick candidate lookup."""

    path: Path
    date: str | None
    entries: list[Entry]
    by_token: dict[str, list[int]] = field(default_factory=dict)

    def candidates(self, normalized: str) -> list[Entry]:
        """Entries sharing a name token (of three letters or more) with a normalized name."""
        found: set[int] = set()
        for token in normalized.split():
            if len(token) >= 3:
                found.update(self.by_token.get(token, ()))
        return [self.entries[i] for i in sorted(found)]


def normalize(name: str) -> str:
    """Fold case, accents and punctuation so 'Kim Jong-un' and 'KIM Jong Un' compare equal."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.split())


def _kind(schema: str) -> str | None:
    if schema in PERSON_SCHEMATA:
        return "person"
    if schema in ORGANIZATION_SCHEMATA:
        return "organization"
    return None


def _date_part(value: str | None) -> str | None:
    match = re.match(r"\d{4}-\d{2}-\d{2}", value or "")
    return match.group(0) if match else None


def _read_simple_csv(path: Path) -> tuple[list[Entry], list[str]]:
    entries, dates = [], []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"id", "schema", "name"} - set(reader.fieldnames or [])
        if missing:
            raise ValueError(f"missing column(s) {', '.join(sorted(missing))}; expected the OpenSanctions targets.simple.csv layout")
        for row in reader:
            kind = _kind(row.get("schema") or "")
            if kind is None or not row.get("name"):
                continue
            aliases = [a.strip() for a in (row.get("aliases") or "").split(";") if a.strip()]
            datasets = [d.strip() for d in (row.get("dataset") or row.get("datasets") or "").split(";") if d.strip()]
            entries.append(Entry(row["id"], kind, tuple(dict.fromkeys([row["name"], *aliases])), tuple(datasets)))
            dates += [d for d in (_date_part(row.get("last_change")), _date_part(row.get("last_seen"))) if d]
    return entries, dates


def _read_ftm_lines(path: Path) -> tuple[list[Entry], list[str]]:
    entries, dates = [], []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as error:
                raise ValueError(f"line {number} is not JSON ({error.msg}); expected FollowTheMoney JSON lines") from None
            kind = _kind(str(data.get("schema") or ""))
            props = data.get("properties") or {}
            names = [*props.get("name", []), *props.get("alias", []), *props.get("weakAlias", [])]
            if kind is None or not names or not data.get("id"):
                continue
            entries.append(Entry(str(data["id"]), kind, tuple(dict.fromkeys(names)), tuple(data.get("datasets") or [])))
            dates += [d for d in (_date_part(data.get("last_change")), _date_part(data.get("last_seen"))) if d]
    return entries, dates


def _index_date(path: Path) -> str | None:
    """The export date from an OpenSanctions index.json next to the export, if there is one."""
    index = path.with_name("index.json")
    if not index.is_file():
        return None
    try:
        data = json.loads(index.read_text("utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
    return next((_date_part(data.get(k)) for k in ("last_export", "updated_at", "last_change") if _date_part(data.get(k))), None)


def load_export(path: Path) -> Export:
    """Load an export file (CSV or FtM JSON lines); raise ScreeningError naming the file and the fix."""
    path = Path(path)
    try:
        stat = path.stat()
    except OSError:
        raise ScreeningError(problem(
            str(path), "BRF404", "the screening export does not exist; fix screening_export in [tool.briefs] of pyproject.toml",
        )) from None
    return _load(path.resolve(), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=2)
def _load(path: Path, _mtime: int, _size: int) -> Export:
    try:
        if path.suffix.lower() == ".csv":
            entries, dates = _read_simple_csv(path)
        else:
            entries, dates = _read_ftm_lines(path)
    except (ValueError, UnicodeDecodeError, csv.Error) as error:
        raise ScreeningError(problem(
            str(path), "BRF404", f"unreadable screening export: {error}; use targets.simple.csv or entities.ftm.json from OpenSanctions",
        )) from None
    export = Export(path=path, date=_index_date(path) or (max(dates) if dates else None), entries=entries)
    for index, entry in enumerate(entries):
        for token in {t for name in entry.names for t in normalize(name).split()}:
            export.by_token.setdefault(token, []).append(index)
    return export


def screenable_names(ann: Annotations) -> list[tuple[str, str]]:
    """(name, kind) of the brief's people with full names and organizations with expanded names."""
    names = []
    for entity in ann.entities:
        if entity.in_credit:
            continue
        if entity.type == "person":
            parts = normalize(entity.name).split()
            # "Kim Jong-un" has two parts; a bare surname would match every namesake.
            if len(entity.name.split()) >= MIN_PERSON_PARTS and len(parts) >= MIN_PERSON_PARTS:
                names.append((entity.name, "person"))
        elif entity.type == "organization":
            name = entity.name
            bare_acronym = name.isupper() and " " not in name and len(name) <= MAX_ACRONYM_LENGTH
            if bare_acronym or (entity.acronym and name == entity.acronym):
                continue
            names.append((name, "organization"))
    return list(dict.fromkeys(names))


def screen(ann: Annotations, export: Export) -> Screening:
    """Compare the brief's full names with the export; best match per name and entry."""
    from rapidfuzz import fuzz

    found: dict[tuple[str, str], ScreeningMatch] = {}
    for name, kind in screenable_names(ann):
        query = normalize(name)
        for entry in export.candidates(query):
            if entry.kind != kind:
                continue
            for alias in entry.names:
                candidate = normalize(alias)
                if kind == "person" and len(candidate.split()) < MIN_PERSON_PARTS:
                    continue
                score = round(fuzz.token_sort_ratio(query, candidate))
                key = (name, entry.id)
                if score >= MIN_SCORE and (key not in found or score > found[key].score):
                    found[key] = ScreeningMatch(
                        name=name, matched=alias, score=score, kind=kind, entry_id=entry.id,
                        datasets=sorted(entry.datasets),
                        url=ENTITY_URL.format(entry.id) if _SAFE_ID.match(entry.id) else None,
                    )
    matches = sorted(found.values(), key=lambda m: (-m.score, m.name, m.entry_id))
    return Screening(export=export.path.name, export_date=export.date, matches=matches)


def screen_items(config, items: list, report) -> None:
    """Screen every brief when an export is configured; a bad export is one reported problem."""
    if config.screening_export is None:
        return
    try:
        export = load_export(config.screening_export)
    except ScreeningError as error:
        report.problems.append(error.problem)
        return
    for item in items:
        item.brief.screening = screen(item.annotations, export)
