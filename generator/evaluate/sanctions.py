"""Sanctions scorer: resolutions and regimes found, and the evidence phrases behind them.

A gold document is scored only when it has a `sanctions` key (an empty list there means the
article cites none, so anything found is a false positive). Gold `resolutions` is a list of
numbers, compared as sets with the predicted resolution numbers (resolutions_tp/fp/fn).

Gold `regimes` items name a regime by `id` (a knowledge-base id such as un-1718-dprk) or by
`name`. A name is resolved to an id by the number in "(1718 regime)", else by the closest
knowledge-base regime name (rapidfuzz token-set ratio of at least 70) that also contains every
capitalised word of the gold name (so "EU sanctions on Syria" never resolves to the EU DPRK
regime, nor "US Iran sanctions" to the UN one); an unresolvable name can only be missed. Regimes are compared as id sets (regimes_tp/fp/fn).

Evidence (regime_evidence_hit / regime_evidence_total): a gold regime's `evidence` is a
";"-separated list of phrases. A phrase is hit when one of the predicted evidence texts of the
same regime covers at least half of its words and adds no more than four of its own, after
normalising quote marks, case and a leading "the".
"""

from __future__ import annotations

import re
from collections import Counter

from . import scorer

_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_REGIME_NUMBER = re.compile(r"\((\d{3,4})\s+regime\)", re.IGNORECASE)
MIN_NAME_SCORE = 70
EXTRA_WORDS = 4
_GENERIC = {"sanctions", "sanction", "regime", "the", "list", "measures", "restrictive", "programme", "program"}


def _words(text: str) -> list[str]:
    text = str(text).translate(_FOLD).lower()
    text = re.sub(r"^\s*the\s+", "", text)
    return re.findall(r"[\w'-]+", text)


def regime_id(item: dict) -> str | None:
    """The knowledge-base id a gold regime item means, or None."""
    from ..sanctions.kb import load_kb

    kb = load_kb()
    if item.get("id") in kb.regimes:
        return item["id"]
    name = str(item.get("name") or "")
    if number := _REGIME_NUMBER.search(name):
        for regime in kb.regimes.values():
            if regime.committee == int(number.group(1)):
                return regime.id
    from rapidfuzz import fuzz, process

    choices = {rid: f"{r.name} {r.short_name} {rid}" for rid, r in kb.regimes.items()}
    # Issuer and target are the capitalised words ("EU", "Syria"); a fuzzy match that drops
    # one of them names a different regime.
    required = {w.lower() for w in re.findall(r"\b[A-Z][\w'-]*", name) if w.lower() not in _GENERIC}
    candidates = {rid: text for rid, text in choices.items() if required <= set(_words(text))}
    best = process.extractOne(name, candidates, scorer=fuzz.token_set_ratio) if candidates else None
    return best[2] if best and best[1] >= MIN_NAME_SCORE else None


def evidence_hit(phrase: str, predicted: list[str]) -> bool:
    """True when a predicted evidence text covers the gold phrase (see the module docstring)."""
    gold = _words(phrase)
    if not gold:
        return False
    for text in predicted:
        words = _words(text)
        shared = sum(1 for w in gold if w in words)
        if shared * 2 >= len(gold) and len(words) - shared <= EXTRA_WORDS:
            return True
    return False


@scorer("sanctions")
def score_sanctions(gold: dict, predicted: dict) -> Counter:
    """Count resolution, regime and evidence matches for one document."""
    counts: Counter = Counter()
    expected = gold.get("sanctions")
    if expected is None:
        return counts
    found = predicted.get("sanctions") or {}
    gold_numbers = {int(n) for n in expected.get("resolutions") or []}
    found_numbers = {int(r["number"]) for r in found.get("resolutions", [])}
    counts["resolutions_tp"] += len(gold_numbers & found_numbers)
    counts["resolutions_fp"] += len(found_numbers - gold_numbers)
    counts["resolutions_fn"] += len(gold_numbers - found_numbers)

    found_regimes = {r["id"]: [m["text"] for m in r.get("evidence", [])] for r in found.get("regimes", [])}
    gold_ids = set()
    for item in expected.get("regimes") or []:
        rid = regime_id(item)
        if rid is None:
            counts["regimes_fn"] += 1
            continue
        gold_ids.add(rid)
        phrases = [p.strip() for p in str(item.get("evidence") or "").split(";") if p.strip()]
        counts["regime_evidence_total"] += len(phrases)
        counts["regime_evidence_hit"] += sum(evidence_hit(p, found_regimes.get(rid, [])) for p in phrases)
    counts["regimes_tp"] += len(gold_ids & set(found_regimes))
    counts["regimes_fp"] += len(set(found_regimes) - gold_ids)
    counts["regimes_fn"] += len(gold_ids - set(found_regimes))
    return counts
