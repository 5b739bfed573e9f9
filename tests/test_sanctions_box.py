"""The sanctions-context box, the regime and resolution pages and the JSON contract, on the seed
and on fictional articles."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest

from generator.annotate import annotate
from generator.export import annotation_json
from generator.models import Article
from generator.render import make_environment, render_brief
from generator.select import make_brief
from generator.site import Item
from generator.sanctions_pages import render_sanctions_pages

from conftest import ROOT


@pytest.fixture(scope="module")
def env():
    return make_environment(ROOT / "templates")


@pytest.fixture(scope="module")
def seed_brief(seed_article, seed_annotations):
    return make_brief(seed_article, seed_annotations)


def test_seed_resolution_2270_is_found_and_linked_to_the_dprk_regime(seed_annotations):
    sanctions = seed_annotations.sanctions
    assert [r.number for r in sanctions.resolutions] == [2270]
    assert sanctions.resolutions[0].regime == "un-1718-dprk" and sanctions.resolutions[0].known
    assert [r.id for r in sanctions.regimes] == ["un-1718-dprk"]
    evidence = [m.text for m in sanctions.regimes[0].evidence]
    for phrase in ("UN sanctions", "the UNSC’s North Korea sanctions regime", "UNSC sanctions against North Korea", "UNSC Resolution No. 2270"):
        assert phrase in evidence


def test_seed_box_explains_resolution_2270(seed_brief, seed_annotations):
    box = seed_brief.sanctions_box
    (resolution,) = box.resolutions
    facts = {f.label: f for f in resolution.facts}
    assert facts["Adopted"].value == "2 March 2016"
    assert facts["Vote"].value.startswith("unanimous")
    assert "nuclear test (6 January 2016)" in facts["Adopted after"].value
    assert resolution.measures and resolution.measures[0].value.startswith("Arms embargo")
    assert resolution.trigger_sentence.startswith("UNSC Resolution No. 2270, which was unanimously approved")
    paragraph = int(resolution.trigger_anchor.removeprefix("para-")) - 1
    assert "UNSC Resolution No. 2270" in seed_brief.paragraphs[paragraph].text
    assert resolution.regime_url == "../sanctions/un-1718-dprk.md" and resolution.url == "../sanctions/resolution-2270.md"
    (regime,) = box.regimes
    assert (regime.issuer, regime.target) == ("UN Security Council", "North Korea")
    assert regime.status.startswith("in force") and regime.sources
    assert any(m.value.startswith("Arms embargo") for m in regime.measures)
    # the measures shown are those that matter for an arms deal, not the trade or oil bans
    assert not any("coal" in m.value or "petroleum" in m.value for m in [*regime.measures, *resolution.measures])
    for fact in [*resolution.facts, *resolution.measures, *regime.measures]:
        assert fact.sources, fact.label


def test_seed_brief_renders_the_box_as_an_admonition(env, seed_brief):
    page = render_brief(env, seed_brief)
    box = page[page.index('!!! info "Sanctions context"'):]
    box = box[:box.index("\n\n<aside") if "\n\n<aside" in box else len(box)]
    assert "2 March 2016" in box and "unanimous \\(15-0-0\\)" in box and "nuclear test \\(6 January 2016\\)" in box
    assert "Arms embargo" in box
    assert re.search(r"\[in context\]\(#para-\d+\)", box)
    assert "[Resolution 2270 \\(2016\\)](../sanctions/resolution-2270.md)" in box
    assert "[en.wikipedia.org](https://en.wikipedia.org/wiki/United_Nations_Security_Council_Resolution_2270)" in box
    # every line of the box is inside the admonition
    lines = box.splitlines()[1:]
    assert all(line == "" or line.startswith("    ") for line in lines)


def _article(slug, paragraphs, published=None):
    return Article(
        source_path=f"briefs/{slug}.txt", format="txt", digest=slug.ljust(64, "0"), slug=slug,
        title=f"Report {slug}", paragraphs=paragraphs, published=published,
    )


def test_article_text_in_the_box_is_escaped(env, nlp):
    hostile = "Envoy Sela Marr said UN sanctions on North Korea <script>alert(1)</script> were [broken](javascript:alert(1)) by **design**."
    article = _article("hostile", [hostile])
    brief = make_brief(article, annotate(article, nlp))
    page = render_brief(env, brief)
    box = page[page.index('!!! info "Sanctions context"'):]
    assert "<script>" not in box and "&lt;script&gt;" in box
    assert "](javascript:" not in box and "\\*\\*design\\*\\*" in box


def test_regime_and_resolution_pages_list_citing_briefs_newest_first(env, nlp, seed_article, seed_annotations, seed_brief):
    older = _article("older", ["Trader Ilse Varga was fined for breaking UN sanctions on North Korea under resolution 2270."],
                     datetime(2020, 5, 1, tzinfo=timezone.utc))
    newer = _article("newer", ["Banks in Lorvania fear secondary sanctions for handling payments linked to Russia."],
                     datetime(2025, 1, 9, tzinfo=timezone.utc))
    items = [Item(seed_article, seed_annotations, seed_brief)]
    for article in (older, newer):
        ann = annotate(article, nlp)
        items.append(Item(article, ann, make_brief(article, ann)))
    pages = render_sanctions_pages(env, items)
    dprk = pages["sanctions/un-1718-dprk.md"]
    seed_link = f"](../briefs/{seed_brief.slug}.md)"
    assert seed_link in dprk and "](../briefs/older.md)" in dprk and "](../briefs/newer.md)" not in dprk
    assert dprk.index(seed_link) < dprk.index("](../briefs/older.md)")  # 2023 before 2020
    assert "](../briefs/newer.md)" in pages["sanctions/us-ofac-russia.md"]
    resolution = pages["sanctions/resolution-2270.md"]
    assert seed_link in resolution and "**Adopted:** 2 March 2016" in resolution
    assert "No brief cites this resolution yet." in pages["sanctions/resolution-1695.md"]
    index = pages["sanctions/index.md"]
    assert "[UN Security Council sanctions on the DPRK \\(North Korea\\)](un-1718-dprk.md)" in index
    assert "[2270](resolution-2270.md)" in index


def test_annotation_json_carries_resolutions_and_regimes(seed_article, seed_annotations):
    data = annotation_json(seed_article, seed_annotations)["sanctions"]
    (resolution,) = data["resolutions"]
    assert resolution["number"] == 2270 and resolution["adopted"] == "2016-03-02" and resolution["regime"] == "un-1718-dprk"
    assert resolution["symbol"] == "S/RES/2270 (2016)" and resolution["vote"].startswith("unanimous")
    (regime,) = data["regimes"]
    assert regime["id"] == "un-1718-dprk" and regime["issuer"] == "UN" and regime["target"] == "North Korea"
    assert all({"start", "end", "text"} <= set(m) for m in regime["evidence"])


def test_sanctions_scorer_on_the_seed(seed_article, seed_annotations):
    from generator.evaluate import load_gold
    from generator.evaluate.sanctions import score_sanctions

    (gold,) = [d for d in load_gold(ROOT / "tests" / "gold" / "seed-gold.yml") if "000_4ad485723bc6e419" in d["source_file"]]
    counts = score_sanctions(gold, annotation_json(seed_article, seed_annotations))
    assert counts["resolutions_tp"] == 1 and counts["regimes_tp"] == 1
    assert counts["resolutions_fp"] == counts["regimes_fp"] == 0
    assert counts["regime_evidence_hit"] == counts["regime_evidence_total"] == 4


def test_sanctions_scorer_counts_misses_and_false_alarms():
    from generator.evaluate.sanctions import regime_id, score_sanctions

    assert regime_id({"name": "UN DPRK sanctions (1718 regime)"}) == "un-1718-dprk"
    assert regime_id({"id": "eu-russia"}) == "eu-russia"
    assert regime_id({"name": "EU sanctions against Russia"}) == "eu-russia"
    gold = {"sanctions": {"resolutions": [2270, 2321], "regimes": [{"id": "un-1718-dprk", "evidence": "UN sanctions on North Korea"}]}}
    predicted = {"sanctions": {"resolutions": [{"number": 2270}, {"number": 1234}],
                               "regimes": [{"id": "us-ofac-russia", "evidence": [{"text": "US sanctions"}]}]}}
    counts = score_sanctions(gold, predicted)
    assert (counts["resolutions_tp"], counts["resolutions_fp"], counts["resolutions_fn"]) == (1, 1, 1)
    assert (counts["regimes_tp"], counts["regimes_fp"], counts["regimes_fn"]) == (0, 1, 1)
    assert (counts["regime_evidence_hit"], counts["regime_evidence_total"]) == (0, 1)
    assert score_sanctions({"people": []}, predicted) == {}
