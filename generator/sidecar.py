"""The editor sidecar file: `<article stem>.yml` next to an article, parsed and validated.

Editors correct the machine here, never in generated Markdown. The YAML is composed node by
node so every key and list item keeps its line: a validation error, or an override that no
longer matches anything, names the file, the line and the key.
"""

from __future__ import annotations

import difflib
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal, Union

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from .models import EntityType, Problem
from .problems import problem

SIDECAR_SUFFIX = ".yml"
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Line = tuple[Union[str, int], ...]


class Schema(BaseModel):
    """Base of the sidecar schema: unknown keys are errors, so typos never pass silently."""

    model_config = ConfigDict(extra="forbid")


class EntityFix(Schema):
    """Fix one entity the annotator found, chosen by its name, an alias or its acronym."""

    match: Text
    match_type: EntityType | None = None
    """Only entities of this type match (when one name is both a place and an organization)."""
    rename: Text | None = None
    merge_into: Text | None = None
    """Name of another entity of this article that absorbs this one (mentions and aliases)."""
    retype: EntityType | None = None
    role: str | None = None
    """The entity's role in this article; an empty string removes the role."""
    drop: bool = False
    confirm: bool = False
    """The annotator got it right: take it off the review queue (low confidence)."""

    @model_validator(mode="after")
    def _one_change(self) -> EntityFix:
        changes = [k for k in ("rename", "merge_into", "retype", "role") if getattr(self, k) is not None]
        if not changes and not self.drop and not self.confirm:
            raise ValueError("says which entity but not what to change; add rename, merge_into, retype, role, confirm: true or drop: true")
        if self.drop and (changes or self.confirm):
            raise ValueError(f"drop: true cannot be combined with {', '.join(changes) or 'confirm'}; keep one")
        if self.merge_into is not None and {"rename", "retype"} & set(changes):
            raise ValueError("merge_into takes the target's name and type; put rename or retype on the target's own entry")
        return self


class QuoteFix(Schema):
    """Fix one quote, chosen by any distinctive part of its words."""

    match: Text
    pin: bool = False
    """Always show this quote as a callout, before the others."""
    drop: bool = False
    speaker: Text | None = None
    speaker_type: Literal["person", "organization", "title"] | None = None
    role: str | None = None

    @model_validator(mode="after")
    def _one_change(self) -> QuoteFix:
        if not (self.pin or self.drop or self.speaker or self.role is not None):
            raise ValueError("says which quote but not what to change; add pin: true, drop: true or speaker")
        if self.drop and (self.pin or self.speaker or self.role is not None):
            raise ValueError("drop: true cannot be combined with pin, speaker or role; keep one")
        if (self.speaker_type or self.role is not None) and not self.speaker:
            raise ValueError("speaker_type and role describe a new speaker; add speaker")
        return self


RegimeId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, pattern=r"^[a-z0-9][a-z0-9-]*$")]
ResolutionNumber = Annotated[int, Field(ge=1, le=9999)]


class SanctionsFix(Schema):
    """Sanctions references to add to, or remove from, what the annotator found."""

    add_resolutions: list[ResolutionNumber] = Field(default_factory=list)
    remove_resolutions: list[ResolutionNumber] = Field(default_factory=list)
    add_regimes: list[RegimeId] = Field(default_factory=list)
    remove_regimes: list[RegimeId] = Field(default_factory=list)

    @model_validator(mode="after")
    def _no_contradiction(self) -> SanctionsFix:
        both = sorted({*map(str, set(self.add_resolutions) & set(self.remove_resolutions)), *(set(self.add_regimes) & set(self.remove_regimes))})
        if both:
            raise ValueError(f"{', '.join(both)} is both added and removed; keep one")
        return self


class Sidecar(Schema):
    """Everything an editor can override for one article."""

    headline: Text | None = None
    dek: Text | None = None
    tags: list[Text] | None = None
    """Replaces the article's tags."""
    draft: bool = False
    editor_note: Text | None = None
    key_points: list[Text] | None = None
    """Replaces the machine's key points; an empty list shows none."""
    entities: list[EntityFix] = Field(default_factory=list)
    quotes: list[QuoteFix] = Field(default_factory=list)
    sanctions: SanctionsFix = Field(default_factory=SanctionsFix)


