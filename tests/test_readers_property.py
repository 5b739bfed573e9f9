"""Property: any bytes given to any reader give an Article or a reported error, never a crash."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.models import Article
from generator.problems import CODES, SourceError
from generator.readers import READERS, parse_bytes

# Lines in the shapes the readers look for, so generated inputs reach their deeper branches.
NEWS_LINES = [
    "Posted on : 2023-09-13 14:05 KST Modified on : 2023-09-13 17:43 KST",
    "Published: March 4, 2024 9:15 a.m. EST | Updated: March 4, 2024 11:02 a.m. EST",
    "Updated: 99999-99-99 99:99 +99:99", "Published:", "By Mara Velisko, staff reporter",
    "By Mara Velisko and Oren Teskel | The Kestrin Daily", "VELLHAVEN, March 3 (Coastline News) -- Crews said.",
    "(Ostmark Wire) - Prices rose.", "Cranes at dawn. (courtesy of the Harbour Board/AFP)", "Photo: A/B",
    "Reporting by Noor Ebrusi; Editing by Calla Morvane", "Related stories", "Advertisement", "Share", "",
    "“We will not sign,” she said.", "KESTRIN — The council voted.", "word-", "\u200b\u00ad",
]
MARKDOWN_LINES = [
    "---", "title: Tessaly ferry strike ends", "date: 2024-05-02 09:00 +02:00", "date: [1, 2]", "updated: {a: 1}",
    "author: Mara Velisko, staff reporter", "authors: [{name: 1}, 2, {role: x}]", "tags: [a, [b]]", "draft: true",
    "url: https://example.invalid/x", "language: en-GB", "x: &a [1, *a]", "title: *a", "  - item", "# Headline",
    "![Crews at dawn. (Photo: A/B)](x.jpg)", "<script>x()</script>", "> quote", "- list", "```", "",
]
HTML_PARTS = [
    "<html>", "<head>", "<title>Port reopens</title>", '<meta property="article:published_time" content="2024-03-04T09:15:00+01:00">',
    '<script type="application/ld+json">{"datePublished": "nonsense", "@graph": [{}]}</script>', "<body>", "<article>",
    "<h1>Port reopens</h1>", '<p class="byline">By Ilse Mirow, harbour correspondent</p>',
    "<p>The port of Valmora reopened to container traffic on Monday, two weeks ahead of schedule.</p>",
    "<p>Harbour master Keona Dastrova said the first ship docked shortly after dawn on the first day.</p>",
    "<figure><figcaption>Cranes. (Photo: A/B)</figcaption></figure>", "<nav>Home</nav>", "</article>", "</body>",
    "</html>", "<div>", "</div>", "<?xml version='1.0' encoding='utf-8'?>", "&amp;", "<!--", "-->",
]


def _lines(choices: list[str]) -> st.SearchStrategy[bytes]:
    part = st.one_of(st.sampled_from(choices), st.text(max_size=30))
    return st.lists(part, max_size=16).map(lambda parts: "\n".join(parts).encode("utf-8"))


ANY_INPUT = st.one_of(
    st.binary(max_size=600),
    _lines(NEWS_LINES),
    _lines(MARKDOWN_LINES),
    _lines(HTML_PARTS),
    _lines(NEWS_LINES).flatmap(lambda data: st.sampled_from(["utf-16", "cp949", "cp1252"]).map(
        lambda encoding: data.decode("utf-8").encode(encoding, errors="ignore"))),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=ANY_INPUT, suffix=st.sampled_from(sorted(READERS)))
def test_any_bytes_give_an_article_or_a_reported_error(data, suffix):
    try:
        article, warnings = parse_bytes(data, f"briefs/input{suffix}")
    except SourceError as error:
        assert error.problems[0].severity == "error"
        assert all(p.code in CODES for p in error.problems)
        return
    assert isinstance(article, Article)
    assert article.title and article.paragraphs and article.slug
    assert all(w.severity == "warning" and w.code in CODES for w in warnings)
    assert Article.from_json(article.to_json()) == article
