"""Readers: the seed, fictional fixtures of each shape, encodings, and every reader error code."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from generator.models import Article
from generator.problems import CODES, SourceError
from generator.readers import parse_bytes, read_file
from generator.readers.bylines import parse_byline, parse_credit_line
from generator.readers.captions import split_caption
from generator.readers.dates import dateline, parse_date
from generator.readers.decode import clean_text, decode_bytes
from generator.readers.furniture import is_furniture, starts_furniture
from generator.slugs import article_slug, make_slug

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "articles"
SEED = ROOT / "briefs" / "000_4ad485723bc6e419.txt"
KST = timezone(timedelta(hours=9))


def read(name: str):
    """Read a fixture; return (article, warnings)."""
    return read_file(FIXTURES / name, ROOT)


def failure(name: str, **kwargs) -> SourceError:
    with pytest.raises(SourceError) as caught:
        read_file(FIXTURES / name, ROOT, **kwargs)
    return caught.value


# --- The seed -----------------------------------------------------------------------------


def test_seed_is_read_as_the_issue_requires():
    article, warnings = read_file(SEED, ROOT)
    assert warnings == []
    assert article.title == "Makeup of N. Korea’s delegation to Russia suggests arms deal is on horizon"
    assert article.published.isoformat() == "2023-09-13T14:05:00+09:00"
    assert article.modified.isoformat() == "2023-09-13T17:43:00+09:00"
    assert article.dek == "Flanked by key military and arms industry officials, North Korea’s Kim appears ready to join hands with Putin"
    assert len(article.captions) == 1
    caption = article.captions[0]
    assert caption.text.startswith("North Korean leader Kim Jong-un speaks with") and caption.text.endswith("on Sept. 12.")
    assert caption.credit == "courtesy of the Russian Ministry of Natural Resources and Environment/AFP/Yonhap"
    assert [(a.name, a.role) for a in article.authors] == [("Kwon Hyuk-chul", "staff reporter")]
    assert len(article.paragraphs) == 12
    assert article.paragraphs[0].startswith("The much-discussed possibility of an arms deal")
    assert article.paragraphs[-1].startswith("During a regular press briefing on Tuesday")
    body = "\n".join(article.paragraphs)
    for furniture in ("Please direct questions", "button that move", "Related stories", "Most viewed", "By Kwon",
                      "Posted on", "courtesy of", "클릭시"):
        assert furniture not in body
    assert article.slug == "2023-09-13-makeup-of-n-koreas-delegation-to-russia-suggests-arms-deal"


def test_seed_reads_the_same_every_time_and_round_trips():
    first, second = read_file(SEED, ROOT).article, read_file(SEED, ROOT).article
    assert first.to_json() == second.to_json()
    assert Article.from_json(first.to_json()) == first


# --- Fictional fixtures of each shape ------------------------------------------------------

SHAPES = [
    # (fixture, expected fields)
    ("wire-dateline.txt", dict(
        title="Tirvana fishing fleet halts exports after harbour dispute", dek=None,
        published="2024-03-03T18:40:00+00:00", source="Coastline News", dateline="VELLHAVEN",
        authors=[("Selin Brannoch", "reporting"), ("Wren Castell", "editing")], paragraphs=4,
        first="VELLHAVEN, March 3 (Coastline News) -- Tirvana's largest", last="Exports of fresh fish")),
    ("two-authors.txt", dict(
        title="Kestrin council approves second ferry route despite cost concerns",
        dek="Plan adds evening sailings to Marrow Bay from June",
        published="2024-03-04T09:15:00-05:00", modified="2024-03-04T11:02:00-05:00", source="The Kestrin Daily",
        dateline="KESTRIN", authors=[("Mara Velisko", None), ("Oren Teskel", None)], paragraphs=4,
        first="KESTRIN — The city council voted 7-2 on Monday to add a second ferry route to Marrow Bay, ending months",
        last="The first sailings are expected in June")),
    ("agency-dash.txt", dict(
        title="Grain prices climb as Norvessa delays harvest estimate", published=None, source="Ostmark Wire",
        authors=[("Noor Ebrusi", "reporting"), ("Calla Morvane", "editing")], paragraphs=3, first="(Ostmark Wire) - Grain futures",
        last="\"Nobody wants to be short wheat")),
    ("cp949.txt", dict(
        title="항만 노조, 발모라 항구 파업 종료", dek="Valmora dock workers end strike after pay deal (발모라 항만 노동자들, 임금 합의 후 파업 종료)",
        published="2024-03-05T10:20:00+09:00", authors=[("Han Sorin", "staff reporter")], paragraphs=2,
        first="발모라 항만노조는 5일", last="노조 위원장 한소린은 “조합원들이 약속을 지켰다”고 말했다.")),
    ("utf8-bom.txt", dict(title="Marrow Bay lighthouse gets a new keeper", paragraphs=2,
                          last="“It’s the quietest job on the coast,” keeper Oren Vaszary said.")),
    ("utf16-bom.txt", dict(title="Marrow Bay lighthouse gets a new keeper", paragraphs=2,
                           last="“It’s the quietest job on the coast,” keeper Oren Vaszary said.")),
    ("utf16be-no-bom.txt", dict(title="Marrow Bay lighthouse gets a new keeper", paragraphs=2,
                                last="“It’s the quietest job on the coast,” keeper Oren Vaszary said.")),
    ("cp1252.txt", dict(title="Café owners in Tessaly protest new terrace fees", paragraphs=2,
                        last="“We pay twice for the same pavement,” said café owner Adaeze Morvane — one of forty who took part.")),
    ("hidden-characters.txt", dict(title="Soren Pelgrin wins Kestrin regatta", paragraphs=2,
                                   first="Soren Pelgrin won the Kestrin regatta on Sunday, his third title.")),
    ("front-matter.md", dict(
        title="Velorian central bank holds rates as inflation cools", dek="Governor signals a cut could come before summer",
        published="2024-02-15T14:00:00+01:00", modified="2024-02-15T16:30:00+01:00", source="The Valmora Ledger",
        authors=[("Liesel Koslar", "economics correspondent"), ("Idris Fenwright", None)], paragraphs=5,
        url="https://ledger.example/2024/02/15/velorian-bank-holds-rates", tags=["central banks", "economy"],
        summary="The Velorian Central Bank kept its main rate at 4.5 percent.",
        captions=[("Governor Petra Lindqvar speaks in Valmora on Feb. 15.", "Soren Pelgrin/The Valmora Ledger")],
        first="The Velorian Central Bank kept its main interest rate at 4.5 percent on Thursday, saying inflation",
        last="Wage growth slowed for a fourth month.")),
    ("credit-above-caption.txt", dict(
        title="Harbour workers in Kestrin vote to strike", dek=None, published=None,
        modified="2023-09-13T14:05:00-04:00", authors=[("Ilse Mirow", None)], source="KBX",
        captions=[("Dock workers gather outside the port office in Kestrin on Tuesday.", "Teodor Arandt/Kestrin Daily")],
        paragraphs=3, first="Dock workers at the port of Kestrin voted", last="The port authority said")),
    ("labelled-caption.txt", dict(
        title="Velorian rail strike called off at last minute", dek=None, published="2023-09-13T10:05:00+01:00",
        captions=[("Commuters wait at Valmora Central on Tuesday", "Getty Images")], paragraphs=2,
        last="Union leader Calla Morvane said members would vote on the offer next week.")),
    ("no-front-matter.md", dict(title="Ilvenport opens its first night market", paragraphs=2)),
    ("page-with-furniture.html", dict(
        title="Valmora port reopens after storm repairs", dek="Harbour crews finished two weeks early, the port authority said",
        published="2024-03-04T09:15:00+01:00", modified="2024-03-04T11:02:00+01:00", source="The Valmora Ledger",
        authors=[("Ilse Mirow", "harbour correspondent")], paragraphs=5, tags=["ports", "weather"],
        url="https://ledger.example/2024/03/04/valmora-port-reopens",
        captions=[("Cranes unload the first container ship at the Valmora terminal on March 3.", "Teodor Arandt/The Valmora Ledger")],
        first="The port of Valmora reopened to container traffic on Monday",
        last="Shipping lines are expected to restore their regular Valmora calls")),
    ("euc-kr.html", dict(title="발모라 항구, 폭풍 복구 후 재개장", published="2024-03-04T17:15:00+09:00", paragraphs=3,
                         language="ko", last="항만청은 이달 말까지 정기 노선이 모두 복구될 것으로 내다봤다.")),
]


@pytest.mark.parametrize("name,expected", SHAPES, ids=[s[0] for s in SHAPES])
def test_reader_understands_each_shape(name, expected):
    article, warnings = read(name)
    assert warnings == []
    assert article.format == Path(name).suffix.lstrip(".")
    for key, value in expected.items():
        if key in ("published", "modified"):
            got = getattr(article, key)
            assert (got.isoformat() if got else None) == value, key
        elif key == "authors":
            assert [(a.name, a.role) for a in article.authors] == value
        elif key == "captions":
            assert [(c.text, c.credit) for c in article.captions] == value
        elif key == "paragraphs":
            assert len(article.paragraphs) == value, article.paragraphs
        elif key == "first":
            assert article.paragraphs[0].startswith(value), article.paragraphs[0]
        elif key == "last":
            assert article.paragraphs[-1].startswith(value), article.paragraphs[-1]
        else:
            assert getattr(article, key) == value, key
    assert Article.from_json(article.to_json()) == article


@pytest.mark.parametrize("name", [s[0] for s in SHAPES])
def test_reading_a_file_again_gives_the_same_article(name):
    # trafilatura's deduplication cache is process-wide: a page read twice must not lose its text.
    assert read(name) == read(name)


def test_html_reader_keeps_only_the_article_text():
    article, _ = read("page-with-furniture.html")
    fields = [article.title, article.dek, *article.paragraphs, *(c.text for c in article.captions),
              *(c.credit or "" for c in article.captions), *(a.name for a in article.authors)]
    text = "\n".join(fields)
    for furniture in ("Subscribe today", "Fly Kestrin Air", "Save 20%", "Advertisement", "harbourfan", "Finally!",
                      "fishing quay", "Related stories", "Storm closes", "Privacy policy", "All rights reserved",
                      "tracking", "UA-000", "display: block", "By Ilse"):
        assert furniture not in text, furniture
    assert "<" not in text and ">" not in text


def test_markdown_reader_drops_markup_and_raw_html():
    article, _ = read("front-matter.md")
    text = "\n".join(article.paragraphs)
    assert "alert(" not in text and "<" not in text and "**" not in text and "](" not in text
    assert "What comes next" not in text  # a subheading is not a paragraph
    assert "conference in Valmora." in text  # link text is kept, the address is not


def test_hard_wrapped_lines_are_joined_into_paragraphs():
    article, _ = read("two-authors.txt")
    assert article.paragraphs[0] == (
        "KESTRIN — The city council voted 7-2 on Monday to add a second ferry route to Marrow Bay, ending months of "
        "debate over whether the city can afford the service."
    )
    assert all("Advertisement" not in p and p != "Share" for p in article.paragraphs)


def test_curly_quotes_are_preserved_and_text_is_nfc():
    text = decode_bytes("“Cafe\u0301,” she said — it’s ‘fine’.\u200b\x07".encode(), "x.txt")
    assert text == "“Café,” she said — it’s ‘fine’."


# --- Every reader error code ---------------------------------------------------------------

ERRORS = [
    # (fixture or (name, bytes), options, code, line)
    ("empty.txt", {}, "BRF101", None),
    ("blank.txt", {}, "BRF101", None),
    (("bom-only.txt", b"\xef\xbb\xbf\n\n"), {}, "BRF101", None),
    ("no-headline.txt", {}, "BRF102", 1),
    (("long-first-line.txt", ("word " * 60 + "\n\nBody.\n").encode()), {}, "BRF102", 1),
    ("front-matter-no-title.md", {}, "BRF102", 1),
    (("untitled.html", b"<html><body><article>" + b"".join(
        b"<p>Paragraph %d says the ferry ran late again on Monday, the operator said in a statement.</p>" % i
        for i in range(4)) + b"</article></body></html>"), {}, "BRF102", None),
    ("binary.txt", {}, "BRF103", None),
    (("nul.md", b"title\x00\x01\x02\x03\x04\x05 body \x00\x00\x06"), {}, "BRF103", None),
    ("undecodable.txt", {}, "BRF104", None),
    ("front-matter-syntax.md", {}, "BRF105", 5),
    ("front-matter-unclosed.md", {}, "BRF105", 1),
    (("list-front-matter.md", b"---\n- a\n- b\n---\nBody.\n"), {}, "BRF105", 2),
    ("front-matter-values.md", {}, "BRF106", 4),
    (("bad-url.md", b"---\ntitle: T\nurl: ftp://x\n---\nBody.\n"), {}, "BRF106", 3),
    (("bad-tags.md", b"---\ntitle: T\ntags: {a: b}\n---\nBody.\n"), {}, "BRF106", 3),
    (("both-authors.md", b"---\ntitle: T\nauthor: A\nauthors: [B]\n---\nBody.\n"), {}, "BRF106", 4),
    (("twice.md", b"---\ntitle: T\ndate: 2024-01-01\ntitle: U\n---\nBody.\n"), {}, "BRF106", 4),
    (("bad-language.md", b"---\ntitle: T\nlanguage: English please\n---\nBody.\n"), {}, "BRF106", 3),
    (("bad-author.md", b"---\ntitle: T\nauthors:\n  - {role: editor}\n---\nBody.\n"), {}, "BRF106", 3),
    ("two-authors.txt", {"max_bytes": 100}, "BRF107", None),
    (("headline-only.txt", b"Kestrin harbour closes for winter\n\n"), {}, "BRF110", 1),
    (("furniture-only.txt", b"Advertisement\nShare\n"), {}, "BRF110", None),
    (("front-matter-only.md", b"---\ntitle: T\n---\n"), {}, "BRF110", 4),
    (("no-article.html", b"<html><head><title>T</title></head><body><nav>Home</nav></body></html>"), {}, "BRF110", None),
    (("notes.pdf", b"%PDF-1.4"), {}, "BRF111", None),
    (("nested.md", ("# T\n\n" + "".join("  " * i + "- x\n" for i in range(600))).encode()), {}, "BRF115", 1),
]


def _error_id(case) -> str:
    return case[0] if isinstance(case[0], str) else case[0][0]


@pytest.mark.parametrize("case,options,code,line", ERRORS, ids=[_error_id(e) for e in ERRORS])
def test_each_error_has_its_code_line_and_a_fix(case, options, code, line, tmp_path):
    if isinstance(case, str):
        path = FIXTURES / case
    else:
        path = tmp_path / case[0]
        path.write_bytes(case[1])
    with pytest.raises(SourceError) as caught:
        read_file(path, path.parent.parent if isinstance(case, str) else tmp_path, **options)
    problem = caught.value.problem
    assert (problem.code, problem.line, problem.severity) == (code, line, "error"), str(problem)
    assert code in CODES
    assert problem.path.endswith(path.name)
    # The message says what to do, and the printed form is 'path:line: error CODE: message'.
    assert any(w in problem.message for w in ("add", "put", "save", "fix", "re-save", "use", "write", "keep",
                                              "must", "split", "flatten", "paste", "quote", "delete"))
    where = f"{problem.path}:{line}" if line else problem.path
    assert str(problem).startswith(f"{where}: error {code}: ")


def test_an_unreadable_path_is_an_error(tmp_path):
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(SourceError) as caught:
        read_file(folder, tmp_path)
    assert caught.value.problem.code == "BRF113"


WARNINGS = [
    # (fixture, [(code, line)], what the article falls back to)
    ("bad-date.txt", [("BRF108", 3)], dict(published=None, slug="bresk-on-tarra-bridge-reopens-to-lorries")),
    ("undated-wire.txt", [("BRF108", 3)], dict(published=None, dateline="DUNHOLLOW", source="Valley Post")),
    ("front-matter-unknown.md", [("BRF108", 3), ("BRF112", 4)], dict(published=None, title="Tessaly ferry strike ends")),
]


@pytest.mark.parametrize("name,expected,fallback", WARNINGS, ids=[w[0] for w in WARNINGS])
def test_warnings_keep_the_article_with_a_fallback(name, expected, fallback):
    article, warnings = read(name)
    assert [(w.code, w.line) for w in warnings] == expected
    assert all(w.severity == "warning" and w.path.endswith(name) for w in warnings)
    for key, value in fallback.items():
        assert getattr(article, key) == value


def test_unknown_key_suggests_the_known_one(tmp_path):
    path = tmp_path / "typo.md"
    path.write_text("---\ntitel: Tessaly ferry strike ends\n---\n# Tessaly ferry strike ends\n\nCrews returned.\n")
    article, warnings = read_file(path, tmp_path)
    assert article.title == "Tessaly ferry strike ends"
    assert [(w.code, w.line) for w in warnings] == [("BRF112", 2)]
    assert "did you mean 'title'" in warnings[0].message


def test_an_error_also_reports_the_warnings_met_before_it(tmp_path):
    path = tmp_path / "x.md"
    path.write_text("---\ntitle: T\ndate: someday\ncolour: blue\ndraft: perhaps\n---\nBody.\n")
    with pytest.raises(SourceError) as caught:
        read_file(path, tmp_path)
    assert [(p.code, p.line, p.severity) for p in caught.value.problems] == [
        ("BRF106", 5, "error"), ("BRF112", 4, "warning"), ("BRF108", 3, "warning")]


def test_a_reader_never_passes_markup_through_markdown(tmp_path):
    path = tmp_path / "x.md"
    path.write_text("# Port <b>news</b>\n\n<div onclick=\"x()\">Crews <i>returned</i> on Monday.</div>\n\n"
                    "<script>steal()</script>\n\nThe [harbour](javascript:alert(1)) reopened.\n")
    article, _ = read_file(path, tmp_path)
    assert article.title == "Port news"
    assert article.paragraphs == ["Crews returned on Monday.", "The harbour reopened."]


# --- Building blocks, table-driven ----------------------------------------------------------

DATES = [
    ("2023-09-13 14:05 KST", "2023-09-13T14:05:00+09:00"),
    ("March 4, 2024 9:15 a.m. EST", "2024-03-04T09:15:00-05:00"),
    ("Sept. 13, 2023 at 9:05 a.m. EDT", "2023-09-13T09:05:00-04:00"),
    ("13 September 2023 08:00 BST", "2023-09-13T08:00:00+01:00"),
    ("2023-09-13T14:05:00+05:30", "2023-09-13T14:05:00+05:30"),
    ("2024-03-04", "2024-03-04T00:00:00+00:00"),  # no zone: UTC, never the machine's zone
    ("2024-03-04 09:15 +01:00", "2024-03-04T09:15:00+01:00"),
    ("2024-13-04", None),  # an impossible ISO date is not silently read as the 13th of April
    ("Sept. 13", None),  # no year: not guessed from today's date
    ("2 hours ago", None),  # relative: depends on the clock
    ("1694581500", None),  # a bare timestamp: would depend on the machine's zone
    ("yesterday", None),
    ("", None),
]


@pytest.mark.parametrize("text,expected", DATES)
def test_parse_date(text, expected):
    value = parse_date(text)
    assert (value.isoformat() if value else None) == expected


DATELINES = [
    ("SEOUL, Sept. 13 (Yonhap) -- North Korea said", ("SEOUL", "Sept. 13", "Yonhap")),
    ("(Reuters) - Grain prices rose", (None, None, "Reuters")),
    ("LUMENPORT, March 4, 2024 — The council met", ("LUMENPORT", "March 4, 2024", None)),
    ("WASHINGTON, D.C., Sept. 13 (AP) — Officials said", ("WASHINGTON, D.C.", "Sept. 13", "AP")),
    ("PORT ALMSEY — Crews worked", ("PORT ALMSEY", None, None)),
    ("The minister (left) - said so", None),
    ("US — China talks resumed", None),
    ("Moreover, reports said", None),
    # No space after the hyphen, as some wire feeds write it.
    ("VARNHOLM (Coastline News) -Talks held in Lisk ended", ("VARNHOLM", None, "Coastline News")),
    ("(Ostmark Wire) -“We will sign,” she said", (None, None, "Ostmark Wire")),
    ("NORVASK-based lenders said", None),
    ("EU-backed talks began", None),
]


@pytest.mark.parametrize("text,expected", DATELINES)
def test_dateline(text, expected):
    found = dateline(text)
    assert ((found.place, found.date, found.agency) if found else None) == expected


BYLINES = [
    ("By Kwon Hyuk-chul, staff reporter", [("Kwon Hyuk-chul", "staff reporter")]),
    ("By Mara Velisko and Oren Teskel", [("Mara Velisko", None), ("Oren Teskel", None)]),
    ("By Mara Velisko, Oren Teskel and Idris Koslar", [("Mara Velisko", None), ("Oren Teskel", None), ("Idris Koslar", None)]),
    ("By Ana de la Cruz, Staff Writer", [("Ana de la Cruz", "Staff Writer")]),
    ("By Jane Roe, staff reporter, and John Doe, Kestrin correspondent",
     [("Jane Roe", "staff reporter"), ("John Doe", "Kestrin correspondent")]),
    ("By Ilse Mirow, KBX", [("Ilse Mirow", None)]),
    ("By Ilse Mirow and Bram Okafin, The Kestrin Daily", [("Ilse Mirow", None), ("Bram Okafin", None)]),
    ("By Monday, the company had sold out.", None),
    ("By the end of the year", None),
    ("By 2024 the port", None),
]


@pytest.mark.parametrize("text,expected", BYLINES)
def test_byline(text, expected):
    found = parse_byline(text)
    assert ([(a.name, a.role) for a in found.authors] if found else None) == expected


def test_byline_outlet_is_not_an_author():
    assert parse_byline("By Ilse Mirow, The Kestrin Daily").outlet == "The Kestrin Daily"


def test_wire_credit_line_keeps_reporters_and_editors_with_their_tasks():
    found = parse_credit_line("(Reporting by Mara Velisko and Soren Pelgrin in Port Almsey; Editing by Wren Castell)")
    assert [(a.name, a.role) for a in found.authors] == [
        ("Mara Velisko", "reporting"), ("Soren Pelgrin", "reporting"), ("Wren Castell", "editing"),
    ]


def test_wire_credit_line_without_brackets_names_every_task():
    found = parse_credit_line("Reporting by Ines Calloway in Dravik; Additional reporting by Tomas Rell; Editing by Oona Hartle")
    assert [(a.name, a.role) for a in found.authors] == [
        ("Ines Calloway", "reporting"), ("Tomas Rell", "additional reporting"), ("Oona Hartle", "editing"),
    ]


CAPTIONS = [
    ("Crews at work. (courtesy of the Harbour Board/AFP/Yonhap)", False, ("Crews at work.", "courtesy of the Harbour Board/AFP/Yonhap")),
    ("Crews at work (Photo: Teodor Arandt/The Valmora Ledger)", False, ("Crews at work", "Teodor Arandt/The Valmora Ledger")),
    ("Cranes at dawn. (Yonhap)", True, ("Cranes at dawn.", "Yonhap")),
    ("Cranes at dawn. (Yonhap)", False, None),  # in the body a bare name is not enough
    ("The minister said the deal was done (AP/Reuters).", False, None),
    ("He met the envoy (left).", True, None),
    # Wire captions: a bare credit in capitals after the last sentence, a '© Agency. FILE PHOTO:' opening.
    ("Tarsenia’s envoy greets the minister in Lisk on 4 May. Talks lasted an hour. ILSA MORAV/POOL/NORVASK PRESS AGENCY", False,
     ("Tarsenia’s envoy greets the minister in Lisk on 4 May. Talks lasted an hour.", "ILSA MORAV/POOL/NORVASK PRESS AGENCY")),
    ("© Ostmark Wire. FILE PHOTO: Mira Kessaly leaves a meeting in Lisk, June 2, 2021. OSTMARK WIRE/Teodor Arandt", False,
     ("Mira Kessaly leaves a meeting in Lisk, June 2, 2021.", "OSTMARK WIRE/Teodor Arandt")),
    ("FILE PHOTO: Cranes at dawn in Lisk.", False, ("Cranes at dawn in Lisk.", None)),
    ("© Ostmark Wire. Cranes at dawn in Lisk.", False, ("Cranes at dawn in Lisk.", "Ostmark Wire")),
    ("The minister said the Brem/Olstad poll was wrong.", False, None),
    ("Prices rose, analysts at Brem/Olstad said", False, None),
]


@pytest.mark.parametrize("text,loose,expected", CAPTIONS)
def test_split_caption(text, loose, expected):
    found = split_caption(text, loose=loose)
    assert ((found.text, found.credit) if found else None) == expected


FURNITURE = [
    ("Please direct questions or comments to []", True, False),
    ("button that move to original korean article (클릭시 원문으로 이동하는 버튼)", True, False),
    ("Advertisement", True, False),
    ("© 2024 The Valmora Ledger. All rights reserved.", True, False),
    ("Home > World > Asia", True, False),
    ("Related stories", False, True),
    ("Most viewed articles", False, True),
    ("Comments (3)", False, True),
    ("Subscribers will pay more, the minister said.", False, False),
    ("The port reopened on Monday.", False, False),
]


@pytest.mark.parametrize("text,line,section", FURNITURE)
def test_furniture(text, line, section):
    assert (is_furniture(text), starts_furniture(text)) == (line, section)


def test_clean_text_removes_invisible_characters_only():
    assert clean_text("a\u200bb\u00adc\u2060d\x07e\r\nf\u00a0g") == "abcde\nf g"


# --- Slugs --------------------------------------------------------------------------------

SLUGS = [
    ("Makeup of N. Korea’s delegation", datetime(2023, 9, 13, 14, 5, tzinfo=KST), "2023-09-13-makeup-of-n-koreas-delegation"),
    # The date is the article's own: 00:30 in Seoul is still the 14th there.
    ("Late news", datetime(2023, 9, 14, 0, 30, tzinfo=KST), "2023-09-14-late-news"),
    ("항만 노조, 발모라 항구 파업 종료", None, "hangman-nojo-balmora-hanggu-paeob-jongryo"),
    ("Café owners protest", None, "cafe-owners-protest"),
    ("../../etc/passwd", None, "etc-passwd"),
    ("Index", None, "brief-index"),
    ("“”", None, "untitled"),
]


@pytest.mark.parametrize("title,published,expected", SLUGS)
def test_article_slug(title, published, expected):
    assert article_slug(title, published) == expected
    assert article_slug(title, published) == expected  # stable


def test_make_slug_is_bounded():
    assert len(make_slug("word " * 100)) <= 60


WIRE_PAGE = """Tarsenia and Ostravel agree to resume port talks

