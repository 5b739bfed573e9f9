"""Within-article merging: one cluster of mentions per real-world thing."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc

from ..doc_text import doc_text
from .acronyms import find_definitions, initials_match, is_acronym
from .lexicon import Alias, aliases, fold, lookup_alias, nationalities, words
from .context import retype_clusters
from .mentions import Candidate, is_modifier
from .roles import role_of

# Heads that name a kind of body, not one body: "Committee" alone, or "Foreign Ministry" in an
# article with two foreign ministries, is not enough to join a longer name.
GENERIC_ORG_WORDS = frozenset({
    "agency", "army", "assembly", "authority", "bureau", "cabinet", "central", "commission", "committee",
    "council", "court", "department", "force", "government", "group", "institute", "ministry", "navy",
    "news", "office", "parliament", "party", "police", "service", "union", "university",
})
SCORED_TYPES = ("person", "organization", "place")
# The place of a wire dateline ("DUNMORE, Oct. 3 (Agency) -") is a place whatever a model says.
DATELINE_VOTES = 3
# So is a name the text calls a ship or a business ("the tanker X", "state monopoly X").
STRONG_SOURCES = ("dateline", "vessel", "descriptor")


@dataclass
class Cluster:
    """Mentions that name one thing, with what the text or the alias table says about it."""

    type: str
    mentions: list[Candidate] = field(default_factory=list)
    alias: Alias | None = None
    acronym: str | None = None
    parent: Cluster | None = None
    """The body this one belongs to: the party of "Workers' Party of Korea (WPK) Central Committee"."""

    @property
    def first(self) -> int:
        return min(m.start for m in self.mentions)

    def forms(self) -> list[str]:
        """Distinct surface forms, in order of first use."""
        seen: dict[str, str] = {}
        for mention in sorted(self.mentions, key=lambda m: m.start):
            seen.setdefault(fold(mention.text), mention.text)
        return list(seen.values())

    def longest(self) -> list[str]:
        """Tokens of the longest (then earliest) surface form, folded."""
        return max((fold(f).split() for f in self.forms()), key=len, default=[])


def cluster_mentions(doc: Doc, found: list[Candidate]) -> list[Cluster]:
    """Group candidates into clusters: same name, alias table, acronyms, short forms."""
    definitions, replaced = find_definitions(doc, found)
    found = [c for c in found if not any(c is r for r in replaced)]
    found += [expansion for expansion, _ in definitions if expansion.source == "acronym"]
    found += _scan_forms(doc, found, definitions)
    clusters = _group_by_name(found)
    _link_acronyms(clusters, definitions)
    _link_undefined_acronyms(clusters)
    clusters = [c for c in clusters if c.mentions]
    retype_clusters(doc, clusters)
    _join_short_people(doc.text, clusters)
    _join_short_organizations(clusters)
    _join_short_places(clusters)
    _find_parents(doc, clusters)
    _drop_lone_surnames(doc, clusters)
    return [c for c in clusters if c.mentions]


def _drop_lone_surnames(doc: Doc, clusters: list[Cluster]) -> None:
    """Drop one-word "people" the article never introduces by full name or with a role.

    News style names a person in full before using the surname alone, so a bare word the
    model took for a person, with no full name to join and no title, is nearly always
    something else: a product ("the Kestrel rocket") or a place the model did not know.
    """
    people = {i for c in clusters if c.type == "person" for m in c.mentions for i in range(m.tok_start, m.tok_end)}
    for cluster in clusters:
        if cluster.type != "person" or len(cluster.longest()) != 1:
            continue
        if all(is_modifier(doc, m) for m in cluster.mentions) or not any(
            role_of(doc, m.tok_start, m.tok_end, people) for m in cluster.mentions
        ):
            cluster.mentions = []


def _group_by_name(found: list[Candidate]) -> list[Cluster]:
    """One cluster per alias-table row or folded name; the majority type wins a disagreement."""
    groups: dict[str, list[Candidate]] = {}
    rows: dict[str, Alias] = {}
    for mention in sorted(found, key=lambda m: m.start):
        row = lookup_alias(mention.text)
        key = f"alias:{row.name}" if row else f"name:{mention.key}"
        groups.setdefault(key, []).append(mention)
        if row:
            rows[key] = row
    clusters = []
    for key, mentions in groups.items():
        row = rows.get(key)
        if row:
            kind = row.type
        else:
            votes = Counter()
            for m in mentions:
                votes[m.type] += _vote(m)
            kind = max(votes, key=lambda t: (votes[t], -next(i for i, m in enumerate(mentions) if m.type == t)))
        for mention in mentions:
            mention.type = kind
        clusters.append(Cluster(type=kind, mentions=mentions, alias=row, acronym=row.acronym if row else None))
    return clusters


# The shape of a nationality adjective or group noun: Ostravelian, Tarsenese, Danish, Kurds.
_GROUP_SHAPE = re.compile(r"^[A-Z][a-z]+(?:an|ean|ian|ese|ish|i|s)$")


def _vote(mention: Candidate) -> float:
    """How much one mention's type counts in its cluster's vote.

    A "group" (NORP) guess for a word shaped like no nationality ("Corrin" in a headline,
    beside "a court in Corrin") is the model's weakest call: it counts half.
    """
    if mention.source in STRONG_SOURCES:
        return DATELINE_VOTES
    if mention.type == "group" and mention.key not in nationalities() and not _GROUP_SHAPE.match(mention.text):
        return 0.5
    return 1


def _scan_forms(doc: Doc, found: list[Candidate], definitions: list[tuple[Candidate, str]]) -> list[Candidate]:
    """Mentions the model missed: uses of defined acronyms and of the alias table's forms."""
    taken = [(c.start, c.end) for c in found]
    forms: dict[str, str] = {}
    for expansion, acronym in definitions:
        forms.setdefault(acronym, expansion.type)
    for row in aliases():
        for form in (row.name, *row.aliases):
            # Only forms that cannot be an ordinary word: acronyms and multi-word names.
            if is_acronym(form) or " " in form:
                forms.setdefault(form, row.type)
    added = []
    text = doc_text(doc)
    for form, kind in sorted(forms.items()):
        if form not in text:  # a plain substring test skips most forms without a regex scan
            continue
        for match in re.finditer(r"(?<![\w.])" + re.escape(form) + r"(?![\w])", text):
            start, end = match.span()
            if any(s < end and start < e for s, e in taken):
                continue
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or _inside_longer_name(doc, span):
                continue
            taken.append((start, end))
            added.append(Candidate(
                start=start, end=end, text=match.group(0), type=kind, tok_start=span.start,
                tok_end=span.end, label="ALIAS", source="alias",
            ))
    return added


