"""Find the sanctions regimes and UN resolutions an article refers to.

Two kinds of evidence: resolution numbers in their news forms (regexes from detection.yml), and
the SpanRuler's phrases ("UN sanctions", "1718 Committee", "OFAC", "arms embargo"). A phrase
that does not name its regime gets its issuer and target from the words around it: the noun
phrase it heads ("the UNSC's North Korea sanctions regime"), what follows it ("sanctions on
Russia", "sanctions imposed by the UK"), the verb it is the object of ("Washington imposed
sanctions on Moscow"), and finally the sentence or paragraph (a sanctions mention beside North
Korea means the UN's DPRK regime). Verb senses count only with an issuer or target attached,
so "the league sanctioned three matches" is no sanctions reference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..doc_text import doc_text
from ..models import Annotations, Article, Mention, RegimeRef, ResolutionRef, Sanctions
from .kb import KnowledgeBase, load_kb
from .rules import SPANS_KEY
from .schema import Phrase

# Tokens that may sit inside a noun phrase's left part when there is no parse to tell.
_NP_GLUE = {"’s", "'s", "-", "the", "a", "an", "its", "their", "new", "fresh", "additional", "further", "tough", "tougher"}
_POSSESSIVE = {"’s", "'s", "’", "'"}
_STOP_POS = {"VERB", "AUX", "SCONJ", "PRON", "ADV"}


@dataclass(frozen=True)
class Hit:
    """One lexicon span: an issuer, a target, a cue phrase or a named regime."""

    kind: str
    value: str
    start: int
    end: int

    def inside(self, start: int, end: int) -> bool:
        return start <= self.start and self.end <= end


@dataclass
class Found:
    """A regime reference being collected: its evidence spans and whether it was named."""

    evidence: dict[tuple[int, int], str] = field(default_factory=dict)
    explicit: bool = False


def _hits(doc: Doc) -> tuple[list[Hit], list[Hit], list[Hit]]:
    """Issuer, target and cue hits, overlaps resolved (longest wins)."""
    spans = doc.spans[SPANS_KEY] if SPANS_KEY in doc.spans else []
    found: dict[str, list[Hit]] = {"ISSUER": [], "TARGET": [], "CUE": []}
    for span in spans:
        kind, _, value = span.label_.partition(":")
        found["CUE" if kind in {"CUE", "REGIME"} else kind].append(Hit(kind, value, span.start, span.end))
    return _longest(found["ISSUER"]), _longest(found["TARGET"]), _longest(found["CUE"])


def _longest(hits: list[Hit]) -> list[Hit]:
    """Keep the longest hits; drop any hit that overlaps one already kept."""
    kept: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (-(h.end - h.start), h.start, h.kind, h.value)):
        if all(hit.end <= k.start or hit.start >= k.end for k in kept):
            kept.append(hit)
    return sorted(kept, key=lambda h: (h.start, h.end))


class _Context:
    """The Doc, the knowledge base and the hits, with the questions the resolver asks."""

    def __init__(self, doc: Doc, kb: KnowledgeBase, ann: Annotations):
        self.doc, self.kb, self.ann = doc, kb, ann
        self.parsed = doc.has_annotation("DEP")
        self.tagged = doc.has_annotation("POS")
        self.sentenced = self.parsed or doc.has_annotation("SENT_START")
        self.issuers, self.targets, self.cues = _hits(doc)
        self.article_targets = {t.value for t in self.targets}
        self.target_after = [w.lower().split() for w in kb.context.target_after]
        self.issuer_after = [w.lower().split() for w in kb.context.issuer_after]
        self.verbs = set(kb.context.imposing_verbs)
        self.other_senses = {w.lower() for w in kb.context.other_senses}
        self.not_default = {w.lower() for w in kb.context.not_default}

    def issuers_in(self, start: int, end: int) -> list[Hit]:
        return [h for h in self.issuers if h.inside(start, end)]

    def targets_in(self, start: int, end: int, owners: bool = True) -> list[Hit]:
        # owners=False: in front of a sanctions word a possessive target ("Russia's sanctions")
        # owns the sanctions; it is not their target.
        return [h for h in self.targets if h.inside(start, end) and (owners or not self._possessive(h))]

    def other_parties(self, tokens) -> bool:
        """True when the tokens name a country, people or body that is not a known issuer or target
        ("Japanese sanctions", "Japan imposed sanctions"): then the sanctions are not the UN's."""
        known = [(h.start, h.end) for h in [*self.issuers, *self.targets]]
        for token in tokens:
            if token.ent_type_ in {"GPE", "NORP", "ORG"} and not any(s <= token.i < e for s, e in known):
                return True
        return False

    def _possessive(self, hit: Hit) -> bool:
        return hit.end < len(self.doc) and self.doc[hit.end].text in _POSSESSIVE

    def sentence_bounds(self, index: int) -> tuple[int, int]:
        token = self.doc[index]
        if self.sentenced:
            sent = token.sent
            return sent.start, sent.end
        return 0, len(self.doc)

    def block_bounds(self, index: int) -> tuple[int, int]:
        """Token range of the paragraph (or title, caption) holding a token."""
        block = self.ann.block_at(self.doc[index].idx)
        if block is None:
            return self.sentence_bounds(index)
        span = self.doc.char_span(block.start, block.end, alignment_mode="expand")
        return (span.start, span.end) if span is not None else self.sentence_bounds(index)


