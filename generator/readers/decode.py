"""Bytes to clean Unicode text: encoding detection and hygiene shared by every reader."""

from __future__ import annotations

import codecs
import re
import unicodedata

from ..escape import strip_invisible
from ..problems import SourceError

# UTF-32 first: its little-endian BOM starts with UTF-16's.
_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
# A charset declared by an HTML page (<meta charset="euc-kr">) or an XML prolog.
_DECLARED = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?\s*([A-Za-z0-9_.:\-]{2,40})""", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
# C1 controls only appear in text decoded with the wrong legacy code page; soft hyphens are
# invisible line-break hints that split words for the NLP stage.
_HIDDEN = re.compile("[\u0080-\u009f\u00ad]")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")

BINARY_MESSAGE = "this looks like a binary file, not an article; save it as text, Markdown or HTML"


def decode_bytes(data: bytes, source_path: str) -> str:
    """Decode article bytes (UTF-8/16/32 with or without BOM, cp949/EUC-KR, cp1252) to clean NFC text."""
    if not data.strip():
        raise SourceError(source_path, "BRF101", "the file is empty; add the article text or delete the file")
    text = _decode(data, source_path)
    if text is None:
        raise SourceError(
            source_path, "BRF104",
            "cannot decode the file as UTF-8, UTF-16, cp949/EUC-KR or Windows-1252; re-save it as UTF-8",
        )
    if _looks_binary(text):
        raise SourceError(source_path, "BRF103", BINARY_MESSAGE)
    text = clean_text(text)
    if not text.strip():
        raise SourceError(source_path, "BRF101", "the file has no visible text; add the article text or delete the file")
    return text


def _decode(data: bytes, source_path: str) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _try(data, encoding)
    if b"\x00" in data[:4096]:
        encoding = _utf16_without_bom(data)
        text = _try(data, encoding) if encoding else None
        if text is None or _looks_binary(text):
            raise SourceError(source_path, "BRF103", BINARY_MESSAGE)
        return text
    text = _try(data, "utf-8")
    if text is not None:
        return text
    declared = _declared_encoding(data)
    if declared and (text := _try(data, declared)) is not None:
        return text
    return _legacy(data)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM has its NULs in the high byte of ASCII characters."""
    if len(data) % 2:
        return None
    sample = data[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    # Mostly ASCII (Latin) text: one byte of each pair is NUL, always the same one.
    if odd > len(sample) // 4 and even == 0:
        return "utf-16-le"
    if even > len(sample) // 4 and odd == 0:
        return "utf-16-be"
    return None


def _declared_encoding(data: bytes) -> str | None:
    match = _DECLARED.search(data[:4096])
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    return None if name.startswith(("utf-16", "utf-32")) else name


def _legacy(data: bytes) -> str | None:
    """Choose between cp949 (Korean) and cp1252 (Western), the legacy code pages news archives use.

    Many byte strings decode under both. Korean text is made of two-byte characters, so read as
    cp1252 it shows long runs of accented letters and symbols; Western text has its few
    non-ASCII characters (é, curly quotes, dashes) mostly alone between ASCII letters.
    """
    korean, western = _try(data, "cp949"), _try(data, "cp1252")
    if korean is None or western is None:
        return korean if western is None else western
    runs = _NON_ASCII_RUN.findall(western)
    mean_run = sum(map(len, runs)) / len(runs) if runs else 0
    return korean if mean_run >= 2 else western


def clean_text(text: str) -> str:
    """Normalise to NFC with \\n line ends, dropping control and zero-width characters.

    Curly quotes and apostrophes are kept as they are: quote extraction relies on them.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = text.replace("\t", " ").replace("\u00a0", " ").replace("\f", "\n").replace("\v", "\n")
    return unicodedata.normalize("NFC", _HIDDEN.sub("", strip_invisible(text)))


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    return bool(sample) and len(_CONTROL.findall(sample)) > max(2, len(sample) // 100)
