"""The rule layer: an EntityRuler, fed from generator/data, that runs before the statistical NER."""

from __future__ import annotations

from spacy.language import Language

from .lexicon import ruler_patterns

RULER_NAME = "entity_rules"


def add_rules(nlp: Language) -> None:
    """Add the entity rule layer to the pipeline (patterns live in generator/data)."""
    if RULER_NAME in nlp.pipe_names:
        return
    # Before "ner", the model keeps the ruler's spans and predicts around them; without a
    # model the ruler is the only source of entities.
    where = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe("entity_ruler", name=RULER_NAME, config={"overwrite_ents": False, "validate": True}, **where)
    ruler.add_patterns([dict(p) for p in ruler_patterns()])