def _noun_head(token: Token) -> Token:
    """Climb from a modifier to the noun it modifies ('sanctions' in 'sanctions regime')."""
    for _ in range(4):
        head = token.head
        if token.dep_ in {"compound", "amod", "nmod", "nummod"} and head.i > token.i and head.pos_ in {"NOUN", "PROPN"}:
            token = head
        else:
            break
    return token


def _left_edge(ctx: _Context, cue: Hit, head: Token | None) -> int:
    """Start of the noun phrase a cue sits in (within its sentence)."""
    sent_start, _ = ctx.sentence_bounds(cue.start)
    if head is not None:
        return max(min(head.left_edge.i, cue.start), sent_start)
    index = cue.start
    while index - 1 >= sent_start and len(ctx.doc) > index - 1:
        token = ctx.doc[index - 1]
        if token.is_punct and token.text not in _NP_GLUE:
            break
        if not (token.text.lower() in _NP_GLUE or token.is_title or token.is_upper or token.like_num or token.text[:1].isdigit()):
            break
        index -= 1
        if cue.start - index >= 6:
            break
    return index


def _words_at(doc: Doc, index: int, words: list[list[str]]) -> int:
    """Length of the longest word sequence of `words` starting at token index, else 0."""
    best = 0
    for seq in words:
        if index + len(seq) <= len(doc) and [t.lower_ for t in doc[index:index + len(seq)]] == seq:
            best = max(best, len(seq))
    return best


def _phrase_after(ctx: _Context, index: int, end: int, words: list[list[str]], pool: list[Hit]) -> list[Hit]:
    """Hits of `pool` in the noun phrase after an introducing word ('on', 'by') at index."""
    length = _words_at(ctx.doc, index, words)
    if not length:
        return []
    found, position = [], index + length
    limit = min(end, position + 8)
    while position < limit:
        token = ctx.doc[position]
        hit = next((h for h in pool if h.start == position), None)
        if hit is not None:
            found.append(hit)
            position = hit.end
            continue
        if token.is_punct and token.text not in {",", "-"} or token.text.lower() in {"over", "after", "for", "because", "that", "which", "who"}:
            break
        if ctx.tagged and (token.pos_ in _STOP_POS or token.pos_ == "ADP" and token.lower_ != "of"):
            break
        position += 1
    return found


