"""Queries over litmine outputs: ``trace``, ``query`` and ``check``.

Each query returns a :class:`Result` (a title and rows of plain values) that :func:`emit` prints as
a rich table, CSV or JSON. The answers are computed from the knowledge graph of the output folder
(``graph.json``) plus the attribution table; the graph is rebuilt from the stage tables if needed.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from pipeline.errors import DataError, LitmineError
from pipeline.graph import build_document_graph, compose, from_json
from pipeline.ingest.markdown import layout
from pipeline.schema import damaged

CLASS_ALIASES = {"garnets": "garnet", "perovskites": "perovskite", "sulfides": "sulfide",
                 "polymers": "polymer", "halides": "halide", "argyrodites": "argyrodite"}


@dataclass
class Result:
    title: str
    columns: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class KG:
    graph: nx.MultiDiGraph
    folders: list[Path]


def _folders(indir: Path) -> list[Path]:
    if (indir / "document.json").exists():
        return [indir]
    if indir.is_dir():
        subs = sorted(p for p in indir.iterdir() if (p / "document.json").exists())
        if subs:
            return subs
    raise DataError(f"{indir}: no litmine outputs here (run `litmine extract` first)")


def _warn_changed(folder: Path) -> None:
    """A warning for each output file that differs from what litmine wrote (truncated, edited)."""
    from pipeline.outdir import changed_files

    for name in changed_files(folder):
        print(f"litmine: warning: {folder / name} is missing or changed since litmine wrote "
              f"it (damaged? re-run litmine extract)", file=sys.stderr)


def load(indir: Path) -> KG:
    folders = _folders(Path(indir))
    graphs = []
    for f in folders:
        _warn_changed(f)
        gj = f / "graph.json"
        if not gj.exists():
            graphs.append(build_document_graph(f))
            continue
        try:
            graphs.append(from_json(gj.read_text(encoding="utf-8")))
        except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError,
                nx.NetworkXError) as exc:
            raise damaged(gj, exc) from None
    return KG(graphs[0] if len(graphs) == 1 else compose(graphs), folders)


def _succ(g: nx.MultiDiGraph, n: str, kind: str) -> list[str]:
    return sorted({v for _, v, k in g.out_edges(n, data="kind") if k == kind})


def _pred(g: nx.MultiDiGraph, n: str, kind: str) -> list[str]:
    return sorted({u for u, _, k in g.in_edges(n, data="kind") if k == kind})


def _claim_row(g: nx.MultiDiGraph, cid: str) -> dict[str, Any]:
    a = g.nodes[cid]
    refs = [g.nodes[r] for r in _succ(g, cid, "supported_by")]
    sent = _pred(g, cid, "reports")
    return {
        "doc": a.get("doc_id", ""), "claim": a.get("claim_id", ""),
        "material": a.get("material_canonical", ""), "property": a.get("property", ""),
        "value": a.get("value", ""), "value_high": a.get("value_high", ""),
        "relation": a.get("relation", ""), "unit": a.get("unit", ""),
        "temperature_c": a.get("temperature_c", ""), "cell": a.get("cell", ""),
        "refs": ";".join(str(r.get("n", "")) for r in refs),
        "years": ";".join(str(r.get("year", "")) for r in refs),
        "as_written": a.get("value_as_written", ""),
        "char_start": a.get("char_start", ""), "char_end": a.get("char_end", ""),
        "sentence": g.nodes[sent[0]].get("text", "") if sent else "",
    }


def _claims(g: nx.MultiDiGraph) -> list[str]:
    return sorted((n for n, k in g.nodes(data="kind") if k == "claim"),
                  key=lambda n: (g.nodes[n].get("doc_id", ""), int(g.nodes[n].get("char_start", 0))))


def trace(kg: KG, ref: int) -> Result:
    g = kg.graph
    refs = sorted(n for n, a in g.nodes(data=True) if a.get("kind") == "reference"
                  and str(a.get("n")) == str(ref))
    if not refs:
        raise LitmineError(f"reference {ref} not found")
    rows, notes = [], []
    verdicts = corpus_verdicts(kg)  # a folder run's claim verification (issue 17)
    for rid in refs:
        r = g.nodes[rid]
        notes.append(f"[{r.get('n')}] {r.get('raw') or '(not in the reference list)'}")
        claims = _pred(g, rid, "supported_by")
        for c in claims:
            row = {"what": "claim", **_claim_row(g, c)}
            if verdicts:
                row["verdict"] = "; ".join(verdicts.get((row["doc"], row["claim"]), []))
            rows.append(row)
        claim_sentences = {s for c in claims for s in _pred(g, c, "reports")}
        for s in _pred(g, rid, "cites"):
            if s not in claim_sentences:
                a = g.nodes[s]
                rows.append({"what": "sentence", "doc": a.get("doc_id", ""), "claim": "",
                             "material": "", "property": "", "value": "", "unit": "",
                             "temperature_c": "", "refs": str(ref), "years": r.get("year", ""),
                             "as_written": "", "sentence": a.get("text", "")})
    rows.sort(key=lambda x: (x["what"], x["doc"]))
    columns = ["what", "doc", "claim", "material", "property", "value", "unit", "temperature_c",
               "refs", "sentence"]
    if verdicts:
        columns.insert(-1, "verdict")
    return Result(f"Reference {ref}: claims and sentences that cite it", columns, rows, notes)


def corpus_verdicts(kg: KG) -> dict[tuple[str, str], list[str]]:
    """(doc, claim id) -> "verdict (cited_doc ref n)" from the ``corpus/verification.csv`` of the
    folder run the loaded outputs belong to (empty when there is none)."""
    path = kg.folders[0].parent / "corpus" / "verification.csv" if kg.folders else None
    out: dict[tuple[str, str], list[str]] = {}
    if path is None or not path.is_file():
        return out
    with path.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            out.setdefault((r.get("citing_doc", ""), r.get("claim_id", "")), []).append(
                f"{r.get('verdict', '')} ({r.get('cited_doc', '')} ref {r.get('ref', '')})")
    return out


def _material_matches(g: nx.MultiDiGraph, cid: str, query: str) -> bool:
    q = CLASS_ALIASES.get(query.lower(), query.lower())
    a = g.nodes[cid]
    names = {str(a.get("material_canonical", "")).lower(), str(a.get("material", "")).lower()}
    for m in _succ(g, cid, "about_material"):
        ma = g.nodes[m]
        names |= {str(ma.get("canonical", "")).lower(), str(ma.get("formula", "")).lower(),
                  str(ma.get("material_class", "")).lower()}
    return any(q == n or (len(q) >= 3 and q in n) for n in names if n)


def claims(kg: KG, material: str | None = None, prop: str | None = None,
           min_value: float | None = None, max_value: float | None = None, rt: bool = False,
           year_from: int | None = None, uncited: bool = False, compare: bool = False,
           by_year: bool = False) -> Result:
    g = kg.graph
    rows = []
    for cid in _claims(g):
        a = g.nodes[cid]
        if material and not _material_matches(g, cid, material):
            continue
        if prop and a.get("property") != prop:
            continue
        v = a.get("value")
        v = float(v) if v not in ("", None) else None
        if min_value is not None and (v is None or v < min_value):
            continue
        if max_value is not None and (v is None or v > max_value):
            continue
        t = str(a.get("temperature_c", ""))
        if rt and not (t == "RT" or t in ("25", "25.0", "20", "22")):
            continue
        row = _claim_row(g, cid)
        if uncited and row["refs"]:
            continue
        if year_from is not None and not any(y.isdigit() and int(y) >= year_from
                                             for y in row["years"].split(";")):
            continue
        rows.append(row)
    cols = ["doc", "claim", "material", "property", "value", "unit", "temperature_c", "refs",
            "years", "as_written"]
    title = "Claims"
    if compare:
        rows.sort(key=lambda r: (r["material"], r["property"], r["temperature_c"], r["value"]))
        title = "Values side by side (same material and property)"
    if by_year:
        rows = [{"year": y, **r} for r in rows for y in r["years"].split(";") if y]
        rows.sort(key=lambda r: (r["year"], r["material"]))
        cols = ["year", "material", "property", "value", "unit", "temperature_c", "refs"]
        title = "Reference year vs reported value"
    return Result(title, cols, rows)


def credit_only(kg: KG) -> Result:
    """References cited only in figure credits ("Reprinted with permission from X et al.ⁿ"): the
    review reuses their figure but states nothing from them in its text."""
    g = kg.graph
    credit = layout().caption_credit
    rows = []
    for rid, a in g.nodes(data=True):
        if a.get("kind") != "reference":
            continue
        sentences = _pred(g, rid, "cites")
        texts = [str(g.nodes[s].get("text", "")) for s in sentences]
        if texts and all(credit.match(t) for t in texts):
            rows.append({"doc": a.get("doc_id", ""), "n": a.get("n", ""),
                         "first_author": a.get("first_author", ""), "year": a.get("year", ""),
                         "title": a.get("title", ""), "credits": len(texts),
                         "sentence": texts[0]})
    rows.sort(key=lambda r: (r["doc"], int(r["n"]) if str(r["n"]).isdigit() else 0))
    return Result("References cited only in figure credits",
                  ["doc", "n", "first_author", "year", "title", "credits", "sentence"], rows)


def check(kg: KG) -> Result:
    """Attribution mismatches, conflicting values, one value with different sources, missing refs."""
    g = kg.graph
    rows: list[dict[str, Any]] = []
    for folder in kg.folders:
        path = folder / "attributions.csv"
        if path.exists():
            try:
                with path.open(encoding="utf-8", newline="") as fh:
                    text = fh.read()
                table = list(csv.DictReader(io.StringIO(text, newline="")))
            except (UnicodeDecodeError, csv.Error) as exc:
                raise damaged(path, exc) from None
            if text and not text.endswith("\n"):  # litmine ends every table with a line end
                raise damaged(path, "cut off in the middle of a line")
            if any(None in r or None in r.values() or "verdict" not in r for r in table):
                raise damaged(path, "a row with missing or extra cells")
            for r in table:
                if r["verdict"] != "match":
                    rows.append({"finding": f"attribution_{r['verdict']}", "doc": folder.name,
                                 "detail": f"text names {r['name']}; ref {r['refs']} first author "
                                           f"{r['ref_first_authors']}",
                                 "quote": r["context"]})
    for n, a in g.nodes(data=True):
        if a.get("kind") == "reference" and a.get("missing"):
            for s in _pred(g, n, "cites"):
                rows.append({"finding": "citation_to_missing_reference", "doc": a.get("doc_id", ""),
                             "detail": f"cites [{a.get('n')}], not in the reference list",
                             "quote": g.nodes[s].get("text", "")})
    groups: dict[tuple, list[dict]] = {}
    for cid in _claims(g):
        r = _claim_row(g, cid)
        if r["material"]:
            groups.setdefault((r["doc"], r["material"].lower(), r["property"], r["temperature_c"]),
                              []).append(r)
    for (doc, mat, prop, temp), rs in sorted(groups.items()):
        vals = {round(float(r["value"]), 12) for r in rs if r["value"] != "" and r["relation"] == "eq"}
        if len(vals) > 1 and max(vals) > 2 * min(vals) > 0:
            rows.append({"finding": "conflicting_values", "doc": doc,
                         "detail": f"{mat} {prop} at {temp or '?'}: " +
                                   ", ".join(f"{r['value']} [{r['refs']}]" for r in rs),
                         "quote": " | ".join(r["sentence"] for r in rs)})
        by_value: dict[float, set[str]] = {}
        for r in rs:
            if r["value"] != "" and r["refs"]:
                by_value.setdefault(round(float(r["value"]), 12), set()).add(r["refs"])
        for v, refsets in by_value.items():
            if len(refsets) > 1:
                rows.append({"finding": "same_value_different_references", "doc": doc,
                             "detail": f"{mat} {prop} = {v}: refs " + " vs ".join(sorted(refsets)),
                             "quote": " | ".join(r["sentence"] for r in rs
                                                 if r["value"] != "" and round(float(r["value"]), 12) == v)})
    return Result("Citation-integrity and consistency findings (for a human to review)",
                  ["finding", "doc", "detail", "quote"], rows)


def emit(result: Result, fmt: str = "table") -> None:
    if fmt == "json":
        json.dump({"title": result.title, "notes": result.notes, "rows": result.rows},
                  sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=result.columns, extrasaction="ignore",
                           lineterminator="\n")
        w.writeheader()
        w.writerows(result.rows)
        sys.stdout.write(buf.getvalue())
        return
    if fmt != "table":
        raise LitmineError(f"unknown format {fmt!r} (table, csv, json)")
    from rich.console import Console
    from rich.table import Table

    console = Console(width=200)
    for note in result.notes:
        console.print(note, highlight=False)
    table = Table(title=f"{result.title} ({len(result.rows)})", show_lines=False)
    for c in result.columns:
        table.add_column(c, overflow="fold", max_width=70 if c in ("sentence", "quote") else 30)
    for r in result.rows:
        table.add_row(*(str(r.get(c, "")) for c in result.columns))
    console.print(table)
