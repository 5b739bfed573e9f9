"""The select stage: Article + Annotations -> Brief, choosing and ordering what a reader sees."""

from __future__ import annotations

from .models import Annotations, Article, Brief, Callout, Paragraph, SidebarItem
from .keypoints import choose_key_points
from .links import link_first_mentions
from .sanctions.box import make_sanctions_box

ENTITY_SECTIONS = {"person": "people", "organization": "organizations", "place": "places"}


def paragraph_anchor(index: int) -> str:
    """Anchor id of body paragraph index (0-based) on a brief page."""
    return f"para-{index + 1}"


def entity_url(entity_type: str, entity_id: str, depth: int = 1) -> str:
    """Relative Markdown link from a page `depth` folders deep to an entity page."""
    return "../" * depth + f"{ENTITY_SECTIONS[entity_type]}/{entity_id}.md"


def make_brief(
    article: Article, ann: Annotations, max_callouts: int = 3,
    max_key_points: int = 4, key_points: list[str] | None = None,
) -> Brief:
    """Choose the sidebar, callouts and paragraphs for one article, in a deterministic order.

    `key_points`, when given (an editor's lines from the sidecar), replace the machine's choice.
    """
    sidebar: dict[str, list[SidebarItem]] = {"person": [], "organization": [], "place": []}
    for entity in ann.entities:
        if entity.type in sidebar and not entity.in_credit:
            sidebar[entity.type].append(
                SidebarItem(
                    name=entity.name, type=entity.type, url=entity_url(entity.type, entity.id),
                    role=entity.role, acronym=entity.acronym, mentions=len(entity.mentions),
                )
            )
    callouts = [
        Callout(
            text=q.text, speaker=q.speaker, role=q.role,
            anchor=paragraph_anchor(q.paragraph) if q.paragraph is not None else None,
        )
        for q in ann.quotes
        if not q.partial
    ][:max_callouts]
    credits = [c.credit for c in article.captions if c.credit]
    brief = Brief(
        slug=article.slug, source_path=article.source_path, title=article.title, dek=article.dek,
        published=article.published, modified=article.modified, authors=article.authors,
        source=article.source, url=article.url, tags=article.tags, callouts=callouts,
        people=sidebar["person"], organizations=sidebar["organization"], places=sidebar["place"],
        credits=credits, captions=article.captions,
        paragraphs=[Paragraph(anchor=paragraph_anchor(i), text=p) for i, p in enumerate(article.paragraphs)],
        draft=article.draft,
        key_points=choose_key_points(article, ann, max_key_points, replacements=key_points),
        sanctions_box=make_sanctions_box(article, ann),
    )
    brief.paragraphs = link_first_mentions(brief, ann)
    return brief
