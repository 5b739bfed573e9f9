"""`make bench`: measure the generator side by side with raw spaCy and as the archive grows.

Writes docs/benchmarks.md. BENCH_QUICK=1 runs a small version of every measurement.

The code under test is copied into the work folder first and every measurement (in this
process and in the `briefs build` processes) runs that copy: an edit to the tree during a run
cannot change the annotation cache's fingerprint half-way and turn a warm build cold.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .corpus import write_corpus
from .procs import SAMPLE_SECONDS, run_measured

ROOT = Path(__file__).resolve().parent.parent
QUICK = os.environ.get("BENCH_QUICK") == "1"
SIZES = {
    "throughput": 24 if QUICK else 150,
    "processes": 48 if QUICK else 150,
    "rebuild": 60 if QUICK else 1000,
    "small_site": 50,
    "large_site": 200 if QUICK else 2000,
    "memory": 300 if QUICK else 5000,
}
BATCH_SIZE = 4  # the generator's default (Config.batch_size), used on both sides; checked in main()
TARGETS = {"ratio": 1.15, "warm": 0.10, "add_one": 0.15, "weight": 1.10, "memory_mib": 1536, "speedup": 1.6}


def snapshot_code(work: Path) -> Path:
    """Copy the package, templates, mkdocs.yml and docs/ into work/code; return that folder."""
    code = work / "code"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "generator", code / "generator", ignore=ignore)
    shutil.copytree(ROOT / "templates", code / "templates", ignore=ignore)
    shutil.copy(ROOT / "mkdocs.yml", code / "mkdocs.yml")
    generated = ("briefs", "people", "organizations", "places", "sanctions", "archive", "tags")
    shutil.copytree(ROOT / "docs", code / "docs", ignore=shutil.ignore_patterns(*generated))
    return code


def make_project(folder: Path, code: Path, corpus: Path, count: int, cache_dir: Path) -> Path:
    """A project folder with the site configuration and the first `count` corpus articles."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    shutil.copy(code / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(code / "templates", folder / "templates")
    shutil.copytree(code / "docs", folder / "docs")
    (folder / "pyproject.toml").write_text(f'[tool.briefs]\ncache_dir = "{cache_dir}"\n')
    briefs = folder / "briefs"
    briefs.mkdir()
    for path in write_corpus(corpus, count):
        shutil.copy(path, briefs / path.name)
    return folder


