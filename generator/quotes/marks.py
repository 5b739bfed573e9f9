"""Quotation marks: pair them by kind, tell apostrophes apart, follow quotes across paragraphs.

Works on plain text (no spaCy), one block at a time. A mark is paired only with a closing
mark of its own kind (“ ” and ", ‘ ’ and ', « », „ “), so an apostrophe or a mark of another
kind never unbalances the count the way a parity check does. Marks that stay unpaired are
reported, and everything else in the text is still found.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Opening mark -> the closing marks that end it. Straight marks close themselves.
# Scraped pages often mix curly and straight marks ("“we will win\""), so a straight mark may
# close a curly one of its family and the other way round.
CLOSERS: dict[str, frozenset[str]] = {
    "“": frozenset('”"'),
    "„": frozenset('“”"'),
    "«": frozenset("»"),
    "‹": frozenset("›"),
    "‘": frozenset("’'"),
    "‚": frozenset("‘’"),
    '"': frozenset('"”'),
    "'": frozenset("'’"),
}
# Families for "a quote resumes in the next paragraph": any opener of the same family resumes it.
FAMILY = {"“": "double", "„": "double", '"': "double", "«": "guillemet", "‹": "guillemet", "‘": "single", "‚": "single", "'": "single"}
SINGLE_LIKE = frozenset("’'‘")
# Characters after which a straight mark opens a quotation ("(", "—", "/" or a space).
OPEN_BEFORE = frozenset("([{—–-/:")
# Characters before which a straight mark closes a quotation.
CLOSE_AFTER = frozenset(".,;:!?)]}—–-…")
# Short words written with a leading apostrophe ('em, 'til, 'n', 'tis): never an opening mark.
ELISIONS = frozenset({"em", "til", "tis", "twas", "cause", "n", "round", "bout", "ere"})


@dataclass
class Piece:
    """One quoted passage: the text between a pair of marks, as offsets into the block text."""

    start: int
    """Offset of the first character after the opening mark."""
    end: int
    """Offset of the closing mark (or of the paragraph end when the quote runs on)."""
    open_at: int
    close_at: int | None
    """Offset of the closing mark, None when the quote runs on into the next paragraph."""
    depth: int
    """0 for a top-level quotation, 1 for a quotation inside it, and so on."""
    continued: bool = False
    """True when this piece resumes a quotation left open at the end of the previous paragraph."""


@dataclass
class Stray:
    """A quotation mark that has no partner."""

    at: int
    mark: str
    opening: bool


@dataclass
class _Open:
    mark: str
    at: int
    closers: frozenset[str]
    continued: bool = False


@dataclass
class BlockMarks:
    pieces: list[Piece] = field(default_factory=list)
    strays: list[Stray] = field(default_factory=list)
    open_at_end: list[_Open] = field(default_factory=list)


def _word(ch: str | None) -> bool:
    return ch is not None and ch.isalnum()


def _space(ch: str | None) -> bool:
    return ch is None or ch.isspace()


def is_apostrophe(text: str, i: int) -> bool:
    """Tell whether the ’ or ' at i is an apostrophe whatever quotes are open (don’t, ’90s, ’em)."""
    ch, prev = text[i], text[i - 1] if i > 0 else None
    nxt = text[i + 1] if i + 1 < len(text) else None
    if _word(prev) and _word(nxt):
        return True  # inside a word: don’t, o’clock, Kim’s, rock’n’roll
    if nxt is not None and nxt.isdigit() and not _word(prev):
        return True  # a year cut short: ’90s
    if ch in "’'" and (_space(prev) or prev in OPEN_BEFORE) and nxt is not None and nxt.isalpha():
        # A leading ’ before a letter is an elision; a leading ' may also open a quotation.
        word = _leading_word(text, i + 1)
        return ch == "’" or word.lower() in ELISIONS
    return False


def _leading_word(text: str, i: int) -> str:
    j = i
    while j < len(text) and text[j].isalpha():
        j += 1
    return text[i:j]


def _can_close_single(text: str, i: int) -> bool:
    """A ’ or ' after a non-space that is followed by a space, punctuation or the end."""
    prev = text[i - 1] if i > 0 else None
    nxt = text[i + 1] if i + 1 < len(text) else None
    return not _space(prev) and (_space(nxt) or nxt in CLOSE_AFTER or nxt in "”\"»›")


def _later_single_closer(text: str, i: int, mark_set: frozenset[str]) -> bool:
    """Is there another possible closing single mark after i, before a new single opener?"""
    for j in range(i + 1, len(text)):
        ch = text[j]
        if ch in mark_set and not is_apostrophe(text, j) and _can_close_single(text, j):
            return True
        if ch == "‘" and not is_apostrophe(text, j):
            return False
    return False


def _straight_role(text: str, i: int) -> str:
    """'open', 'close' or 'either' for a straight mark, from the characters around it."""
    prev = text[i - 1] if i > 0 else None
    nxt = text[i + 1] if i + 1 < len(text) else None
    opens = (_space(prev) or prev in OPEN_BEFORE or prev in "“‘«„") and not _space(nxt)
    closes = not _space(prev) and (_space(nxt) or nxt in CLOSE_AFTER or nxt in "”’»")
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    return "either"


