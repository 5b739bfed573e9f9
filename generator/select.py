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


# --- callouts: the strongest quotations ---------------------------------------------------

CALLOUT_MIN_WORDS = 5
"""Shorter quotations are attributed phrases, never callouts."""
FRAGMENT_MIN_WORDS = 8
"""A quoted phrase that starts mid-sentence needs this many words to stand alone as a callout."""
SPEAKER_WEIGHT = {"person": 3.0, "organization": 2.5, "title": 1.5, "unknown": 0.0}


def quotations(ann: Annotations) -> dict[int, list[int]]:
    """Group quote pieces into quotations: index of the first piece -> indices of all pieces."""
    groups: dict[int, list[int]] = {}
    for index, quote in enumerate(ann.quotes):
        head = quote.group if quote.group is not None and quote.group < index else index
        groups.setdefault(head, []).append(index)
    return groups


def callout_text(ann: Annotations, pieces: list[int]) -> str:
    """The words of a quotation: pieces split around an attribution joined by an ellipsis."""
    text = ann.quotes[pieces[0]].text
    for previous, index in zip(pieces, pieces[1:]):
        same_paragraph = ann.quotes[previous].paragraph == ann.quotes[index].paragraph
        text += (" … " if same_paragraph else " ") + ann.quotes[index].text
    return text


def callout_strength(ann: Annotations, pieces: list[int], text: str) -> float | None:
    """How well a quotation stands on its own as a callout; None when it may not be one."""
    head = ann.quotes[pieces[0]]
    if head.nested or head.partial or head.paragraph is None or not head.speaker:
        return None  # a key quote says who said it in its own words; editors can still pin any
    words = len(text.split())
    if words < CALLOUT_MIN_WORDS:
        return None
    fragment = not head.text[:1].isupper()
    if fragment and words < FRAGMENT_MIN_WORDS:
        return None
    sentence = not fragment and text.rstrip("”’\"'»").endswith((".", "!", "?"))
    length = min(words, 40) / 10 - max(words - 80, 0) / 20  # long enough to say something, not a wall
    score = SPEAKER_WEIGHT.get(head.speaker_type, 0.0) + length + (1.0 if sentence else 0.0)
    return round(score * head.confidence, 4)


def callout_candidates(ann: Annotations) -> list[int]:
    """Heads of the quotations the selection may show unpinned (the rule the quote scorer checks)."""
    return [
        head for head, pieces in quotations(ann).items()
        if callout_strength(ann, pieces, callout_text(ann, pieces)) is not None
    ]


def choose_callouts(ann: Annotations, max_callouts: int = 3) -> list[Callout]:
    """Pinned quotations first, then the strongest up to `max_callouts`, in article order."""
    # Credit-only people (bylines, photo credits) have no page to link to (entity_pages.py).
    entities = {(e.name, e.type): e for e in ann.entities if e.type in ENTITY_SECTIONS and not e.in_credit}
    pinned, scored = [], []
    for head, pieces in quotations(ann).items():
        quote = ann.quotes[head]
        text = callout_text(ann, pieces)
        strength = callout_strength(ann, pieces, text)
        if strength is None and not quote.pinned:
            continue
        speaker = next((entities[(quote.speaker, t)] for t in ENTITY_SECTIONS if (quote.speaker, t) in entities), None)
        callout = Callout(
            text=text, speaker=quote.speaker, role=quote.role, speaker_type=quote.speaker_type,
            speaker_url=entity_url(speaker.type, speaker.id) if speaker else None,
            anchor=paragraph_anchor(quote.paragraph) if quote.paragraph is not None else None,
            channel=quote.channel, quote=head, pinned=quote.pinned,
        )
        (pinned if quote.pinned else scored).append((strength or 0.0, head, callout))
    room = max(max_callouts - len(pinned), 0)
    best = sorted(scored, key=lambda item: (-item[0], item[1]))[:room]
    return [c for _, _, c in pinned] + [c for _, _, c in sorted(best, key=lambda item: item[1])]


def make_brief(
    article: Article, ann: Annotations, max_callouts: int = 3,
    max_key_points: int = 4, key_points: list[str] | None = None,
) -> Brief:
    """Choose the sidebar, callouts and paragraphs for one article, in a deterministic order.

    `key_points`, when given (an editor's lines from the sidecar), replace the machine's choice.
    """
    sidebar: dict[str, list[SidebarItem]] = {"person": [], "organization": [], "place": []}
    # Most salient first within each type; names that appear only in a byline or photo credit
    # are credits (shown with the credits), not story entities.
    for entity in sorted(ann.entities, key=lambda e: (-e.salience, e.name, e.id)):
        if entity.type in sidebar and not entity.in_credit:
            sidebar[entity.type].append(
                SidebarItem(
                    name=entity.name, type=entity.type, url=entity_url(entity.type, entity.id),
                    role=entity.role, acronym=entity.acronym, mentions=len(entity.mentions),
                )
            )
    callouts = choose_callouts(ann, max_callouts)
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
