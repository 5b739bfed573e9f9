"""The rule layer: EntityRulers fed from generator/data, one before the statistical NER and one
after it that only fills gaps the model left."""

from __future__ import annotations

from spacy.language import Language

from .lexicon import ruler_patterns

RULER_NAME = "entity_rules"
FILL_RULER_NAME = "entity_rules_fill"
# Patterns marked with this stage run after the model, where they cannot cut a longer name the
# model finds ("Workers’ Party" out of "Workers’ Party of Korea") but still name what it missed.
AFTER_NER = "after_ner"


def add_rules(nlp: Language) -> None:
    """Add the entity rule layer to the pipeline (patterns live in generator/data)."""
    if RULER_NAME in nlp.pipe_names:
        return
    patterns = [dict(p) for p in ruler_patterns()]
    if not has_tags(nlp):
        # A pipeline without a tagger ('blank:en') cannot match on parts of speech.
        patterns = [p for p in patterns if not uses_tags(p["pattern"])]
    before: list[dict] = []
    after: list[dict] = []
    for pattern in patterns:
        (after if pattern.pop("stage", None) == AFTER_NER else before).append(pattern)
    # Before "ner", the model keeps the ruler's spans and predicts around them; without a
    # model the ruler is the only source of entities.
    where = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe("entity_ruler", name=RULER_NAME, config={"overwrite_ents": False, "validate": True}, **where)
    ruler.add_patterns(before)
    if after:
        where = {"after": "ner"} if "ner" in nlp.pipe_names else {"after": RULER_NAME}
        filler = nlp.add_pipe("entity_ruler", name=FILL_RULER_NAME, config={"overwrite_ents": False, "validate": True}, **where)
        filler.add_patterns(after)


def has_tags(nlp: Language) -> bool:
    """True when the pipeline assigns parts of speech (tagger + attribute_ruler, or a morphologizer)."""
    names = set(nlp.pipe_names)
    return "morphologizer" in names or {"tagger", "attribute_ruler"} <= names


def uses_tags(pattern: list[dict]) -> bool:
    """True when a token pattern matches on POS, TAG, MORPH or LEMMA."""
    return any(key in token for token in pattern for key in ("POS", "TAG", "MORPH", "LEMMA"))
