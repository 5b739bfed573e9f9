"""The sidecar schema: every key parses, and every mistake names the file, the line and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.sidecar import SidecarError, load_sidecar, parse_sidecar, sidecar_path

FULL = """\
headline: Harbor council approves ferry levy
dek: Two new vessels for the island route.
tags: [ferries, Veltmar]
draft: true
editor_note: Corrected the council chair's name on 6 March.
key_points:
  - The council approved a levy on ferry tickets.
  - The levy pays for two vessels.
entities:
  - match: Odile Brantsen
    role: council chair
  - match: Brantsen Group
    match_type: organization
    retype: person
  - match: O. Brantsen
    merge_into: Odile Brantsen
  - match: Veltmar Harbour
    rename: Veltmar Harbor
  - match: Tuesday Club
    drop: true
  - match: Port of Ulmen
    confirm: true
quotes:
  - match: keeps the island connected
    pin: true
  - match: never consulted
    speaker: Residents' Association of Veltmar
    speaker_type: organization
  - match: fares will hurt
    drop: true
sanctions:
  add_resolutions: [2397]
  remove_resolutions: [1718]
  add_regimes: [un-dprk]
  remove_regimes: [us-russia]
"""


def errors(text: str) -> list:
    with pytest.raises(SidecarError) as caught:
        parse_sidecar(text.encode(), "briefs/levy.yml")
    return caught.value.problems


def test_every_key_parses_and_keeps_its_line():
    sidecar = parse_sidecar(FULL.encode(), "briefs/levy.yml")
    data = sidecar.data
    assert data.headline == "Harbor council approves ferry levy" and data.draft is True
    assert data.tags == ["ferries", "Veltmar"] and len(data.key_points) == 2
    assert [f.match for f in data.entities][:2] == ["Odile Brantsen", "Brantsen Group"]
    assert data.entities[1].match_type == "organization" and data.entities[1].retype == "person"
    assert data.quotes[0].pin and data.quotes[2].drop and data.quotes[1].speaker_type == "organization"
    assert data.sanctions.add_resolutions == [2397] and data.sanctions.remove_regimes == ["us-russia"]
    assert sidecar.line("headline") == 1
    assert sidecar.line("entities", 1) == 12
    assert sidecar.line("entities", 1, "retype") == 14
    assert sidecar.line("quotes", 1, "speaker") == 27
    assert sidecar.line("sanctions", "remove_resolutions", 0) == 33
    # A key that is not in the file falls back to its nearest parent's line.
    assert sidecar.line("entities", 0, "rename") == 10


def test_an_empty_file_is_an_empty_sidecar():
    sidecar = parse_sidecar(b"# nothing yet\n", "briefs/x.yml")
    assert sidecar.data.headline is None and sidecar.data.entities == []


def test_unknown_key_names_line_key_and_the_likely_fix():
    [problem] = errors("headline: A\nentities:\n  - match: B\n    retpye: place\n")
    assert (problem.path, problem.line, problem.code, problem.severity) == ("briefs/levy.yml", 4, "BRF302", "error")
    assert "entities[0].retpye" in problem.message and "did you mean 'retype'" in problem.message


def test_every_invalid_value_is_reported_at_once():
    problems = errors("draft: maybe\ntags: [a, '']\nsanctions:\n  add_resolutions: [twenty]\n  add_regimes: ['UN DPRK']\n")
    assert [(p.line, p.code) for p in problems] == [(1, "BRF302"), (2, "BRF302"), (4, "BRF302"), (5, "BRF302")]
    assert "draft" in problems[0].message and "tags[1]" in problems[1].message
    assert "sanctions.add_resolutions[0]" in problems[2].message


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("entities:\n  - match: A\n", 2, "not what to change"),
        ("entities:\n  - match: A\n    drop: true\n    rename: B\n", 2, "cannot be combined"),
        ("entities:\n  - match: A\n    merge_into: B\n    retype: place\n", 2, "merge_into"),
        ("entities:\n  - match: A\n    retype: planet\n", 3, "retype"),
        ("quotes:\n  - match: hello there\n", 2, "not what to change"),
        ("quotes:\n  - match: hello\n    drop: true\n    pin: true\n", 2, "cannot be combined"),
        ("quotes:\n  - match: hello\n    role: minister\n", 2, "add speaker"),
        ("quotes:\n  - pin: true\n", 2, "match"),
        ("sanctions:\n  add_regimes: [un-dprk]\n  remove_regimes: [un-dprk]\n", 1, "both added and removed"),
    ],
)
def test_incomplete_or_contradictory_fixes_are_errors(text, line, words):
    [problem] = errors(text)
    assert problem.line == line and problem.code == "BRF302" and words in problem.message


def test_yaml_syntax_error_names_the_line():
    [problem] = errors("headline: A\nentities:\n  - match: [unclosed\n")
    assert problem.code == "BRF301" and problem.line in (3, 4)


def test_an_unquoted_colon_gets_the_quoting_hint():
    [problem] = errors("editor_note: Corrected on 6 March: the vote was on Tuesday.\n")
    assert problem.code == "BRF301" and problem.line == 1 and "quotes" in problem.message


def test_a_key_given_twice_is_an_error_not_a_silent_overwrite():
    [problem] = errors("headline: A\ndek: B\nheadline: C\n")
    assert (problem.code, problem.line) == ("BRF301", 3) and "headline" in problem.message


def test_the_file_must_be_a_mapping():
    [problem] = errors("- headline: A\n")
    assert problem.code == "BRF302" and problem.line == 1


def test_text_that_is_not_utf8_is_reported():
    with pytest.raises(SidecarError) as caught:
        parse_sidecar(b"headline: caf\xe9\n", "briefs/x.yml")
    assert caught.value.problems[0].code == "BRF301" and "UTF-8" in caught.value.problems[0].message


def test_the_sidecar_sits_beside_its_article(tmp_path):
    article = tmp_path / "briefs" / "levy.txt"
    article.parent.mkdir()
    article.write_text("x")
    assert sidecar_path(article) == tmp_path / "briefs" / "levy.yml"
    assert load_sidecar(article, tmp_path) is None
    (tmp_path / "briefs" / "levy.yml").write_text("headline: B\n")
    assert load_sidecar(article, tmp_path).path == "briefs/levy.yml"


def test_a_yaml_extension_is_named_with_the_fix(tmp_path):
    article = tmp_path / "briefs" / "levy.txt"
    article.parent.mkdir()
    article.write_text("x")
    (tmp_path / "briefs" / "levy.yaml").write_text("headline: B\n")
    with pytest.raises(SidecarError) as caught:
        load_sidecar(article, tmp_path)
    assert caught.value.problems[0].path == "briefs/levy.yaml" and "rename" in caught.value.problems[0].message


def test_the_readme_example_is_a_valid_sidecar():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    section = readme.split("## Correcting a brief: the sidecar file", 1)[1]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    sidecar = parse_sidecar(example.encode(), "briefs/2024-03-05-ferry-levy.yml")
    data = sidecar.data
    assert data.draft and data.editor_note and data.key_points and data.tags
    kinds = {k for fix in data.entities for k in ("rename", "merge_into", "retype", "role", "drop", "confirm") if getattr(fix, k)}
    assert kinds == {"rename", "merge_into", "retype", "role", "drop", "confirm"}
    assert {k for fix in data.quotes for k in ("pin", "drop", "speaker") if getattr(fix, k)} == {"pin", "drop", "speaker"}
    assert data.sanctions.add_resolutions and data.sanctions.remove_regimes
