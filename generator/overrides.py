"""Applying an editor's sidecar: fixes to the annotations, then to the article and the brief.

Overrides run after annotation (and after the cache), so editing a sidecar changes the output
without re-annotating. Each override that no longer matches anything is reported as a warning
(BRF303) naming the sidecar's file and line, so stale corrections surface instead of rotting.
"""

from __future__ import annotations

import re
import unicodedata

from .models import Annotations, Article, Brief, Callout, Entity, Problem, Quote, RegimeRef, ResolutionRef
from .problems import problem
from .sanctions.kb import KnowledgeBase, load_kb
from .select import ENTITY_SECTIONS, callout_text, entity_url, make_brief, paragraph_anchor
from .sidecar import EntityFix, QuoteFix, SidecarFile
from .slugs import make_slug

_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "‐": "-", "‑": "-"})


def normalize(text: str) -> str:
    """Fold a name or quote for matching: case, curly quotes, dashes and spacing do not matter."""
    text = unicodedata.normalize("NFKC", text).translate(_FOLD).casefold()
    return re.sub(r"\s+", " ", text).strip()


def apply_overrides(
    article: Article, ann: Annotations, sidecar: SidecarFile | None, max_callouts: int = 3, max_key_points: int = 4,
    kb: KnowledgeBase | None = None,
) -> tuple[Article, Annotations, Brief, list[Problem]]:
    """Correct the annotations, select the brief, then correct the article and the brief."""
    ann, problems = apply_to_annotations(ann, sidecar, kb)
    key_points = sidecar.data.key_points if sidecar else None
    brief = make_brief(article, ann, max_callouts, max_key_points, key_points=key_points)
    return apply_to_article(article, sidecar), ann, apply_to_brief(brief, ann, sidecar, max_callouts), problems


def apply_to_annotations(
    ann: Annotations, sidecar: SidecarFile | None, kb: KnowledgeBase | None = None
) -> tuple[Annotations, list[Problem]]:
    """Return annotations with the sidecar's entity, quote and sanctions fixes applied (a copy)."""
    if sidecar is None:
        return ann, []
    ann = ann.model_copy(deep=True)
    problems: list[Problem] = []
    for index, fix in enumerate(sidecar.data.entities):
        problems += fix_entity(ann, fix, lambda *key, i=index: sidecar.line("entities", i, *key), sidecar.path)
    for index, fix in enumerate(sidecar.data.quotes):
        problems += fix_quote(ann, fix, lambda *key, i=index: sidecar.line("quotes", i, *key), sidecar.path)
    problems += fix_sanctions(ann, sidecar, kb)
    return ann, problems


def apply_to_article(article: Article, sidecar: SidecarFile | None) -> Article:
    """Return the article with the sidecar's headline, dek, tags and draft flag (a copy)."""
    if sidecar is None:
        return article
    data = sidecar.data
    update: dict = {"draft": article.draft or data.draft}
    if data.headline is not None:
        update["title"] = data.headline
    if data.dek is not None:
        update["dek"] = data.dek
    if data.tags is not None:
        update["tags"] = list(data.tags)
    return article.model_copy(update=update)


def apply_to_brief(brief: Brief, ann: Annotations, sidecar: SidecarFile | None, max_callouts: int = 3) -> Brief:
    """Return the brief with the sidecar's page-level overrides and the pinned quotes first.

    The sidecar's key_points go to make_brief instead, which anchors each to its paragraph.
    """
    brief = pin_callouts(brief, ann, max_callouts)
    if sidecar is None:
        return brief
    data = sidecar.data
    update: dict = {"draft": brief.draft or data.draft}
    if data.headline is not None:
        update["title"] = data.headline
    if data.dek is not None:
        update["dek"] = data.dek
    if data.tags is not None:
        update["tags"] = list(data.tags)
    if data.editor_note is not None:
        update["editor_note"] = data.editor_note
    return brief.model_copy(update=update)


def is_draft(article: Article, sidecar: SidecarFile | None) -> bool:
    """Tell whether an article is a draft, by its front matter or by its sidecar."""
    return article.draft or bool(sidecar and sidecar.data.draft)


# --- entities ------------------------------------------------------------------------------


def find_entities(entities: list[Entity], name: str, kind: str | None = None) -> list[Entity]:
    """Entities whose name, an alias or the acronym is name (folded), optionally of one type."""
    wanted = normalize(name)
    return [
        e for e in entities
        if (kind is None or e.type == kind)
        and wanted in {normalize(n) for n in (e.name, *e.aliases, *([e.acronym] if e.acronym else []))}
    ]


