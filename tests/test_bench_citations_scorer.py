"""The marker and reference-field scorer of benchmarks/bench_citations.py, on hand-computed cases."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from pipeline.schema import CitationMarker, Reference

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("bench_citations", ROOT / "benchmarks" / "bench_citations.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)


def marker(a: int, b: int, refs: list[int]) -> CitationMarker:
    return CitationMarker("c", "s", a, b, "x", refs, "flat", "body")


def test_score_markers(tmp_path: Path):
    sample = tmp_path / "citations_sample.csv"
    sample.write_text("window_start,window_end,char_start,char_end,raw,refs,context\n"
                      "0,100,10,13,\"1,2\",1;2,\n0,100,40,41,3,3,\n0,100,60,61,4,4,\n",
                      encoding="utf-8")
    pred = [marker(10, 13, [1, 2]),   # TP
            marker(40, 41, [5]),      # wrong numbers: FP, and gold 3 is missed
            marker(80, 82, [7]),      # nothing there: FP
            marker(150, 152, [9])]    # outside every window: not counted
    assert bench.score_markers(sample, pred) == (1, 2, 2)


def test_score_references(tmp_path: Path):
    sample = tmp_path / "references_sample.csv"
    sample.write_text("n,style,first_author,year,container,volume,pages\n"
                      "1,ACS,Kamaya,2011,Nat. Mater.,10,682–686\n2,ACS,Tilley,2008,,,\n",
                      encoding="utf-8")
    refs = [Reference(n=1, first_author="Kamaya", year="2011", container="Nat Mater", volume="10",
                      pages="682-686"),
            Reference(n=2, first_author="Tilly", year="2008")]
    # 5 fields for entry 1 (all right, punctuation and dash ignored), 4 for entry 2 (author wrong)
    assert bench.score_references(sample, refs) == (8, 9)
