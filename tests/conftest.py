"""Shared fixtures: the real spaCy pipeline, the seed, and a throwaway project folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "briefs" / "000_4ad485723bc6e419.txt"
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="Rewrite golden files from the current output.")


@pytest.fixture(scope="session")
def nlp():
    """The default trained pipeline with our rule layers (loaded once per test session)."""
    from generator.config import DEFAULT_MODEL
    from generator.nlp import load_pipeline

    return load_pipeline(DEFAULT_MODEL)


@pytest.fixture(scope="session")
def seed_article():
    from generator.readers import read_article

    return read_article(SEED, ROOT)


@pytest.fixture(scope="session")
def seed_annotations(seed_article, nlp):
    from generator.annotate import annotate
    from generator.nlp import fingerprint

    return annotate(seed_article, nlp, fingerprint(nlp))


def make_project(target: Path, articles: dict[str, str | bytes] | None = None, with_seed: bool = True) -> Path:
    """Create a project folder (mkdocs.yml, templates, docs) with the given articles in briefs/."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    shutil.copytree(ROOT / "templates", target / "templates", dirs_exist_ok=True)
    docs = target / "docs"
    docs.mkdir(exist_ok=True)
    for page in ("about.md", "methodology.md", "benchmarks.md"):  # the pages mkdocs.yml's nav names
        shutil.copy(ROOT / "docs" / page, docs / page)
    shutil.copytree(ROOT / "docs" / "assets", docs / "assets", dirs_exist_ok=True)
    briefs = target / "briefs"
    briefs.mkdir(exist_ok=True)
    if with_seed:
        shutil.copy(SEED, briefs / SEED.name)
    for name, content in (articles or {}).items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (briefs / name).write_bytes(data)
    return target


@pytest.fixture
def project(tmp_path):
    """A fresh project folder holding the seed."""
    return make_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The seed plus fictional articles, built by `briefs build` and served under /briefs-demo/."""
    from sitebuild import built_site as build_and_serve

    with build_and_serve(tmp_path_factory.mktemp("built-site")) as site:
        yield site


CHROMIUM = os.environ.get("BRIEFS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def skip_or_fail(reason: str) -> None:
    """Skip a browser test with the reason, or fail when BRIEFS_REQUIRE_BROWSER=1 (CI)."""
    if os.environ.get("BRIEFS_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (BRIEFS_REQUIRE_BROWSER=1 requires the browser tests to run)", pytrace=False)
    pytest.skip(f"{reason}; set BRIEFS_REQUIRE_BROWSER=1 to make this a failure")


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the whole session, driven by Playwright.

    Shared by every browser test module: Playwright's sync API allows one running instance
    per thread, so a second module-level `sync_playwright()` would fail.
    """
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        skip_or_fail("the playwright package is missing (pip install -e '.[test]'; never `playwright install`)")
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        skip_or_fail(f"Chromium not found at {CHROMIUM} (apt-get install chromium, or set BRIEFS_CHROMIUM)")
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Error as error:
            skip_or_fail(f"Chromium at {CHROMIUM} did not start: {error}")
        yield chromium
        chromium.close()
