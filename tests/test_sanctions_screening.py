"""Screening a brief's people and organizations against a local OpenSanctions export.

The exports in tests/fixtures/screening/ are fictional; nothing is downloaded.
"""

from __future__ import annotations

import pytest

from generator.models import Annotations, Entity
from generator.screening import ScreeningError, load_export, screen, screenable_names

from conftest import ROOT, make_project

FIXTURES = ROOT / "tests" / "fixtures" / "screening"
ARTICLE = """Kestrel chief denies coal shipments

Published: 2025-03-04 09:00 +00:00

Marek Duvall, the chief executive of the Kestrel Trading Company, denied that his ships carried coal to the port of Vantor.

Duvall said harbour master Orin Tellan had inspected every cargo. Tellan declined to comment.
"""


def _annotations(*entities: tuple[str, str, str | None]) -> Annotations:
    return Annotations(text="", entities=[
        Entity(id=name.lower().replace(" ", "-"), name=name, type=kind, acronym=acronym) for name, kind, acronym in entities
    ])


@pytest.mark.parametrize("export", ["targets.simple.csv", "entities.ftm.json"])
def test_full_names_match_in_both_formats(export):
    ann = _annotations(("Marek Duvall", "person", None), ("Kestrel Trading Company", "organization", None))
    result = screen(ann, load_export(FIXTURES / export))
    assert [(m.name, m.entry_id) for m in result.matches] == [("Marek Duvall", "NK-fict-duvall"), ("Kestrel Trading Company", "NK-fict-kestrel")]
    assert result.matches[0].score == 100 and 90 <= result.matches[1].score < 100
    assert result.matches[0].url == "https://www.opensanctions.org/entities/NK-fict-duvall/"
    assert result.export == export and result.export_date == "2026-02-14" and result.licence == "CC BY-NC 4.0"


def test_bare_surnames_acronyms_and_namesakes_do_not_match():
    ann = _annotations(
        ("Duvall", "person", None), ("Tellan", "person", None), ("KTC", "organization", None),
        ("Anna Duval", "person", None), ("Orin Tellan", "person", None), ("Hesper Star", "organization", None),
    )
    assert ("Duvall", "person") not in screenable_names(ann) and ("KTC", "organization") not in screenable_names(ann)
    matches = screen(ann, load_export(FIXTURES / "targets.simple.csv")).matches
    # "Anna Duval" is close to the listed Anna Duvall; "Orin Tellan" never matches the one-word "Tellan";
    # the vessel "Hesper Star" is not a person or organization entry.
    assert [(m.name, m.matched) for m in matches] == [("Anna Duval", "Anna Duvall")]


def test_spelling_variants_score_below_100():
    ann = _annotations(("Marek Duvale", "person", None))
    (match,) = screen(ann, load_export(FIXTURES / "entities.ftm.json")).matches
    assert match.entry_id == "NK-fict-duvall" and 90 <= match.score < 100


def test_unreadable_or_missing_export_is_a_brf404_problem(tmp_path):
    bad = tmp_path / "targets.simple.csv"
    bad.write_text("who,what\nx,y\n")
    with pytest.raises(ScreeningError) as caught:
        load_export(bad)
    assert caught.value.problem.code == "BRF404" and "targets.simple.csv" in caught.value.problem.message
    broken = tmp_path / "entities.ftm.json"
    broken.write_text('{"id": "a", "schema": "Person"}\nnot json\n')
    with pytest.raises(ScreeningError, match="line 2 is not JSON"):
        load_export(broken)
    with pytest.raises(ScreeningError, match="does not exist"):
        load_export(tmp_path / "missing.csv")


@pytest.mark.slow
def test_brief_sidebar_shows_matches_with_date_and_licence(tmp_path):
    from generator.build import generate
    from generator.config import load_config

    project = make_project(tmp_path / "project", {"2025-03-04-kestrel.txt": ARTICLE}, with_seed=False)
    (project / "exports").mkdir()
    (project / "exports" / "targets.simple.csv").write_bytes((FIXTURES / "targets.simple.csv").read_bytes())
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace("[tool.briefs]\n", '[tool.briefs]\nscreening_export = "exports/targets.simple.csv"\n', 1))
    report = generate(load_config(project), use_cache=False)
    assert not report.errors, report.problems
    (page,) = (project / "docs" / "briefs").glob("*kestrel*.md")
    text = page.read_text()
    sidebar = text[text.index('<aside class="brief-sidebar"'):text.index("</aside>")]
    assert "**Sanctions-list screening**" in sidebar
    assert "Marek Duvall ≈ [Marek Duvall](https://www.opensanctions.org/entities/NK-fict-duvall/) (score 100/100" in sidebar
    assert "of 2026-02-14" in sidebar and "[CC BY-NC 4.0](https://creativecommons.org/licenses/by-nc/4.0/)" in sidebar
    assert "Orin Tellan ≈" not in sidebar


@pytest.mark.slow
def test_a_missing_export_is_reported_not_fatal(tmp_path):
    from generator.build import generate
    from generator.config import load_config

    project = make_project(tmp_path / "project", {"2025-03-04-kestrel.txt": ARTICLE}, with_seed=False)
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace("[tool.briefs]\n", '[tool.briefs]\nscreening_export = "exports/none.csv"\n', 1))
    report = generate(load_config(project), use_cache=False)
    assert [p.code for p in report.problems if p.code == "BRF404"] == ["BRF404"]
    (page,) = (project / "docs" / "briefs").glob("*kestrel*.md")
    assert "Sanctions-list screening" not in page.read_text()
