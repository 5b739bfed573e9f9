"""The review queue behind `briefs check`: what needs an editor's eye, after the sidecar fixes.

Listed: problems reading articles and sidecars, quotes without a speaker or with an uncertain
one, entities the annotator was unsure of, sanctions references the knowledge base does not
know, and overrides that no longer match anything. Items are computed on the annotations as
corrected by the sidecar, so a fix makes its item disappear.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .build import collect
from .config import Config
from .models import Problem
from .problems import problem
from .sidecar import SIDECAR_SUFFIX
from .site import Item

LOW_CONFIDENCE = 0.5
"""Entities below this confidence are listed for review."""
# Codes this module computes itself from the corrected annotations; the annotator's own copies
# would be stale once a sidecar fixed them.
REVIEW_CODES = {"BRF203", "BRF204", "BRF205", "BRF207"}


@dataclass
class Review:
    """The outcome of a check: files looked at and the queue, in a stable order."""

    checked: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def as_json(self) -> dict:
        """The machine-readable queue printed by `briefs check --json`."""
        return {
            "checked": self.checked,
            "errors": len(self.errors),
            "warnings": sum(1 for p in self.problems if p.severity == "warning"),
            "problems": [p.model_dump(mode="json") for p in self.problems],
        }


def review(config: Config, paths: list[Path] | None = None, use_cache: bool = True) -> Review:
    """Read, annotate (from the cache when possible) and correct every article; list what needs a look."""
    items, report, _ = collect(config, include_drafts=True, use_cache=use_cache, paths=paths)
    queue = [p for p in report.problems if p.code not in REVIEW_CODES]
    for item in items:
        queue += review_item(item)
    queue.sort(key=lambda p: (p.path, p.line or 0, p.code, p.message))
    return Review(checked=report.articles, problems=queue)


def review_item(item: Item) -> list[Problem]:
    """Review items of one brief: speakerless quotes, unsure entities, unknown sanctions references."""
    path, ann, found = item.article.source_path, item.annotations, []
    sidecar = Path(path).with_suffix(SIDECAR_SUFFIX).as_posix()
    for quote in ann.quotes:
        # Short phrases and quotes inside quotes never become callouts: nothing to review.
        if quote.partial or quote.nested:
            continue
        where = f" (paragraph {quote.paragraph + 1})" if quote.paragraph is not None else ""
        if not quote.speaker:
            found.append(problem(
                path, "BRF203",
                f"quote without a speaker{where}: “{excerpt(quote.text)}”; name the speaker in {sidecar} "
                "(quotes: - match: <a few words>, speaker: <name>) or drop it",
                severity="warning",
            ))
        elif quote.confidence < LOW_CONFIDENCE:
            found.append(problem(
                path, "BRF207",
                f"uncertain speaker{where}: “{excerpt(quote.text)}” is credited to {quote.speaker} ({quote.confidence:.2f}); "
                f"confirm or correct it in {sidecar} (quotes: - match: <a few words>, speaker: <name>)",
                severity="warning",
            ))
    for entity in ann.entities:
        if entity.confidence < LOW_CONFIDENCE:
            found.append(problem(
                path, "BRF204",
                f"low-confidence {entity.type} '{entity.name}' ({entity.confidence:.2f}); confirm, fix or drop it in "
                f"{sidecar} (entities: - match: {entity.name}, confirm: true)",
                severity="warning",
            ))
    for ref in ann.sanctions.resolutions:
        if not ref.known:
            found.append(problem(
                path, "BRF205",
                f"UN Security Council resolution {ref.number} is not in the knowledge base, so the box cannot explain it; "
                f"add it under generator/data/sanctions/ or remove it in {sidecar} (sanctions: remove_resolutions: [{ref.number}])",
                severity="warning",
            ))
    return found


def excerpt(text: str, words: int = 12) -> str:
    """The first words of a text, with an ellipsis when cut."""
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")
