"""Entities: the rule layer, clean-up, merging, roles, credits, ranking, the scorer and pages."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import spacy

from generator.entities import acronyms, credits, lexicon, roles
from generator.entities.rules import RULER_NAME, add_rules
from generator.evaluate import entities as scoring
from generator.layout import compose_text
from generator.models import Annotations, Article, Author, Caption


def annotate_text(nlp, paragraphs: list[str], title: str = "A headline about the news", **fields) -> list:
    """Run extract_entities on a small article built from paragraphs."""
    from generator.entities import extract_entities

    article = Article(source_path="briefs/x.txt", format="txt", digest="0", slug="x", title=title, paragraphs=paragraphs, **fields)
    text, blocks = compose_text(article)
    return extract_entities(nlp(text), article, Annotations(text=text, blocks=blocks))


def by_name(entities, name):
    found = [e for e in entities if e.name == name]
    assert found, f"no entity named {name!r} in {[e.name for e in entities]}"
    return found[0]


# --- data and pure functions ---------------------------------------------------------------


def test_every_alias_has_a_source_and_a_known_type():
    for row in lexicon.aliases():
        assert row.source.startswith("https://"), row.name
        assert row.type in ("person", "organization", "place")


def test_patterns_load_with_every_list_reference_filled():
    patterns = lexicon.ruler_patterns()
    assert len(patterns) >= 20
    def values(node):
        if isinstance(node, dict):
            return [v for child in node.values() for v in values(child)]
        if isinstance(node, list):
            return [v for child in node for v in values(child)]
        return [node]

    assert not [v for p in patterns for v in values(p) if isinstance(v, str) and v.startswith("$")]
    assert all("note" not in p for p in patterns)


def test_normalize_folds_quotes_and_dashes_for_matching_only():
    assert lexicon.fold("Workers’ Party – of Korea") == "workers' party - of korea"


@pytest.mark.parametrize(
    "expansion, acronym",
    [
        ("Workers’ Party of Korea", "WPK"),
        ("UN Security Council", "UNSC"),
        ("Office of Foreign Assets Control", "OFAC"),
        ("Agence France-Presse", "AFP"),
        ("Democratic People's Republic of Korea", "DPRK"),
        ("the Tarsenian Port Authority", "TPA"),
    ],
)
def test_acronym_fits_its_expansion(expansion, acronym):
    assert acronyms.fits(expansion, acronym)


@pytest.mark.parametrize("expansion, acronym", [("Kremlin", "WPK"), ("Workers’ Party of Korea", "WKP"), ("United Nations", "UNSC")])
def test_acronym_does_not_fit_other_words(expansion, acronym):
    assert not acronyms.fits(expansion, acronym)


def test_credit_lines_split_into_names_with_types():
    names = credits.split_credit("courtesy of the Russian Ministry of Natural Resources and Environment/AFP/Yonhap")
    assert names == ["Russian Ministry of Natural Resources and Environment", "AFP", "Yonhap"]
    assert [credits.credit_type(n) for n in names] == ["organization"] * 3
    assert credits.credit_type("Lena Park") == "person"


def test_rule_layer_is_added_once_and_runs_before_the_model(nlp):
    assert nlp.pipe_names.index(RULER_NAME) < nlp.pipe_names.index("ner")
    add_rules(nlp)
    assert nlp.pipe_names.count(RULER_NAME) == 1


def test_rule_layer_works_without_a_model():
    nlp = spacy.blank("en")
    add_rules(nlp)
    doc = nlp("Ships sailed from Rostov-on-Don under Resolution No. 2397 last year.")
    found = {(e.text, e.label_) for e in doc.ents}
    assert ("Rostov-on-Don", "GPE") in found
    assert ("Resolution No. 2397", "LAW") in found


# --- the seed ------------------------------------------------------------------------------


@pytest.mark.slow
def test_seed_bare_kim_is_kim_jong_un_and_never_kim_myong_sik(seed_annotations):
    people = {e.name: e for e in seed_annotations.entities if e.type == "person"}
    assert "Kim" not in people
    kim_texts = [m.text for m in people["Kim Jong-un"].mentions]
    assert kim_texts.count("Kim") >= 3
    assert [m.text for m in people["Kim Myong-sik"].mentions] == ["Kim Myong-sik"]
    assert {"Putin"} <= set(people["Vladimir Putin"].aliases) and {"Peskov"} <= set(people["Dmitry Peskov"].aliases)


@pytest.mark.slow
def test_seed_roles_are_kept_as_written(seed_annotations):
    roles_by_name = {e.name: e.role for e in seed_annotations.entities if e.type == "person"}
    assert roles_by_name["Kim Jong-un"] == "North Korean leader"
    assert roles_by_name["Dmitry Peskov"] == "Kremlin spokesperson"
    assert roles_by_name["Lim Soo-suk"] == "South Korean Foreign Ministry spokesperson"
    assert roles_by_name["Kim Myong-sik"] == "commander of the North Korean navy"
    assert roles_by_name["Park Thae-song"].startswith("vice chairman of the Workers’ Party of Korea")


@pytest.mark.slow
def test_seed_has_no_residue_and_no_nationality_places(seed_annotations):
    names = {e.name for e in seed_annotations.entities}
    assert not names & {"KST", "KST Modified", "2270", "North Korea-", "North Korea’s", "the Korean Peninsula", "Komsomolsk"}
    places = {e.name for e in seed_annotations.entities if e.type == "place"}
    assert not places & {"North Korean", "Russian", "South Korean"}
    assert {"Vostochny Cosmodrome", "Komsomolsk-on-Amur", "Khasan", "Korean Peninsula"} <= places


@pytest.mark.slow
def test_seed_acronyms_join_their_expansions(seed_annotations):
    orgs = {e.name: e for e in seed_annotations.entities if e.type == "organization"}
    assert orgs["Workers’ Party of Korea"].acronym == "WPK"
    assert "WPK" in {m.text for m in orgs["Workers’ Party of Korea"].mentions}
    assert orgs["United Nations Security Council"].acronym == "UNSC"
    assert {"UN Security Council", "UNSC"} <= set(orgs["United Nations Security Council"].aliases)
    assert "WPK" not in orgs and "UNSC" not in orgs


@pytest.mark.slow
def test_seed_credits_are_marked_and_kept_out_of_the_story(seed_annotations):
    credited = {e.name for e in seed_annotations.entities if e.in_credit}
    assert {"Kwon Hyuk-chul", "Agence France-Presse", "Yonhap News Agency"} <= credited
    kwon = next(e for e in seed_annotations.entities if e.name == "Kwon Hyuk-chul")
    assert kwon.role == "staff reporter" and kwon.mentions == []
    assert "Alexander Kozlov" not in credited  # named in the caption text, not only in its credit


@pytest.mark.slow
def test_seed_entities_are_ranked_by_salience(seed_annotations):
    saliences = [e.salience for e in seed_annotations.entities if not e.in_credit]
    assert saliences == sorted(saliences, reverse=True)
    people = [e.name for e in seed_annotations.entities if e.type == "person" and not e.in_credit]
    assert people[0] == "Kim Jong-un"


@pytest.mark.slow
def test_mentions_are_offsets_into_the_annotation_text(seed_annotations):
    for entity in seed_annotations.entities:
        for mention in entity.mentions:
            assert seed_annotations.text[mention.start : mention.end] == mention.text


@pytest.mark.slow
def test_annotating_twice_gives_identical_entities(seed_article, nlp):
    from generator.annotate import annotate

    first, second = annotate(seed_article, nlp), annotate(seed_article, nlp)
    assert [e.model_dump() for e in first.entities] == [e.model_dump() for e in second.entities]


# --- general rules on fresh text -----------------------------------------------------------


@pytest.mark.slow
def test_shared_surname_goes_to_the_person_named_most_and_first(nlp):
    entities = annotate_text(nlp, [
        "Governor Petra Vallo opened the Brenn Bridge on Monday. Petra Vallo said it had cost less than planned.",
        "Her brother Tomas Vallo, a civil engineer, designed the approach roads.",
        "Vallo said tolls would end in 2030.",
    ])
    petra = by_name(entities, "Petra Vallo")
    assert "Vallo" in [m.text for m in petra.mentions]
    assert [m.text for m in by_name(entities, "Tomas Vallo").mentions] == ["Tomas Vallo"]
    assert not [e for e in entities if e.name == "Vallo"]


def test_a_possessive_full_name_yields_the_shared_surname_to_the_person_the_story_is_about(nlp):
    # Fictional: the mayor is named first, but only to place his sister, who speaks.
    entities = annotate_text(nlp, [
        "Ferrin Port mayor Oren Talvik’s sister warned the council that it faced a crisis.",
        "The Ferrin Gazette reported that Ansel Talvik, a harbour pilot, issued the warning on Tuesday.",
        "Talvik said the new quay was unsafe and the council had ignored three reports.",
    ])
    ansel = by_name(entities, "Ansel Talvik")
    assert "Talvik" in [m.text for m in ansel.mentions]
    assert [m.text for m in by_name(entities, "Oren Talvik").mentions] == ["Oren Talvik"]


@pytest.mark.slow
def test_acronym_defined_in_parentheses_rebuilds_a_split_expansion(nlp):
    entities = annotate_text(nlp, [
        "The Orbital Agency of Tarsenia (OAT) delayed the launch. The OAT’s director said the rocket was ready.",
    ])
    agency = by_name(entities, "Orbital Agency of Tarsenia")
    assert agency.acronym == "OAT" and agency.type == "organization"
    assert [m.text for m in agency.mentions] == ["Orbital Agency of Tarsenia", "OAT", "OAT"]
    assert not [e for e in entities if e.name in ("Orbital Agency", "OAT", "Tarsenia")]


@pytest.mark.slow
def test_roles_from_titles_appositions_and_comma_titles(nlp):
    entities = annotate_text(nlp, [
        "On Monday, former harbour police chief Anton Weller met Ilse Brandauer, the director of the Kessel Port Authority.",
        "Secretary of State Maria Lenz praised the deal. Estmark’s ambassador to the UN, Karel Dvorsky, was there.",
    ])
    assert by_name(entities, "Anton Weller").role == "former harbour police chief"
    assert by_name(entities, "Ilse Brandauer").role == "director of the Kessel Port Authority"
    assert by_name(entities, "Maria Lenz").role == "Secretary of State"
    assert by_name(entities, "Karel Dvorsky").role == "Estmark’s ambassador to the UN"


@pytest.mark.slow
def test_roles_keep_a_relative_clause_and_lose_a_sentence_capital(nlp):
    entities = annotate_text(nlp, [
        "“We will not give up,” said Ines Kallberg, 41, a nurse who organised the petition. “Never.”",
        "Local farmer Joost Brenneman said the harvest was late.",
        "Judge Oriana Vell adjourned the case.",
    ])
    assert by_name(entities, "Ines Kallberg").role == "nurse who organised the petition"
    assert by_name(entities, "Joost Brenneman").role == "local farmer"
    assert by_name(entities, "Oriana Vell").role == "Judge"


@pytest.mark.slow
def test_a_relative_named_by_first_name_is_a_person_with_a_role_that_says_whose(nlp):
    entities = annotate_text(nlp, [
        "Tomas Veldhuis opened the shop in 1990. Her son, Piet Veldhuis, bakes the bread.",
        "Tomas’s daughter, Mirela, who is 19, helps at weekends.",
    ])
    assert by_name(entities, "Mirela").type == "person"
    assert by_name(entities, "Mirela").role == "Tomas’s daughter"
    assert by_name(entities, "Piet Veldhuis").role is None  # a bare "her son" says nothing alone


@pytest.mark.slow
def test_company_and_outlet_heads_acronyms_and_lower_case_rivers(nlp):
    entities = annotate_text(nlp, [
        "The Dunmere Herald reported that farmers along the Ostra river had lost their crops.",
        "The buyer, Kelvane Rail, said it would appeal, she told the public broadcaster KVN.",
        "The landlord, Marlow Estates, raised the rent.",
    ])
    types = {e.name: e.type for e in entities}
    assert types.get("Dunmere Herald") == "organization"
    assert types.get("Ostra river") == "place"
    assert types.get("Kelvane Rail") == "organization"
    assert types.get("Marlow Estates") == "organization"
    assert types.get("KVN") == "organization"


@pytest.mark.slow
def test_a_word_that_starts_two_bodies_names_their_town(nlp):
    entities = annotate_text(nlp, [
        "Nobody knows Brasková’s streets better than the night shift.",
        "The Brasková Tribune and the Brasková General Hospital both praised the bakery.",
    ], title="Brasková’s oldest bakery turns fifty")
    assert by_name(entities, "Brasková").type == "place"


@pytest.mark.slow
def test_a_bare_word_never_introduced_as_a_person_is_not_one(nlp):
    entities = annotate_text(nlp, ["Engineers tested the Kestrel rocket’s escape system at dawn."])
    assert not [e for e in entities if e.type == "person"]


@pytest.mark.slow
def test_dateline_agency_is_a_credit_and_its_place_a_place(nlp):
    entities = annotate_text(nlp, ["DUNMORE, Oct. 3 (Coastline News) - Rescue teams worked through the night in Dunmore."])
    assert by_name(entities, "Dunmore").type == "place"
    assert by_name(entities, "Coastline News").in_credit


@pytest.mark.slow
def test_byline_and_photo_credit_names_are_credits(nlp):
    entities = annotate_text(
        nlp, ["Workers cheered as the first ship left the yard."],
        authors=[Author(name="Ana Verhoeven", role="staff reporter")],
        captions=[Caption(text="The ship leaves the yard.", credit="Sam Keller/Harbour Daily")],
    )
    credited = {e.name: e for e in entities if e.in_credit}
    assert set(credited) == {"Ana Verhoeven", "Sam Keller", "Harbour Daily"}
    assert credited["Sam Keller"].type == "person" and credited["Harbour Daily"].type == "organization"


# --- the scorer ----------------------------------------------------------------------------


def _gold(**sections):
    return {"source_file": "x.txt", **sections}


def _pred(*entities):
    return {"entities": [{"aliases": [], "mentions": [], "in_credit": False, "role": None, **e} for e in entities]}


def test_scorer_counts_an_unmerged_surname_as_a_false_positive():
    gold = _gold(people=[{"name": "Kim Jong-un", "surface_forms": ["Kim Jong-un", "Kim"], "role": "North Korean leader"}])
    merged = scoring.score_entities(gold, _pred({"name": "Kim Jong-un", "type": "person", "aliases": ["Kim"], "role": "North Korean leader"}))
    split = scoring.score_entities(gold, _pred({"name": "Kim Jong-un", "type": "person"}, {"name": "Kim", "type": "person"}))
    assert (merged["people_tp"], merged["people_fp"], merged["roles_hit"]) == (1, 0, 1)
    assert (split["people_tp"], split["people_fp"]) == (1, 1)


def test_scorer_neither_requires_nor_penalises_credits_and_optional_items():
    gold = _gold(organizations=[
        {"name": "Agence France-Presse", "surface_forms": ["AFP"], "in_credit": True},
        {"name": "Sukhoi", "surface_forms": ["Sukhoi"], "note": "Optional: a product name."},
        {"name": "Reuters", "surface_forms": ["Reuters"]},
    ])
    counts = scoring.score_entities(gold, _pred({"name": "AFP", "type": "organization"}, {"name": "Reuters", "type": "organization"}))
    assert counts == Counter({"organizations_tp": 1})


def test_scorer_counts_a_wrong_type_as_a_miss_and_a_false_positive():
    gold = _gold(places=[{"name": "Khasan", "surface_forms": ["Khasan"]}])
    counts = scoring.score_entities(gold, _pred({"name": "Khasan", "type": "organization"}))
    assert counts["places_fn"] == 1 and counts["organizations_fp"] == 1


@pytest.mark.parametrize(
    "gold, predicted, expected",
    [
        ("Russian Environmental Minister", "Russian Environment Minister", True),
        ("commander of the North Korean navy", "the commander of the North Korean navy", True),
        ("vice chairman of the WPK Central Committee; chairs the space committee", "vice chairman of the WPK Central Committee", True),
        ("Kremlin spokesperson", "spokesperson", False),
        ("Kremlin spokesperson", "Kremlin spokesperson who said on Tuesday that Russia would discuss sanctions", False),
        ("North Korean leader", None, False),
        # A possessive is the same words as an "of" phrase, and no more lenient than that.
        ("mayor of Corrin", "Corrin’s mayor", True),
        ("president of the Harbor Pilots’ Association", "Harbor Pilots’ Association's president", True),
        ("chairman of the regional transport board", "board’s chairman", False),
        ("mayor of Corrin", "Pellham’s mayor", False),
    ],
)
def test_role_match_is_lenient_but_honest(gold, predicted, expected):
    assert scoring.role_matches(gold, predicted) is expected


# --- pages ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_entity_pages_and_directories(seed_article, seed_annotations, tmp_path):
    from generator.entity_pages import render_entity_pages
    from generator.render import make_environment
    from generator.select import make_brief
    from generator.site import Item

    env = make_environment(Path(__file__).resolve().parent.parent / "templates")
    pages = render_entity_pages(env, [Item(seed_article, seed_annotations, make_brief(seed_article, seed_annotations))])
    peskov = pages["people/dmitry-peskov.md"]
    assert "Kremlin spokesperson — [Makeup of N. Korea’s delegation" in peskov
    assert "13 September 2023" in peskov and "**Also written as:** Peskov" in peskov
    assert "## Mentioned with" in peskov and "(../people/kim-jong-un.md)" in peskov
    assert "# Workers’ Party of Korea (WPK)" in pages["organizations/workers-party-of-korea.md"]
    people = pages["people/index.md"]
    assert people.index("[Alexander Kozlov]") < people.index("[Dmitry Peskov]") < people.index("[Vladimir Putin]")
    assert "[Kwon Hyuk-chul]" not in people  # credits get no page
    assert "places/vostochny-cosmodrome.md" in pages


@pytest.mark.slow
def test_generated_site_shows_the_seed_sidebar_and_entity_pages(project):
    from generator.build import generate
    from generator.config import load_config

    generate(load_config(project))
    docs = project / "docs"
    brief = next((docs / "briefs").glob("2023-09-13-*.md")).read_text("utf-8")
    sidebar = brief[brief.index('<aside class="brief-sidebar"') : brief.index("</aside>")]
    assert "[Kim Jong-un](../people/kim-jong-un.md) — North Korean leader" in sidebar
    assert "[Dmitry Peskov](../people/dmitry-peskov.md) — Kremlin spokesperson" in sidebar
    assert "[Workers’ Party of Korea](../organizations/workers-party-of-korea.md) (WPK)" in sidebar
    places = sidebar[sidebar.index("**Places**") :]
    assert "[Vostochny Cosmodrome](../places/vostochny-cosmodrome.md)" in places
    assert sidebar.index("**People**") < sidebar.index("**Organizations**") < sidebar.index("**Places**")
    assert "Kwon Hyuk-chul" not in sidebar
    peskov = (docs / "people" / "dmitry-peskov.md").read_text("utf-8")
    assert "(../briefs/2023-09-13-makeup-of-n-koreas-delegation-to-russia-suggests-arms-deal.md)" in peskov
    assert "[Dmitry Peskov](dmitry-peskov.md) — 1 brief" in (docs / "people" / "index.md").read_text("utf-8")
