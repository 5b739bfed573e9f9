"""Nationality in a title: "the Dravenian leader" is Dravenia's, never Ostria's.

A title's nation words are nationality adjectives (generator/data/nationalities.txt, or any
capitalised word shaped like one: "Velmoran"), and place names the article mentions ("Ostria’s
leader"). Two nation phrases agree when their words do, word by word, after the adjective and
country endings are set aside ("Russian" ~ "Russia", "Chinese" ~ "China") or through the
irregular pairs kept as data ("French" ~ "France").
"""

from __future__ import annotations

import re

# Capitalised words shaped like a nationality adjective ("Dravenian", "Velmoran", "Halvese").
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:an|ean|ian|ese|ish|i)$")
# Endings set aside before comparing stems, longest first.
_ENDINGS = ("land", "ian", "ean", "ese", "ish", "ain", "ia", "an", "en", "i", "a", "y", "e")


def _stem(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def _same_nation_word(a: str, b: str, irregular: frozenset[tuple[str, str]]) -> bool:
    if a == b or (a, b) in irregular:
        return True
    short, long = sorted((a, b), key=len)
    # "Russia" ~ "Russian", "Iran" ~ "Iranian": the country is the adjective's beginning.
    if len(short) >= 4 and long.startswith(short) and len(long) - len(short) <= 3:
        return True
    return _stem(a) == _stem(b)


def agree(a: str, b: str, irregular: frozenset[tuple[str, str]]) -> bool:
    """Do two nation phrases ("north korean", "north korea") name the same nation?"""
    wa, wb = a.split(), b.split()
    return len(wa) == len(wb) and all(_same_nation_word(x, y, irregular) for x, y in zip(wa, wb))


def nation_phrases(text: str, places: frozenset[str], nationalities: frozenset[str]) -> list[str]:
    """The nation phrases written in a title, lower case ("Russia’s President" -> ["russia"])."""
    tokens = re.findall(r"[A-Za-z][\w-]*", re.sub(r"[’']s\b", "", text))
    found: list[str] = []
    i = 0
    while i < len(tokens):
        for size in (3, 2, 1):
            words = tokens[i : i + size]
            if len(words) < size:
                continue
            phrase = " ".join(words).lower()
            capitalised = all(w[:1].isupper() for w in words)
            if phrase in nationalities or (capitalised and phrase in places) or (
                size == 1 and _DEMONYM.match(words[0])
            ):
                found.append(phrase)
                i += size
                break
        else:
            i += 1
    return found


def any_agree(wanted: list[str], have: list[str], irregular: frozenset[tuple[str, str]]) -> bool:
    """Does any nation phrase of one title agree with one of the other's?"""
    return any(agree(a, b, irregular) for a in wanted for b in have)
