"""Types from context: what the article says a name is, when the model guessed otherwise."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from .lexicon import fold, nationalities, pattern_lists, words
from .roles import role_of

if TYPE_CHECKING:
    from .merge import Cluster

# The shape of a nationality adjective: Ostravelian, Norvaskan, Tarsenese, Danish, Iraqi.
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:an|ean|ian|ese|ish|i)$")
_VOWELS = "aeiouy"
_MAX_SUFFIX = 4


def retype_clusters(doc: Doc, clusters: list[Cluster]) -> None:
    """Retype clusters the model got wrong, from evidence in the article itself.

    An "organization" is a place when the article also uses its nationality adjective
    ("Ostravel" beside "Ostravelian") or mostly writes it after a locative word ("in
    Ostravel"). An organization or place is a person when the text gives it a role
    ("Its president, Amara Diallo," / "Ilse Varga, the commander of ...").
    """
    names = {fold(form) for c in clusters for form in c.forms()}
    for cluster in clusters:
        # "Norvaskan" tagged as an organization beside "Norvaska": an adjective, not a body.
        if cluster.type == "organization" and cluster.alias is None and _is_adjective_of_any(cluster, names):
            _set_type(cluster, "group")
    adjectives = demonyms(doc, clusters)
    places = {i for c in clusters if c.type == "place" for m in c.mentions for i in range(m.tok_start, m.tok_end)}
    for cluster in clusters:
        if cluster.alias is not None or not cluster.mentions:
            continue
        if cluster.type == "organization" and not _has_head(cluster, "org_heads"):
            if (
                any(is_demonym_of(adj, fold(form)) for form in cluster.forms() for adj in adjectives)
                or _mostly_locative(doc, cluster)
                or any(_used_as_place(doc, m, places) for m in cluster.mentions)
            ):
                _set_type(cluster, "place")
                continue
        if cluster.type in ("organization", "place") and _looks_like_name(cluster):
            people = {i for c in clusters if c.type == "person" for m in c.mentions for i in range(m.tok_start, m.tok_end)}
            if any(role_of(doc, m.tok_start, m.tok_end, people) for m in cluster.mentions):
                _set_type(cluster, "person")


def demonyms(doc: Doc, clusters: list[Cluster]) -> set[str]:
    """Nationality adjectives used in the article, folded."""
    found = {fold(m.text) for c in clusters if c.type == "group" for m in c.mentions}
    found |= {t.lower_ for t in doc if _DEMONYM.match(t.text) and t.pos_ in ("ADJ", "PROPN")}
    return found


def _is_adjective_of_any(cluster: Cluster, names: set[str]) -> bool:
    forms = cluster.forms()
    return all(" " not in f and _DEMONYM.match(f) for f in forms) and any(
        is_demonym_of(fold(f), name) for f in forms for name in names
    )


def _used_as_place(doc: Doc, mention, places: set[int]) -> bool:
    """True for 'the X coast' or 'the X border': the name qualifies a geographic word.

    (Being listed with a place is no evidence: "Israel and Hamas", "Russia and NATO".)
    """
    token = doc[mention.tok_end - 1]
    place_words = words()["place_nouns"] | words()["geo_heads"] | {"border", "side"}
    return token.dep_ in ("compound", "nmod", "amod") and token.head.lemma_.lower() in place_words


def is_demonym_of(adjective: str, name: str) -> bool:
    """True when the adjective is formed from the name ('ostravelian' from 'ostravel')."""
    if adjective == name or len(name) < 4:
        return False
    stems = [name] + ([name[:-1]] if name[-1] in _VOWELS else [])
    return any(adjective.startswith(stem) and len(adjective) - len(stem) <= _MAX_SUFFIX for stem in stems)


def _mostly_locative(doc: Doc, cluster: Cluster) -> bool:
    places = words()["locative_words"]
    hits = sum(1 for m in cluster.mentions if m.tok_start > 0 and doc[m.tok_start - 1].lower_ in places)
    return hits * 2 >= len(cluster.mentions) and hits > 0


def _has_head(cluster: Cluster, key: str) -> bool:
    heads = words()[key]
    return any(fold(form).split()[-1] in heads for form in cluster.forms())


def _looks_like_name(cluster: Cluster) -> bool:
    """Two to four capitalised words, none of them a body, a place word or a nationality."""
    lists = words()
    for form in cluster.forms():
        tokens = form.split()
        if not 2 <= len(tokens) <= 4 or not all(t[:1].isupper() for t in tokens):
            return False
        lowered = [fold(t) for t in tokens]
        facilities = pattern_lists()["facility_heads"]
        if any(t in lists["org_heads"] or t in lists["geo_heads"] or t in facilities or t in nationalities() for t in lowered):
            return False
    return True


def _set_type(cluster: Cluster, kind: str) -> None:
    cluster.type = kind
    for mention in cluster.mentions:
        mention.type = kind
