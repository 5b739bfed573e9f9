"""Entity pages: one page per person, organization and place across all briefs, and a
directory page per type.

An entity is the same across briefs when its type and id (the slug of its canonical name)
match. Its page gathers the names it was written under, the roles the briefs stated for it
(each with the brief and date), the briefs that mention it (newest first) and the entities
most often mentioned with it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import takewhile
from typing import TYPE_CHECKING

import jinja2

from .models import Brief, Entity
from .render import render_page
from .select import ENTITY_SECTIONS

if TYPE_CHECKING:  # site imports this module to register its page builder
    from .site import Item

TYPE_TITLES = {"person": "People", "organization": "Organizations", "place": "Places"}
MAX_RELATED = 10


@dataclass
class RoleStatement:
    """A role as one brief stated it."""

    role: str
    brief: Brief


@dataclass
class Related:
    """Another entity mentioned in the same briefs."""

    name: str
    type: str
    url: str
    count: int
    weight: float = 0.0
    """Summed salience in the shared briefs: breaks ties between equal counts."""


@dataclass
class EntityView:
    """Everything entity.md.j2 shows for one entity."""

    type: str
    id: str
    name: str
    section: str = ""
    """The folder and its title word: people, organizations, places."""
    acronym: str | None = None
    aliases: list[str] = field(default_factory=list)
    roles: list[RoleStatement] = field(default_factory=list)
    briefs: list[Brief] = field(default_factory=list)
    related: list[Related] = field(default_factory=list)
    mentions: int = 0


def story_entities(item: Item) -> list[Entity]:
    """The entities of one brief that get pages: people, organizations, places; no credits."""
    return [e for e in item.annotations.entities if e.type in ENTITY_SECTIONS and not e.in_credit]


def collect_entities(items: list[Item]) -> dict[tuple[str, str], EntityView]:
    """Merge each brief's entities into one view per (type, id), briefs newest first."""
    from .site import newest_first

    views: dict[tuple[str, str], EntityView] = {}
    names: dict[tuple[str, str], Counter] = defaultdict(Counter)
    aliases: dict[tuple[str, str], set[str]] = defaultdict(set)
    together: dict[tuple[str, str], Counter] = defaultdict(Counter)
    weight: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for item in newest_first(items):
        entities = story_entities(item)
        keys = sorted({(e.type, e.id) for e in entities})
        salience = {(e.type, e.id): e.salience for e in entities}
        for entity in entities:
            key = (entity.type, entity.id)
            view = views.setdefault(key, EntityView(type=entity.type, id=entity.id, name=entity.name, section=ENTITY_SECTIONS[entity.type]))
            # Items come one at a time, so a brief already listed is the last one (an identity
            # test: `in` would compare whole Briefs field by field against every earlier one).
            if not view.briefs or view.briefs[-1] is not item.brief:
                view.briefs.append(item.brief)
            names[key][entity.name] += 1
            aliases[key].update(entity.aliases)
            view.acronym = view.acronym or entity.acronym
            view.mentions += len(entity.mentions)
            # This brief's roles are the last ones listed: look at those only.
            own = takewhile(lambda r: r.brief is item.brief, reversed(view.roles))
            if entity.role and not any(r.role == entity.role for r in own):
                view.roles.append(RoleStatement(role=entity.role, brief=item.brief))
            together[key].update(k for k in keys if k != key)
            weight[key].update({k: salience[k] for k in keys if k != key})
    for key, view in views.items():
        # The name most briefs used; alphabetical on a tie so the page is stable.
        view.name = min(names[key], key=lambda n: (-names[key][n], n))
        view.aliases = sorted((aliases[key] | set(names[key])) - {view.name}, key=str.casefold)
        view.related = [
            Related(
                name=views[other].name, type=other[0], url=f"../{ENTITY_SECTIONS[other[0]]}/{other[1]}.md",
                count=count, weight=round(weight[key][other], 4),
            )
            for other, count in together[key].items()
        ]
        # Most shared briefs first; then the entities those briefs are most about.
        view.related.sort(key=lambda r: (-r.count, -r.weight, r.name.casefold(), r.url))
        view.related = view.related[:MAX_RELATED]
    return views


def directory(views: dict[tuple[str, str], EntityView], kind: str) -> list[tuple[str, list[EntityView]]]:
    """Entities of one type, alphabetical, grouped under their initial letter."""
    groups: dict[str, list[EntityView]] = defaultdict(list)
    for view in sorted((v for v in views.values() if v.type == kind), key=lambda v: (v.name.casefold(), v.id)):
        initial = view.name[:1].upper()
        groups[initial if initial.isalpha() else "#"].append(view)
    return sorted(groups.items(), key=lambda group: (group[0] == "#", group[0]))


def render_entity_pages(env: jinja2.Environment, items: list[Item]) -> dict[str, str]:
    """Render one page per person, organization and place, and a directory page per type."""
    views = collect_entities(items)
    pages = {
        f"{ENTITY_SECTIONS[kind]}/{entity_id}.md": render_page(env, "entity.md.j2", entity=view)
        for (kind, entity_id), view in sorted(views.items())
    }
    for kind, section in ENTITY_SECTIONS.items():
        total = sum(1 for v in views.values() if v.type == kind)
        pages[f"{section}/index.md"] = render_page(
            env, "entity_directory.md.j2", title=TYPE_TITLES[kind], section=section, total=total,
            noun=kind if total == 1 else section, groups=directory(views, kind),
        )
    return pages
