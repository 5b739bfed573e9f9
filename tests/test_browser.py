"""The site in a real browser: Playwright driving Debian's Chromium (never a downloaded browser).

The site is built once for http://127.0.0.1:<port>/briefs-demo/ and served there (conftest's
`built_site`). Screenshots go to tests/artifacts/ (gitignored); with BRIEFS_UPDATE_SCREENSHOT=1
the wide brief screenshot is also copied to docs/assets/screenshot-brief.png for the README.
Without Chromium or Playwright these tests skip, unless BRIEFS_REQUIRE_BROWSER=1 (set by
.ci/run), which makes them fail instead.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from sitebuild import SEED_SLUG

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
README_SHOT = ROOT / "docs" / "assets" / "screenshot-brief.png"
WIDE = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 15_000


class Tab:
    """A browser page that records console errors and failed requests."""

    def __init__(self, browser, **context_options):
        self.context = browser.new_context(**context_options)
        self.page = self.context.new_page()
        self.page.set_default_timeout(TIMEOUT_MS)
        self.errors: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        self.page.on("requestfailed", lambda r: self.errors.append(f"request failed: {r.url} {r.failure}"))

    def close(self):
        self.context.close()


@pytest.fixture
def wide(browser):
    tab = Tab(browser, viewport=WIDE)
    yield tab
    tab.close()


@pytest.fixture
def phone(browser):
    tab = Tab(browser, viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    yield tab
    tab.close()


def shoot(page, name: str, full_page: bool = True) -> Path:
    """Save a screenshot under tests/artifacts/ and return its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=full_page)
    return path


def brief_url(site) -> str:
    return f"{site.url}briefs/{SEED_SLUG}/"


def test_home_leads_to_a_brief_with_sidebar_callouts_and_sanctions_box(built_site, wide):
    from playwright.sync_api import expect

    page = wide.page
    page.goto(built_site.url)
    cards = page.locator("article.brief-card")
    assert cards.count() == 3
    shoot(page, "home.png")
    page.locator("article.brief-card h3 a", has_text="Makeup of N. Korea").click()
    page.wait_for_url(brief_url(built_site))
    # Instant navigation changes the URL before it swaps the content in: wait for the content.
    expect(page.locator("article.md-content__inner h1")).to_contain_text("Makeup of N. Korea’s delegation")

    shoot(page, "brief-wide.png", full_page=False)
    shoot(page, "brief-wide-full.png")
    # The README's picture: from the headline down to the story beside its sidebar.
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    readme = ARTIFACTS / "brief-readme.png"
    page.screenshot(path=str(readme), full_page=True, clip={"x": 0, "y": 0, "width": WIDE["width"], "height": 2300})
    if os.environ.get("BRIEFS_UPDATE_SCREENSHOT") == "1":
        shutil.copy(readme, README_SHOT)
    sidebar = page.locator("aside.brief-sidebar")
    assert sidebar.is_visible()
    assert sidebar.get_by_role("link", name="Kim Jong-un").count() >= 1
    quotes = page.locator(".admonition.quote")
    assert quotes.count() >= 1 and quotes.first.is_visible()
    box = page.locator(".admonition.info")
    assert box.count() == 1 and box.is_visible()
    assert "2270" in box.inner_text()

    # A real sidebar on a wide screen: beside the story, not above it.
    side = sidebar.bounding_box()
    story = page.locator("p.brief-para").first.bounding_box()
    assert side["x"] > story["x"] + story["width"] / 2
    assert wide.errors == []


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("Peskov", "Makeup of N. Korea’s delegation to Russia suggests arms deal is on horizon"),
        ("Ilvane", "Veloria & Marden sign port pact after “48 hours” of talks"),
    ],
)
def test_search_for_a_person_finds_the_brief(built_site, wide, name, title):
    page = wide.page
    page.goto(built_site.url)
    box = page.locator("input.md-search__input")
    box.click()
    # Material listens for key events: fill() would leave "Type to start searching".
    box.press_sequentially(name, delay=30)
    results = page.locator("ol.md-search-result__list > li.md-search-result__item")
    results.first.wait_for()
    page.locator(".md-search-result__list", has_text=title).wait_for()
    links = [results.nth(i).locator("a").first.get_attribute("href") for i in range(results.count())]
    shoot(page, f"search-{name.lower()}.png", full_page=False)
    assert any("/briefs/" in (href or "") for href in links), links
    # The result whose page title (h1) is the brief, not a listing that mentions it.
    page.locator("li.md-search-result__item > a", has=page.locator("h1", has_text=title)).click()
    page.locator("article.md-content__inner h1", has_text=title.split(" ")[0]).wait_for()
    assert "/briefs-demo/briefs/" in page.url
    assert wide.errors == []


def test_brief_at_390_px(built_site, phone):
    page = phone.page
    page.goto(brief_url(built_site))
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways: {width} px wide"
    shoot(page, "brief-390.png")
    sidebar = page.locator("aside.brief-sidebar")
    assert sidebar.is_visible()
    # On a phone the sidebar is a full-width block in the flow, not a float.
    content = page.locator("article.md-content__inner").bounding_box()
    assert sidebar.bounding_box()["width"] > content["width"] * 0.8
    assert page.locator(".admonition.quote").first.is_visible()
    assert page.locator(".admonition.info").is_visible()
    page.goto(built_site.url)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shoot(page, "home-390.png")
    assert phone.errors == []


def test_dark_mode_and_print_style(built_site, browser):
    tab = Tab(browser, viewport=WIDE, color_scheme="dark")
    try:
        page = tab.page
        page.goto(brief_url(built_site))
        assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert sum(int(v) for v in background[background.index("(") + 1 : -1].split(",")[:3]) < 200, background
        shoot(page, "brief-dark.png", full_page=False)
        page.emulate_media(media="print")
        assert page.locator("header.md-header").is_hidden()
        assert page.locator("aside.brief-sidebar").evaluate("e => getComputedStyle(e).float") == "none"
        assert tab.errors == []
    finally:
        tab.close()


def test_missing_page_gets_the_404_page(built_site, wide):
    response = wide.page.goto(f"{built_site.url}briefs/no-such-brief/")
    assert response.status == 404
    assert wide.page.locator("h1", has_text="Page not found").is_visible()
    # Its stylesheet and links work from any depth under the sub-path.
    wide.page.get_by_role("link", name="Every brief by month").click()
    wide.page.wait_for_url(f"{built_site.url}archive/")
    # The 404 itself is the one expected failure; nothing else may fail.
    assert [e for e in wide.errors if "404" not in e] == []
