"""Where the site is published: site_url from mkdocs.yml (SITE_URL overrides it) and URL rules."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit


@dataclass(frozen=True)
class SiteSettings:
    """The parts of mkdocs.yml the generator needs to write absolute URLs (feed, checks)."""

    site_url: str
    """Absolute URL of the site root with a trailing slash, or '' when none is configured."""
    site_name: str = "News briefs"
    use_directory_urls: bool = True

    @property
    def base_path(self) -> str:
        """The URL path the site is served under, e.g. '/news-briefs/' (always ends with '/')."""
        path = urlsplit(self.site_url).path if self.site_url else "/"
        return path if path.endswith("/") else path + "/"

    def page_url(self, docs_path: str) -> str:
        """URL of a Markdown page (docs-relative path) relative to the site root, as MkDocs makes it."""
        stem, _ = posixpath.splitext(docs_path)
        if not self.use_directory_urls:
            return stem + ".html"
        if stem == "index" or stem.endswith("/index"):
            return stem[: -len("index")]
        return stem + "/"

    def absolute(self, docs_path: str) -> str:
        """Absolute URL of a Markdown page; requires site_url."""
        return self.site_url + self.page_url(docs_path)


def normalize_site_url(value: str | None) -> str:
    """Return the URL with exactly one trailing slash, or '' when empty."""
    value = (value or "").strip()
    if not value:
        return ""
    return value if value.endswith("/") else value + "/"


def read_site_settings(mkdocs_yml: Path) -> SiteSettings:
    """Read site_url (with !ENV resolved as MkDocs does), site_name and use_directory_urls from mkdocs.yml."""
    from mkdocs.utils.yaml import yaml_load

    with open(mkdocs_yml, encoding="utf-8") as handle:
        data = yaml_load(handle) or {}
    # MkDocs' own loader resolves `!ENV [SITE_URL, default]`, so the feed and the pages always
    # agree on one URL, whichever way the site is built.
    site_url = data.get("site_url") or ""
    return SiteSettings(
        site_url=normalize_site_url(str(site_url)),
        site_name=str(data.get("site_name") or "News briefs"),
        use_directory_urls=bool(data.get("use_directory_urls", True)),
    )
