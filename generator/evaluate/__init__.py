"""Quality evaluation against gold annotations (the seed-gold.yml format).

A gold file is a YAML list of documents, each naming its `source_file` and listing people,
organizations, places, quotes and sanctions. Scorers are registered per aspect and return
counts; `evaluate` sums the counts over documents and turns them into rates, so the same gate
runs on the seed, on our fictional gold articles and on held-out real articles.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Callable

import yaml

Scorer = Callable[[dict, dict], Counter]
"""(gold document, annotation JSON of `briefs annotate --json`) -> counts."""

SCORERS: dict[str, Scorer] = {}


def scorer(name: str):
    """Register a scorer for one aspect (entities, quotes, ...)."""

    def decorator(func: Scorer) -> Scorer:
        SCORERS[name] = func
        return func

    return decorator


def load_gold(path: Path) -> list[dict]:
    """Load a gold file: a YAML list of documents (or one document)."""
    data = yaml.safe_load(Path(path).read_text("utf-8"))
    return data if isinstance(data, list) else [data]


def source_name(doc: dict) -> str:
    """The article file name a gold document describes ('x.txt (the seed)' -> 'x.txt')."""
    return str(doc["source_file"]).split(" (")[0].strip()


def f1(tp: int, fp: int, fn: int) -> float:
    """F1 from counts; 1.0 when there was nothing to find and nothing was found."""
    if tp + fp + fn == 0:
        return 1.0
    return 2 * tp / (2 * tp + fp + fn)


def rate(hit: int, total: int) -> float:
    """hit/total, 1.0 when total is 0."""
    return hit / total if total else 1.0


def evaluate(gold_docs: list[dict], annotate_file: Callable[[str], dict]) -> dict:
    """Score every gold document; annotate_file maps a source file name to annotation JSON."""
    totals: dict[str, Counter] = {name: Counter() for name in SCORERS}
    for doc in gold_docs:
        predicted = annotate_file(source_name(doc))
        for name, score in SCORERS.items():
            totals[name] += score(doc, predicted)
    metrics: dict[str, float] = {}
    for name, counts in totals.items():
        metrics.update(summarize(name, counts))
    return {"documents": len(gold_docs), "metrics": metrics, "counts": {k: dict(v) for k, v in totals.items()}}


def summarize(name: str, counts: Counter) -> dict[str, float]:
    """Turn counts named '<metric>_tp/_fp/_fn' or '<metric>_hit/_total' into rounded rates."""
    out = {}
    prefixes = {key.rsplit("_", 1)[0] for key in counts}
    for prefix in sorted(prefixes):
        if f"{prefix}_tp" in counts or f"{prefix}_fn" in counts or f"{prefix}_fp" in counts:
            out[f"{prefix}_f1"] = round(f1(counts[f"{prefix}_tp"], counts[f"{prefix}_fp"], counts[f"{prefix}_fn"]), 4)
        elif f"{prefix}_total" in counts:
            out[f"{prefix}_rate"] = round(rate(counts[f"{prefix}_hit"], counts[f"{prefix}_total"]), 4)
    return out


def _load_scorers() -> None:
    """Import every module of this package so each registers its scorer."""
    import importlib
    import pkgutil

    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        importlib.import_module(f"{__name__}.{info.name}")


_load_scorers()
