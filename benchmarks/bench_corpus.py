"""Benchmark: a corpus of N papers on the local process pool and on a Dask LocalCluster, the corpus
database, and query latency on the database vs the JSON graphs.

Usage: python benchmarks/bench_corpus.py [--papers 1000] [--workers 2] [--source DIR]

The corpus is every Markdown paper of ``--source`` (default ``../shared/corpus-dev/papers``, read
as opaque input files) copied round-robin under new numbered names until there are ``--papers``
files. Steps, each in a child process running this checkout's command line:

1. ``litmine extract DIR -o local --jobs W`` (the local process pool);
2. the same with ``--scheduler`` on a ``distributed.LocalCluster`` of W single-threaded worker
   processes started by this script; worker CPU time and peak memory read on the workers;
3. the two output trees compared byte for byte (every per-paper file, markers included);
4. ``litmine database local`` (time, file size);
5. latency of ``trace 19``, ``query -m LLZO`` and ``query --uncited`` with ``--db`` (the database)
   and with ``--in`` (the graph.json files of the first ``--json-path-papers`` papers loaded into
   networkx), in process (median of 3 for the database; once for the JSON path), plus the
   command-line time of the ``--db`` queries.

Prints a Markdown table (the README quotes it) and writes it with the raw numbers as JSON to
``--json`` if given.
"""

from __future__ import annotations

import argparse
import filecmp
import io
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing
DEFAULT_SOURCE = ROOT.parent / "shared" / "corpus-dev" / "papers"
QUERIES = (("trace 19", ["trace", "19"]), ("query -m LLZO", ["query", "-m", "LLZO"]),
           ("query --uncited", ["query", "--uncited"]))


