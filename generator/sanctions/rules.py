"""Turn the knowledge base's words and phrases into a spaCy SpanRuler layer.

The ruler writes its spans into doc.spans["sanctions"] (not doc.ents, which belongs to the
entity layer). Labels carry what a span is: "ISSUER:us", "TARGET:dprk", "CUE:<phrase index>"
for detection.yml's phrases, "REGIME:<id>" for the "<number> Committee" forms made from each
regime's committee number.
"""

from __future__ import annotations

from spacy.language import Language

from .kb import KnowledgeBase, load_kb

SPANS_KEY = "sanctions"
RULER_NAME = "sanctions_rules"


def token_pattern(nlp: Language, text: str, exact: bool = False) -> list[dict]:
    """A token pattern for a phrase as the pipeline's tokenizer splits it."""
    attr = "ORTH" if exact else "LOWER"
    return [{attr: token.text if exact else token.lower_} for token in nlp.make_doc(text)]


def span_patterns(nlp: Language, kb: KnowledgeBase) -> list[dict]:
    """Every SpanRuler pattern of the sanctions layer, in a stable order.

    Case-insensitive names are phrase patterns (a string, matched on LOWER by the ruler's
    PhraseMatcher: the same matches as a token pattern of LOWER values, at a fraction of the
    cost); case-sensitive names and the knowledge base's own token patterns go to the Matcher.
    """
    patterns = []
    for issuer in kb.issuers.values():
        label = f"ISSUER:{issuer.id}"
        patterns += [{"label": label, "pattern": name} for name in issuer.names]
        patterns += [{"label": label, "pattern": token_pattern(nlp, name, exact=True)} for name in issuer.exact]
    for target in kb.targets.values():
        label = f"TARGET:{target.id}"
        patterns += [{"label": label, "pattern": name} for name in [*target.names, *target.adjectives]]
        patterns += [{"label": label, "pattern": token_pattern(nlp, name, exact=True)} for name in target.exact]
    for index, phrase in enumerate(kb.phrases):
        pattern = phrase.tokens if phrase.tokens is not None else phrase.text
        patterns.append({"label": f"CUE:{index}", "pattern": pattern})
    for regime in kb.regimes.values():
        if regime.committee:
            for form in ("{} Committee", "{} sanctions committee", "{} regime", "{} sanctions regime"):
                patterns.append({"label": f"REGIME:{regime.id}", "pattern": form.format(regime.committee)})
    return patterns


def add_ruler(nlp: Language, kb: KnowledgeBase | None = None) -> None:
    """Add the sanctions SpanRuler to the pipeline once."""
    if RULER_NAME in nlp.pipe_names:
        return
    ruler = nlp.add_pipe(
        "span_ruler", name=RULER_NAME, last=True,
        config={
            "spans_key": SPANS_KEY, "spans_filter": None, "annotate_ents": False, "overwrite": True, "validate": True,
            "phrase_matcher_attr": "LOWER",
        },
    )
    # The ruler runs its phrase patterns through the components before it; LOWER needs only
    # the tokenizer, so none of them run (the tagger and parser would cost seconds at load).
    with nlp.select_pipes(disable=nlp.pipe_names):
        ruler.add_patterns(span_patterns(nlp, kb or load_kb()))