def briefs_build(code: Path, project: Path, *python_flags: str) -> dict:
    """Run `briefs build` on a project in a fresh process, measuring time and peak memory."""
    result = run_measured(
        [sys.executable, *python_flags, "-m", "generator", "build", "--project", str(project)],
        env={"NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(code)},
    )
    if result["returncode"] != 0:
        raise RuntimeError(f"briefs build failed on {project} (exit {result['returncode']}):\n{result['stderr'][-3000:]}")
    summary = [line for line in result["stdout"].splitlines() if line.startswith("articles:")]
    result["summary"] = summary[-1] if summary else ""
    site = [line for line in result["stdout"].splitlines() if line.startswith("site:")]
    result["site"] = site[-1].removeprefix("site: ") if site else ""
    result["loaded_spacy"] = "spacy" in {line.rsplit("|", 1)[-1].strip() for line in result["stderr"].splitlines()}
    result.pop("stdout"), result.pop("stderr")
    return result


def measure_throughput(corpus: Path, code: Path, count: int) -> dict:
    """Generator (read, annotate, select, render) against raw nlp.pipe on the same texts.

    The raw side is spacy.load(model) and nlp.pipe over the texts the generator annotates.
    The generator side is what a build does per article, in one process. Each side runs twice,
    alternating, and the faster run counts. Our stages are timed inside the generator runs.
    """
    import spacy

    import generator.annotate as annotate
    from generator.annotate import annotate_many
    from generator.config import DEFAULT_MODEL
    from generator.layout import compose_text
    from generator.nlp import fingerprint, load_pipeline
    from generator.readers import read_article
    from generator.render import make_environment, render_brief
    from generator.select import make_brief

    paths = write_corpus(corpus, count)
    nlp = load_pipeline(DEFAULT_MODEL)
    pipeline = fingerprint(nlp)
    articles = [read_article(p, corpus) for p in paths]
    texts = [compose_text(a)[0] for a in articles]
    env = make_environment(code / "templates")
    raw_nlp = spacy.load(DEFAULT_MODEL)
    list(raw_nlp.pipe(texts[:4]))  # warm both pipelines before timing
    list(annotate_many(articles[:4], nlp, pipeline))

    stages = {"read": 0.0, "rules": 0.0, "select": 0.0, "render": 0.0}
    to_annotations = annotate.doc_to_annotations

    def timed_annotations(*args, **kwargs):
        started = time.perf_counter()
        try:
            return to_annotations(*args, **kwargs)
        finally:
            stages["rules"] += time.perf_counter() - started

    runs: dict[str, list] = {"raw": [], "generator": []}
    annotate.doc_to_annotations = timed_annotations
    try:
        for _ in range(2):
            started = time.perf_counter()
            list(raw_nlp.pipe(texts, batch_size=BATCH_SIZE))
            runs["raw"].append(time.perf_counter() - started)

            stages.update(dict.fromkeys(stages, 0.0))
            started = time.perf_counter()
            again = [read_article(p, corpus) for p in paths]
            stages["read"] = time.perf_counter() - started
            for article, ann in annotate_many(again, nlp, pipeline, batch_size=BATCH_SIZE):
                mark = time.perf_counter()
                brief = make_brief(article, ann)
                stages["select"] += time.perf_counter() - mark
                mark = time.perf_counter()
                render_brief(env, brief)
                stages["render"] += time.perf_counter() - mark
            runs["generator"].append((time.perf_counter() - started, dict(stages)))
    finally:
        annotate.doc_to_annotations = to_annotations
    raw = min(runs["raw"])
    gen, parts = min(runs["generator"], key=lambda run: run[0])
    parts["spacy"] = gen - sum(parts.values())  # nlp.pipe with our rule components
    words = sum(len(t.split()) for t in texts)
    return {"articles": count, "words": words, "raw_s": raw, "generator_s": gen, "ratio": gen / raw, "parts": parts}


def measure_processes(corpus: Path, count: int) -> dict:
    """The generator's annotation with n_process=1 against n_process=2 (CPU time counted too)."""
    from generator.annotate import annotate_many
    from generator.config import DEFAULT_MODEL
    from generator.nlp import fingerprint, load_pipeline
    from generator.readers import read_article

    nlp = load_pipeline(DEFAULT_MODEL)
    articles = [read_article(p, corpus) for p in write_corpus(corpus, count)]
    list(annotate_many(articles[:2], nlp, fingerprint(nlp)))
    out = {"articles": count}
    for n in (1, 2):
        cpu = os.times()
        started = time.perf_counter()
        list(annotate_many(articles, nlp, fingerprint(nlp), n_process=n, batch_size=BATCH_SIZE))
        out[f"n{n}_s"] = time.perf_counter() - started
        after = os.times()
        out[f"n{n}_cpu_s"] = sum(after[:4]) - sum(cpu[:4])
    out["speedup"] = out["n1_s"] / out["n2_s"]
    return out


def measure_build_parts(code: Path, project: Path) -> dict:
    """Time generate (everything from the cache) and a forced MkDocs build, each on its own."""
    script = (
        "import json, time\n"
        "from generator.build import build_site, generate\n"
        "from generator.config import load_config\n"
        f"config = load_config({str(project)!r})\n"
        "t = time.perf_counter(); report = generate(config); g = time.perf_counter() - t\n"
        "t = time.perf_counter(); build_site(config, force=True); m = time.perf_counter() - t\n"
        "print(json.dumps({'generate_s': g, 'mkdocs_s': m, 'annotated': report.annotated}))\n"
    )
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(code)}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"timing generate and MkDocs failed:\n{done.stderr[-3000:]}")
    import json

    parts = json.loads(done.stdout.strip().splitlines()[-1])
    parts["process_s"] = time.perf_counter() - started
    return parts


def python_startup(code: Path) -> float:
    """Seconds for `briefs --help` in a fresh process: interpreter and command-line start-up."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator", "--help"], env={**os.environ, "PYTHONPATH": str(code)},
                   capture_output=True, check=True)
    return time.perf_counter() - started


def site_weights(site: Path, same_as: Path | None = None) -> dict:
    """Mean brief page bytes, search index bytes and total site bytes.

    same_as: another site; the mean is then also taken over the briefs both sites publish,
    so the comparison is page against page rather than two different sets of articles.
    """
    pages = {p.parent.name: p.stat().st_size for p in (site / "briefs").glob("*/index.html")}
    index = site / "search" / "search_index.json"
    out = {
        "briefs": len(pages),
        "brief_page_bytes": sum(pages.values()) / max(len(pages), 1),
        "search_index_bytes": index.stat().st_size if index.exists() else 0,
        "site_bytes": sum(p.stat().st_size for p in site.rglob("*") if p.is_file()),
    }
    if same_as is not None:
        shared = [name for name in pages if (same_as / "briefs" / name / "index.html").is_file()]
        out["shared_briefs"] = len(shared)
        out["shared_page_bytes"] = sum(pages[n] for n in shared) / max(len(shared), 1)
    return out


def machine() -> str:
    """CPU, cores, memory and the load when the run started."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown CPU")
    memory = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    return (f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} CPUs, {memory / 2**20:.0f} GiB RAM, "
            f"Python {platform.python_version()}")


