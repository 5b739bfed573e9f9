"""Direct quotations: marks paired by kind on the text, speakers found on the dependency parse.

`extract_quotes` is the annotate stage's entry point. Each Quote's text is the exact slice
`ann.text[start:end]`; a quotation split around its attribution, or run on into the next
paragraph, becomes one Quote per piece, the later pieces pointing at the first through `group`.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from ..models import Annotations, Article, Block, Problem, Quote
from ..problems import problem
from .attribution import Attribution, Attributor, Span
from .lexicon import default_lexicon
from .marks import scan_blocks
from .speakers import Speakers

PARTIAL_WORDS = 5
"""Quotations under this many words are attributed phrases, never callouts; so are phrases the
writer's own sentence runs through, whatever their length (`Attributor.embedded`)."""


def extract_quotes(doc: Doc, article: Article, ann: Annotations) -> tuple[list[Quote], list[Problem]]:
    """Find every quotation in the Doc and credit it to its speaker; unbalanced marks are warnings."""
    spans, problems = find_spans(ann, article.source_path)
    if not spans:
        return [], problems
    lex = default_lexicon()
    speakers = Speakers(doc, ann, lex, article.source, [(s.open_at, s.outer_end) for s in spans if s.depth == 0])
    attributor = Attributor(doc, lex, speakers, spans, [(b.start, b.end) for b in ann.blocks])
    attributions: dict[int, Attribution] = {}
    previous: tuple[Span, Attribution] | None = None
    # Top-level quotations first, in text order, so pronouns and follow-on quotes can look back.
    for span in sorted(spans, key=lambda s: (s.depth, s.open_at)):
        if span.depth == 0 and span.continued and previous is not None:
            found = replace(previous[1], method="continued")
        else:
            same_paragraph = previous is not None and previous[0].block == span.block
            found = attributor.attribute(span, previous[1] if previous and span.depth == 0 else None, same_paragraph)
        attributions[id(span)] = found
        if span.depth == 0:
            if found.speaker is not None:
                speakers.remember(replace(found.speaker, at=span.open_at))
            previous = (span, found)
    quotes = build_quotes(spans, attributions, ann, attributor)
    # Speakers holds a method of the Attributor, which holds Speakers: a reference cycle that
    # would keep the Doc and its tensors alive until the cyclic collector ran (hundreds of MB
    # in a long run). Breaking it frees the Doc as soon as the caller drops it.
    speakers.clause_subject = None
    return quotes, problems


def find_spans(ann: Annotations, source_path: str) -> tuple[list[Span], list[Problem]]:
    """Pair the marks of every block; return the quotation spans and a warning per stray mark."""
    blocks = ann.blocks
    texts = [ann.text[b.start : b.end] for b in blocks]
    scanned = scan_blocks([(b.kind, t) for b, t in zip(blocks, texts)])
    spans: list[Span] = []
    problems: list[Problem] = []
    for index, (block, text, marks) in enumerate(zip(blocks, texts, scanned)):
        for piece in marks.pieces:
            trimmed = _trim(text, piece.start, piece.end)
            if trimmed is None:
                continue
            start, end = trimmed
            spans.append(
                Span(
                    start=block.start + start, end=block.start + end, open_at=block.start + piece.open_at,
                    close_at=block.start + piece.close_at if piece.close_at is not None else None,
                    depth=piece.depth, block=index, continued=piece.continued,
                )
            )
        for stray in marks.strays:
            problems.append(_stray_problem(source_path, block, text, stray.at, stray.mark, stray.opening))
            recovered = _recover(text, stray.at) if stray.opening else None
            if recovered is not None:
                spans.append(
                    Span(start=block.start + recovered[0], end=block.start + recovered[1], open_at=block.start + stray.at,
                         close_at=None, depth=0, block=index, recovered=True)
                )
    spans.sort(key=lambda s: (s.open_at, s.depth))
    _link_nesting(spans)
    return spans, problems


def build_quotes(spans: list[Span], attributions: dict[int, Attribution], ann: Annotations, attributor: Attributor) -> list[Quote]:
    """Turn attributed spans into Quotes in text order, linking the pieces of one quotation."""
    quotes: list[Quote] = []
    last_top: tuple[Span, Attribution, int] | None = None
    for span in spans:
        found = attributions[id(span)]
        text = ann.text[span.start : span.end]
        speaker = found.speaker
        group = None
        if span.depth == 0 and last_top is not None:
            first_span, first_found, first_index = last_top
            head = quotes[first_index].group if quotes[first_index].group is not None else first_index
            if span.continued or _split_pair(first_span, first_found, span, found, attributor):
                group = head
        confidence = found.confidence * (0.5 if span.recovered else 1.0)
        quote = Quote(
            text=text, speaker=speaker.name if speaker else None,
            speaker_type=speaker.type if speaker else "unknown",  # type: ignore[arg-type]
            role=speaker.role if speaker else None, cue=found.cue, paragraph=ann.paragraph_at(span.start),
            start=span.start, end=span.end, channel=found.channel,
            partial=len(text.split()) < PARTIAL_WORDS or attributor.embedded(span),
            confidence=round(confidence, 2), nested=span.depth > 0, group=group,
        )
        quotes.append(quote)
        if span.depth == 0:
            last_top = (span, found, len(quotes) - 1)
    return quotes


def _split_pair(first: Span, first_found: Attribution, second: Span, found: Attribution, attributor: Attributor) -> bool:
    """Is `second` the rest of `first`, split around one attribution ("“...,” she said, “...”")?"""
    if first.block != second.block or first_found.cue_token is None or first_found.cue_token != found.cue_token:
        return False
    between = attributor.text[first.outer_end : second.open_at]
    cue = attributor.doc[found.cue_token]
    # Only the attribution stands between the pieces, set off by commas: "“...,” she said, “...”".
    return first.outer_end <= cue.idx < second.open_at and between.rstrip().endswith(",") and len(between) < 120


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Strip spaces and the comma that ends a quotation before its attribution."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    if not any(ch.isalnum() for ch in text[start:end]):
        return None
    return start, end


def _recover(text: str, at: int) -> tuple[int, int] | None:
    """An unclosed mark right after a comma or colon still opens a quotation: keep it to the end."""
    i = at - 1
    while i >= 0 and text[i] == " ":
        i -= 1
    if i < 0 or text[i] not in ",:":
        return None
    trimmed = _trim(text, at + 1, len(text))
    if trimmed is None or len(text[trimmed[0] : trimmed[1]].split()) < PARTIAL_WORDS:
        return None
    return trimmed


def _link_nesting(spans: list[Span]) -> None:
    open_stack: list[Span] = []
    for span in spans:
        while open_stack and not (open_stack[-1].open_at < span.open_at < open_stack[-1].outer_end):
            open_stack.pop()
        if span.depth > 0 and open_stack:
            span.outer = open_stack[-1]
        open_stack.append(span)


def _where(block: Block) -> str:
    names = {"title": "the headline", "dek": "the subheadline"}
    return names.get(block.kind) or f"{block.kind} {block.index + 1}"


def _stray_problem(source_path: str, block: Block, text: str, at: int, mark: str, opening: bool) -> Problem:
    context = text[max(at - 30, 0) : at + 30].replace("\n", " ").strip()
    missing = "closing" if opening else "opening"
    return problem(
        source_path, "BRF202",
        f"{_where(block)}: the quotation mark {mark} in “…{context}…” has no {missing} partner; add the "
        f"missing mark or remove the stray one (the rest of the article is still annotated)",
        severity="warning",
    )
