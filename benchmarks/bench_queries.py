"""Benchmark: the README's example SQL queries and the ``--db`` queries on a corpus database of N
papers.

Usage: python benchmarks/bench_queries.py --from OUT [--papers 1000]

``OUT`` is a folder run's output (``litmine extract DIR -o OUT``); its document folders are copied
round-robin under new doc ids until there are ``--papers`` of them (the extraction of a renamed
copy gives the same files but for the doc id), the database is built, and each query is timed
(median of 5, in process, after one warm-up run). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

# the three example queries of the README (copy them from here when they change)
README_SQL = {
    "fastest room-temperature conductors": """
SELECT doc_id, material_canonical AS material, value, unit, char_start, char_end
FROM measurements
WHERE property = 'ionic_conductivity' AND temperature_c = 'RT'
ORDER BY value DESC LIMIT 5""",
    "most-cited references, per paper": """
SELECT c.doc_id, c.ref, r.first_author, r.year, count(*) AS markers
FROM citation_refs c JOIN refs r ON r.doc_id = c.doc_id AND r.n = c.ref
GROUP BY ALL ORDER BY markers DESC, c.doc_id, c.ref LIMIT 5""",
    "conductivity claims per material class": """
SELECT t.material_class, count(DISTINCT m.doc_id) AS papers, count(*) AS claims,
       median(m.value) AS median_s_cm
FROM measurements m
JOIN materials t ON t.doc_id = m.doc_id AND t.canonical = m.material_canonical
WHERE m.property = 'ionic_conductivity' AND m.unit = 'S/cm' AND t.material_class <> ''
GROUP BY 1 ORDER BY claims DESC LIMIT 5""",
}


def timed(fn, repeat: int = 5) -> float:
    with redirect_stdout(io.StringIO()):
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        with redirect_stdout(io.StringIO()):
            fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--from", dest="src", type=Path, required=True)
    ap.add_argument("--papers", type=int, default=1000)
    a = ap.parse_args()

    from bench_corpus import replicate

    from pipeline import database, dbqueries, queries

    work = Path(tempfile.mkdtemp(prefix="litmine-bench-queries-"))
    try:
        root = replicate(a.src, work / "out", a.papers)
        db = work / "corpus.duckdb"
        t0 = time.perf_counter()
        counts = database.build(root, db)
        build_s = time.perf_counter() - t0
        con = database.connect(db)
        rows = [f"| database of {a.papers} papers | built in {build_s:.1f} s, "
                f"{db.stat().st_size / 1e6:.1f} MB, {counts['measurements']} claims, "
                f"{counts['sentences']} sentences |"]
        for name, sql in README_SQL.items():
            n = len(con.execute(sql).fetchall())
            rows.append(f"| SQL: {name} ({n} rows) | "
                        f"{timed(lambda q=sql: con.execute(q).fetchall()) * 1000:.0f} ms |")
        calls = {"trace 19": lambda: dbqueries.trace(con, 19),
                 "query -m LLZO": lambda: dbqueries.claims(con, material="LLZO"),
                 "query --uncited": lambda: dbqueries.claims(con, uncited=True),
                 "check": lambda: dbqueries.check(con)}
        for name, fn in calls.items():
            n = len(fn().rows)
            rows.append(f"| `litmine {name} --db` ({n} rows, CSV) | "
                        f"{timed(lambda f=fn: queries.emit(f(), 'csv')) * 1000:.0f} ms |")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("| measurement | time (median of 5) |\n|---|---|\n" + "\n".join(rows))


if __name__ == "__main__":
    main()
