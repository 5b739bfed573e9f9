"""Reader for text copied from a news page (the seed's shape and its siblings).

The page is read line by line: the first line is the headline; metadata lines (dates, bylines,
wire credits) and photo captions are lifted out wherever they stand; site furniture is dropped;
what remains is grouped into paragraphs (blank lines separate them, hard-wrapped lines are
joined), and a short first paragraph set apart by metadata is the dek.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ..models import Article, Author, Caption
from ..slugs import article_slug
from . import Source, register
from .captions import credit_only, labelled_caption, split_caption
from .dates import date_with_year, dateline
from .furniture import is_furniture, starts_furniture
from .metalines import MetaLine, parse_meta_line

_MAX_HEADLINE = 200
_MAX_DEK = 300
# Lines longer than this are not hard-wrapped: each one is a paragraph of its own.
_WRAP_WIDTH = 100
_SENTENCE_END = (".", "!", "?", "”", '"', "’", "'")


@dataclass
class Run:
    """Consecutive text lines (no blank or metadata line between them)."""

    lines: list[tuple[int, str]]
    block: int
    """Index of the blank-line separated block it sits in."""
    meta_after: bool = False
    """A metadata line or caption follows before the next run."""

    @property
    def number(self) -> int:
        return self.lines[0][0]

    @property
    def text(self) -> str:
        return join_lines([line for _, line in self.lines])

    def paragraphs(self) -> list[str]:
        """The run as paragraphs: joined if hard-wrapped, else one paragraph per line."""
        if max(len(line) for _, line in self.lines) > _WRAP_WIDTH:
            return [line for _, line in self.lines]
        return [self.text]


@dataclass
class Page:
    """Everything found on the page, before deciding what is dek and body."""

    runs: list[Run] = field(default_factory=list)
    metas: list[tuple[int, MetaLine]] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)


def join_lines(lines: list[str]) -> str:
    """Join hard-wrapped lines; a word broken at a hyphen keeps the hyphen and loses the space."""
    text = ""
    for line in lines:
        if text.endswith("-") and len(text) > 1 and text[-2].isalpha() and line[:1].isalpha():
            text += line
        else:
            text = f"{text} {line}" if text else line
    return text


@register(".txt", ".text")
def read_text(source: Source) -> Article:
    """Parse scraped article text: headline, dates, dek, captions, byline, body."""
    lines = [(number, line.strip()) for number, line in enumerate(source.text.split("\n"), start=1)]
    start = next((i for i, (_, line) in enumerate(lines) if line and not is_furniture(line)), None)
    if start is None:
        source.fail("BRF110", "the file holds only page furniture (share buttons, ads), no article; paste the article text")
    number, title = lines[start]
    check_headline(source, number, title)
    page = scan(lines[start + 1 :])
    dek_run = find_dek(page.runs, headline_block=0)
    body = [run for run in page.runs if run is not dek_run]
    paragraphs = [p for run in body for p in run.paragraphs()]
    if not paragraphs:
        source.fail(
            "BRF110", "no body paragraphs found after the headline; put the article text under it, "
            "paragraphs separated by blank lines", line=number,
        )
    authors, outlet, published, modified = read_metadata(source, page.metas)
    wire = dateline(paragraphs[0])
    if wire and wire.date and published is None:
        published = date_with_year(wire.date, modified)
        if published is None:
            source.warn(
                "BRF108", f"the dateline gives '{wire.date}' without a year and there is no publication date, "
                "so the brief is undated; add a line such as 'Published: 2024-03-04 09:15 +01:00' under the headline",
                line=body[0].number,
            )
    return Article(
        source_path=source.path, format="txt", digest=source.digest, slug=article_slug(title, published),
        title=title, dek=dek_run.text if dek_run else None, published=published, modified=modified,
        authors=authors, source=outlet or (wire.agency if wire else None), dateline=wire.place if wire else None,
        captions=page.captions, paragraphs=paragraphs,
    )


def check_headline(source: Source, number: int, title: str) -> None:
    """Refuse a first line that is metadata or prose rather than a headline."""
    fix = "put the headline alone on the first line"
    if parse_meta_line(title) or dateline(title):
        source.fail("BRF102", f"the file starts with a date, byline or dateline, not a headline; {fix}", line=number)
    if len(title) > _MAX_HEADLINE:
        source.fail("BRF102", f"the first line is {len(title)} characters long, too long for a headline; {fix}", line=number)


def scan(lines: list[tuple[int, str]]) -> Page:
    """Sort the lines after the headline into text runs, metadata lines and captions."""
    page = Page()
    block, run, body_seen = 0, None, False
    previous_text = pending = None
    for index, (number, line) in enumerate(lines):
        if not line or is_furniture(line):
            block += not line
            run = None
            continue
        if page.runs and starts_furniture(line):
            break  # 'Related stories', 'Most viewed articles', comments: the rest is the site's.
        if meta := parse_meta_line(line):
            page.metas.append((number, meta))
            _mark_meta(page)
            run = None
            continue
        repeated = line in (previous_text, _next_line(lines, index))
        if caption := split_caption(line, loose=not body_seen or repeated):
            _add_caption(page, caption)
            run, previous_text = None, line
            continue
        if credit := credit_only(line):
            # Under its caption it credits that caption; above one (or alone) it waits for it.
            pending = None if _attach_credit(page, credit, run) else credit
            run = None
            continue
        if text := labelled_caption(line):
            _add_caption(page, Caption(text=text, credit=pending))
            run, pending = None, None
            continue
        if pending and run is None and not _next_line(lines, index):
            _add_caption(page, Caption(text=line, credit=pending))
            pending = None
            continue
        pending = None
        if any(line == c.text for c in page.captions):
            run = None
            continue  # the page shows the caption again, without its credit
        if run is None:
            run = Run(lines=[], block=block)
            page.runs.append(run)
        run.lines.append((number, line))
        previous_text = line
        body_seen = body_seen or len(line) > _MAX_HEADLINE or len(run.lines) >= 3 or len(page.runs) > 2
    return page


def _next_line(lines: list[tuple[int, str]], index: int) -> str | None:
    return lines[index + 1][1] if index + 1 < len(lines) else None


def _mark_meta(page: Page) -> None:
    if page.runs:
        page.runs[-1].meta_after = True


def _add_caption(page: Page, caption: Caption) -> None:
    if caption not in page.captions:  # news pages repeat a caption under the photo
        page.captions.append(caption)
    if page.runs and len(page.runs[-1].lines) == 1 and page.runs[-1].lines[0][1] == caption.text:
        page.runs.pop()  # the same caption just above, shown without its credit
    _mark_meta(page)


def _attach_credit(page: Page, credit: str, run: Run | None) -> bool:
    """'Photo: A/Outlet' right under a line: that line is the caption it credits."""
    if run is not None and len(run.lines) == 1 and page.runs and page.runs[-1] is run:
        page.runs.pop()
        _add_caption(page, Caption(text=run.text, credit=credit))
        return True
    if page.captions and page.captions[-1].credit is None and run is None:
        page.captions[-1] = Caption(text=page.captions[-1].text, credit=credit)
        _mark_meta(page)
        return True
    return False


def find_dek(runs: list[Run], headline_block: int) -> Run | None:
    """The first run is the dek when it is short, a paragraph follows, and it stands apart.

    Apart means: in the headline's own block, or followed by metadata (dates, byline, photo),
    or not ending like a sentence (body paragraphs do).
    """
    if len(runs) < 2:
        return None
    first = runs[0]
    text = first.text
    if len(text) > _MAX_DEK or len(first.lines) > 3 or dateline(text):
        return None
    if first.block == headline_block or first.meta_after or not text.endswith(_SENTENCE_END):
        return first
    return None


def read_metadata(
    source: Source, metas: list[tuple[int, MetaLine]]
) -> tuple[list[Author], str | None, datetime | None, datetime | None]:
    """Authors, outlet and dates from the metadata lines; a date that does not parse is a warning."""
    authors: list[Author] = []
    outlet = published = modified = None
    for number, meta in metas:
        for author in meta.authors:
            if author.name not in {a.name for a in authors}:
                authors.append(author)
        outlet = outlet or meta.outlet
        for date in meta.dates:
            if date.kind == "published" and published is None or date.kind == "modified" and modified is None:
                if date.value is None:
                    source.warn(
                        "BRF108", f"cannot read the {date.kind} date '{date.text}'; it is left out. Write it with "
                        "a year and a zone, e.g. '2024-03-04 09:15 +01:00' or 'March 4, 2024 9:15 a.m. EST'",
                        line=number,
                    )
                    continue
                if date.kind == "published":
                    published = date.value
                else:
                    modified = date.value
    return authors, outlet, published, modified
