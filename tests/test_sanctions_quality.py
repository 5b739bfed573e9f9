"""Quality floor of the sanctions detector on the seed and the fictional sanctions gold set.

Floors are pinned to what the detector reaches and may only go up.
"""

from __future__ import annotations

from collections import Counter

from generator.annotate import annotate
from generator.evaluate import load_gold, source_name, summarize
from generator.evaluate.sanctions import score_sanctions
from generator.export import annotation_json
from generator.readers import read_article

from conftest import ROOT, SEED

GOLD = ROOT / "tests" / "gold"
FLOORS = {"resolutions_f1": 1.0, "regimes_f1": 1.0, "regime_evidence_rate": 0.9}


def test_sanctions_quality_floors(nlp):
    documents = [d for d in load_gold(GOLD / "seed-gold.yml") if "sanctions" in d] + load_gold(GOLD / "sanctions-gold.yml")
    assert len(documents) >= 5
    counts: Counter = Counter()
    for doc in documents:
        name = source_name(doc)
        path = SEED if name == SEED.name else GOLD / "articles" / name
        article = read_article(path, path.parent)
        counts += score_sanctions(doc, annotation_json(article, annotate(article, nlp)))
    metrics = summarize("sanctions", counts)
    for metric, floor in FLOORS.items():
        assert metrics[metric] >= floor, (metric, metrics, dict(counts))
