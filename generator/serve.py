"""Live preview: keep the pipeline loaded, regenerate on change, and let MkDocs serve."""

from __future__ import annotations

import threading

from .build import generate
from .config import Config


def watch_and_regenerate(config: Config, stop: threading.Event) -> None:
    """Regenerate docs/ whenever briefs/ or templates/ change, until stop is set."""
    from watchfiles import watch

    for _changes in watch(config.briefs_dir, config.templates_dir, stop_event=stop, debounce=300):
        report = generate(config, include_drafts=True)
        for item in report.problems:
            print(item)
        print(report.summary(), flush=True)


def serve(config: Config, dev_addr: str) -> None:
    """Generate once, then serve with MkDocs while a watcher regenerates on change."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    print(generate(config, include_drafts=True).summary(), flush=True)
    stop = threading.Event()
    watcher = threading.Thread(target=watch_and_regenerate, args=(config, stop), daemon=True)
    watcher.start()
    try:
        # MkDocs watches docs/, so the pages we rewrite trigger its own reload.
        mkdocs_serve(str(config.mkdocs_yml), dev_addr=dev_addr, livereload=True)
    finally:
        stop.set()
