"""Shared by the quality gates: score gold documents with the real pipeline, read the floors."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from generator.annotate import annotate
from generator.evaluate import SCORERS, load_gold, source_name, summarize
from generator.export import annotation_json
from generator.readers import read_article

BASELINE = Path(__file__).resolve().parent / "quality" / "baseline.json"


def measure(aspect: str, gold_path: Path, folder: Path, nlp) -> tuple[dict[str, float], Counter]:
    """Annotate every gold document and score one aspect (entities, quotes, sanctions)."""
    counts: Counter = Counter()
    for doc in load_gold(gold_path):
        article = read_article(folder / source_name(doc), folder)
        counts += SCORERS[aspect](doc, annotation_json(article, annotate(article, nlp)))
    return summarize(aspect, counts), counts


def floors(aspect: str) -> dict[str, dict[str, float]]:
    """The pinned floors of one aspect, per gold set."""
    return json.loads(BASELINE.read_text("utf-8"))[aspect]
