"""DVC stage ``graph``: the knowledge graph of a document (or of several) from the stage tables.

Node kinds (attribute ``kind``): ``document``, ``section``, ``sentence``, ``claim``, ``material``,
``material_class``, ``property``, ``reference``, ``author``, ``venue``.

Edge kinds (attribute ``kind``):

==================== ================================ =========================================
kind                 from -> to                       meaning
==================== ================================ =========================================
contains             document -> section -> sentence  structure
reports              sentence -> claim                the sentence states the claim
about_material       claim -> material                the claim's material
of_property          claim -> property                the claim's property
supported_by         claim -> reference               the citations assigned to the claim
cites                sentence -> reference            a citation marker (``marker_id``)
authored_by          reference -> author              surname, with ``position`` (1 = first)
published_in         reference -> venue               journal / book / institution
instance_of_class    material -> material_class       the material's class
same_as              material -> material             same canonical name in another document
resolves_to          reference -> document            the entry is that corpus document
                                                      (``method``, ``score``; corpus graph)
verified_by          claim -> claim                   the cited document's claim supports it
contradicted_by      claim -> claim                   the cited document's claim gives another
                                                      value or temperature (``verdict``)
==================== ================================ =========================================

Node ids are built from document ids and record ids only (``claim:xia2019_chem:m12``), so they are
stable across runs. Exports: node-link JSON (``graph.json``) and GraphML (``graph.graphml``).
"""

from __future__ import annotations

import argparse
import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import networkx as nx

from pipeline.corpus import doc_ids_from
from pipeline.errors import DataError
from pipeline.io import atomic_write_text
from pipeline.schema import (CitationMarker, Measurement, Mention, Reference, read_document,
                             read_records)
from pipeline.stage import run_stage

NODE_KINDS = ("document", "section", "sentence", "claim", "material", "material_class", "property",
              "reference", "author", "venue")
EDGE_KINDS = ("contains", "reports", "about_material", "of_property", "supported_by", "cites",
              "authored_by", "published_in", "instance_of_class", "same_as", "resolves_to",
              "verified_by", "contradicted_by")


def _scalar(v: Any) -> Any:
    """GraphML holds str/int/float/bool only: lists become ``;``-joined text, None ''."""
    if v is None:
        return ""
    if isinstance(v, bool) or isinstance(v, (int, str)):
        return v
    if isinstance(v, float):
        return v
    if isinstance(v, dict):
        return json.dumps(v, sort_keys=True)
    if isinstance(v, (list, tuple)):
        return ";".join(str(x) for x in v)
    return str(v)


def _node(g: nx.MultiDiGraph, nid: str, kind: str, **attrs: Any) -> str:
    if nid not in g:
        g.add_node(nid, kind=kind, **{k: _scalar(v) for k, v in attrs.items()})
    return nid


def _edge(g: nx.MultiDiGraph, a: str, b: str, kind: str, **attrs: Any) -> None:
    g.add_edge(a, b, key=f"{kind}:{attrs.get('marker_id', '')}", kind=kind,
               **{k: _scalar(v) for k, v in attrs.items()})


def material_id(doc_id: str, canonical: str) -> str:
    return f"material:{doc_id}:{canonical}"


