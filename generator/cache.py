"""The annotation cache: one JSON file per article, keyed by its content and the pipeline.

Layout: `<cache_dir>/annotations/<pipeline fingerprint>/<source hash>-<key>.json`. The pipeline
folder changes whenever spaCy, the model, our data files or our annotation code change, so
those invalidate everything; the key hashes the Article read from the file, so editing one
article invalidates only its own entry. Sidecar overrides are applied after annotation and are
not part of the key: editing a sidecar never costs a re-annotation.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Iterable

from pydantic import ValidationError

from .models import Annotations, Article, Problem
from .problems import problem
from .write import write_atomic

CACHE_FORMAT = 1
"""Bumped when the entry layout changes, so old entries are ignored rather than misread."""
SECTION = "annotations"


def entry_key(article: Article) -> str:
    """Hash what annotation depends on from the article: its source digest and parsed content."""
    digest = hashlib.sha256(f"{CACHE_FORMAT}\0{article.digest}\0".encode())
    digest.update(article.to_json().encode())
    return digest.hexdigest()


def source_hash(source_path: str) -> str:
    """Short hash of an article's path: groups the entries that belong to one article file."""
    return hashlib.sha256(source_path.encode()).hexdigest()[:12]


class AnnotationCache:
    """Read and write cached Annotations for one pipeline fingerprint."""

    def __init__(self, cache_dir: Path, pipeline: str, root: Path | None = None, read: bool = True, write: bool = True):
        self.base = cache_dir / SECTION
        self.folder = self.base / pipeline
        self.pipeline = pipeline
        self.root = root
        self.read = read
        self.write = write
        self.problems: list[Problem] = []
        """Warnings about corrupt entries met so far (BRF206)."""

    def path_for(self, article: Article) -> Path:
        """The entry file for an article in its current form."""
        return self.folder / f"{source_hash(article.source_path)}-{entry_key(article)}.json"

    def load(self, article: Article) -> Annotations | None:
        """Return the cached annotations of an article, or None on a miss or a corrupt entry."""
        if not self.read:
            return None
        path = self.path_for(article)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            self._corrupt(path, article, f"unreadable ({error.strerror})")
            return None
        try:
            entry = json.loads(data)
            if entry.get("format") != CACHE_FORMAT or entry.get("key") != entry_key(article) or entry.get("pipeline") != self.pipeline:
                raise ValueError("it belongs to another article or pipeline")
            return Annotations.model_validate(entry["annotations"])
        except (ValueError, KeyError, TypeError, AttributeError, ValidationError) as error:
            reason = "not valid JSON" if isinstance(error, json.JSONDecodeError) else f"invalid ({_first_line(error)})"
            self._corrupt(path, article, reason)
            return None

    def store(self, article: Article, ann: Annotations) -> None:
        """Write an article's annotations atomically (no reader ever sees half an entry)."""
        if not self.write:
            return
        entry = {
            "format": CACHE_FORMAT, "key": entry_key(article), "pipeline": self.pipeline,
            "source_path": article.source_path, "annotations": ann.model_dump(mode="json"),
        }
        write_atomic(self.path_for(article), json.dumps(entry, ensure_ascii=False, sort_keys=True).encode("utf-8"))

    def prune(self, live: Iterable[str], current: Iterable[Article]) -> int:
        """Delete entries of other pipelines, of deleted articles, and older versions of current ones.

        live: source paths of every article file still in the project (drafts included);
        current: the articles as they are now, whose entry is kept. Returns entries removed.
        """
        if not self.write or not self.base.is_dir():
            return 0
        removed = 0
        for folder in self.base.iterdir():
            if folder.is_dir() and folder.name != self.pipeline:
                removed += sum(1 for _ in folder.glob("*.json"))
                shutil.rmtree(folder, ignore_errors=True)
        if not self.folder.is_dir():
            return removed
        live_hashes = {source_hash(p) for p in live}
        keep = {self.path_for(a).name for a in current}
        current_hashes = {source_hash(a.source_path) for a in current}
        for path in self.folder.glob("*.json"):
            owner = path.name.split("-", 1)[0]
            if owner not in live_hashes or (owner in current_hashes and path.name not in keep):
                path.unlink(missing_ok=True)
                removed += 1
        return removed

    def _corrupt(self, path: Path, article: Article, reason: str) -> None:
        shown = path
        if self.root is not None:
            try:
                shown = path.resolve().relative_to(self.root.resolve())
            except ValueError:
                pass
        self.problems.append(
            problem(
                shown.as_posix(), "BRF206",
                f"cache entry for {article.source_path} is {reason}; ignored it and annotated the article again "
                "(nothing to do; `briefs cache clear` empties the cache)",
                severity="warning",
            )
        )


def clear_cache(cache_dir: Path) -> int:
    """Delete every cached annotation; return how many entries were removed."""
    base = cache_dir / SECTION
    if not base.is_dir():
        return 0
    count = sum(1 for _ in base.rglob("*.json"))
    shutil.rmtree(base)
    return count


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