def _verb_context(ctx: _Context, head: Token, verb_cue: bool) -> tuple[list[Hit], list[Hit], list[Token]]:
    """Issuers, targets and the imposing party's words at the verb governing a cue (or the cue verb)."""
    if not ctx.parsed:
        return [], [], []
    if verb_cue:
        verb = head
    elif head.dep_ in {"dobj", "nsubjpass"} and head.head.pos_ == "VERB" and head.head.lemma_.lower() in ctx.verbs:
        verb = head.head
    else:
        return [], [], []
    issuers, targets, owners = [], [], []
    subject_verb = verb
    # "moved to impose sanctions": the subject sits on the governing verb. A passive
    # ("sanctions may be imposed") names its issuer only with "by", so it never climbs.
    while head.dep_ != "nsubjpass" and subject_verb.dep_ == "xcomp" and not any(c.dep_ == "nsubj" for c in subject_verb.children):
        subject_verb = subject_verb.head
    for child in subject_verb.children:
        if child.dep_ == "nsubj" and head.dep_ != "nsubjpass":
            issuers += ctx.issuers_in(child.left_edge.i, child.right_edge.i + 1)
            owners += list(child.subtree)
    for child in verb.children:
        if child.dep_ == "agent":
            issuers += ctx.issuers_in(child.left_edge.i, child.right_edge.i + 1)
            owners += list(child.subtree)
        elif child.dep_ == "prep" and child.lower_ in {"on", "against", "targeting"}:
            targets += ctx.targets_in(child.left_edge.i, child.right_edge.i + 1)
        elif verb_cue and child.dep_ in {"dobj", "nsubjpass"}:
            targets += ctx.targets_in(child.left_edge.i, child.right_edge.i + 1)
    return issuers, targets, owners


def _is_verb_cue(ctx: _Context, cue: Hit) -> bool:
    if cue.end - cue.start != 1:
        return False
    token = ctx.doc[cue.start]
    if not token.lower_.startswith("sanction"):
        return False
    if token.lower_ in {"sanctioned", "sanctioning"}:
        return True
    previous = ctx.doc[cue.start - 1].lower_ if cue.start else ""
    return previous == "to" or (ctx.tagged and token.pos_ == "VERB")