def _inside_longer_name(doc: Doc, span) -> bool:
    """True when capitalised words run on before the form ('National Security Council')."""
    if span.start == 0:
        return False
    before = doc[span.start - 1]
    return before.is_title and not before.is_sent_start


def _link_acronyms(clusters: list[Cluster], definitions: list[tuple[Candidate, str]]) -> None:
    """Move the acronym's cluster into its expansion's cluster and record the acronym."""
    for expansion, acronym in definitions:
        home = next((c for c in clusters if any(m is expansion for m in c.mentions)), None)
        if home is None:
            continue
        home.acronym = home.acronym or acronym
        for other in clusters:
            if other is home:
                continue
            if any(m.text == acronym for m in other.mentions) and all(m.text == acronym for m in other.mentions):
                _absorb(home, other)


def _link_undefined_acronyms(clusters: list[Cluster]) -> None:
    """An acronym the text never defines joins the one organization whose words spell it
    ('the BoE' with 'Bank of England', 'CIA' with 'Central Intelligence Agency')."""
    orgs = [c for c in clusters if c.type == "organization" and c.mentions]
    for short in orgs:
        forms = short.forms()
        if short.alias or short.acronym or len(forms) != 1 or " " in forms[0] or not is_acronym(forms[0]):
            continue
        homes = [c for c in orgs if c is not short and c.mentions and not c.acronym and any(initials_match(f, forms[0]) for f in c.forms())]
        if len(homes) == 1:
            homes[0].acronym = forms[0]
            _absorb(homes[0], short)


def _absorb(into: Cluster, other: Cluster) -> None:
    for mention in other.mentions:
        mention.type = into.type
    into.mentions.extend(other.mentions)
    into.acronym = into.acronym or other.acronym
    into.alias = into.alias or other.alias
    other.mentions = []


def _is_part(short: list[str], full: list[str]) -> bool:
    """True when short is a proper prefix or suffix of full ('Putin' of 'Vladimir Putin')."""
    n = len(short)
    return 0 < n < len(full) and (full[:n] == short or full[-n:] == short)


