"""Loading the spaCy pipeline and fingerprinting it for the annotation cache."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources
from pathlib import Path

import spacy
from spacy.language import Language

from . import __version__
from .config import DEFAULT_MODEL, MODEL_INSTALL_HINT

DATA_DIR = Path(str(resources.files("generator") / "data"))
# Modules whose code decides what the annotations contain; changing them invalidates the cache.
ANNOTATION_MODULES = ("annotate.py", "entities.py", "quotes.py", "sanctions.py", "layout.py", "nlp.py", "models.py")


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
    if model.startswith("blank:"):
        nlp = spacy.blank(model.split(":", 1)[1])
        nlp.add_pipe("sentencizer")
    else:
        if not spacy.util.is_package(model) and not Path(model).exists():
            raise ModelNotInstalled(
                f"spaCy model '{model}' is not installed; install it with: {install_hint(model)}"
            )
        nlp = spacy.load(model)
    from . import entities, sanctions  # registers our components

    entities.add_rules(nlp)
    sanctions.add_rules(nlp)
    return nlp


def fingerprint(nlp: Language) -> str:
    """Hash everything that decides the annotations: spaCy, model, data files and our code."""
    digest = hashlib.sha256()
    meta = nlp.meta
    for part in (spacy.__version__, meta.get("name", ""), meta.get("version", ""), meta.get("lang", ""), __version__):
        digest.update(part.encode() + b"\0")
    digest.update(",".join(nlp.pipe_names).encode())
    for path in sorted(DATA_DIR.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(DATA_DIR).as_posix().encode() + b"\0" + path.read_bytes())
    package = Path(__file__).parent
    for name in ANNOTATION_MODULES:
        if (package / name).exists():
            digest.update((package / name).read_bytes())
    return digest.hexdigest()[:16]
