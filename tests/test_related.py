"""Related briefs: ranked by shared entities and sanctions references, weighted by salience and time.

The articles below are fictional: invented people, places and organizations.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from conftest import make_project

from generator.build import generate
from generator.config import load_config
from generator.related import MAX_RELATED, Keys, find_related

ARTICLES = {
    "101_port_deal.txt": """Norland and Varnhold sign Osterby port deal

Posted on : 2024-03-04 10:00 UTC
The agreement gives Varnhold ships priority berths in Norland's largest harbour

Norland Trade Minister Ilse Marrow signed a port agreement with Varnhold on Monday that gives Varnhold ships priority berths in Osterby for ten years.

Ilse Marrow said the deal would bring 2,000 jobs to Osterby. The Varnhold Shipping Authority will pay 40 million crowns a year for the berths.

Pell Dunmore, who leads the Osterby Dockworkers Union, said his members had not been consulted.

By Sella Quint, staff reporter
""",
    "102_port_protest.txt": """Osterby dockworkers protest Varnhold port deal

Posted on : 2024-03-06 18:30 UTC
Union leader Pell Dunmore calls the agreement a sell-out

Hundreds of dockworkers marched through Osterby on Wednesday against the port deal that Norland signed with Varnhold two days earlier.

Pell Dunmore, the head of the Osterby Dockworkers Union, said the Varnhold Shipping Authority would bring its own crews. Trade Minister Ilse Marrow said the jobs would stay in Osterby.

The protest ended peacefully at the harbour gates in Osterby.

By Sella Quint, staff reporter
""",
    "103_minister_visit.txt": """Norland trade minister visits Kesslin

Posted on : 2024-02-20 09:15 UTC
Ilse Marrow seeks new markets for Norland timber

Norland Trade Minister Ilse Marrow arrived in Kesslin on Tuesday for three days of talks on timber exports.

Ilse Marrow will meet the governor of Kesslin and the board of the Brannock Bank, which finances most timber shipments in the region.

Officials in Kesslin expect the talks to double timber imports from Norland by next year.

By Orrin Vale, staff reporter
""",
    "104_lantern_festival.txt": """Lumbria lantern festival draws record crowds

Posted on : 2024-03-01 20:00 UTC
Organisers count more than 50,000 visitors on the opening night

The lantern festival in Lumbria drew more than 50,000 visitors on Friday, its organisers said.

Festival director Tova Reyes said the riverside parade in Lumbria was the longest in the festival's history.

The festival runs until Sunday.

