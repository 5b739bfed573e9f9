"""The Atom feed of the latest briefs, written as docs/feed.xml so any MkDocs-like builder ships it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime, timezone

import jinja2

from .escape import safe_url, strip_invisible
from .siteurl import SiteSettings

ATOM = "http://www.w3.org/2005/Atom"
FEED_PATH = "feed.xml"
FEED_LIMIT = 20
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def stamp(value: datetime) -> str:
    """RFC 3339 timestamp that keeps the article's own offset (14:05+09:00 stays 14:05+09:00)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.isoformat()


def clean(text: object) -> str:
    """Plain text for an XML text node: invisible and control characters removed."""
    # ElementTree escapes &, < and >, but XML 1.0 cannot carry most control characters at all.
    return strip_invisible(str(text or "")).strip()


def render_feed(env: jinja2.Environment, items: list) -> dict[str, str]:
    """Render feed.xml with the newest dated briefs; nothing when the site has no site_url."""
    site: SiteSettings | None = env.globals.get("site")
    if site is None or not site.site_url:
        # Feed links must be absolute; without a site_url there is no correct feed to write.
        return {}
    from .site import newest_first

    dated = [i for i in newest_first(items) if i.article.published and not i.article.draft][:FEED_LIMIT]
    return {FEED_PATH: build_feed(site, dated)}


def build_feed(site: SiteSettings, items: list) -> str:
    """Build the Atom document for items (already ordered) as text."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = clean(site.site_name)
    ET.SubElement(feed, f"{{{ATOM}}}id").text = site.site_url
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=site.site_url)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href=site.site_url + FEED_PATH)
    # The feed's date is the newest article date, never the build time: same inputs, same bytes.
    newest = max((updated(i) for i in items), default=EPOCH)
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = stamp(newest)
    ET.SubElement(feed, f"{{{ATOM}}}generator").text = "briefs"
    for item in items:
        feed.append(entry(site, item))
    ET.indent(feed, space="  ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def updated(item) -> datetime:
    """When the article was last modified (or published)."""
    return item.article.modified or item.article.published


def entry(site: SiteSettings, item) -> ET.Element:
    """One <entry> for a brief: title, link, dates from the article, authors, summary, tags."""
    article, brief = item.article, item.brief
    url = site.absolute(f"briefs/{brief.slug}.md")
    node = ET.Element(f"{{{ATOM}}}entry")
    ET.SubElement(node, f"{{{ATOM}}}title").text = clean(brief.title)
    ET.SubElement(node, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=url)
    ET.SubElement(node, f"{{{ATOM}}}id").text = url
    ET.SubElement(node, f"{{{ATOM}}}published").text = stamp(article.published)
    ET.SubElement(node, f"{{{ATOM}}}updated").text = stamp(updated(item))
    names = [clean(a.name) for a in article.authors if clean(a.name)] or [clean(article.source or site.site_name)]
    for name in names:
        ET.SubElement(ET.SubElement(node, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = name
    original = safe_url(article.url)
    if original:
        ET.SubElement(node, f"{{{ATOM}}}link", rel="via", type="text/html", href=original)
    summary = brief.dek or (brief.paragraphs[0].text if brief.paragraphs else "")
    if summary:
        ET.SubElement(node, f"{{{ATOM}}}summary", type="text").text = clean(summary)
    for tag in sorted(set(brief.tags)):
        ET.SubElement(node, f"{{{ATOM}}}category", term=clean(tag))
    return node
