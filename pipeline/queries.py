"""Queries over litmine outputs: ``trace``, ``query`` and ``check``.

Each query returns a :class:`Result` (a title and rows of plain values) that :func:`emit` prints as
a rich table, CSV or JSON. The answers are computed from the knowledge graph of the output folder
(``graph.json``) plus the attribution table; the graph is rebuilt from the stage tables if needed.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.errors import DataError, LitmineError
from pipeline.ingest.markdown import layout

if TYPE_CHECKING:  # networkx is imported by load(): the --db path does not need it
    import networkx as nx
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
    doc_ids: list[str] = field(default_factory=list)


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
    import networkx as nx

    from pipeline.graph import build_document_graph, compose, from_json

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
    return KG(graphs[0] if len(graphs) == 1 else compose(graphs), folders,
              [_doc_id(f) for f in folders])


def _doc_id(folder: Path) -> str:
    """The document id of an output folder (``document.json``), which may differ from its name."""
    try:
        return str(json.loads((folder / "document.json").read_text(encoding="utf-8"))["doc_id"])
    except (OSError, ValueError, KeyError):
        return folder.name


def _require_doc(kg: KG, doc: str | None) -> None:
    if doc is not None and doc not in kg.doc_ids:
        raise LitmineError(f"document {doc!r} is not in these outputs")


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


def reference_note(doc: str, ref: int, raw: str | None, n_docs: int) -> str:
    entry = raw or "(not in the reference list)"
    return f"{doc} [{ref}] {entry}" if n_docs > 1 else f"[{ref}] {entry}"


def trace_result(ref: int, rows: list[dict[str, Any]], notes: list[str], n_docs: int,
                 verdicts: bool = False) -> Result:
    """The trace table; ``verdicts`` adds the corpus verification's verdict of each claim."""
    rows.sort(key=lambda x: (x["what"], x["doc"]))
    where = f" in {n_docs} documents (each its own reference list)" if n_docs > 1 else ""
    columns = ["what", "doc", "claim", "material", "property", "value", "unit", "temperature_c",
               "refs", "sentence"]
    if verdicts:
        columns.insert(-1, "verdict")
    return Result(f"Reference {ref}{where}: claims and sentences that cite it", columns, rows,
                  notes)


def trace(kg: KG, ref: int, doc: str | None = None) -> Result:
    g = kg.graph
    _require_doc(kg, doc)
    refs = sorted(n for n, a in g.nodes(data=True) if a.get("kind") == "reference"
                  and str(a.get("n")) == str(ref) and (doc is None or a.get("doc_id") == doc))
    if not refs:
        raise LitmineError(f"reference {ref} not found" + (f" in {doc}" if doc else ""))
    rows, notes = [], []
    verdicts = corpus_verdicts(kg)  # a folder run's claim verification (issue 17)
    for rid in refs:
        r = g.nodes[rid]
        notes.append(reference_note(r.get("doc_id", ""), ref, r.get("raw"), len(refs)))
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
    return trace_result(ref, rows, notes, len(refs), bool(verdicts))


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
           by_year: bool = False, doc: str | None = None) -> Result:
    g = kg.graph
    _require_doc(kg, doc)
    rows = []
    for cid in _claims(g):
        a = g.nodes[cid]
        if doc is not None and a.get("doc_id") != doc:
            continue
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
    return claims_result(rows, compare, by_year)