def _resolve_cue(ctx: _Context, cue: Hit) -> list[tuple[str, bool, int, int]]:
    """(regime id, explicit, first token, end token) for each regime a cue points to."""
    kb = ctx.kb
    if cue.kind == "REGIME":
        return [(cue.value, True, cue.start, cue.end)]
    phrase: Phrase = kb.phrases[int(cue.value)]
    if phrase.regime:
        target = kb.regimes[phrase.regime].target
        if phrase.requires_target and target not in ctx.article_targets:
            return []
        return [(phrase.regime, True, cue.start, cue.end)]

    doc = ctx.doc
    verb_cue = _is_verb_cue(ctx, cue)
    root = doc[cue.start:cue.end].root
    head = root if verb_cue or not ctx.parsed else _noun_head(root)
    left = cue.start if verb_cue else _left_edge(ctx, cue, head if ctx.parsed else None)
    sent_start, sent_end = ctx.sentence_bounds(cue.start)
    right = max(cue.end, head.i + 1 if head.i >= cue.start else cue.end)

    issuers = [] if verb_cue else ctx.issuers_in(left, cue.start)
    targets = [] if verb_cue else ctx.targets_in(left, cue.start, owners=False)
    # What follows: "sanctions (imposed) on Russia", "sanctions (imposed) by the UK".
    targets_after = _phrase_after(ctx, right, sent_end, ctx.target_after, ctx.targets)
    issuers_after = _phrase_after(ctx, right, sent_end, ctx.issuer_after, ctx.issuers)
    verb_issuers, verb_targets, owners = _verb_context(ctx, head, verb_cue)
    # "FIFA sanctions", "sanctions from the league", "the court imposed sanctions": other senses.
    by_words = doc[right:min(sent_end, right + 6)] if _words_at(doc, right, ctx.issuer_after) else []
    if any(t.lower_ in ctx.other_senses for t in [*doc[left:cue.start], *by_words, *owners]):
        return []
    issuers += issuers_after + verb_issuers
    targets += targets_after + verb_targets
    own_words = [*doc[left:cue.start], *by_words, *owners]
    # "Japan imposed sanctions on North Korea", "unilateral sanctions": a party we have no regime
    # for, so a target's default (UN) regime must not be assumed.
    no_default = ctx.other_parties(own_words) or any(t.lower_ in ctx.not_default for t in doc[left:cue.start])
    if not targets and not verb_cue and not _words_at(doc, right, ctx.target_after):
        # "Libya's arms embargo": with no "on ..." after it, a possessive target is the target.
        targets = [h for h in ctx.targets if h.inside(left, cue.start)]
    if verb_cue and not ctx.parsed:
        issuers += ctx.issuers_in(max(sent_start, cue.start - 3), cue.start)
        targets += ctx.targets_in(cue.end, min(sent_end, cue.end + 5))
    if verb_cue and not (issuers or targets):
        return []  # "the league sanctioned three matches"

    issuer_ids = [phrase.issuer] if phrase.issuer else _unique(h.value for h in issuers)
    if phrase.requires_issuer and phrase.requires_issuer not in issuer_ids:
        return []
    explicit = bool(targets)
    target_ids = _unique(h.value for h in targets)
    if not target_ids:
        target_ids = _context_target(ctx, cue, issuer_ids or [phrase.issuer_hint] if phrase.issuer_hint else issuer_ids)
    if not target_ids and phrase.default_target:
        target_ids = [phrase.default_target]

    if not issuer_ids and no_default:
        return []
    regimes = []
    for target in target_ids:
        for issuer in issuer_ids or _default_issuers(kb, phrase, target):
            regime = kb.regime_for(issuer, target)
            if regime:
                regimes.append(regime)
    if not regimes and phrase.fallback:
        regimes = [phrase.fallback]
    used = [h for h in issuers + targets if h.start >= left and h.end <= cue.start] + targets_after
    start = min([cue.start if verb_cue else left, *(h.start for h in used)])
    end = max([right if head.i >= cue.start and not verb_cue else cue.end, *(h.end for h in targets_after)])
    if verb_cue:
        end = max([end, *(h.end for h in verb_targets if h.start >= cue.end and h.end <= sent_end)])
    return [(regime, explicit, start, end) for regime in _unique(regimes)]


def _default_issuers(kb: KnowledgeBase, phrase: Phrase, target: str) -> list[str]:
    if phrase.issuer_hint:
        return [phrase.issuer_hint]
    default = kb.targets[target].default_issuer
    return [default] if default else []


def _context_target(ctx: _Context, cue: Hit, issuer_ids: list[str]) -> list[str]:
    """The nearest target in the sentence, then the paragraph, that a regime covers."""
    for bounds in (ctx.sentence_bounds(cue.start), ctx.block_bounds(cue.start)):
        candidates = sorted(ctx.targets_in(*bounds), key=lambda h: (abs(h.start - cue.start), h.start))
        for hit in candidates:
            issuers = issuer_ids or ([ctx.kb.targets[hit.value].default_issuer] if ctx.kb.targets[hit.value].default_issuer else [])
            if any(ctx.kb.regime_for(i, hit.value) for i in issuers if i):
                return [hit.value]
    return []


def _unique(values) -> list:
    seen: list = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return seen


# --- resolution numbers ----------------------------------------------------------------------


