"""Skipping a site build when nothing it reads has changed since the last one.

MkDocs has no incremental build: it renders every page on every run, which for a large archive
is most of a rebuild where nothing changed. A build records a digest of its inputs next to the
annotation cache; the next build with the same digest and the site still in place does nothing.

The inputs: mkdocs.yml, the environment variables it reads with !ENV, every file under docs/
and templates/ (which holds the theme overrides), any other file or folder of the project that
mkdocs.yml names (hooks, INHERIT, a custom_dir elsewhere), and the installed packages with
their versions (MkDocs, its theme, plugins and Markdown extensions among them).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import re
from pathlib import Path

from .config import Config
from .write import write_atomic

SECTION = "site"
# `!ENV NAME`, `!ENV [NAME, OTHER, "default"]`: the variable names are the bare words.
_ENV = re.compile(r"!ENV\s+(\[[^\]\n]*\]|\S+)")
_NAME = re.compile(r"\b[A-Za-z_][A-Za-z0-9_]*\b")
_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")
_WORD = re.compile(r"[^\s\"'\[\]{},:#]+")


def inputs_digest(config: Config, site_dir: Path) -> str:
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
    for folder in _input_folders(config, site_dir, text):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else [folder]:
            add(path.as_posix(), path.read_bytes())
    packages = sorted(f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions())
    add("packages", "\n".join(packages).encode())
    return digest.hexdigest()


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
    # A folder inside another one is hashed with it.
    return sorted(p for p in found if not any(other in p.parents for other in found))


def _strip_comments(text: str) -> str:
    return "\n".join(line.split(" #", 1)[0] for line in text.splitlines() if not line.lstrip().startswith("#"))


def _stamp_path(config: Config, site_dir: Path) -> Path:
    key = hashlib.sha256(str(site_dir.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return config.cache_dir / SECTION / f"{key}.digest"


def is_up_to_date(config: Config, site_dir: Path, digest: str) -> bool:
    """True when site_dir exists and was last built from inputs with this digest."""
    try:
        return site_dir.is_dir() and _stamp_path(config, site_dir).read_text("ascii").strip() == digest
    except (OSError, UnicodeDecodeError):
        return False


def record_build(config: Config, site_dir: Path, digest: str) -> None:
    """Remember the digest of the inputs the site in site_dir was just built from."""
    write_atomic(_stamp_path(config, site_dir), f"{digest}\n".encode("ascii"))


def forget_build(config: Config, site_dir: Path) -> None:
    """Forget the last build's digest, so the next build runs MkDocs whatever the inputs."""
    _stamp_path(config, site_dir).unlink(missing_ok=True)
