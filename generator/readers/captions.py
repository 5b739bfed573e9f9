"""Photo captions and their credits: 'Text. (courtesy of X/AFP/Yonhap)', 'Photo: A/Outlet'."""

from __future__ import annotations

import re
from functools import lru_cache

from ..models import Caption
from .patterns import vocabulary, words_pattern

_MAX_CAPTION = 600
_MAX_CREDIT = 120
_TRAILING_CREDIT = re.compile(r"^(?P<text>.*\S)\s*[(\[](?P<credit>[^()\[\]]{2,%d})[)\]]$" % _MAX_CREDIT)


@lru_cache(maxsize=1)
def _markers() -> re.Pattern:
    return re.compile(rf"(?<!\w)(?:{words_pattern(vocabulary()['credit_markers'])})(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _credit_line() -> re.Pattern:
    return re.compile(vocabulary()["credit_line"], re.IGNORECASE)


def looks_like_credit(text: str, loose: bool = False) -> bool:
    """A photo credit: a marker word ('courtesy of', 'Photo') or agencies joined by '/'.

    Loose (for lines around the headline, where prose is rare) also takes a short capitalised
    name such as '(Yonhap)'.
    """
    text = text.strip()
    if not text or not text[0].isupper() and not text.lower().startswith(("courtesy", "photo", "image")):
        return False
    if _markers().search(text) or re.search(r"\w\s*/\s*\w", text):
        return True
    return loose and len(text.split()) <= 4 and not re.search(r"\d", text)


def split_caption(line: str, loose: bool = False) -> Caption | None:
    """Split 'Caption text. (credit)' into a Caption; None when the line has no credit.

    Wire pages also write the credit bare after the last sentence ('... on Monday.
    ANNA ROE/POOL/AGENCY') and open the caption with '© Agency. FILE PHOTO:'.
    """
    if len(line) > _MAX_CAPTION:
        return None
    line = line.strip()
    prefix = _caption_prefix().match(line)
    body = prefix["text"].strip() if prefix else line
    bare = bare_credit(body)
    if prefix or bare:
        text, credit = bare if bare else (body, None)
        credit = credit or (prefix["owner"].strip() if prefix and prefix["owner"] else None)
        return Caption(text=text, credit=credit) if text else None
    match = _TRAILING_CREDIT.match(line)
    if not match or not looks_like_credit(match["credit"], loose):
        return None
    text = match["text"].strip()
    # The caption must read as one: a sentence end before the credit, or a credit marker word.
    if not (text.endswith((".", "!", "?", "”", '"')) or _markers().search(match["credit"])):
        return None
    credit = match["credit"].strip()
    return Caption(text=text, credit=credit_only(credit) or credit)


@lru_cache(maxsize=1)
def _caption_prefix() -> re.Pattern:
    return re.compile(vocabulary()["caption_prefix"], re.IGNORECASE)


# The last words of a caption after its final sentence: 'ANNA ROE/POOL/AGENCY', 'AGENCY/Anna Roe'.
_BARE_CREDIT = re.compile(r"^(?P<text>.*[.!?”\"])\s+(?P<credit>[A-Z][^.!?()\[\]]{0,%d}/[^.!?()\[\]]*[^\s.!?])$" % _MAX_CREDIT)
_CREDIT_PART = re.compile(r"^[A-Z][\w.'’&\-]*(?: [\w.'’&\-]+){0,4}$")


def bare_credit(line: str) -> tuple[str, str] | None:
    """(caption, credit) for a line ending in an unbracketed credit, or None.

    The credit must be names joined by '/', each capitalised, at least one written in
    capitals or with a credit word ('REUTERS/Anna Roe', 'ANNA ROE/POOL/AGENCY') — prose
    does not end like that, without a full stop.
    """
    match = _BARE_CREDIT.match(line.strip())
    if not match or len(match["credit"]) > _MAX_CREDIT:
        return None
    parts = [p.strip() for p in match["credit"].split("/")]
    if len(parts) < 2 or not all(_CREDIT_PART.match(p) for p in parts):
        return None
    shouted = any(p.isupper() and sum(c.isalpha() for c in p) >= 2 for p in parts)
    if not (shouted or any(_markers().search(p) for p in parts)):
        return None
    return match["text"].strip(), match["credit"].strip()


@lru_cache(maxsize=1)
def _caption_line() -> re.Pattern:
    return re.compile(vocabulary()["caption_line"], re.IGNORECASE)


def labelled_caption(line: str) -> str | None:
    """The text of a labelled caption line ('Image caption, Commuters wait ...'), or None."""
    match = _caption_line().match(line.strip())
    return match["text"].strip() if match and len(line) <= _MAX_CAPTION else None


def credit_only(line: str) -> str | None:
    """The credit of a standalone credit line ('Photo: A/Outlet'), or None."""
    match = _credit_line().match(line.strip())
    if match and len(match["credit"]) <= _MAX_CREDIT:
        return match["credit"].strip()
    return None