@dataclass
class SidecarFile:
    """A validated sidecar with the line of every key and list item."""

    path: str
    """Posix path relative to the project root (e.g. briefs/x.yml)."""
    data: Sidecar
    lines: dict[Line, int] = field(default_factory=dict)

    def line(self, *loc: str | int) -> int | None:
        """Line of a key path like ('entities', 0, 'rename'), or of its nearest parent."""
        for end in range(len(loc), 0, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return None


class SidecarError(Exception):
    """A sidecar that cannot be used; carries every problem found in it."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def sidecar_path(article_path: Path) -> Path:
    """Where the sidecar of an article lives: same folder, same stem, .yml."""
    return article_path.with_suffix(SIDECAR_SUFFIX)


def load_sidecar(article_path: Path, root: Path) -> SidecarFile | None:
    """Load and validate the sidecar of an article; None when it has none; SidecarError if invalid."""
    path = sidecar_path(article_path)
    if not path.is_file():
        stray = article_path.with_suffix(".yaml")
        if stray.is_file():
            rel = _relative(stray, root)
            raise SidecarError([problem(rel, "BRF302", f"sidecar files end in .yml; rename {stray.name} to {path.name}", line=1)])
        return None
    return parse_sidecar(path.read_bytes(), _relative(path, root))


def orphan_sidecars(briefs_dir: Path, root: Path, articles: list[Path]) -> list[Problem]:
    """Sidecar files with no article beside them: every override in them matches nothing."""
    stems = {p.stem for p in articles}
    found = []
    for path in sorted(briefs_dir.glob(f"*{SIDECAR_SUFFIX}")) if briefs_dir.is_dir() else []:
        if path.stem not in stems and not path.name.startswith("."):
            found.append(problem(
                _relative(path, root), "BRF303",
                f"no article named {path.stem}.* sits beside this sidecar; rename it to match its article or delete it",
                line=1, severity="warning",
            ))
    return found


def parse_sidecar(data: bytes, rel: str) -> SidecarFile:
    """Parse sidecar bytes; rel is the path shown in problems."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SidecarError([problem(rel, "BRF301", f"not UTF-8 text ({error.reason} at byte {error.start}); save the file as UTF-8")])
    lines: dict[Line, int] = {}
    try:
        raw = compose_with_lines(text, lines)
    except DuplicateKey as error:
        raise SidecarError([problem(rel, "BRF301", str(error.problem), line=error.problem_mark.line + 1)])
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        what = " ".join(str(p) for p in (error.context, error.problem) if p)
        fix = "fix the indentation or quoting on this line"
        if "mapping values are not allowed" in what:
            fix = "a value containing ': ' must be in quotes (\"...\"), or the indentation is off"
        raise SidecarError([problem(rel, "BRF301", f"YAML syntax error: {what}; {fix}", line=line)])
    except yaml.YAMLError as error:
        raise SidecarError([problem(rel, "BRF301", f"YAML syntax error: {error}")])
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise SidecarError([problem(rel, "BRF302", "the file must be a mapping of keys (headline:, entities:, ...); see the README", line=1)])
    try:
        sidecar = Sidecar.model_validate(raw)
    except ValidationError as error:
        found = [_validation_problem(rel, lines, item) for item in error.errors()]
        raise SidecarError(sorted(found, key=lambda p: p.line or 0))
    return SidecarFile(path=rel, data=sidecar, lines=lines)


class DuplicateKey(yaml.MarkedYAMLError):
    """A mapping with the same key twice (plain YAML would keep only the last one)."""


def compose_with_lines(text: str, lines: dict[Line, int]):
    """Build Python data from YAML, recording the 1-based line of every key and list item."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        return _construct(loader, node, (), lines) if node is not None else None
    finally:
        loader.dispose()


def _construct(loader: yaml.SafeLoader, node: yaml.Node, path: Line, lines: dict[Line, int]):
    if isinstance(node, yaml.MappingNode):
        result = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int)):
                raise DuplicateKey(None, None, f"a key must be a word, not {type(key).__name__}", key_node.start_mark)
            if key in result:
                raise DuplicateKey(None, None, f"key '{key}' appears twice in this mapping; keep one", key_node.start_mark)
            lines[path + (key,)] = key_node.start_mark.line + 1
            result[key] = _construct(loader, value_node, path + (key,), lines)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            lines[path + (index,)] = item.start_mark.line + 1
            items.append(_construct(loader, item, path + (index,), lines))
        return items
    return loader.construct_object(node, deep=True)


def _validation_problem(rel: str, lines: dict[Line, int], error: dict) -> Problem:
    loc = tuple(error["loc"])
    key = _dotted(loc) or "(top level)"
    line = next((lines[loc[:end]] for end in range(len(loc), 0, -1) if loc[:end] in lines), 1)
    if error["type"] == "extra_forbidden":
        allowed = allowed_keys(loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        message = f"unknown key '{key}'; {hint}allowed here: {', '.join(allowed)}"
    elif error["type"] == "string_pattern_mismatch":
        message = f"{key}: an id is lowercase letters, digits and hyphens, like un-dprk (got {error.get('input')!r})"
    else:
        detail = error["msg"].removeprefix("Value error, ")
        message = f"{key}: {detail}"
        if error["type"] not in ("value_error", "assertion_error"):
            message += f" (got {error.get('input')!r})"
    return problem(rel, "BRF302", message, line=line)


def _dotted(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def allowed_keys(loc: tuple) -> list[str]:
    """The keys the schema allows at a location like ('entities', 0)."""
    model: typing.Any = Sidecar
    for part in loc:
        if isinstance(part, int):
            continue
        annotation = model.model_fields[part].annotation
        model = _model_in(annotation)
        if model is None:
            return []
    return sorted(model.model_fields)


def _model_in(annotation) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()

