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
    patterns = [dict(p) for p in ruler_patterns()]
    if not has_tags(nlp):
        # A pipeline without a tagger ('blank:en') cannot match on parts of speech.
        patterns = [p for p in patterns if not uses_tags(p["pattern"])]
    ruler.add_patterns(patterns)


def has_tags(nlp: Language) -> bool:
    """True when the pipeline assigns parts of speech (tagger + attribute_ruler, or a morphologizer)."""
    names = set(nlp.pipe_names)
    return "morphologizer" in names or {"tagger", "attribute_ruler"} <= names


def uses_tags(pattern: list[dict]) -> bool:
    """True when a token pattern matches on POS, TAG, MORPH or LEMMA."""
    return any(key in token for token in pattern for key in ("POS", "TAG", "MORPH", "LEMMA"))