def fix_entity(ann: Annotations, fix: EntityFix, line, path: str) -> list[Problem]:
    """Apply one entity fix: rename, merge, retype, set role or drop."""
    targets = find_entities(ann.entities, fix.match, fix.match_type)
    if not targets:
        kind = f" {fix.match_type}" if fix.match_type else ""
        return [_unmatched(path, line(), f"entities: no{kind} entity named '{fix.match}' in this article; correct the name or delete the entry")]
    if fix.drop:
        for entity in targets:
            ann.entities.remove(entity)
            _reassign_speaker(ann, entity.name, None)
        return []
    if fix.merge_into is not None:
        into = [e for e in find_entities(ann.entities, fix.merge_into) if e not in targets]
        if not into:
            return [_unmatched(path, line("merge_into"), f"entities: no other entity named '{fix.merge_into}' to merge '{fix.match}' into; correct the name")]
        for entity in targets:
            merge_entities(ann, entity, into[0])
        return []
    for entity in targets:
        if fix.role is not None:
            entity.role = fix.role.strip() or None
        if fix.rename is not None and fix.rename != entity.name:
            old = entity.name
            entity.aliases = sorted({*entity.aliases, old} - {fix.rename})
            entity.name = fix.rename
            entity.id = make_slug(fix.rename)
            _reassign_speaker(ann, old, entity)
        if fix.retype is not None:
            entity.type = fix.retype
        entity.confidence = 1.0  # an editor has vouched for it
        # A rename or retype onto an entity that already exists is that entity: merge them.
        twin = next((e for e in ann.entities if e is not entity and e.type == entity.type and e.id == entity.id), None)
        if twin is not None:
            merge_entities(ann, entity, twin)
    return []


def merge_entities(ann: Annotations, source: Entity, target: Entity) -> None:
    """Fold source into target: mentions, aliases and salience; quotes follow the target."""
    target.mentions = sorted([*target.mentions, *source.mentions], key=lambda m: (m.start, m.end))
    names = {source.name, *source.aliases, *target.aliases} - {target.name}
    target.aliases = sorted(names)
    target.acronym = target.acronym or source.acronym
    target.role = target.role or source.role
    target.salience = round(target.salience + source.salience, 4)
    target.in_credit = target.in_credit and source.in_credit
    target.confidence = 1.0
    ann.entities.remove(source)
    _reassign_speaker(ann, source.name, target)
    ann.entities.sort(key=lambda e: (-e.salience, e.name))


def _reassign_speaker(ann: Annotations, old_name: str, entity: Entity | None) -> None:
    for quote in ann.quotes:
        if quote.speaker == old_name:
            if entity is None:
                quote.speaker, quote.speaker_type, quote.role = None, "unknown", None
            else:
                quote.speaker = entity.name
                if entity.type in ("person", "organization"):
                    quote.speaker_type = entity.type
                quote.role = quote.role or entity.role


# --- quotes --------------------------------------------------------------------------------


def find_quotes(quotes: list[Quote], words: str) -> list[int]:
    """Indexes of the quotes whose words contain the given words (folded)."""
    wanted = normalize(words)
    return [i for i, q in enumerate(quotes) if wanted in normalize(q.text)]


def quotation_of(quotes: list[Quote], index: int) -> list[int]:
    """Indexes of every piece of the quotation that quotes[index] belongs to (split or run-on)."""
    head = quotes[index].group if quotes[index].group is not None else index
    return [i for i, q in enumerate(quotes) if i == head or q.group == head]


def drop_quotes(ann: Annotations, dropped: set[int]) -> None:
    """Remove quotes by index, renumbering the group links of the pieces that stay."""
    renumber, kept = {}, []
    for index, quote in enumerate(ann.quotes):
        if index not in dropped:
            renumber[index] = len(kept)
            kept.append(quote)
    for quote in kept:
        if quote.group is not None:
            quote.group = renumber.get(quote.group)
    ann.quotes = kept


def fix_quote(ann: Annotations, fix: QuoteFix, line, path: str) -> list[Problem]:
    """Apply one quote fix to every piece of the matching quotations: pin, drop or set the speaker."""
    hits = find_quotes(ann.quotes, fix.match)
    if not hits:
        return [_unmatched(path, line(), f"quotes: no quote contains '{fix.match}'; copy a few words of the quote exactly or delete the entry")]
    pieces = sorted({i for hit in hits for i in quotation_of(ann.quotes, hit)})
    if fix.drop:
        drop_quotes(ann, set(pieces))
        return []
    for index in pieces:
        quote = ann.quotes[index]
        if fix.pin and quote.group is None:  # the head piece stands for the whole quotation
            quote.pinned = True
        if fix.speaker:
            entity = next(iter(find_entities(ann.entities, fix.speaker)), None)
            quote.speaker = entity.name if entity else fix.speaker
            quote.speaker_type = fix.speaker_type or (entity.type if entity and entity.type in ("person", "organization") else "person")
            quote.role = (fix.role.strip() or None) if fix.role is not None else (entity.role if entity else None)
            quote.confidence = 1.0
    return []


