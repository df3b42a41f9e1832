"""Benchmark: litmine's PDF reader against pdfplumber's bare ``page.extract_text()``.

Both read every page of the Nature Communications test paper (8 pages, one of them a figure of
tens of thousands of vector curves). ``read_pdf`` does everything the ingest stage needs (text
layer, columns, super/subscripts, furniture, paragraphs, Markdown reader, sentences);
``extract_text`` only returns the page text.

Usage: python benchmarks/bench_pdf.py [--repeat N] [PDF]
Prints one table: seconds, pages/second and the slowest page of each.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PDF = ROOT / "tests" / "data" / "canepa2017_natcommun_mg-spinel.pdf"


def time_read_pdf(path: Path, repeat: int) -> tuple[float, float, int, tuple[int, float]]:
    """Best wall time and best CPU time of ``read_pdf`` over ``repeat`` runs, page count, slowest
    page to extract (CPU time does not count the waits of a machine shared with other jobs)."""
    from pipeline.ingest.pdf import extract_pages, read_pdf

    data = path.read_bytes()
    read_pdf(path, data)  # imports and configuration loaded once
    best = cpu = float("inf")
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        read_pdf(path, data)
        best = min(best, time.perf_counter() - t0)
        cpu = min(cpu, time.process_time() - c0)
    pages = len(extract_pages(path, data))
    slowest = (0, 0.0)
    for n in range(1, pages + 1):
        t0 = time.perf_counter()
        extract_pages(path, data, pages=[n])
        dt = time.perf_counter() - t0
        slowest = max(slowest, (n, dt), key=lambda p: p[1])
    return best, cpu, pages, slowest


def time_pdfplumber(path: Path) -> tuple[float, int, tuple[int, float]]:
    """Wall time of pdfplumber ``extract_text()`` over all pages, page count, slowest page."""
    import pdfplumber

    t0 = time.perf_counter()
    slowest = (0, 0.0)
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            t1 = time.perf_counter()
            page.extract_text()
            dt = time.perf_counter() - t1
            slowest = max(slowest, (page.page_number, dt), key=lambda p: p[1])
        n = len(pdf.pages)
    return time.perf_counter() - t0, n, slowest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdf", nargs="?", type=Path, default=PDF)
    ap.add_argument("--repeat", type=int, default=3, help="runs of read_pdf (best is reported)")
    a = ap.parse_args()
    ours, cpu, pages, our_slow = time_read_pdf(a.pdf, a.repeat)
    bare, _, bare_slow = time_pdfplumber(a.pdf)
    print(f"{a.pdf.name}: {pages} pages")
    print(f"{'reader':<34} {'seconds':>8} {'pages/s':>8}  slowest page")
    print(f"{'litmine read_pdf (full ingest)':<34} {ours:8.2f} {pages / ours:8.2f}  "
          f"p{our_slow[0]} {our_slow[1]:.2f} s (characters only)")
    print(f"{'litmine read_pdf, CPU time':<34} {cpu:8.2f} {pages / cpu:8.2f}")
    print(f"{'pdfplumber page.extract_text()':<34} {bare:8.2f} {pages / bare:8.2f}  "
          f"p{bare_slow[0]} {bare_slow[1]:.2f} s")
    print(f"speed-up: {bare / ours:.1f}x")


if __name__ == "__main__":
    main()
