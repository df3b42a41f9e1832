"""DVC stage ``citations``: in-text citation markers -> ``citations.csv``, checked against the
reference list, plus the attribution check (``attributions.csv``) and ``citation_check.json``.

Markers come from :func:`pipeline.markers.find_markers` over the source text, checked against the
reference list: no list, no markers; ``[n]`` and ``( n )`` must cite listed numbers; flattened
superscripts (:func:`pipeline.markers.find_flat_markers`) are added when the paper's other markers
cite less than half of a numbered list. Only markers inside content sentences count (not the
author line, affiliations or the reference list).
"""

from __future__ import annotations

import argparse
import bisect
import json
import re
import sys
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence


from pipeline.io import atomic_write_text, read_text_exact
from pipeline.reflist import entry_number
from pipeline.markers import (AuthorYear, MarkerSpan, find_author_year, find_flat_markers,
                              find_markers, flat_explicit_share)
from pipeline.schema import (CONTENT_KINDS, CitationMarker, Document, Reference, Sentence,
                             read_document, read_records, write_records)
from pipeline.stage import run_stage
from pipeline.resources import load_yaml

LOCATION = {"caption": "caption", "table_row": "table", "table_note": "table"}


#: Sentence kinds searched for flattened superscripts (table cells hold values, not citations).
FLAT_KINDS = tuple(k for k in CONTENT_KINDS if k not in ("table_row", "table_note"))
#: Marker styles that need the reference list to count ("( 2 )" may be an equation, "[110]" a
#: crystal direction).
LIST_CHECKED = ("paren", "flat", "bracket")


def document_markers(doc: Document, text: str,
                     found: Sequence[MarkerSpan] | None = None,
                     refs: Sequence[Reference] | None = None) -> list[CitationMarker]:
    """Citation markers inside the document's content sentences, in order; ``found`` is
    ``find_markers(text)`` when the caller has it already.

    With ``refs`` (the parsed reference list) the markers are checked against it: no list, no
    markers; ``[n]`` and ``( n )`` markers count only when their numbers are in the list; when the
    other markers cite less than half of the list, flattened superscripts
    (:func:`pipeline.markers.find_flat_markers`) are added for a numbered list and author-year
    citations (:func:`author_year_markers`) for an unnumbered one.
    """
    spans = []
    for s in doc.sentences:
        if s.kind in CONTENT_KINDS:
            spans.extend((a, b, s) for a, b in s.spans)
    spans.sort(key=lambda t: t[0])
    found = list(find_markers(text) if found is None else found)
    if refs is not None:
        if not refs:
            return []
        top = max(r.n for r in refs)
        listed = {r.n for r in refs}
        found = [m for m in found if m.style not in LIST_CHECKED or set(m.refs) <= listed]
        flat_spans = [(a, b) for a, b, s in spans if s.kind in FLAT_KINDS]
        inside = _in_spans(found, spans)
        if _needs_flat(inside, listed):
            more = (find_flat_markers(text, flat_spans, top, inside) if _numbered(refs, text)
                    else author_year_markers(text, flat_spans, refs, inside))
            found = sorted(found + more, key=lambda m: m.start)
    previous = _previous_sentences(doc)
    out: list[CitationMarker] = []
    j = 0
    for m in found:
        while j < len(spans) and spans[j][1] <= m.start:
            j += 1
        if j < len(spans) and spans[j][0] <= m.start and m.end <= spans[j][1]:
            sent = spans[j][2]
            if m.style in LIST_CHECKED and not text[spans[j][0]:m.start].strip():
                # a flattened superscript after a full stop opens the next sentence's span
                # ("batteries. 1,2 They ..."): it belongs to the sentence it closes
                sent = previous.get(sent.id, sent)
            out.append(CitationMarker(f"c{len(out) + 1}", sent.id, m.start, m.end, m.raw,
                                      list(m.refs), m.style, LOCATION.get(sent.kind, "body")))
    return out


def _previous_sentences(doc: Document) -> dict[str, Sentence]:
    """The sentence before each sentence of the same block."""
    out: dict[str, Sentence] = {}
    for before, s in zip(doc.sentences, doc.sentences[1:]):
        if before.block_id == s.block_id and before.kind in CONTENT_KINDS:
            out[s.id] = before
    return out


def author_year_markers(text: str, spans: list[tuple[int, int]], refs: Sequence[Reference],
                        taken: Sequence[MarkerSpan] = ()) -> list[MarkerSpan]:
    """Author-year citations (``(Takada, 2013; Wang et al., 2021)``, ``Roy et al. (2021)``)
    resolved to the entries of an unnumbered list by first author and year; the letter of
    ``2017a``/``2017b`` picks among same-author same-year entries in list order. A marker none
    of whose works resolves is dropped (a year in parentheses is not a citation)."""
    index: dict[tuple[str, str], list[Reference]] = {}
    for r in refs:
        if r.first_author and r.year:
            index.setdefault((fold(r.first_author), r.year), []).append(r)
    out: list[MarkerSpan] = []
    for span in find_author_year(text, spans):
        if any(t.start < span.end and span.start < t.end for t in taken):
            continue
        numbers = [n for w in span.works if (n := _resolve(w, index)) is not None]
        if numbers:
            out.append(MarkerSpan(span.start, span.end, span.raw, tuple(sorted(set(numbers))),
                                  "author_year"))
    return out


def _resolve(work: AuthorYear, index: dict[tuple[str, str], list[Reference]]) -> int | None:
    cands = index.get((fold(work.surname), work.year), [])
    if work.second:
        narrowed = [r for r in cands if len(r.authors) == 2 and fold(r.authors[1]) == fold(work.second)]
    elif work.et_al:
        narrowed = [r for r in cands if len(r.authors) >= 3]
    else:
        narrowed = [r for r in cands if len(r.authors) == 1]
    cands = narrowed or cands
    if work.letter:
        i = ord(work.letter) - ord("a")
        return cands[i].n if i < len(cands) else None
    return cands[0].n if len(cands) == 1 else None


def _needs_flat(markers: list[MarkerSpan], listed: set[int]) -> bool:
    """Whether to look for flattened superscripts: a paper cites in one style, so not when its
    superscript, bracket or parenthesis markers already cite most of the list."""
    cited = {r for m in markers if m.style != "ref_word" for r in m.refs} & listed
    return len(cited) < flat_explicit_share() * len(listed)


def _numbered(refs: Sequence[Reference], text: str) -> bool:
    """Whether most entries of the list carry a printed number (an author-year list has none,
    so bare numbers in its text are footnotes or values, never citations)."""
    printed = sum(entry_number(text[r.char_start:r.char_end]) is not None for r in refs)
    return printed * 2 >= len(refs)


def _in_spans(markers: Sequence[MarkerSpan], spans: list) -> list[MarkerSpan]:
    """The markers inside one of ``spans`` (``(start, end, sentence)``, sorted by start): a span
    that starts at or before a marker and reaches its end exists when the farthest end among the
    spans starting at or before it does (bisect over the starts, a running maximum of the ends)."""
    starts = [a for a, _, _ in spans]
    reach: list[int] = []
    for _, b, _ in spans:
        reach.append(max(b, reach[-1]) if reach else b)
    out = []
    for m in markers:
        k = bisect.bisect_right(starts, m.start)
        if k and reach[k - 1] >= m.end:
            out.append(m)
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
    markers = document_markers(doc, text, found, refs)
    if not refs:
        print(f"litmine: warning: {doc.doc_id}: no reference list, so no citation markers "
              "(numbers in the text cannot be checked against a list)", file=sys.stderr)
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
