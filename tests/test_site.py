"""The published site: feed, page metadata, sitemap, bounded navigation, home, archive and tags."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator import archive_pages
from generator.feed import ATOM, build_feed
from generator.models import Annotations, Article, Brief, BoxRegime, SanctionsBox, SidebarItem
from generator.render import make_environment
from generator.site import Item
from generator.siteurl import SiteSettings, read_site_settings
from sitebuild import SEED_SLUG

ROOT = Path(__file__).resolve().parent.parent
KST = timezone(timedelta(hours=9))
A = f"{{{ATOM}}}"


class Head(HTMLParser):
    """Collect <meta>, <link> and JSON-LD from a page, with entities decoded as a browser would."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.links: list[dict] = []
        self.json_ld: list[str] = []
        self.h1 = ""
        self._in_ld = self._in_h1 = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta.setdefault(key, []).append(attrs.get("content", ""))
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_ld = True
            self.json_ld.append("")
        elif tag == "h1":
            self._in_h1 = True

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_ld = False
        elif tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld[-1] += data
        elif self._in_h1:
            self.h1 += data


def head_of(site, rel: str) -> Head:
    return Head(site.page(rel).read_text("utf-8"))


# --- Feed ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_feed_lists_the_seed_with_its_own_date(built_site):
    feed = ET.parse(built_site.site_dir / "feed.xml").getroot()
    assert feed.tag == f"{A}feed"
    entries = {e.findtext(f"{A}title"): e for e in feed.findall(f"{A}entry")}
    seed = entries["Makeup of N. Korea’s delegation to Russia suggests arms deal is on horizon"]
    published = seed.findtext(f"{A}published")
    # The article's own time and offset, not UTC and not the build time.
    assert published == "2023-09-13T14:05:00+09:00"
    assert datetime.fromisoformat(published) == datetime(2023, 9, 13, 14, 5, tzinfo=KST)
    assert seed.findtext(f"{A}updated") == "2023-09-13T17:43:00+09:00"
    link = seed.find(f"{A}link[@rel='alternate']").get("href")
    assert link == f"{built_site.url}briefs/{SEED_SLUG}/"
    assert seed.findtext(f"{A}author/{A}name") == "Kwon Hyuk-chul"


@pytest.mark.slow
def test_feed_is_newest_first_and_dated_by_the_articles(built_site):
    feed = ET.parse(built_site.site_dir / "feed.xml").getroot()
    dates = [datetime.fromisoformat(e.findtext(f"{A}published")) for e in feed.findall(f"{A}entry")]
    assert len(dates) == 3 and dates == sorted(dates, reverse=True)
    newest_update = max(datetime.fromisoformat(e.findtext(f"{A}updated")) for e in feed.findall(f"{A}entry"))
    assert datetime.fromisoformat(feed.findtext(f"{A}updated")) == newest_update
    # The hostile headline is text in the XML, not markup.
    titles = [e.findtext(f"{A}title") for e in feed.findall(f"{A}entry")]
    assert 'Selk harbor row: 5 < 7 & "fees" </script> for \'all\' berths' in titles


def test_feed_escapes_and_is_byte_stable():
    site = SiteSettings("https://news.example/briefs/")
    item = fake_item("a-b", "Tom & Jerry <script>", datetime(2024, 1, 2, 3, 4, tzinfo=KST), dek="x\x07 < y")
    first = build_feed(site, [item])
    assert first == build_feed(site, [item])
    root = ET.fromstring(first.encode("utf-8"))
    entry = root.find(f"{A}entry")
    assert entry.findtext(f"{A}title") == "Tom & Jerry <script>"
    assert entry.findtext(f"{A}summary") == "x < y"
    assert "<script>" not in first


# --- Page metadata --------------------------------------------------------------------------


@pytest.mark.slow
def test_brief_page_metadata(built_site):
    head = head_of(built_site, f"briefs/{SEED_SLUG}/")
    canonical = f"{built_site.url}briefs/{SEED_SLUG}/"
    assert {"rel": "canonical", "href": canonical} in head.links
    dek = "Flanked by key military and arms industry officials, North Korea’s Kim appears ready to join hands with Putin"
    assert head.meta["description"] == [dek]
    assert head.meta["og:description"] == [dek]
    assert head.meta["og:type"] == ["article"]
    assert head.meta["og:url"] == [canonical]
    assert head.meta["og:title"] == ["Makeup of N. Korea’s delegation to Russia suggests arms deal is on horizon"]
    assert head.meta["article:published_time"] == ["2023-09-13T14:05:00+09:00"]
    feeds = [l for l in head.links if l.get("type") == "application/atom+xml"]
    assert feeds and feeds[0]["href"] == "../../feed.xml"
    [ld] = [json.loads(text) for text in head.json_ld]
    assert ld["@type"] == "NewsArticle"
    assert ld["headline"] == head.h1.strip().rstrip("¶").strip()
    assert ld["datePublished"] == "2023-09-13T14:05:00+09:00"
    assert ld["dateModified"] == "2023-09-13T17:43:00+09:00"
    assert ld["author"] == [{"@type": "Person", "name": "Kwon Hyuk-chul"}]
    assert ld["publisher"]["@type"] == "Organization" and ld["publisher"]["url"] == built_site.url
    assert ld["mainEntityOfPage"] == canonical
    people = {m["name"] for m in ld["mentions"] if m["@type"] == "Person"}
    assert "Kim Jong-un" in people


