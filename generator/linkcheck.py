"""Check a built site: every internal href/src, and every #anchor, must resolve to a file and an id.

Usage: python -m generator.linkcheck SITE_DIR [--site-url URL]

The site is checked on disk, the way a static host serves it: `folder/` means
`folder/index.html`, absolute paths are read under site_url's path (so a site built for
`https://owner.github.io/repo/` is checked as if served under `/repo/`), and links to other
hosts are not followed. The sitemap's and feed's URLs are checked too.
"""

from __future__ import annotations

import argparse
import posixpath
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

# Attributes that load or link something; srcset is handled apart (several URLs).
LINK_ATTRS = {"href", "src", "poster", "data"}
IGNORED_SCHEMES = {"mailto", "tel", "javascript", "data", "blob", "about"}


@dataclass(frozen=True, order=True)
class Broken:
    """One link that does not resolve: the page it is on, the link as written, and why."""

    page: str
    link: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.link}: {self.reason}"


class PageParser(HTMLParser):
    """Collect the ids a page defines and the links it makes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id",) or (name == "name" and tag == "a"):
                self.ids.add(value)
            elif name in LINK_ATTRS and not (tag == "link" and ("rel", "preconnect") in attrs):
                self.links.append(value)
            elif name == "srcset":
                self.links += [part.strip().split(" ")[0] for part in value.split(",") if part.strip()]


class SiteChecker:
    """Resolve links against the files of one built site, parsing each page once."""

    def __init__(self, site_dir: Path, site_url: str = "") -> None:
        self.root = site_dir.resolve()
        self.site_url = site_url if not site_url or site_url.endswith("/") else site_url + "/"
        parts = urlsplit(self.site_url)
        self.origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
        self.base_path = parts.path or "/"
        self._pages: dict[Path, PageParser] = {}

    def parse(self, path: Path) -> PageParser:
        """Parse an HTML file (cached)."""
        if path not in self._pages:
            parser = PageParser()
            parser.feed(path.read_text("utf-8", errors="replace"))
            parser.close()
            self._pages[path] = parser
        return self._pages[path]

    def page_url(self, path: Path) -> str:
        """The URL path a file is served at, e.g. /repo/briefs/x/index.html."""
        return self.base_path + path.relative_to(self.root).as_posix()

    def target_file(self, url_path: str) -> Path | None:
        """The file a URL path on this site serves, or None when there is none."""
        if not url_path.startswith(self.base_path):
            return None
        rel = posixpath.normpath(unquote(url_path[len(self.base_path) :]) or ".")
        if rel.startswith(".."):
            return None
        candidate = self.root / rel
        if url_path.endswith("/") or candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None

    def check_link(self, page: Path, link: str) -> str | None:
        """Return why a link from page is broken, or None when it resolves (or is external)."""
        link = link.strip()
        if not link:
            return "empty link"
        parts = urlsplit(link)
        if parts.scheme in IGNORED_SCHEMES:
            return None
        if parts.scheme or parts.netloc:
            if not self.origin or f"{parts.scheme or 'http'}://{parts.netloc}" != self.origin:
                return None  # another host: not ours to check
        absolute = urljoin("http://site" + self.page_url(page), link)
        target = urlsplit(absolute)
        if not target.path.startswith(self.base_path):
            return f"leaves the site's path {self.base_path}"
        found = self.target_file(target.path)
        if found is None:
            return "no such file"
        if target.fragment and found.suffix == ".html":
            anchor = unquote(target.fragment)
            if anchor not in self.parse(found).ids:
                return f"no id '{anchor}' in {found.relative_to(self.root).as_posix()}"
        return None

    def check_pages(self) -> list[Broken]:
        """Check every link of every HTML page."""
        broken = []
        for page in sorted(self.root.rglob("*.html")):
            for link in self.parse(page).links:
                reason = self.check_link(page, link)
                if reason:
                    broken.append(Broken(page.relative_to(self.root).as_posix(), link, reason))
        return broken

    def check_xml(self, name: str, tags: tuple[str, ...]) -> list[Broken]:
        """Check the URLs in an XML file of the site (sitemap <loc>, feed <link href>)."""
        path = self.root / name
        if not path.is_file() or not self.site_url:
            return []
        broken = []
        for element in ET.parse(path).iter():
            local = element.tag.rsplit("}", 1)[-1]
            if local not in tags:
                continue
            link = element.get("href") if local == "link" else (element.text or "").strip()
            if not link or not link.startswith(self.site_url):
                if local == "loc":
                    broken.append(Broken(name, link or "", f"not under site_url {self.site_url}"))
                continue
            reason = self.check_link(path, link)
            if reason:
                broken.append(Broken(name, link, reason))
        return broken

    def check(self) -> list[Broken]:
        """Check pages, sitemap and feed; return every broken link, sorted."""
        problems = self.check_pages() + self.check_xml("sitemap.xml", ("loc",)) + self.check_xml("feed.xml", ("link",))
        return sorted(set(problems))


def check_site(site_dir: Path, site_url: str = "") -> list[Broken]:
    """Return every broken internal link of the site built in site_dir for site_url."""
    return SiteChecker(site_dir, site_url).check()


def main(argv: list[str] | None = None) -> int:
    """Command line: print broken links, exit 1 when there are any."""
    parser = argparse.ArgumentParser(prog="python -m generator.linkcheck", description=__doc__.split("\n\n")[0])
    parser.add_argument("site_dir", type=Path, help="the built site (e.g. site/)")
    parser.add_argument("--site-url", help="the URL the site was built for (default: site_url from mkdocs.yml, SITE_URL included)")
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="mkdocs.yml to read site_url from")
    args = parser.parse_args(argv)
    if not (args.site_dir / "index.html").is_file():
        print(f"error: {args.site_dir} has no index.html; build the site first (briefs build)", file=sys.stderr)
        return 2
    site_url = args.site_url
    if site_url is None and args.config.is_file():
        from .siteurl import read_site_settings

        site_url = read_site_settings(args.config).site_url
    broken = check_site(args.site_dir, site_url or "")
    for item in broken:
        print(item)
    pages = sum(1 for _ in args.site_dir.rglob("*.html"))
    print(f"checked {pages} pages: {len(broken)} broken link(s)", file=sys.stderr)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
