"""The walking skeleton: each stage, the JSON contract, and an end-to-end site build."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from generator.config import load_config
from generator.layout import compose_text
from generator.models import Annotations, Article, Brief
from generator.nlp import ModelNotInstalled, load_pipeline
from generator.select import make_brief


def test_article_round_trips_through_json(seed_article):
    assert Article.from_json(seed_article.to_json()) == seed_article


def test_annotations_and_brief_round_trip_through_json(seed_article, seed_annotations):
    assert Annotations.from_json(seed_annotations.to_json()) == seed_annotations
    brief = make_brief(seed_article, seed_annotations)
    assert Brief.from_json(brief.to_json()) == brief


def test_annotation_offsets_point_into_the_text(seed_annotations):
    text = seed_annotations.text
    for entity in seed_annotations.entities:
        for mention in entity.mentions:
            assert text[mention.start : mention.end] == mention.text
    for quote in seed_annotations.quotes:
        assert text[quote.start : quote.end] == quote.text


def test_compose_text_blocks_cover_each_part(seed_article):
    text, blocks = compose_text(seed_article)
    paragraphs = [b for b in blocks if b.kind == "paragraph"]
    assert len(paragraphs) == len(seed_article.paragraphs)
    for block in paragraphs:
        assert text[block.start : block.end] == seed_article.paragraphs[block.index]


def test_missing_model_names_the_install_command():
    with pytest.raises(ModelNotInstalled, match="pip install"):
        load_pipeline("en_core_web_nonexistent")


def run_briefs(*args, cwd):
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True)


def test_annotate_json_has_the_contract_shape(project):
    result = run_briefs("annotate", "briefs/000_4ad485723bc6e419.txt", "--json", cwd=project)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= {"article", "entities", "quotes", "sanctions"}
    assert data["article"]["title"].startswith("Makeup of N. Korea’s delegation")
    assert set(data["article"]) >= {"title", "dek", "published", "modified", "authors", "source", "url", "captions", "paragraphs"}
    entity = data["entities"][0]
    assert set(entity) >= {"name", "type", "aliases", "role", "mentions"}
    assert set(data["quotes"][0]) >= {"text", "speaker", "speaker_type", "role", "cue", "paragraph"}
    assert set(data["sanctions"]) == {"resolutions", "regimes"}


def test_usage_error_exits_2(project):
    assert run_briefs("build", "--no-such-option", cwd=project).returncode == 2


@pytest.mark.slow
def test_build_makes_a_site_linking_the_seed_brief(project):
    result = run_briefs("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "articles: 1" in result.stdout
    home = (project / "site" / "index.html").read_text()
    slug = "2023-09-13-makeup-of-n-koreas-delegation-to-russia-suggests-arms-deal"
    assert f'href="briefs/{slug}/"' in home
    page = (project / "site" / "briefs" / slug / "index.html").read_text()
    assert "Kim Jong-un" in page


@pytest.mark.slow
def test_second_generate_rewrites_nothing(project):
    assert run_briefs("generate", cwd=project).returncode == 0
    before = {p: p.stat().st_mtime_ns for p in (project / "docs").rglob("*") if p.is_file()}
    result = run_briefs("generate", cwd=project)
    assert result.returncode == 0
    after = {p: p.stat().st_mtime_ns for p in (project / "docs").rglob("*") if p.is_file()}
    assert before == after


def test_config_reads_tool_briefs(project):
    (project / "pyproject.toml").write_text('[tool.briefs]\nmodel = "blank:en"\nmax_callouts = 5\n')
    config = load_config(project)
    assert config.model == "blank:en" and config.max_callouts == 5
    assert config.briefs_dir == (project / "briefs").resolve()
