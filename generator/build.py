"""Orchestration: read every article, annotate, select, render, write, and build the site."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from .cache import AnnotationCache
from .config import Config
from .models import Annotations, Article, Problem
from .nlp import load_pipeline, pipeline_fingerprint
from .overrides import apply_overrides, is_draft
from .problems import SourceError, problem
from .readers import is_article, read_file
from .related import link_related
from .render import make_environment
from .sidecar import SidecarError, SidecarFile, load_sidecar, orphan_sidecars
from .screening import screen_items
from .site import Item, render_site_pages
from .siteurl import read_site_settings
from .incremental import can_update, copy_site, dirty_warning_silenced, mark_changes, merge_search_index
from .uptodate import last_build, read_inputs, record_build
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
            article, warnings = read_file(path, config.root, config.max_file_bytes, config.max_text_chars)
        except SourceError as error:
            problems.extend(error.problems)
            continue
        except Exception as error:  # a reader bug on one hostile file must not stop the others
            problems.append(unexpected_reader_error(config, path, error))
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


def unexpected_reader_error(config: Config, path: Path, error: Exception) -> Problem:
    """Report a reader crash on one file as that file's problem (BRF117), naming the error."""
    try:
        where = path.resolve().relative_to(config.root).as_posix()
    except ValueError:
        where = str(path)
    return problem(
        where, "BRF117",
        f"the reader failed on this file ({type(error).__name__}: {error}); the other articles are "
        "published. This is a bug in briefs: report it with the file",
    )


# Below this many articles per worker, starting a process (which loads the model) costs more
# than it saves, so small batches run in this process.
MIN_ARTICLES_PER_PROCESS = 8
# Show a progress bar (on a terminal only) when at least this many articles need annotating.
PROGRESS_MIN_ARTICLES = 5