By Mira Penn, staff reporter
""",
}
SLUGS = {
    "deal": "2024-03-04-norland-and-varnhold-sign-osterby-port-deal",
    "protest": "2024-03-06-osterby-dockworkers-protest-varnhold-port-deal",
    "visit": "2024-02-20-norland-trade-minister-visits-kesslin",
    "festival": "2024-03-01-lumbria-lantern-festival-draws-record-crowds",
}
RELATED_LINK = re.compile(r"^- \[[^\]]+\]\(([^)]+)\.md\)", re.MULTILINE)


def related_section(page: str) -> list[str]:
    """Slugs listed under 'Related briefs' on a rendered brief page, in order."""
    if "## Related briefs" not in page:
        return []
    section = page.split("## Related briefs", 1)[1].split("\n<", 1)[0]
    return RELATED_LINK.findall(section)


def test_each_brief_lists_the_others_most_related_first(tmp_path):
    project = make_project(tmp_path / "project", ARTICLES, with_seed=False)
    report = generate(load_config(project))
    assert not report.errors, report.errors
    pages = {name: (project / "docs" / "briefs" / f"{slug}.md").read_text("utf-8") for name, slug in SLUGS.items()}
    # The deal and the protest share the port, both governments, the union and its leader;
    # the minister's visit shares only the minister and her country with each.
    assert related_section(pages["deal"]) == [SLUGS["protest"], SLUGS["visit"]]
    assert related_section(pages["protest"]) == [SLUGS["deal"], SLUGS["visit"]]
    assert set(related_section(pages["visit"])) == {SLUGS["deal"], SLUGS["protest"]}
    # A brief that shares nothing with the others has no related briefs and is nobody's.
    assert related_section(pages["festival"]) == []
    assert all(SLUGS["festival"] not in related_section(page) for page in pages.values())
    # Related briefs come last, after the story and the credits.
    deal = pages["deal"]
    assert deal.index("## The story") < deal.index("## Credits") < deal.index("## Related briefs")


def keys(slug: str, weights: dict[str, float], days: float = 0.0) -> Keys:
    published = datetime(2024, 1, 1, tzinfo=timezone.utc) + timedelta(days=days)
    names = {key: key.rsplit(":", 1)[-1].title() for key in weights}
    return Keys(slug=slug, title=slug.title(), weights=weights, names=names, published=published)


def test_more_salient_shared_entities_rank_higher():
    a = keys("a", {"entity:person:ana": 1.0, "entity:place:osk": 0.2})
    b = keys("b", {"entity:person:ana": 1.0})  # shares a's main subject
    c = keys("c", {"entity:place:osk": 1.0})  # shares a side mention
    d = keys("d", {"entity:place:elsewhere": 1.0})
    related = find_related([a, b, c, d])
    assert [r.slug for r in related["a"]] == ["b", "c"]
    assert related["d"] == []


def test_a_shared_sanctions_regime_relates_briefs():
    a = keys("a", {"entity:place:norland": 1.0, "regime:un-norland": 1.0})
    b = keys("b", {"entity:place:varnhold": 1.0, "regime:un-norland": 1.0})
    c = keys("c", {"entity:place:lumbria": 1.0})
    assert [r.slug for r in find_related([a, b, c])["a"]] == ["b"]


def test_closer_in_time_wins_a_tie_and_at_most_five_are_listed():
    shared = {"entity:person:ana": 1.0}
    others = [keys(f"b{i}", shared, days=10 * i) for i in range(1, 8)]
    related = find_related([keys("a", shared), *others])["a"]
    assert len(related) == MAX_RELATED
    assert [r.slug for r in related] == ["b1", "b2", "b3", "b4", "b5"]


def test_an_entity_every_brief_names_counts_for_less():
    # Everyone mentions the capital; only a and b share the minister.
    common = {"entity:place:capital": 1.0}
    a = keys("a", {**common, "entity:person:minister": 0.5})
    b = keys("b", {**common, "entity:person:minister": 0.5})
    c = keys("c", {**common})
    d = keys("d", {**common})
    related = find_related([a, b, c, d])
    assert related["a"][0].slug == "b"
    assert related["a"][0].score > related["a"][1].score


def test_related_output_is_deterministic():
    briefs = [keys(s, {"entity:person:ana": 1.0}) for s in ("c", "a", "b")]
    assert find_related(briefs) == find_related(list(reversed(briefs)))
    # Equal scores and dates: ordered by slug.
    assert [r.slug for r in find_related(briefs)["a"]] == ["b", "c"]


def test_ranking_matches_the_pairwise_definition():
    # The inverted-index computation must rank exactly as the formula read pair by pair.
    import math
    import random

    from generator.related import DATE_WEIGHT, HALF_LIFE_DAYS, THRESHOLD, key_value, rarity_of

    rng = random.Random(7)
    vocab = [f"entity:place:p{i}" for i in range(12)] + ["regime:r1", "resolution:9001"]
    briefs = [
        keys(f"s{n:02d}", {k: round(rng.uniform(0.05, 1.0), 3) for k in sorted(rng.sample(vocab, rng.randint(1, 5)))}, days=rng.randint(0, 90))
        for n in range(25)
    ]
    rarity = rarity_of(briefs)
    found = find_related(briefs)
    for a in briefs:
        expected = []
        for b in briefs:
            if b is a:
                continue
            content = sum(key_value(k, a, b, rarity) for k in a.weights.keys() & b.weights.keys())
            if content < THRESHOLD:
                continue
            days = abs((a.published - b.published).total_seconds()) / 86400
            score = content + DATE_WEIGHT * 0.5 ** (days / HALF_LIFE_DAYS)
            expected.append((-round(score, 6), -b.published.timestamp(), b.slug))
        expected.sort()
        assert [r.slug for r in found[a.slug]] == [slug for *_, slug in expected[:MAX_RELATED]]
        for item, (negative, *_rest) in zip(found[a.slug], expected):
            assert math.isclose(item.score, -negative, abs_tol=0.01)