def children_usage() -> tuple[float, float]:
    """CPU seconds (user + system) and peak RSS in MB of the waited-for descendants so far."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime, r.ru_maxrss / 1024


def litmine(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], env=env,
                          capture_output=True, text=True, check=False)


def make_corpus(source: Path, folder: Path, n: int) -> int:
    papers = sorted(p for p in source.iterdir() if p.suffix in (".md", ".txt"))
    folder.mkdir(parents=True)
    for i in range(n):
        src = papers[i % len(papers)]
        shutil.copy(src, folder / f"p{i:05d}_{src.stem}{src.suffix}")
    return len(papers)


def same_trees(a: Path, b: Path) -> tuple[int, list[str]]:
    """Files compared and those that differ (per-paper folders only)."""
    compared, differ = 0, []
    for folder in sorted(p for p in a.iterdir() if p.is_dir()):
        for f in sorted(folder.iterdir()):
            compared += 1
            other = b / folder.name / f.name
            if not other.exists() or not filecmp.cmp(f, other, shallow=False):
                differ.append(str(f.relative_to(a)))
    for folder in sorted(p for p in b.iterdir() if p.is_dir()):
        if not (a / folder.name).exists():
            differ.append(folder.name + "/ (only in the Dask run)")
    return compared, differ


def replicate(src: Path, dst: Path, n: int) -> Path:
    """``n`` document folders: those of ``src`` copied round-robin, each under a new doc id
    (folder name and ``document.json`` doc_id); the extraction of a renamed copy of a paper gives
    the same files but for these two names."""
    folders = sorted(p for p in src.iterdir() if (p / "document.json").exists())
    dst.mkdir()
    for i in range(n):
        f = folders[i % len(folders)]
        target = dst / f"c{i:05d}_{f.name}"
        shutil.copytree(f, target)
        doc = json.loads((target / "document.json").read_text(encoding="utf-8"))
        doc["doc_id"] = target.name
        (target / "document.json").write_text(json.dumps(doc, ensure_ascii=False),
                                              encoding="utf-8")
    return dst


def timed_run(args: list[str]) -> tuple[float, float, float, subprocess.CompletedProcess]:
    cpu0, _ = children_usage()
    t0 = time.perf_counter()
    r = litmine(*args)
    wall = time.perf_counter() - t0
    cpu1, peak = children_usage()
    return wall, cpu1 - cpu0, peak, r


def worker_usage(client) -> dict[str, tuple[float, float]]:
    def usage() -> tuple[float, float]:
        import resource as res

        r = res.getrusage(res.RUSAGE_SELF)
        return r.ru_utime + r.ru_stime, r.ru_maxrss / 1024

    return client.run(usage)


def in_process(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        buf = io.StringIO()
        t0 = time.perf_counter()
        with redirect_stdout(buf):
            fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--papers", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    ap.add_argument("--json-path-papers", type=int, default=200,
                    help="time the JSON-graph queries on the first N papers only (loading "
                         "thousands of graphs into networkx takes minutes and gigabytes); 0: skip")
    ap.add_argument("--db-papers", type=int, default=0,
                    help="build the database (and time the queries) on this many papers: the "
                         "extracted folders copied round-robin under new doc ids (default: the "
                         "extracted papers themselves)")
    ap.add_argument("--json", type=Path, help="write the numbers here as JSON")
    a = ap.parse_args()

    from distributed import Client, LocalCluster

    from pipeline import database, dbqueries, queries

    work = Path(tempfile.mkdtemp(prefix="litmine-bench-corpus-"))
    res: dict = {"papers": a.papers, "workers": a.workers}
    try:
        corpus = work / "corpus"
        res["distinct_papers"] = make_corpus(a.source, corpus, a.papers)
        res["corpus_mb"] = round(sum(p.stat().st_size for p in corpus.iterdir()) / 1e6, 1)

        wall, cpu, peak, r = timed_run(["extract", str(corpus), "-o", str(work / "local"),
                                        "--jobs", str(a.workers)])
        failures = r.stdout.count(",error,") + r.stdout.count(",crash,")
        res["local"] = {"seconds": round(wall, 1), "papers_per_min": round(a.papers / wall * 60, 1),
                        "cpu_s": round(cpu, 1), "cpu_s_per_paper": round(cpu / a.papers, 3),
                        "peak_mb_largest_process": round(peak), "exit": r.returncode}

        with LocalCluster(n_workers=a.workers, threads_per_worker=1, processes=True,
                          dashboard_address=":0") as cluster, Client(cluster) as client:
            before = worker_usage(client)
            t0 = time.perf_counter()
            r = litmine("extract", str(corpus), "-o", str(work / "dask"), "--scheduler",
                        cluster.scheduler_address)
            wall = time.perf_counter() - t0
            after = worker_usage(client)
        cpu_w = {w: after[w][0] - before[w][0] for w in after}
        res["dask"] = {"seconds": round(wall, 1), "papers_per_min": round(a.papers / wall * 60, 1),
                       "cpu_s_per_worker": sorted(round(v, 1) for v in cpu_w.values()),
                       "cpu_s_per_paper": round(sum(cpu_w.values()) / a.papers, 3),
                       "peak_mb_per_worker": sorted(round(after[w][1]) for w in after),
                       "exit": r.returncode}
        compared, differ = same_trees(work / "local", work / "dask")
        res["identical"] = {"files_compared": compared, "files_differing": len(differ),
                            "examples": differ[:5]}
        del failures

        db_root = work / "local"
        if a.db_papers and a.db_papers != a.papers:
            db_root = replicate(work / "local", work / "db-corpus", a.db_papers)
        res["db_papers"] = a.db_papers or a.papers
        db = work / "corpus.duckdb"
        t0 = time.perf_counter()
        counts = database.build(db_root, db)
        res["database"] = {"seconds": round(time.perf_counter() - t0, 1),
                           "mb": round(db.stat().st_size / 1e6, 1),
                           "rows": {k: counts[k] for k in ("documents", "sentences",
                                                          "measurements", "edges")}}

        con = database.connect(db)
        calls = {"trace 19": lambda m, s: m.trace(s, 19),
                 "query -m LLZO": lambda m, s: m.claims(s, material="LLZO"),
                 "query --uncited": lambda m, s: m.claims(s, uncited=True)}
        res["latency_db_s"] = {k: round(in_process(lambda f=f: queries.emit(f(dbqueries, con),
                                                                             "csv"), 3), 3)
                               for k, f in calls.items()}
        res["rows"] = {k: len(f(dbqueries, con).rows) for k, f in calls.items()}
        res["latency_db_cli_s"] = {}
        for name, args in QUERIES:
            t0 = time.perf_counter()
            litmine(*args, "--db", str(db), "--format", "csv")
            res["latency_db_cli_s"][name] = round(time.perf_counter() - t0, 2)
        n_json = min(a.json_path_papers, a.papers)
        if n_json:
            subset = work / "json-subset"
            subset.mkdir()
            for folder in sorted(p for p in (work / "local").iterdir() if p.is_dir())[:n_json]:
                (subset / folder.name).symlink_to(folder)
            res["json_path_papers"] = n_json
            t0 = time.perf_counter()
            kg = queries.load(subset)
            res["json_load_s"] = round(time.perf_counter() - t0, 1)
            res["latency_json_s"] = {
                k: round(in_process(lambda f=f: queries.emit(f(queries, kg), "csv"), 1), 2)
                for k, f in calls.items()}
            if n_json == res["db_papers"]:
                res["json_rows_equal"] = {k: len(f(queries, kg).rows) == res["rows"][k]
                                          for k, f in calls.items()}
            res["peak_mb_benchmark_process"] = round(
                resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    loc, dsk, dbr = res["local"], res["dask"], res["database"]
    lines = [
        "| measurement | value |", "|---|---|",
        f"| corpus | {a.papers} papers ({res['distinct_papers']} corpus-dev papers repeated), "
        f"{res['corpus_mb']} MB of Markdown |",
        f"| local pool, `litmine extract DIR --jobs {a.workers}` | {loc['seconds']} s, "
        f"{loc['papers_per_min']} papers/minute, CPU {loc['cpu_s_per_paper']} s/paper, "
        f"peak {loc['peak_mb_largest_process']} MB (largest process) |",
        f"| Dask LocalCluster, {a.workers} workers, `--scheduler` | {dsk['seconds']} s, "
        f"{dsk['papers_per_min']} papers/minute, CPU {dsk['cpu_s_per_paper']} s/paper "
        f"(per worker {dsk['cpu_s_per_worker']} s), peak per worker "
        f"{dsk['peak_mb_per_worker']} MB |",
        f"| Dask outputs vs local outputs | {res['identical']['files_compared']} files compared, "
        f"{res['identical']['files_differing']} differ |",
        f"| `litmine database`, {res['db_papers']} papers | {dbr['seconds']} s, {dbr['mb']} MB "
        f"({dbr['rows']['documents']} documents, {dbr['rows']['sentences']} sentences, "
        f"{dbr['rows']['measurements']} claims, {dbr['rows']['edges']} graph edges) |",
    ]
    for name, _ in QUERIES:
        json_part = (f"; JSON path on {res['json_path_papers']} papers: "
                     f"{res['latency_json_s'][name]} s after a {res['json_load_s']} s load"
                     if "latency_json_s" in res else "")
        lines.append(f"| `{name}` ({res['rows'][name]} rows) | database "
                     f"{res['latency_db_s'][name]} s in process, {res['latency_db_cli_s'][name]} s "
                     f"command line{json_part} |")
    table = "\n".join(lines)
    print(table)
    if a.json:
        a.json.write_text(json.dumps({**res, "table": table}, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