def worker_count(requested: int, misses: int) -> int:
    """Processes for nlp.pipe: requested (0 = CPU count), capped so each gets enough articles."""
    wanted = requested if requested > 0 else (os.cpu_count() or 1)
    return max(1, min(wanted, misses // MIN_ARTICLES_PER_PROCESS))


def load_sidecars(config: Config, articles: list[Article], report: Report) -> tuple[list[Article], dict[str, SidecarFile]]:
    """Load each article's sidecar; an article whose sidecar is invalid is held back (an error)."""
    kept, sidecars = [], {}
    for article in articles:
        try:
            sidecar = load_sidecar(config.root / article.source_path, config.root)
        except SidecarError as error:
            # Publishing without the editor's corrections (a dropped quote, draft: true) could
            # publish exactly what the editor meant to stop, so the brief waits for the fix.
            report.problems += error.problems
            continue
        kept.append(article)
        if sidecar is not None:
            sidecars[article.source_path] = sidecar
    return kept, sidecars


def annotate_all(
    config: Config, articles: list[Article], report: Report, use_cache: bool = True, pipeline: str | None = None
) -> Iterator[tuple[int, Article, Annotations]]:
    """Annotate articles, taking unchanged ones from the cache; the model loads only on a miss.

    Yields (index in articles, article, annotations) as each is ready: the cached ones first,
    read one at a time, then the fresh ones. A caller that keeps only part of each (generate)
    never holds every annotation of a large archive at once.
    """
    if not articles:
        return
    pipeline = pipeline or pipeline_fingerprint(config.model)
    cache = AnnotationCache(config.cache_dir, pipeline, config.root, read=use_cache)
    misses = []
    for index, article in enumerate(articles):
        ann = cache.load(article)
        if ann is None:
            misses.append(index)
        else:
            report.from_cache += 1
            yield index, article, ann
    report.problems += cache.problems
    if misses:
        fresh = annotate_misses(config, [articles[i] for i in misses], pipeline)
        for index, (article, ann) in zip(misses, fresh):
            cache.store(article, ann)
            yield index, article, ann
        report.annotated += len(misses)


def annotate_misses(config: Config, articles: list[Article], pipeline: str):
    """Annotate articles in batches with nlp.pipe, showing progress on a terminal for long runs."""
    from .annotate import annotate_many  # imports spaCy: only when something needs annotating

    nlp = load_pipeline(config.model)
    processes = worker_count(config.n_process, len(articles))
    # Spread the articles over the workers; one batch per worker at least.
    batch_size = max(1, min(config.batch_size, -(-len(articles) // processes)))
    results = annotate_many(articles, nlp, pipeline, n_process=processes, batch_size=batch_size)
    if len(articles) < PROGRESS_MIN_ARTICLES or not sys.stderr.isatty():
        yield from results
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    # No auto-refresh thread: worker processes are forked, and forking beside a thread that
    # may hold a lock is how children hang.
    columns = (TextColumn("annotating"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, transient=True, auto_refresh=False) as progress:
        task = progress.add_task("annotating", total=len(articles))
        for pair in results:
            yield pair
            progress.advance(task)
            progress.refresh()


# What the cross-brief pages (entity, sanctions and related briefs, screening) read from an
# item's annotations. generate keeps only these once the brief is made: the rest (text,
# sentences, blocks, asides, quotes) is most of an Annotations' memory, which for a
# 5,000-article archive would be most of a gigabyte.
SITE_ANNOTATIONS = ("entities", "sanctions", "problems", "pipeline")


def for_site(ann: Annotations) -> Annotations:
    """The part of an article's annotations the cross-brief pages read (SITE_ANNOTATIONS)."""
    return Annotations.model_construct(text="", **{name: getattr(ann, name) for name in SITE_ANNOTATIONS})


def collect(
    config: Config, include_drafts: bool = False, use_cache: bool = True, paths: list[Path] | None = None,
    pipeline: str | None = None, site_only: bool = False,
) -> tuple[list[Item], Report, list[Article]]:
    """Read, annotate and select articles (default: all) with their sidecars; returns items, report, all read.

    With site_only, items keep only the annotations the cross-brief pages read (for_site).
    """
    started = time.perf_counter()
    report = Report()
    everything = paths is None
    paths = discover(config) if everything else paths
    report.articles = len(paths)
    articles, report.problems = read_all(config, paths)
    if everything:
        report.problems += orphan_sidecars(config.briefs_dir, config.root, paths)
    readable, sidecars = load_sidecars(config, articles, report)
    chosen = [a for a in readable if include_drafts or not is_draft(a, sidecars.get(a.source_path))]
    done: dict[int, tuple[Item, list[Problem]]] = {}
    for index, article, ann in annotate_all(config, chosen, report, use_cache, pipeline):
        problems = list(ann.problems)
        article, ann, brief, found = apply_overrides(
            article, ann, sidecars.get(article.source_path), config.max_callouts, config.max_key_points
        )
        done[index] = (Item(article, for_site(ann) if site_only else ann, brief), problems + found)
    # Items and their problems in article order, whichever came from the cache.
    items = []
    for index in sorted(done):
        item, problems = done[index]
        report.problems += problems
        items.append(item)
    report.seconds = time.perf_counter() - started
    return items, report, articles


def generate(config: Config, include_drafts: bool = False, use_cache: bool = True) -> Report:
    """Write the Markdown for every article and every cross-brief page into docs/."""
    started = time.perf_counter()
    # One fingerprint for the whole run: entries are stored and pruned under the same one.
    pipeline = pipeline_fingerprint(config.model)
    items, report, articles = collect(config, include_drafts, use_cache, pipeline=pipeline, site_only=True)
    if report.annotated or report.from_cache:
        # Keep one entry per live article: older versions, deleted articles, other pipelines go.
        AnnotationCache(config.cache_dir, pipeline).prune([a.source_path for a in articles], articles)
    # Related briefs compare every brief with every other, so they wait until all are made.
    link_related(items)
    screen_items(config, items, report)  # sanctions-list screening, when an export is configured
    env = make_environment(config.templates_dir)
    # Page builders that need absolute URLs (the feed) read where the site is published from here.
    env.globals["site"] = read_site_settings(config.mkdocs_yml)
    pages = render_site_pages(env, items)
    report.written, report.removed = sync_pages(config.docs_dir, pages, config.generated_sections)
    report.seconds = time.perf_counter() - started
    return report


@dataclass(frozen=True)
class SiteBuild:
    """What a site build did: mode is "unchanged", "pages" (only some rendered) or "full"."""

    mode: str
    rendered: int = 0
    pages: int = 0

    def describe(self) -> str:
        """One line for the editor: how much of the site was rendered."""
        if self.mode == "unchanged":
            return "site: unchanged, MkDocs not run"
        if self.mode == "pages":
            return f"site: {self.rendered:,} of {self.pages:,} pages rendered, the rest unchanged"
        return f"site: {self.pages:,} pages rendered"


def build_site(config: Config, site_dir: Path | None = None, force: bool = False) -> SiteBuild:
    """Run MkDocs into a temporary folder and swap it in only when the build succeeded.

    The caller holds the project lock (generator/lock.py; the CLI does), so leftovers of an
    earlier, killed build can be cleaned up here without touching a build in progress.
    Returns what was done (SiteBuild): "unchanged" when nothing MkDocs reads changed since the
    site in place was built (uptodate.py), "pages" when only some pages were added or edited and
    just those were rendered into a copy of that site (incremental.py), "full" otherwise or when
    forced.
    """
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config as load_mkdocs_config
    from mkdocs.utils import is_markdown_file

    site_dir = (site_dir or config.site_dir).resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    recover_site(site_dir)
    inputs = read_inputs(config, site_dir)
    before = None if force else last_build(config, site_dir)
    if before is not None and before.digest == inputs.digest:
        return SiteBuild("unchanged")
    changed = inputs.changed_since(before) if before is not None else None
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.building-", dir=site_dir.parent))
    # mkdtemp makes the folder private (0700); the published site must be readable by a web server.
    os.chmod(staging, 0o755)
    try:
        os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
        mkdocs_config = load_mkdocs_config(str(config.mkdocs_yml), site_dir=str(staging), strict=True)
        update = changed is not None and can_update(mkdocs_config, changed - before.pages.keys())
        if update:
            copy_site(site_dir, staging)
            order, rendered = mark_changes(mkdocs_config, changed)
            with dirty_warning_silenced():
                mkdocs_build(mkdocs_config, dirty=True)
            merge_search_index(site_dir, staging, order, rendered)
            result = SiteBuild("pages", len(rendered), len(order))
        else:
            mkdocs_build(mkdocs_config)
            pages = sum(1 for path in inputs.pages if is_markdown_file(path))
            result = SiteBuild("full", rendered=pages, pages=pages)
        swap_in(staging, site_dir)
        record_build(config, site_dir, inputs)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return result


def _old_site(target: Path) -> Path:
    return target.with_name(f".{target.name}.old")


def recover_site(target: Path) -> None:
    """Undo what a killed build left: put the previous site back, drop half-built folders."""
    old = _old_site(target)
    if old.is_dir() and not target.exists():
        # Killed between the two renames of swap_in: the previous site is complete in `old`.
        os.replace(old, target)
    shutil.rmtree(old, ignore_errors=True)
    for leftover in target.parent.glob(f".{target.name}.building-*"):
        shutil.rmtree(leftover, ignore_errors=True)


def swap_in(new: Path, target: Path) -> None:
    """Replace target by new with renames, so a complete site is always in place."""
    old = _old_site(target)
    shutil.rmtree(old, ignore_errors=True)
    # Ctrl-C or a TERM between the two renames would leave no site/; hold them until both
    # are done (a KILL cannot be held: recover_site repairs that on the next build).
    with _signals_held():
        if target.exists():
            os.replace(target, old)
        os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def _signals_held():
    """Delay SIGINT, SIGTERM and SIGHUP until the block ends, then deliver them (main thread only).

    Python runs signal handlers in the main thread whichever thread the signal reached (a
    thread mask would not do: BLAS and other native threads take process signals), so the
    handlers are swapped for one that only records the signal.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {}
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signum = getattr(signal, name)
            previous[signum] = signal.signal(signum, lambda number, frame: caught.append(number))
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
        for signum in caught:
            signal.raise_signal(signum)
