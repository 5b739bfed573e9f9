"""Hostile inputs that are too big or too strange to keep as files: made at test time.

Everything here is fictional (invented places, people and outlets). `write_corpus` fills a
briefs/ folder with the static cases in tests/hostile/briefs/ plus these, and returns what the
build must do with each file: "published", "ignored" (not an article) or a problem code.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
STATIC = HERE / "briefs"

PLACES = [
    "Port Eskel", "Brannoc", "Oskerby", "Mellby", "Garrow", "Saltmere", "Fallowmere", "Lumbroske", "Corran",
    "Tallow Reach", "Hesket", "Drelling", "Skarrow", "Orrin", "Pellan", "Vantor", "Quillan", "Ebbside",
]


def short_article(number: int, headline: str | None = None) -> str:
    """A small, clean fictional article (distinct headline per number, so slugs differ)."""
    place = PLACES[number % len(PLACES)]
    headline = headline or f"Ferry timetable number {number} changes in {place}"
    return (
        f"{headline}\n"
        f"Posted on : 2024-04-{number % 28 + 1:02d} 10:00 UTC\n\n"
        f"The {place} ferry company published a new timetable on Monday.\n\n"
        f'"The new timetable keeps every crossing to {place} running through the winter months," '
        f"said Nara Vell, a ferry captain in {place}.\n\n"
        "The timetable starts next week, the company said.\n"
    )


def one_megabyte_line() -> bytes:
    """A body made of one line of a million characters (spaCy's own limit is 1,000,000)."""
    line = "The Ebbside tide table runs on and on " * (1_000_000 // 38 + 1)
    return (short_article(90, "One very long line in Ebbside").rstrip("\n") + "\n\n" + line + "\n").encode()


def one_megabyte_headline() -> bytes:
    """A first line of a million characters where the headline should be."""
    return ("Headline " * 111_112 + "\nPosted on : 2024-04-02 10:00 UTC\n\nA body.\n\nAnother paragraph.\n").encode()


def ten_thousand_paragraphs() -> bytes:
    """Ten thousand short paragraphs: long for a page, short enough for the text limit."""
    body = "\n\n".join(f"Line {n}." for n in range(1, 10_001))
    return f"Ten thousand paragraphs from Quillan\nPosted on : 2024-04-03 10:00 UTC\n\n{body}\n".encode()


def dot_dot_headline() -> bytes:
    """A headline that looks like a path out of the folder."""
    return short_article(91, "../../../../etc/passwd and ..\\..\\windows in Drelling").encode()


# File names an article can have on Linux (anything but '/' and NUL), each with a clean article.
HOSTILE_NAMES = [
    "<img src=x onerror=alert('file-name')>.txt",
    '"><svg onload=alert(1)>.txt',
    "{{ 7*7 }} {% raw %}.txt",
    "<!-- more --> <!-- material__tags -->.txt",
    "[link](javascript:alert(1)) `tick` #heading.txt",
    "-- leading dashes.txt",
    "line\nbreak and\ttab.txt",
    "\u202etxt.exe.txt",
    "zero\u200bwidth.txt",
    "..\\..\\escape.txt",
    "%2e%2e%2fescape.txt",
    "index.txt",
    "x" * 240 + ".txt",
]
# Not valid UTF-8: Python sees a lone surrogate (surrogateescape); reported, not published.
UNDECODABLE_NAME = os.fsdecode(b"caf\xe9 latin-1.txt")


def write_corpus(briefs: Path) -> dict[str, str]:
    """Copy the static corpus and write the generated cases into briefs/; return expectations."""
    briefs.mkdir(parents=True, exist_ok=True)
    expected: dict[str, str] = dict(yaml.safe_load((HERE / "expected.yml").read_text("utf-8")))
    for path in sorted(STATIC.iterdir()):
        shutil.copy(path, briefs / path.name)
    generated = {
        "one-megabyte-line.txt": (one_megabyte_line(), "BRF116"),
        "one-megabyte-headline.txt": (one_megabyte_headline(), "BRF102"),
        "ten-thousand-paragraphs.txt": (ten_thousand_paragraphs(), "published"),
        "dot-dot-headline.txt": (dot_dot_headline(), "published"),
        ".hidden-article.txt": (short_article(92).encode(), "ignored"),
    }
    for number, name in enumerate(HOSTILE_NAMES):
        # A name starting with a dot is a hidden file: never an article.
        generated[name] = (short_article(number).encode(), "ignored" if name.startswith(".") else "published")
    generated[UNDECODABLE_NAME] = (short_article(len(HOSTILE_NAMES)).encode(), "BRF118")
    for name, (data, outcome) in generated.items():
        (briefs / name).write_bytes(data)
        expected[name] = outcome
    return expected
