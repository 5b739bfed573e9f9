"""Stable problem codes and the exception that carries one out of a reader."""

from __future__ import annotations

from .models import Problem

# One code per kind of problem; the code is part of the contract with editors and CI logs,
# so codes are never reused for a different meaning.
CODES = {
    # BRF1xx: reading source files
    "BRF101": "empty file",
    "BRF102": "no headline",
    "BRF103": "binary file",
    "BRF104": "undecodable text",
    "BRF105": "front matter syntax error",
    "BRF106": "front matter value invalid",
    "BRF107": "file over the size limit",
    "BRF108": "unparsable date",
    "BRF109": "duplicate slug",
    "BRF110": "no body text",
    "BRF111": "unsupported file type",
    "BRF112": "unknown front matter key",
    "BRF113": "file cannot be read",
    "BRF114": "duplicate article",
    "BRF115": "body too deeply nested",
    "BRF116": "article text over the length limit",
    "BRF117": "reader failed unexpectedly",
    "BRF118": "file name not valid UTF-8",
    # BRF2xx: annotation
    "BRF201": "spaCy model not installed",
    "BRF202": "unbalanced quotation mark",
    "BRF203": "quote without a speaker",
    "BRF204": "low-confidence entity",
    "BRF205": "sanctions reference not in the knowledge base",
    "BRF206": "corrupt cache entry",
    "BRF207": "uncertain quote attribution",
    # BRF3xx: editor sidecar files
    "BRF301": "sidecar syntax error",
    "BRF302": "sidecar value invalid",
    "BRF303": "override matches nothing",
    # BRF4xx: knowledge base and build
    "BRF401": "knowledge base invalid",
    "BRF402": "site build failed",
    "BRF403": "another build is running",
    "BRF404": "screening export unreadable",
}


class SourceError(Exception):
    """An article that cannot become a brief; carries the Problem that says why."""

    def __init__(self, path: str, code: str, message: str, line: int | None = None):
        self.problem = Problem(path=path, line=line, severity="error", code=code, message=message)
        self.problems: list[Problem] = [self.problem]
        """The error first, then any warnings the reader met before it."""
        super().__init__(str(self.problem))


def problem(path: str, code: str, message: str, line: int | None = None, severity: str = "error") -> Problem:
    """Make a Problem with a registered code."""
    assert code in CODES, code
    return Problem(path=path, line=line, severity=severity, code=code, message=message)
