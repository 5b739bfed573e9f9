"""Atomic publishing and the build lock.

A build killed half-way (a real subprocess, a real signal) leaves the previous site/ complete
and byte-for-byte unchanged, and the next build cleans up after it; a build that would swap
the site is not stopped half-way by Ctrl-C; two builds at once in one project never both run:
the second stops with BRF403 and a clear message.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import make_project
from generator.build import recover_site, swap_in
from generator.config import load_config
from generator.lock import BuildLocked, lock_path, project_lock
from generator.write import write_atomic

# Hand-written pages that make the MkDocs stage long enough to interrupt it reliably.
FILLER_PAGES = 400


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under folder (relative path) with the sha256 of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def start_build(project: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "build", *args], cwd=project,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def run_build(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *(args or ("build",))], cwd=project, capture_output=True, text=True)


def add_filler(project: Path) -> None:
    filler = project / "docs" / "filler"
    filler.mkdir(parents=True, exist_ok=True)
    for n in range(FILLER_PAGES):
        (filler / f"page-{n:03d}.md").write_text(f"# Filler page {n}\n\nA hand-written page of the fictional Ebbside almanac, number {n}.\n")
    config = project / "mkdocs.yml"
    text = config.read_text()
    assert "not_in_nav: |\n" in text
    config.write_text(text.replace("not_in_nav: |\n", "not_in_nav: |\n  /filler/\n", 1))


@pytest.fixture(scope="module")
def built_project(tmp_path_factory) -> Path:
    """A project with the seed and filler pages, built once; tests work on copies."""
    project = make_project(tmp_path_factory.mktemp("atomic") / "project")
    add_filler(project)
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture
def project(built_project, tmp_path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(built_project, copy, symlinks=True)
    return copy


def wait_for_pages_in_staging(project: Path, process: subprocess.Popen, pages: int = 3) -> Path:
    """Wait until MkDocs has written some pages into the staging folder, and return it."""
    deadline = time.monotonic() + 600  # a guard against a hang, not a timing assertion
    while time.monotonic() < deadline:
        for staging in project.glob(".site.building-*"):
            if sum(1 for _ in staging.rglob("index.html")) >= pages:
                return staging
        if process.poll() is not None:
            out, err = process.communicate()
            pytest.fail(f"the build ended (exit {process.returncode}) before it could be interrupted:\n{err[-2000:]}")
        time.sleep(0.01)
    process.kill()
    pytest.fail("the build never started writing pages")


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT], ids=["KILL", "TERM", "INT"])
def test_build_interrupted_half_way_leaves_the_previous_site_intact(project, signum):
    before = snapshot(project / "site")
    assert "index.html" in before and any(k.startswith("filler/") for k in before)
    # Change an article so the new site would differ from the old one.
    seed = next((project / "briefs").glob("*.txt"))
    seed.write_text(seed.read_text("utf-8").replace("Makeup of", "Changed: Makeup of", 1), "utf-8")

    process = start_build(project)
    staging = wait_for_pages_in_staging(project, process)
    process.send_signal(signum)
    process.communicate(timeout=300)
    assert process.returncode != 0

    assert snapshot(project / "site") == before, "the previous site changed"
    if signum == signal.SIGINT:
        assert not staging.exists(), "Ctrl-C left the half-built site behind"

    # The next build cleans up whatever the interrupted one left, and publishes.
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert not list(project.glob(".site.*")), "leftovers of the interrupted build remain"
    after = snapshot(project / "site")
    assert after != before
    assert any("changed-makeup-of" in k for k in after)


def test_a_site_left_between_the_two_renames_is_put_back(tmp_path):
    site = tmp_path / "site"
    old = tmp_path / ".site.old"
    old.mkdir()
    (old / "index.html").write_text("previous site")
    half = tmp_path / ".site.building-x1"
    half.mkdir()
    (half / "index.html").write_text("half")

    recover_site(site)

    assert (site / "index.html").read_text() == "previous site"
    assert not old.exists() and not half.exists()


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="POSIX signal masks")
def test_ctrl_c_during_the_swap_waits_until_the_new_site_is_in_place(tmp_path, monkeypatch):
    site, new = tmp_path / "site", tmp_path / ".site.building-x2"
    site.mkdir()
    (site / "index.html").write_text("old")
    new.mkdir()
    (new / "index.html").write_text("new")
    real_replace = os.replace
    calls = []

    def replace_then_interrupt(src, dst):
        real_replace(src, dst)
        calls.append(dst)
        if len(calls) == 1:
            os.kill(os.getpid(), signal.SIGINT)  # arrives between the two renames

    monkeypatch.setattr(os, "replace", replace_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        swap_in(new, site)
    assert len(calls) == 2
    assert (site / "index.html").read_text() == "new"


def test_a_failed_atomic_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    page = tmp_path / "docs" / "briefs" / "a.md"
    write_atomic(page, b"old text\n")

    def refuse(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError):
        write_atomic(page, b"new text\n")
    assert page.read_bytes() == b"old text\n"
    assert [p.name for p in page.parent.iterdir()] == ["a.md"]


# --- the lock ------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["build", "generate"])
def test_a_second_build_stops_with_brf403_while_the_lock_is_held(tmp_path, command):
    project = make_project(tmp_path / "project")
    with project_lock(load_config(project)):
        result = run_build(project, command)
    assert result.returncode == 1
    assert "error BRF403" in result.stderr
    assert "another briefs build or generate is running in this project" in result.stderr
    assert f"pid {os.getpid()}" in result.stderr
    assert not (project / "site").exists() and not list((project / "docs").glob("briefs/*.md"))


def test_the_lock_is_exclusive_and_released(tmp_path):
    config = load_config(make_project(tmp_path / "project"))
    with project_lock(config):
        with pytest.raises(BuildLocked) as caught:
            with project_lock(config):
                pass
        assert caught.value.code == "BRF403"
    with project_lock(config):  # released: taken again at once
        pass


@pytest.mark.slow
def test_two_builds_at_once_one_runs_the_other_says_why(built_project, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(built_project, project, symlinks=True)
    shutil.rmtree(project / ".cache")  # the first build annotates: it holds the lock a while
    lock_file = lock_path(load_config(project))
    first = start_build(project)
    deadline = time.monotonic() + 600
    # The holder writes its pid into the lock file once it has the lock (reading takes no lock).
    while not (lock_file.is_file() and lock_file.read_text() == f"pid {first.pid}\n"):
        assert first.poll() is None, first.communicate()[1][-2000:]
        assert time.monotonic() < deadline, "the first build never took the lock"
        time.sleep(0.01)

    second = run_build(project)
    out, err = first.communicate(timeout=600)

    assert second.returncode == 1 and "error BRF403" in second.stderr, second.stderr
    assert first.returncode == 0, err
    site = snapshot(project / "site")
    assert "index.html" in site and any(k.startswith("briefs/2023-09-13-") for k in site)
    for entry in (project / ".cache").rglob("*.json"):
        json.loads(entry.read_text("utf-8"))  # every cache entry is whole
    assert not list(project.glob(".site.*"))
