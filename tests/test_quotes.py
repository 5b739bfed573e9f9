"""Quotes: mark pairing, the reporting-verb lexicon, attribution on the real parse, callouts.

Every article here except the seed is FICTIONAL: invented people, places and outlets.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.evaluate.quotes import find_quote, name_key, score_quotes
from generator.models import Annotations, Article, Brief, Callout, Quote
from generator.quotes.lexicon import DATA_DIR, load_lexicon
from generator.quotes.marks import is_apostrophe, scan_block, scan_blocks

ROOT = Path(__file__).resolve().parent.parent


def quoted(text: str) -> list[str]:
    """The quoted passages of one block, in order of their opening marks."""
    return [text[p.start : p.end] for p in scan_block(text).pieces]


# --- marks (no spaCy) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Lim stated, “We will not trade arms.” He left.", ["We will not trade arms."]),
        ('She said "the port is open" and "the ships are moving."', ["the port is open", "the ships are moving."]),
        ("‘We lost the ground floor,’ said Okafor.", ["We lost the ground floor,"]),
        ("«Nous restons», a dit Haberl. „Wir bleiben“, sagte sie.", ["Nous restons", "Wir bleiben"]),
        ("He said 'the plan is dead' and left.", ["the plan is dead"]),
        # Scraped pages mix curly and straight marks of one family.
        ('He said “we will win" and left.', ["we will win"]),
        ("He called it 'a farce’ twice.", ["a farce"]),
    ],
)
def test_marks_pair_by_kind(text, expected):
    assert quoted(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "A vice chairman of the Workers’ Party of Korea met the dockers’ union at six o’clock.",
        "The boys’ club opened in the ’90s and played rock ’n’ roll till late.",
        "It was the teachers' union's plan, and the Joneses' car.",
        "Kim’s visit and Russia’s intent were not ‘90s news.",
    ],
)
def test_apostrophes_are_never_quotation_marks(text):
    result = scan_block(text)
    assert result.pieces == [] and result.strays == [] and result.open_at_end == []


def test_apostrophe_inside_single_quotes_does_not_close_them():
    text = "‘The Workers’ Party is strong,’ he said. ‘We won’t yield.’"
    assert quoted(text) == ["The Workers’ Party is strong,", "We won’t yield."]


def test_is_apostrophe_cases():
    assert is_apostrophe("o’clock", 1)
    assert is_apostrophe("the ’90s", 4)
    assert not is_apostrophe("‘yes’ he", 4)


def test_nested_quotes_keep_the_outer_one_whole():
    text = "“When he told us ‘the port is finished,’ we laughed,” said Okonjo."
    pieces = scan_block(text).pieces
    outer = [p for p in pieces if p.depth == 0]
    inner = [p for p in pieces if p.depth == 1]
    assert [text[p.start : p.end] for p in outer] == ["When he told us ‘the port is finished,’ we laughed,"]
    assert [text[p.start : p.end] for p in inner] == ["the port is finished,"]


def test_quote_spanning_sentences_is_one_quotation():
    assert quoted("He continued, “No state should do it. It must stop.” Then he left.") == ["No state should do it. It must stop."]


def test_quote_resumed_in_the_next_paragraph_is_not_a_stray():
    blocks = [
        ("paragraph", "Arnsdal was blunt. “We have not moved."),
        ("paragraph", "“Our members have families.”"),
        ("paragraph", "The talks resume on Monday."),
    ]
    first, second, third = scan_blocks(blocks)
    assert [blocks[0][1][p.start : p.end] for p in first.pieces] == ["We have not moved."]
    assert first.pieces[0].close_at is None and first.strays == []
    assert second.pieces[0].continued and second.strays == []
    assert third.pieces == []


def test_unbalanced_mark_is_reported_and_the_rest_still_pairs():
    blocks = [("paragraph", "The vote was “a missed opportunity for the valley."), ("paragraph", "“We will rebuild,” Haberl said.")]
    first, second = scan_blocks(blocks)
    assert [s.mark for s in first.strays] == ["“"] and first.pieces == []
    assert [blocks[1][1][p.start : p.end] for p in second.pieces] == ["We will rebuild,"]
    assert not second.pieces[0].continued


# --- the lexicon (data) ----------------------------------------------------------------------


def test_lexicon_file_is_well_formed():
    import yaml

    data = yaml.safe_load((DATA_DIR / "reporting_verbs.yml").read_text("utf-8"))
    assert set(data) >= {"speech", "continuation", "relay", "source_prepositions"}
    for section in ("speech", "continuation", "relay"):
        entries = data[section]
        assert entries == sorted(entries), f"{section}: keep the list sorted"
        assert len(entries) == len(set(entries)), f"{section}: duplicate entries"
        assert all(e == e.lower() and e.strip() == e for e in entries), f"{section}: lemmas are lower case"
    # Relaying verbs must never be speech verbs: their subject is a channel, not a speaker.
    assert not set(data["relay"]) & set(data["speech"])
    lex = load_lexicon()
    for lemma in ("say", "tell", "add", "state", "stress", "warn", "continue", "emphasize", "express", "note",
                  "insist", "claim", "argue", "write"):
        assert lex.is_cue(lemma), lemma
    assert lex.is_cue("point", "out") and not lex.is_cue("point")
    assert lex.continues("go", "on") and lex.continues("add")


@pytest.mark.slow
@pytest.mark.parametrize(
    "sentence, lemma",
    [
        ("Tove Arnsdal stated, “The union will not sign the plan.”", "state"),
        ("Tove Arnsdal stressed, “The union will not sign the plan.”", "stress"),
        ("Tove Arnsdal was emphasizing, “The union will not sign the plan.”", "emphasize"),
        ("Tove Arnsdal insisted, “The union will not sign the plan.”", "insist"),
        ("Tove Arnsdal warned, “The union will not sign the plan.”", "warn"),
        ("Tove Arnsdal wrote, “The union will not sign the plan.”", "write"),
    ],
)
def test_lexicon_entries_match_the_models_lemmas(nlp, sentence, lemma):
    doc = nlp(sentence)
    verbs = [t for t in doc if t.pos_ in ("VERB", "AUX") and t.lemma_ == lemma]
    assert verbs, f"the model lemmatizes no verb in {sentence!r} to {lemma!r}"
    assert load_lexicon().is_cue(verbs[0].lemma_)


@pytest.mark.slow
def test_a_lemma_added_to_the_data_becomes_a_cue(nlp, tmp_path, monkeypatch):
    """The lexicon is open: adding a lemma to the YAML file is all it takes."""
    import generator.quotes as quotes_module

    for name in ("reporting_verbs.yml", "quote_speakers.yml"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    article = make_article(["Tove Arnsdal opined, “The harbor will stay closed all winter.”"])
    assert annotate(article, nlp).quotes[0].speaker is None
    path = tmp_path / "reporting_verbs.yml"
    path.write_text(path.read_text("utf-8").replace("speech:\n", "speech:\n  - opine\n"), "utf-8")
    monkeypatch.setattr(quotes_module, "default_lexicon", lambda: load_lexicon(tmp_path))
    quote = annotate(article, nlp).quotes[0]
    assert (quote.speaker, quote.cue) == ("Tove Arnsdal", "opined")


# --- attribution on the real pipeline --------------------------------------------------------


def make_article(paragraphs: list[str], title: str = "Harbor talks in Velmora", source: str | None = None) -> Article:
    return Article(
        source_path="briefs/fictional.txt", format="txt", digest="0" * 64, slug="fictional", title=title,
        paragraphs=paragraphs, source=source,
    )


def annotate(article: Article, nlp) -> Annotations:
    from generator.annotate import annotate as run

    ann = run(article, nlp)
    for quote in ann.quotes:
        assert ann.text[quote.start : quote.end] == quote.text  # verbatim, always
    return ann


def quote_starting(ann: Annotations, words: str) -> Quote:
    matches = [q for q in ann.quotes if q.text.startswith(words)]
    assert matches, f"no quote starts with {words!r}; found {[q.text for q in ann.quotes]}"
    return matches[0]


@pytest.mark.slow
@pytest.mark.parametrize(
    "paragraphs, opening, speaker, cue",
    [
        (["Harbor chief Mirek Haldane stated, “The strike is unlawful and we will go to court.”"], "The strike", "Mirek Haldane", "stated"),
        (["“The law is clear, and we will ask the court to apply it,” Mirek Haldane said on Monday."], "The law", "Mirek Haldane", "said"),
        (["“We have given the authority every chance,” said Tove Arnsdal, the union’s general secretary."], "We have", "Tove Arnsdal", "said"),
        (["Tove Arnsdal said: “We expect a decision by Friday at the latest.”"], "We expect", "Tove Arnsdal", "said"),
        (["“Nobody was consulted about the terminals,” according to Pell Okonjo, a union organizer."], "Nobody", "Pell Okonjo", "according to"),
    ],
)
def test_attribution_styles(nlp, paragraphs, opening, speaker, cue):
    quote = quote_starting(annotate(make_article(paragraphs), nlp), opening)
    # The speaker's type comes from the model's entity label, which may be wrong for an
    # unknown name standing alone; the name and the cue are what attribution decides.
    assert (quote.speaker, quote.cue) == (speaker, cue)
    assert quote.paragraph == 0


@pytest.mark.slow
def test_organization_speaker_with_a_colon_introduction(nlp):
    ann = annotate(make_article([
        "The Velmora Harbor Authority announced plans to automate two terminals in January.",
        "In a statement, the authority said: “Automation will make the port safer. No jobs will be lost this year.”",
    ]), nlp)
    quote = quote_starting(ann, "Automation will")
    assert quote.speaker_type == "organization" and "Harbor Authority" in quote.speaker
    assert quote.paragraph == 1


@pytest.mark.slow
def test_split_quote_pieces_share_the_speaker_and_are_grouped(nlp):
    ann = annotate(make_article([
        "Mayor Benedikt Sorel urged both sides to return to talks. “Every day those ships sit outside,” he said, "
        "“this city loses money it will not get back.”"
    ]), nlp)
    first, second = quote_starting(ann, "Every day"), quote_starting(ann, "this city")
    assert first.speaker == second.speaker == "Benedikt Sorel"
    assert second.group == ann.quotes.index(first) and first.group is None


@pytest.mark.slow
def test_pronoun_continuation_goes_to_the_latest_compatible_speaker(nlp):
    ann = annotate(make_article([
        "The ministry said the talks had failed. Trade minister Odile Fanch stated, “Rhovia has broken the treaty.” "
        "She continued, “We will ask the commission to meet within ten days.”"
    ]), nlp)
    quote = quote_starting(ann, "We will ask")
    assert (quote.speaker, quote.cue) == ("Odile Fanch", "continued")
    assert quote.role and "minister" in quote.role.lower()


@pytest.mark.slow
def test_title_only_speaker_resolves_to_the_named_holder_or_stays_a_title(nlp):
    ann = annotate(make_article([
        "The authority’s spokeswoman, Ilse Marrow, confirmed that 43 ships were waiting.",
        "“We are not closing the port to anyone,” an authority spokeswoman said later.",
        "“The strike will be over by Friday,” a senior union official said.",
    ]), nlp)
    assert quote_starting(ann, "We are not closing").speaker == "Ilse Marrow"
    title = quote_starting(ann, "The strike will")
    assert (title.speaker, title.speaker_type) == ("senior union official", "title")


@pytest.mark.slow
def test_nested_reporting_credits_the_speaker_and_keeps_the_outlet_as_channel(nlp):
    ann = annotate(make_article([
        "The Velmora Courier reported that Labor Minister Anja Rudek had said the government was "
        "“watching closely but will not take sides in a lawful dispute.”",
        "“The harbor will close at noon on Friday,” the Velmora Courier reported.",
    ]), nlp)
    relayed = quote_starting(ann, "watching closely")
    assert (relayed.speaker, relayed.channel) == ("Anja Rudek", "Velmora Courier")
    outlet_only = quote_starting(ann, "The harbor will close")
    assert outlet_only.speaker is None and outlet_only.channel == "Velmora Courier"


@pytest.mark.slow
def test_quote_continued_across_paragraphs_keeps_speaker_and_paragraphs(nlp):
    ann = annotate(make_article([
        "Asked about mediation, Tove Arnsdal was blunt. “If the authority wants a mediator, it can call us. We have not moved.",
        "“Our members have families. They will not be frightened by a letter from a lawyer.”",
    ]), nlp)
    first, second = quote_starting(ann, "If the authority"), quote_starting(ann, "Our members")
    assert (first.paragraph, second.paragraph) == (0, 1)
    assert first.speaker == second.speaker == "Tove Arnsdal"
    assert second.group == ann.quotes.index(first)
    assert not ann.problems


@pytest.mark.slow
def test_nested_quote_is_kept_but_marked(nlp):
    ann = annotate(make_article([
        "The council leader, Desmond Achterberg, recalled the flood. ‘A volunteer rang me and said “the river is in the stacks”, "
        "and I did not believe him,’ he said."
    ]), nlp)
    outer, inner = quote_starting(ann, "A volunteer"), quote_starting(ann, "the river")
    assert outer.speaker == "Desmond Achterberg" and not outer.nested
    assert inner.nested


@pytest.mark.slow
def test_unbalanced_mark_is_a_warning_and_later_quotes_are_found(nlp):
    ann = annotate(make_article([
        "The chief executive, Stefan Oberholzer, said the vote was “a missed opportunity for the valley.",
        "“Now the real work begins for all three towns,” said Mayor Lorenz Haberl.",
    ]), nlp)
    codes = [(p.code, p.severity) for p in ann.problems]
    assert codes == [("BRF202", "warning")]
    assert "paragraph 1" in ann.problems[0].message and ann.problems[0].path == "briefs/fictional.txt"
    assert quote_starting(ann, "Now the real work").speaker == "Lorenz Haberl"


@pytest.mark.slow
def test_short_phrases_are_partial(nlp):
    ann = annotate(make_article(["The association’s president, Gunnar Lisk, said his members were “sympathetic but bound” by contract."]), nlp)
    quote = quote_starting(ann, "sympathetic")
    assert quote.partial and quote.speaker == "Gunnar Lisk"


# --- the seed --------------------------------------------------------------------------------


@pytest.mark.slow
def test_seed_quotes(seed_annotations):
    ann = seed_annotations
    for quote in ann.quotes:
        assert ann.text[quote.start : quote.end] == quote.text
    first = quote_starting(ann, "Russia and North Korea should remind")
    second = quote_starting(ann, "No UN member state should violate")
    assert first.speaker == second.speaker == "Lim Soo-suk"
    assert first.speaker_type == second.speaker_type == "person"
    assert second.cue == "continued"
    assert first.role and "spokesperson" in first.role
    assert first.paragraph == second.paragraph is not None
    interests = quote_starting(ann, "the interests of our two countries")
    assert interests.speaker in ("Russia", "Dmitry Peskov")
    assert not any(q.speaker and "reuters" in q.speaker.lower() for q in ann.quotes)
    washington = quote_starting(ann, "warnings from Washington")
    assert washington.partial
    assert not [p for p in ann.problems if p.code == "BRF202"]


# --- callouts --------------------------------------------------------------------------------


def quote(text: str, paragraph: int | None = 0, **fields) -> Quote:
    return Quote(text=text, paragraph=paragraph, **fields)


def test_callouts_are_the_strongest_in_article_order():
    from generator.select import choose_callouts

    ann = Annotations(text="", quotes=[
        quote("the interests of our two countries", speaker="Ruritania", speaker_type="organization", paragraph=0),
        quote("warnings from Velmora.", speaker="Ruritania", speaker_type="organization", partial=True, paragraph=0),
        quote("We will not sign a plan that nobody in this port has seen.", speaker="Tove Arnsdal", speaker_type="person", paragraph=1),
        quote("Nobody told us anything about the terminals until the day before.", speaker=None, paragraph=2),
        quote("the river is in the stacks tonight", nested=True, paragraph=3),
        quote("Every day those ships sit outside the breakwater", speaker="Benedikt Sorel", speaker_type="person", paragraph=4),
        quote("this city loses money it will not get back.", speaker="Benedikt Sorel", speaker_type="person", paragraph=4, group=5),
    ])
    callouts = choose_callouts(ann, max_callouts=2)
    assert [c.text for c in callouts] == [
        "We will not sign a plan that nobody in this port has seen.",
        "Every day those ships sit outside the breakwater … this city loses money it will not get back.",
    ]
    assert [c.anchor for c in callouts] == ["para-2", "para-5"]
    assert [c.quote for c in callouts] == [2, 5]
    # Never: the phrase cut from a sentence, the partial, the nested and the unattributed quote.
    assert len(choose_callouts(ann, max_callouts=5)) == 2
    assert choose_callouts(ann, max_callouts=0) == []


def test_callout_template_escapes_and_links():
    from generator.render import make_environment

    env = make_environment(ROOT / "templates")
    brief = Brief(slug="x", source_path="briefs/x.txt", title="t", callouts=[
        Callout(text="Prices *will* rise <b>now</b>", speaker="Tove [Arnsdal]", role="union’s general secretary",
                speaker_url="../people/tove-arnsdal.md", anchor="para-3", channel="Velmora Courier"),
    ])
    out = env.get_template("partials/callouts.md.j2").render(brief=brief)
    assert '!!! quote "Key quote"' in out
    assert "(#para-3)" in out and "(../people/tove-arnsdal.md)" in out
    assert "<b>" not in out and "*will*" not in out
    assert "union’s general secretary" in out and "via Velmora Courier" in out


@pytest.mark.slow
def test_seed_brief_shows_the_lim_callouts_with_role_and_paragraph_link(seed_article, seed_annotations):
    from generator.render import make_environment
    from generator.select import make_brief

    brief = make_brief(seed_article, seed_annotations, max_callouts=3)
    lim = [c for c in brief.callouts if c.speaker == "Lim Soo-suk"]
    assert len(lim) == 2 and all(c.role and "spokesperson" in c.role for c in lim)
    markdown = make_environment(ROOT / "templates").get_template("brief.md.j2").render(brief=brief)
    for callout in lim:
        assert callout.anchor and f"(#{callout.anchor})" in markdown
        assert f"{{: #{callout.anchor} .brief-para }}" in markdown  # the paragraph carries the anchor
    assert len(make_brief(seed_article, seed_annotations, max_callouts=1).callouts) == 1


@pytest.mark.slow
@pytest.mark.browser
def test_seed_page_callout_links_to_its_paragraph(built_site):
    """On the built site, the Lim Soo-suk callout's link lands on the paragraph holding the words."""
    from html.parser import HTMLParser

    from sitebuild import SEED_SLUG

    html = built_site.page(f"briefs/{SEED_SLUG}/").read_text("utf-8")

    class Page(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.ids: dict[str, str] = {}
            self.hrefs: list[str] = []
            self.callouts: list[str] = []
            self._stack: list[tuple[str, str | None, bool]] = []

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            in_callout = "quote" in (attrs.get("class") or "").split() or (self._stack and self._stack[-1][2])
            self._stack.append((tag, attrs.get("id"), bool(in_callout)))
            if tag == "a" and in_callout:
                self.hrefs.append(attrs.get("href", ""))
            if "quote" in (attrs.get("class") or "").split():
                self.callouts.append("")

        def handle_endtag(self, tag):
            while self._stack:
                if self._stack.pop()[0] == tag:
                    break

        def handle_data(self, data):
            for _, element_id, in_callout in self._stack:
                if element_id:
                    self.ids[element_id] = self.ids.get(element_id, "") + data
            if self._stack and self._stack[-1][2] and self.callouts:
                self.callouts[-1] += data

    page = Page()
    page.feed(html)
    lim = [c for c in page.callouts if "Lim Soo-suk" in c]
    assert lim and all("spokesperson" in c for c in lim)
    anchors = [h[1:] for h in page.hrefs if h.startswith("#para-")]
    assert anchors
    for anchor in anchors:
        assert anchor in page.ids, f"callout links to #{anchor}, which is not on the page"
    assert any("Russia and North Korea should remind themselves" in page.ids[a] for a in anchors)


# --- the scorer ------------------------------------------------------------------------------


def test_scorer_matches_openings_and_honours_accept_also():
    found = [
        {"text": "The interests of our two countries", "speaker": "Russia", "paragraph": 3, "partial": False},
        {"text": "warnings from Washington.", "speaker": "Russia", "paragraph": 3, "partial": True},
        {"text": "No state should break the rules,", "speaker": "Reuters", "channel": None, "paragraph": 4},
        {"text": "An unrelated remark that is long enough", "speaker": None, "paragraph": 5},
        {"text": "promised the strait would stay open to every ship", "speaker": "Russia", "paragraph": 6, "partial": True},
    ]
    gold = {
        "people": [{"name": "Dmitry Peskov", "surface_forms": ["Dmitry Peskov", "Peskov"]}],
        "quotes": [
            {"starts_with": "the interests of our two", "speaker": "Government of Russia", "accept_also": ["Dmitry Peskov"]},
            {"starts_with": "No state should break", "speaker": "Lim Soo-suk"},
            {"starts_with": "Never said at all", "speaker": "Lim Soo-suk"},
        ],
        "excluded_quotations": [
            {"text": "warnings from Washington.", "reason": "<5 words"},
            {"text": "promised the strait would stay open", "reason": "phrase inside the writer's sentence"},
        ],
    }
    counts = score_quotes(gold, {"quotes": found})
    assert counts["quotes_found_hit"] == 2 and counts["quotes_found_total"] == 3
    assert counts["speaker_hit"] == 1 and counts["speaker_total"] == 3
    assert counts["excluded_ok_hit"] == counts["excluded_ok_total"] == 2
    # Callout candidates follow the selection's rule: the unattributed remark is not one.
    assert (counts["callout_precision_hit"], counts["callout_precision_total"]) == (2, 2)
    found[4]["partial"] = False  # an excluded phrase offered as a callout is a failure
    assert score_quotes(gold, {"quotes": found})["excluded_ok_hit"] == 1
    found[1]["partial"] = False  # three words never make a callout, whatever the flag says
    assert score_quotes(gold, {"quotes": found})["excluded_ok_hit"] == 1


def test_scorer_name_keys():
    assert name_key("Government of Russia") == name_key("Russia") == name_key("the Russian government".replace("Russian", "Russia"))
    assert name_key("Kremlin (Presidential Administration of Russia)") == "kremlin"
    assert name_key("Workers’ Party") == name_key("Workers' Party")
    assert find_quote("no", [{"text": "Now the real work begins"}]) is None  # word by word, not by letters
    split = [{"text": "Every day those ships sit outside,"}, {"text": "this city loses money"}]
    assert find_quote("Every day those ships sit outside this city loses", split) is split[0]


@pytest.mark.slow
@pytest.mark.parametrize(
    "paragraph, opening, speaker, channel",
    [
        ("Lantern News Agency, citing an unnamed official, said the talks had been “suspended indefinitely because of the dispute.”",
         "suspended", None, "Lantern News Agency"),
        ("“The meeting was productive and frank,” Casimir Oduya told reporters, according to the state news agency RNA.",
         "The meeting", "Casimir Oduya", "RNA"),
        ("“The dam will be finished next year,” Casimir Oduya was quoted as saying by Lantern News Agency.",
         "The dam", "Casimir Oduya", "Lantern News Agency"),
        ("Lantern News Agency quoted President Casimir Oduya as saying the dam was “a gift to the next generation of farmers.”",
         "a gift", "Casimir Oduya", "Lantern News Agency"),
    ],
)
def test_outlets_relay_but_never_speak(nlp, paragraph, opening, speaker, channel):
    quote = quote_starting(annotate(make_article([paragraph]), nlp), opening)
    assert (quote.speaker, quote.channel) == (speaker, channel)


@pytest.mark.slow
def test_documents_speak_for_their_issuer(nlp):
    ann = annotate(make_article([
        "The Saro River Commission issued a statement on Monday. The statement added: “Both governments may request an emergency session.”",
        "According to a statement from Brenton Estates, the company “values long-standing tenants and has agreed a new lease.”",
    ]), nlp)
    assert quote_starting(ann, "Both governments").speaker == "Saro River Commission"
    assert quote_starting(ann, "values long-standing").speaker == "Brenton Estates"


def test_pinned_quotations_come_first_even_when_weak():
    from generator.select import choose_callouts

    ann = Annotations(text="", quotes=[
        quote("We will not sign a plan that nobody in this port has seen.", speaker="Tove Arnsdal", speaker_type="person", paragraph=0),
        quote("Every day those ships sit outside the breakwater", speaker="Benedikt Sorel", speaker_type="person", paragraph=1),
        quote("this city loses money it will not get back.", speaker="Benedikt Sorel", speaker_type="person", paragraph=1, group=1),
        quote("far too long", paragraph=2, partial=True, pinned=True),
    ])
    callouts = choose_callouts(ann, max_callouts=2)
    assert [(c.text, c.pinned, c.quote) for c in callouts] == [
        ("far too long", True, 3),
        ("Every day those ships sit outside the breakwater … this city loses money it will not get back.", False, 1),
    ]


# --- held-out patterns, rebuilt in fictional sentences ---------------------------------------

RING = (
    "The ring is “{phrase}” the Dravenian Frontier Guard Corps’ (DFGC) overseas wing, the Storm Brigade, and the "
    "Halvian-backed Ostrian militia movement Lanterna, the Velmoran Finance Ministry said in a statement on May 4."
)


@pytest.mark.slow
@pytest.mark.parametrize("phrase", ["steered by and secretly funds", "run by and financially backs"])
def test_a_trailing_attribution_beats_the_subject_of_a_long_sentence(nlp, phrase):
    # The parser hangs "the ... Ministry" on the list and gives "said" the sentence's subject
    # ("ring", through a conjunction) or a list member ("wing"): the phrase before "said" speaks.
    ann = annotate(make_article([
        "The Velmoran government has imposed penalties on a Dravenian ring of companies and barges.",
        RING.format(phrase=phrase),
    ]), nlp)
    quote = quote_starting(ann, phrase)
    assert (quote.speaker, quote.speaker_type) == ("Velmoran Finance Ministry", "organization")


@pytest.mark.slow
def test_according_to_the_statement_goes_to_whoever_issued_it(nlp):
    ann = annotate(make_article([
        RING.format(phrase="steered by and secretly funds"),
        "The ministry said the Storm Brigade and Lanterna profited by selling the grain, mostly to Halvia.",
        "Last winter alone, the ring “used more than twenty river barges to carry nearly two million tonnes of wheat. "
        "These cargoes, taken together, sold for more than forty million crowns,\" according to the statement.",
        "The Halvian Audit Office published a report on Tuesday about the port of Kesta.",
        "Over three years the port “lost track of more than three hundred containers and never told customs,” "
        "according to the report.",
        "“The cranes had not been inspected since the flood of the previous spring,” according to the letter.",
    ]), nlp)
    assert quote_starting(ann, "used more than").speaker == "Velmoran Finance Ministry"
    assert quote_starting(ann, "lost track").speaker == "Halvian Audit Office"
    unknown = quote_starting(ann, "The cranes")  # no letter named before it: nobody to credit
    assert unknown.speaker is None and unknown.channel is None


TREATY = (
    "MARENBURG, Dravenia (LNA) — {velk} Anton Velk and Ostria’s leader Mira Sorn signed a river treaty after "
    "their talks in Marenburg on Wednesday, Dravenian state radio reported."
)


@pytest.mark.slow
def test_an_unnamed_leader_resolves_to_the_named_holder_of_that_nation(nlp):
    ann = annotate(make_article([
        TREATY.format(velk="Dravenian President"),
        "Velk also invited Sorn to visit the Ostrian capital next spring.",
        "“I am very glad about our new meeting, and I hope the next one will take place in Ostria,” "
        "the Dravenian leader said during talks with Sorn.",
        "“We have waited a long time for this day,” the Ostrian leader said.",
    ]), nlp)
    assert quote_starting(ann, "I am very glad").speaker == "Anton Velk"  # leader ~ president, Dravenian ~ Dravenia
    assert quote_starting(ann, "We have waited").speaker == "Mira Sorn"  # Ostrian ~ Ostria’s


@pytest.mark.slow
def test_an_unnamed_leader_never_goes_to_another_nations_leader(nlp):
    ann = annotate(make_article([
        TREATY.format(velk="President"),
        "“I am very glad about our new meeting and about the treaty,” the Dravenian leader said during talks with Sorn.",
    ]), nlp)
    assert quote_starting(ann, "I am very glad").speaker != "Mira Sorn"


@pytest.mark.slow
def test_a_prime_minister_is_a_leader_and_spokeswomen_are_spokespeople(nlp):
    ann = annotate(make_article([
        "Halvian Prime Minister Ilse Vantongeren and the Ostrian government spokesperson, Pell Aduna, met in Kesta.",
        "“The border will stay open for trade and for families,” the Halvian leader said.",
        "“Nothing was agreed on fishing rights today,” the government spokeswoman said.",
    ]), nlp)
    assert quote_starting(ann, "The border will").speaker == "Ilse Vantongeren"
    assert quote_starting(ann, "Nothing was agreed").speaker == "Pell Aduna"


@pytest.mark.slow
@pytest.mark.parametrize(
    "paragraph, opening",
    [
        ("The new tolls will come into effect “in the next few days and weeks”, not on Monday as planned.", "in the next few"),
        ("Council President Arno Lindqvist said the measures were aimed at \"steering the harbor authority towards a "
         "different course in its dealings with the fishing fleet\".", "steering the harbor"),
        ("A Halvian official told the Kesta Courier that the offer would “leave the decision to the Ostrian side "
         "to accept or reject the whole river treaty.”", "leave the decision"),
        ("In spring alone, the ring “used more than twenty river barges to carry wheat to the Halvian capital.”", "used more than"),
    ],
)
def test_phrases_inside_the_writers_sentence_are_partial(nlp, paragraph, opening):
    """A quotation the writer's own clause runs through is an attributed phrase, however long."""
    from generator.select import choose_callouts

    ann = annotate(make_article([paragraph]), nlp)
    quote = quote_starting(ann, opening)
    assert quote.partial
    assert all(c.quote != ann.quotes.index(quote) for c in choose_callouts(ann, max_callouts=5))


@pytest.mark.slow
@pytest.mark.parametrize(
    "paragraph, opening",
    [
        ("Mirek Haldane said “the strike is unlawful and we will go to court.”", "the strike is"),
        ("Tove Arnsdal told reporters “nobody in this port was consulted about the terminals.”", "nobody in this"),
        ("“Every day those ships sit outside,” he said, “this city loses money it will not get back.”", "this city loses"),
    ],
)
def test_lower_case_quotations_introduced_as_speech_stay_whole(nlp, paragraph, opening):
    quote = quote_starting(annotate(make_article([paragraph]), nlp), opening)
    assert not quote.partial


def test_nation_words_agree_by_spelling_and_by_the_data():
    from generator.quotes.lexicon import default_lexicon
    from generator.quotes.nations import agree, nation_phrases

    lex = default_lexicon()
    irregular = lex.demonyms()
    assert agree("dravenian", "dravenia", irregular) and agree("north korean", "north korea", irregular)
    assert agree("chinese", "china", irregular) and agree("french", "france", irregular)
    assert not agree("dravenian", "ostria", irregular) and not agree("austrian", "australia", irregular)
    assert not agree("iranian", "iraq", irregular) and not agree("south korean", "north korea", irregular)
    places = frozenset({"ostria", "north korea"})
    assert nation_phrases("Ostria’s leader", places, lex.nationalities) == ["ostria"]
    assert nation_phrases("North Korean leader", places, lex.nationalities) == ["north korean"]
    assert nation_phrases("Velmoran Finance Minister", places, lex.nationalities) == ["velmoran"]
    assert lex.title_words("Prime Minister") == ["leader"] == lex.title_words("president")


def test_a_pinned_split_quotation_is_one_callout_matched_by_its_quote():
    from generator.models import Brief
    from generator.overrides import pin_callouts
    from generator.select import choose_callouts

    ann = Annotations(text="", quotes=[
        quote("We will not sign a plan that nobody in this port has seen.", speaker="Tove Arnsdal", speaker_type="person", paragraph=0),
        quote("Every day those ships sit outside the breakwater", speaker="Benedikt Sorel", speaker_type="person", paragraph=1, pinned=True),
        quote("this city loses money it will not get back.", speaker="Benedikt Sorel", speaker_type="person", paragraph=1, group=1),
        quote("Nobody told us anything about the terminals until the day before.", speaker="Pell Okonjo", speaker_type="person", paragraph=2),
    ])
    brief = Brief(slug="x", source_path="briefs/x.txt", title="t", callouts=choose_callouts(ann, max_callouts=3))
    callouts = pin_callouts(brief, ann, max_callouts=3).callouts
    assert [c.quote for c in callouts] == [1, 0, 3]  # once, first, and still joined
    assert callouts[0].pinned and "… this city loses money" in callouts[0].text
    # A pinned quotation the selection left out gets the same joined text and its index.
    alone = pin_callouts(brief.model_copy(update={"callouts": []}), ann, max_callouts=1).callouts
    assert [(c.quote, c.text) for c in alone] == [(1, callouts[0].text)]
