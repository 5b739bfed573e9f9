"""A site build is skipped when nothing MkDocs reads changed, updates only the pages that
changed when it can, and is a full build otherwise.

The articles below are fictional: invented people, places and organizations.
"""

from __future__ import annotations

import pytest

from conftest import make_project
from generator.build import build_site, generate
from generator.config import load_config
from generator.uptodate import last_build, read_inputs, record_build


@pytest.fixture
def config(tmp_path):
    project = make_project(tmp_path / "project", with_seed=False)
    (project / "docs" / "index.md").write_text("# Ebbside almanac\n\nHand-written home page.\n")
    return load_config(project)


def test_the_digest_is_stable_and_follows_every_input(config, monkeypatch):
    site = config.site_dir
    first = read_inputs(config, site).digest
    assert read_inputs(config, site).digest == first

    page = config.docs_dir / "about.md"
    page.write_text(page.read_text() + "\nOne more line.\n")
    after_page = read_inputs(config, site).digest
    assert after_page != first

    theme = next(config.templates_dir.joinpath("overrides").rglob("*.html"))
    theme.write_text(theme.read_text() + "\n")
    after_theme = read_inputs(config, site).digest
    assert after_theme != after_page

    # mkdocs.yml reads SITE_URL with !ENV: the site differs when it does.
    monkeypatch.setenv("SITE_URL", "https://ebbside.example/almanac/")
    after_env = read_inputs(config, site).digest
    assert after_env != after_theme

    assert read_inputs(config, config.root / "elsewhere").digest != after_env


def test_a_hook_file_named_in_mkdocs_yml_is_an_input(config):
    (config.root / "hooks.py").write_text("# a MkDocs hook\n")
    config.mkdocs_yml.write_text(config.mkdocs_yml.read_text() + "\nhooks:\n  - hooks.py\n")
    before = read_inputs(config, config.site_dir).digest
    (config.root / "hooks.py").write_text("# a MkDocs hook, edited\n")
    assert read_inputs(config, config.site_dir).digest != before


def test_the_last_build_needs_its_record_and_the_site(config):
    site = config.site_dir
    inputs = read_inputs(config, site)
    assert last_build(config, site) is None  # never built
    record_build(config, site, inputs)
    assert last_build(config, site) is None  # recorded, but no site in place
    site.mkdir()
    assert last_build(config, site) == inputs
    record = next((config.cache_dir / "site").glob("*.json"))
    record.write_text("{not json")
    assert last_build(config, site) is None  # a damaged record means a full build


@pytest.mark.slow
def test_build_site_skips_an_unchanged_site_and_rebuilds_a_changed_one(config):
    generate(config)  # the index pages the navigation names (no articles: nothing to annotate)
    assert build_site(config).mode == "full"
    index = config.site_dir / "about" / "index.html"
    built = index.read_text()

    assert build_site(config).mode == "unchanged"
    assert index.read_text() == built

    page = config.docs_dir / "about.md"
    page.write_text(page.read_text() + "\nA line added by hand: Ebbside tide tables.\n")
    assert build_site(config).mode == "pages"
    assert "Ebbside tide tables" in index.read_text()

    assert build_site(config, force=True).mode == "full"


def test_changed_pages_are_named_and_a_deletion_or_a_theme_change_asks_for_a_full_build(config):
    site = config.site_dir
    before = read_inputs(config, site)
    (config.docs_dir / "about.md").write_text("# About\n\nEdited.\n")
    (config.docs_dir / "extra.md").write_text("# Extra\n")
    assert read_inputs(config, site).changed_since(before) == {"about.md", "extra.md"}

    (config.docs_dir / "extra.md").unlink()
    assert read_inputs(config, site).changed_since(read_inputs(config, site)) == set()
    with_extra = read_inputs(config, site)
    (config.docs_dir / "methodology.md").unlink()
    assert read_inputs(config, site).changed_since(with_extra) is None  # its HTML would stay behind

    theme = next(config.templates_dir.joinpath("overrides").rglob("*.html"))
    theme.write_text(theme.read_text() + "\n")
    assert read_inputs(config, site).changed_since(with_extra) is None