Posted 03/02/2025, 09:15 AM

© Ostmark Wire. FILE PHOTO: Tarsenia's envoy Mira Kessaly leaves a meeting of the Lisk Port Commission in Varnholm, June 2, 2021. OSTMARK WIRE/Teodor Arandt

Tarsenia's envoy Mira Kessaly greets Ostravel's minister Orin Hale in Lisk on 1 March 2025. The talks lasted two hours.

Tarsenia's envoy Mira Kessaly greets Ostravel's minister Orin Hale in Lisk on 1 March 2025. The talks lasted two hours. ILSA MORAV/POOL/NORVASK PRESS AGENCY

VARNHOLM (Ostmark Wire) -Talks held in Lisk between Tarsenia and Ostravel will resume next week, the port commission said on Sunday.

"We agreed to continue," Kessaly said after the meeting.

Reporting by Ines Calloway in Varnholm; Editing by Oona Hartle
"""


def test_wire_page_captions_dateline_and_trailer(tmp_path):
    path = tmp_path / "wire-page.txt"
    path.write_text(WIRE_PAGE, encoding="utf-8")
    article = read_file(path, tmp_path).article
    assert [(c.text[:28], c.credit) for c in article.captions] == [
        ("Tarsenia's envoy Mira Kessal", "OSTMARK WIRE/Teodor Arandt"),
        ("Tarsenia's envoy Mira Kessal", "ILSA MORAV/POOL/NORVASK PRESS AGENCY"),
    ]
    # The caption shown twice (once without its credit) is neither a dek nor a paragraph.
    assert article.dek is None
    assert article.paragraphs[0].startswith("VARNHOLM (Ostmark Wire) -Talks")
    assert len(article.paragraphs) == 2
    assert article.dateline == "VARNHOLM" and article.source == "Ostmark Wire"
    assert [(a.name, a.role) for a in article.authors] == [("Ines Calloway", "reporting"), ("Oona Hartle", "editing")]
