"""Reader for text copied from a news page (the seed's shape)."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import dateparser

from ..models import Article, Author, Caption
from ..problems import SourceError
from ..slugs import article_slug
from . import register

_POSTED = re.compile(
    r"^\s*(?:Posted on|Published|Posted)\s*:?\s*(?P<pub>.+?)\s*(?:\|?\s*(?:Modified on|Updated|Modified)\s*:?\s*(?P<mod>.+?))?\s*$",
    re.IGNORECASE,
)
_CREDIT = re.compile(r"^(?P<text>.+?[.!?])\s*\((?P<credit>(?:courtesy of|photo|yonhap|afp|ap|reuters|getty)[^()]*|[^()]*/[^()]*)\)\s*$", re.IGNORECASE)
_BYLINE = re.compile(r"^By\s+(?P<names>[^,|]+?)(?:\s*,\s*(?P<role>[^|]+?))?(?:\s*\|\s*(?P<outlet>.+))?\s*$")
# Page furniture that follows the article on news sites; matched on whole lines.
_FURNITURE = re.compile(
    r"^(Please direct questions or comments to.*|button that move to original .*|Related stories|"
    r"Most viewed articles|Share this article.*|Advertisement|Read more.*|Copyright .*|All rights reserved.*)$",
    re.IGNORECASE,
)


def parse_date(text: str) -> datetime | None:
    """Parse a news date string into an aware datetime; a date without a zone is taken as UTC."""
    parsed = dateparser.parse(text, languages=["en"], settings={"PREFER_DATES_FROM": "past"})
    if parsed is not None and parsed.tzinfo is None:
        # Never the machine's zone: the same file must give the same brief everywhere.
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed


@register(".txt")
def read_text(text: str, source_path: str, digest: str) -> Article:
    """Parse scraped article text: headline, dateline, dek, captions, body, byline."""
    lines = [line.strip() for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    # Furniture sits after the article: drop it from the end only.
    while lines and (not lines[-1] or _FURNITURE.match(lines[-1])):
        lines.pop()
    start = next((i for i, line in enumerate(lines) if line), None)
    if start is None:
        raise SourceError(source_path, "BRF101", "the file has no text; add the article or delete the file")
    title = lines[start]
    if len(title) > 300:
        raise SourceError(source_path, "BRF102", "the first line is not a headline (over 300 characters); put the headline on line 1", line=start + 1)
    published = modified = None
    dek = None
    captions: list[Caption] = []
    authors: list[Author] = []
    source = None
    paragraphs: list[str] = []
    current: list[str] = []
    for number, line in enumerate(lines[start + 1 :], start=start + 2):
        if not line:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        if published is None and (posted := _POSTED.match(line)):
            published = parse_date(posted["pub"])
            modified = parse_date(posted["mod"]) if posted["mod"] else None
            continue
        if (credit := _CREDIT.match(line)) and not paragraphs:
            caption = Caption(text=credit["text"], credit=credit["credit"])
            if caption not in captions:  # news pages repeat a caption under the photo
                captions.append(caption)
            continue
        if (byline := _BYLINE.match(line)) and not current:
            authors += [Author(name=n.strip(), role=byline["role"]) for n in re.split(r"\s+and\s+|\s*&\s*", byline["names"])]
            source = byline["outlet"] or source
            continue
        if dek is None and not paragraphs and not current and published is not None:
            dek = line
            continue
        current.append(line)
    if current:
        paragraphs.append(" ".join(current))
    if not paragraphs:
        raise SourceError(source_path, "BRF110", "no body paragraphs found after the headline; separate paragraphs with blank lines")
    return Article(
        source_path=source_path, format="txt", digest=digest, slug=article_slug(title, published), title=title,
        dek=dek, published=published, modified=modified, authors=authors, source=source, captions=captions,
        paragraphs=paragraphs,
    )
