"""Patterns seen on real wire articles, rebuilt in fictional sentences (invented names only).

Each test names the pattern: ships are not bodies, agreements are not bodies, a business word
makes a name a business, modified appositions keep their role, wire captions and credits,
and the display of names and roles.
"""

from __future__ import annotations

from generator.layout import compose_text
from generator.models import Annotations, Article, Caption


def annotate_text(nlp, paragraphs: list[str], title: str = "A headline about the news", **fields) -> list:
    """Run extract_entities on a small article built from paragraphs."""
    from generator.entities import extract_entities

    article = Article(source_path="briefs/x.txt", format="txt", digest="0", slug="x", title=title, paragraphs=paragraphs, **fields)
    text, blocks = compose_text(article)
    return extract_entities(nlp(text), article, Annotations(text=text, blocks=blocks))


def named(entities, name):
    return [e for e in entities if e.name == name]


VESSELS = [
    "A firm linked to the Norvaskan Velka Morin 2 tanker was also named.",
    "Port officials in Sallenby held the tanker Velka Morin 2 in May. Its owner said the vessel Orsa Dawn "
    "and the freighter Kelpie Star were also stopped.",
    "Also listed are units of a Tarsenian firm with a stake in the Velka Morin 2, the Norvaskan tanker the "
    "authorities in Sallenby detained in May.",
]


def test_ships_are_vessels_without_nationality_and_merged(nlp):
    entities = annotate_text(nlp, VESSELS)
    ship = named(entities, "Velka Morin 2")
    assert len(ship) == 1 and ship[0].type == "other" and len(ship[0].mentions) == 3
    assert ship[0].role is None
    for name in ("Orsa Dawn", "Kelpie Star"):
        assert [e.type for e in named(entities, name)] == ["other"], name
    # Neither the ship with its nationality adjective nor the adjective alone is a body.
    assert not [e for e in entities if "Norvaskan" in e.name and e.type in ("person", "organization", "place")]
    assert not [e for e in entities if e.type in ("person", "organization") and "Velka" in e.name]


def test_a_country_after_a_ship_word_is_not_a_ship(nlp):
    # The model does not know an invented country; the article's own use of it as a place decides.
    entities = annotate_text(nlp, ["Officials in Ostravel said the tanker Ostravel seized last week was carrying grain to Lisk."])
    assert not [e for e in entities if e.type == "other"]
    assert "Lisk" in {e.name for e in entities if e.type == "place"}


def test_a_single_word_before_a_ship_word_is_its_owner_not_its_name(nlp):
    entities = annotate_text(nlp, ["The Ostline tanker docked in Lisk on Monday, the company said."])
    assert not [e for e in entities if e.type == "other"]


def test_agreements_and_plans_are_laws_not_organizations(nlp):
    entities = annotate_text(nlp, [
        "Officials met at the Joint Commission of the Varnholm Comprehensive Plan of Action (VCPA) in Lisk.",
        "Ostravel left the Treaty of Mirel and the Kestrin Accord last year, and the Dunmore Agreement and "
        "the Tarsenian Recovery Plan were shelved. Ostravel still backs the VCPA.",
    ])
    types = {e.name: e.type for e in entities}
    for name in ("Varnholm Comprehensive Plan of Action", "Treaty of Mirel", "Kestrin Accord", "Dunmore Agreement", "Tarsenian Recovery Plan"):
        assert types.get(name) == "law", (name, types)
    plan = named(entities, "Varnholm Comprehensive Plan of Action")[0]
    assert plan.acronym == "VCPA" and [m.text for m in plan.mentions].count("VCPA") == 2
    assert not [e for e in entities if e.name == "VCPA"]


def test_a_body_named_after_an_agreement_stays_a_body(nlp):
    entities = annotate_text(nlp, ["Ministers of the Kestrin Treaty Organization met in Lisk on Monday."])
    assert [e.type for e in named(entities, "Kestrin Treaty Organization")] == ["organization"]


