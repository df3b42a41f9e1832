"""DVC stage ``citations``: in-text citation markers -> ``citations.csv``, checked against the
reference list, plus the attribution check (``attributions.csv``) and ``citation_check.json``.

Markers come from :func:`pipeline.markers.find_markers` over the source text; only markers inside
content sentences count (not the author line, affiliations or the reference list).
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence


from pipeline.io import atomic_write_text, read_text_exact
from pipeline.markers import MarkerSpan, find_markers
from pipeline.schema import (CONTENT_KINDS, CitationMarker, Document, Reference, read_document,
                             read_records, write_records)
from pipeline.stage import run_stage
from pipeline.resources import load_yaml

LOCATION = {"caption": "caption", "table_row": "table", "table_note": "table"}


def document_markers(doc: Document, text: str,
                     found: Sequence[MarkerSpan] | None = None) -> list[CitationMarker]:
    """Citation markers inside the document's content sentences, in order; ``found`` is
    ``find_markers(text)`` when the caller has it already."""
    spans = []
    for s in doc.sentences:
        if s.kind in CONTENT_KINDS:
            spans.extend((a, b, s) for a, b in s.spans)
    spans.sort(key=lambda t: t[0])
    out: list[CitationMarker] = []
    j = 0
    for m in find_markers(text) if found is None else found:
        while j < len(spans) and spans[j][1] <= m.start:
            j += 1
        if j < len(spans) and spans[j][0] <= m.start and m.end <= spans[j][1]:
            sent = spans[j][2]
            out.append(CitationMarker(f"c{len(out) + 1}", sent.id, m.start, m.end, m.raw,
                                      list(m.refs), m.style, LOCATION.get(sent.kind, "body")))
    return out


def cite_counts(markers: list[CitationMarker]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for m in markers:
        for r in m.refs:
            counts[r] = counts.get(r, 0) + 1
    return counts


def validate(markers: list[CitationMarker], refs: list[Reference]) -> dict:
    """Cited numbers that do not exist, references never cited, counts per reference."""
    known = {r.n for r in refs}
    for m in markers:
        m.missing_refs = [r for r in m.refs if r not in known]
    counts = cite_counts(markers)
    return {
        "n_markers": len(markers),
        "n_references": len(refs),
        "missing": sorted({r for m in markers for r in m.missing_refs}),
        "markers_citing_missing": [m.marker_id for m in markers if m.missing_refs],
        "uncited": sorted(n for n in known if n not in counts),
        "times_cited": {str(k): v for k, v in sorted(counts.items())},
    }


# ------------------------------------------------------------------------------------------------
# attribution check


@dataclass
class Attribution:
    marker_id: str
    sentence_id: str
    char_start: int
    char_end: int
    name: str
    refs: list[int]
    verdict: str  # match | in_authors | mismatch | missing_reference
    ref_first_authors: list[str]
    context: str


@lru_cache(maxsize=1)
def _attribution_rules() -> tuple[list[re.Pattern[str]], frozenset[str]]:
    cfg = load_yaml("attribution.yaml")
    pats = [re.compile(p.replace("{surname}", cfg["surname"])) for p in cfg["patterns"]]
    return pats, frozenset(cfg["not_names"])


def fold(name: str) -> str:
    """Case- and accent-insensitive form of a surname."""
    s = unicodedata.normalize("NFKD", name)
    return "".join(c for c in s if not unicodedata.combining(c)).lower().replace("’", "'")


def names_before(text: str, start: int) -> list[str]:
    """Surnames written directly before the marker at ``start`` ("Murugan et al.¹⁸")."""
    window = text[max(0, start - 80):start]
    window = re.sub(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+$", "", window)
    pats, not_names = _attribution_rules()
    for p in pats:
        m = p.search(window)
        if m:
            names = [m.group(g) for g in ("name", "name2") if g in p.groupindex and m.group(g)]
            names = [n for n in names if n not in not_names]
            if names:
                return names
    return []


NAME_CUE = re.compile(r"et\s+al\.?|['’]s?\s+(?:research\s+)?(?:group|team|lab)\b|"
                      r"\band\s+(?:co-?workers|colleagues|collaborators)\b")


def named_references(text: str, by_first_author: dict[str, list[int]],
                     prefer: Collection[int] = ()) -> list[int]:
    """References a sentence names without a marker ("Yang et al. added ...", "Cui's group"):
    those whose first author is the named surname, when exactly one reference has that first
    author, or exactly one of them is in ``prefer`` (e.g. cited earlier in the same paragraph)."""
    found: set[int] = set()
    for m in NAME_CUE.finditer(text):
        for name in names_before(text, m.end()):
            ns = by_first_author.get(fold(name), [])
            if len(ns) > 1:
                ns = [n for n in ns if n in prefer]
            if len(ns) == 1:
                found.add(ns[0])
    return sorted(found)


def judge(names: list[str], refs: list[Reference]) -> str:
    if not refs:
        return "missing_reference"
    folded = [fold(n) for n in names]
    if any(fold(r.first_author) in folded for r in refs):
        return "match"
    if any(fold(a) in folded for r in refs for a in r.authors):
        return "in_authors"
    return "mismatch"


def check_attributions(markers: list[CitationMarker], refs: list[Reference],
                       text: str) -> list[Attribution]:
    by_n = {r.n: r for r in refs}
    out = []
    for m in markers:
        names = names_before(text, m.char_start)
        if not names:
            continue
        cited = [by_n[n] for n in m.refs if n in by_n]
        out.append(Attribution(
            m.marker_id, m.sentence_id, m.char_start, m.char_end, " and ".join(names), m.refs,
            judge(names, cited), [r.first_author for r in cited],
            text[max(0, m.char_start - 60):m.char_end].replace("\n", " "),
        ))
    return out


def run(doc_path: Path, text_path: Path, refs_path: Path, out_dir: Path,
        found: Sequence[MarkerSpan] | None = None) -> None:
    doc = read_document(doc_path)
    text = read_text_exact(text_path)
    refs = read_records(refs_path, Reference)
    markers = document_markers(doc, text, found)
    report = validate(markers, refs)
    attributions = check_attributions(markers, refs, text)
    report["attributions"] = {v: sum(1 for a in attributions if a.verdict == v)
                              for v in ("match", "in_authors", "mismatch", "missing_reference")}
    write_records(out_dir / "citations.csv", markers, CitationMarker)
    write_records(out_dir / "attributions.csv", attributions, Attribution)
    atomic_write_text(out_dir / "citation_check.json", json.dumps(report, indent=1) + "\n")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m pipeline.citations", description=__doc__)
    ap.add_argument("--doc", type=Path, required=True, help="document.json")
    ap.add_argument("--text", type=Path, required=True, help="text.txt")
    ap.add_argument("--refs", type=Path, required=True, help="references.csv")
    ap.add_argument("--out", type=Path, required=True, help="output folder")
    a = ap.parse_args(argv)
    run_stage(lambda: run(a.doc, a.text, a.refs, a.out))


if __name__ == "__main__":
    main()
