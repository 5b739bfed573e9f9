"""Roles as the text states them: a title before the name or an apposition after it.

"Kremlin spokesperson Dmitry Peskov" -> "Kremlin spokesperson";
"Kim Myong-sik, the commander of the North Korean navy," -> "commander of the North Korean navy";
"Park Thae-song, who serves as vice chairman of ...," -> "vice chairman of ...".
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .lexicon import words

_TITLE_POS = {"PROPN", "NOUN", "ADJ"}
_TITLE_GLUE = {"-", "‑", "’s", "'s", "’", "'", "&"}
_STOP_ENTS = {"PERSON", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
_END = {",", ";", ".", ":", "—", "–", "\"", "“", "”", "!", "?"}
_LEAD_ADVERBS = {"also", "now", "currently", "formerly", "then", "still", "once"}
_SERVE_VERBS = {"serve", "work", "act"}
_MAX_TITLE, _MAX_APPOSITION, _MAX_OF_COMPLEMENT = 10, 18, 4
_AGENT_SUFFIXES = ("ist", "er", "or", "ian", "ant", "eer")
_MAX_CLAUSE = 8
_OPENING_QUOTES = {"“", "‘", "«", "„"}
_CLOSING_QUOTES = {"”", "’", "»", "“"}
_CLAUSE_STOPS = {",", ";", ".", "—", "–"}
_PRONOUNS = {"his", "her", "their", "its", "my", "our", "your"}


def role_of(doc: Doc, start: int, end: int, people: set[int] | None = None) -> str | None:
    """The role stated for the person named by tokens [start, end), or None.

    `people` holds the token indices of person names (default: the model's PERSON tokens); a
    phrase naming another person is not a role. An apposition is preferred to a one-word rank
    before the name ("General X, the head of ..."); otherwise the title before the name.
    """
    if people is None:
        people = {t.i for t in doc if t.ent_type_ == "PERSON"}
    title = title_before(doc, start) or title_before_comma(doc, start, end, people)
    apposition = apposition_after(doc, end, people)
    if title and apposition and (len(title.split()) == 1 or is_relation(title)):
        return best_role([apposition, title])
    return title or apposition


def title_before_comma(doc: Doc, start: int, end: int, people: set[int]) -> str | None:
    """A title set off by a comma before the name: "Estmark's ambassador to the UN, Karel Dvorsky,"."""
    if start < 2 or doc[start - 1].text != "," or (end < len(doc) and doc[end].text not in (",", ".", ";")):
        return None
    name_root = doc[start:end].root
    head = name_root.head
    if name_root.dep_ == "appos" and head.i < start - 1 and is_role_head(head):
        first = min(t.i for t in head.subtree)
        phrase = doc[first : start - 1]
        while len(phrase) and phrase[0].lower_ in words()["edge_stopwords"]:
            phrase = phrase[1:]
        # Another person named in the phrase makes it their role, not this one's, unless the
        # phrase is a family relation that says whose ("Radu’s daughter, Elena,").
        others = not _is_relation_head(head) and any(t.i in people for t in phrase)
        if 0 < len(phrase) <= _MAX_APPOSITION and not others and not any(t.pos_ in ("VERB", "AUX") for t in phrase):
            return as_written(phrase)
    return title_before(doc, start - 1)


def is_role_head(token: Token) -> bool:
    """True when a word is the head of a job title ('spokesperson', 'leader', 'minister') or
    of a family relation ('sister')."""
    heads = words()["role_heads"] | words()["relation_heads"]
    return token.lower_ in heads or token.lemma_.lower() in heads or _is_agent_noun(token)


def _is_relation_head(token: Token) -> bool:
    relations = words()["relation_heads"]
    return token.lower_ in relations or token.lemma_.lower() in relations


def _is_agent_noun(token: Token) -> bool:
    """A lower-case singular noun that names a person by what they do ('epidemiologist')."""
    return (
        token.pos_ == "NOUN" and token.tag_ == "NN" and token.is_lower and len(token.text) >= 6
        and token.lower_.endswith(_AGENT_SUFFIXES) and token.lower_ not in words()["vessel_nouns"]
    )


def names_whose(role: str) -> bool:
    """True when a family relation says whose it is by name ("Radu’s daughter", "son of Ioana
    Albescu"), not only by a pronoun ("her son")."""
    words_ = [w.strip(",.") for w in role.split()]
    return any(
        w[:1].isupper() and w.lower().removesuffix("’s").removesuffix("'s") not in _PRONOUNS
        for w in words_
    )


def is_relation(role: str) -> bool:
    """True when a stated role is a family relation ('Lang's daughter'), not a post."""
    relations = words()["relation_heads"]
    return any(word.strip(",.").lower() in relations for word in role.split())


def best_role(stated: list[str]) -> str | None:
    """The role to show: a post before a family relation, then the fullest statement
    ("Estmark's ambassador to the UN" over "Ambassador"), then the first."""
    return max(stated, key=lambda r: (not is_relation(r), len(r.split()), -stated.index(r)), default=None)


def title_before(doc: Doc, start: int) -> str | None:
    """The title written right before a name ('North Korean leader' Kim Jong-un,
    'Secretary of State' Antony Blinken)."""
    last = start - 1
    head = _title_head(doc, last)
    if head is None:
        return None
    first = head
    while first > 0 and head - first < _MAX_TITLE and _extends_title(doc, first - 1):
        first -= 1
        if doc[first].is_sent_start:
            break
    while first <= head and (doc[first].text in _TITLE_GLUE or doc[first].lower_ in {"of", "for", "and"}):
        first += 1
    return as_written(doc[first : last + 1])


def as_written(phrase) -> str:
    """The role's text, with a capital that only marks the start of a sentence undone:
    "Local historian Margit Sallow" -> "local historian". A capitalised title stays as it is
    ("Judge X", "Labor Minister X"): only a phrase whose other words are all lower case is
    ordinary words, and only when the first word is not a name the article capitalises
    elsewhere too ("Harrowgate governor")."""
    text = phrase.text
    first = phrase[0]
    rest = [t for t in phrase[1:] if t.is_alpha]
    if (
        first.is_sent_start and first.is_title and first.pos_ != "PROPN" and not first.ent_type_
        and rest and all(t.is_lower for t in rest) and phrase[1].text not in _TITLE_GLUE
        and not _capitalised_elsewhere(first)
    ):
        return text[0].lower() + text[1:]
    return text


def _capitalised_elsewhere(word: Token) -> bool:
    """True when the article writes the word with its capital inside a sentence too: a name."""
    return any(t.text == word.text and not t.is_sent_start and t.i != word.i for t in word.doc)


def _title_head(doc: Doc, last: int) -> int | None:
    """Index of the role head of a title ending at `last`: the word itself, or the head of
    'Secretary of State' / 'Minister for Foreign Affairs' written before the name."""
    if last < 0 or doc[last].ent_type_ in _STOP_ENTS:
        return None
    if is_role_head(doc[last]):
        return last
    i = last
    while i > 0 and last - i < _MAX_OF_COMPLEMENT and doc[i].is_title and doc[i].ent_type_ not in _STOP_ENTS:
        if doc[i - 1].lower_ in ("of", "for") and i > 1 and is_role_head(doc[i - 2]) and doc[i - 2].is_title:
            return i - 2
        i -= 1
    return None


def _extends_title(doc: Doc, i: int) -> bool:
    """Whether the word at i still belongs to the title phrase being read leftwards."""
    token = doc[i]
    if token.ent_type_ in _STOP_ENTS or token.lower_ in words()["edge_stopwords"]:
        return False
    if token.text in _TITLE_GLUE:
        return i > 0 and not doc[i - 1].is_punct
    if token.text.isupper() and len(token.text) > 1 and token.is_alpha:
        return True  # an acronym ("WHO regional director"), whatever a tagger made of it
    if token.lower_ in {"of", "for", "and"}:
        # Only inside a capitalised name: "Minister of Natural Resources and Environment X".
        return i > 0 and doc[i - 1].is_title and doc[i + 1].is_title
    return token.pos_ in _TITLE_POS and not token.is_punct


def apposition_after(doc: Doc, end: int, people: set[int]) -> str | None:
    """The role in an apposition after a name: ', the commander of ...,' or ', who serves as ...,'."""
    if end >= len(doc) or doc[end].text != ",":
        return None
    i = end + 1
    if i + 1 < len(doc) and doc[i].like_num and doc[i + 1].text == ",":
        i += 2  # an age: "X, 54, the ..."
    if i >= len(doc):
        return None
    if doc[i].lower_ == "who":
        i = _after_copula(doc, i + 1)
        if i is None:
            return None
    while i < len(doc) and (doc[i].lower_ in words()["edge_stopwords"] or doc[i].lower_ in _LEAD_ADVERBS):
        i += 1
    last = _phrase_end(doc, i)
    if last is None or last <= i:
        return None
    phrase = doc[i:last]
    head = _phrase_head(phrase)
    # A plural ("X, analysts say") or another person's name is not this person's role.
    if any(t.i in people for t in phrase) or not is_role_head(head) or head.tag_ in ("NNS", "NNPS"):
        return None
    clause = _relative_clause_end(doc, last, people)
    return (doc[i:clause] if clause else phrase).text


def _relative_clause_end(doc: Doc, i: int, people: set[int]) -> int | None:
    """End of a short relative clause that says what the person did, kept with the role as
    written: "a ski instructor who led the “no” campaign". Only an action ('who led'), not a
    copula ('who is the general's sister', a second statement of its own), and only up to the
    clause's closing comma or stop."""
    if i + 1 >= len(doc) or doc[i].lower_ != "who":
        return None
    verb = doc[i + 1]
    if verb.pos_ != "VERB" or verb.tag_ not in ("VBD", "VBZ", "VBP") or verb.lemma_ in ("be", "say", "tell"):
        return None
    open_quote = False
    for j in range(i + 2, min(len(doc), i + 2 + _MAX_CLAUSE)):
        token = doc[j]
        if token.text in _OPENING_QUOTES and not open_quote:
            open_quote = True
        elif token.text in _CLOSING_QUOTES and open_quote:
            open_quote = False
        elif token.text in _END or token.lower_ in ("who", "which", "that") or token.i in people:
            return j if token.text in _CLAUSE_STOPS and not open_quote and j > i + 2 else None
        if "\n" in token.whitespace_:
            return None
    return None


def _after_copula(doc: Doc, i: int) -> int | None:
    """Index after 'is'/'was'/'serves as'/'works as' in a relative clause, else None."""
    while i < len(doc) and doc[i].lower_ in _LEAD_ADVERBS:
        i += 1
    if i >= len(doc):
        return None
    verb = doc[i]
    if verb.lemma_ == "be":
        return i + 1
    if verb.lemma_ in _SERVE_VERBS and i + 1 < len(doc) and doc[i + 1].lower_ == "as":
        return i + 2
    return None


def _phrase_end(doc: Doc, i: int) -> int | None:
    """End of an appositive noun phrase starting at i: the closing comma or stop, or a
    relative pronoun, brackets balanced. A verb first means it was a clause, not a phrase."""
    depth = 0
    for j in range(i, min(len(doc), i + _MAX_APPOSITION)):
        token = doc[j]
        if token.text in "([":
            depth += 1
        elif token.text in ")]":
            if depth == 0:
                return j
            depth -= 1
        elif depth == 0 and (token.text in _END or token.lower_ in ("who", "which", "that")):
            return j
        elif depth == 0 and token.pos_ in ("VERB", "AUX") and not _is_participle_modifier(token):
            return None
        if "\n" in token.whitespace_:
            return j + 1
    return None


def _is_participle_modifier(token: Token) -> bool:
    """A participle qualifying a noun after it: 'a just-sanctioned arms dealer', 'a newly
    appointed envoy' (a modifier inside the phrase, not the verb of a clause)."""
    return token.tag_ in ("VBN", "VBG") and token.dep_ in ("amod", "compound") and token.head.i > token.i


def _phrase_head(phrase) -> Token:
    """The head noun of a role phrase: the last word before its first preposition."""
    for token in phrase:
        if token.pos_ == "ADP" and token.i > phrase.start:
            return token.doc[token.i - 1]
    return phrase[-1]
