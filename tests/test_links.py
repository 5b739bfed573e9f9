"""The link checker (generator/linkcheck.py) on real builds, for the default URL and a sub-path."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from generator.linkcheck import SiteChecker, check_site
from sitebuild import SEED_SLUG

pytestmark = pytest.mark.slow


def test_sub_path_build_has_no_broken_links(built_site):
    assert built_site.url.endswith("/briefs-demo/")
    assert check_site(built_site.site_dir, built_site.url) == []


def test_default_build_has_no_broken_links(built_site):
    assert check_site(built_site.default_site_dir, built_site.default_url) == []


def test_checker_sees_anchors_sitemap_and_feed(built_site):
    """It must really be looking: the seed's key-point and callout anchors exist and are linked."""
    checker = SiteChecker(built_site.site_dir, built_site.url)
    brief = built_site.page(f"briefs/{SEED_SLUG}/")
    parsed = checker.parse(brief)
    assert "para-1" in parsed.ids
    assert any(link.startswith("#para-") for link in parsed.links)
    assert (built_site.site_dir / "sitemap.xml").is_file() and (built_site.site_dir / "feed.xml").is_file()


def plant(site, tmp_path):
    """Copy a built site and plant one problem of each kind in its home page."""
    copy = tmp_path / "planted"
    shutil.copytree(site.site_dir, copy)
    home = copy / "index.html"
    slug = SEED_SLUG
    extra = (
        '<a href="archive/no-such-month/">missing page</a>'
        f'<a href="briefs/{slug}/#no-such-anchor">missing anchor</a>'
        f'<a href="{site.url}no-such-page/">missing absolute URL</a>'
        '<img src="/briefs-demo/assets/no-such.png">'
        '<a href="/elsewhere/">outside the sub-path</a>'
        '<a href="https://example.org/nowhere/">another host: not checked</a>'
        f'<a href="briefs/{slug}/#para-2">fine</a>'
    )
    home.write_text(home.read_text("utf-8").replace("</article>", extra + "</article>", 1), "utf-8")
    return copy


def test_checker_reports_each_planted_problem(built_site, tmp_path):
    broken = check_site(plant(built_site, tmp_path), built_site.url)
    assert [(b.page, b.link) for b in broken] == sorted(
        [
            ("index.html", "/briefs-demo/assets/no-such.png"),
            ("index.html", "/elsewhere/"),
            ("index.html", f"{built_site.url}no-such-page/"),
            ("index.html", "archive/no-such-month/"),
            ("index.html", f"briefs/{SEED_SLUG}/#no-such-anchor"),
        ]
    )
    assert any("no id 'no-such-anchor'" in b.reason for b in broken)


def test_command_line_exit_codes(built_site, tmp_path):
    ok = subprocess.run(
        [sys.executable, "-m", "generator.linkcheck", str(built_site.site_dir), "--site-url", built_site.url],
        capture_output=True, text=True,
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "0 broken link(s)" in ok.stderr
    bad = subprocess.run(
        [sys.executable, "-m", "generator.linkcheck", str(plant(built_site, tmp_path)), "--site-url", built_site.url],
        capture_output=True, text=True,
    )
    assert bad.returncode == 1
    assert "no-such-anchor" in bad.stdout
