"""A site build is skipped when nothing MkDocs reads changed, and runs when anything did."""

from __future__ import annotations

import pytest

from conftest import make_project
from generator.build import build_site, generate
from generator.config import load_config
from generator.uptodate import inputs_digest, is_up_to_date, record_build


@pytest.fixture
def config(tmp_path):
    project = make_project(tmp_path / "project", with_seed=False)
    (project / "docs" / "index.md").write_text("# Ebbside almanac\n\nHand-written home page.\n")
    return load_config(project)


def test_the_digest_is_stable_and_follows_every_input(config, monkeypatch):
    site = config.site_dir
    first = inputs_digest(config, site)
    assert inputs_digest(config, site) == first

    page = config.docs_dir / "about.md"
    page.write_text(page.read_text() + "\nOne more line.\n")
    after_page = inputs_digest(config, site)
    assert after_page != first

    theme = next(config.templates_dir.joinpath("overrides").rglob("*.html"))
    theme.write_text(theme.read_text() + "\n")
    after_theme = inputs_digest(config, site)
    assert after_theme != after_page

    # mkdocs.yml reads SITE_URL with !ENV: the site differs when it does.
    monkeypatch.setenv("SITE_URL", "https://ebbside.example/almanac/")
    after_env = inputs_digest(config, site)
    assert after_env != after_theme

    assert inputs_digest(config, config.root / "elsewhere") != after_env


def test_a_hook_file_named_in_mkdocs_yml_is_an_input(config):
    (config.root / "hooks.py").write_text("# a MkDocs hook\n")
    config.mkdocs_yml.write_text(config.mkdocs_yml.read_text() + "\nhooks:\n  - hooks.py\n")
    before = inputs_digest(config, config.site_dir)
    (config.root / "hooks.py").write_text("# a MkDocs hook, edited\n")
    assert inputs_digest(config, config.site_dir) != before


def test_up_to_date_needs_the_recorded_digest_and_the_site(config):
    site = config.site_dir
    digest = inputs_digest(config, site)
    assert not is_up_to_date(config, site, digest)  # never built
    record_build(config, site, digest)
    assert not is_up_to_date(config, site, digest)  # recorded, but no site in place
    site.mkdir()
    assert is_up_to_date(config, site, digest)
    assert not is_up_to_date(config, site, "0" * 64)


@pytest.mark.slow
def test_build_site_skips_an_unchanged_site_and_rebuilds_a_changed_one(config):
    generate(config)  # the index pages the navigation names (no articles: nothing to annotate)
    assert build_site(config) is True
    index = config.site_dir / "about" / "index.html"
    built = index.read_text()

    assert build_site(config) is False
    assert index.read_text() == built

    page = config.docs_dir / "about.md"
    page.write_text(page.read_text() + "\nA line added by hand: Ebbside tide tables.\n")
    assert build_site(config) is True
    assert "Ebbside tide tables" in index.read_text()

    assert build_site(config, force=True) is True
