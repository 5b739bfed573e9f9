"""Bytes to clean Unicode text: encoding detection and hygiene shared by every reader."""

from __future__ import annotations

import codecs
import re
import unicodedata

from ..escape import strip_invisible
from ..problems import SourceError

_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
# Encodings common in news archives, tried in order after UTF-8 fails.
_LEGACY = ("cp949", "cp1252")


def decode_bytes(data: bytes, source_path: str) -> str:
    """Decode article bytes (UTF-8/16 with or without BOM, cp949, cp1252) to NFC text."""
    if not data.strip():
        raise SourceError(source_path, "BRF101", "the file is empty; add the article text or delete the file")
    text = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _try(data, encoding)
            break
    if text is None:
        if b"\x00" in data[:4096]:
            text = _try(data, "utf-16") if len(data) % 2 == 0 else None
            if text is None or _looks_binary(text):
                raise SourceError(
                    source_path, "BRF103",
                    "this looks like a binary file, not an article; save it as text, Markdown or HTML",
                )
        else:
            text = _try(data, "utf-8")
            for encoding in _LEGACY:
                if text is not None:
                    break
                text = _try(data, encoding)
    if text is None:
        raise SourceError(
            source_path, "BRF104", "cannot decode the file as UTF-8, UTF-16, cp949 or cp1252; re-save it as UTF-8",
        )
    if _looks_binary(text):
        raise SourceError(
            source_path, "BRF103", "this looks like a binary file, not an article; save it as text, Markdown or HTML",
        )
    return clean_text(text)


def clean_text(text: str) -> str:
    """Normalise to NFC with \\n line ends, dropping control and zero-width characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = text.replace("\t", " ").replace("\u00a0", " ")
    return unicodedata.normalize("NFC", strip_invisible(text))


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    return bool(sample) and len(_CONTROL.findall(sample)) > max(2, len(sample) // 100)
