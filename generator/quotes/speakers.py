"""Who is speaking: turn the subject of a reporting cue into a canonical speaker.

Names come from the merged entities (`ann.entities`), so "Peskov" and "Dmitry Peskov" are one
speaker. Pronouns go to the latest compatible named speaker, a bare title ("a State Department
spokesman") to the named person holding it, a description ("the ministry") to the organization
of that kind named in the article; otherwise the title or description itself is shown.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from typing import Callable

from spacy.tokens import Doc, Span, Token

from ..models import Annotations, Entity
from .lexicon import Lexicon
from .nations import any_agree, nation_phrases

NAME_LABELS = {"PERSON": "person", "ORG": "organization", "GPE": "organization", "NORP": "organization", "FAC": "organization", "LOC": "organization"}
ENTITY_KINDS = {"person": "person", "organization": "organization", "place": "organization", "group": "organization"}
RELATIVE = {"who", "which", "that", "whom"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}


@dataclass
class Speaker:
    """A resolved speaker: canonical name, kind, role and the entity it stands for."""

    name: str
    type: str
    """person, organization or title (a description with no name found for it)."""
    role: str | None = None
    entity: Entity | None = None
    outlet: bool = False
    """A news outlet: it may relay words (channel) but is not credited with relayed words."""
    at: int = 0
    """Character offset of the words that name the speaker."""
    gender: str | None = None
    plural: bool = False
    """'officials', 'residents': never the antecedent of he or she."""


def _words(text: str) -> list[str]:
    """Lower-case words, possessive endings dropped ("authority’s" -> "authority")."""
    return [re.sub(r"[’']s?$", "", w) for w in re.findall(r"[\w’'-]+", text.lower())]


class Speakers:
    """Everything needed to name speakers in one Doc: entity mentions, titles, genders, history."""

    def __init__(
        self, doc: Doc, ann: Annotations, lex: Lexicon, source: str | None = None,
        quoted: list[tuple[int, int]] | None = None,
    ):
        self.doc, self.ann, self.lex = doc, ann, lex
        self.quoted = sorted(quoted or [])
        """Character ranges inside quotation marks: who is named there is not a speaker."""
        self.source = (source or "").strip().lower()
        self.mentions: list[tuple[int, int, Entity]] = sorted(
            ((m.start, m.end, e) for e in ann.entities for m in e.mentions), key=lambda x: (x[0], x[1])
        )
        self._starts = [m[0] for m in self.mentions]
        self.titles: dict[str, list[str]] = {}
        self.genders: dict[str, str] = {}
        for start, end, entity in self.mentions:
            if entity.type not in ("person", "organization", "group"):
                continue
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            title = title_of(span, lex.honorifics)
            if title:
                self.titles.setdefault(_key(entity), []).append(title)
            gender = self._gender_near(span, title)
            if gender:
                self.genders.setdefault(_key(entity), gender)
        self.places = frozenset(
            name.lower() for e in ann.entities if e.type == "place" for name in [e.name, *e.aliases]
        )
        """Place names of the article, lower case: the nations a title can name ("Ostria’s leader")."""
        self.history: list[Speaker] = []
        """Speakers of the quotes attributed so far, in text order."""
        self.subjects = self._named_subjects()
        self.clause_subject: Callable[[Token], Token | None] = _own_subject
        """Who a verb's clause credits; the attributor installs its fuller rule (trailing speakers)."""

    # --- entities -----------------------------------------------------------------------

    def entity_at(self, start: int, end: int, prefer: str | None = None) -> Entity | None:
        """The entity with a mention overlapping [start, end), the widest overlap first."""
        best, best_score = None, 0
        i = max(bisect_left(self._starts, start) - 8, 0)
        for m_start, m_end, entity in self.mentions[i:]:
            if m_start >= end:
                break
            overlap = min(end, m_end) - max(start, m_start)
            if overlap <= 0:
                continue
            score = overlap + (1000 if prefer and entity.type == prefer else 0)
            if score > best_score:
                best, best_score = entity, score
        return best

    def person_like(self, entity: Entity) -> bool:
        """A person by type, or a name the model mislabelled that stands with a person's title."""
        if entity.type == "person":
            return True
        return any(self.is_person_title(t) for t in self.titles.get(_key(entity), []))

    def is_person_title(self, title: str) -> bool:
        """Does a title end in a person's office ("foreign minister", "mayor of Santa Vigna")?"""
        words = _words(re.split(r"\s+(?:of|for|at|to|in)\s+", title)[0])
        return bool(words) and self.lex.is_person_noun(words[-1])

    def fuller_name(self, entity: Entity) -> Entity:
        """The one person-like entity whose name ends with this one-word name, if the merge missed it."""
        if " " in entity.name.strip() or not self.person_like(entity):
            return entity
        longer = {
            e.name: e for e in self.ann.entities
            if e is not entity and e.name.lower().endswith(" " + entity.name.lower()) and self.person_like(e)
        }
        return next(iter(longer.values())) if len(longer) == 1 else entity

    def entity_named(self, text: str, kind: str | None = None) -> Entity | None:
        """An entity whose name or alias is this text, or a person whose name ends with it."""
        wanted = text.strip().lower()
        if not wanted:
            return None
        for entity in self.ann.entities:
            if kind and ENTITY_KINDS.get(entity.type) != kind:
                continue
            if wanted == entity.name.lower() or wanted in (a.lower() for a in entity.aliases) or wanted == (entity.acronym or "").lower():
                return entity
        surname = [e for e in self.ann.entities if self.person_like(e) and e.name.lower().endswith(" " + wanted)]
        return surname[0] if len(surname) == 1 else None

    def role_of(self, entity: Entity, local: str | None = None) -> str | None:
        """A person's role: the entity's own, else the title at this mention, else one seen elsewhere."""
        if not self.person_like(entity):
            return entity.role
        if entity.role:
            return entity.role
        if local:
            return local
        titles = self.titles.get(_key(entity))
        return max(titles, key=len) if titles else None

    def from_entity(self, entity: Entity, at: int, local_title: str | None = None) -> Speaker:
        """A Speaker for an entity from the annotations."""
        entity = self.fuller_name(entity)
        kind = "person" if self.person_like(entity) else ENTITY_KINDS.get(entity.type, "organization")
        return Speaker(
            name=entity.name, type=kind, role=self.role_of(entity, local_title) if kind == "person" else None,
            entity=entity, outlet=self.is_outlet(entity.name), at=at, gender=self.genders.get(_key(entity)),
        )

    # --- subjects -------------------------------------------------------------------------

    def from_subject(self, token: Token, cue: Token | None, continuing: bool = False) -> Speaker | None:
        """Resolve the subject token of a cue (name, pronoun, title or description) to a Speaker."""
        if token.lower_ in RELATIVE and cue is not None and cue.dep_ == "relcl":
            token = cue.head
        if token.pos_ == "PRON" or token.lower_ in self.lex.pronouns:
            return self.from_pronoun(token, continuing)
        named = self.named(token)
        if named is not None:
            return named
        return self.from_description(token)

    def named(self, token: Token) -> Speaker | None:
        """A Speaker when the token is (part of) a name, or a noun with a name in apposition."""
        if _common_noun(token) and not token.ent_type_:
            # "The regional tourism councillor, Edda Moser-Lind, said": the name in apposition.
            for child in token.children:
                if child.dep_ == "appos" and (child.ent_type_ in NAME_LABELS or child.pos_ == "PROPN"):
                    speaker = self.named(child)
                    if speaker is not None:
                        if self.lex.is_person_noun(token.lemma_):
                            speaker.type = "person"
                        if token.lemma_.lower() in self.lex.outlet_nouns or _has_word(description(token), self.lex.outlet_words):
                            speaker.outlet = True  # "the state news agency RNA"
                        if speaker.type == "person" and not (speaker.entity and speaker.entity.role):
                            speaker.role = speaker.role or description(token)
                        return speaker
            return None
        span = name_span(token)
        if span is None:
            return None
        entity = self.entity_at(span.start_char, span.end_char, prefer="person" if span.label_ == "PERSON" else None)
        if entity is not None and "\n" in entity.name:
            entity = None  # a name run over a paragraph break is not a name
        if entity is None:
            entity = self.entity_named(span.text) or self.entity_named(_strip_the(span.text))
        title = title_of(span, self.lex.honorifics)
        aged = any(c.dep_ == "appos" and c.like_num for c in span.root.children)  # "Halvard Brisk, 54,"
        if entity is not None:
            found = self.from_entity(entity, span.start_char, title)
            if aged:
                found.type = "person"
            return found
        name = _strip_the(span.text)
        words = name.split()
        lead = 0
        while lead < len(words) - 1 and (words[lead].lower().rstrip(".") in self.lex.person_titles or words[lead].lower() in self.lex.honorifics):
            lead += 1  # "Councillor Abel Marsh": the title is the role, not the name
        if lead:
            title = title or " ".join(w for w in words[:lead] if w.lower() not in self.lex.honorifics) or None
            name = " ".join(words[lead:])
        kind = "person" if aged or lead else NAME_LABELS.get(span.label_)
        if kind is None:
            kind = "organization" if name.lower() in self.lex.organization_nouns or _has_word(name, self.lex.organization_nouns) else "person"
        return Speaker(name=name, type=kind, role=title if kind == "person" else None, outlet=self.is_outlet(name), at=span.start_char)

    def from_description(self, token: Token) -> Speaker | None:
        """A common-noun subject: a title ("the spokeswoman"), a body ("the ministry") or an outlet."""
        if token.pos_ not in ("NOUN", "PROPN"):
            return None
        phrase = description(token)
        head = token.lemma_.lower()
        at = token.left_edge.idx
        if head in self.lex.document_nouns:
            return self._issuer(token)
        if head in self.lex.outlet_nouns or (_has_word(phrase, self.lex.outlet_words) and not self.lex.is_person_noun(head)):
            return Speaker(name=phrase, type="organization", outlet=True, at=at)
        if head in self.lex.organization_nouns:
            entity = self._organization_like(token, phrase)
            if entity is not None:
                return self.from_entity(entity, at)
            return Speaker(name=phrase, type="organization", at=at)
        person = None if token.tag_ in ("NNS", "NNPS") else self._person_with_title(token, phrase)
        if person is not None:
            return replace(self.from_entity(person, at), role=self.role_of(person) or phrase)
        gender = "m" if head in self.lex.masculine else "f" if head in self.lex.feminine else None
        return Speaker(name=phrase, type="title", at=at, gender=gender, plural=token.tag_ in ("NNS", "NNPS"))

    def _issuer(self, token: Token) -> Speaker | None:
        """Who issued a document: "the ministry’s statement", "a statement from Brenton Estates"."""
        for child in token.children:
            if child.dep_ == "poss" and child.pos_ != "PRON":
                return self.from_subject(child, None)
        for child in token.rights:
            if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    return self.from_subject(objects[0], None)
        # "a Velmoran Treasury statement": a name written into the noun phrase issued it.
        for child in token.lefts:
            if child.dep_ == "compound" and (child.pos_ == "PROPN" or child.ent_type_ in NAME_LABELS):
                named = self.named(child)
                if named is not None:
                    return named
        # "The ministry issued a statement on Monday. ... The statement added: ...", "..., the
        # Finance Ministry said in a statement. ... according to the statement": the one who
        # issued the last document of that kind before it.
        for earlier in reversed(self.doc[max(token.i - 400, 0) : token.i]):
            if earlier.lemma_.lower() == token.lemma_.lower() and earlier.dep_ in ("dobj", "pobj"):
                verb = earlier.head if earlier.dep_ == "dobj" else earlier.head.head
                subject = self.clause_subject(verb)
                if subject is not None and subject.lemma_.lower() not in self.lex.document_nouns:
                    return self.from_subject(subject, verb)
                return None
        return None

    def _organization_like(self, token: Token, phrase: str) -> Entity | None:
        head = token.lower_
        modifiers = set(_words(phrase)) - {head, "the", "a", "an"}
        best, best_key = None, None
        for start, _, entity in self.mentions:
            if entity.type not in ("organization",) or start >= token.idx:
                continue
            words = set(_words(entity.name)) | {w for a in entity.aliases for w in _words(a)}
            if head not in words and token.lemma_.lower() not in words:
                continue
            key = (len(modifiers & words), start)
            if best_key is None or key > best_key:
                best, best_key = entity, key
        if best is not None and modifiers and best_key[0] == 0 and len(modifiers) > 1:
            return None
        return best

    def _person_with_title(self, token: Token, phrase: str) -> Entity | None:
        """The named person whose title matches a description ("the Dravenian leader" -> President Velk)."""
        lex = self.lex
        head_words = lex.title_words(token.doc[token.left_edge.i : token.i + 1].text)
        head = head_words[-1] if head_words else lex.title_key(token.lemma_)
        wanted = nation_phrases(phrase, self.places, lex.nationalities)
        nation_words = {w for n in wanted for w in n.split()}
        modifiers = set(lex.title_words(phrase)) - {head, "the", "a", "an", "of", "for"} - nation_words
        irregular = lex.demonyms()
        best, best_key = None, None
        for start, _, entity in self.mentions:
            if entity.type != "person":
                continue
            titles = list(self.titles.get(_key(entity), []))
            if entity.role:
                titles.append(entity.role)
            for title in titles:
                words = set(lex.title_words(title))
                if head not in words:
                    continue
                score = len(modifiers & words)
                if wanted:
                    # "the Russian leader" is never North Korea's leader; a title with no nation
                    # in it needs another word in common.
                    have = nation_phrases(title, self.places, lex.nationalities)
                    if have and not any_agree(wanted, have, irregular):
                        continue
                    score += 2 if have else 0
                if (modifiers or wanted) and score == 0:
                    continue
                key = (score, start < token.idx, start if start < token.idx else -start)
                if best_key is None or key > best_key:
                    best, best_key = entity, key
        return best

    # --- pronouns -------------------------------------------------------------------------

    def from_pronoun(self, token: Token, continuing: bool) -> Speaker | None:
        """Resolve he/she/it/they to the latest compatible named speaker before the token."""
        word = token.lower_
        kinds = self.lex.pronouns.get(word)
        if not kinds:
            return None
        gender = "m" if word in self.lex.male_pronouns else "f" if word in self.lex.female_pronouns else None
        before = [s for s in self.history if s.at < token.idx]
        if continuing:
            for speaker in reversed(before):
                if self._fits(speaker, kinds, gender):
                    return self._bind(speaker, gender)
        candidates = sorted(before + [s for s in self.subjects if s.at < token.idx], key=lambda s: s.at)
        for speaker in reversed(candidates):
            if self._fits(speaker, kinds, gender):
                return self._bind(speaker, gender)
        if gender:
            # The model often labels an unfamiliar name as an organization ("Oduya said ...
            # He added"): a name shaped like a person's may still be the one meant.
            for speaker in reversed(candidates):
                if speaker.type == "organization" and self.person_shaped(speaker):
                    return replace(self._bind(speaker, gender), type="person")
        return None

    def person_shaped(self, speaker: Speaker) -> bool:
        """One to three capitalised words, none of them an organization's, an outlet's or a place's."""
        if speaker.outlet or (speaker.entity is not None and speaker.entity.type == "place"):
            return False
        words = speaker.name.split()
        lowered = set(_words(speaker.name))
        return (
            0 < len(words) <= 3 and all(w[:1].isupper() for w in words)
            and not lowered & (self.lex.organization_nouns | self.lex.outlet_words)
            and not (speaker.entity is not None and speaker.entity.acronym)
        )

    def _fits(self, speaker: Speaker, kinds: frozenset[str], gender: str | None) -> bool:
        kind = "person" if speaker.type in ("person", "title") else speaker.type
        if kind not in kinds or speaker.outlet:
            return False
        if speaker.plural and gender:
            return False
        known = self.genders.get(_key(speaker.entity)) if speaker.entity else speaker.gender
        return not (gender and known and gender != known)

    def _bind(self, speaker: Speaker, gender: str | None) -> Speaker:
        if gender and speaker.entity is not None:
            self.genders.setdefault(_key(speaker.entity), gender)
        return replace(speaker)

    def _named_subjects(self) -> list[Speaker]:
        found = []
        for token in self.doc:
            if token.dep_ not in SUBJECT_DEPS or not (token.ent_type_ in NAME_LABELS or token.pos_ in ("NOUN", "PROPN")):
                continue
            if any(start <= token.idx < end for start, end in self.quoted):
                continue  # "‘A volunteer rang me ...,’ he said": the volunteer is quoted, not speaking
            speaker = self.named(token)
            if speaker is None and token.pos_ == "NOUN" and self.lex.is_person_noun(token.lemma_):
                speaker = self.from_description(token)  # "A police spokeswoman said ..."
            # A name the model did not label still counts when it is written like one.
            if speaker is not None and (speaker.entity is not None or speaker.type == "title" or token.is_title):
                found.append(replace(speaker, at=token.idx))
        return found

    def remember(self, speaker: Speaker) -> None:
        """Record the speaker of a quote, for pronouns and follow-on quotes after it."""
        self.history.append(speaker)
        self.history.sort(key=lambda s: s.at)

    # --- outlets and gender ---------------------------------------------------------------

    def is_outlet(self, name: str) -> bool:
        """Is this name a news outlet (by its words, or as the article's own source)?"""
        lowered = _strip_the(name).lower()
        return bool(lowered) and (lowered == self.source or _has_word(lowered, self.lex.outlet_words))

    def _gender_near(self, span: Span, title: str | None) -> str | None:
        words = set(_words(title or ""))
        if span.start > 0:
            words.add(span.doc[span.start - 1].lower_)
        words |= {t.lower_ for t in span}
        if words & self.lex.masculine:
            return "m"
        if words & self.lex.feminine:
            return "f"
        return None


