"""Every kind of sidecar override, applied to a fictional article's annotations and brief."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.layout import compose_text
from generator.models import Annotations, Article, Entity, Mention, Quote, ResolutionRef, Sanctions
from generator.overrides import apply_overrides, apply_to_annotations, is_draft
from generator.render import make_environment, render_brief
from generator.sidecar import parse_sidecar

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
PARAGRAPHS = [
    "The Veltmar Harbour Council voted on Tuesday to approve a levy on ferry tickets, council chair Odile Brantsen said.",
    "“This levy keeps the island connected for another generation,” Brantsen told reporters at Kesta.",
    "“We were never consulted,” said a statement from the Tuesday Club. The council cited Resolution 1718 in passing.",
    "Ferry operator Kesta Lines said “fares will rise.”",
    "“The vote was close,” said Odile Brantsen, “but the island needed it.”",
]


def make_article() -> Article:
    return Article(
        source_path="briefs/levy.txt", format="txt", digest="0" * 64, slug="2024-03-05-veltmar-levy",
        title="Veltmar harbor council approves ferry levy", dek="A levy on tickets.", paragraphs=PARAGRAPHS,
    )


def mentions(text: str, words: str) -> list[Mention]:
    found, start = [], text.find(words)
    while start != -1:
        found.append(Mention(start=start, end=start + len(words), text=words))
        start = text.find(words, start + len(words))
    return found


def entity(text: str, name: str, kind: str, **extra) -> Entity:
    slug = name.lower().replace(" ", "-")
    return Entity(id=slug, name=name, type=kind, mentions=mentions(text, extra.pop("said", name)), salience=1.0, **extra)


def make_annotations(article: Article) -> Annotations:
    text, blocks = compose_text(article)

    def quote(words: str, speaker: str | None, paragraph: int, **extra) -> Quote:
        start = text.find(words)
        return Quote(
            text=words, speaker=speaker, speaker_type="person" if speaker else "unknown", paragraph=paragraph,
            start=start, end=start + len(words), **extra,
        )

    return Annotations(
        text=text, blocks=blocks,
        entities=[
            entity(text, "Odile Brantsen", "person", role="council chair"),
            entity(text, "Brantsen", "person", said="Brantsen told"),
            entity(text, "Veltmar Harbour Council", "organization", acronym="VHC"),
            entity(text, "Tuesday Club", "organization"),
            entity(text, "Kesta", "place", confidence=0.3),
            entity(text, "Kesta Lines", "organization"),
        ],
        quotes=[
            quote("This levy keeps the island connected for another generation,", "Brantsen", 1),
            quote("We were never consulted,", None, 2),
            quote("fares will rise.", "Kesta Lines", 3, partial=True),
            quote("The vote was close,", "Odile Brantsen", 4),
            quote("but the island needed it.", "Odile Brantsen", 4, group=3),
        ],
        sanctions=Sanctions(resolutions=[ResolutionRef(number=1718, evidence=mentions(text, "Resolution 1718"))]),
    )


def corrected(yaml_text: str):
    article = make_article()
    sidecar = parse_sidecar(yaml_text.encode(), "briefs/levy.yml")
    return apply_overrides(article, make_annotations(article), sidecar, max_callouts=3)


def names(ann: Annotations) -> list[str]:
    return sorted(e.name for e in ann.entities)


def test_without_a_sidecar_nothing_changes():
    article = make_article()
    ann = make_annotations(article)
    assert apply_to_annotations(ann, None) == (ann, [])
    new_article, new_ann, brief, problems = apply_overrides(article, ann, None)
    assert (new_article, new_ann, problems) == (article, ann, [])
    assert brief.title == article.title and not brief.editor_note


def test_overrides_never_touch_the_cached_annotations():
    article = make_article()
    ann = make_annotations(article)
    before = ann.model_dump()
    sidecar = parse_sidecar(b"entities:\n  - match: Tuesday Club\n    drop: true\nquotes:\n  - match: never consulted\n    drop: true\n", "briefs/levy.yml")
    apply_overrides(article, ann, sidecar)
    assert ann.model_dump() == before


def test_headline_dek_tags_and_editor_note():
    article, _, brief, problems = corrected(
        "headline: Ferry levy passes in Veltmar\ndek: Two new vessels.\ntags: [ferries, Veltmar]\n"
        "editor_note: 'This brief was corrected on 6 March: the vote was on Tuesday.'\n"
    )
    assert problems == []
    assert (article.title, article.dek, article.tags) == ("Ferry levy passes in Veltmar", "Two new vessels.", ["ferries", "Veltmar"])
    assert (brief.title, brief.dek, brief.tags) == ("Ferry levy passes in Veltmar", "Two new vessels.", ["ferries", "Veltmar"])
    assert brief.slug == "2024-03-05-veltmar-levy", "a new headline must not move the page"
    page = render_brief(make_environment(TEMPLATES), brief)
    assert "# Ferry levy passes in Veltmar" in page
    assert '!!! note "Editor\'s note"\n\n    This brief was corrected on 6 March: the vote was on Tuesday.' in page
    # The note sits near the top: before the story.
    assert page.index("Editor's note") < page.index("## The story")


def test_draft_is_marked_on_article_and_brief():
    article, _, brief, _ = corrected("draft: true\n")
    assert article.draft and brief.draft
    assert is_draft(make_article(), parse_sidecar(b"draft: true\n", "briefs/levy.yml"))
    assert not is_draft(make_article(), parse_sidecar(b"headline: X\n", "briefs/levy.yml"))
    assert '!!! warning "Draft"' in render_brief(make_environment(TEMPLATES), brief)


def test_key_points_are_replaced_by_the_editors_lines():
    _, _, brief, _ = corrected("key_points:\n  - The council approved a levy on ferry tickets.\n  - Nobody asked the club.\n")
    assert [p.text for p in brief.key_points] == ["The council approved a levy on ferry tickets.", "Nobody asked the club."]
    assert all(p.by_editor for p in brief.key_points)


def test_entity_rename_keeps_the_old_name_as_an_alias():
    _, ann, brief, problems = corrected("entities:\n  - match: veltmar harbour council\n    rename: Veltmar Harbor Council\n")
    assert problems == []
    council = next(e for e in ann.entities if e.name == "Veltmar Harbor Council")
    assert council.id == "veltmar-harbor-council" and "Veltmar Harbour Council" in council.aliases
    assert [o.name for o in brief.organizations].count("Veltmar Harbor Council") == 1


def test_entity_rename_moves_the_quotes_of_the_speaker():
    _, ann, _, _ = corrected("entities:\n  - match: Kesta Lines\n    rename: Kesta Ferry Lines\n")
    assert ann.quotes[2].speaker == "Kesta Ferry Lines"


def test_entity_merge_folds_mentions_aliases_and_quotes_into_the_target():
    _, ann, brief, problems = corrected("entities:\n  - match: Brantsen\n    match_type: person\n    merge_into: Odile Brantsen\n")
    assert problems == []
    assert "Brantsen" not in names(ann)
    odile = next(e for e in ann.entities if e.name == "Odile Brantsen")
    assert "Brantsen" in odile.aliases and len(odile.mentions) == 3
    assert [m.start for m in odile.mentions] == sorted(m.start for m in odile.mentions)
    assert ann.quotes[0].speaker == "Odile Brantsen"
    assert [p.name for p in brief.people] == ["Odile Brantsen"]


def test_rename_onto_an_existing_entity_merges_them():
    _, ann, _, _ = corrected("entities:\n  - match: Brantsen\n    rename: Odile Brantsen\n")
    people = [e for e in ann.entities if e.type == "person"]
    assert [e.name for e in people] == ["Odile Brantsen"] and len(people[0].mentions) == 3


def test_entity_retype_moves_it_to_another_sidebar_section():
    _, ann, brief, _ = corrected("entities:\n  - match: Kesta\n    match_type: place\n    retype: organization\n")
    assert "Kesta" not in [p.name for p in brief.places]
    assert "Kesta" in [o.name for o in brief.organizations]


def test_entity_drop_removes_it_and_unsets_its_quotes():
    _, ann, brief, _ = corrected("entities:\n  - match: Tuesday Club\n    drop: true\n  - match: Kesta Lines\n    drop: true\n")
    assert "Tuesday Club" not in names(ann) and "Tuesday Club" not in [o.name for o in brief.organizations]
    assert ann.quotes[2].speaker is None and ann.quotes[2].speaker_type == "unknown"


def test_entity_role_is_set_or_cleared():
    _, ann, brief, _ = corrected("entities:\n  - match: Brantsen\n    role: harbor master\n  - match: Odile Brantsen\n    role: ''\n")
    assert next(e for e in ann.entities if e.name == "Brantsen").role == "harbor master"
    assert next(p for p in brief.people if p.name == "Odile Brantsen").role is None


def test_entity_confirm_and_acronym_match():
    _, ann, _, problems = corrected("entities:\n  - match: kesta\n    match_type: place\n    confirm: true\n  - match: VHC\n    role: the harbor's council\n")
    assert problems == []
    assert next(e for e in ann.entities if e.name == "Kesta").confidence == 1.0
    assert next(e for e in ann.entities if e.acronym == "VHC").role == "the harbor's council"


def test_quote_pin_puts_even_a_short_quote_first():
    _, ann, brief, _ = corrected("quotes:\n  - match: FARES WILL RISE\n    pin: true\n")
    assert brief.callouts[0].text == "fares will rise." and brief.callouts[0].pinned
    assert len(brief.callouts) <= 3 and sum(c.pinned for c in brief.callouts) == 1
    assert brief.callouts[0].anchor == "para-4"


def test_quote_drop_removes_every_piece_and_renumbers_groups():
    _, ann, _, _ = corrected("quotes:\n  - match: never consulted\n    drop: true\n")
    assert [q.text for q in ann.quotes][:2] == ["This levy keeps the island connected for another generation,", "fares will rise."]
    head = ann.quotes.index(next(q for q in ann.quotes if q.text.startswith("The vote")))
    assert ann.quotes[head + 1].group == head
    _, ann, _, _ = corrected("quotes:\n  - match: island needed it\n    drop: true\n")
    assert not any("vote was close" in q.text for q in ann.quotes), "a split quotation goes as a whole"


def test_quote_speaker_fix_takes_the_entitys_name_type_and_role():
    _, ann, brief, _ = corrected("quotes:\n  - match: We were never consulted\n    speaker: tuesday club\n")
    quote = ann.quotes[1]
    assert (quote.speaker, quote.speaker_type, quote.confidence) == ("Tuesday Club", "organization", 1.0)
    _, ann, _, _ = corrected("quotes:\n  - match: never consulted\n    speaker: a club spokesperson\n    speaker_type: title\n    role: club secretary\n")
    assert (ann.quotes[1].speaker, ann.quotes[1].speaker_type, ann.quotes[1].role) == ("a club spokesperson", "title", "club secretary")


def test_quote_speaker_fix_covers_every_piece_of_a_split_quotation():
    _, ann, _, _ = corrected("quotes:\n  - match: vote was close\n    speaker: Brantsen\n")
    assert [q.speaker for q in ann.quotes[3:]] == ["Brantsen", "Brantsen"]


def test_sanctions_additions_and_removals_use_the_knowledge_base():
    _, ann, _, problems = corrected(
        "sanctions:\n  add_resolutions: [2397, 9001]\n  remove_resolutions: [1718]\n  add_regimes: [eu-dprk]\n"
    )
    assert problems == []
    added = {r.number: r for r in ann.sanctions.resolutions}
    assert sorted(added) == [2397, 9001]
    assert (added[2397].known, added[2397].year, added[2397].regime, str(added[2397].adopted)) == (True, 2017, "un-1718-dprk", "2017-12-22")
    assert added[9001].known is False, "a number the knowledge base lacks is kept, flagged for review"
    # A known resolution brings its regime along, as when the article cites it.
    assert sorted(r.id for r in ann.sanctions.regimes) == ["eu-dprk", "un-1718-dprk"]
    _, ann, _, problems = corrected("sanctions:\n  add_regimes: [us-ofac-russia]\n  remove_resolutions: [1718]\n")
    assert ann.sanctions.resolutions == [] and [r.id for r in ann.sanctions.regimes] == ["us-ofac-russia"] and problems == []


def test_an_unknown_regime_id_is_an_error_naming_the_known_ones():
    _, ann, _, [problem] = corrected("sanctions:\n  add_regimes:\n    - un-dprk\n")
    assert (problem.code, problem.severity, problem.line) == ("BRF302", "error", 3)
    assert "un-1718-dprk" in problem.message and ann.sanctions.regimes == []


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("headline: X\nentities:\n  - match: Odile Brantsen\n    role: chair\n  - match: Nobody Known\n    drop: true\n", 5, "no entity named 'Nobody Known'"),
        ("entities:\n  - match: Kesta\n    match_type: person\n    drop: true\n", 2, "no person entity"),
        ("entities:\n  - match: Kesta Lines\n    merge_into: Port of Ulmen\n", 3, "no other entity named 'Port of Ulmen'"),
        ("quotes:\n  - match: words nobody said\n    pin: true\n", 2, "no quote contains"),
        ("sanctions:\n  remove_resolutions:\n    - 1718\n    - 2270\n", 4, "resolution 2270 is not cited"),
        ("sanctions:\n  add_resolutions: [1718]\n", 2, "already found"),
        ("sanctions:\n  remove_regimes: [us-ofac-russia]\n", 2, "regime 'us-ofac-russia'"),
    ],
)
def test_an_override_that_matches_nothing_is_a_warning_with_file_and_line(text, line, words):
    _, _, _, problems = corrected(text)
    [problem] = problems
    assert (problem.path, problem.line, problem.code, problem.severity) == ("briefs/levy.yml", line, "BRF303", "warning")
    assert words in problem.message
