"""Key points: 2 to 5 of the article's own sentences, shortened only by dropping marked clauses."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from generator.clauses import find_asides
from generator.keypoints import choose_key_points, editor_key_points
from generator.render import make_environment, render_brief
from generator.select import make_brief

ROOT = Path(__file__).resolve().parent.parent
WORD = re.compile(r"\w+(?:[-’']\w+)*|[^\w\s]")


def words(text: str) -> list[str]:
    return [w.casefold() for w in WORD.findall(text)]


def is_subsequence(short: list[str], long: list[str]) -> bool:
    rest = iter(long)
    return all(word in rest for word in short)


def paragraph_sentences(ann, index: int) -> list[tuple[int, int]]:
    """Sentence spans inside body paragraph `index`, plus adjacent pairs (a split sentence)."""
    block = next(b for b in ann.blocks if b.kind == "paragraph" and b.index == index)
    spans = [(max(s.start, block.start), min(s.end, block.end)) for s in ann.sentences if s.end > block.start and s.start < block.end]
    return spans + [(a[0], b[1]) for a, b in zip(spans, spans[1:])]


def clause_trimmed_versions(ann, start: int, end: int) -> set[str]:
    """The sentence with every combination of its marked asides removed, whitespace-normalized."""
    text = ann.text
    inside = [a for a in ann.asides if start <= a.start and a.end <= end]
    versions = set()
    for size in range(len(inside) + 1):
        for combo in itertools.combinations(inside, size):
            keep, cursor = [], start
            for aside in sorted(combo, key=lambda a: a.start):
                if aside.start < cursor:
                    break  # overlapping asides cannot both go
                keep.append(text[cursor : aside.start])
                cursor = aside.end
            else:
                keep.append(text[cursor:end])
                versions.add(" ".join("".join(keep).split()).casefold())
    return versions


@pytest.fixture(scope="module")
def seed_brief(seed_article, seed_annotations):
    return make_brief(seed_article, seed_annotations)


def test_seed_has_two_to_five_key_points(seed_brief):
    assert 2 <= len(seed_brief.key_points) <= 5


def test_each_key_point_is_a_sentence_or_a_clause_trimmed_sentence_of_its_paragraph(seed_brief, seed_annotations):
    for point in seed_brief.key_points:
        index = int(point.anchor.removeprefix("para-")) - 1
        spans = paragraph_sentences(seed_annotations, index)
        # Its words, in order, are a subsequence of one sentence of the paragraph it links to ...
        assert any(is_subsequence(words(point.text), words(seed_annotations.text[a:b])) for a, b in spans), point.text
        # ... and what was left out is exactly a set of whole clauses the parser marked as asides.
        versions = set().union(*(clause_trimmed_versions(seed_annotations, a, b) for a, b in spans))
        assert " ".join(point.text.split()).casefold() in versions, point.text
        assert not point.by_editor


def test_key_points_link_to_existing_paragraph_anchors(seed_brief):
    markdown = render_brief(make_environment(ROOT / "templates"), seed_brief)
    anchors = {p.anchor for p in seed_brief.paragraphs}
    for point in seed_brief.key_points:
        assert point.anchor in anchors
        assert f"{{: #{point.anchor} .brief-para }}" in markdown
        assert f"](#{point.anchor} " in markdown


def test_key_points_are_in_reading_order_and_distinct(seed_brief):
    starts = [int(p.anchor.removeprefix("para-")) for p in seed_brief.key_points]
    assert starts == sorted(starts)
    assert len({p.text for p in seed_brief.key_points}) == len(seed_brief.key_points)


def test_key_points_never_cut_through_a_quotation(seed_brief):
    for point in seed_brief.key_points:
        assert point.text.count("“") == point.text.count("”")


FICTIONAL = sorted((ROOT / "tests" / "gold" / "articles").glob("fict*.txt"))


@pytest.mark.parametrize("path", FICTIONAL, ids=lambda p: p.stem)
def test_fictional_articles_get_clause_trimmed_key_points(nlp, path):
    from generator.annotate import annotate
    from generator.readers import read_article

    article = read_article(path, ROOT)
    ann = annotate(article, nlp)
    points = choose_key_points(article, ann)
    assert 2 <= len(points) <= 5
    for point in points:
        index = int(point.anchor.removeprefix("para-")) - 1
        spans = paragraph_sentences(ann, index)
        versions = set().union(*(clause_trimmed_versions(ann, a, b) for a, b in spans))
        assert " ".join(point.text.split()).casefold() in versions, point.text
        assert point.text.split()[0].lower() not in {"it", "he", "she", "they", "this"}, point.text


def test_the_limit_caps_the_number_of_points(seed_article, seed_annotations):
    assert len(choose_key_points(seed_article, seed_annotations, limit=2)) == 2
    assert len(choose_key_points(seed_article, seed_annotations, limit=9)) <= 5


def test_selection_is_deterministic(seed_article, seed_annotations):
    first = choose_key_points(seed_article, seed_annotations)
    assert first == choose_key_points(seed_article, seed_annotations)


def test_sanctions_sentence_is_a_key_point(seed_brief):
    # The resolution sentence carries a sanctions reference, a number and a date: it must rank.
    assert any("2270" in p.text for p in seed_brief.key_points)


def test_editor_lines_replace_the_machine_points(seed_article, seed_annotations):
    lines = [
        "  North Korea and Russia appear close to an arms deal. ",
        "The UNSC banned weapons transactions with North Korea under Resolution 2270.",
        "An editor's own summary sentence.",
    ]
    brief = make_brief(seed_article, seed_annotations, key_points=lines)
    assert [p.text for p in brief.key_points] == [" ".join(line.split()) for line in lines]
    assert all(p.by_editor for p in brief.key_points)
    # A line drawn from one paragraph links to it; a line of the editor's own links nowhere.
    assert brief.key_points[1].anchor == "para-9"
    assert brief.key_points[2].anchor is None
    markdown = render_brief(make_environment(ROOT / "templates"), brief)
    assert '!!! abstract "Key points (chosen by an editor)"' in markdown
    assert "The key points were written by an editor" in markdown


def test_empty_editor_lines_are_skipped():
    assert editor_key_points(["Some paragraph."], ["", "   "]) == []


# --- clause marking on fictional sentences ------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "aside"),
    [
        ("Ilse Marrow, who chairs the Norland port board, signed the deal on Monday.", ", who chairs the Norland port board,"),
        ("Pell Dunmore, the head of the Osterby Dockworkers Union, said the crews would stay.", ", the head of the Osterby Dockworkers Union,"),
        ("The board approved the plan, which had been delayed for two years.", ", which had been delayed for two years"),
        ("Varnhold — a port city of 90,000 people — signed the deal.", " — a port city of 90,000 people —"),
        ("The Osterby Dockworkers Union (ODU) called a strike for Friday.", " (ODU)"),
        ("Moreover, the harbour in Osterby will close for three weeks.", "Moreover, "),
    ],
)
def test_asides_are_marked_on_the_parse(nlp, sentence, aside):
    found = [sentence[a.start : a.end] for a in find_asides(nlp(sentence))]
    assert aside in found


def test_restrictive_clauses_are_not_asides(nlp):
    sentence = "The ship that sank near Osterby was carrying timber from Kesslin."
    assert find_asides(nlp(sentence)) == []
