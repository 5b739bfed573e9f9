"""Live preview: keep the pipeline loaded, regenerate on change, and let MkDocs serve."""

from __future__ import annotations

import threading

from .build import generate
from .config import Config
from .lock import BuildLocked, wait_for_lock
from .nlp import load_pipeline
from .uptodate import SECTION


def regenerate(config: Config, stop: threading.Event | None = None) -> None:
    """Regenerate docs/ with drafts and print what happened; a failure never stops the preview.

    It holds the project's build lock: the preview writes drafts into docs/, and a `briefs
    build` reading docs/ at the same time would publish them. While a build runs, it waits.
    """
    lock = wait_for_lock(config, stop or threading.Event(), _say_waiting)
    if lock is None:
        return  # the preview is stopping
    try:
        report = generate(config, include_drafts=True)
    except Exception as error:  # a broken template or model must not kill the watcher
        print(f"error: regeneration failed: {type(error).__name__}: {error}", flush=True)
        return
    finally:
        lock.__exit__(None, None, None)
    for item in report.problems:
        print(item)
    print(report.summary(), flush=True)


def _say_waiting(error: BuildLocked) -> None:
    print(f"waiting: {error}", flush=True)


def watch_and_regenerate(config: Config, stop: threading.Event) -> None:
    """Regenerate docs/ whenever briefs/ (articles and sidecars) or templates/ change, until stop is set.

    Also after a `briefs build` in the project: it rewrote docs/ without the drafts, and the
    site record it leaves in the cache folder is the sign.
    """
    from watchfiles import watch

    builds = config.cache_dir / SECTION
    builds.mkdir(parents=True, exist_ok=True)
    for _changes in watch(config.briefs_dir, config.templates_dir, builds, stop_event=stop, debounce=300):
        # Unchanged articles come from the cache, so only the edited one is annotated again,
        # with the pipeline already in memory (load_pipeline is cached for the process).
        regenerate(config, stop)


def serve(config: Config, dev_addr: str) -> None:
    """Generate once (drafts included), then serve with MkDocs while a watcher regenerates on change."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    regenerate(config)
    # Load the model now, not on the first edit, so every edit shows within seconds.
    load_pipeline(config.model)
    stop = threading.Event()
    watcher = threading.Thread(target=watch_and_regenerate, args=(config, stop), daemon=True)
    watcher.start()
    try:
        # MkDocs watches docs/, so the pages we rewrite trigger its own reload.
        mkdocs_serve(str(config.mkdocs_yml), dev_addr=dev_addr, livereload=True)
    finally:
        stop.set()