@pytest.mark.slow
def test_hostile_headline_stays_text_in_the_head(built_site):
    [hostile] = [p for p in (built_site.site_dir / "briefs").iterdir() if "selk-harbor-row" in p.name]
    html = (hostile / "index.html").read_text("utf-8")
    title = 'Selk harbor row: 5 < 7 & "fees" </script> for \'all\' berths'
    head = Head(html)
    assert head.meta["og:title"] == [title]
    [ld] = [json.loads(text) for text in head.json_ld]
    assert ld["headline"] == title
    assert ld["description"] == "A dek with \"double\", 'single' & <i>angle</i> characters"
    # The headline's "</script>" never closes a script element or opens markup.
    assert "</script> for" not in html
    assert html.count("</script>") == len(re.findall(r"<script[ >]", html))


@pytest.mark.slow
def test_home_and_hand_written_pages_are_websites(built_site):
    head = head_of(built_site, "")
    assert head.meta["og:type"] == ["website"]
    assert not head.json_ld
    assert {"rel": "canonical", "href": built_site.url} in head.links


# --- Sitemap and 404 --------------------------------------------------------------------------


@pytest.mark.slow
def test_sitemap_lists_pages_under_the_site_url_with_article_dates(built_site):
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    root = ET.parse(built_site.site_dir / "sitemap.xml").getroot()
    entries = {u.findtext(f"{ns}loc"): u.findtext(f"{ns}lastmod") for u in root.findall(f"{ns}url")}
    assert all(loc.startswith(built_site.url) for loc in entries)
    assert entries[f"{built_site.url}briefs/{SEED_SLUG}/"] == "2023-09-13T17:43:00+09:00"
    assert entries[f"{built_site.url}about/"] is None  # no build-time stamps
    assert f"{built_site.url}archive/" in entries and f"{built_site.url}methodology/" in entries
    default = ET.parse(built_site.default_site_dir / "sitemap.xml").getroot()
    assert all(u.findtext(f"{ns}loc").startswith(built_site.default_url) for u in default.findall(f"{ns}url"))


@pytest.mark.slow
def test_404_page_uses_the_sub_path(built_site):
    html = (built_site.site_dir / "404.html").read_text("utf-8")
    assert "Page not found" in html
    assert 'href="/briefs-demo/archive/"' in html
    assert 'href="/briefs-demo/assets/briefs.css"' in html


# --- Navigation stays bounded ----------------------------------------------------------------


@pytest.mark.slow
def test_brief_pages_are_not_in_the_navigation(built_site):
    html = built_site.page(f"briefs/{SEED_SLUG}/").read_text("utf-8")
    nav = html.split('data-md-type="navigation"', 1)[1].split('data-md-type="toc"', 1)[0]
    labels = re.findall(r'<span class="md-ellipsis">\s*([^<]+?)\s*</span>', nav)
    # Exactly the entries of mkdocs.yml's nav: a fixed list, whatever the number of briefs.
    assert labels == nav_titles(built_site.project / "mkdocs.yml")
    assert {"Home", "Archive", "Tags", "About", "Methodology"} <= set(labels)
    # The directories are listed, never their members (a brief, a person, a regime).
    assert "briefs/" not in nav
    assert not re.search(r'href="[^"]*(people|organizations|places|sanctions)/[a-z0-9]', nav)


def test_listing_pages_do_not_grow_with_the_archive():
    env = make_environment(ROOT / "templates")
    env.globals["site"] = SiteSettings("https://news.example/")
    start = datetime(2024, 5, 1, 9, 0, tzinfo=timezone.utc)
    items = [fake_item(f"b{n:02}", f"Brief {n}", start + timedelta(hours=n)) for n in range(45)]
    home = archive_pages.render_home(env, items)["index.md"]
    assert home.count('class="brief-card"') == archive_pages.HOME_LIMIT
    assert "All 45 briefs by month" in home
    pages = archive_pages.render_archive(env, items)
    assert sorted(pages) == ["archive/2024-05/2.md", "archive/2024-05/3.md", "archive/2024-05/index.md", "archive/index.md"]
    counts = [pages[p].count('class="brief-card"') for p in ("archive/2024-05/index.md", "archive/2024-05/2.md", "archive/2024-05/3.md")]
    assert counts == [20, 20, 5]
    middle = pages["archive/2024-05/2.md"]
    assert "[← Newer](index.md)" in middle and "[Older →](3.md)" in middle and "Page 2 of 3" in middle
    # Newest first across pages.
    assert "Brief 44" in pages["archive/2024-05/index.md"] and "Brief 0]" in pages["archive/2024-05/3.md"]
    assert "[May 2024](2024-05/index.md) · 45 briefs" in pages["archive/index.md"]


