"""Quality gate for quotes: found, credited to the right speaker, relayed by the right outlet.

Runs the real pipeline on the seed (tests/gold/seed-gold.yml) and on the fictional quote
articles (tests/gold/fictional-quotes-gold.yml), scores them with the `quotes` scorer
(generator/evaluate/quotes.py) and compares the rates with the floors pinned under "quotes" in
tests/quality/baseline.json. Floors may only go up: the test refuses a baseline below the
targets of the issue. The same numbers print with

    briefs evaluate tests/gold/seed-gold.yml --articles briefs
    briefs evaluate tests/gold/fictional-quotes-gold.yml --articles tests/gold/articles
"""

from __future__ import annotations

from pathlib import Path

import pytest
from generator.evaluate import load_gold, source_name
from qualitygate import floors as pinned_floors, measure


TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
GOLD_SETS = {
    "seed": (TESTS / "gold" / "seed-gold.yml", ROOT / "briefs"),
    "fictional": (TESTS / "gold" / "fictional-quotes-gold.yml", TESTS / "gold" / "articles"),
}
# The targets of the quotes issue: a floor below these is refused.
TARGETS = {"quotes_found_rate": 0.95, "speaker_rate": 0.90}
MIN_FICTIONAL_QUOTES = 12
# Every attribution style of the issue appears in the fictional gold at least once (matched in
# the gold entries' `style` notes).
REQUIRED_STYLES = {
    "reporting verb before the quote": "stated, “",
    "speaker after the quote": "speaker after the quote",
    "inverted": "inverted",
    "colon introduction by name": "colon introduction by name",
    "colon introduction 'In a statement, ... said:'": "In a statement",
    "according to": "According to",
    "split quote": "split quote",
    "pronoun continuation": "pronoun continuation",
    "title-only speaker resolved": "resolved to the named",
    "title-only speaker shown by title": "title-only speaker with no named holder",
    "organization as speaker": "organization as speaker",
    "nested reporting with a channel": "nested reporting",
    "quote resumed in the next paragraph": "next paragraph",
    "nested quote": "nested quote",
}


@pytest.mark.parametrize("name", sorted(GOLD_SETS))
def test_floors_are_never_below_the_targets(name):
    floors = pinned_floors("quotes")[name]
    assert set(TARGETS) <= set(floors), f"baseline.json quotes.{name} must pin {sorted(TARGETS)}"
    for metric, target in TARGETS.items():
        assert floors[metric] >= target, (
            f"tests/quality/baseline.json lowers quotes.{name}.{metric} to {floors[metric]}, "
            f"below the target {target}; floors may only go up"
        )
    assert all(0.0 <= value <= 1.0 for value in floors.values())


def test_fictional_gold_covers_every_attribution_style():
    gold_path, folder = GOLD_SETS["fictional"]
    docs = load_gold(gold_path)
    quotes = [q for doc in docs for q in doc.get("quotes") or []]
    assert len(quotes) >= MIN_FICTIONAL_QUOTES
    styles = " | ".join(str(q.get("style", "")) for q in quotes)
    missing = [name for name, marker in REQUIRED_STYLES.items() if marker not in styles]
    assert not missing, f"no fictional gold quote exercises: {missing}"
    for doc in docs:
        text = (folder / source_name(doc)).read_text("utf-8")
        for quote in doc.get("quotes") or []:
            assert quote["starts_with"] in text, f"{doc['id']}: '{quote['starts_with']}' is not in {source_name(doc)}"


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(GOLD_SETS))
def test_quote_quality_holds_the_floors(name, nlp):
    gold_path, folder = GOLD_SETS[name]
    metrics, counts = measure("quotes", gold_path, folder, nlp)
    floors = pinned_floors("quotes")[name]
    below = {m: (metrics.get(m), floor) for m, floor in floors.items() if metrics.get(m, 0.0) < floor}
    assert not below, f"{name}: quote quality fell below the floors (measured, floor): {below}; counts {dict(counts)}"
