"""Sanctions pages: one per regime and per resolution of the knowledge base, and an index.

Each page shows the verified facts with their sources and lists the briefs that cite the
regime or resolution, newest first. Every regime and resolution gets a page, cited or not, so
the section doubles as a readable view of the knowledge base.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import jinja2

from .models import Brief, Fact
from .render import render_page
from .sanctions.box import format_value, regime_page, resolution_page, shown_fact
from .sanctions.kb import KnowledgeBase, load_kb
from .sanctions.schema import Regime, Resolution

ISSUER_ORDER = ("un", "us", "eu", "uk")


@dataclass
class RegimeView:
    """What regime.md.j2 shows."""

    regime: Regime
    issuer: str
    status: Fact | None
    facts: list[Fact]
    measures: list[Fact]
    resolutions: list[dict]
    briefs: list[Brief] = field(default_factory=list)


@dataclass
class ResolutionView:
    """What resolution.md.j2 shows."""

    resolution: Resolution
    regime: Regime
    facts: list[Fact]
    events: list[str]
    measures: list[Fact]
    briefs: list[Brief] = field(default_factory=list)


def _facts(pairs) -> list[Fact]:
    return [f for f in (shown_fact(label, fact) for label, fact in pairs) if f is not None]


def regime_view(kb: KnowledgeBase, regime: Regime) -> RegimeView:
    """The displayable part of a regime."""
    resolutions = []
    for number in regime.resolutions:
        entry = kb.resolutions[number]
        adopted = shown_fact("Adopted", entry.adopted)
        resolutions.append({
            "title": f"Resolution {number} ({entry.year})", "url": f"resolution-{number}.md",
            "adopted": adopted.value if adopted else None,
        })
    return RegimeView(
        regime=regime, issuer=kb.issuer_name(regime), status=shown_fact("Status", regime.status),
        facts=_facts((f.label, f) for f in regime.facts),
        measures=_facts(("Measure", m) for m in regime.measures),
        resolutions=resolutions,
    )


def resolution_view(kb: KnowledgeBase, resolution: Resolution) -> ResolutionView:
    """The displayable part of a resolution."""
    meeting = resolution.meeting
    facts = _facts([
        ("Adopted", resolution.adopted), ("Meeting", meeting), ("Vote", resolution.vote),
        ("Under Chapter VII", resolution.chapter_vii), ("Adopted after", resolution.trigger),
    ])
    events = []
    if resolution.trigger and resolution.trigger.shown:
        for event in resolution.trigger.events:
            events.append(f"{format_value(event.date)}: {event.event}" + (f" ({event.note})" if event.note else ""))
    return ResolutionView(
        resolution=resolution, regime=kb.regimes[resolution.regime], facts=facts, events=events,
        measures=_facts(("Measure", m) for m in resolution.measures),
    )


def render_sanctions_pages(env: jinja2.Environment, items: list) -> dict[str, str]:
    """Render sanctions/index.md and one page per regime and per resolution."""
    from .site import newest_first

    kb = load_kb()
    regimes = {rid: regime_view(kb, r) for rid, r in kb.regimes.items()}
    resolutions = {n: resolution_view(kb, r) for n, r in kb.resolutions.items()}
    for item in newest_first(items):
        cited = item.annotations.sanctions
        for ref in cited.regimes:
            if ref.id in regimes:
                regimes[ref.id].briefs.append(item.brief)
        for ref in cited.resolutions:
            if ref.known and ref.number in resolutions:
                resolutions[ref.number].briefs.append(item.brief)
    pages = {
        regime_page(rid): render_page(env, "regime.md.j2", view=view)
        for rid, view in regimes.items()
    }
    pages.update({
        resolution_page(number): render_page(env, "resolution.md.j2", view=view)
        for number, view in resolutions.items()
    })
    groups = [
        (kb.issuers[issuer].name, sorted((v for v in regimes.values() if v.regime.issuer == issuer), key=lambda v: v.regime.name))
        for issuer in [*ISSUER_ORDER, *sorted(set(kb.issuers) - set(ISSUER_ORDER))]
        if issuer in kb.issuers
    ]
    by_regime = [
        (regimes[rid], sorted((v for v in resolutions.values() if v.regime.id == rid), key=lambda v: v.resolution.number))
        for rid in sorted(regimes)
    ]
    pages["sanctions/index.md"] = render_page(env, "sanctions_index.md.j2", groups=groups, by_regime=[g for g in by_regime if g[1]])
    return pages
