"""Orchestration: read every article, annotate, select, render, write, and build the site."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .annotate import annotate_many
from .config import Config
from .models import Annotations, Article, Problem
from .nlp import fingerprint, load_pipeline
from .problems import SourceError, problem
from .readers import is_article, read_file
from .render import make_environment
from .select import make_brief
from .site import Item, render_site_pages
from .write import sync_pages


@dataclass
class Report:
    """What a run did, for the one-line summary and the exit code."""

    articles: int = 0
    annotated: int = 0
    from_cache: int = 0
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def summary(self) -> str:
        """One line: articles, annotated, from cache, briefs written, problems, time."""
        briefs = sum(1 for w in self.written if w.startswith("briefs/"))
        return (
            f"articles: {self.articles}, annotated: {self.annotated}, from cache: {self.from_cache}, "
            f"briefs written: {briefs}, problems: {len(self.problems)} ({self.seconds:.1f} s)"
        )


def discover(config: Config) -> list[Path]:
    """List article files in briefs/, sorted by name."""
    if not config.briefs_dir.is_dir():
        return []
    return sorted(p for p in config.briefs_dir.iterdir() if is_article(p))


def read_all(config: Config, paths: list[Path]) -> tuple[list[Article], list[Problem]]:
    """Read every article; unreadable ones become problems, slug clashes are errors naming both.

    Reader warnings (an unparsable date, an unknown front-matter key) are collected too; their
    article is kept.
    """
    articles, problems, by_slug = [], [], {}
    for path in paths:
        try:
            article, warnings = read_file(path, config.root, config.max_file_bytes)
        except SourceError as error:
            problems.extend(error.problems)
            continue
        problems.extend(warnings)
        if article.slug in by_slug:
            other = by_slug[article.slug]
            problems.append(
                problem(
                    article.source_path, "BRF109",
                    f"slug '{article.slug}' is already used by {other.source_path}; change one headline or date",
                )
            )
            continue
        by_slug[article.slug] = article
        articles.append(article)
    return articles, problems


def annotate_all(config: Config, articles: list[Article], report: Report) -> list[tuple[Article, Annotations]]:
    """Annotate articles with the configured pipeline."""
    if not articles:
        return []
    nlp = load_pipeline(config.model)
    pipeline = fingerprint(nlp)
    results = list(annotate_many(articles, nlp, pipeline, batch_size=config.batch_size))
    report.annotated += len(results)
    return results


def generate(config: Config, include_drafts: bool = False) -> Report:
    """Write the Markdown for every article and every cross-brief page into docs/."""
    started = time.perf_counter()
    report = Report()
    paths = discover(config)
    report.articles = len(paths)
    articles, report.problems = read_all(config, paths)
    if not include_drafts:
        articles = [a for a in articles if not a.draft]
    items = []
    for article, ann in annotate_all(config, articles, report):
        report.problems += ann.problems
        items.append(Item(article, ann, make_brief(article, ann, config.max_callouts)))
    env = make_environment(config.templates_dir)
    pages = render_site_pages(env, items)
    report.written, report.removed = sync_pages(config.docs_dir, pages, config.generated_sections)
    report.seconds = time.perf_counter() - started
    return report


def build_site(config: Config, site_dir: Path | None = None) -> None:
    """Run MkDocs into a temporary folder and swap it in only when the build succeeded."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config as load_mkdocs_config

    site_dir = (site_dir or config.site_dir).resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.building-", dir=site_dir.parent))
    try:
        os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
        mkdocs_config = load_mkdocs_config(str(config.mkdocs_yml), site_dir=str(staging), strict=True)
        mkdocs_build(mkdocs_config)
        swap_in(staging, site_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def swap_in(new: Path, target: Path) -> None:
    """Replace target by new with renames, so a complete site is always in place."""
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)
