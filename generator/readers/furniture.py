"""Site furniture on a copied news page: share buttons, ads, prompts, 'Related stories' lists."""

from __future__ import annotations

from .patterns import whole_line


def is_furniture(line: str) -> bool:
    """A whole line that belongs to the page, not the article, wherever it stands."""
    return bool(line) and len(line) <= 200 and bool(whole_line("furniture_lines").match(line.strip()))


def starts_furniture(line: str) -> bool:
    """A heading after which the rest of the page is furniture ('Related stories', 'Comments')."""
    return bool(line) and len(line) <= 80 and bool(whole_line("furniture_sections").match(line.strip()))