def claims_result(rows: list[dict[str, Any]], compare: bool = False,
                  by_year: bool = False) -> Result:
    """The claims table; ``compare`` sorts by material and property, ``by_year`` gives one row per
    (claim, cited reference year)."""
    cols = ["doc", "claim", "material", "property", "value", "unit", "temperature_c", "refs",
            "years", "as_written"]
    title = "Claims"
    notes: list[str] = []
    if compare:
        rows.sort(key=lambda r: (r["material"], r["property"], r["temperature_c"],
                                 r["value"] if r["value"] != "" else float("inf")))
        title = "Values side by side (same material and property)"
    if by_year:
        n_claims = len(rows)
        rows = [{"year": y, **r} for r in rows for y in sorted(set(r["years"].split(";"))) if y]
        rows.sort(key=lambda r: (r["year"], r["material"]))
        cols = ["year", "doc", "claim", "material", "property", "value", "unit", "temperature_c",
                "refs"]
        title = "Reference year vs reported value"
        repeated = n_claims and len({(r["doc"], r["claim"]) for r in rows}) < len(rows)
        notes.append("One row per (claim, year of a reference it cites): a claim citing "
                     "references from several years appears once per year; claims that cite "
                     "no dated reference are left out." if repeated else
                     "One row per (claim, year of the reference it cites); claims that cite no "
                     "dated reference are left out.")
    return Result(title, cols, rows, notes)


def credit_only(kg: KG, doc: str | None = None) -> Result:
    """References cited only in figure credits ("Reprinted with permission from X et al.ⁿ"): the
    review reuses their figure but states nothing from them in its text."""
    g = kg.graph
    _require_doc(kg, doc)
    credit = layout().caption_credit
    rows = []
    for rid, a in g.nodes(data=True):
        if a.get("kind") != "reference" or (doc is not None and a.get("doc_id") != doc):
            continue
        sentences = _pred(g, rid, "cites")
        texts = [str(g.nodes[s].get("text", "")) for s in sentences]
        if texts and all(credit.match(t) for t in texts):
            rows.append({"doc": a.get("doc_id", ""), "n": a.get("n", ""),
                         "first_author": a.get("first_author", ""), "year": a.get("year", ""),
                         "title": a.get("title", ""), "credits": len(texts),
                         "sentence": texts[0]})
    return credit_result(rows)


def credit_result(rows: list[dict[str, Any]]) -> Result:
    rows.sort(key=lambda r: (r["doc"], int(r["n"]) if str(r["n"]).isdigit() else 0))
    notes = [] if rows else [
        "No reference is cited only in figure credits: every reference named in a credit line "
        "(\"Reprinted with permission from …\") is also cited in the text."]
    return Result("References cited only in figure credits",
                  ["doc", "n", "first_author", "year", "title", "credits", "sentence"], rows, notes)


def attribution_finding(doc: str, r: dict[str, Any]) -> dict[str, Any]:
    return {"finding": f"attribution_{r['verdict']}", "doc": doc,
            "detail": f"text names {r['name']}; ref {r['refs']} first author "
                      f"{r['ref_first_authors']}",
            "quote": r["context"]}