def main() -> None:
    """Run every measurement and write docs/benchmarks.md."""
    began = time.perf_counter()
    load_before = os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="briefs-bench-"))
    corpus, cache = work / "corpus", work / "cache"
    results: dict = {"machine": machine()}
    try:
        code = snapshot_code(work)
        sys.path.insert(0, str(code))
        import spacy

        from generator.config import DEFAULT_MODEL, Config

        if Config.__dataclass_fields__["batch_size"].default != BATCH_SIZE:
            raise SystemExit("bench: BATCH_SIZE must equal the generator's default Config.batch_size")

        results["model"] = f"{DEFAULT_MODEL} {spacy.util.get_package_version(DEFAULT_MODEL)}, spaCy {spacy.__version__}"
        print("1/5 throughput", flush=True)
        results["throughput"] = measure_throughput(corpus, code, SIZES["throughput"])
        print("5/5 processes", flush=True)
        results["processes"] = measure_processes(corpus, SIZES["processes"])

        # One annotation cache for every project, so each article is annotated once; the
        # projects are built in growing sizes (the cache keeps only live articles' entries).
        print("2/5 rebuilds", flush=True)
        n = SIZES["rebuild"]
        project = make_project(work / "rebuild", code, corpus, n, cache)
        cold = briefs_build(code, project)
        warm = briefs_build(code, project, "-X", "importtime")
        extra = write_corpus(corpus, 1, start=n)[0]
        shutil.copy(extra, project / "briefs" / extra.name)
        add_one = briefs_build(code, project, "-X", "importtime")
        parts = measure_build_parts(code, project)
        parts["startup_s"] = python_startup(code)
        results["rebuild"] = {"articles": n, "cold": cold, "warm": warm, "add_one": add_one, "parts": parts}
        shutil.rmtree(project)

        print("3/5 page weight", flush=True)
        large = make_project(work / "large", code, corpus, SIZES["large_site"], cache)
        results["large_build"] = briefs_build(code, large)
        print("4/5 memory", flush=True)
        big = make_project(work / "big", code, corpus, SIZES["memory"], cache)
        results["memory"] = briefs_build(code, big)
        results["memory"]["articles"] = SIZES["memory"]
        shutil.rmtree(big)
        small = make_project(work / "small", code, corpus, SIZES["small_site"], cache)
        briefs_build(code, small)
        results["weight"] = {
            "small": site_weights(small / "site"),
            "large": site_weights(large / "site", same_as=small / "site"),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results["minutes"] = (time.perf_counter() - began) / 60
    results["load"] = (load_before, os.getloadavg())
    report = format_report(results)
    (ROOT / "docs" / "benchmarks.md").write_text(report, "utf-8")
    print(report)


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def counts(summary: str) -> str:
    """'articles: 60, annotated: 1, from cache: 59, briefs written: 3, ...' -> '1 annotated, 59 from cache, 3 written'."""
    found = dict(part.split(": ", 1) for part in summary.split(" (", 1)[0].split(", ") if ": " in part)
    return (f"{int(found.get('articles', 0)):,} articles: {int(found.get('annotated', 0)):,} annotated, "
            f"{int(found.get('from cache', 0)):,} from cache, {int(found.get('briefs written', 0)):,} briefs written")


def _ms(seconds: float, count: int) -> str:
    return f"{1000 * seconds / count:.0f} ms"


def format_report(r: dict) -> str:
    """Render the results as the Markdown page docs/benchmarks.md."""
    t, p, rb, w, m = r["throughput"], r["processes"], r["rebuild"], r["weight"], r["memory"]
    cold, warm, add = rb["cold"]["seconds"], rb["warm"]["seconds"], rb["add_one"]["seconds"]
    small, large = w["small"], w["large"]
    growth = large["shared_page_bytes"] / small["brief_page_bytes"]
    mib = m["peak_pss_mib"]
    rows = [
        ("1. Generator vs raw `nlp.pipe`", f"{t['articles']} articles, {t['words']:,} words, one process",
         f"{t['generator_s']:.1f} s vs {t['raw_s']:.1f} s", f"**{t['ratio']:.2f}x**", f"≤ {TARGETS['ratio']}x",
         verdict(t["ratio"] <= TARGETS["ratio"])),
        ("2. Cold build", counts(rb["cold"]["summary"]), f"{cold:.1f} s", "1.00", "", ""),
        ("2. Warm rebuild (nothing changed)", counts(rb["warm"]["summary"]), f"{warm:.1f} s", f"**{warm / cold:.1%}** of cold",
         f"< {TARGETS['warm']:.0%}", verdict(warm / cold < TARGETS["warm"])),
        ("2. Add one article", counts(rb["add_one"]["summary"]), f"{add:.1f} s", f"**{add / cold:.1%}** of cold",
         f"< {TARGETS['add_one']:.0%}", verdict(add / cold < TARGETS["add_one"])),
        ("3. Brief page HTML", f"the same {large['shared_briefs']} briefs in sites of {small['briefs']} and {large['briefs']:,}",
         f"{small['brief_page_bytes']:,.0f} B vs {large['shared_page_bytes']:,.0f} B", f"**{growth:.3f}x**",
         f"≤ {TARGETS['weight']:.2f}x", verdict(growth <= TARGETS["weight"])),
        ("3. Search index per brief", f"{large['briefs']:,} briefs",
         f"{large['search_index_bytes'] / max(large['briefs'], 1):,.0f} B (index {large['search_index_bytes'] / 2**20:,.1f} MiB)", "", "", ""),
        ("3. Total site", f"{small['briefs']} / {large['briefs']:,} briefs",
         f"{small['site_bytes'] / 2**20:,.1f} MiB / {large['site_bytes'] / 2**20:,.1f} MiB", "", "", ""),
        ("4. Peak memory (process tree, PSS)", counts(m["summary"]),
         f"{mib:,.0f} MiB (RSS sum {m['peak_rss_mib']:,.0f} MiB) in {m['seconds']:.0f} s", "",
         f"< {TARGETS['memory_mib']:,} MiB", verdict(mib < TARGETS["memory_mib"])),
        ("5. `n_process` 1 vs 2", f"{p['articles']} articles", f"{p['n1_s']:.1f} s vs {p['n2_s']:.1f} s",
         f"**{p['speedup']:.2f}x**", f"≥ {TARGETS['speedup']}x", verdict(p["speedup"] >= TARGETS["speedup"])),
    ]
    table = "\n".join("| " + " | ".join(row) + " |" for row in rows)
    mode = "quick run, `BENCH_QUICK=1 make bench`" if QUICK else "full run, `make bench`"
    (l1, _, _), (l2, _, _) = r["load"]
    return f"""# Benchmarks

Measured by `make bench` ({mode}, {r['minutes']:.1f} minutes) on {r['machine']}; model {r['model']}.
One-minute load average {l1:.1f} when the run started and {l2:.1f} when it ended. Corpora are
fictional articles from `bench/corpus.py` (seeded, 400 to 1,200 words). Ratios are measured side
by side in one run; absolute seconds depend on the machine and its load.

| Measurement | Input | Measured | Ratio | Target | |
|---|---|---|---|---|---|
{table}

Reproduce with `make bench` (the time above) or `BENCH_QUICK=1 make bench` (a few minutes, every measurement at a small size).

## How each figure is taken

1. Both sides process the same texts (headline, dek, captions and body as the generator
   composes them) in one process with batches of {BATCH_SIZE}. Raw: `spacy.load(model)` and
   `nlp.pipe`. Generator: read the files, annotate (the same model plus our rule components, then
   entities, quotes, asides and sanctions), select and render each brief. Each side runs twice,
   alternating; the faster run counts.
2. Three `briefs build` processes on one project of {rb['articles']:,} articles: cold (empty
   cache, no site), again with nothing changed, and again after adding one article.
3. Brief pages are compared page for page: the same briefs in the small site and in the large
   one (a brief's page must not grow with the archive).
4. The peak, sampled every {SAMPLE_SECONDS} s, of the proportional set size (PSS) summed over the build
   process and its workers: memory shared by a forked worker with its parent counts once. The
   RSS sum counts shared pages once per process, so it overstates a forked tree. Articles
   already annotated by the page-weight build come from the cache.
5. `annotate_many` on the same articles with `n_process=1` and `n_process=2`.

## Notes

{notes(r)}
"""


def notes(r: dict) -> str:
    """Explain every figure that misses its target with the measurements of this run."""
    out = []
    t = r["throughput"]
    parts, n = t["parts"], t["articles"]
    raw_each = t["raw_s"] / n
    ours = {
        "our rule components inside nlp.pipe (entity and sanctions rulers)": parts["spacy"] - t["raw_s"],
        "annotate rules (entities, quotes, asides, sanctions)": parts["rules"],
        "select (key points, callouts, sidebar, sanctions box)": parts["select"],
        "render (Jinja, escaping, front matter)": parts["render"],
        "read (parse the files)": parts["read"],
    }
    breakdown = "; ".join(f"{name} {_ms(max(s, 0.0), n)}" for name, s in ours.items())
    line = (f"- **Throughput** ({t['ratio']:.2f}x): spaCy takes {1000 * raw_each:.0f} ms an article here; per article "
            f"the generator adds {breakdown}.")
    if t["ratio"] > TARGETS["ratio"]:
        budget = raw_each * (TARGETS["ratio"] - 1)
        added = sum(max(s, 0.0) for s in ours.values()) / n
        line += (f" The budget for {TARGETS['ratio']}x is {1000 * budget:.0f} ms; these add {1000 * added:.0f} ms. "
                 "The rule components are spaCy Matchers whose token patterns are tried at every token; the other "
                 "stages are Python rules that each walk the Doc's tokens or the annotations again. Closing the gap "
                 "takes fewer passes (token attributes read once with `doc.to_array` and shared by the rules) or "
                 "compiled code for the entity and quote rules, not one fix.")
    out.append(line)

    rb = r["rebuild"]
    cold, parts = rb["cold"]["seconds"], rb["parts"]
    warm, add = rb["warm"], rb["add_one"]
    out.append(
        f"- **Warm rebuild**: every annotation came from the cache ({counts(warm['summary'])}) and spaCy was "
        f"{'imported (it should not be)' if warm['loaded_spacy'] else 'never imported'}; MkDocs was skipped because "
        f"nothing it reads changed (generator/uptodate.py). What remains is start-up ({parts['startup_s']:.1f} s), "
        f"reading {rb['articles'] + 1:,} articles and their cache entries, and rendering and comparing every page "
        f"(generate alone: {parts['generate_s']:.1f} s)."
    )
    rest = add["seconds"] - parts["generate_s"] - parts["startup_s"]
    line = (
        f"- **Add one article** ({add['seconds']:.1f} s, {add['seconds'] / cold:.1%} of cold): {add.get('site', '')}. "
        f"Only the pages the new article added or changed are rendered, into a copy of the site in place, and the "
        f"search index is merged (generator/incremental.py); a full MkDocs build of this site takes "
        f"{parts['mkdocs_s']:.1f} s ({parts['mkdocs_s'] / cold:.1%} of cold). Of the rest, generate with everything "
        f"cached takes {parts['generate_s']:.1f} s and start-up {parts['startup_s']:.1f} s; loading the model, "
        f"annotating the article, copying the site and the dirty MkDocs build take {max(rest, 0):.1f} s."
    )
    if add["seconds"] / cold >= TARGETS["add_one"]:
        line += (" What would close the gap is generating only the pages that depend on the changed article "
                 "(its brief, the entities and regimes it names, the listings) instead of rendering and comparing "
                 "every page of the archive.")
    out.append(line)
    m = r["memory"]
    peak = m["at_peak"]
    workers = peak.get("processes", 1) - 1
    when = (f"while {workers} workers were annotating" if workers > 0
            else "after annotation (generating the pages or running MkDocs)")
    out.append(
        f"- **Memory**: {m['peak_pss_mib']:,.0f} MiB PSS at the peak ({m['peak_rss_mib']:,.0f} MiB summing RSS), "
        f"{peak.get('seconds', 0):.0f} s into the {m['seconds']:.0f} s build, {when}; the build process itself held "
        f"{peak.get('first_mib', 0):,.0f} MiB of it. The build process holds the loaded model, which forked workers "
        "share, and for each article only what the cross-brief pages read; each worker holds one batch of Docs "
        "(spaCy's memory grows with the batch, not its speed); MkDocs holds every page of the site while it builds."
    )
    p = r["processes"]
    line = (f"- **Two processes** ({p['speedup']:.2f}x): CPU time {p['n1_cpu_s']:.1f} s in one process, "
            f"{p['n2_cpu_s']:.1f} s over two; forked workers share the loaded model and return finished annotations.")
    if p["speedup"] < TARGETS["speedup"]:
        ideal = p["n2_cpu_s"] / 2
        line += (f" With the CPU time split evenly the two-process run would take {ideal:.1f} s; it took "
                 f"{p['n2_s']:.1f} s. The difference is the last batches, when one worker has finished, "
                 "and other processes on the machine (see the load average above).")
    out.append(line)
    return "\n".join(out)


if __name__ == "__main__":
    main()