def scan_block(text: str, resumed: list[_Open] | None = None) -> BlockMarks:
    """Pair the quotation marks of one block; `resumed` are quotes continued from the last block."""
    result = BlockMarks()
    stack: list[_Open] = []
    pending_resume = list(resumed or [])
    i = 0
    while i < len(text):
        ch = text[i]
        if ch not in "“”„«»‹›‘’‚\"'":
            i += 1
            continue
        if ch in "’'" and is_apostrophe(text, i):
            i += 1
            continue
        if ch == "‘" and is_apostrophe(text, i):
            i += 1
            continue
        top = stack[-1] if stack else None
        # Closing marks first: a mark that can end the innermost open quotation does so.
        if ch in ("”", "»", "›", "“", "’", "‘", '"', "'") and _closes(text, i, ch, stack):
            index = max(k for k, entry in enumerate(stack) if ch in entry.closers)
            for entry in stack[index + 1 :]:
                result.strays.append(Stray(entry.at, entry.mark, True))
            entry = stack[index]
            del stack[index:]
            result.pieces.append(
                Piece(start=entry.at + 1, end=i, open_at=entry.at, close_at=i, depth=index, continued=entry.continued)
            )
            i += 1
            continue
        if ch in ("’", "'"):
            if ch == "'" and _straight_role(text, i) == "open" and _later_single_closer(text, i, CLOSERS["'"]):
                stack.append(_Open(ch, i, CLOSERS[ch]))
            # Otherwise an apostrophe (plural possessive, a closer with no opener): not a mark.
            i += 1
            continue
        if ch == "‘" and top is not None and top.mark == "‘":
            # ‘ inside ‘...’: a misused apostrophe, not a nested single quote.
            i += 1
            continue
        if ch in CLOSERS and (ch != '"' or _straight_role(text, i) != "close"):
            entry = _Open(ch, i, CLOSERS[ch])
            if pending_resume and not stack and FAMILY.get(ch) == FAMILY.get(pending_resume[0].mark):
                entry.continued = True
                pending_resume.pop(0)
            stack.append(entry)
            i += 1
            continue
        if ch == "”" and _straight_opening_context(text, i):
            # ”...” (a closing mark used to open, as in Swedish typesetting).
            stack.append(_Open(ch, i, frozenset("”")))
            i += 1
            continue
        result.strays.append(Stray(i, ch, False))
        i += 1
    result.open_at_end = stack
    return result


def _straight_opening_context(text: str, i: int) -> bool:
    prev = text[i - 1] if i > 0 else None
    nxt = text[i + 1] if i + 1 < len(text) else None
    return (_space(prev) or prev in OPEN_BEFORE) and _word(nxt)


def _closes(text: str, i: int, ch: str, stack: list[_Open]) -> bool:
    """Does the mark at i close an open quotation on the stack?"""
    if not any(ch in entry.closers for entry in stack):
        return False
    top = stack[-1]
    if ch in SINGLE_LIKE:
        # A single closing mark may only end the innermost quotation, and only where a
        # closing mark can stand; "Workers’ Party" inside ‘...’ is an apostrophe when
        # another closing mark follows.
        if ch not in top.closers or not _can_close_single(text, i):
            return ch == "‘" and top.mark == "‚"
        prev = text[i - 1] if i > 0 else ""
        if prev.lower() in "sxz" and _later_single_closer(text, i, top.closers):
            return False
        return True
    if ch == '"':
        role = _straight_role(text, i)
        if top.mark == '"':
            return role != "open" or text[top.at + 1 : i].strip() != ""
        return role == "close"
    if ch == "“":
        # “ closes „ only; otherwise it opens a new quotation.
        return top.mark == "„"
    return True


def scan_blocks(blocks: list[tuple[str, str]]) -> list[BlockMarks]:
    """Scan blocks in order; blocks are (kind, text), and only paragraphs carry quotes over."""
    results: list[BlockMarks] = []
    carry: list[_Open] = []
    for index, (kind, text) in enumerate(blocks):
        marks = scan_block(text, carry if kind == "paragraph" else None)
        carry = []
        next_block = blocks[index + 1] if index + 1 < len(blocks) else None
        still_open = []
        for depth, entry in enumerate(marks.open_at_end):
            resumes = (
                kind == "paragraph" and next_block is not None and next_block[0] == "paragraph"
                and depth == 0 and _starts_with_opener(next_block[1], FAMILY.get(entry.mark))
                and _opens_sentence(text, entry.at)
            )
            if resumes:
                end = len(text.rstrip())
                marks.pieces.append(
                    Piece(start=entry.at + 1, end=end, open_at=entry.at, close_at=None, depth=0, continued=entry.continued)
                )
                carry.append(entry)
            else:
                still_open.append(entry)
        marks.open_at_end = still_open
        for entry in still_open:
            marks.strays.append(Stray(entry.at, entry.mark, True))
        marks.pieces.sort(key=lambda p: (p.open_at, p.depth))
        results.append(marks)
    return results


def _opens_sentence(text: str, at: int) -> bool:
    """Does the quotation open a sentence ("... said: “We", "“We")? Only those run on across
    paragraphs; a phrase quoted mid-sentence that is never closed is a stray mark."""
    before = text[:at].rstrip()
    after = text[at + 1 :].lstrip()
    return (not before or before[-1] in ".!?:,;—–") and bool(after) and (after[0].isupper() or after[0].isdigit())


def _starts_with_opener(text: str, family: str | None) -> bool:
    stripped = text.lstrip()
    return bool(stripped) and family is not None and FAMILY.get(stripped[0]) == family
