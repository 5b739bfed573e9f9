"""What a site build reads, and what changed in it since the site in place was built.

MkDocs renders every page on every run, which for a large archive is most of a rebuild. A build
records its inputs next to the annotation cache: one digest of the environment and one per page
under docs/. The next build with the same inputs and the site still in place does nothing; one
where only pages were added or edited updates just those (incremental.py).

The inputs: mkdocs.yml, the environment variables it reads with !ENV, every file under docs/
and templates/ (which holds the theme overrides), any other file or folder of the project that
mkdocs.yml names (hooks, INHERIT, a custom_dir elsewhere), and the installed packages with
their versions (MkDocs, its theme, plugins and Markdown extensions among them).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .config import Config
from .write import write_atomic

SECTION = "site"
# `!ENV NAME`, `!ENV [NAME, OTHER, "default"]`: the variable names are the bare words.
_ENV = re.compile(r"!ENV\s+(\[[^\]\n]*\]|\S+)")
_NAME = re.compile(r"\b[A-Za-z_][A-Za-z0-9_]*\b")
_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")
_WORD = re.compile(r"[^\s\"'\[\]{},:#]+")


@dataclass(frozen=True)
class SiteInputs:
    """What a MkDocs build of the project reads: the pages apart, so changed ones can be named."""

    environment: str  # digest of mkdocs.yml, its !ENV variables, theme files, packages, site_dir
    pages: dict[str, str] = field(default_factory=dict)  # docs-relative path -> sha256 of its bytes

    @property
    def digest(self) -> str:
        """One digest over everything: equal digests, equal sites."""
        listing = "\n".join(f"{path}\0{sha}" for path, sha in sorted(self.pages.items()))
        return hashlib.sha256(f"{self.environment}\n{listing}".encode("utf-8", "surrogateescape")).hexdigest()

    def changed_since(self, before: "SiteInputs") -> set[str] | None:
        """Pages added or edited since before; None when only a full build is right.

        A full build is needed when the environment changed (every page may render
        differently) or a page was deleted (MkDocs would leave its HTML behind).
        """
        if before.environment != self.environment or not before.pages.keys() <= self.pages.keys():
            return None
        return {path for path, sha in self.pages.items() if before.pages.get(path) != sha}


def read_inputs(config: Config, site_dir: Path) -> SiteInputs:
    """Hash everything a MkDocs build of this project reads (see the module docstring)."""
    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        digest.update(label.encode("utf-8", "surrogateescape") + b"\0" + data + b"\0")

    yml = config.mkdocs_yml.read_bytes()
    text = yml.decode("utf-8", "replace")
    add("mkdocs.yml", yml)
    add("site_dir", str(site_dir).encode("utf-8", "surrogateescape"))
    for name in sorted(_env_names(text)):
        value = os.environ.get(name)
        add(f"env:{name}", b"\1unset" if value is None else value.encode("utf-8", "surrogateescape"))
    docs = config.docs_dir.resolve()
    for folder in _input_folders(config, site_dir, text):
        if folder == docs:
            continue  # hashed page by page below
        for path in sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else [folder]:
            add(path.as_posix(), path.read_bytes())
    packages = sorted(f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions())
    add("packages", "\n".join(packages).encode())
    pages = {}
    if docs.is_dir():
        for path in sorted(p for p in docs.rglob("*") if p.is_file()):
            pages[path.relative_to(docs).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return SiteInputs(digest.hexdigest(), pages)


def _env_names(text: str) -> set[str]:
    names = set()
    for expression in _ENV.findall(text):
        names.update(_NAME.findall(_QUOTED.sub("", expression)))
    return names


def _input_folders(config: Config, site_dir: Path, text: str) -> list[Path]:
    """docs/, templates/ and every other project path mkdocs.yml names, outputs and caches left out."""
    root = config.root.resolve()
    skip = [site_dir.resolve(), config.cache_dir.resolve(), config.briefs_dir.resolve()]
    found = {config.docs_dir.resolve(), config.templates_dir.resolve()}
    for word in set(_WORD.findall(_strip_comments(text))):
        path = (root / word).resolve()
        if path == root or root not in path.parents or any(part.startswith(".") for part in path.relative_to(root).parts):
            continue
        if path.exists() and not any(path == s or s in path.parents or path in s.parents for s in skip):
            found.add(path)
    # A folder inside another one is hashed with it; docs/ is hashed page by page, so an input
    # inside it (theme overrides kept in docs/) is hashed on its own as well.
    docs = config.docs_dir.resolve()
    return sorted(p for p in found if p == docs or not any(other in p.parents and other != docs for other in found))


def _strip_comments(text: str) -> str:
    return "\n".join(line.split(" #", 1)[0] for line in text.splitlines() if not line.lstrip().startswith("#"))


def _record_path(config: Config, site_dir: Path) -> Path:
    key = hashlib.sha256(str(site_dir.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return config.cache_dir / SECTION / f"{key}.json"


def last_build(config: Config, site_dir: Path) -> SiteInputs | None:
    """The inputs the site in site_dir was built from, or None (never built, or no site in place)."""
    try:
        if not site_dir.is_dir():
            return None
        data = json.loads(_record_path(config, site_dir).read_text("utf-8"))
        return SiteInputs(str(data["environment"]), {str(k): str(v) for k, v in data["pages"].items()})
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # no record or a damaged one: the next build is a full one


def record_build(config: Config, site_dir: Path, inputs: SiteInputs) -> None:
    """Remember the inputs the site in site_dir was just built from."""
    data = {"environment": inputs.environment, "pages": inputs.pages}
    write_atomic(_record_path(config, site_dir), json.dumps(data, sort_keys=True).encode("utf-8"))
