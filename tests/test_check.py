"""`briefs check`: the review queue, its JSON form and its exit code."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from generator.cli import app
from generator.review import review_item
from generator.select import make_brief
from generator.sidecar import parse_sidecar
from generator.overrides import apply_overrides
from generator.site import Item

from conftest import make_project
from test_cache import ARTICLES
from test_overrides import make_annotations, make_article


def queue(sidecar_text: str | None = None) -> list:
    article = make_article()
    ann = make_annotations(article)
    sidecar = parse_sidecar(sidecar_text.encode(), "briefs/levy.yml") if sidecar_text else None
    article, ann, brief, _ = apply_overrides(article, ann, sidecar)
    return review_item(Item(article, ann, brief))


def test_the_queue_lists_speakerless_quotes_unsure_entities_and_unknown_resolutions():
    article = make_article()
    ann = make_annotations(article)
    ann.sanctions.resolutions[0].known = False
    found = review_item(Item(article, ann, make_brief(article, ann)))
    assert [(p.code, p.severity) for p in found] == [("BRF203", "warning"), ("BRF204", "warning"), ("BRF205", "warning")]
    assert all(p.path == "briefs/levy.txt" for p in found)
    assert "We were never consulted" in found[0].message and "paragraph 3" in found[0].message
    assert "'Kesta'" in found[1].message and "briefs/levy.yml" in found[1].message
    assert "1718" in found[2].message


def test_uncertain_speakers_are_listed_but_short_and_nested_quotes_are_not():
    article = make_article()
    ann = make_annotations(article)
    ann.quotes[0].confidence = 0.3
    ann.quotes[1].nested = True
    ann.quotes[2].speaker = None  # partial: "fares will rise."
    found = review_item(Item(article, ann, make_brief(article, ann)))
    assert [p.code for p in found] == ["BRF207", "BRF204"]
    assert "credited to Brantsen" in found[0].message and "paragraph 2" in found[0].message


def test_sidecar_fixes_take_items_off_the_queue():
    assert {p.code for p in queue()} == {"BRF203", "BRF204"}
    fixed = queue(
        "quotes:\n  - match: never consulted\n    speaker: Tuesday Club\n"
        "entities:\n  - match: Kesta\n    match_type: place\n    confirm: true\n"
    )
    assert fixed == []
    assert [p.code for p in queue("sanctions:\n  add_resolutions: [9001]\n")].count("BRF205") == 1


@pytest.fixture
def checked(tmp_path, nlp):
    """A project with two fictional articles, and a runner for `briefs check` inside it."""
    project = make_project(tmp_path / "project", ARTICLES, with_seed=False)
    runner = CliRunner()

    def run(*args):
        return runner.invoke(app, ["check", "--project", str(project), *args])

    return project, run


def test_warnings_alone_exit_0_and_json_names_file_line_and_code(checked):
    project, run = checked
    (project / "briefs" / "veltmar.yml").write_text(
        "headline: Veltmar opens its terminal\n"
        "entities:\n"
        "  - match: Somebody Not In The Story\n"
        "    drop: true\n"
        "sanctions:\n"
        "  add_resolutions: [9001]\n"
    )
    (project / "briefs" / "gone.yml").write_text("draft: true\n")
    result = run("--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["checked"] == 2 and data["errors"] == 0
    items = {(p["path"], p["line"], p["code"]) for p in data["problems"]}
    assert ("briefs/veltmar.yml", 3, "BRF303") in items
    assert ("briefs/veltmar.txt", None, "BRF205") in items
    assert ("briefs/gone.yml", 1, "BRF303") in items
    assert all(set(p) == {"path", "line", "severity", "code", "message"} for p in data["problems"])
    assert not (project / "docs" / "briefs").exists(), "check writes no page"
    assert run("--strict").exit_code == 1, "--strict fails on warnings, as build --strict does"


def test_an_invalid_sidecar_is_an_error_and_exits_1(checked):
    project, run = checked
    (project / "briefs" / "ulmen.yml").write_text("headline: Ulmen\nquotes:\n  - match: island connected\n    pinned: true\n")
    result = run()
    assert result.exit_code == 1
    assert "briefs/ulmen.yml:4: error BRF302: unknown key 'quotes[0].pinned'; did you mean 'pin'?" in result.output
    assert result.output.strip().splitlines()[-1].startswith("checked 2 article(s): 1 error(s)")


def test_checking_one_article_by_its_sidecar(checked):
    project, run = checked
    (project / "briefs" / "ulmen.yml").write_text("entities:\n  - match: Nobody Here\n    role: mayor\n")
    result = run("--json", str(project / "briefs" / "ulmen.yml"))
    data = json.loads(result.output)
    assert data["checked"] == 1
    assert [(p["path"], p["line"]) for p in data["problems"] if p["code"] == "BRF303"] == [("briefs/ulmen.yml", 2)]
    assert all(p["path"].startswith("briefs/ulmen") for p in data["problems"])
