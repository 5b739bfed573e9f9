"""Linked mentions: the first body mention of each sidebar entity links to its page, safely."""

from __future__ import annotations

from pathlib import Path

import markdown

from generator.models import Paragraph
from generator.render import linked_filter, make_environment, render_brief
from generator.select import entity_url, make_brief

ROOT = Path(__file__).resolve().parent.parent


def test_first_body_mention_of_each_sidebar_entity_is_linked_once(seed_article, seed_annotations):
    brief = make_brief(seed_article, seed_annotations)
    sidebar = {item.url for item in brief.people + brief.organizations + brief.places}
    links = [(i, start, end, url) for i, p in enumerate(brief.paragraphs) for start, end, url in p.links]
    urls = [url for *_, url in links]
    assert links, "the seed's story should link its people and places"
    assert len(urls) == len(set(urls)), "each entity is linked once"
    assert set(urls) <= sidebar, "only entities shown in the sidebar are linked"
    blocks = {b.index: b for b in seed_annotations.blocks if b.kind == "paragraph"}
    for index, start, end, url in links:
        entity = next(e for e in seed_annotations.entities if e.type in ("person", "organization", "place") and entity_url(e.type, e.id) == url)
        body = sorted(m.start for m in entity.mentions if seed_annotations.paragraph_at(m.start) is not None)
        # The link sits on the entity's first mention in the story, on exactly its words.
        assert blocks[index].start + start == body[0]
        assert brief.paragraphs[index].text[start:end] == seed_annotations.text[body[0] : body[0] + end - start]


def test_linked_paragraph_escapes_text_and_keeps_only_our_urls():
    text = "1. Ana Ruiz met *Bo Li* <script>x</script> at [Osk](javascript:alert(1)) today."

    def span(words: str, url: str) -> tuple[int, int, str]:
        return (text.index(words), text.index(words) + len(words), url)

    paragraph = Paragraph(
        anchor="para-1", text=text,
        links=[span("Ana Ruiz", "../people/ana-ruiz.md"), span("Bo Li", "javascript:alert(1)"), span("Osk", "../places/osk.md")],
    )
    html = markdown.markdown(linked_filter(paragraph))
    assert '<a href="../people/ana-ruiz.md">Ana Ruiz</a>' in html
    assert '<a href="../places/osk.md">Osk</a>' in html
    assert 'href="javascript' not in html  # a URL that is not one of ours stays text
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<em>" not in html and "<ol>" not in html
    assert "*Bo Li*" in html


def test_spaces_between_adjacent_links_survive():
    paragraph = Paragraph(anchor="para-1", text="Ana Ruiz and Bo Li met.", links=[(0, 8, "../people/ana-ruiz.md"), (13, 18, "../people/bo-li.md")])
    assert linked_filter(paragraph) == "[Ana Ruiz](../people/ana-ruiz.md) and [Bo Li](../people/bo-li.md) met."


def test_story_links_render_on_the_brief_page(seed_article, seed_annotations):
    brief = make_brief(seed_article, seed_annotations)
    page = render_brief(make_environment(ROOT / "templates"), brief)
    story = page.split("## The story", 1)[1]
    for paragraph in brief.paragraphs:
        for start, end, url in paragraph.links:
            assert f"]({url})" in story