def build_document_graph(folder: Path) -> nx.MultiDiGraph:
    """The graph of one ``litmine extract`` output folder."""
    doc = read_document(folder / "document.json")
    refs = read_records(folder / "references.csv", Reference)
    markers = read_records(folder / "citations.csv", CitationMarker)
    mentions = read_records(folder / "mentions.csv", Mention)
    claims = read_records(folder / "measurements.csv", Measurement)
    d = doc.doc_id
    g = nx.MultiDiGraph(doc_id=d)
    droot = _node(g, f"document:{d}", "document", doc_id=d, title=doc.title, source=doc.source,
                  year=str(doc.metadata.get("year", "")), doi=doc.metadata.get("doi", ""))
    section_ids: dict[str, str] = {}
    for i, s in enumerate(doc.sections, 1):
        sid = _node(g, f"section:{d}:{i}", "section", doc_id=d, heading=s.heading, level=s.level)
        section_ids.setdefault(s.heading, sid)
        _edge(g, droot, sid, "contains")
    for s in doc.sentences:
        nid = _node(g, f"sentence:{d}:{s.id}", "sentence", doc_id=d, text=s.text,
                    char_start=s.char_start, char_end=s.char_end, section=s.section,
                    block_kind=s.kind)
        _edge(g, section_ids.get(s.section, droot), nid, "contains")
    for r in refs:
        rid = _node(g, f"reference:{d}:{r.n}", "reference", doc_id=d, n=r.n, year=r.year,
                    title=r.title, container=r.container, first_author=r.first_author,
                    authors=r.authors, doi=r.doi, raw=r.raw, times_cited=r.times_cited)
        for pos, surname in enumerate(r.authors, 1):
            aid = _node(g, f"author:{surname}", "author", name=surname)
            _edge(g, rid, aid, "authored_by", position=pos)
        if r.container:
            vid = _node(g, f"venue:{r.container}", "venue", name=r.container)
            _edge(g, rid, vid, "published_in")
    for m in markers:
        for n in m.refs:
            rid = f"reference:{d}:{n}"
            if rid not in g:
                _node(g, rid, "reference", doc_id=d, n=n, missing=True)
            _edge(g, f"sentence:{d}:{m.sentence_id}", rid, "cites", marker_id=m.marker_id,
                  location=m.location)
    for men in mentions:
        _material(g, d, men.canonical, men.formula, men.material_class)
    for c in claims:
        cid = _node(g, f"claim:{d}:{c.claim_id}", "claim", doc_id=d, claim_id=c.claim_id,
                    property=c.property, value=c.value if c.value is not None else "",
                    value_high=c.value_high if c.value_high is not None else "",
                    relation=c.relation, unit=c.unit, temperature_c=c.temperature_c,
                    conditions=c.conditions, cell=c.cell, material=c.material,
                    material_canonical=c.material_canonical, source=c.source,
                    value_as_written=c.value_as_written, char_start=c.char_start,
                    char_end=c.char_end, citations=c.citations)
        _edge(g, f"sentence:{d}:{c.sentence_id}", cid, "reports")
        _edge(g, cid, _node(g, f"property:{c.property}", "property", name=c.property), "of_property")
        if c.material_canonical:
            mid = _material(g, d, c.material_canonical, "", c.material_class)
            _edge(g, cid, mid, "about_material")
        for n in c.citations:
            rid = f"reference:{d}:{n}"
            if rid not in g:
                _node(g, rid, "reference", doc_id=d, n=n, missing=True)
            _edge(g, cid, rid, "supported_by")
    return g


def _material(g: nx.MultiDiGraph, d: str, canonical: str, formula: str, cls: str) -> str:
    mid = material_id(d, canonical)
    if mid not in g:
        _node(g, mid, "material", doc_id=d, canonical=canonical, formula=formula,
              material_class=cls or "")
        if cls:
            _edge(g, mid, _node(g, f"material_class:{cls}", "material_class", name=cls),
                  "instance_of_class")
    return mid


def compose(graphs: Iterable[nx.MultiDiGraph]) -> nx.MultiDiGraph:
    """One corpus graph; materials with the same canonical name are linked by ``same_as``."""
    g = nx.MultiDiGraph()
    for h in graphs:
        g.add_nodes_from(h.nodes(data=True))
        g.add_edges_from(h.edges(keys=True, data=True))
    by_name: dict[str, list[str]] = {}
    for n, a in g.nodes(data=True):
        if a.get("kind") == "material":
            by_name.setdefault(str(a.get("canonical", "")).lower(), []).append(n)
    for nodes in by_name.values():
        for a, b in zip(sorted(nodes), sorted(nodes)[1:]):
            g.add_edge(a, b, key="same_as:", kind="same_as")
    return g


