"""Key points: 2 to 5 of the article's own sentences, chosen and shortened without rewriting.

A key point is a sentence of a body paragraph, ranked by the salience of the entities it names,
its position, and whether it carries figures, dates and sanctions references. It may be
shortened only by dropping the asides the annotate stage marked (Annotations.asides); the
words that remain are the article's words, in the article's order. Editors can replace the
machine's choice with their own lines (the sidecar file), which are shown as written.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from .models import Annotations, Article, Aside, KeyPoint

DATA_FILE = Path(__file__).parent / "data" / "keypoints.yml"
MAX_POINTS = 5
MIN_POINTS = 2
# A sentence that does not end like one ("UNSC" before "Resolution No. 2270, ...") is a
# segmentation slip; it is joined to the next sentence of the same paragraph.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
_WORD = re.compile(r"\w+(?:[-’']\w+)*")
_DIGIT = re.compile(r"\d")
_QUOTE_MARKS = "“”\""


@dataclass(frozen=True)
class Rules:
    """The tunable part of key-point selection, read from data/keypoints.yml."""

    weights: dict[str, float]
    min_words: int
    target_words: int
    max_words: int
    long_penalty_per_word: float
    sentences_per_point: int
    number_words: frozenset[str]
    date_words: frozenset[str]
    dangling_openers: frozenset[str]
    sanctions: re.Pattern


@lru_cache(maxsize=1)
def load_rules(path: Path = DATA_FILE) -> Rules:
    """Read the selection weights and vocabularies."""
    data = yaml.safe_load(path.read_text("utf-8"))
    stems = [re.escape(s) + r"\w*" for s in data["sanctions_stems"]]
    words = [re.escape(w) + r"\b" for w in data["sanctions_words"]]
    return Rules(
        weights={k: float(v) for k, v in data["weights"].items()},
        min_words=int(data["min_words"]),
        target_words=int(data["target_words"]),
        max_words=int(data["max_words"]),
        long_penalty_per_word=float(data["long_penalty_per_word"]),
        sentences_per_point=int(data["sentences_per_point"]),
        number_words=frozenset(w.lower() for w in data["number_words"]),
        date_words=frozenset(w.lower() for w in data["date_words"]),
        dangling_openers=frozenset(w.lower() for w in data["dangling_openers"]),
        sanctions=re.compile(r"\b(?:" + "|".join(stems + words) + ")", re.IGNORECASE),
    )


@dataclass
class Candidate:
    """One body sentence, its kept character ranges after trimming, and its score."""

    start: int
    end: int
    paragraph: int
    lead: bool
    kept: list[tuple[int, int]] = field(default_factory=list)
    text: str = ""
    words: frozenset[str] = frozenset()
    score: float = 0.0


def choose_key_points(
    article: Article, ann: Annotations, limit: int = 4, replacements: list[str] | None = None
) -> list[KeyPoint]:
    """Pick the key points of an article; `replacements` (from the editor) win when given."""
    if replacements is not None:
        return editor_key_points(article.paragraphs, replacements)
    rules = load_rules()
    facts = _article_facts(ann)
    candidates = [c for c in body_sentences(ann) if _prepare(c, ann, rules, facts)]
    total = len(candidates)
    if not total:
        return []
    wanted = min(max(MIN_POINTS, math.ceil(total / rules.sentences_per_point)), max(MIN_POINTS, min(limit, MAX_POINTS)), total)
    chosen = _pick(candidates, wanted, rules.weights["redundancy"])
    chosen.sort(key=lambda c: c.start)
    return [KeyPoint(text=c.text, anchor=paragraph_anchor(c.paragraph)) for c in chosen]


def paragraph_anchor(index: int) -> str:
    """Anchor id of body paragraph index (0-based), as select.py writes it."""
    from .select import paragraph_anchor as anchor

    return anchor(index)


def body_sentences(ann: Annotations) -> list[Candidate]:
    """The article's body sentences, cut at paragraph edges and with broken ones rejoined."""
    paragraphs = [b for b in ann.blocks if b.kind == "paragraph"]
    pieces: list[Candidate] = []
    for block in paragraphs:
        inside = [s for s in ann.sentences if s.end > block.start and s.start < block.end]
        spans = [(max(s.start, block.start), min(s.end, block.end)) for s in inside] or [(block.start, block.end)]
        for start, end in spans:
            start, end = _strip(ann.text, start, end)
            if start >= end:
                continue
            previous = pieces[-1] if pieces else None
            if previous and previous.paragraph == block.index and not _SENTENCE_END.search(ann.text[previous.start : previous.end]):
                previous.end = end
                continue
            pieces.append(Candidate(start=start, end=end, paragraph=block.index, lead=start == _strip(ann.text, block.start, block.end)[0]))
    return pieces


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def trim(text: str, start: int, end: int, asides: list[Aside], target_words: int) -> list[tuple[int, int]]:
    """Kept ranges of a sentence: opening connectives dropped, then asides longest first to target."""
    inside = [a for a in asides if start <= a.start and a.end <= end and (a.start, a.end) != (start, end)]
    dropped: list[Aside] = [a for a in inside if a.kind == "connective" and a.start == start]

    def kept() -> list[tuple[int, int]]:
        return _complement(start, end, dropped)

    def count() -> int:
        return sum(len(_WORD.findall(text[a:b])) for a, b in kept())

    for aside in sorted((a for a in inside if a.kind != "connective"), key=lambda a: (-(a.end - a.start), a.start)):
        if count() <= target_words:
            break
        if any(d.start <= aside.start and aside.end <= d.end for d in dropped):
            continue  # already gone with a larger aside
        if any(aside.start < d.end and d.start < aside.end for d in dropped):
            continue  # overlaps a dropped aside without nesting: keep the cut simple
        if sum(len(_WORD.findall(text[a:b])) for a, b in _complement(start, end, dropped + [aside])) == 0:
            continue
        dropped.append(aside)
    return kept()


