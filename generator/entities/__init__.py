"""Entities: spaCy NER plus a rule layer, merged into one entity per real-world thing.

The stages, each in its own module: `rules` adds the EntityRuler (patterns in generator/data);
`mentions` cleans the Doc's spans into typed candidates; `merge` clusters them (same name,
alias table, acronyms defined in the text, surnames and short forms); `roles` reads the role
the text states for each person; `credits` keeps byline and photo-credit names apart.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Doc

from ..models import Annotations, Article, Entity, Mention
from ..readers.dates import dateline
from ..slugs import make_slug
from .credits import credit_entities, credit_regions
from .lexicon import fold
from .mentions import Candidate, candidates
from .merge import Cluster, cluster_mentions
from .roles import best_role, is_relation, names_whose, role_of
from .rules import add_rules

__all__ = ["add_rules", "extract_entities"]

# Salience bonus for a mention in the headline or the dek: the story is about what they name.
HEADLINE_BONUS = {"title": 2.0, "dek": 1.0}


def extract_entities(doc: Doc, article: Article, ann: Annotations) -> list[Entity]:
    """Find, merge, type and rank the entities of one article; credit-only names last."""
    clusters = cluster_mentions(doc, mark_dateline(doc, ann, candidates(doc)))
    clusters = drop_headline_only(ann, clusters)
    credits = credit_regions(ann)
    people = {i for c in clusters if c.type == "person" for m in c.mentions for i in range(m.tok_start, m.tok_end)}
    entities = [to_entity(doc, ann, cluster, credits, people) for cluster in clusters]
    _unique_ids(entities)
    entities.sort(key=lambda e: (-e.salience, e.type, e.name))
    entities += credit_entities(article, entities)
    return entities


def is_title_case(text: str) -> bool:
    """True for a Headline Written In Title Case, where capitals no longer mark names."""
    long_words = [w for w in text.split() if len(w) > 3 and w[0].isalpha()]
    return len(long_words) >= 3 and sum(w[0].isupper() for w in long_words) >= 0.8 * len(long_words)


def drop_headline_only(ann: Annotations, clusters: list[Cluster]) -> list[Cluster]:
    """In a title-case headline a model sees names everywhere: keep a headline-only entity
    only when the body names it too (or the alias table knows it)."""
    title = next((b for b in ann.blocks if b.kind == "title"), None)
    if title is None or not is_title_case(ann.text[title.start : title.end]):
        return clusters
    return [
        c for c in clusters
        if c.alias is not None or any(not (title.start <= m.start < title.end) for m in c.mentions)
    ]


def mark_dateline(doc: Doc, ann: Annotations, found: list[Candidate]) -> list[Candidate]:
    """Make the place of a wire dateline a place mention (adding it if the model missed it)."""
    first = next((b for b in ann.blocks if b.kind == "paragraph"), None)
    if first is None:
        return found
    wire = dateline(ann.text[first.start : first.end])
    if wire is None or not wire.place:
        return found
    start = ann.text.find(wire.place, first.start, first.start + wire.length)
    if start < 0:
        return found
    end = start + len(wire.place)
    inside = [c for c in found if start <= c.start and c.end <= end]
    for candidate in inside:
        candidate.type, candidate.source = "place", "dateline"
    span = doc.char_span(start, end, alignment_mode="contract")
    if not inside and span is not None and not any(c.start < end and start < c.end for c in found):
        found.append(Candidate(
            start=start, end=end, text=span.text, type="place", tok_start=span.start, tok_end=span.end,
            label="GPE", source="dateline",
        ))
    return found


def to_entity(doc: Doc, ann: Annotations, cluster: Cluster, credits: list[tuple[int, int]], people: set[int]) -> Entity:
    """Turn a cluster into an Entity: canonical name, aliases, acronym, role and salience."""
    mentions = sorted(cluster.mentions, key=lambda m: m.start)
    name = canonical_name(cluster)
    aliases = sorted({m.text for m in mentions if m.text != name and fold(m.text) != fold(name)})
    if cluster.acronym and cluster.acronym != name and cluster.acronym not in aliases:
        aliases = sorted([*aliases, cluster.acronym])
    in_credit = all(any(s <= m.start and m.end <= e for s, e in credits) for m in mentions)
    role = None
    if cluster.type == "person":
        story = [m for m in mentions if not any(s <= m.start and m.end <= e for s, e in credits)]
        role = display_role(ann, [(m, r) for m in story if (r := role_of(doc, m.tok_start, m.tok_end, people))])
    return Entity(
        id=make_slug(name), name=name, type=cluster.type, aliases=aliases,
        acronym=cluster.acronym if cluster.acronym != name else None, role=role,
        mentions=[Mention(start=m.start, end=m.end, text=m.text) for m in mentions],
        salience=salience(ann, mentions), in_credit=in_credit,
    )


def display_role(ann: Annotations, stated: list[tuple[Candidate, str]]) -> str | None:
    """The role to show: one the body states before one from a caption (captions shout:
    "RUSSIA’s President"), capitals a caption put on ordinary words undone, and a family
    relation only when it names whose ("Radu’s daughter"; never a bare "her son", which says
    nothing on its own in a sidebar)."""
    body = [r for m, r in stated if (b := ann.block_at(m.start)) is None or b.kind != "caption"]
    role = best_role(body or [r for _, r in stated])
    if role is None or (is_relation(role) and not names_whose(role)):
        return None
    return unshout(role, ann.text)


_SHOUTED = re.compile(r"\b([A-Z]{3,})(?=[’']s\b|\b)")


def unshout(text: str, article: str) -> str:
    """'RUSSIA’s President' -> 'Russia’s President' when the article writes the word 'Russia'."""
    def fix(match: re.Match) -> str:
        word = match.group(1)
        return word.title() if re.search(rf"\b{re.escape(word.title())}\b", article) else word

    return _SHOUTED.sub(fix, text)


def canonical_name(cluster: Cluster) -> str:
    """The name to show: the alias table's, else the fullest form (people, organizations) or
    the most used form (places); never a bare acronym when the text spells it out."""
    if cluster.alias is not None:
        return cluster.alias.name
    if cluster.parent is not None:
        return f"{max(cluster.forms(), key=len)} of the {canonical_name(cluster.parent)}"
    forms = [m.text for m in sorted(cluster.mentions, key=lambda m: m.start)]
    if cluster.acronym:
        spelled = [f for f in forms if f != cluster.acronym]
        forms = spelled or forms
    if cluster.type == "place":
        counts = Counter(fold(f) for f in forms)
        name = max(forms, key=lambda f: (counts[fold(f)], -forms.index(f)))
        # A dateline writes the place in capitals ("SEOUL"); the name is "Seoul".
        return name.title() if name.isupper() and len(name) > 4 else name
    return max(forms, key=lambda f: (len(f.split()), len(f), -forms.index(f)))


def salience(ann: Annotations, mentions: list[Candidate]) -> float:
    """Mentions, plus a bonus for the headline and dek, plus how early the first mention is."""
    length = max(len(ann.text), 1)
    bonus = 0.0
    for kind, points in HEADLINE_BONUS.items():
        if any((block := ann.block_at(m.start)) is not None and block.kind == kind for m in mentions):
            bonus += points
    return round(len(mentions) + bonus + (1 - mentions[0].start / length), 4)


def _unique_ids(entities: list[Entity]) -> None:
    """Make ids unique within a type by numbering later duplicates."""
    seen: Counter = Counter()
    for entity in sorted(entities, key=lambda e: (e.type, -len(e.mentions), e.mentions[0].start if e.mentions else 0)):
        seen[(entity.type, entity.id)] += 1
        if seen[(entity.type, entity.id)] > 1:
            entity.id = f"{entity.id}-{seen[(entity.type, entity.id)]}"
