"""The `briefs` command line: build, generate, serve, annotate, check."""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from pathlib import Path
from typing import Optional

import typer

from .config import Config, load_config
from .models import Problem

app = typer.Typer(help="Turn news articles in briefs/ into annotated briefs and a static site.", no_args_is_help=True, add_completion=False)

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
ProjectOption = typer.Option(None, "--project", "-C", help="Project folder (holds mkdocs.yml); default: search upwards from here.")
NoCacheOption = typer.Option(False, "--no-cache", help="Annotate every article again instead of reading the annotation cache (the cache is refreshed).")


def _config(project: Optional[Path], **overrides) -> Config:
    try:
        return load_config(project, **overrides)
    except (FileNotFoundError, ValueError) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(EXIT_USAGE)


def _print_problems(problems: list[Problem]) -> None:
    for item in problems:
        typer.echo(str(item), err=True)


def _fail_on_missing_model(error: Exception) -> None:
    typer.echo(f"error BRF201: {error}", err=True)
    raise typer.Exit(EXIT_PROBLEMS)


@contextlib.contextmanager
def _build_lock(config: Config):
    """Hold the project's build lock, or exit 1 with BRF403 when another build holds it."""
    from .lock import BuildLocked, project_lock

    try:
        lock = project_lock(config)
        lock.__enter__()
    except BuildLocked as error:
        typer.echo(f"error {error.code}: {error}", err=True)
        raise typer.Exit(EXIT_PROBLEMS)
    try:
        yield
    finally:
        lock.__exit__(None, None, None)


@app.command()
def generate(
    project: Optional[Path] = ProjectOption,
    drafts: bool = typer.Option(False, help="Include draft articles."),
    no_cache: bool = NoCacheOption,
) -> None:
    """Write the Markdown briefs and cross-brief pages into docs/ (no site build)."""
    from .build import generate as run_generate
    from .nlp import ModelNotInstalled

    config = _config(project)
    with _build_lock(config):
        try:
            report = run_generate(config, include_drafts=drafts, use_cache=not no_cache)
        except ModelNotInstalled as error:
            _fail_on_missing_model(error)
    _print_problems(report.problems)
    typer.echo(report.summary())
    raise typer.Exit(EXIT_PROBLEMS if report.errors else EXIT_OK)


@app.command()
def build(
    project: Optional[Path] = ProjectOption,
    site_dir: Optional[Path] = typer.Option(None, "--site-dir", help="Where to write the site (default: site/)."),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 at the end if any article had a problem."),
    no_cache: bool = NoCacheOption,
) -> None:
    """Generate the Markdown, then build the site with MkDocs (SITE_URL overrides site_url).

    MkDocs is skipped when nothing it reads changed since it built the site in place and
    renders only the added or edited pages when that gives the same site; --no-cache
    rebuilds everything.
    """
    from .build import build_site, generate as run_generate
    from .nlp import ModelNotInstalled

    started = time.perf_counter()
    config = _config(project)
    # One lock over generate and the site build: docs/, the cache and site/ change together.
    with _build_lock(config):
        try:
            report = run_generate(config, use_cache=not no_cache)
        except ModelNotInstalled as error:
            _fail_on_missing_model(error)
        _print_problems(report.problems)
        try:
            site = build_site(config, site_dir.resolve() if site_dir else None, force=no_cache)
        except Exception as error:  # MkDocs raises several types; all mean "the site was not built"
            typer.echo(f"error BRF402: the site build failed, the previous site is unchanged: {error}", err=True)
            raise typer.Exit(EXIT_PROBLEMS)
    report.seconds = time.perf_counter() - started  # the whole command, MkDocs included
    typer.echo(site.describe())
    typer.echo(report.summary())
    failed = report.errors or (strict and report.problems)
    raise typer.Exit(EXIT_PROBLEMS if failed else EXIT_OK)


@app.command()
def annotate(
    paths: list[Path] = typer.Argument(..., help="Article files to annotate."),
    as_json: bool = typer.Option(False, "--json", help="Print the annotation JSON."),
    project: Optional[Path] = ProjectOption,
) -> None:
    """Print the annotations of articles without building anything."""
    from .annotate import annotate as run_annotate
    from .export import annotation_json
    from .nlp import ModelNotInstalled, fingerprint, load_pipeline
    from .problems import SourceError
    from .readers import read_article

    config = _config(project)
    results, failed = [], False
    try:
        nlp = load_pipeline(config.model)
    except ModelNotInstalled as error:
        _fail_on_missing_model(error)
    for path in paths:
        try:
            article = read_article(path, path.resolve().parent if not path.resolve().is_relative_to(config.root) else config.root, config.max_file_bytes, config.max_text_chars)
        except SourceError as error:
            typer.echo(str(error.problem), err=True)
            failed = True
            continue
        ann = run_annotate(article, nlp, fingerprint(nlp))
        results.append(annotation_json(article, ann))
        if not as_json:
            typer.echo(f"{article.source_path}: {article.title}")
            for entity in ann.entities:
                typer.echo(f"  {entity.type:<12} {entity.name}" + (f" ({entity.role})" if entity.role else ""))
            for quote in ann.quotes:
                typer.echo(f"  quote        “{quote.text[:60]}” — {quote.speaker or '?'}")
    if as_json:
        typer.echo(json.dumps(results[0] if len(results) == 1 else results, ensure_ascii=False, indent=2))
    raise typer.Exit(EXIT_PROBLEMS if failed else EXIT_OK)


