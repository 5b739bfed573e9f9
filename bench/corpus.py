"""A deterministic generator of fictional news articles for benchmarks.

Every name, place and outlet is invented. Articles are 400 to 1,200 words with a realistic
density of people (with titles), organizations (some with acronyms), places, direct quotes in
the attribution styles the quote extractor handles, and occasional sanctions mentions.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

FIRST = ["Mara", "Tomas", "Ilse", "Davor", "Keona", "Rafiq", "Selin", "Oren", "Liesel", "Anouk", "Bram", "Yusra",
         "Petra", "Idris", "Noor", "Calla", "Teodor", "Wren", "Soren", "Adaeze"]
LAST = ["Velisko", "Arandt", "Mirow", "Quellan", "Dastrova", "Okafin", "Brannoch", "Teskel", "Lindqvar", "Halvorin",
        "Morvane", "Castell", "Ebrusi", "Fenwright", "Koslar", "Andrecht", "Vaszary", "Ostrelli", "Pelgrin", "Santova"]
COUNTRIES = ["Calderra", "Veloria", "Ostmark", "Tirvana", "Belgrania", "Norvessa", "Quell", "Sardovia"]
CITIES = ["Port Almsey", "Kestrin", "Valmora", "Dunhollow", "Bresk-on-Tarra", "Ilvenport", "Marrow Bay", "Tessaly"]
ORGS = [("Ministry of Coastal Affairs", None), ("Northern Shipping Consortium", "NSC"),
        ("Calderran Defence Agency", "CDA"), ("Velorian Central Bank", None), ("Union of Free Ports", "UFP"),
        ("Tirvana State News Service", None), ("Office of Strategic Trade", "OST"), ("Sardovian Armaments Bureau", None)]
TITLES = ["Foreign Minister", "Defence Minister", "spokesperson", "trade envoy", "central bank governor",
          "opposition leader", "navy commander", "deputy prime minister"]
OUTLETS = ["The Valmora Ledger", "Kestrin Daily", "Ostmark Wire", "The Dunhollow Courier"]
QUOTES = ["We will not accept any transfer of weapons that breaks our commitments",
          "The talks were frank and the results will speak for themselves",
          "Our ports remain open to every lawful cargo and closed to smuggling",
          "No member state should trade in arms with a country under sanctions",
          "This agreement protects the interests of both our peoples for years to come",
          "We expect the inspectors to report within the month",
          "The shipments were inspected twice and nothing irregular was found",
          "Any cooperation on missiles would violate the resolutions we all signed"]
FILLER = ["Officials in {city} said the delegation arrived on {weekday} after a week of preparations.",
          "The {org} has been under pressure since the spring, when exports fell by {num} percent.",
          "Analysts expect the summit in {city} to focus on shipbuilding, energy and grain.",
          "Trade between {c1} and {c2} grew to {num} million dollars last year, according to customs data.",
          "The agreement would cover {num} vessels and a new terminal near {city}.",
          "Residents of {city} reported heavy security around the harbour on {weekday}.",
          "Negotiators from {c1} met counterparts from {c2} for {num} hours behind closed doors.",
          "The {org} did not respond to a request for comment on {weekday}."]
SANCTIONS = ["Diplomats said the deal could breach UN Security Council Resolution 2270, which bans arms transfers.",
             "The shipments may fall under UN sanctions on North Korea, experts in {city} warned.",
             "Washington has threatened secondary sanctions against banks that finance the trade.",
             "The European Union's arms embargo has been in place since 2014.",
             "Officials cited resolutions 1718 and 2397 in their letter to the council."]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _quote_paragraph(rng: random.Random, speaker: str, title: str, country: str) -> str:
    words, surname = rng.choice(QUOTES), speaker.split()[-1]
    style = rng.randrange(5)
    if style == 0:
        return f"{country}'s {title} {speaker} said, “{words}.”"
    if style == 1:
        return f"“{words},” said {surname}."
    if style == 2:
        return f"“{words},” {surname} told reporters. He added, “{rng.choice(QUOTES)}.”"
    if style == 3:
        return f"In a statement, {speaker} said: “{words}.”"
    return f"According to {speaker}, the {title} of {country}, “{words}.”"


def make_article(index: int, seed: int = 2026) -> str:
    """Return the text of fictional article number `index` in the scraped-text shape."""
    rng = random.Random(seed * 100_003 + index)
    c1, c2 = rng.sample(COUNTRIES, 2)
    people = [(_person(rng), rng.choice(TITLES), rng.choice([c1, c2])) for _ in range(rng.randint(3, 6))]
    published = datetime(2024, 1, 1, 9, tzinfo=timezone(timedelta(hours=rng.choice([0, 1, 9])))) + timedelta(hours=7 * index)
    headline = f"{c1} and {c2} weigh port deal as {people[0][0]} visits {rng.choice(CITIES)} ({index})"
    paragraphs = []
    target_words = rng.randint(400, 1200)
    words = 0
    name, title, country = people[0]
    paragraphs.append(f"{country}'s {title} {name} arrived in {rng.choice(CITIES)} on {rng.choice(WEEKDAYS)} for talks on a port and arms agreement with {c2 if country == c1 else c1}.")
    while words < target_words:
        roll = rng.random()
        if roll < 0.25:
            speaker, title, country = rng.choice(people)
            text = _quote_paragraph(rng, speaker, title, country)
        elif roll < 0.33:
            text = rng.choice(SANCTIONS).format(city=rng.choice(CITIES))
        else:
            org, acronym = rng.choice(ORGS)
            org_text = f"{org} ({acronym})" if acronym and rng.random() < 0.5 else org
            text = " ".join(
                rng.choice(FILLER).format(city=rng.choice(CITIES), org=org_text, num=rng.randint(2, 90),
                                          weekday=rng.choice(WEEKDAYS), c1=c1, c2=c2)
                for _ in range(rng.randint(2, 4))
            )
        paragraphs.append(text)
        words += len(text.split())
    posted = published.strftime("%Y-%m-%d %H:%M")
    offset = published.strftime("%z")
    byline = f"By {_person(rng)}, staff reporter"
    return "\n".join([headline, "", f"Posted on : {posted} {offset}", f"Talks in {c1} test the limits of the {c2} trade pact", "",
                      "\n\n".join(paragraphs), "", byline, ""])


def write_corpus(folder: Path, count: int, start: int = 0) -> list[Path]:
    """Write articles start..start+count-1 into folder as .txt files; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(start, start + count):
        path = folder / f"bench-{index:05d}.txt"
        if not path.exists():
            path.write_text(make_article(index), "utf-8")
        paths.append(path)
    return paths
