"""The brief page: its order, dateline, credits and the machine-made disclaimer."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from generator.models import RelatedBrief
from generator.render import make_environment, render_brief
from generator.select import make_brief

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def env():
    return make_environment(ROOT / "templates")


@pytest.fixture(scope="module")
def brief(seed_article, seed_annotations):
    return make_brief(seed_article, seed_annotations)


def test_page_follows_the_newsroom_order(env, brief):
    related = [RelatedBrief(slug="2024-01-01-other", title="Another brief", url="2024-01-01-other.md", date="2024-01-01", shared=["Russia"])]
    page = render_brief(env, brief.model_copy(update={"related": related}))
    markers = [
        f"# {brief.title.split('’')[0]}", "brief-dek", "Published ", "Updated ", "By Kwon Hyuk-chul",
        '!!! abstract "Key points"', '!!! quote "Key quote"', "## The story", "{: #para-1 ",
        "## Credits", "## Related briefs", 'class="brief-disclaimer"',
    ]
    positions = [page.index(marker) for marker in markers]
    assert positions == sorted(positions), list(zip(markers, positions))
    assert "may be corrected by editors" in page and "machine-made" in page


def test_dateline_shows_the_article_zone_and_utc(env, brief):
    page = render_brief(env, brief)
    assert '<time datetime="2023-09-13T14:05:00+09:00">13 September 2023, 14:05 (UTC+09:00)</time> · 13 September 2023, 05:05 (UTC)' in page
    assert '<time datetime="2023-09-13T17:43:00+09:00">13 September 2023, 17:43 (UTC+09:00)</time> · 13 September 2023, 08:43 (UTC)' in page


def test_a_utc_dateline_is_not_repeated(env, brief):
    utc = datetime(2024, 3, 4, 10, 0, tzinfo=timezone.utc)
    page = render_brief(env, brief.model_copy(update={"published": utc, "modified": utc + timedelta(hours=2)}))
    assert "Published <time datetime=\"2024-03-04T10:00:00+00:00\">4 March 2024, 10:00 (UTC)</time>\n" in page


def test_source_links_to_the_original_before_the_authors(env, brief):
    page = render_brief(env, brief.model_copy(update={"source": "The Varnholm Courier", "url": "https://courier.example/a?id=1"}))
    assert "<br>Source: [The Varnholm Courier](https://courier.example/a?id=1)\n" in page
    assert page.index("Source: ") < page.index("By Kwon Hyuk-chul")


def test_a_hostile_source_url_is_not_a_link(env, brief):
    page = render_brief(env, brief.model_copy(update={"source": "The *Courier*", "url": "javascript:alert(1)"}))
    assert "Source: The \\*Courier\\*\n" in page
    assert "javascript" not in page


def test_credits_name_the_writer_and_the_photo(env, brief):
    credits = render_brief(env, brief).split("## Credits", 1)[1]
    assert "- Text: Kwon Hyuk-chul, staff reporter" in credits
    assert "- Photo: " in credits and "Yonhap" in credits