def add_corpus_edges(g: nx.MultiDiGraph, links: Iterable[Any], verdicts: Iterable[Any]) -> None:
    """``resolves_to`` (reference -> document) for each link of :mod:`pipeline.links`, and
    ``verified_by`` / ``contradicted_by`` (claim -> cited claim) for each verdict of
    :mod:`pipeline.verify` (``supported`` / ``different_value``, ``different_conditions``)."""
    for lk in links:
        rid = f"reference:{lk.citing_doc}:{lk.ref}"
        did = f"document:{lk.cited_doc}"
        if rid in g and did in g:
            g.add_edge(rid, did, key="resolves_to:", kind="resolves_to", method=lk.method,
                       score=float(lk.score))
    kinds = {"supported": "verified_by", "different_value": "contradicted_by",
             "different_conditions": "contradicted_by"}
    for v in verdicts:
        kind = kinds.get(v.verdict)
        src = f"claim:{v.citing_doc}:{v.claim_id}"
        if kind is None or src not in g:
            continue
        for cid in v.cited_claims:
            dst = f"claim:{v.cited_doc}:{cid}"
            if dst in g:
                g.add_edge(src, dst, key=f"{kind}:{v.ref}", kind=kind, verdict=v.verdict,
                           ref=int(v.ref))


def corpus_edges_graph(doc_ids: Iterable[str], links: Iterable[Any],
                       verdicts: Iterable[Any]) -> nx.MultiDiGraph:
    """The corpus-level graph of a folder run: document, reference and claim nodes (ids as in
    the documents' graphs) joined by ``resolves_to``, ``verified_by`` and ``contradicted_by``."""
    g = nx.MultiDiGraph()
    for d in doc_ids:
        _node(g, f"document:{d}", "document", doc_id=d)
    links, verdicts = list(links), list(verdicts)
    for lk in links:
        _node(g, f"reference:{lk.citing_doc}:{lk.ref}", "reference", doc_id=lk.citing_doc, n=lk.ref)
    for v in verdicts:
        _node(g, f"claim:{v.citing_doc}:{v.claim_id}", "claim", doc_id=v.citing_doc,
              claim_id=v.claim_id)
        for cid in v.cited_claims:
            _node(g, f"claim:{v.cited_doc}:{cid}", "claim", doc_id=v.cited_doc, claim_id=cid)
    add_corpus_edges(g, links, verdicts)
    return g


def to_json(g: nx.MultiDiGraph) -> str:
    data = nx.node_link_data(g, edges="edges")
    data["nodes"].sort(key=lambda n: n["id"])
    data["edges"].sort(key=lambda e: (e["source"], e["target"], str(e.get("key", ""))))
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def from_json(text: str) -> nx.MultiDiGraph:
    return nx.node_link_graph(json.loads(text), directed=True, multigraph=True, edges="edges")