@app.command()
def check(
    paths: list[Path] = typer.Argument(None, help="Article or sidecar files (default: everything in briefs/)."),
    as_json: bool = typer.Option(False, "--json", help="Print the review queue as JSON."),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 on warnings too (as `briefs build --strict`)."),
    no_cache: bool = NoCacheOption,
    project: Optional[Path] = ProjectOption,
) -> None:
    """List what needs an editor's eye (the review queue); exit 1 on errors (--strict: on any problem).

    The queue: unreadable articles and sidecars, quotes without a speaker, low-confidence
    entities, sanctions references not in the knowledge base, overrides that match nothing.
    No page is written; warnings alone exit 0 unless --strict.
    """
    from .build import discover
    from .nlp import ModelNotInstalled
    from .review import review
    from .sidecar import SIDECAR_SUFFIX

    config = _config(project)
    files = None
    if paths:
        articles = {p.stem: p for p in discover(config)}
        # A sidecar stands for its article, so `briefs check briefs/x.yml` checks x's brief.
        files = [articles.get(p.stem, p).resolve() if p.suffix == SIDECAR_SUFFIX else p.resolve() for p in paths]
    try:
        result = review(config, files, use_cache=not no_cache)
    except ModelNotInstalled as error:
        _fail_on_missing_model(error)
    if as_json:
        typer.echo(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
    else:
        for item in result.problems:
            typer.echo(str(item))
        warnings = len(result.problems) - len(result.errors)
        typer.echo(f"checked {result.checked} article(s): {len(result.errors)} error(s), {warnings} warning(s)")
    failed = result.errors or (strict and result.problems)
    raise typer.Exit(EXIT_PROBLEMS if failed else EXIT_OK)


cache_app = typer.Typer(help="The annotation cache (JSON under .cache/briefs/ by default).", no_args_is_help=True)
app.add_typer(cache_app, name="cache")


@cache_app.command("clear")
def cache_clear(project: Optional[Path] = ProjectOption) -> None:
    """Delete every cached annotation; the next build annotates every article again."""
    from .cache import clear_cache

    config = _config(project)
    with _build_lock(config):  # never pull entries from under a running build
        removed = clear_cache(config.cache_dir)
    typer.echo(f"removed {removed} cached annotation(s) from {config.cache_dir}")


@app.command()
def serve(
    project: Optional[Path] = ProjectOption,
    dev_addr: str = typer.Option("127.0.0.1:8000", "--dev-addr", help="Address to serve on."),
) -> None:
    """Live preview: regenerate when briefs/ or templates/ change, and serve the site."""
    from .nlp import ModelNotInstalled
    from .serve import serve as run_serve

    try:
        run_serve(_config(project), dev_addr)
    except ModelNotInstalled as error:
        _fail_on_missing_model(error)


@app.command()
def evaluate(
    gold: Path = typer.Argument(..., help="Gold annotations (YAML, the seed-gold.yml format)."),
    articles: Path = typer.Option(..., "--articles", help="Folder holding the gold documents' source files."),
    project: Optional[Path] = ProjectOption,
) -> None:
    """Score the annotator against gold annotations and print the metrics as JSON."""
    from .annotate import annotate as run_annotate
    from .evaluate import evaluate as run_evaluate, load_gold
    from .export import annotation_json
    from .nlp import ModelNotInstalled, fingerprint, load_pipeline
    from .readers import read_article

    config = _config(project)
    try:
        nlp = load_pipeline(config.model)
    except ModelNotInstalled as error:
        _fail_on_missing_model(error)

    def annotate_file(name: str) -> dict:
        article = read_article(articles / name, articles.resolve())
        return annotation_json(article, run_annotate(article, nlp, fingerprint(nlp)))

    result = run_evaluate(load_gold(gold), annotate_file)
    typer.echo(json.dumps(result, indent=2, sort_keys=True))


@app.command()
def add(
    source: str = typer.Argument(..., help="Article file to add (.txt, .md, .html), or - to read standard input."),
    format: Optional[str] = typer.Option(None, "--format", help="txt, md or html (default: from the file name, or guessed for -)."),
    project: Optional[Path] = ProjectOption,
) -> None:
    """Copy an article into briefs/ under a name made from its slug, and show what was understood."""
    from .intake import add_article, describe, sniff_suffix
    from .problems import SourceError

    config = _config(project)
    if source == "-":
        data = sys.stdin.buffer.read()
    else:
        try:
            data = Path(source).read_bytes()
        except OSError as error:
            typer.echo(f"error: cannot read {source}: {error.strerror}", err=True)
            raise typer.Exit(EXIT_USAGE)
    suffix = f".{format.lstrip('.')}" if format else (sniff_suffix(data) if source == "-" else Path(source).suffix)
    try:
        added = add_article(config, data, suffix, label="<stdin>" if source == "-" else source)
    except SourceError as error:
        _print_problems(error.problems)
        typer.echo(f"not added: {source}", err=True)
        raise typer.Exit(EXIT_PROBLEMS)
    _print_problems(added.problems)
    for line in describe(added, config.root):
        typer.echo(line)
    raise typer.Exit(EXIT_OK)


def main() -> None:
    """Entry point of the `briefs` console script."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from .sanctions.kb import KnowledgeBaseError

    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
    except KnowledgeBaseError as error:  # every command needs a valid sanctions knowledge base
        for item in error.problems:
            print(item, file=sys.stderr)
        sys.exit(EXIT_PROBLEMS)