def find_resolutions(
    text: str, kb: KnowledgeBase, article_targets: set[str], article_issuers: set[str] = frozenset(),
) -> list[tuple[int, int | None, bool, int, int]]:
    """(number, year, named-as-UN, start, end) for each resolution reference in the text.

    A number counts when the reference itself names the UN, when the article names the UN,
    or when the knowledge base knows it and the article names the target of its regime.
    """
    refs = kb.references
    continuation = re.compile(refs.continuation)
    un_prefix = re.compile(refs.un_prefix)
    taken: list[tuple[int, int]] = []
    found = []
    for form in refs.forms:
        for match in re.finditer(form.regex, text):
            if any(match.start() < e and s < match.end() for s, e in taken):
                continue
            numbers = [(match.group("num"), match.groupdict().get("year"))]
            end = match.end()
            while (more := continuation.match(text, end)) is not None:
                numbers.append((more.group("num"), more.groupdict().get("year")))
                end = more.end()
            taken.append((match.start(), end))
            start = match.start()
            prefix = un_prefix.search(text[max(0, start - 40):start])
            if prefix is not None:  # "UNSC Resolution No. 2270": the evidence starts at "UNSC"
                start = max(0, start - 40) + prefix.start()
            named_un = form.un or prefix is not None
            for number, year in numbers:
                found.append((int(number), int(year) if year else None, named_un, start, end))
    accepted = []
    for number, year, named_un, start, end in found:
        entry = kb.resolutions.get(number)
        in_context = "un" in article_issuers or (entry is not None and kb.regimes[entry.regime].target in article_targets)
        if named_un or in_context:
            accepted.append((number, year, named_un, start, end))
    return sorted(accepted, key=lambda r: (r[3], r[0]))


# --- the stage function ----------------------------------------------------------------------


def detect(doc: Doc, article: Article, ann: Annotations, kb: KnowledgeBase | None = None) -> Sanctions:
    """Find the resolutions and regimes an article refers to, with evidence offsets."""
    kb = kb or load_kb()
    ctx = _Context(doc, kb, ann)
    found: dict[str, Found] = {}
    text = doc_text(doc)

    def add(regime: str, explicit: bool, start_char: int, end_char: int) -> None:
        entry = found.setdefault(regime, Found())
        entry.evidence[(start_char, end_char)] = text[start_char:end_char]
        entry.explicit = entry.explicit or explicit

    resolutions: dict[int, ResolutionRef] = {}
    article_issuers = {h.value for h in ctx.issuers}
    for number, year, _, start, end in find_resolutions(text, kb, ctx.article_targets, article_issuers):
        entry = kb.resolutions.get(number)
        known = entry is not None and (year is None or year == entry.year)
        ref = resolutions.get(number)
        if ref is None:
            ref = resolutions[number] = ResolutionRef(
                number=number, year=entry.year if known else year, regime=entry.regime if known else None, known=known,
                symbol=entry.symbol if known else None,
                adopted=entry.adopted.value if known and entry.adopted.shown else None,
                vote=entry.vote.value if known and entry.vote and entry.vote.shown else None,
            )
        ref.evidence.append(Mention(start=start, end=end, text=text[start:end]))
        if known:
            add(entry.regime, True, start, end)

    for cue in ctx.cues:
        for regime, explicit, first, last in _resolve_cue(ctx, cue):
            span: Span = doc[first:last]
            add(regime, explicit, span.start_char, span.end_char)

    regimes = []
    for regime_id, entry in found.items():
        regime = kb.regimes[regime_id]
        evidence = [Mention(start=s, end=e, text=t) for (s, e), t in sorted(entry.evidence.items())]
        regimes.append(RegimeRef(
            id=regime_id, name=regime.short_name, issuer=kb.issuers[regime.issuer].short,
            target=kb.targets[regime.target].name if regime.target else None,
            evidence=evidence, explicit=entry.explicit,
        ))
    regimes.sort(key=lambda r: (r.evidence[0].start, r.id))
    return Sanctions(resolutions=sorted(resolutions.values(), key=lambda r: r.number), regimes=regimes)