def _own_subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ == "nsubj"), None)


def _key(entity: Entity | None) -> str:
    return f"{entity.type}:{entity.id}" if entity is not None else ""


def _strip_the(text: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", text.strip(), flags=re.IGNORECASE)


def _has_word(text: str, words: frozenset[str]) -> bool:
    return any(w in words for w in _words(text))


def name_span(token: Token) -> Span | None:
    """The named-entity span holding the token, or the run of proper nouns ending at it."""
    doc = token.doc
    if token.ent_type_:
        if token.ent_type_ not in NAME_LABELS:
            return None
        # The entity's edges from the IOB tags (walking doc.ents costs a pass over the Doc).
        start, end = token.i, token.i + 1
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        return _trim_possessive(_within_paragraph(Span(doc, start, end, label=token.ent_type_), token))
    if token.pos_ != "PROPN" or _common_noun(token):
        return None
    start = token.i
    # The run of capitalised proper nouns before it, even where the parser cut the name apart.
    while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title and not doc[start - 1].ent_type_ \
            and not doc[start - 1].whitespace_.count("\n"):
        start -= 1
    return Span(doc, start, token.i + 1, label="")


def _within_paragraph(span: Span, token: Token) -> Span:
    """Cut a span that runs over a paragraph break down to the part holding the token."""
    start, end = span.start, span.end
    for i in range(span.start, span.end):
        if "\n" in span.doc[i].text_with_ws:
            if i < token.i:
                start = i + 1
            else:
                end = i + 1
                break
    while start < end and span.doc[start].is_space:
        start += 1
    return Span(span.doc, start, end, label=span.label_)


def _common_noun(token: Token) -> bool:
    """A noun written in lower case ("ministry"), even where the tagger called it a proper noun."""
    return token.pos_ == "NOUN" or (token.pos_ == "PROPN" and token.is_lower)


def _trim_possessive(span: Span) -> Span:
    end = span.end
    while end > span.start + 1 and span.doc[end - 1].dep_ == "case":
        end -= 1
    return Span(span.doc, span.start, end, label=span.label_)


def description(token: Token) -> str:
    """The words of a common-noun phrase without its article: 'State Department spokesman'."""
    doc = token.doc
    start = token.left_edge.i
    # Never across a paragraph break (the parser sometimes runs a sentence over one).
    for i in range(token.i - 1, start - 1, -1):
        if "\n" in doc[i].text_with_ws:
            start = i + 1
            break
    while start < token.i and (doc[start].dep_ in ("det", "punct", "predet") or (doc[start].dep_ == "poss" and doc[start].pos_ == "PRON")):
        start += 1
    end = token.i + 1
    # Keep a following "of"/"for" phrase ("spokesman for the ministry"), but no clause.
    for child in token.rights:
        if child.dep_ == "prep" and child.i == end and child.lower_ in ("of", "for", "at", "from", "in"):
            end = child.right_edge.i + 1
        break
    for i in range(token.i, end):
        if "\n" in doc[i].text_with_ws:
            end = i + 1
            break
    while end > token.i + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return doc[start:end].text


def title_of(span: Span, honorifics: frozenset[str] = frozenset()) -> str | None:
    """The title written with a name: before it, in apposition after it, or as the noun it explains."""
    doc = span.doc
    root = span.root
    # Before the name, in the same noun phrase: "Kremlin spokesperson Dmitry Peskov".
    i, left = span.start - 1, span.start
    while i >= 0 and span.start - i <= 10:
        token = doc[i]
        if token.dep_ == "case":
            i -= 1  # "’s" of "Russia’s foreign minister": kept if its owner is
            continue
        words_ok = token.pos_ in ("NOUN", "PROPN", "ADJ", "NUM") or token.text == "-"
        if token.lower_ in honorifics:
            break  # "Mr. Dorn": a courtesy title, not a role
        if not words_ok or token.ent_type_ in ("PERSON", "DATE", "TIME", "CARDINAL"):
            break
        if not token.i < token.head.i < span.end:
            break  # not part of the noun phrase that ends in the name
        left = i
        i -= 1
    while left < span.start and doc[left].dep_ == "case":
        left += 1
    before = doc[left : span.start].text if left < span.start else ""
    if before:
        # "Mayor Tove Arnsdal of Velmora": the place belongs to the title.
        for child in root.rights:
            if child.dep_ == "prep" and child.lower_ == "of" and child.i == span.end:
                return f"{before} {doc[child.i : child.right_edge.i + 1].text}"
        return before
    for child in root.children:
        # "Hanna Ebert, 34, a ski instructor": skip the age.
        if child.dep_ == "appos" and child.i > root.i and child.ent_type_ != "PERSON" and not child.like_num:
            return description(child)
    if root.dep_ == "appos" and root.head.pos_ == "NOUN" and root.head.i < span.start:
        return description(root.head)
    return None
