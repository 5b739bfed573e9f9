"""A callout links its speaker only to a page that exists: credit-only people have none."""

from __future__ import annotations

from generator.models import Annotations, Block, Entity, Mention, Quote
from generator.select import choose_callouts

WORDS = "The harbour stays open to every lawful cargo and closed to smuggling, now and later"
TEXT = f"Harbour talks\n\n“{WORDS},” said Pelgrin.\n\nBy Petra Pelgrin, staff reporter"


def annotations(in_credit: bool) -> Annotations:
    quote_start = TEXT.index("“") + 1
    credit = TEXT.index("Petra")
    return Annotations(
        text=TEXT,
        blocks=[
            Block(kind="title", index=0, start=0, end=13),
            Block(kind="paragraph", index=0, start=15, end=TEXT.index("\n\nBy")),
        ],
        entities=[Entity(
            id="petra-pelgrin", name="Petra Pelgrin", type="person", in_credit=in_credit,
            mentions=[Mention(start=credit, end=credit + len("Petra Pelgrin"), text="Petra Pelgrin")],
        )],
        quotes=[Quote(
            text=WORDS, speaker="Petra Pelgrin", speaker_type="person", cue="said", paragraph=0,
            start=quote_start, end=quote_start + len(WORDS), confidence=0.9,
        )],
    )


def test_a_quote_credited_to_a_byline_name_has_no_speaker_link():
    [callout] = choose_callouts(annotations(in_credit=True))
    assert callout.speaker == "Petra Pelgrin"
    assert callout.speaker_url is None  # entity_pages.py writes no page for credit-only people


def test_a_quote_credited_to_a_person_of_the_story_links_to_their_page():
    [callout] = choose_callouts(annotations(in_credit=False))
    assert callout.speaker_url is not None and callout.speaker_url.endswith("people/petra-pelgrin.md")
