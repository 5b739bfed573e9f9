"""The annotation cache: what invalidates an entry, what does not, and incremental builds."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import generator.nlp as nlp_module
from generator.build import generate, worker_count
from generator.cache import AnnotationCache, clear_cache, entry_key
from generator.config import DEFAULT_MODEL, load_config
from generator.models import Annotations, Article, Entity, Mention
from generator.nlp import fingerprint, pipeline_fingerprint

from conftest import ROOT, make_project


def article_text(place: str, official: str, verb: str = "opened") -> str:
    """A short fictional article in the scraped-text shape."""
    return (
        f"{place} council {verb} a new ferry terminal\n\n"
        "Posted on : 2024-03-05 10:00 KST\n"
        f"The terminal in {place} will serve the island route.\n\n"
        f"The {place} harbor council {verb} a ferry terminal on Tuesday, council chair {official} said.\n\n"
        f"“The terminal keeps the island connected for another generation,” {official} told reporters.\n"
    )


ARTICLES = {
    "veltmar.txt": article_text("Veltmar", "Odile Brantsen"),
    "ulmen.txt": article_text("Ulmen", "Pieter Kastrow"),
}


def make_article(paragraph: str = "Some words.", digest: str = "a" * 64) -> Article:
    return Article(source_path="briefs/a.txt", format="txt", digest=digest, slug="a", title="A", paragraphs=[paragraph])


def make_annotations() -> Annotations:
    text = "A\n\nOdile Brantsen spoke."
    return Annotations(
        text=text,
        entities=[Entity(id="odile-brantsen", name="Odile Brantsen", type="person", mentions=[Mention(start=3, end=17, text="Odile Brantsen")])],
    )


# --- keys and entries ------------------------------------------------------------------------


def test_the_key_follows_the_article_content():
    assert entry_key(make_article()) == entry_key(make_article())
    assert entry_key(make_article("Other words.")) != entry_key(make_article())
    assert entry_key(make_article(digest="b" * 64)) != entry_key(make_article())


def test_an_entry_round_trips_and_belongs_to_one_pipeline(tmp_path):
    cache = AnnotationCache(tmp_path, "pipeline-a")
    article, ann = make_article(), make_annotations()
    assert cache.load(article) is None
    cache.store(article, ann)
    assert cache.load(article) == ann
    assert AnnotationCache(tmp_path, "pipeline-b").load(article) is None
    assert cache.load(make_article("Changed.")) is None
    assert AnnotationCache(tmp_path, "pipeline-a", read=False).load(article) is None
    assert not list(tmp_path.rglob("*.tmp")), "writes go through a temporary file and a rename"


@pytest.mark.parametrize("garbage", [b"", b"{not json", b'{"format": 1}', b"[1, 2]", b"\xff\xfe\x00"])
def test_a_corrupt_entry_is_ignored_with_a_warning(tmp_path, garbage):
    cache = AnnotationCache(tmp_path / "cache", "p", root=tmp_path)
    article = make_article()
    cache.store(article, make_annotations())
    path = cache.path_for(article)
    path.write_bytes(garbage)
    assert cache.load(article) is None
    [problem] = cache.problems
    assert (problem.code, problem.severity) == ("BRF206", "warning")
    assert problem.path == path.relative_to(tmp_path).as_posix() and "briefs/a.txt" in problem.message
    cache.store(article, make_annotations())
    assert cache.load(article) == make_annotations()


def test_an_entry_for_another_key_is_not_trusted(tmp_path):
    cache = AnnotationCache(tmp_path, "p")
    article = make_article()
    cache.store(article, make_annotations())
    entry = json.loads(cache.path_for(article).read_text())
    entry["key"] = "0" * 64
    cache.path_for(article).write_text(json.dumps(entry))
    assert cache.load(article) is None and cache.problems[0].code == "BRF206"


def test_prune_keeps_exactly_the_current_entry_of_each_live_article(tmp_path):
    cache = AnnotationCache(tmp_path, "p")
    old, new = make_article("Old."), make_article("New.")
    gone = make_article().model_copy(update={"source_path": "briefs/gone.txt"})
    for article in (old, new, gone):
        cache.store(article, make_annotations())
    AnnotationCache(tmp_path, "other-pipeline").store(new, make_annotations())
    assert cache.prune(["briefs/a.txt"], [new]) == 3
    assert [p.name for p in (tmp_path / "annotations").rglob("*.json")] == [cache.path_for(new).name]


def test_clear_removes_every_entry_and_nothing_else(tmp_path):
    AnnotationCache(tmp_path, "p").store(make_article(), make_annotations())
    AnnotationCache(tmp_path, "q").store(make_article(), make_annotations())
    (tmp_path / "build.lock").write_text("")
    assert clear_cache(tmp_path) == 2
    assert clear_cache(tmp_path) == 0
    assert (tmp_path / "build.lock").exists()


# --- the pipeline fingerprint ----------------------------------------------------------------


def test_a_different_model_is_a_different_pipeline():
    assert pipeline_fingerprint("blank:en") != pipeline_fingerprint(DEFAULT_MODEL)
    assert pipeline_fingerprint("blank:en") != pipeline_fingerprint("blank:de")


def test_a_new_model_version_is_a_different_pipeline(tmp_path):
    import spacy

    folder = tmp_path / "model"
    spacy.blank("en").to_disk(folder)
    before = pipeline_fingerprint(str(folder))
    meta = json.loads((folder / "meta.json").read_text())
    meta["version"] = "9.9.9"
    (folder / "meta.json").write_text(json.dumps(meta))
    assert pipeline_fingerprint(str(folder)) != before


def test_pattern_and_knowledge_base_files_change_the_fingerprint(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(nlp_module.DATA_DIR, data)
    monkeypatch.setattr(nlp_module, "DATA_DIR", data)
    before = pipeline_fingerprint(DEFAULT_MODEL)
    (data / "sanctions").mkdir(exist_ok=True)
    (data / "sanctions" / "extra.yml").write_text("resolutions: [2397]\n")
    after = pipeline_fingerprint(DEFAULT_MODEL)
    assert after != before
    (data / "sanctions" / "extra.yml").write_text("resolutions: [2398]\n")
    assert pipeline_fingerprint(DEFAULT_MODEL) != after
    (data / "sanctions" / "extra.yml").unlink()
    assert pipeline_fingerprint(DEFAULT_MODEL) == before


def test_annotation_code_changes_the_fingerprint_and_rendering_code_does_not(tmp_path, monkeypatch):
    package = tmp_path / "generator"
    shutil.copytree(nlp_module.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__", "data"))
    monkeypatch.setattr(nlp_module, "PACKAGE_DIR", package)
    before = pipeline_fingerprint(DEFAULT_MODEL)
    with (package / "render.py").open("a") as handle:
        handle.write("\n# a template tweak\n")
    assert pipeline_fingerprint(DEFAULT_MODEL) == before
    with (package / "layout.py").open("a") as handle:
        handle.write("\n# a change to how the annotation text is laid out\n")
    assert pipeline_fingerprint(DEFAULT_MODEL) != before
    changed = pipeline_fingerprint(DEFAULT_MODEL)
    (package / "coreference.py").write_text("# a new annotation module\n")
    assert pipeline_fingerprint(DEFAULT_MODEL) != changed


def test_the_loaded_pipeline_has_the_same_fingerprint(nlp):
    assert fingerprint(nlp) == pipeline_fingerprint(DEFAULT_MODEL)


def test_fingerprinting_never_imports_spacy():
    code = (
        "import sys; from generator.nlp import pipeline_fingerprint; pipeline_fingerprint(); "
        "print('spacy' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


def test_worker_count_runs_small_batches_in_process():
    assert worker_count(0, 1) == 1
    assert worker_count(4, 7) == 1
    assert worker_count(2, 100) == 2
    assert worker_count(8, 24) == 3
    assert worker_count(1, 1000) == 1


# --- incremental builds ----------------------------------------------------------------------


def docs_state(project: Path) -> dict[str, int]:
    return {p.relative_to(project).as_posix(): p.stat().st_mtime_ns for p in (project / "docs").rglob("*") if p.is_file()}


@pytest.fixture
def fictional(tmp_path, nlp):
    """A project with two fictional articles, annotated once (the model is already loaded)."""
    project = make_project(tmp_path / "project", ARTICLES, with_seed=False)
    config = load_config(project)
    first = generate(config)
    assert (first.annotated, first.from_cache) == (2, 0), first.problems
    return project, config


def test_a_rebuild_with_nothing_changed_annotates_nothing_and_writes_nothing(fictional):
    project, config = fictional
    before = docs_state(project)
    report = generate(config)
    assert (report.articles, report.annotated, report.from_cache, report.written, report.removed) == (2, 0, 2, [], [])
    assert report.summary().startswith("articles: 2, annotated: 0, from cache: 2, briefs written: 0, problems: 0 (")
    assert docs_state(project) == before


def test_adding_or_editing_one_article_annotates_only_that_one(fictional):
    project, config = fictional
    (project / "briefs" / "rensby.txt").write_text(article_text("Rensby", "Mara Ekholt"))
    report = generate(config)
    assert (report.articles, report.annotated, report.from_cache) == (3, 1, 2)
    (project / "briefs" / "ulmen.txt").write_text(article_text("Ulmen", "Pieter Kastrow", verb="closed"))
    report = generate(config)
    assert (report.annotated, report.from_cache) == (1, 2)
    assert any(w.startswith("briefs/") for w in report.written)
    # One entry per live article: the old version of the edited one is gone.
    assert len(list(config.cache_dir.rglob("*.json"))) == 3


def test_a_sidecar_change_changes_the_page_but_not_the_annotations(fictional):
    project, config = fictional
    (project / "briefs" / "veltmar.yml").write_text("headline: Veltmar opens its ferry terminal\n")
    report = generate(config)
    assert (report.annotated, report.from_cache) == (0, 2)
    [page] = [w for w in report.written if w.startswith("briefs/")]
    assert "# Veltmar opens its ferry terminal" in (project / "docs" / page).read_text()


def test_a_model_or_data_change_annotates_everything_again(fictional, monkeypatch, tmp_path):
    project, config = fictional
    data = tmp_path / "data"
    shutil.copytree(nlp_module.DATA_DIR, data)
    (data / "extra_patterns.jsonl").write_text('{"label": "ORG", "pattern": "Veltmar Ferries"}\n')
    monkeypatch.setattr(nlp_module, "DATA_DIR", data)
    report = generate(config)
    assert (report.annotated, report.from_cache) == (2, 0)
    assert generate(config).annotated == 0


def test_no_cache_annotates_everything_and_refreshes_the_cache(fictional):
    _, config = fictional
    assert generate(config, use_cache=False).annotated == 2
    assert generate(config).from_cache == 2


def test_a_corrupt_entry_is_annotated_again_with_a_warning(fictional):
    project, config = fictional
    [entry, *_] = sorted(config.cache_dir.rglob("*.json"))
    entry.write_text("{")
    report = generate(config)
    assert (report.annotated, report.from_cache) == (1, 1)
    assert [p.code for p in report.problems] == ["BRF206"] and not report.errors
    assert generate(config).annotated == 0


def test_drafts_are_left_out_of_the_build_and_shown_in_preview(fictional):
    project, config = fictional
    (project / "briefs" / "ulmen.yml").write_text("draft: true\n")
    report = generate(config)
    assert report.removed and all("ulmen" in r for r in report.removed if r.startswith("briefs/"))
    assert not any("ulmen" in p.name for p in (project / "docs" / "briefs").glob("*.md"))
    report = generate(config, include_drafts=True)
    assert (report.annotated, report.from_cache) == (0, 2)
    [page] = [p for p in (project / "docs" / "briefs").glob("*.md") if "ulmen" in p.name]
    assert '!!! warning "Draft"' in page.read_text()


def test_an_invalid_sidecar_holds_its_brief_back(fictional):
    project, config = fictional
    (project / "briefs" / "ulmen.yml").write_text("draft: true\nheadlines: typo\n")
    report = generate(config)
    [error] = report.errors
    assert (error.path, error.line, error.code) == ("briefs/ulmen.yml", 2, "BRF302")
    assert not any("ulmen" in p.name for p in (project / "docs" / "briefs").glob("*.md"))


def test_a_cached_build_does_not_load_spacy(fictional):
    project, _ = fictional
    code = (
        "import sys; from generator.build import generate; from generator.config import load_config; "
        f"r = generate(load_config({str(project)!r})); print(r.annotated, r.from_cache, 'spacy' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.stdout.split() == ["0", "2", "False"], result.stderr


@pytest.mark.slow
def test_worker_processes_give_the_same_annotations(tmp_path, nlp):
    from generator.annotate import annotate_many
    from generator.readers import read_article

    names = ["Veltmar", "Ulmen", "Rensby", "Tolvik"] * 4
    folder = tmp_path / "briefs"
    folder.mkdir()
    for index, place in enumerate(names):
        (folder / f"{index:02}.txt").write_text(article_text(f"{place}{index}", "Odile Brantsen"))
    articles = [read_article(p, tmp_path) for p in sorted(folder.iterdir())]
    alone = [ann for _, ann in annotate_many(articles, nlp, "p", n_process=1, batch_size=4)]
    shared = [ann for _, ann in annotate_many(articles, nlp, "p", n_process=2, batch_size=4)]
    assert shared == alone


@pytest.mark.slow
def test_the_preview_watcher_reannotates_only_the_edited_article(fictional, capsys):
    import threading
    import time

    from generator.serve import watch_and_regenerate

    project, config = fictional
    capsys.readouterr()
    stop = threading.Event()
    watcher = threading.Thread(target=watch_and_regenerate, args=(config, stop), daemon=True)
    watcher.start()

    def wait_for(predicate) -> bool:
        for _ in range(300):  # polls for up to a minute on a busy machine; no timing is asserted
            if predicate():
                return True
            time.sleep(0.2)
        return False

    def page(name: str) -> str:
        return "".join(p.read_text() for p in (project / "docs" / "briefs").glob(f"*{name}*.md"))

    try:
        time.sleep(1)  # let the watcher start before the first edit
        (project / "briefs" / "veltmar.yml").write_text("editor_note: Seen by the desk.\n")
        assert wait_for(lambda: "Seen by the desk." in page("veltmar"))
        assert wait_for(lambda: "annotated: 0, from cache: 2" in capsys.readouterr().out)
        (project / "briefs" / "ulmen.txt").write_text(article_text("Ulmen", "Pieter Kastrow", verb="closed"))
        assert wait_for(lambda: "closed a ferry terminal" in page("ulmen"))
        assert wait_for(lambda: "annotated: 1, from cache: 1" in capsys.readouterr().out)
    finally:
        stop.set()
        watcher.join(timeout=10)


@pytest.mark.slow
def test_the_preview_waits_for_a_running_build_before_writing_drafts_into_docs(fictional, capsys):
    import threading
    import time

    from generator.lock import project_lock
    from generator.serve import regenerate

    project, config = fictional
    (project / "briefs" / "veltmar.yml").write_text("draft: true\neditor_note: Draft seen by the desk.\n")
    draft_page = lambda: any("Draft seen by the desk." in p.read_text() for p in (project / "docs" / "briefs").glob("*.md"))  # noqa: E731
    capsys.readouterr()
    with project_lock(config):  # a `briefs build` holds it while it reads docs/
        preview = threading.Thread(target=regenerate, args=(config,), daemon=True)
        preview.start()
        for _ in range(300):  # up to a minute on a busy machine; no timing is asserted
            if "waiting: another briefs build" in capsys.readouterr().out:
                break
            time.sleep(0.2)
        else:
            pytest.fail("the preview did not report that it waits for the build")
        assert preview.is_alive() and not draft_page()
    preview.join(timeout=120)
    assert not preview.is_alive() and draft_page()


def test_a_stopping_preview_gives_up_waiting_for_the_lock(fictional):
    import threading

    from generator.lock import project_lock, wait_for_lock

    _, config = fictional
    stop = threading.Event()
    stop.set()
    with project_lock(config):
        assert wait_for_lock(config, stop, lambda error: None, poll=0.01) is None