def test_cards_show_date_dek_entities_and_sanctions_badge():
    env = make_environment(ROOT / "templates")
    item = fake_item(
        "2024-05-01-x", "Headline", datetime(2024, 5, 1, 9, 0, tzinfo=KST), dek="The dek",
        people=[SidebarItem(name="Ana Perel", type="person", url="../people/ana-perel.md", mentions=3)],
        places=[SidebarItem(name="Selk", type="place", url="../places/selk.md", mentions=5)],
        regimes=[BoxRegime(id="x", name="Fictional regime & co")],
    )
    [card] = [archive_pages.render_home(env, [item])["index.md"]]
    assert '<time datetime="2024-05-01T09:00:00+09:00">1 May 2024</time>' in card
    assert "[Headline](briefs/2024-05-01-x.md)" in card
    assert "The dek" in card
    # Most mentioned first, links re-based from the brief page to the home page.
    assert "[Selk](places/selk.md) · [Ana Perel](people/ana-perel.md)" in card
    assert 'class="brief-badge brief-badge--sanctions" title="Fictional regime &amp; co"' in card
    month = archive_pages.render_archive(env, [item])["archive/2024-05/index.md"]
    assert "[Headline](../../briefs/2024-05-01-x.md)" in month and "(../../places/selk.md)" in month


def test_tags_pages_group_briefs_by_tag():
    env = make_environment(ROOT / "templates")
    items = [
        fake_item("a", "Alpha", datetime(2024, 1, 1, tzinfo=timezone.utc), tags=["Ports", "Trade"]),
        fake_item("b", "Beta", datetime(2024, 2, 1, tzinfo=timezone.utc), tags=["ports"]),
    ]
    pages = archive_pages.render_tags(env, items)
    assert sorted(pages) == ["tags/index.md", "tags/ports/index.md", "tags/trade/index.md"]
    # "Ports" and "ports" share one page, named as the newest brief writes it.
    assert "[ports](ports/index.md) <span class=\"brief-count\">2</span>" in pages["tags/index.md"]
    ports = pages["tags/ports/index.md"]
    assert ports.index("Beta") < ports.index("Alpha")
    empty = archive_pages.render_tags(env, [])
    assert list(empty) == ["tags/index.md"] and "No brief has tags yet" in empty["tags/index.md"]


def test_site_url_comes_from_mkdocs_yml_and_site_url_env(monkeypatch, tmp_path):
    (tmp_path / "mkdocs.yml").write_text('site_name: X\nsite_url: !ENV [SITE_URL, "https://o.github.io/r"]\n')
    monkeypatch.delenv("SITE_URL", raising=False)
    settings = read_site_settings(tmp_path / "mkdocs.yml")
    assert settings.site_url == "https://o.github.io/r/" and settings.base_path == "/r/"
    assert settings.absolute("briefs/x.md") == "https://o.github.io/r/briefs/x/"
    assert settings.page_url("archive/index.md") == "archive/"
    monkeypatch.setenv("SITE_URL", "http://127.0.0.1:9/demo/")
    assert read_site_settings(tmp_path / "mkdocs.yml").site_url == "http://127.0.0.1:9/demo/"


# --- Helpers ---------------------------------------------------------------------------------


def nav_titles(mkdocs_yml: Path) -> list[str]:
    """Titles of the nav entries in mkdocs.yml, sections and pages, in order."""
    from mkdocs.utils.yaml import yaml_load

    def walk(entries):
        for entry in entries:
            if isinstance(entry, dict):
                for title, value in entry.items():
                    yield title
                    if isinstance(value, list):
                        yield from walk(value)

    with open(mkdocs_yml, encoding="utf-8") as handle:
        return list(walk(yaml_load(handle)["nav"]))


def fake_item(slug, title, published, dek=None, tags=(), people=(), places=(), regimes=()):
    """An Item built directly (no NLP) for listing tests; names are fictional."""
    article = Article(
        source_path=f"briefs/{slug}.txt", format="txt", digest="0" * 64, slug=slug, title=title,
        dek=dek, published=published, modified=published, tags=list(tags),
    )
    brief = Brief(
        slug=slug, source_path=article.source_path, title=title, dek=dek, published=published,
        modified=published, tags=list(tags), people=list(people), places=list(places),
        sanctions_box=SanctionsBox(regimes=list(regimes)),
    )
    return Item(article, Annotations(text=title), brief)