def _join_short_people(text: str, clusters: list[Cluster]) -> None:
    """A surname or short form joins the full name the text means.

    With one full name that contains it the choice is plain. When two people share it (two
    Kims), each mention goes to the person already introduced before it who is named most
    often, then first: a writer uses the bare surname for the person the story is about and
    keeps full names for the others. A possessive full name ("Kim Jong Un's sister") names a
    person only to place another, so it counts after the others.
    """
    people = [c for c in clusters if c.type == "person"]
    others = [c for c in clusters if c.type == "organization" and not c.alias]
    for short in sorted(people + others, key=lambda c: len(c.longest())):
        tokens = short.longest()
        if short.alias or (short.type != "person" and (len(tokens) != 1 or " ".join(tokens) in nationalities())):
            continue
        fulls = [c for c in people if c is not short and c.mentions and _is_part(tokens, c.longest())]
        if not fulls:
            continue
        for mention in list(short.mentions):
            before = [c for c in fulls if _full_mentions(c, tokens) and _first_full(c, tokens) < mention.start]
            pool = before or fulls
            chosen = max(pool, key=lambda c: (_plain_count(text, c, tokens), len(_full_mentions(c, tokens)), -c.first))
            mention.type = "person"
            chosen.mentions.append(mention)
            short.mentions.remove(mention)


def _full_mentions(cluster: Cluster, tokens: list[str]) -> list[Candidate]:
    return [m for m in cluster.mentions if fold(m.text).split() != tokens]


def _plain_count(text: str, cluster: Cluster, tokens: list[str]) -> int:
    """Full mentions that are not possessives ("Kim Jong Un’s sister" is one)."""
    return sum(1 for m in _full_mentions(cluster, tokens) if text[m.end : m.end + 2] not in ("'s", "’s"))


def _first_full(cluster: Cluster, tokens: list[str]) -> int:
    return min(m.start for m in _full_mentions(cluster, tokens))


def _contains(short: list[str], full: list[str]) -> bool:
    """True when short occurs as a contiguous run inside the longer full."""
    n = len(short)
    return 0 < n < len(full) and any(full[i : i + n] == short for i in range(len(full) - n + 1))


def _join_short_places(clusters: list[Cluster]) -> None:
    """'the North' joins 'North Korea', and 'Gaza' joins 'Gaza Strip', when only one place fits."""
    places = [c for c in clusters if c.type == "place" and c.mentions]
    lists = words()
    for short in places:
        tokens = short.longest()
        if short.alias or not short.mentions:
            continue
        if len(tokens) == 1 and tokens[0] in lists["compass_words"]:
            fulls = [c for c in places if c is not short and c.mentions and c.longest()[:1] == tokens and len(c.longest()) > 1]
        else:
            fulls = [
                c for c in places if c is not short and c.mentions
                and c.longest() == tokens + c.longest()[-1:] and c.longest()[-1] in lists["droppable_geo_heads"]
            ]
        if len(fulls) == 1:
            _absorb(fulls[0], short)


def _join_short_organizations(clusters: list[Cluster]) -> None:
    """'Kyodo' joins 'Kyodo News', 'State Department' joins 'US State Department',
    'Treasury' joins 'U.S. Treasury Department' (only when one organization fits)."""
    orgs = [c for c in clusters if c.type == "organization"]
    for short in sorted(orgs, key=lambda c: len(c.longest())):
        tokens = short.longest()
        if not short.mentions or short.acronym or (len(tokens) == 1 and is_acronym(short.forms()[0])):
            continue  # acronyms join only through a definition or the alias table
        if all(t in GENERIC_ORG_WORDS for t in tokens) or " ".join(tokens) in nationalities():
            continue
        fulls = [c for c in orgs if c is not short and c.mentions and _contains(tokens, c.longest())]
        if len(fulls) == 1 and not (short.alias and fulls[0].alias and short.alias != fulls[0].alias):
            _absorb(fulls[0], short)


_BETWEEN_PARENT = re.compile(r"^\s*(?:\([A-Z][A-Za-z.&]{1,11}\))?\s*$")


def _find_parents(doc: Doc, clusters: list[Cluster]) -> None:
    """A generic body written right after an organization is part of it: in "the Workers' Party
    of Korea (WPK) Central Committee" the Central Committee is the party's."""
    orgs = [c for c in clusters if c.type == "organization" and c.mentions]
    for cluster in orgs:
        if cluster.alias or not all(t in GENERIC_ORG_WORDS for t in cluster.longest()):
            continue
        for mention in cluster.mentions:
            parent = next(
                (
                    other for other in orgs if other is not cluster
                    for m in other.mentions
                    if m.end <= mention.start and _BETWEEN_PARENT.match(doc_text(doc)[m.end : mention.start])
                ),
                None,
            )
            if parent is not None:
                cluster.parent = parent
                break