def _complement(start: int, end: int, dropped: list[Aside]) -> list[tuple[int, int]]:
    ranges, cursor = [], start
    for aside in sorted(dropped, key=lambda a: a.start):
        if aside.start < cursor:
            cursor = max(cursor, aside.end)
            continue
        if aside.start > cursor:
            ranges.append((cursor, aside.start))
        cursor = aside.end
    if cursor < end:
        ranges.append((cursor, end))
    return ranges


def join_kept(text: str, kept: list[tuple[int, int]]) -> str:
    """The words of the kept ranges, capitalized if an opening connective was dropped."""
    joined = "".join(text[a:b] for a, b in kept).strip()
    joined = re.sub(r"\s+", " ", joined)
    return joined[:1].upper() + joined[1:]


def _prepare(candidate: Candidate, ann: Annotations, rules: Rules, facts: _Facts | None = None) -> bool:
    """Trim and score a candidate; False when it cannot be a key point."""
    text = ann.text
    sentence = text[candidate.start : candidate.end]
    if sentence.rstrip(_QUOTE_MARKS + "’ )").endswith("?") or not _SENTENCE_END.search(sentence):
        return False
    if any(not q.partial and q.start < candidate.end and candidate.start < q.end for q in ann.quotes):
        return False  # full quotes are the callouts' job
    candidate.kept = trim(text, candidate.start, candidate.end, ann.asides, rules.target_words)
    candidate.text = join_kept(text, candidate.kept)
    if candidate.text.count("“") != candidate.text.count("”"):
        return False  # a cut through a quotation would misquote
    words = _WORD.findall(candidate.text)
    if not rules.min_words <= len(words) <= rules.max_words:
        return False
    lowered = {w.lower() for w in words}
    candidate.words = frozenset(w for w in lowered if len(w) > 3)
    candidate.score = _score(candidate, ann, rules, words, lowered, facts)
    return True


@dataclass
class _Facts:
    """What scoring needs from the whole article, worked out once rather than per sentence."""

    entities: list
    top: float
    first_paragraph: int
    evidence: list
    mentions: list[tuple[int, int, int]]
    """(start, end, index into entities) of every mention, by start."""
    starts: list[int]


