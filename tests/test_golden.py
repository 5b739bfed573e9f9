"""Golden test: the rendered Markdown of the seed brief, byte for byte.

The golden file changes whenever entities, quotes, sanctions, key points or templates improve.
When a change is intended, regenerate it and review the diff before committing:

    make golden        # runs: .venv/bin/python -m pytest tests/test_golden.py --update-golden
"""

from __future__ import annotations

import difflib
from pathlib import Path

from conftest import make_project

from generator.build import generate
from generator.config import load_config

GOLDEN = Path(__file__).parent / "golden" / "seed.md"
SEED_SLUG = "2023-09-13-makeup-of-n-koreas-delegation-to-russia-suggests-arms-deal"
REGENERATE = "make golden   (or: .venv/bin/python -m pytest tests/test_golden.py --update-golden)"


def render_seed(tmp_path: Path) -> str:
    """Generate a throwaway project holding only the seed and return its brief's Markdown."""
    project = make_project(tmp_path / "project")
    generate(load_config(project))
    return (project / "docs" / "briefs" / f"{SEED_SLUG}.md").read_text("utf-8")


def test_seed_brief_matches_the_golden_file(tmp_path, request):
    rendered = render_seed(tmp_path)
    if request.config.getoption("--update-golden"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(rendered, "utf-8")
        return
    assert GOLDEN.exists(), f"{GOLDEN} is missing; create it with: {REGENERATE}"
    expected = GOLDEN.read_text("utf-8")
    if rendered != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True), rendered.splitlines(keepends=True),
                fromfile="tests/golden/seed.md (expected)", tofile="rendered seed brief", n=1,
            )
        )
        lines = diff.splitlines()
        shown = "\n".join(lines[:80]) + (f"\n... ({len(lines) - 80} more diff lines)" if len(lines) > 80 else "")
        raise AssertionError(
            "The rendered seed brief differs from tests/golden/seed.md.\n"
            f"If the change is intended, regenerate the golden file and review its diff:\n    {REGENERATE}\n\n{shown}"
        )


def test_rendering_the_seed_twice_gives_identical_bytes(tmp_path):
    assert render_seed(tmp_path / "one") == render_seed(tmp_path / "two")