ISLAND = """Tarrow Isle council votes to {what}

Posted on : 2025-0{month}-12 09:00 UTC
The vote in Port Vellin was close

Councillor Maren Oakhurst of the Tarrow Isle Council said on Tuesday that the council had voted to {what} in Port Vellin.

"We listened to the harbour families for a year," Maren Oakhurst said. "This is their decision as much as ours."

The Tarrow Fisheries Board will publish the new rules next month in Port Vellin.

By Odile Farrant, staff reporter
"""


def _snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_adding_an_article_updates_only_its_pages_and_gives_the_site_a_full_build_gives(tmp_path, monkeypatch):
    # The sitemap carries the build date (and its gzip copy a timestamp): fixed, so the two
    # builds compared below may differ only where they truly differ.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = make_project(tmp_path / "island", {"201_harbour.txt": ISLAND.format(what="close the old harbour", month=3)}, with_seed=False)
    config = load_config(project)
    generate(config)
    assert build_site(config).mode == "full"
    before = _snapshot(config.site_dir)
    docs_before = _snapshot(config.docs_dir)

    (project / "briefs" / "202_ferry.txt").write_text(ISLAND.format(what="fund a winter ferry", month=4))
    report = generate(config)
    assert report.annotated == 1
    docs_after = _snapshot(config.docs_dir)
    # A page outside the navigation whose Markdown the new article left alone.
    unchanged = sorted(path for path, data in docs_after.items() if path.endswith(".md") and docs_before.get(path) == data
                       and path.count("/") == 1 and not path.endswith("index.md"))
    assert unchanged
    page = config.site_dir / unchanged[0].removesuffix(".md") / "index.html"
    page_mtime = page.stat().st_mtime_ns
    site = build_site(config)
    assert site.mode == "pages" and 0 < site.rendered < site.pages
    assert site.describe() == f"site: {site.rendered} of {site.pages} pages rendered, the rest unchanged"
    updated = _snapshot(config.site_dir)
    # The new brief is published and findable; a page that did not change was not rendered again.
    assert any(path.startswith("briefs/") and "ferry" in path for path in set(updated) - set(before))
    assert "winter ferry" in updated["search/search_index.json"].decode()
    assert "close the old harbour" in updated["search/search_index.json"].decode()
    assert page.stat().st_mtime_ns == page_mtime, unchanged[0]

    assert build_site(config, force=True).mode == "full"
    full = _snapshot(config.site_dir)
    assert sorted(updated) == sorted(full)
    differing = [path for path in full if updated[path] != full[path]]
    assert differing == []


@pytest.mark.slow
def test_deleting_an_article_rebuilds_the_site_in_full_and_leaves_no_page_behind(tmp_path):
    articles = {
        "201_harbour.txt": ISLAND.format(what="close the old harbour", month=3),
        "202_ferry.txt": ISLAND.format(what="fund a winter ferry", month=4),
    }
    project = make_project(tmp_path / "island", articles, with_seed=False)
    config = load_config(project)
    generate(config)
    assert build_site(config).mode == "full"
    ferry_pages = [p for p in (config.site_dir / "briefs").iterdir() if "ferry" in p.name]
    assert ferry_pages

    (project / "briefs" / "202_ferry.txt").unlink()
    generate(config)
    assert build_site(config).mode == "full"
    assert not any(p.exists() for p in ferry_pages)
    assert "winter ferry" not in (config.site_dir / "search" / "search_index.json").read_text()


@pytest.mark.slow
def test_a_failed_update_leaves_the_previous_site_and_the_next_build_recovers(tmp_path, monkeypatch):
    project = make_project(tmp_path / "island", {"201_harbour.txt": ISLAND.format(what="close the old harbour", month=3)}, with_seed=False)
    config = load_config(project)
    generate(config)
    build_site(config)
    before = _snapshot(config.site_dir)

    # A page with a link to a page that does not exist fails the strict build.
    (config.docs_dir / "about.md").write_text("# About\n\nSee [the missing page](missing.md).\n")
    with pytest.raises(Exception):
        build_site(config)
    assert _snapshot(config.site_dir) == before

    (config.docs_dir / "about.md").write_text("# About\n\nFixed: Tarrow Isle.\n")
    assert build_site(config).mode == "pages"
    assert "Fixed: Tarrow Isle." in (config.site_dir / "about" / "index.html").read_text()
