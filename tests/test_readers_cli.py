"""Readers in the pipeline: read_all collects every problem, `briefs add`, `briefs check`."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import SEED, make_project
from generator.build import discover, read_all
from generator.cli import app
from generator.config import load_config

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "articles"
runner = CliRunner()

BAD = {
    "a-empty.txt": b"",
    "b-binary.txt": (FIXTURES / "binary.txt").read_bytes(),
    "c-syntax.md": (FIXTURES / "front-matter-syntax.md").read_bytes(),
    "d-bad-date.txt": (FIXTURES / "bad-date.txt").read_bytes(),
    "e-unknown-key.md": (FIXTURES / "front-matter-unknown.md").read_bytes(),
}


def test_read_all_reports_every_problem_and_keeps_articles_with_warnings(tmp_path):
    project = make_project(tmp_path / "p", BAD, with_seed=True)
    config = load_config(project)
    articles, problems = read_all(config, discover(config))
    assert sorted(a.source_path for a in articles) == [
        "briefs/000_4ad485723bc6e419.txt", "briefs/d-bad-date.txt", "briefs/e-unknown-key.md"]
    assert [(p.path, p.line, p.severity, p.code) for p in problems] == [
        ("briefs/a-empty.txt", None, "error", "BRF101"),
        ("briefs/b-binary.txt", None, "error", "BRF103"),
        ("briefs/c-syntax.md", 5, "error", "BRF105"),
        ("briefs/d-bad-date.txt", 3, "warning", "BRF108"),
        ("briefs/e-unknown-key.md", 3, "warning", "BRF108"),
        ("briefs/e-unknown-key.md", 4, "warning", "BRF112"),
    ]


def test_duplicate_slug_names_both_files(tmp_path):
    twin = SEED.read_text("utf-8").replace("Modified on", "Modified on ")  # same headline and date
    project = make_project(tmp_path / "p", {"twin.txt": twin}, with_seed=True)
    config = load_config(project)
    articles, problems = read_all(config, discover(config))
    assert len(articles) == 1
    [clash] = problems
    assert clash.code == "BRF109" and clash.path == "briefs/twin.txt"
    assert "briefs/000_4ad485723bc6e419.txt" in clash.message


def test_add_copies_under_the_slug_and_shows_what_was_understood(tmp_path):
    project = make_project(tmp_path / "p", with_seed=False)
    result = runner.invoke(app, ["add", str(SEED), "-C", str(project)])
    assert result.exit_code == 0, result.output
    target = project / "briefs" / "2023-09-13-makeup-of-n-koreas-delegation-to-russia-suggests-arms-deal.txt"
    assert target.read_bytes() == SEED.read_bytes()
    for line in ("headline:   Makeup of N. Korea’s delegation to Russia suggests arms deal is on horizon",
                 "published:  2023-09-13T14:05:00+09:00", "modified:   2023-09-13T17:43:00+09:00",
                 "authors:    Kwon Hyuk-chul (staff reporter)", "paragraphs: 12", "captions:   1",
                 "[credit: courtesy of the Russian Ministry of Natural Resources and Environment/AFP/Yonhap]"):
        assert line in result.output
    assert sorted(p.name for p in (project / "briefs").iterdir()) == [target.name]  # no temporary file left


def test_add_refuses_the_same_content_twice(tmp_path):
    project = make_project(tmp_path / "p", with_seed=True)
    result = runner.invoke(app, ["add", str(SEED), "-C", str(project)])
    assert result.exit_code == 1
    assert "briefs/000_4ad485723bc6e419.txt: error BRF114:" in result.output
    assert len(list((project / "briefs").iterdir())) == 1


def test_add_refuses_an_article_whose_slug_is_taken(tmp_path):
    project = make_project(tmp_path / "p", with_seed=True)
    twin = tmp_path / "twin.txt"
    twin.write_text(SEED.read_text("utf-8") + "\nMore text.\n", "utf-8")
    result = runner.invoke(app, ["add", str(twin), "-C", str(project)])
    assert result.exit_code == 1
    assert "error BRF109" in result.output and "briefs/000_4ad485723bc6e419.txt" in result.output


def test_add_reads_standard_input_and_guesses_the_format(tmp_path):
    project = make_project(tmp_path / "p", with_seed=False)
    markdown = (FIXTURES / "front-matter.md").read_bytes()
    result = runner.invoke(app, ["add", "-", "-C", str(project)], input=markdown)
    assert result.exit_code == 0, result.output
    assert (project / "briefs" / "2024-02-15-velorian-central-bank-holds-rates-as-inflation-cools.md").read_bytes() == markdown


def test_add_a_saved_web_page(tmp_path):
    project = make_project(tmp_path / "p", with_seed=False)
    result = runner.invoke(app, ["add", str(FIXTURES / "page-with-furniture.html"), "-C", str(project)])
    assert result.exit_code == 0, result.output
    assert "authors:    Ilse Mirow (harbour correspondent)" in result.output
    assert "paragraphs: 5" in result.output
    assert (project / "briefs" / "2024-03-04-valmora-port-reopens-after-storm-repairs.html").is_file()


def test_add_reports_a_file_it_cannot_parse_and_writes_nothing(tmp_path):
    project = make_project(tmp_path / "p", with_seed=False)
    result = runner.invoke(app, ["add", str(FIXTURES / "front-matter-syntax.md"), "-C", str(project)])
    assert result.exit_code == 1
    assert "front-matter-syntax.md:5: error BRF105:" in result.output
    assert list((project / "briefs").iterdir()) == []


def test_add_prints_warnings_but_adds(tmp_path):
    project = make_project(tmp_path / "p", with_seed=False)
    result = runner.invoke(app, ["add", str(FIXTURES / "undated-wire.txt"), "-C", str(project)])
    assert result.exit_code == 0, result.output
    assert "briefs/dunhollow-mayor-opens-new-library-wing.txt:3: warning BRF108:" in result.output


@pytest.mark.slow
def test_check_reports_every_reader_problem_in_one_run_and_exits_1(tmp_path):
    project = make_project(tmp_path / "p", BAD, with_seed=False)
    result = runner.invoke(app, ["check", "-C", str(project)])
    assert result.exit_code == 1, result.output
    for expected in ("briefs/a-empty.txt: error BRF101", "briefs/b-binary.txt: error BRF103",
                     "briefs/c-syntax.md:5: error BRF105", "briefs/d-bad-date.txt:3: warning BRF108",
                     "briefs/e-unknown-key.md:4: warning BRF112"):
        assert expected in result.output