def _xml_attr(text: str) -> str:
    """An XML attribute value escaped as :mod:`xml.etree.ElementTree` escapes it."""
    text = _xml_text(text)
    if '"' in text:
        text = text.replace('"', "&quot;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    if "\n" in text:
        text = text.replace("\n", "&#10;")
    if "\t" in text:
        text = text.replace("\t", "&#09;")
    return text


def _xml_text(text: str) -> str:
    """XML character data escaped as :mod:`xml.etree.ElementTree` escapes it."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


@lru_cache(maxsize=1)
def _graphml_types() -> dict[type, str]:
    """networkx's Python type -> GraphML ``attr.type`` table."""
    return dict(nx.GraphMLWriter().xml_type)


def to_graphml(g: nx.MultiDiGraph) -> str:
    """GraphML text, the same characters as ``"\\n".join(nx.generate_graphml(g)) + "\\n"``.

    networkx builds an ElementTree of the whole graph and pretty-prints it; this writes the same
    keys (ids in order of first use, listed last-first), elements, indentation and escaping
    (ASCII output, other characters as character references) directly.
    """
    if any(k in g.graph for k in ("id", "node_default", "edge_default")) or not g.is_multigraph():
        return "\n".join(nx.generate_graphml(g, prettyprint=True)) + "\n"
    xml_type = _graphml_types()
    keys: dict[tuple[str, str, str], str] = {}
    key_lines: list[str] = []

    def data_lines(scope: str, data: dict, indent: str) -> list[str]:
        out = []
        for k, v in data.items():
            t = type(v)
            if t not in xml_type:
                raise nx.NetworkXError(f"GraphML writer does not support {t} as data values.")
            name = str(k)
            kk = (name, xml_type[t], scope)
            kid = keys.get(kk)
            if kid is None:
                kid = keys[kk] = f"d{len(keys)}"
                key_lines.append(f'  <key id="{kid}" for="{scope}" attr.name="{_xml_attr(name)}" '
                                 f'attr.type="{xml_type[t]}" />')
            text = str(v)
            out.append(f'{indent}<data key="{kid}">{_xml_text(text)}</data>' if text
                       else f'{indent}<data key="{kid}" />')
        return out

    def element(scope: str, open_tag: str, data: dict, indent: str, body: list[str]) -> None:
        inner = data_lines(scope, data, indent + "  ")
        if inner:
            body.append(f"{indent}<{open_tag}>")
            body.extend(inner)
            body.append(f"{indent}</{open_tag.split(' ', 1)[0]}>")
        else:
            body.append(f"{indent}<{open_tag} />")

    body: list[str] = []
    graph_open = f'graph edgedefault="{"directed" if g.is_directed() else "undirected"}"'
    graph_data = data_lines("graph", dict(g.graph), "    ")
    for n, data in g.nodes(data=True):
        element("node", f'node id="{_xml_attr(str(n))}"', data, "    ", body)
    for u, v, key, data in g.edges(data=True, keys=True):
        element("edge", f'edge source="{_xml_attr(str(u))}" target="{_xml_attr(str(v))}" '
                f'id="{_xml_attr(str(key))}"', data, "    ", body)
    children = body + graph_data  # networkx appends the graph's data after its nodes and edges
    lines = [f'<graphml xmlns="{nx.GraphMLWriter.NS_GRAPHML}" '
             f'xmlns:xsi="{nx.GraphMLWriter.NS_XSI}" '
             f'xsi:schemaLocation="{nx.GraphMLWriter.SCHEMALOCATION}">']
    lines.extend(reversed(key_lines))
    if children:
        lines.append(f"  <{graph_open}>")
        lines.extend(children)
        lines.append("  </graph>")
    else:
        lines.append(f"  <{graph_open} />")
    lines.append("</graphml>")
    text = "\n".join(lines).encode("ascii", "xmlcharrefreplace").decode("ascii")
    return "\n".join(text.splitlines()) + "\n"


def write_graph(g: nx.MultiDiGraph, out_dir: Path) -> None:
    atomic_write_text(out_dir / "graph.json", to_json(g))
    atomic_write_text(out_dir / "graph.graphml", to_graphml(g))


def run(in_dirs: list[Path], out_dir: Path) -> nx.MultiDiGraph:
    graphs = []
    for d in in_dirs:
        if (d / "document.json").exists() and (d / "measurements.csv").exists():
            graphs.append(build_document_graph(d))
        elif (d / "graph.json").exists():
            graphs.append(from_json((d / "graph.json").read_text(encoding="utf-8")))
        else:
            raise DataError(f"{d}: no litmine outputs (document.json/measurements.csv or graph.json)")
    g = graphs[0] if len(graphs) == 1 else compose(graphs)
    write_graph(g, out_dir)
    return g


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m pipeline.graph", description=__doc__)
    ap.add_argument("--in", dest="inputs", type=Path, nargs="+",
                    help="output folder(s) of one or more documents")
    ap.add_argument("--root", type=Path, help="outputs root, with --docs")
    ap.add_argument("--docs", nargs="+", default=[], help="doc ids under --root")
    ap.add_argument("--docs-from", help="doc ids under --root from FILE:KEY (params.yaml:corpus.docs)")
    ap.add_argument("--corpus", type=Path,
                    help="every document of a folder run (litmine extract DIR -o CORPUS)")
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args(argv)

    def go() -> None:
        from pipeline.database import document_folders

        docs = list(a.docs) + (doc_ids_from(a.docs_from) if a.docs_from else [])
        inputs = list(a.inputs or []) + ([a.root / d for d in docs] if a.root else [])
        if a.corpus:
            inputs += document_folders(a.corpus)
        if not inputs:
            ap.error("give --in FOLDER..., --root ROOT --docs ID... or --corpus OUT")
        run(inputs, a.out)

    run_stage(go)


if __name__ == "__main__":
    main()

