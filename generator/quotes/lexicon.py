"""The word lists quote attribution runs on, read from generator/data (open lists, kept as data)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

DATA_DIR = Path(str(resources.files("generator") / "data"))


@dataclass(frozen=True)
class Lexicon:
    """Reporting cues and speaker vocabulary, all lower case."""

    speech: frozenset[str]
    continuation: frozenset[str]
    relay: frozenset[str]
    source_prepositions: tuple[tuple[str, ...], ...]
    person_titles: frozenset[str]
    person_nouns: frozenset[str]
    honorifics: frozenset[str]
    document_nouns: frozenset[str]
    title_groups: dict[str, str]
    organization_nouns: frozenset[str]
    outlet_words: frozenset[str]
    outlet_nouns: frozenset[str]
    masculine: frozenset[str]
    feminine: frozenset[str]
    male_pronouns: frozenset[str]
    female_pronouns: frozenset[str]
    pronouns: dict[str, frozenset[str]]
    nationalities: frozenset[str] = frozenset()
    """Nationality adjectives, lower case, compounds whole ("north korean")."""
    irregular_demonyms: tuple[tuple[str, str], ...] = ()
    """(adjective, country) pairs no spelling rule links ("french", "france")."""

    def is_cue(self, lemma: str, particle: str | None = None) -> bool:
        """Is this verb (lemma, with its particle if any) one that reports speech?"""
        lemma = lemma.lower()
        return lemma in self.speech or (particle is not None and f"{lemma} {particle.lower()}" in self.speech)

    def continues(self, lemma: str, particle: str | None = None) -> bool:
        """Is this cue one that carries on the last speaker's words ("he added", "she went on")?"""
        lemma = lemma.lower()
        return lemma in self.continuation or (particle is not None and f"{lemma} {particle.lower()}" in self.continuation)

    def is_person_noun(self, word: str) -> bool:
        """Does this noun denote a person (an office, a relation, a role in life)?"""
        word = word.lower()
        return word in self.person_titles or word in self.person_nouns

    def title_key(self, word: str) -> str:
        """One spelling for every word of a title group (spokeswoman -> spokesman)."""
        word = word.lower()
        return self.title_groups.get(word, word)

    def title_words(self, title: str) -> list[str]:
        """A title's words in order, each group spelled one way ("Prime Minister" -> "leader")."""
        text = " " + " ".join(re.findall(r"[\w-]+", re.sub(r"[’']s\b", "", title.lower()))) + " "
        for phrase in sorted((g for g in self.title_groups if " " in g), key=len, reverse=True):
            text = text.replace(f" {phrase} ", f" {self.title_groups[phrase].replace(' ', '_')} ")
        return [self.title_key(w.replace("_", " ")) for w in text.split()]

    def demonyms(self) -> frozenset[tuple[str, str]]:
        """Irregular (adjective, country) pairs both ways round, for nation matching."""
        return frozenset(self.irregular_demonyms) | frozenset((c, a) for a, c in self.irregular_demonyms)


def _words(values) -> frozenset[str]:
    return frozenset(str(v).lower() for v in values or [])


def load_lexicon(data_dir: Path = DATA_DIR) -> Lexicon:
    """Read reporting_verbs.yml and quote_speakers.yml into a Lexicon."""
    verbs = yaml.safe_load((data_dir / "reporting_verbs.yml").read_text("utf-8"))
    speakers = yaml.safe_load((data_dir / "quote_speakers.yml").read_text("utf-8"))
    groups: dict[str, str] = {}
    for group in speakers.get("title_synonyms") or []:
        words = [str(w).lower() for w in group]
        for word in words:
            groups[word] = words[0]
    return Lexicon(
        speech=_words(verbs["speech"]) | _words(verbs.get("continuation")),
        continuation=_words(verbs.get("continuation")),
        relay=_words(verbs.get("relay")),
        source_prepositions=tuple(tuple(p.lower().split()) for p in verbs.get("source_prepositions") or []),
        person_titles=_words(speakers["person_titles"]),
        person_nouns=_words(speakers.get("person_nouns")) | _words(speakers.get("masculine")) | _words(speakers.get("feminine")),
        honorifics=_words(speakers.get("honorifics")),
        document_nouns=_words(speakers.get("document_nouns")),
        title_groups=groups,
        organization_nouns=_words(speakers["organization_nouns"]),
        outlet_words=_words(speakers["outlet_words"]),
        outlet_nouns=_words(speakers["outlet_nouns"]),
        masculine=_words(speakers.get("masculine")),
        feminine=_words(speakers.get("feminine")),
        male_pronouns=_words(speakers.get("male_pronouns")),
        female_pronouns=_words(speakers.get("female_pronouns")),
        pronouns={str(k).lower(): _words(v) for k, v in (speakers.get("pronouns") or {}).items()},
        nationalities=_nationalities(data_dir / "nationalities.txt"),
        irregular_demonyms=tuple(
            (str(pair[0]).lower(), str(pair[1]).lower()) for pair in speakers.get("irregular_demonyms") or []
        ),
    )


def _nationalities(path: Path) -> frozenset[str]:
    if not path.exists():
        return frozenset()
    lines = (line.strip() for line in path.read_text("utf-8").splitlines())
    return frozenset(line.lower() for line in lines if line and not line.startswith("#"))


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The project's lexicon, read once per process."""
    return load_lexicon()
