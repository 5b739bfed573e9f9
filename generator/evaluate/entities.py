"""Entity scorer: people, organizations and places found, and the roles stated for people.

Matching an entity. A predicted entity of a type matches a gold item of the same type when one
of its forms (name, aliases, mention texts) equals one of the gold item's forms (name, the
name without a bracketed part and the bracketed part itself, surface forms, acronym) after
normalising quote marks, dashes, case, spacing, a leading "the" and a possessive "'s". Each
gold item is matched by at most one predicted entity (the strongest: a name match beats an
alias match); a second predicted entity that matches the same gold item is an unmerged
duplicate and counts as a false positive ("Kim" beside "Kim Jong-un"). A predicted entity that
matches no gold item of its type is a false positive; a required gold item left unmatched is a
false negative. Gold items marked `in_credit: true`, or whose note says "Optional", are neither
required nor penalised: matching them scores nothing. Predicted entities the annotator marks
in_credit are credits, not story entities, and are not scored.

Matching a role (roles_hit / roles_total). Counted for each required gold person with a role.
The gold role may list alternatives separated by ";". A predicted role matches when, for one
alternative, every head word (content word: not an article, preposition or conjunction) of
the gold role appears among the predicted role's words, two words counting as equal when
they share their first five letters ("Environmental" ~ "Environment"), and the predicted role
has at most four content words more than that alternative, so a whole sentence is no match.
Words are compared as a set, with quote marks folded and a possessive "'s" (or a plural's
bare apostrophe) dropped, so "X's Y" and "Y of X" are the same words: "Corrin’s mayor" matches
"mayor of Corrin". That is the only folding: "board’s chairman" does not match "chairman of the
regional transport board", whose "regional" and "transport" it never says.
"""

from __future__ import annotations

import re
from collections import Counter

from . import scorer

TYPES = {"people": "person", "organizations": "organization", "places": "place"}
_STOPWORDS = frozenset({"the", "a", "an", "of", "in", "within", "for", "to", "at", "on", "and", "or", "with", "by", "from", "s"})
_FOLD = str.maketrans({"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"', "‐": "-", "‑": "-", "–": "-", "—": "-"})
_BRACKET = re.compile(r"^(.*?)\s*\((.+)\)\s*$")
_EXTRA_WORDS = 4
_STEM = 5


def match_key(text: str) -> str:
    """Normalise a surface form for matching."""
    text = " ".join(str(text).translate(_FOLD).split()).lower()
    text = re.sub(r"^the\s+", "", text)
    text = re.sub(r"'s?$", "", text)
    return text.strip(" .,;:")


def gold_forms(item: dict) -> set[str]:
    """All the ways a gold item may be written."""
    forms = [item["name"], *(item.get("surface_forms") or [])]
    if item.get("acronym"):
        forms.append(item["acronym"])
    if bracket := _BRACKET.match(item["name"]):
        forms += [bracket.group(1), bracket.group(2)]
    return {match_key(f) for f in forms if f}


def predicted_forms(entity: dict) -> set[str]:
    """All the ways a predicted entity was written."""
    forms = [entity["name"], *entity.get("aliases", []), *(m["text"] for m in entity.get("mentions", []))]
    if entity.get("acronym"):
        forms.append(entity["acronym"])
    return {match_key(f) for f in forms if f}


def is_ignored(item: dict) -> bool:
    """Credit-only and optional gold items are neither required nor penalised."""
    return bool(item.get("in_credit")) or "optional" in str(item.get("note") or "").lower()


def role_words(text: str) -> list[str]:
    """Content words of a role, lower case, brackets and possessives removed."""
    text = str(text).translate(_FOLD).lower().replace("'s", " ")
    return [w for w in re.findall(r"[\w-]+", text) if w not in _STOPWORDS]


def role_matches(gold: str, predicted: str | None) -> bool:
    """Lenient but honest role match (see the module docstring)."""
    if not predicted:
        return False
    said = role_words(predicted)
    stems = {w[:_STEM] for w in said}
    for alternative in str(gold).split(";"):
        wanted = role_words(alternative)
        if wanted and all(w[:_STEM] in stems for w in wanted) and len(said) <= len(wanted) + _EXTRA_WORDS:
            return True
    return False


def match_type(gold_items: list[dict], predicted: list[dict]) -> tuple[Counter, dict[int, dict]]:
    """Count tp/fp/fn for one type; return the counts and gold index -> matched prediction."""
    gold_sets = [gold_forms(g) for g in gold_items]
    pairs = []
    for p_index, entity in enumerate(predicted):
        forms = predicted_forms(entity)
        name = match_key(entity["name"])
        for g_index, wanted in enumerate(gold_sets):
            if forms & wanted:
                strength = (name in wanted, len(forms & wanted))
                pairs.append((strength, -p_index, g_index, p_index))
    pairs.sort(reverse=True)
    gold_of: dict[int, int] = {}
    matched: dict[int, dict] = {}
    for _, _, g_index, p_index in pairs:
        if p_index in gold_of or g_index in matched:
            continue
        gold_of[p_index] = g_index
        matched[g_index] = predicted[p_index]
    counts = Counter()
    for p_index, entity in enumerate(predicted):
        hits = [g for g, wanted in enumerate(gold_sets) if predicted_forms(entity) & wanted]
        if p_index in gold_of:
            if not is_ignored(gold_items[gold_of[p_index]]):
                counts["tp"] += 1
        elif hits and all(is_ignored(gold_items[g]) for g in hits):
            continue  # a duplicate of a credit-only or optional item costs nothing
        else:
            counts["fp"] += 1
    for g_index, item in enumerate(gold_items):
        if g_index not in matched and not is_ignored(item):
            counts["fn"] += 1
    return counts, matched


@scorer("entities")
def score_entities(gold: dict, predicted: dict) -> Counter:
    """Score one document's entities and people's roles."""
    counts = Counter()
    if not any(section in gold for section in TYPES):
        return counts  # a gold document without entity lists (e.g. sanctions only) is not scored
    story = [e for e in predicted.get("entities", []) if not e.get("in_credit")]
    for section, kind in TYPES.items():
        items = gold.get(section) or []
        found, matched = match_type(items, [e for e in story if e["type"] == kind])
        for key in ("tp", "fp", "fn"):
            counts[f"{section}_{key}"] += found[key]
        if kind == "person":
            for g_index, item in enumerate(items):
                if item.get("role") and not is_ignored(item):
                    counts["roles_total"] += 1
                    entity = matched.get(g_index)
                    counts["roles_hit"] += bool(entity and role_matches(item["role"], entity.get("role")))
    return counts
