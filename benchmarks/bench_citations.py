"""Benchmark: reference lists and citation markers on the development corpus.

For every corpus-dev paper with ``gold/<paper>/references.txt`` (the reference count, counted by
reading; in ``../shared/corpus-dev/gold/`` or this repository's ``corpus/gold/corpus-dev/`` and
``corpus/gold/citations/``), runs the ingest, references and citations stages and reports per paper: references found
vs the gold count, citation markers found, and the fraction of the gold list (numbers 1..count)
cited by at least one marker. When ``corpus/gold/citations/<paper>/`` holds hand-annotated
samples (``citations_sample.csv``, ``references_sample.csv``), also scores markers (P/R) and
reference fields against them.

Usage: python benchmarks/bench_citations.py [--dev ../shared/corpus-dev] [--paper NAME ...]

Prints one Markdown table (the README and ``corpus/gold/FIRST_SCORES_citations.md`` quote it).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import re
import sys
import unicodedata
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from pipeline import citations, references  # noqa: E402
from pipeline.ingest.__main__ import ingest  # noqa: E402
from pipeline.markers import find_markers  # noqa: E402
from pipeline.schema import CitationMarker, Reference, read_records  # noqa: E402

SAMPLES = ROOT / "corpus" / "gold" / "citations"
DEV_GOLD = ROOT / "corpus" / "gold" / "corpus-dev"
FIELDS = ("first_author", "year", "volume", "pages")


def gold_count(path: Path) -> int:
    """The reference count of a ``references.txt`` (a bare first line or ``reference_count: N``)."""
    text = path.read_text(encoding="utf-8")
    m = re.search(r"reference_count:\s*(\d+)", text) or re.match(r"\s*(\d+)\s*$", text.splitlines()[0])
    if not m:
        raise SystemExit(f"bench_citations: error: no reference count in {path}")
    return int(m.group(1))


def run_paper(src: Path, out: Path) -> tuple[list[Reference], list[CitationMarker], str]:
    """Ingest, references and citations for one paper; returns the records and the stderr text."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        ingest(src, out, src.stem)
        doc, text = out / "document.json", out / "text.txt"
        found = find_markers(text.read_text(encoding="utf-8"))
        references.run(doc, out / "references.csv", text, found)
        citations.run(doc, text, out / "references.csv", out, found)
    return (read_records(out / "references.csv", Reference),
            read_records(out / "citations.csv", CitationMarker), err.getvalue())


def score_markers(sample: Path, markers: list[CitationMarker]) -> tuple[int, int, int]:
    """(tp, fp, fn) of predicted markers against a hand-annotated sample.

    The sample lists, per annotated stretch of text (``window_start``..``window_end``), every
    marker as its offset and reference numbers; a prediction matches a gold marker when their
    spans overlap and the reference sets are equal. Only predictions inside the windows count.
    """
    rows = list(csv.DictReader(sample.open(encoding="utf-8")))
    windows = sorted({(int(r["window_start"]), int(r["window_end"])) for r in rows})
    gold = [(int(r["char_start"]), int(r["char_end"]), frozenset(map(int, r["refs"].split(";"))))
            for r in rows if r["refs"]]
    pred = [(m.char_start, m.char_end, frozenset(m.refs)) for m in markers
            if any(a <= m.char_start < b for a, b in windows)]
    used: set[int] = set()
    tp = 0
    for ps, pe, prefs in pred:
        for i, (gs, ge, grefs) in enumerate(gold):
            if i not in used and ps < ge and gs < pe and prefs == grefs:
                used.add(i)
                tp += 1
                break
    return tp, len(pred) - tp, len(gold) - tp


def score_references(sample: Path, refs: list[Reference],
                     misses: list[str] | None = None) -> tuple[int, int]:
    """(correct fields, fields) of the parsed entries against a hand-annotated sample: first
    author, year, volume and pages always; the container where the sample names one. Values are
    compared without case, spaces, full stops and commas; any dash counts as the same dash."""
    by_n = {r.n: r for r in refs}
    correct = total = 0
    for row in csv.DictReader(sample.open(encoding="utf-8")):
        ref = by_n.get(int(row["n"]))
        for f in FIELDS + (("container",) if row["container"] else ()):
            total += 1
            got = getattr(ref, f) if ref else ""
            ok = _norm(got) == _norm(row[f])
            correct += ok
            if not ok and misses is not None:
                misses.append(f"{sample.parent.name} ref {row['n']} {f}: {got!r} != {row[f]!r}")
    return correct, total


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFC", str(s)).lower()
    return re.sub(r"[–—‐-]+", "-", re.sub(r"[\s.,]+", "", s))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dev", type=Path, default=ROOT.parent / "shared" / "corpus-dev")
    ap.add_argument("--paper", nargs="*", help="only these papers")
    ap.add_argument("--verbose", action="store_true", help="also print the stages' warnings")
    a = ap.parse_args(argv)
    # the shared gold and this repository's development gold (never corpus/gold/heldout)
    golds = sorted({p.parent.name: p.parent for root in (a.dev / "gold", DEV_GOLD, SAMPLES)
                    for p in root.glob("*/references.txt")}.values(), key=lambda p: p.name)
    if a.paper:
        golds = [g for g in golds if g.name in a.paper]
    print("| paper | gold refs | found | markers | gold list cited | marker P | marker R | ref fields |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    totals = [0, 0, 0]
    ftotals = [0, 0]
    misses: list[str] = []
    within = 0
    cited80 = 0
    for gdir in golds:
        src = a.dev / "papers" / f"{gdir.name}.md"
        n_gold = gold_count(gdir / "references.txt")
        with tempfile.TemporaryDirectory() as tmp:
            refs, markers, err = run_paper(src, Path(tmp))
        if a.verbose and err.strip():
            print(err, file=sys.stderr)
        cited = {r for m in markers for r in m.refs if 1 <= r <= n_gold}
        frac = len(cited) / n_gold
        within += abs(len(refs) - n_gold) <= 1
        cited80 += frac >= 0.8
        p = r = fields = ""
        sample = SAMPLES / gdir.name / "citations_sample.csv"
        if sample.is_file():
            tp, fp, fn = score_markers(sample, markers)
            p = f"{tp / (tp + fp):.3f}" if tp + fp else "-"
            r = f"{tp / (tp + fn):.3f}" if tp + fn else "-"
            totals = [totals[0] + tp, totals[1] + fp, totals[2] + fn]
        rsample = SAMPLES / gdir.name / "references_sample.csv"
        if rsample.is_file():
            ok, tot = score_references(rsample, refs, misses)
            fields = f"{ok}/{tot} = {ok / tot:.3f}"
            ftotals = [ftotals[0] + ok, ftotals[1] + tot]
        print(f"| {gdir.name} | {n_gold} | {len(refs)} | {len(markers)} | {frac:.2f} | {p} | {r} | {fields} |")
    print(f"\n{within}/{len(golds)} papers with the reference count within one; "
          f"{cited80}/{len(golds)} with ≥ 80 % of the list cited.")
    tp, fp, fn = totals
    if tp + fp + fn:
        print(f"Markers on the annotated samples: P = {tp / max(tp + fp, 1):.3f}, "
              f"R = {tp / max(tp + fn, 1):.3f} ({tp} TP, {fp} FP, {fn} FN).")
    if ftotals[1]:
        print(f"Reference fields on the annotated samples: {ftotals[0]}/{ftotals[1]} = "
              f"{ftotals[0] / ftotals[1]:.3f}.")
    if a.verbose:
        print("\n".join(misses), file=sys.stderr)


if __name__ == "__main__":
    main()
