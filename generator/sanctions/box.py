"""The sanctions-context box of a brief: what each regime and resolution the article touches is.

Only facts the knowledge base marks as verified (yes, or partial with its caveat) are shown,
each with its sources. Of a regime's or resolution's measures, the box shows those that matter
for this article: measures list their topics (topics.yml), and the article's words weigh them.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from ..models import Annotations, Article, BoxRegime, BoxResolution, Fact, Mention, SanctionsBox
from .kb import KnowledgeBase, load_kb
from .schema import Fact as KBFact
from .schema import Measure

SECTION = "sanctions"
MAX_RESOLUTION_MEASURES = 3
MAX_REGIME_MEASURES = 2
MIN_RELEVANCE = 2.0
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def regime_page(regime_id: str) -> str:
    """Path of a regime's page inside docs/."""
    return f"{SECTION}/{regime_id}.md"


def resolution_page(number: int) -> str:
    """Path of a resolution's page inside docs/."""
    return f"{SECTION}/resolution-{number}.md"


def format_value(value: object) -> str:
    """A fact's value as shown: dates as '2 March 2016', everything else as text."""
    if isinstance(value, str) and _ISO_DATE.match(value):
        value = date.fromisoformat(value)
    if isinstance(value, date):
        return f"{value.day} {value:%B %Y}"
    return str(value)


def shown_fact(label: str, fact: KBFact | None) -> Fact | None:
    """The box's view of a knowledge-base fact, or None when it must not be displayed."""
    if fact is None or not fact.shown:
        return None
    return Fact(
        label=label, value=format_value(fact.value), sources=fact.sources,
        caveat=fact.caveat if fact.verified == "partial" else None,
    )


@lru_cache(maxsize=8)
def _topic_patterns(topics: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, tuple[re.Pattern, tuple[str, ...]]]:
    patterns = {}
    for name, cues in topics:
        words = sorted((re.escape(c) for c in cues), key=len, reverse=True)
        pattern = re.compile(r"(?<![\w-])(?:" + "|".join(words) + r")(?![\w-])", re.IGNORECASE)
        # Cues to look for before running the pattern; None: always run it.
        plain = tuple(c.lower() for c in cues) if all(c.isascii() for c in cues) else None
        patterns[name] = (pattern, plain)
    return patterns


# The only characters outside ASCII that a case-insensitive pattern matches to an ASCII
# letter (checked over all of Unicode): İ ı ~ i, ſ ~ s, the Kelvin sign ~ k.
_ASCII_LOOKALIKES = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def article_topics(text: str, kb: KnowledgeBase) -> dict[str, int]:
    """How often the article's text uses each topic's cue words."""
    patterns = _topic_patterns(tuple((k, tuple(v)) for k, v in sorted(kb.topics.items())))
    # Every case-insensitive match of an ASCII cue is, lower-cased, a substring of this text:
    # topics none of whose cues appear in it are skipped without running their (slow) pattern.
    folded = text.translate(_ASCII_LOOKALIKES).lower()
    return {
        name: len(pattern.findall(text)) if cues is None or any(cue in folded for cue in cues) else 0
        for name, (pattern, cues) in patterns.items()
    }


def relevant_measures(measures: list[Measure], weights: dict[str, int], limit: int) -> list[Fact]:
    """The shown measures that matter for the article (first topic counts fully, others half)."""
    scored = []
    for index, measure in enumerate(measures):
        if not measure.shown:
            continue
        first, *others = measure.topics
        score = weights.get(first, 0) + 0.5 * sum(weights.get(t, 0) for t in others)
        if score >= MIN_RELEVANCE:
            scored.append((-score, index, measure))
    chosen = [m for _, _, m in sorted(scored, key=lambda s: (s[0], s[1]))][:limit]
    return [shown_fact("Measure", m) for m in chosen]


def _trigger(ann: Annotations, mentions: list[Mention]) -> tuple[str | None, str | None]:
    """The sentence holding the first evidence in a body paragraph, and its paragraph anchor."""
    from ..select import paragraph_anchor  # select imports this module

    for mention in sorted(mentions, key=lambda m: (m.start, m.end)):
        paragraph = ann.paragraph_at(mention.start)
        if paragraph is None:
            continue
        block = ann.block_at(mention.start)
        # Every sentence the evidence touches: a splitter may cut "Resolution No. 2270" at "No."
        touched = [s for s in ann.sentences if s.start < max(mention.end, mention.start + 1) and mention.start < s.end]
        begin = min((s.start for s in touched), default=block.start)
        end = max((s.end for s in touched), default=block.end)
        return ann.text[max(begin, block.start):min(end, block.end)].strip(), paragraph_anchor(paragraph)
    return None, None


def make_sanctions_box(article: Article, ann: Annotations, kb: KnowledgeBase | None = None, depth: int = 1) -> SanctionsBox:
    """Build the sanctions-context box from the annotations and the knowledge base."""
    kb = kb or load_kb()
    up = "../" * depth
    # Topic weights rank measures; an article with no regime or resolution has none to rank.
    weights = article_topics(ann.text, kb) if ann.sanctions.regimes or ann.sanctions.resolutions else {}
    regimes = []
    for ref in ann.sanctions.regimes:
        regime = kb.regimes.get(ref.id)
        if regime is None:
            continue
        status = shown_fact("Status", regime.status)
        sentence, anchor = _trigger(ann, ref.evidence)
        regimes.append(BoxRegime(
            id=regime.id, name=regime.name, url=up + regime_page(regime.id),
            issuer=kb.issuer_name(regime), target=kb.targets[regime.target].name if regime.target else regime.target_name,
            status=status.value if status else None, sources=status.sources if status else [],
            status_caveat=status.caveat if status else None, contested=regime.status.state == "contested",
            measures=relevant_measures(regime.measures, weights, MAX_REGIME_MEASURES),
            trigger_sentence=sentence, trigger_anchor=anchor,
        ))
    resolutions = []
    for ref in ann.sanctions.resolutions:
        entry = kb.resolutions.get(ref.number)
        if entry is None or not ref.known:
            continue
        regime = kb.regimes[entry.regime]
        facts = [
            f for f in (
                shown_fact("Adopted", entry.adopted),
                shown_fact("Vote", entry.vote),
                shown_fact("Adopted after", entry.trigger),
            )
            if f is not None
        ]
        sentence, anchor = _trigger(ann, ref.evidence)
        resolutions.append(BoxResolution(
            number=entry.number, title=f"Resolution {entry.number} ({entry.year})", url=up + resolution_page(entry.number),
            symbol=entry.symbol, regime_name=regime.short_name, regime_url=up + regime_page(regime.id),
            facts=facts, measures=relevant_measures(entry.measures, weights, MAX_RESOLUTION_MEASURES),
            trigger_sentence=sentence, trigger_anchor=anchor, sources=[entry.source],
        ))
    return SanctionsBox(regimes=regimes, resolutions=resolutions)
