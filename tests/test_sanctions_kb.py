"""The sanctions knowledge base: coverage, sourcing, display rules and schema errors."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from generator.render import make_environment
from generator.sanctions.box import shown_fact
from generator.sanctions.kb import KB_DIR, KnowledgeBaseError, load_kb
from generator.sanctions_pages import regime_view, render_sanctions_pages, resolution_view

from conftest import ROOT

DPRK_RESOLUTIONS = [1695, 1718, 1874, 2087, 2094, 2270, 2321, 2356, 2371, 2375, 2397]


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def test_covers_the_required_regimes(kb):
    required = {
        "un-1718-dprk", "un-iran-2231-snapback", "us-ofac-north-korea", "us-ofac-russia", "us-ofac-sdn-list",
        "eu-dprk", "eu-russia", "uk-dprk", "uk-russia",
    }
    assert required <= set(kb.regimes)
    other_un = {r.id for r in kb.regimes.values() if r.issuer == "un"} - {"un-1718-dprk", "un-iran-2231-snapback"}
    assert {"un-1267-isil-al-qaida", "un-1988-taliban", "un-2713-al-shabaab", "un-1970-libya", "un-2140-yemen", "un-2653-haiti"} <= other_un
    assert kb.regimes["un-2374-mali"].status.state == "terminated"


def test_every_dprk_resolution_is_present_with_its_facts(kb):
    regime = kb.regimes["un-1718-dprk"]
    assert regime.resolutions == DPRK_RESOLUTIONS
    for number in DPRK_RESOLUTIONS:
        entry = kb.resolutions[number]
        assert entry.regime == "un-1718-dprk" and entry.symbol == f"S/RES/{number} ({entry.year})"
        assert entry.adopted.shown and isinstance(entry.adopted.value, date) and entry.adopted.value.year == entry.year
        assert entry.vote.shown and entry.trigger.shown, number
        assert any(m.shown for m in entry.measures), number
    assert kb.resolutions[2270].adopted.value == date(2016, 3, 2)
    assert "unanimous" in kb.resolutions[2270].vote.value
    assert date(2016, 1, 6) in [e.date for e in kb.resolutions[2270].trigger.events]


def test_the_panel_of_experts_end_is_recorded(kb):
    facts = {f.label: f for f in kb.regimes["un-1718-dprk"].facts}
    end = facts["End of the Panel of Experts"]
    assert end.shown and "28 March 2024" in end.value and "30 April 2024" in end.value and "veto" in end.value
    assert "sanctions continue" in end.value


def test_iran_snapback_is_contested_never_flat(kb):
    status = kb.regimes["un-iran-2231-snapback"].status
    assert status.state == "contested" and status.value.startswith("contested")
    page = render_sanctions_pages(make_environment(ROOT / "templates"), [])["sanctions/un-iran-2231-snapback.md"]
    assert "**Status:** ⚠ contested" in page


def _every_fact(kb):
    for regime in kb.regimes.values():
        yield regime.id, regime.status
        yield from ((regime.id, f) for f in regime.facts)
        yield from ((regime.id, m) for m in regime.measures)
    for entry in kb.resolutions.values():
        for fact in (entry.adopted, entry.meeting, entry.vote, entry.chapter_vii, entry.trigger, *entry.measures):
            if fact is not None:
                yield entry.number, fact


def test_every_displayed_fact_has_a_source(kb):
    for owner, fact in _every_fact(kb):
        if fact.shown:
            assert fact.sources and all(s.startswith(("http://", "https://")) for s in fact.sources), owner
            assert fact.verified == "yes" and fact.checked or fact.verified == "partial" and fact.caveat, owner
    views = [regime_view(kb, r) for r in kb.regimes.values()] + [resolution_view(kb, r) for r in kb.resolutions.values()]
    for view in views:
        for fact in [*view.facts, *view.measures]:
            assert fact.sources, (view, fact.label)


def test_unverified_facts_are_not_displayed(kb):
    assert kb.resolutions[2087].meeting.verified == "no"
    assert shown_fact("Meeting", kb.resolutions[2087].meeting) is None
    labels = [f.label for f in resolution_view(kb, kb.resolutions[2087]).facts]
    assert "Meeting" not in labels and "Adopted" in labels
    page = render_sanctions_pages(make_environment(ROOT / "templates"), [])["sanctions/resolution-2087.md"]
    assert "**Meeting:**" not in page and "**Meeting:**" in render_sanctions_pages(make_environment(ROOT / "templates"), [])["sanctions/resolution-2270.md"]


def test_partial_facts_carry_their_caveat(kb):
    chapter = shown_fact("Under Chapter VII", kb.resolutions[2270].chapter_vii)
    assert chapter.caveat and "Arms Control Association" in chapter.caveat


# --- schema errors name the file, the line and the key ----------------------------------------


@pytest.fixture
def kb_copy(tmp_path):
    target = tmp_path / "sanctions"
    shutil.copytree(KB_DIR, target)
    return target


def _errors(directory):
    with pytest.raises(KnowledgeBaseError) as caught:
        load_kb(directory)
    return caught.value.problems


def _line_of(path, text):
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_a_verified_fact_without_source_is_an_error(kb_copy):
    path = kb_copy / "resolutions" / "dprk.yml"
    text = path.read_text()
    text = text.replace('      value: 2016-03-02\n      source: "https://en.wikipedia.org/wiki/United_Nations_Security_Council_Resolution_2270"\n', "      value: 2016-03-02\n")
    path.write_text(text)
    (problem,) = _errors(kb_copy)
    assert problem.code == "BRF401" and problem.path.endswith("resolutions/dprk.yml")
    assert "resolutions[5] (2270).adopted" in problem.message and "needs a source URL" in problem.message
    assert problem.line == _line_of(path, "value: 2016-03-02")


def test_unknown_keys_issuers_and_missing_caveats_are_errors(kb_copy):
    path = kb_copy / "regimes" / "eu.yml"
    text = path.read_text().replace('      caveat: "read in a copy of the EU text (eurlexa); later amendments were not checked"\n', "      colour: red\n", 1)
    text = text.replace('        caveat: "reported by UNN and European Pravda in February 2026; whether it was adopted later is not known here"\n', "", 1)
    path.write_text(text)
    problems = _errors(kb_copy)
    messages = [p.message for p in problems]
    assert all(p.code == "BRF401" and p.path.endswith("regimes/eu.yml") for p in problems)
    assert any(m.startswith("regimes[0] (eu-dprk).status.colour: Extra inputs are not permitted") for m in messages)
    assert any(m.startswith("regimes[1] (eu-russia).facts[3] (20th package): a fact marked verified: partial needs a caveat") for m in messages)
    assert _line_of(path, "colour: red") in {p.line for p in problems}


def test_cross_file_references_are_checked(kb_copy):
    path = kb_copy / "regimes" / "eu.yml"
    path.write_text(path.read_text().replace("    issuer: eu\n", "    issuer: brussels\n", 1))
    (problem,) = _errors(kb_copy)
    assert "regimes[0] (eu-dprk).issuer: unknown issuer 'brussels'" in problem.message
    assert problem.line == _line_of(path, "issuer: brussels")


def test_contested_status_must_say_so(kb_copy):
    path = kb_copy / "regimes" / "un.yml"
    path.write_text(path.read_text().replace('value: "contested: the US, France', 'value: "in force: the US, France', 1))
    (problem,) = _errors(kb_copy)
    assert "un-iran-2231-snapback" in problem.message and "must say 'contested'" in problem.message


def test_yaml_syntax_error_names_the_line(kb_copy):
    path = kb_copy / "topics.yml"
    path.write_text(path.read_text() + "  broken: [unclosed\n")
    (problem,) = _errors(kb_copy)
    assert problem.path.endswith("topics.yml") and problem.line is not None and "YAML syntax error" in problem.message
