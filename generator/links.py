"""Linked mentions: the first mention of each sidebar entity in the story links to its page.

Links are kept as (start, end, url) offsets into a paragraph's text, never as Markdown built
from article text: the template escapes the text on both sides of a link and its label, and
prints only the URL, which we made, as it is.
"""

from __future__ import annotations

from .models import Annotations, Brief, Paragraph


def sidebar_urls(brief: Brief, ann: Annotations) -> dict[tuple[str, str], str]:
    """Map (type, id) of each entity the sidebar shows to its page URL."""
    from .select import ENTITY_SECTIONS, entity_url

    shown = {item.url for item in (*brief.people, *brief.organizations, *brief.places)}
    urls = {}
    for entity in ann.entities:
        if entity.type in ENTITY_SECTIONS and not entity.in_credit:
            url = entity_url(entity.type, entity.id)
            if url in shown:
                urls[(entity.type, entity.id)] = url
    return urls


def link_first_mentions(brief: Brief, ann: Annotations, url_of: dict[tuple[str, str], str] | None = None) -> list[Paragraph]:
    """Return the brief's paragraphs with links on the first body mention of each sidebar entity.

    `url_of` maps (entity type, entity id) to a page URL; by default, the sidebar's entities.
    """
    url_of = sidebar_urls(brief, ann) if url_of is None else url_of
    blocks = {b.index: b for b in ann.blocks if b.kind == "paragraph"}
    links: dict[int, list[tuple[int, int, str]]] = {}
    firsts = []
    for entity in ann.entities:
        url = url_of.get((entity.type, entity.id))
        if not url:
            continue
        body = [m for m in entity.mentions if ann.paragraph_at(m.start) is not None]
        if body:
            first = min(body, key=lambda m: (m.start, m.end))
            firsts.append((first.start, -(first.end - first.start), first.end, url))
    taken: list[tuple[int, int]] = []
    # Earlier first, longer first at the same place; a span overlapping one already linked loses.
    for start, _, end, url in sorted(firsts):
        if any(start < b and a < end for a, b in taken):
            continue
        index = ann.paragraph_at(start)
        block = blocks.get(index)
        if block is None or end > block.end:
            continue
        taken.append((start, end))
        links.setdefault(index, []).append((start - block.start, end - block.start, url))
    paragraphs = []
    for number, paragraph in enumerate(brief.paragraphs):
        found = sorted(links.get(number, []))
        block = blocks.get(number)
        # Offsets are only valid if the brief shows the paragraph exactly as it was annotated.
        if block is None or ann.text[block.start : block.end] != paragraph.text:
            found = []
        paragraphs.append(paragraph.model_copy(update={"links": found}))
    return paragraphs
