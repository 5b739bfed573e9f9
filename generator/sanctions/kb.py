"""Load and check the sanctions knowledge base (generator/data/sanctions/*.yml)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from ..models import Problem
from ..problems import problem
from .schema import (
    Context, DetectionFile, Issuer, IssuersFile, Phrase, Regime, RegimesFile, Resolution,
    ResolutionReferences, ResolutionsFile, Target, TargetsFile, TopicsFile,
)

KB_DIR = Path(__file__).resolve().parent.parent / "data" / "sanctions"
FIX = "fix it in the file (its format is described in generator/data/sanctions/README.md)"


class KnowledgeBaseError(ValueError):
    """The knowledge base files are invalid; carries one Problem (code BRF401) per error."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("the sanctions knowledge base is invalid:\n" + "\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything the detector, the box and the pages know about sanctions."""

    issuers: dict[str, Issuer]
    targets: dict[str, Target]
    regimes: dict[str, Regime]
    resolutions: dict[int, Resolution]
    phrases: list[Phrase]
    references: ResolutionReferences
    context: Context
    topics: dict[str, list[str]]
    by_issuer_target: dict[tuple[str, str | None], str] = field(default_factory=dict)

    def regime_for(self, issuer: str, target: str | None) -> str | None:
        """The regime id of an issuer on a target (target None: the issuer's general list)."""
        return self.by_issuer_target.get((issuer, target))

    def issuer_name(self, regime: Regime) -> str:
        """Who imposes a regime, as shown to readers."""
        return regime.issuer_name or self.issuers[regime.issuer].name


def _display_path(path: Path) -> str:
    try:
        return path.resolve().relative_to(KB_DIR.parent.parent.parent).as_posix()
    except ValueError:
        return path.as_posix()


def _line_of(node: yaml.Node | None, loc: tuple) -> int | None:
    """Follow a pydantic error location through the YAML node tree to a 1-based line."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            found = next((value for key, value in node.value if key.value == str(part)), None)
            if found is None:
                break
            node = found
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            break
        line = node.start_mark.line + 1
    return line


def _describe(loc: tuple, data) -> str:
    """Write a location as a key path, naming list entries by their id or number."""
    parts, current = [], data
    for part in loc:
        if isinstance(part, int) and isinstance(current, list) and part < len(current):
            current = current[part]
            name = current.get("id") or current.get("number") or current.get("label") if isinstance(current, dict) else None
            parts.append(f"[{part}]" + (f" ({name})" if name else ""))
        else:
            current = current.get(part) if isinstance(current, dict) else None
            parts.append(("." if parts else "") + str(part))
    return "".join(parts) or "(top level)"


class _File:
    """One parsed YAML file: its data, its node tree for line numbers, and its display path."""

    def __init__(self, path: Path):
        self.path = path
        self.name = _display_path(path)
        self.text = path.read_text("utf-8")
        # libyaml when available: the knowledge base is read on every build.
        self.data = yaml.load(self.text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))

    @property
    def node(self) -> yaml.Node | None:
        """The node tree, composed only when a problem needs a line number."""
        return yaml.compose(self.text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))

    def problem(self, loc: tuple, message: str) -> Problem:
        """A BRF401 problem at a key of this file."""
        return problem(self.name, "BRF401", f"{_describe(loc, self.data)}: {message}; {FIX}", line=_line_of(self.node, loc))


def _parse(path: Path, model: type[BaseModel], problems: list[Problem]) -> tuple[_File | None, BaseModel | None]:
    try:
        file = _File(path)
    except FileNotFoundError:
        problems.append(problem(_display_path(path), "BRF401", f"missing file; restore it from git or {FIX}"))
        return None, None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problems.append(problem(
            _display_path(path), "BRF401", f"YAML syntax error: {getattr(error, 'problem', error)}; {FIX}",
            line=mark.line + 1 if mark else None,
        ))
        return None, None
    try:
        return file, model.model_validate(file.data)
    except ValidationError as error:
        for item in error.errors():
            loc = tuple(p for p in item["loc"] if not (isinstance(p, str) and p.startswith(("function-", "tagged-union"))))
            # Union members (date | int | str) add their type name to the location; drop it.
            loc = tuple(p for p in loc if p not in {"date", "int", "str", "none", "list[dict]"})
            problems.append(file.problem(loc, item["msg"].removeprefix("Value error, ")))
        return file, None


def load_kb(directory: Path = KB_DIR) -> KnowledgeBase:
    """Load and check every file of the knowledge base; raise KnowledgeBaseError listing all errors."""
    return _load(Path(directory).resolve())


@lru_cache(maxsize=4)
def _load(directory: Path) -> KnowledgeBase:
    problems: list[Problem] = []
    issuers_file, issuers = _parse(directory / "issuers.yml", IssuersFile, problems)
    targets_file, targets = _parse(directory / "targets.yml", TargetsFile, problems)
    detection_file, detection = _parse(directory / "detection.yml", DetectionFile, problems)
    topics_file, topics = _parse(directory / "topics.yml", TopicsFile, problems)
    regime_files = [_parse(p, RegimesFile, problems) for p in sorted((directory / "regimes").glob("*.yml"))]
    resolution_files = [_parse(p, ResolutionsFile, problems) for p in sorted((directory / "resolutions").glob("*.yml"))]
    if not regime_files:
        problems.append(problem(_display_path(directory / "regimes"), "BRF401", f"no regime files (*.yml); {FIX}"))
    if problems:
        raise KnowledgeBaseError(problems)

    kb = KnowledgeBase(
        issuers={i.id: i for i in issuers.issuers},
        targets={t.id: t for t in targets.targets},
        regimes={},
        resolutions={},
        phrases=list(detection.phrases),
        references=detection.resolution_references,
        context=detection.context,
        topics=dict(topics.topics),
    )
    regime_at: dict[str, tuple[_File, int]] = {}
    for file, parsed in regime_files:
        for index, regime in enumerate(parsed.regimes):
            if regime.id in kb.regimes:
                problems.append(file.problem(("regimes", index, "id"), f"duplicate regime id {regime.id!r} (also in {regime_at[regime.id][0].name})"))
                continue
            kb.regimes[regime.id] = regime
            regime_at[regime.id] = (file, index)
    resolution_at: dict[int, tuple[_File, int]] = {}
    for file, parsed in resolution_files:
        for index, resolution in enumerate(parsed.resolutions):
            if resolution.number in kb.resolutions:
                problems.append(file.problem(("resolutions", index, "number"), f"duplicate resolution {resolution.number}"))
                continue
            kb.resolutions[resolution.number] = resolution
            resolution_at[resolution.number] = (file, index)
    problems += _cross_check(kb, issuers_file, targets_file, detection_file, topics_file, regime_at, resolution_at)
    if problems:
        raise KnowledgeBaseError(problems)
    return kb


def _cross_check(kb, issuers_file, targets_file, detection_file, topics_file, regime_at, resolution_at) -> list[Problem]:
    """Check references between files: ids that must exist, one regime per issuer and target."""
    problems = []
    for index, target in enumerate(kb.targets.values()):
        if target.default_issuer and target.default_issuer not in kb.issuers:
            problems.append(targets_file.problem(("targets", index, "default_issuer"), f"unknown issuer {target.default_issuer!r}"))
    for regime_id, regime in kb.regimes.items():
        file, index = regime_at[regime_id]
        if regime.issuer not in kb.issuers:
            problems.append(file.problem(("regimes", index, "issuer"), f"unknown issuer {regime.issuer!r}; issuers are listed in issuers.yml"))
        if regime.target is not None and regime.target not in kb.targets:
            problems.append(file.problem(("regimes", index, "target"), f"unknown target {regime.target!r}; targets are listed in targets.yml"))
        key = (regime.issuer, regime.target)
        if key in kb.by_issuer_target:
            problems.append(file.problem(("regimes", index, "target"), f"{kb.by_issuer_target[key]!r} already covers issuer {regime.issuer!r} on target {regime.target!r}"))
        kb.by_issuer_target.setdefault(key, regime_id)
        for position, number in enumerate(regime.resolutions):
            if number not in kb.resolutions:
                problems.append(file.problem(("regimes", index, "resolutions", position), f"resolution {number} has no entry in resolutions/*.yml"))
            elif kb.resolutions[number].regime != regime_id:
                problems.append(file.problem(("regimes", index, "resolutions", position), f"resolution {number} belongs to regime {kb.resolutions[number].regime!r}"))
        for position, measure in enumerate(regime.measures):
            for topic in measure.topics:
                if topic not in kb.topics:
                    problems.append(file.problem(("regimes", index, "measures", position, "topics"), f"unknown topic {topic!r}; topics are listed in topics.yml"))
    for number, resolution in kb.resolutions.items():
        file, index = resolution_at[number]
        if resolution.regime not in kb.regimes:
            problems.append(file.problem(("resolutions", index, "regime"), f"unknown regime {resolution.regime!r}"))
        for position, measure in enumerate(resolution.measures):
            for topic in measure.topics:
                if topic not in kb.topics:
                    problems.append(file.problem(("resolutions", index, "measures", position, "topics"), f"unknown topic {topic!r}; topics are listed in topics.yml"))
    for index, phrase in enumerate(kb.phrases):
        for key in ("regime", "fallback"):
            value = getattr(phrase, key)
            if value is not None and value not in kb.regimes:
                problems.append(detection_file.problem(("phrases", index, key), f"unknown regime {value!r}"))
        for key in ("issuer", "issuer_hint", "requires_issuer"):
            value = getattr(phrase, key)
            if value is not None and value not in kb.issuers:
                problems.append(detection_file.problem(("phrases", index, key), f"unknown issuer {value!r}"))
        if phrase.default_target is not None and phrase.default_target not in kb.targets:
            problems.append(detection_file.problem(("phrases", index, "default_target"), f"unknown target {phrase.default_target!r}"))
    return problems