def test_a_business_word_before_a_name_makes_it_an_organization(nlp):
    entities = annotate_text(nlp, [
        "Diplomats say the package will target Norvaskan oil companies Velcor and Ardenoil and the petroleum "
        "unit of state gas monopoly Brennagaz.",
        "The shipping giant Maretta and the lender Ostbank were also named, as was the insurer Polvara.",
    ])
    types = {e.name: e.type for e in entities}
    for name in ("Velcor", "Ardenoil", "Brennagaz", "Maretta", "Ostbank", "Polvara"):
        assert types.get(name) == "organization", (name, types)
    assert types.get("Norvaskan") != "organization"


def test_a_business_word_does_not_swallow_a_titled_person(nlp):
    entities = annotate_text(nlp, ["The company Chairman Oren Vask said the lender Ostbank would pay."])
    assert [e.type for e in named(entities, "Oren Vask")] == ["person"]
    assert [e.type for e in named(entities, "Ostbank")] == ["organization"]


def test_apposition_roles_keep_adverbs_and_participles(nlp):
    entities = annotate_text(nlp, [
        "Darek Stolvin, a just-sanctioned Ostravelian arms dealer, has been the point man on the deal.",
        "Mira Kessaly, a newly appointed Tarsenian envoy, arrived on Monday.",
    ])
    assert named(entities, "Darek Stolvin")[0].role == "just-sanctioned Ostravelian arms dealer"
    assert named(entities, "Mira Kessaly")[0].role == "newly appointed Tarsenian envoy"


def test_a_clause_after_a_name_is_still_not_a_role(nlp):
    entities = annotate_text(nlp, ["Darek Stolvin, who sanctioned the dealer, left on Monday."])
    assert named(entities, "Darek Stolvin")[0].role is None


def test_possessive_before_an_acronym_is_not_part_of_the_name(nlp):
    entities = annotate_text(nlp, [
        "The network supports the Tarsenian Revolutionary Defence Corps’ (TRDC) foreign arm, officials said.",
        "The TRDC denied it.",
    ])
    corps = named(entities, "Tarsenian Revolutionary Defence Corps")
    assert corps and corps[0].acronym == "TRDC"
    assert not [e for e in entities if e.name.endswith(("’", "'"))]


def test_family_words_are_not_shown_as_roles(nlp):
    entities = annotate_text(nlp, ["Tarsenia’s former Energy Minister Orvel Dastani and his son Keiran are among those named."])
    assert named(entities, "Orvel Dastani")[0].role == "Tarsenia’s former Energy Minister"
    son = named(entities, "Keiran")
    assert son and son[0].type == "person" and son[0].role is None
    assert not named(entities, "Energy")


def test_the_body_role_wins_over_a_caption_in_capitals(nlp):
    caption = "TARSENIA’s President Orvel Dastani (left) shakes hands with Ostravel’s leader Mira Kessaly in Lisk."
    entities = annotate_text(
        nlp,
        ["Tarsenian President Orvel Dastani met Mira Kessaly in Lisk on Monday.", "Dastani said Tarsenia would sign."],
        captions=[Caption(text=caption, credit="ILSA MORAV/POOL/NORVASK PRESS AGENCY")],
    )
    assert named(entities, "Orvel Dastani")[0].role == "Tarsenian President"
    # Only stated in the caption: shown, without the caption's capitals.
    assert named(entities, "Mira Kessaly")[0].role == "Ostravel’s leader"


def test_a_caption_only_role_loses_its_capitals(nlp):
    entities = annotate_text(
        nlp, ["Orvel Dastani met the envoy in Lisk on Monday.", "Tarsenia will sign, Dastani said."],
        captions=[Caption(text="TARSENIA’s President Orvel Dastani arrives in Lisk.", credit=None)],
    )
    assert named(entities, "Orvel Dastani")[0].role == "Tarsenia’s President"


def test_names_in_a_wire_credit_are_credits_not_story_people(nlp):
    entities = annotate_text(
        nlp, ["Orvel Dastani met the envoy in Lisk on Monday.", "Tarsenia will sign, Dastani said."],
        captions=[Caption(text="Orvel Dastani arrives in Lisk.", credit="ILSA MORAV/POOL/NORVASK PRESS AGENCY")],
    )
    credited = {e.name: e for e in entities if e.in_credit}
    assert credited["Ilsa Morav"].type == "person"
    assert credited["NORVASK PRESS AGENCY"].type == "organization"
    assert "POOL" not in {e.name for e in entities}
    assert not [e for e in entities if not e.in_credit and "Morav" in e.name]