def value_findings(claim_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Conflicting values and one value with different sources, per (document, material,
    property, temperature)."""
    rows: list[dict[str, Any]] = []
    groups: dict[tuple, list[dict]] = {}
    for r in claim_rows:
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
    return rows


def check_result(rows: list[dict[str, Any]]) -> Result:
    return Result("Citation-integrity and consistency findings (for a human to review)",
                  ["finding", "doc", "detail", "quote"], rows)


def check(kg: KG, doc: str | None = None) -> Result:
    """Attribution mismatches, conflicting values, one value with different sources, missing refs."""
    g = kg.graph
    _require_doc(kg, doc)
    rows: list[dict[str, Any]] = []
    for folder, doc_id in zip(kg.folders, kg.doc_ids):
        path = folder / "attributions.csv"
        if path.exists() and (doc is None or doc_id == doc):
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
                    rows.append(attribution_finding(doc_id, r))
    for n, a in g.nodes(data=True):
        if a.get("kind") == "reference" and a.get("missing") and (doc is None
                                                                 or a.get("doc_id") == doc):
            for s in _pred(g, n, "cites"):
                rows.append({"finding": "citation_to_missing_reference", "doc": a.get("doc_id", ""),
                             "detail": f"cites [{a.get('n')}], not in the reference list",
                             "quote": g.nodes[s].get("text", "")})
    rows += value_findings([_claim_row(g, cid) for cid in _claims(g)
                            if doc is None or g.nodes[cid].get("doc_id") == doc])
    return check_result(rows)


WIDE_COLUMNS = ("sentence", "quote", "detail", "title", "as_written")


MATH = re.compile(r"\$[^$]*\$|\\\(.*?\\\)|<su[bp]>.*?</su[bp]>")
LATEX = re.compile(r"\\[a-zA-Z]+|[\^_]\{")


def display(value: Any) -> str:
    """A cell for the terminal: LaTeX and HTML sub/superscripts of the source read as plain text
    (``$\\text{Li}_{10}$`` -> ``Li10``, ``10^{-3}`` -> ``10^-3``); the rest (Unicode ``¹⁹``,
    ``cm⁻¹``) as written. CSV and JSON keep the text exactly as in the source."""
    text = str(value)
    if not (MATH.search(text) or LATEX.search(text)):
        return text
    from pipeline.ingest.normalize import normalize

    def plain(s: str) -> str:
        return normalize(s, [(0, len(s))]).text

    text = MATH.sub(lambda m: plain(m.group()), text)
    return plain(text) if LATEX.search(text) else text


def emit(result: Result, fmt: str = "table", file: Any = None) -> None:
    out = file or sys.stdout
    if fmt == "json":
        json.dump({"title": result.title, "notes": result.notes, "rows": result.rows},
                  out, ensure_ascii=False, indent=1)
        out.write("\n")
        return
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=result.columns, extrasaction="ignore",
                           lineterminator="\n")
        w.writeheader()
        w.writerows(result.rows)
        out.write(buf.getvalue())
        return
    if fmt != "table":
        raise LitmineError(f"unknown format {fmt!r} (table, csv, json)")
    from rich.console import Console
    from rich.table import Table

    console = Console(file=file, highlight=False)  # the terminal's width (COLUMNS when piped)
    for note in result.notes:
        console.print(display(note), highlight=False, markup=False)
    if not result.rows:
        console.print(f"{result.title}: no rows.", markup=False)
        return
    cells = [{c: display(r.get(c, "")) for c in result.columns} for r in result.rows]
    if _table_width(result.columns, cells) <= console.width:
        _print_table(console, result, cells)
    else:
        _print_records(console, result, cells)


def _table_width(columns: list[str], cells: list[dict[str, str]]) -> int:
    """The width a readable table needs: short columns at their widest cell (at most 24), long
    text columns at least 40, three characters of border and padding per column."""
    width = 1
    for c in columns:
        if c in WIDE_COLUMNS:
            width += 40 + 3
        else:
            width += min(24, max(len(c), *(len(r[c]) for r in cells))) + 3
    return width


def _print_table(console: Any, result: Result, cells: list[dict[str, str]]) -> None:
    from rich.table import Table

    table = Table(title=f"{result.title} ({len(result.rows)})")
    for c in result.columns:
        wide = c in WIDE_COLUMNS
        table.add_column(c, overflow="fold", ratio=1 if wide else None,
                         min_width=40 if wide else None)
    for r in cells:
        table.add_row(*(r[c] for c in result.columns))
    console.print(table)


def _print_records(console: Any, result: Result, cells: list[dict[str, str]]) -> None:
    """One block per row when a table would not fit the terminal: the first two columns as a
    heading, the short fields on one line, each long text on its own lines."""
    import textwrap

    from rich.rule import Rule

    def say(text: str) -> None:
        console.print(textwrap.fill(text, width=max(20, console.width), initial_indent="  ",
                                    subsequent_indent="  "), markup=False, highlight=False,
                      soft_wrap=True)

    console.print(f"{result.title} ({len(result.rows)})", markup=False, style="bold")
    head, rest = result.columns[:2], result.columns[2:]
    for i, r in enumerate(cells, 1):
        console.print(Rule(f"{i}. " + " · ".join(r[c] for c in head if r[c]), align="left",
                           style="dim"))
        short = [f"{c}: {r[c]}" for c in rest if c not in WIDE_COLUMNS and r[c]]
        if short:
            say(" · ".join(short))
        for c in rest:
            if c in WIDE_COLUMNS and r[c]:
                say(f"{c}: {r[c]}")