def pin_callouts(brief: Brief, ann: Annotations, max_callouts: int) -> Brief:
    """Put pinned quotes first among the callouts, even short ones the selection left out."""
    pinned = [i for i, q in enumerate(ann.quotes) if q.pinned]
    if not pinned:
        return brief
    # By quotation, not by text: a quotation split around its attribution shows its pieces
    # joined, so its callout text is no single quote's text.
    chosen = {c.quote: c for c in brief.callouts if c.quote is not None}
    first = [(chosen.get(i) or make_callout(i, ann)).model_copy(update={"pinned": True}) for i in pinned]
    rest = [c for c in brief.callouts if c.quote is None or c.quote not in pinned]
    return brief.model_copy(update={"callouts": first + rest[: max(0, max_callouts - len(first))]})


def make_callout(index: int, ann: Annotations) -> Callout:
    """A callout for a quotation the selection did not choose, linked like the selected ones."""
    quote = ann.quotes[index]
    pieces = quotation_of(ann.quotes, index)
    speaker = next((e for e in ann.entities if e.name == quote.speaker and e.type in ENTITY_SECTIONS), None)
    return Callout(
        text=callout_text(ann, pieces), speaker=quote.speaker, role=quote.role, speaker_type=quote.speaker_type,
        speaker_url=entity_url(speaker.type, speaker.id) if speaker else None,
        anchor=paragraph_anchor(quote.paragraph) if quote.paragraph is not None else None,
        channel=quote.channel, quote=index,
    )


# --- sanctions -----------------------------------------------------------------------------


def fix_sanctions(ann: Annotations, sidecar: SidecarFile, kb: KnowledgeBase | None) -> list[Problem]:
    """Remove, then add, resolutions and regimes; additions are described from the knowledge base."""
    fix, sanctions, problems = sidecar.data.sanctions, ann.sanctions, []
    if not (fix.add_resolutions or fix.remove_resolutions or fix.add_regimes or fix.remove_regimes):
        return []

    def line(key: str, index: int) -> int | None:
        return sidecar.line("sanctions", key, index)

    for index, number in enumerate(fix.remove_resolutions):
        kept = [r for r in sanctions.resolutions if r.number != number]
        if len(kept) == len(sanctions.resolutions):
            problems.append(_unmatched(sidecar.path, line("remove_resolutions", index), f"sanctions: resolution {number} is not cited in this article; delete the line"))
        sanctions.resolutions = kept
    for index, regime in enumerate(fix.remove_regimes):
        kept = [r for r in sanctions.regimes if r.id != regime]
        if len(kept) == len(sanctions.regimes):
            problems.append(_unmatched(sidecar.path, line("remove_regimes", index), f"sanctions: regime '{regime}' is not referenced in this article; delete the line"))
        sanctions.regimes = kept
    kb = kb or load_kb()
    for index, number in enumerate(fix.add_resolutions):
        if any(r.number == number for r in sanctions.resolutions):
            problems.append(_unmatched(sidecar.path, line("add_resolutions", index), f"sanctions: resolution {number} is already found in the article; delete the line"))
            continue
        ref = resolution_ref(number, kb)
        sanctions.resolutions.append(ref)
        # As when the article cites it: a known resolution brings its regime along.
        if ref.regime and ref.regime not in fix.remove_regimes and not any(r.id == ref.regime for r in sanctions.regimes):
            sanctions.regimes.append(regime_ref(ref.regime, kb))
    for index, regime in enumerate(fix.add_regimes):
        if regime not in kb.regimes:
            known = ", ".join(sorted(kb.regimes))
            problems.append(problem(sidecar.path, "BRF302", f"sanctions.add_regimes: no regime '{regime}' in the knowledge base; use one of: {known}", line=line("add_regimes", index)))
        elif any(r.id == regime for r in sanctions.regimes):
            problems.append(_unmatched(sidecar.path, line("add_regimes", index), f"sanctions: regime '{regime}' is already found in the article; delete the line"))
        else:
            sanctions.regimes.append(regime_ref(regime, kb))
    sanctions.resolutions.sort(key=lambda r: r.number)
    return problems


def resolution_ref(number: int, kb: KnowledgeBase) -> ResolutionRef:
    """A resolution an editor added, described as the detector describes a cited one."""
    entry = kb.resolutions.get(number)
    if entry is None:
        return ResolutionRef(number=number, known=False)
    return ResolutionRef(
        number=number, year=entry.year, regime=entry.regime, known=True, symbol=entry.symbol,
        adopted=entry.adopted.value if entry.adopted.shown else None,
        vote=entry.vote.value if entry.vote and entry.vote.shown else None,
    )


def regime_ref(regime_id: str, kb: KnowledgeBase) -> RegimeRef:
    """A regime an editor added (no evidence in the text: the editor is the source)."""
    regime = kb.regimes[regime_id]
    return RegimeRef(
        id=regime_id, name=regime.short_name, issuer=kb.issuers[regime.issuer].short,
        target=kb.targets[regime.target].name if regime.target else None, explicit=True,
    )


def _unmatched(path: str, line: int | None, message: str) -> Problem:
    return problem(path, "BRF303", message, line=line, severity="warning")