def _article_facts(ann: Annotations) -> _Facts:
    entities = [e for e in ann.entities if not e.in_credit]
    mentions = sorted((m.start, m.end, i) for i, e in enumerate(entities) for m in e.mentions)
    return _Facts(
        entities=entities,
        top=max((e.salience for e in entities), default=0.0) or 1.0,
        first_paragraph=min((b.index for b in ann.blocks if b.kind == "paragraph"), default=0),
        evidence=[m for r in ann.sanctions.resolutions for m in r.evidence] + [m for r in ann.sanctions.regimes for m in r.evidence],
        mentions=mentions,
        starts=[m[0] for m in mentions],
    )


def _score(
    candidate: Candidate, ann: Annotations, rules: Rules, words: list[str], lowered: set[str], facts: _Facts | None = None
) -> float:
    w = rules.weights
    kept = candidate.kept
    facts = facts or _article_facts(ann)

    def shown(start: int, end: int) -> bool:
        return any(a <= start and end <= b for a, b in kept)

    # Only mentions starting inside the kept ranges can be shown: look those up, not all.
    named_ids: set[int] = set()
    if kept:
        first, last = bisect_left(facts.starts, kept[0][0]), bisect_right(facts.starts, kept[-1][1])
        named_ids = {i for start, end, i in facts.mentions[first:last] if shown(start, end)}
    named = [e.salience / facts.top for i, e in enumerate(facts.entities) if i in named_ids]
    salience = min(sum(named), 1.5) / 1.5
    first_paragraph = facts.first_paragraph
    # The lede matters most and importance falls off quickly, then slowly (inverted pyramid).
    position = 1.0 / math.sqrt(1 + candidate.paragraph)
    evidence = facts.evidence
    shown_text = " ".join(ann.text[a:b] for a, b in kept)
    score = (
        w["salience"] * salience
        + w["position"] * position
        + w["paragraph_lead"] * candidate.lead
        + w["lede"] * (candidate.lead and candidate.paragraph == first_paragraph)
        + w["number"] * bool(_DIGIT.search(shown_text) or lowered & rules.number_words)
        + w["date"] * bool(lowered & rules.date_words)
        + w["sanctions_ref"] * any(shown(m.start, m.end) for m in evidence)
        + w["sanctions_word"] * bool(rules.sanctions.search(shown_text))
    )
    if words and words[0].lower() in rules.dangling_openers:
        score -= w["dangling"]
    return score - rules.long_penalty_per_word * max(0, len(words) - rules.target_words)


def _pick(candidates: list[Candidate], wanted: int, redundancy: float) -> list[Candidate]:
    """Greedy selection that trades score against overlap with points already chosen."""
    chosen: list[Candidate] = []
    pool = list(candidates)
    while pool and len(chosen) < wanted:
        def value(c: Candidate) -> tuple[float, int]:
            overlap = max((_overlap(c.words, o.words) for o in chosen), default=0.0)
            return (round(c.score - redundancy * overlap, 9), -c.start)

        best = max(pool, key=value)
        chosen.append(best)
        pool.remove(best)
    return chosen


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def editor_key_points(paragraphs: list[str], lines: list[str]) -> list[KeyPoint]:
    """Key points an editor wrote, each linked to the paragraph it draws most of its words from."""
    points = []
    paragraph_words = [{w.lower() for w in _WORD.findall(p)} for p in paragraphs]
    for line in lines:
        line = " ".join(str(line).split())
        if not line:
            continue
        words = {w.lower() for w in _WORD.findall(line)}
        best, best_share = None, 0.0
        for index, present in enumerate(paragraph_words):
            share = len(words & present) / len(words) if words else 0.0
            if share > best_share:
                best, best_share = index, share
        anchor = paragraph_anchor(best) if best is not None and best_share >= 0.6 else None
        points.append(KeyPoint(text=line, anchor=anchor, by_editor=True))
    return points
