"""Loading the spaCy pipeline and fingerprinting it for the annotation cache."""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .config import DEFAULT_MODEL, MODEL_INSTALL_HINT

if TYPE_CHECKING:  # spaCy is imported lazily: a fully cached build never needs it
    from spacy.language import Language

DATA_DIR = Path(str(resources.files("generator") / "data"))
PACKAGE_DIR = Path(__file__).parent
# Code that runs after annotation (or never touches it). Every other module of the package is
# hashed into the fingerprint, so a new annotation module is covered without anyone listing it.
# (readers/ stays in: the entity layer imports its date and dateline rules.)
NOT_ANNOTATION = frozenset({
    "__main__.py", "build.py", "cache.py", "check.py", "cli.py", "config.py", "escape.py", "export.py",
    "lock.py", "overrides.py", "render.py", "review.py", "select.py", "serve.py", "sidecar.py", "site.py",
    "write.py", "evaluate",
    "keypoints.py", "links.py", "related.py",
    "archive_pages.py", "entity_pages.py", "feed.py", "intake.py", "linkcheck.py", "sanctions_pages.py",
    "screening.py", "siteurl.py", "uptodate.py",
})
MODEL_KEY = "briefs_model"
"""Key in nlp.meta where load_pipeline records the model name it was asked for."""


class ModelNotInstalled(RuntimeError):
    """The configured spaCy model is not importable."""


def install_hint(model: str) -> str:
    """Say how to install a spaCy model by name."""
    if model == DEFAULT_MODEL:
        return MODEL_INSTALL_HINT
    return f"pip install {model.replace('_', '-')}  (or: python -m spacy download {model})"


@lru_cache(maxsize=4)
def load_pipeline(model: str = DEFAULT_MODEL) -> Language:
    """Load the spaCy pipeline by name ('blank:en' for rules only) and add our rule layers."""
    import spacy

    if model.startswith("blank:"):
        nlp = spacy.blank(model.split(":", 1)[1])
        nlp.add_pipe("sentencizer")
    else:
        if not spacy.util.is_package(model) and not Path(model).exists():
            raise ModelNotInstalled(
                f"spaCy model '{model}' is not installed; install it with: {install_hint(model)}"
            )
        nlp = spacy.load(model)
    from . import blocks, entities, sanctions  # registers our components

    blocks.add_to(nlp)
    entities.add_rules(nlp)
    sanctions.add_rules(nlp)
    nlp.meta[MODEL_KEY] = model
    return nlp


def model_identity(model: str) -> bytes:
    """Describe a model without loading it: package version and meta.json, or a folder's meta."""
    if model.startswith("blank:"):
        return model.encode()
    folder = Path(model)
    if not folder.exists():
        spec = importlib.util.find_spec(model)  # finds the package without importing it
        if spec is None or not spec.submodule_search_locations:
            raise ModelNotInstalled(f"spaCy model '{model}' is not installed; install it with: {install_hint(model)}")
        folder = Path(next(iter(spec.submodule_search_locations)))
        try:
            version = importlib.metadata.version(model)
        except importlib.metadata.PackageNotFoundError:
            version = ""
        model = f"{model}=={version}"
    parts = [model.encode()]
    # The meta.json of a package sits at its top and again in the versioned data folder.
    for path in sorted([*folder.glob("meta.json"), *folder.glob("*/meta.json"), *folder.glob("config.cfg")]):
        parts.append(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return b"\0".join(parts)


def code_files() -> list[Path]:
    """The package's files that decide what the annotations contain, in a stable order."""
    found = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        rel = path.relative_to(PACKAGE_DIR)
        if rel.parts[0] not in NOT_ANNOTATION and "__pycache__" not in rel.parts:
            found.append(path)
    return found


def pipeline_fingerprint(model: str = DEFAULT_MODEL) -> str:
    """Hash everything that decides the annotations, without loading (or importing) spaCy.

    spaCy's version, the model's package version and meta, our data files (patterns, knowledge
    base) and our annotation code: a change to any of them changes the fingerprint.
    """
    return _fingerprint(model_identity(model))


def _fingerprint(identity: bytes) -> str:
    digest = hashlib.sha256()
    for part in (importlib.metadata.version("spacy"), __version__):
        digest.update(part.encode() + b"\0")
    digest.update(identity + b"\0")
    for path in sorted(DATA_DIR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(DATA_DIR).as_posix().encode() + b"\0" + path.read_bytes())
    for path in code_files():
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def fingerprint(nlp: Language) -> str:
    """Fingerprint a loaded pipeline; equals pipeline_fingerprint(name) for load_pipeline(name)."""
    meta = nlp.meta
    if MODEL_KEY in meta:
        return pipeline_fingerprint(meta[MODEL_KEY])
    # A pipeline built by hand (spacy.blank in unit tests): describe it by its meta and pipes.
    identity = "\0".join([meta.get("lang", ""), meta.get("name", ""), meta.get("version", ""), ",".join(nlp.pipe_names)])
    return _fingerprint(identity.encode())
