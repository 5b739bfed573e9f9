"""Detection of sanctions references: a table of fictional sentences through the real pipeline."""

from __future__ import annotations

import pytest

from generator.annotate import annotate
from generator.models import Article

# (sentence, expected resolution numbers, expected regime ids). People, firms, outlets and towns
# are invented; the regimes and resolutions are real.
CASES = [
    # resolution numbers in their news forms
    ("Analysts at the Varnholt Institute said the shipment breached UNSC Resolution No. 2270, which bans arms sales to Pyongyang.",
     [2270], ["un-1718-dprk"]),
    ("The North Korean cargo seized in Port Elsa violated Resolution 2270 (2016), diplomats told the Meridian Post.",
     [2270], ["un-1718-dprk"]),
    ("Inspectors in the port of Tarvik cited resolutions 1718 and 2270 after finding North Korean coal on the Hesper Star.",
     [1718, 2270], ["un-1718-dprk"]),
    ("The committee's letter, quoting S/RES/2397 (2017), asked members to report every oil delivery by March.",
     [2397], ["un-1718-dprk"]),
    ("Customs officer Brenna Holt said the crates broke UNSCR 2375 and resolutions 2371, 2321 and 2094 on North Korea.",
     [2094, 2321, 2371, 2375], ["un-1718-dprk"]),
    # regime phrases
    ("Trader Mila Vordan was accused of evading UN sanctions on North Korea through a shell company in Kessel.",
     [], ["un-1718-dprk"]),
    ("Critics in the Calder Gazette say Moscow wants to weaken the UNSC's North Korea sanctions regime.",
     [], ["un-1718-dprk"]),
    ("The 1718 Committee met behind closed doors on Thursday to discuss the Hesper Star.",
     [], ["un-1718-dprk"]),
    ("OFAC on Tuesday fined Harlow Freight, a shipping firm based in the town of Bexmoor.",
     [], ["us-ofac-sdn-list"]),
    ("OFAC said the Kestrel Trading Company helped ship Russian oil through the port of Vantor.",
     [], ["us-ofac-russia"]),
    ("The bank's owner, Teodor Brask, was added to the Specially Designated Nationals list last year.",
     [], ["us-ofac-sdn-list"]),
    ("The EU's 14th sanctions package targeted Russian liquefied natural gas, the Brisk Ledger reported.",
     [], ["eu-russia"]),
    ("Banks in Lorvania fear secondary sanctions for handling payments linked to Russia.",
     [], ["us-ofac-russia"]),
    ("Any shipment of shells from Pyongyang would breach the arms embargo, said analyst Rena Okafor.",
     [], ["un-1718-dprk"]),
    # issuer and target from context
    ("New US sanctions on Russia took effect on Friday, the Calder Gazette reported.",
     [], ["us-ofac-russia"]),
    ("Washington imposed fresh sanctions on Moscow on Tuesday, the Brisk Ledger said.",
     [], ["us-ofac-russia"]),
    ("Sanctions imposed by the UK on Russian banks were extended for another year.",
     [], ["uk-russia"]),
    ("European Union sanctions against Russia now cover 2,000 people, the Meridian Post counted.",
     [], ["eu-russia"]),
    ("The Treasury sanctioned three North Korean shipping firms on Monday.",
     [], ["us-ofac-north-korea"]),
    ("Envoy Dara Selk said sanctions had failed to stop North Korea from building missiles.",
     [], ["un-1718-dprk"]),
    ("Such transfers would violate UN Security Council resolutions on North Korea, the ministry in Osterholm said.",
     [], ["un-1718-dprk"]),
    ("Iran's envoy in Geneva rejected the snapback of UN sanctions as void.",
     [], ["un-iran-2231-snapback"]),
    ("Libya's arms embargo is widely flouted, said analyst Tomas Reid of the Brisk Ledger.",
     [], ["un-1970-libya"]),
    ("The US and EU sanctions on Russia were extended, the Meridian Post reported.",
     [], ["eu-russia", "us-ofac-russia"]),
    ("Britain sanctioned 50 people linked to Russia's military, the Calder Gazette said.",
     [], ["uk-russia"]),
    ("Port officials in Vantor say North Korea's economy has been crippled by sanctions.",
     [], ["un-1718-dprk"]),
    # other senses, other issuers and unresolvable mentions: no box
    ("Japan and South Korea imposed unilateral sanctions on North Korea, the Brisk Ledger said.", [], []),
    ("FIFA sanctions against the North Korean team were lifted before the Kessel cup.", [], []),
    ("The court imposed sanctions on the lawyer for filing a frivolous suit in Bexmoor.", [], []),
    ("Moscow's sanctions on Western food imports remain, the Calder Gazette said.", [], []),
    ("The league sanctioned three matches after the brawl in Dunmore.", [], []),
    ("The Dunmore town council passed Resolution 2270 on parking fees.", [], []),
    ("The club faced sanctions from the football federation after the match in Bexmoor.", [], []),
    ("Russia's economy grew despite sanctions, the Calder Gazette said.", [], []),
    ("The resolution of the dispute over the Bexmoor bridge took months.", [], []),
    ("The mayor sanctioned the new bike lanes in a vote on Monday.", [], []),
]


def _article(sentence: str) -> Article:
    return Article(
        source_path="briefs/case.txt", format="txt", digest="0" * 64, slug="case",
        title="Report", paragraphs=[sentence],
    )


@pytest.mark.parametrize(("sentence", "resolutions", "regimes"), CASES, ids=[c[0][:40] for c in CASES])
def test_detects_resolutions_and_regimes(nlp, sentence, resolutions, regimes):
    found = annotate(_article(sentence), nlp).sanctions
    assert [r.number for r in found.resolutions] == resolutions
    assert sorted(r.id for r in found.regimes) == sorted(regimes)


def test_table_covers_every_form_and_enough_negatives():
    negatives = [c for c in CASES if not c[1] and not c[2]]
    assert len(CASES) - len(negatives) >= 12 and len(negatives) >= 3


def test_evidence_offsets_point_at_the_text(nlp):
    sentence = CASES[5][0]
    ann = annotate(_article(sentence), nlp)
    (regime,) = ann.sanctions.regimes
    for mention in regime.evidence:
        assert ann.text[mention.start:mention.end] == mention.text
    assert "UN sanctions on North Korea" in [m.text for m in regime.evidence]
    assert regime.explicit and regime.issuer == "UN" and regime.target == "North Korea"


def test_resolution_carries_facts_from_the_knowledge_base(nlp):
    ann = annotate(_article(CASES[0][0]), nlp)
    (ref,) = ann.sanctions.resolutions
    assert (ref.known, ref.regime, ref.year, str(ref.adopted), ref.symbol) == (True, "un-1718-dprk", 2016, "2016-03-02", "S/RES/2270 (2016)")
    assert ref.vote.startswith("unanimous")


def test_unknown_un_resolution_is_kept_but_marked(nlp):
    ann = annotate(_article("The Security Council resolution 9876 was cited by envoy Lio Marr."), nlp)
    (ref,) = ann.sanctions.resolutions
    assert ref.number == 9876 and not ref.known and ref.regime is None


def test_us_terms_never_map_to_a_un_regime(nlp):
    ann = annotate(_article("Secondary sanctions and the SDN list now reach firms trading with North Korea, OFAC said."), nlp)
    assert {r.id for r in ann.sanctions.regimes} == {"us-ofac-north-korea", "us-ofac-sdn-list"}
