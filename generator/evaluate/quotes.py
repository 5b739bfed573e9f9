"""Quote scorer: are the gold quotes found, credited to the right speaker, relayed by the right outlet?

Counts (summed over documents, turned into rates by `summarize`):
  quotes_found_hit/_total      gold quotes matched by a found quote (`starts_with`, word by word)
  speaker_hit/_total           matched gold quotes whose speaker is right (`accept_also` honoured)
  channel_hit/_total           gold quotes relayed by an outlet whose channel is right
  excluded_ok_hit/_total       excluded quotations that did not become callout candidates
  callout_precision_hit/_total callout candidates (select.callout_candidates: attributed, full,
                               top-level body quotations) that are gold quotes
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from ..models import Annotations, Quote
from ..select import callout_candidates as heads
from . import scorer

# Marks and apostrophes folded to one form before comparing words.
_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "–": "-", "—": "-"})
_STATE = re.compile(r"^(?:government|state) of (?:the )?(.+)$|^(.+?) (?:government|state)$")


def words(text: str) -> list[str]:
    """Lower-case words of a text with marks, apostrophes and dashes folded."""
    text = unicodedata.normalize("NFKC", text).translate(_FOLD).lower()
    return re.findall(r"[\w']+(?:-[\w']+)*", text)


def name_key(name: str) -> str:
    """Compare names without case, articles, parentheses, and 'Government of X' -> 'X'."""
    text = re.sub(r"\([^)]*\)", " ", unicodedata.normalize("NFKC", name).translate(_FOLD))
    key = " ".join(words(text))
    key = re.sub(r"^(?:the|a|an) ", "", key)
    state = _STATE.match(key)
    if state:
        key = state.group(1) or state.group(2)
    return key


def find_quote(opening: str, quotes: list[dict]) -> dict | None:
    """The found quote whose words begin with `opening` (or contain it, or begin it when split)."""
    wanted = words(opening)
    if not wanted:
        return None
    for quote in quotes:
        if words(quote.get("text", ""))[: len(wanted)] == wanted:
            return quote
    if len(wanted) >= 4:
        for quote in quotes:
            have = words(quote.get("text", ""))
            if any(have[i : i + len(wanted)] == wanted for i in range(len(have) - len(wanted) + 1)):
                return quote
        # The first piece of a quotation split around its attribution, where the gold runs on.
        for quote in quotes:
            have = words(quote.get("text", ""))
            if len(have) >= 4 and wanted[: len(have)] == have:
                return quote
    return None


def gold_names(gold_doc: dict, names: list[str]) -> set[str]:
    """Name keys for the given gold names plus the surface forms of gold entities so named."""
    keys = {name_key(n) for n in names if n}
    for section in ("people", "organizations", "places"):
        for entity in gold_doc.get(section) or []:
            forms = [entity.get("name", "")] + list(entity.get("surface_forms") or [])
            if name_key(entity.get("name", "")) in keys:
                keys |= {name_key(f) for f in forms if f}
    keys.discard("")
    return keys


def callout_candidates(found: list[dict]) -> list[dict]:
    """The found quotes the brief may show as callouts, by the selection's own rule (select.py)."""
    fields = set(Quote.model_fields)
    ann = Annotations(text="", quotes=[Quote.model_validate({k: v for k, v in q.items() if k in fields}) for q in found])
    return [found[i] for i in heads(ann)]


@scorer("quotes")
def score_quotes(gold_doc: dict, predicted: dict) -> Counter:
    """Count found quotes, right speakers, right channels and kept exclusions for one document."""
    counts: Counter = Counter()
    if "quotes" not in gold_doc and "excluded_quotations" not in gold_doc:
        return counts  # a gold document without quote annotations says nothing about quotes
    found = predicted.get("quotes") or []
    matched_ids: set[int] = set()
    for gold in gold_doc.get("quotes") or []:
        counts["quotes_found_total"] += 1
        match = find_quote(str(gold.get("starts_with", "")), found)
        if match is not None:
            counts["quotes_found_hit"] += 1
            matched_ids.add(id(match))
        if gold.get("speaker"):
            counts["speaker_total"] += 1
            right = gold_names(gold_doc, [gold["speaker"], *(gold.get("accept_also") or [])])
            if match is not None and match.get("speaker") and name_key(match["speaker"]) in right:
                counts["speaker_hit"] += 1
        if gold.get("channel"):
            counts["channel_total"] += 1
            right = gold_names(gold_doc, [gold["channel"]])
            if match is not None and match.get("channel") and name_key(match["channel"]) in right:
                counts["channel_hit"] += 1
    candidates = callout_candidates(found)
    candidate_ids = {id(q) for q in candidates}
    for excluded in gold_doc.get("excluded_quotations") or []:
        counts["excluded_ok_total"] += 1
        match = find_quote(str(excluded.get("text", "")), found)
        if match is None or id(match) not in candidate_ids:
            counts["excluded_ok_hit"] += 1
    for quote in candidates:
        counts["callout_precision_total"] += 1
        if id(quote) in matched_ids:
            counts["callout_precision_hit"] += 1
    return counts
