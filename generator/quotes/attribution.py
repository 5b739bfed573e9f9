"""Attribution: find the reporting cue of a quotation and its subject on the dependency parse.

Tried in order, each a general English pattern:
  1. a reporting verb syntactically tied to the quotation (it governs the quoted words, or sits
     inside them as "..., he said, ..."), and that verb's subject, climbing through "by
     emphasizing", "as saying", "stood up and said" when the verb has none of its own;
  2. "according to X";
  3. the nearest reporting verb in the quotation's sentences;
  4. an introduction that ends in a colon ("In a statement, the ministry said:"), also from the
     end of the previous paragraph;
  5. a trailing "said X." that the sentence splitter cut off;
  6. a quotation that forms whole sentences with no cue continues the previous speaker.
A relaying verb above the cue ("Reuters reported that ...", "quoted by X as saying") makes its
subject the channel, never the speaker.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ..doc_text import doc_text
from .lexicon import Lexicon
from .speakers import Speaker, Speakers

# Relations climbed from a subject-less cue to the verb whose subject speaks
# ("Russia expressed its intent ... by emphasizing “...”", "was quoted as saying").
CLIMB_DEPS = {"xcomp", "advcl", "pcomp", "prep", "pobj", "acl", "conj", "dobj", "oprd"}
MAX_CLIMB = 6


@dataclass
class Span:
    """Where one quotation stands in the Doc: its text and its marks, as character offsets."""

    start: int
    end: int
    open_at: int
    close_at: int | None
    depth: int
    block: int
    continued: bool = False
    """Resumes a quotation left open at the end of the previous paragraph."""
    recovered: bool = False
    """Opened by a mark that is never closed; kept to the end of its paragraph."""
    outer: "Span | None" = None

    @property
    def outer_end(self) -> int:
        return (self.close_at + 1) if self.close_at is not None else self.end


@dataclass
class Attribution:
    speaker: Speaker | None = None
    cue: str | None = None
    cue_token: int | None = None
    channel: str | None = None
    method: str = "none"
    confidence: float = 0.3


class Attributor:
    """Attribute the quotations of one Doc, in text order."""

    def __init__(self, doc: Doc, lex: Lexicon, speakers: Speakers, spans: list[Span], blocks: list[tuple[int, int]]):
        self.doc, self.lex, self.speakers = doc, lex, speakers
        self.text = doc_text(doc)  # Doc.text joins every token on each access
        self.spans = spans
        self.blocks = blocks
        """(start, end) of each block (headline, captions, paragraphs) in the Doc text."""
        self.char_token = _char_index(doc)
        # Per token: inside a top-level quotation? and which block? (looked up for every cue)
        self.in_quote = bytearray(len(doc))
        for span in spans:
            if span.depth == 0:
                first, last = self.token_at(span.open_at).i, self.token_at(span.outer_end - 1).i
                self.in_quote[first : last + 1] = b"\x01" * (last + 1 - first)
        starts = [start for start, _ in blocks]
        self.token_block = [max(bisect_right(starts, t.idx) - 1, 0) for t in doc]
        # Sentence edges once: Token.sent walks the whole Doc on every call.
        self.sentence_starts = [sent.start for sent in doc.sents] if len(doc) else [0]
        speakers.clause_subject = self.clause_subject

    # --- geometry -------------------------------------------------------------------------

    def token_at(self, offset: int) -> Token:
        return self.doc[self.char_token[min(max(offset, 0), len(self.char_token) - 1)]]

    def sentence(self, token: Token):
        """The sentence holding a token."""
        k = bisect_right(self.sentence_starts, token.i) - 1
        end = self.sentence_starts[k + 1] if k + 1 < len(self.sentence_starts) else len(self.doc)
        return self.doc[self.sentence_starts[k] : end]

    def token_range(self, span: Span) -> tuple[int, int]:
        """First and last token index of a quotation, marks included."""
        last = span.close_at if span.close_at is not None else max(span.end - 1, span.start)
        return self.token_at(span.open_at).i, self.token_at(last).i

    def quoted(self, token: Token, within: Span | None = None) -> bool:
        """Is the token inside a quotation (one nested in `within` when given)?"""
        if within is None:
            return bool(self.in_quote[token.i])
        return any(span.outer is within and span.open_at <= token.idx < span.outer_end for span in self.spans)

    def allowed(self, token: Token, span: Span) -> bool:
        """May this token be the cue of the span (same paragraph, outside quotations, inside its outer one)?"""
        start, end = self.blocks[span.block]
        if not start <= token.idx < end:
            return False
        if span.outer is not None:
            return span.outer.start <= token.idx < span.outer.end and not self.quoted(token, span.outer)
        return not self.quoted(token)

    # --- cues -----------------------------------------------------------------------------

    def particle(self, token: Token) -> str | None:
        for child in token.children:
            if child.dep_ == "prt":
                return child.lower_
        return None

    def is_cue(self, token: Token) -> bool:
        return token.pos_ in ("VERB", "AUX") and self.lex.is_cue(token.lemma_, self.particle(token))

    def cue_text(self, token: Token) -> str:
        prt = self.particle(token)
        if prt:
            for child in token.children:
                if child.dep_ == "prt" and child.i == token.i + 1:
                    return f"{token.text} {child.text}"
        return token.text

    # --- the attribution ------------------------------------------------------------------

    def attribute(self, span: Span, previous: Attribution | None, same_paragraph: bool) -> Attribution:
        """Attribute one quotation; `previous` is the attribution of the quotation before it."""
        lo, hi = self.token_range(span)
        cue = self.governing_cue(span, lo, hi)
        method, confidence = "cue", 0.95
        if cue is None:
            relay = self.governing_cue(span, lo, hi, relay=True)
            if relay is not None:
                # "“...,” the Velmora Courier reported": the outlet relays words it does not own;
                # "“...,” Oduya was quoted as saying by RNA": they are Oduya's.
                quoted = self.quoted_by_relay(relay)
                speaker = self.speakers.from_subject(quoted, relay) if quoted is not None else None
                return Attribution(speaker=speaker, channel=self.relay_channel(relay, span), cue=self.cue_text(relay),
                                   cue_token=relay.i, method="relay", confidence=0.85 if speaker else 0.4)
            found = self.according_to(span, lo, hi)
            if found is not None:
                return found
            cue, method, confidence = self.nearest_cue(span, lo, hi), "nearby", 0.8
        if cue is None and span.outer is None:
            cue, method, confidence = self.colon_cue(span, lo), "colon", 0.9
            if cue is not None and not self.is_cue(cue):
                confidence = 0.75
        if cue is None and span.outer is None:
            cue, method, confidence = self.trailing_cue(span, hi), "trailing", 0.85
        if cue is not None:
            return self.from_cue(cue, span, method, confidence)
        if span.outer is None and self.stands_alone(span, lo):
            follow = self.follow_on(span, previous, same_paragraph)
            if follow is not None:
                return follow
        channel = self.relay_channel(self.doc[lo], span)
        return Attribution(channel=channel, method="none", confidence=0.3)

    def block_of(self, token: Token) -> int:
        return self.token_block[token.i]

    def from_cue(self, cue: Token, span: Span, method: str, confidence: float) -> Attribution:
        subject = self.clause_subject(cue)
        if subject is None or self.block_of(subject) != self.block_of(cue):
            # The parser ran a sentence over a paragraph break ("Headline\n\nTove Arnsdal
            # opined, ..."): take the name written right before the cue instead.
            subject = self.name_before(cue)
        continuing = self.lex.continues(cue.lemma_, self.particle(cue))
        speaker = None
        if subject is not None:
            if span.outer is not None and subject.pos_ == "PRON":
                speaker = None  # a pronoun inside someone's quotation is theirs to resolve
            else:
                speaker = self.speakers.from_subject(subject, cue, continuing)
                if subject.pos_ == "PRON" and speaker is not None:
                    confidence = min(confidence, 0.85)
        channel = self.relay_channel(cue, span) or self.told_outlet(cue) or self.according_to_outlet(span, cue)
        if speaker is not None and speaker.outlet and self.cites_someone(cue):
            channel, speaker = speaker.name, None
        if speaker is not None and speaker.name == channel:
            speaker = None
        return Attribution(
            speaker=speaker, cue=self.cue_text(cue), cue_token=cue.i, channel=channel, method=method,
            confidence=confidence if speaker is not None else 0.4,
        )

    def is_relay(self, token: Token) -> bool:
        return token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in self.lex.relay

    def governing_cue(self, span: Span, lo: int, hi: int, relay: bool = False) -> Token | None:
        """A reporting verb above the quoted words, or one set inside them ("“...,” he said, “...”")."""
        doc = self.doc
        is_cue = self.is_relay if relay else self.is_cue
        best: tuple[int, int, Token] | None = None
        # Words first: quotation marks and full stops often hang on the sentence root, which
        # is not necessarily the verb that governs the quoted words.
        content = [t for t in doc[lo : hi + 1] if not t.is_punct]
        marks = [t for t in doc[lo : hi + 1] if t.is_punct]
        for token in content + marks:
            if best is not None and token.is_punct:
                break
            head = token.head
            if lo <= head.i <= hi and head is not token:
                continue
            current, steps = token, 0
            while current.head is not current and steps < 8:
                current, steps = current.head, steps + 1
                if lo <= current.i <= hi:
                    continue
                if is_cue(current) and self.allowed(current, span):
                    key = (steps, abs(current.idx - span.open_at), current)
                    if best is None or key[:2] < best[:2]:
                        best = key
                    break
        # A cue outside the quotation whose head is inside it ("Okonjo went on: “...”" parsed
        # with the quotation as the root).
        for token in doc[lo : hi + 1]:
            for child in token.children:
                if (child.i < lo or child.i > hi) and is_cue(child) and self.allowed(child, span):
                    key = (1, abs(child.idx - span.open_at), child)
                    if best is None or key[:2] < best[:2]:
                        best = key
        return best[2] if best else None

    def sentence_tokens(self, span: Span, lo: int, hi: int) -> list[Token]:
        """Tokens of the sentences the quotation begins and ends in, outside quotations."""
        first, last = self.sentence(self.doc[lo]), self.sentence(self.doc[hi])
        tokens = list(first) if first.start == last.start else list(first) + list(last)
        return [t for t in tokens if self.allowed(t, span) and not (lo <= t.i <= hi)]

    def according_to(self, span: Span, lo: int, hi: int) -> Attribution | None:
        """'“...,” according to X' / 'According to X, “...”'."""
        tokens = self.sentence_tokens(span, lo, hi)
        for phrase in self.lex.source_prepositions:
            for k, token in enumerate(tokens):
                words = [t.lower_ for t in tokens[k : k + len(phrase)]]
                if words != list(phrase):
                    continue
                last = tokens[k + len(phrase) - 1]
                objects = [c for c in last.children if c.dep_ == "pobj"]
                obj = objects[0] if objects else next(
                    (t for t in tokens[k + len(phrase) :] if t.pos_ in ("PROPN", "NOUN")), None
                )
                if obj is None:
                    continue
                speaker = self.speakers.from_subject(obj, None)
                cue = " ".join(t.text for t in tokens[k : k + len(phrase)])
                if speaker is not None and speaker.outlet:
                    return Attribution(channel=speaker.name, cue=cue, method="according", confidence=0.4)
                return Attribution(speaker=speaker, cue=cue, cue_token=token.i, method="according", confidence=0.9 if speaker else 0.4)
        return None

    def nearest_cue(self, span: Span, lo: int, hi: int) -> Token | None:
        """The reporting verb closest to the quotation in its own sentences."""
        cues = [t for t in self.sentence_tokens(span, lo, hi) if self.is_cue(t)]
        if not cues:
            return None
        return min(cues, key=lambda t: min(abs(t.idx - span.open_at), abs(t.idx - span.outer_end)))

    def colon_cue(self, span: Span, lo: int) -> Token | None:
        """'X said: “...”', also when the introduction ends the previous paragraph."""
        text = self.text
        i = span.open_at - 1
        while i >= 0 and text[i] in " \t\n":
            i -= 1
        if i < 0 or text[i] != ":":
            return None
        colon = self.token_at(i)
        sentence = self.sentence(colon)
        cues = [t for t in sentence if t.i < colon.i and self.is_cue(t) and not self.quoted(t)]
        if cues:
            return max(cues, key=lambda t: t.i)
        # "Sallow put it more simply:", "Haberl was blunt:": a colon after a clause whose
        # subject is named introduces that subject's words.
        for verb in (colon.head, sentence.root):
            if verb.i < colon.i and verb.pos_ in ("VERB", "AUX") and not self.quoted(verb):
                if any(c.dep_ == "nsubj" for c in verb.children):
                    return verb
        return None

    def trailing_cue(self, span: Span, hi: int) -> Token | None:
        """'“....” Said X.' split off as its own sentence: a cue in the next few tokens."""
        doc = self.doc
        after = hi + 1
        if after >= len(doc) or not doc[after].is_sent_start or "\n" in self.text[span.outer_end : doc[after].idx]:
            return None
        for token in doc[after : min(after + 4, len(doc))]:
            if token.is_sent_start and token.i != after:
                break
            if self.is_cue(token) and not self.quoted(token):
                return token
        return None

    def follow_on(self, span: Span, previous: Attribution | None, same_paragraph: bool) -> Attribution | None:
        """A quotation with no cue of its own continues the speaker just before it.

        That is the latest of: the speaker of the previous quotation (same paragraph, or the
        previous one when this quotation opens its paragraph) and a person named as the subject
        earlier in the same paragraph ("Arnsdal was blunt. “...”").
        """
        start, _ = self.blocks[span.block]
        candidates = []
        if previous is not None and previous.speaker is not None and (same_paragraph or self.starts_block(span)):
            candidates.append((previous.speaker.at if same_paragraph else -1, previous))
        for subject in self.speakers.subjects:
            if start <= subject.at < span.open_at and subject.type == "person":
                candidates.append((subject.at, Attribution(speaker=subject)))
        if not candidates:
            return None
        _, chosen = max(candidates, key=lambda c: c[0])
        return Attribution(speaker=chosen.speaker, channel=chosen.channel, method="follow-on", confidence=0.7)

    def stands_alone(self, span: Span, lo: int) -> bool:
        """Does the quotation open its sentence (a quote that continues the previous speaker)?"""
        sentence = self.sentence(self.doc[lo])
        return all(t.is_punct or t.is_space for t in self.doc[sentence.start : lo])

    def embedded(self, span: Span) -> bool:
        """Is the quotation a phrase inside the writer's own clause ('... would “put the matter to rest”')?

        It starts in lower case in the middle of its sentence, and nothing introduces it as
        speech: no colon or comma before it, no reporting verb right before it ('said “...”',
        'told reporters “...”', 'said that “...”').
        """
        text = self.text
        if span.continued or not text[span.start : span.start + 1].islower():
            return False
        lo, _ = self.token_range(span)
        if self.stands_alone(span, lo):
            return False
        i = span.open_at - 1
        while i >= 0 and text[i].isspace():
            i -= 1
        if i < 0 or text[i] in ",:;—–-(\n":
            return False
        before = self.token_at(i)
        if before.lower_ == "that" and before.i > 0:
            before = self.doc[before.i - 1]
        for token in (before, before.head):
            if self.is_cue(token) and token.i <= before.i and not self.quoted(token):
                return False  # 'said “...”', 'told reporters “...”'
        return True

    def starts_block(self, span: Span) -> bool:
        text = self.text
        i = span.open_at - 1
        while i >= 0 and text[i] in " \t":
            i -= 1
        return i < 0 or text[i] == "\n"

    # --- subjects and channels ------------------------------------------------------------

    def clause_subject(self, cue: Token) -> Token | None:
        """Who the cue's clause credits: a trailing '..., the Finance Ministry said' first, else its subject."""
        subject = self.subject_of(cue)
        trailing = self.set_off_before(cue, subject)
        return trailing if trailing is not None else subject

    def set_off_before(self, cue: Token, subject: Token | None) -> Token | None:
        """'“...” the Storm Brigade, and Lanterna, the Finance Ministry said': the phrase set off by a
        comma right before the cue speaks, when the parser hung it on a list member (appos, conj)
        and gave the cue the list's subject, or none at all."""
        if cue.i == 0:
            return None
        last = self.doc[cue.i - 1]
        if last.pos_ not in ("NOUN", "PROPN") or self.quoted(last) or subject is last:
            return None
        if subject is not None and (last.head is subject or subject.i > last.i):
            return None  # "Lim, the spokesman, said": the apposition only explains the subject
        if subject is not None and subject.head is cue and last.head is cue:
            return None
        left = last.left_edge
        if left.i == 0 or self.doc[left.i - 1].text != "," or "\n" in self.text[left.idx : cue.idx]:
            return None
        plausible = (
            last.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or last.pos_ == "PROPN"
            or self.lex.is_person_noun(last.lemma_) or last.lemma_.lower() in self.lex.organization_nouns
        )
        return last if plausible else None

    def subject_of(self, cue: Token) -> Token | None:
        """The subject of a cue, climbing to the verb that has one when the cue has none."""
        current = cue
        for _ in range(MAX_CLIMB):
            if current is not cue and self.is_relay(current):
                # "RNA quoted Oduya as saying", "Oduya was quoted as saying": the relaying verb's
                # subject is the channel; the one quoted is its object or passive subject.
                return self.quoted_by_relay(current)
            for child in current.children:
                if child.dep_ == "nsubj":
                    return child
                if child.dep_ == "nsubjpass" and current is not cue:
                    return child  # "X was quoted as saying", "X is expected to say"
            agent = [c for c in current.children if c.dep_ == "agent"]
            if agent and current is cue:
                objects = [c for c in agent[0].children if c.dep_ == "pobj"]
                if objects:
                    return objects[0]  # "was described by Lim as ..."
            if current.dep_ not in CLIMB_DEPS or current.head is current:
                break
            current = current.head
        # Inverted order parsed without a subject: "“...,” said Mayor Arnsdal".
        for child in cue.rights:
            if child.dep_ in ("dobj", "attr", "npadvmod", "appos") and (child.ent_type_ in ("PERSON", "ORG") or child.pos_ == "PROPN"):
                return child
        return None

    def name_before(self, cue: Token) -> Token | None:
        """The proper noun ending right before a cue, in the cue's paragraph ("... Tove Arnsdal opined")."""
        if cue.i == 0:
            return None
        token = self.doc[cue.i - 1]
        if token.pos_ == "PROPN" and self.block_of(token) == self.block_of(cue):
            return token
        return None

    def quoted_by_relay(self, relay: Token) -> Token | None:
        """Whose words a relaying verb carries: 'was quoted' -> its subject, 'quoted X' -> X."""
        for child in relay.children:
            if child.dep_ == "nsubjpass":
                return child
        for child in relay.children:
            if child.dep_ == "dobj" and (child.pos_ == "PROPN" or child.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")):
                return child
        return None

    def relay_channel(self, cue: Token, span: Span) -> str | None:
        """Who relayed the words: the subject of a relaying verb above the cue, or 'by X' after it."""
        current, steps = cue, 0
        while steps < 6:
            if self.is_relay(current):
                for child in current.children:
                    if child.dep_ == "nsubj":
                        named = self.speakers.from_subject(child, current)
                        if named is not None:
                            return named.name
                # "was quoted by X", "was quoted as saying by X".
                for token in current.subtree:
                    if token.dep_ in ("agent", "prep") and token.lower_ == "by" and token.i > current.i:
                        objects = [c for c in token.children if c.dep_ == "pobj"]
                        if objects:
                            named = self.speakers.from_subject(objects[0], current)
                            if named is not None:
                                return named.name
            if current.head is current:
                break
            current, steps = current.head, steps + 1
        return None

    def told_outlet(self, cue: Token) -> str | None:
        """'X told the Courier', 'said in an interview with the Courier': the outlet is a channel."""
        candidates = [c for c in cue.children if c.dep_ in ("dobj", "dative")]
        for obj in list(candidates):
            # "told the regional broadcaster RVT": the outlet noun names what the object is.
            if obj.lemma_.lower() in self.lex.outlet_nouns or any(
                c.dep_ in ("compound", "amod", "appos") and c.lemma_.lower() in self.lex.outlet_nouns for c in obj.children
            ):
                named = self.speakers.named(obj)
                return named.name if named is not None else obj.text
        for prep in (c for c in cue.children if c.dep_ == "prep" and c.lower_ in ("to", "with", "in")):
            candidates += [c for c in prep.children if c.dep_ == "pobj"]
            for obj in list(candidates):
                for sub in obj.children:
                    if sub.dep_ == "prep" and sub.lower_ == "with":
                        candidates += [c for c in sub.children if c.dep_ == "pobj"]
        for obj in candidates:
            named = self.speakers.named(obj)
            if named is not None and named.outlet:
                return named.name
        # "said in a statement carried by the state news agency": a relaying verb under the cue.
        for token in cue.subtree:
            if token is not cue and self.is_relay(token) and not self.quoted(token):
                for by in token.children:
                    if by.dep_ == "agent" or (by.dep_ == "prep" and by.lower_ == "by"):
                        objects = [c for c in by.children if c.dep_ == "pobj"]
                        named = self.speakers.from_subject(objects[0], token) if objects else None
                        if named is not None:
                            return named.name
        return None

    def cites_someone(self, cue: Token) -> bool:
        """'Reuters said, citing officials': the outlet relays, it does not speak."""
        return any(self.is_relay(t) for t in cue.subtree if t is not cue and not self.quoted(t))

    def according_to_outlet(self, span: Span, cue: Token) -> str | None:
        """'..., Oduya told reporters, according to the state news agency RNA': the outlet relayed it."""
        lo, hi = self.token_range(span)
        tokens = self.sentence_tokens(span, lo, hi)
        for phrase in self.lex.source_prepositions:
            for k in range(len(tokens) - len(phrase) + 1):
                if [t.lower_ for t in tokens[k : k + len(phrase)]] != list(phrase):
                    continue
                objects = [c for c in tokens[k + len(phrase) - 1].children if c.dep_ == "pobj"]
                if objects:
                    named = self.speakers.from_subject(objects[0], None)
                    if named is not None and named.outlet:
                        return named.name
        return None


def _char_index(doc: Doc) -> list[int]:
    """Map every character offset of the Doc text to the index of the token at or before it."""
    index = [0] * (len(doc_text(doc)) + 1)
    for token in doc:
        start = token.idx
        end = min(start + len(token.text_with_ws), len(index))
        index[start:end] = [token.i] * (end - start)
    return index
