"""DVC stage ``pictures``: one static HTML page with pictures of a document's knowledge graph.

(a) Ionic conductivity against the publication year of the cited reference(s), one point per claim
    (and cited year), coloured by material class, on a log axis.
(b) The neighbourhood (2 hops) of a reference and of a material: reference, claim, material,
    sentence, property and material-class nodes in columns by distance from the centre.

Each picture is followed by a table of the same data. The page is a single file: inline SVG and
CSS, no scripts, no external resources. Colours and sizes come from ``models/pictures.yaml``.
The functions here are pure (graph in, data or markup out); only :func:`run` reads and writes.
Output is deterministic: every iteration is sorted, numbers are formatted with fixed precision.
"""

from __future__ import annotations

import argparse
import difflib
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any, Callable

import networkx as nx

from pipeline import queries
from pipeline.errors import DataError, LitmineError
from pipeline.io import atomic_write_text
from pipeline.outdir import GENERATOR, check_file_target
from pipeline.resources import load_yaml
from pipeline.stage import run_stage

SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
UNCLASSIFIED = "unclassified"
YEAR_RULES = ("each", "earliest")


@lru_cache(maxsize=1)
def style() -> dict[str, Any]:
    """``models/pictures.yaml``."""
    return load_yaml("pictures.yaml")


# ----------------------------------------------------------------------------------------------
# Small graph helpers


def _succ(g: nx.MultiDiGraph, n: str, kind: str) -> list[str]:
    return sorted({v for _, v, k in g.out_edges(n, data="kind") if k == kind})


def _pred(g: nx.MultiDiGraph, n: str, kind: str) -> list[str]:
    return sorted({u for u, _, k in g.in_edges(n, data="kind") if k == kind})


def _nodes_of_kind(g: nx.MultiDiGraph, kind: str) -> list[str]:
    return sorted(n for n, k in g.nodes(data="kind") if k == kind)


def document_id(g: nx.MultiDiGraph) -> str:
    """The graph's one document id; a corpus graph of several documents is an error."""
    docs = [g.nodes[n].get("doc_id", "") for n in _nodes_of_kind(g, "document")]
    if len(docs) != 1:
        raise DataError(f"the graph holds {len(docs)} documents; pictures are drawn for one "
                        "document (pass its output folder with --in)")
    return str(docs[0])


def _as_float(v: Any) -> float | None:
    if v in ("", None):
        return None
    return float(v)


def _ref_number(g: nx.MultiDiGraph, rid: str) -> int:
    return int(g.nodes[rid].get("n", 0))


def _ref_year(g: nx.MultiDiGraph, rid: str) -> int | None:
    y = str(g.nodes[rid].get("year", "")).strip()
    return int(y[:4]) if y[:4].isdigit() else None


def sentence_id(g: nx.MultiDiGraph, cid: str) -> str:
    """Sentence id (``s12``) of the sentence that reports claim ``cid``."""
    for s in _pred(g, cid, "reports"):
        return s.rsplit(":", 1)[-1]
    return ""


def claim_class(g: nx.MultiDiGraph, cid: str) -> str:
    """Material class of a claim: material -> class edge, else the material's attribute."""
    for m in _succ(g, cid, "about_material"):
        for c in _succ(g, m, "instance_of_class"):
            return str(g.nodes[c].get("name", c.split(":", 1)[-1]))
        if g.nodes[m].get("material_class"):
            return str(g.nodes[m]["material_class"])
    return UNCLASSIFIED


# ----------------------------------------------------------------------------------------------
# Number formatting


def sup(n: int) -> str:
    """``-4`` -> ``⁻⁴``."""
    return str(n).translate(SUPERSCRIPT)


def fmt_value(v: float) -> str:
    """Readable number: ``0.012``, ``3×10⁻⁴``, ``1.07×10⁻⁵``, ``10⁻⁷``."""
    if v == 0:
        return "0"
    if 1e-2 <= abs(v) < 1e4:
        return f"{v:.4g}"
    mant, exp = f"{v:.3e}".split("e")
    mant = mant.rstrip("0").rstrip(".")
    return f"10{sup(int(exp))}" if mant == "1" else f"{mant}×10{sup(int(exp))}"


def text_width(text: str, cfg: dict[str, Any], size: float | None = None) -> float:
    """Estimated advance width in pixels of ``text`` (``text_width`` table of the style)."""
    tw = cfg["text_width"]
    widths = {ch: float(grp["width"]) for grp in tw["groups"] for ch in grp["chars"]}
    em = float(size or cfg["font_size"])
    return sum(widths.get(ch, float(tw["default"])) for ch in text) * em


def _n(x: float) -> str:
    """SVG coordinate with fixed precision (byte-identical output)."""
    s = f"{x:.1f}"
    return s[:-2] if s.endswith(".0") else s


# ----------------------------------------------------------------------------------------------
# (a) conductivity vs year: data


@dataclass(frozen=True)
class ChartPoint:
    """One drawn point: a claim at the publication year of (some of) the references it cites."""

    claim_id: str
    sentence_id: str
    material: str
    material_class: str
    relation: str
    value: float
    value_high: float | None
    value_as_written: str
    year: int
    refs: tuple[int, ...]      # the cited references published in ``year``
    all_refs: tuple[int, ...]  # every reference the claim cites


@dataclass(frozen=True)
class Unplaced:
    """A claim that has no point: no cited year, or a value a log axis cannot show."""

    claim_id: str
    sentence_id: str
    material: str
    value_as_written: str
    reason: str


@dataclass(frozen=True)
class ChartData:
    prop: str
    unit: str
    years: str
    points: tuple[ChartPoint, ...]
    unplaced: tuple[Unplaced, ...]


def chart_data(g: nx.MultiDiGraph, prop: str = "ionic_conductivity", unit: str = "S/cm",
               years: str = "each") -> ChartData:
    """Points of the value-vs-year chart for every ``prop`` claim in ``unit``.

    ``years="each"``: one point per distinct publication year among the cited references;
    ``years="earliest"``: one point, at the earliest of them.
    """
    if years not in YEAR_RULES:
        raise LitmineError(f"unknown year rule {years!r} ({', '.join(YEAR_RULES)})")
    claims = sorted((n for n in _nodes_of_kind(g, "claim") if g.nodes[n].get("property") == prop),
                    key=lambda n: (int(g.nodes[n].get("char_start", 0) or 0), n))
    points: list[ChartPoint] = []
    unplaced: list[Unplaced] = []
    for cid in claims:
        a = g.nodes[cid]
        sid = sentence_id(g, cid)
        material = str(a.get("material_canonical", "") or a.get("material", ""))
        written = str(a.get("value_as_written", ""))
        value, high = _as_float(a.get("value")), _as_float(a.get("value_high"))
        refs = sorted(_succ(g, cid, "supported_by"), key=lambda r: _ref_number(g, r))
        ref_numbers = tuple(_ref_number(g, r) for r in refs)
        by_year: dict[int, list[int]] = {}
        for r in refs:
            y = _ref_year(g, r)
            if y is not None:
                by_year.setdefault(y, []).append(_ref_number(g, r))
        if a.get("unit") != unit:
            reason = f"unit {a.get('unit') or '(none)'}, not {unit}"
        elif value is None or value <= 0 or (high is not None and high <= 0):
            reason = "no positive value (a log axis cannot show it)"
        elif not refs:
            reason = "cites no reference"
        elif not by_year:
            reason = "cited reference(s) " + ";".join(map(str, ref_numbers)) + " have no year"
        else:
            reason = ""
        if reason or value is None:
            unplaced.append(Unplaced(str(a.get("claim_id", "")), sid, material, written, reason))
            continue
        cls = claim_class(g, cid)
        for y in sorted(by_year) if years == "each" else [min(by_year)]:
            points.append(ChartPoint(str(a.get("claim_id", "")), sid, material, cls,
                                     str(a.get("relation", "")), value, high, written, y,
                                     tuple(by_year[y]), ref_numbers))
    points.sort(key=lambda p: (p.year, p.value, p.claim_id))
    return ChartData(prop, unit, years, tuple(points), tuple(unplaced))


# ----------------------------------------------------------------------------------------------
# (a) conductivity vs year: axes and SVG


def decade_range(values: list[float]) -> tuple[int, int]:
    """Whole decades ``(lo, hi)`` with ``10**lo <= min(values)`` and ``max(values) <= 10**hi``."""
    lo = math.floor(math.log10(min(values)) + 1e-9)
    hi = math.ceil(math.log10(max(values)) - 1e-9)
    return lo, max(hi, lo + 1)


def log_y(value: float, lo: int, hi: int, top: float, bottom: float) -> float:
    """Pixel y of ``value`` on a log axis: ``10**lo`` at ``bottom``, ``10**hi`` at ``top``."""
    return bottom - (math.log10(value) - lo) / (hi - lo) * (bottom - top)


def linear_x(x: float, lo: float, hi: float, left: float, right: float) -> float:
    return left + (x - lo) / (hi - lo) * (right - left)


def year_ticks(lo: int, hi: int, max_ticks: int, steps: list[int]) -> list[int]:
    """Round years in ``[lo, hi]`` at the smallest step from ``steps`` giving ``<= max_ticks``."""
    for step in steps:
        ticks = [y for y in range(lo, hi + 1) if y % step == 0]
        if len(ticks) <= max_ticks:
            return ticks
    return [lo, hi]


def spread(points: list[tuple[float, float]], radius: float, jitter: float) -> list[float]:
    """Horizontal offsets so that points of one x closer than a diameter in y sit side by side."""
    order = sorted(range(len(points)), key=lambda i: (points[i][0], points[i][1], i))
    offsets = [0.0] * len(points)
    cluster: list[int] = []

    def flush() -> None:
        for j, i in enumerate(cluster):
            offsets[i] = (j - (len(cluster) - 1) / 2) * jitter

    for i in order:
        if cluster and (points[i][0] != points[cluster[0]][0]
                        or points[i][1] - points[cluster[0]][1] >= 2 * radius):
            flush()
            cluster = []
        cluster.append(i)
    flush()
    return offsets


def class_colour(cls: str, cfg: dict[str, Any]) -> str:
    return str(cfg["classes"].get(cls, cfg["class_fallback"]))


def class_order(classes: set[str], cfg: dict[str, Any]) -> list[str]:
    """Classes in ``models/pictures.yaml`` order, unknown ones after them alphabetically."""
    known = [c for c in cfg["classes"] if c in classes]
    return known + sorted(classes - set(known))


def _marker(relation: str, x: float, y: float, r: float, fill: str) -> str:
    common = f'fill="{fill}" stroke="#222" stroke-width="0.8"'
    if relation in ("gt", "ge"):
        pts = [(x, y - 1.25 * r), (x - 1.15 * r, y + 0.8 * r), (x + 1.15 * r, y + 0.8 * r)]
    elif relation in ("lt", "le"):
        pts = [(x, y + 1.25 * r), (x - 1.15 * r, y - 0.8 * r), (x + 1.15 * r, y - 0.8 * r)]
    else:
        return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" {common}/>'
    return f'<polygon points="{" ".join(f"{_n(a)},{_n(b)}" for a, b in pts)}" {common}/>'


def point_title(p: ChartPoint, unit: str = "S/cm") -> str:
    """Hover text of a point: material, value as written, references, sentence."""
    value = fmt_value(p.value) + (f"–{fmt_value(p.value_high)}" if p.value_high else "")
    refs = ";".join(map(str, p.refs))
    also = [n for n in p.all_refs if n not in p.refs]
    more = f" (also cites {';'.join(map(str, also))})" if also else ""
    return (f"{p.material or '(no material)'} [{p.material_class}]\n"
            f"value as written: {p.value_as_written}\n"
            f"= {value} {unit} ({p.relation})\n"
            f"ref {refs} ({p.year}){more}\n"
            f"sentence {p.sentence_id}, claim {p.claim_id}")


def chart_svg(data: ChartData, cfg: dict[str, Any] | None = None) -> str:
    """The value-vs-year chart as an inline ``<svg>`` (log y axis, legend on the right)."""
    cfg = cfg or style()
    c = cfg["chart"]
    w, h, m = c["width"], c["height"], c["margin"]
    left, right, top, bottom = m["left"], w - m["right"], m["top"], h - m["bottom"]
    out = [f'<svg class="chart" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" '
           f'font-size="{cfg["font_size"]}" aria-label="{escape(data.prop)} vs year">']
    if not data.points:
        out.append(f'<text x="{w / 2:.0f}" y="{h / 2:.0f}" text-anchor="middle" class="empty">'
                   f'no {escape(data.prop)} claims with a cited year</text></svg>')
        return "".join(out)
    pts = data.points
    years = [p.year for p in pts]
    x_lo, x_hi = min(years) - 1, max(years) + 1
    lo, hi = decade_range([v for p in pts for v in (p.value, p.value_high) if v])
    x_of: Callable[[float], float] = lambda yr: linear_x(yr, x_lo, x_hi, left, right)  # noqa: E731
    y_of: Callable[[float], float] = lambda v: log_y(v, lo, hi, top, bottom)  # noqa: E731
    # grid, ticks, axes
    out.append('<g class="grid">')
    for k in range(lo, hi + 1):
        y = _n(y_of(10.0 ** k))
        out.append(f'<line x1="{left}" y1="{y}" x2="{right}" y2="{y}"/>')
    ticks = year_ticks(x_lo, x_hi, c["max_x_ticks"], c["year_steps"])
    for yr in ticks:
        x = _n(x_of(yr))
        out.append(f'<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}"/>')
    out.append('</g><g class="axis">')
    out.append(f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}"/>'
               f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}"/>')
    for k in range(lo, hi + 1):
        y = y_of(10.0 ** k)
        out.append(f'<line x1="{left - 6}" y1="{_n(y)}" x2="{left}" y2="{_n(y)}"/>'
                   f'<text x="{left - 9}" y="{_n(y + 4)}" text-anchor="end">10{sup(k)}</text>')
        if k < hi:
            for f in range(2, 10):
                ym = _n(y_of(f * 10.0 ** k))
                out.append(f'<line x1="{left - 3}" y1="{ym}" x2="{left}" y2="{ym}"/>')
    for yr in ticks:
        x = _n(x_of(yr))
        out.append(f'<line x1="{x}" y1="{bottom}" x2="{x}" y2="{bottom + 6}"/>'
                   f'<text x="{x}" y="{bottom + 20}" text-anchor="middle">{yr}</text>')
    rule = "each cited reference" if data.years == "each" else "the earliest cited reference"
    out.append(f'<text class="title" x="{_n((left + right) / 2)}" y="{h - 12}" '
               f'text-anchor="middle">publication year of {rule}</text>')
    out.append(f'<text class="title" text-anchor="middle" '
               f'transform="translate(18 {_n((top + bottom) / 2)}) rotate(-90)">'
               f'{escape(data.prop.replace("_", " "))} '
               f'({escape(data.unit)}, log scale)</text></g>')
    # points
    r = float(c["point_radius"])
    centres = [(x_of(p.year), y_of(math.sqrt(p.value * p.value_high) if p.value_high else p.value))
               for p in pts]
    offsets = spread(centres, r, float(c["jitter"]))
    out.append('<g class="ranges">')   # range bars first, so that no bar hides a marker
    for p, (x, _), dx in zip(pts, centres, offsets):
        if p.value_high:
            colour, x = class_colour(p.material_class, cfg), x + dx
            y1, y2 = _n(y_of(p.value)), _n(y_of(p.value_high))
            out.append(f'<g stroke="{colour}"><title>{escape(point_title(p, data.unit))}</title>'
                       f'<line class="range" x1="{_n(x)}" y1="{y1}" x2="{_n(x)}" y2="{y2}"/>'
                       f'<line x1="{_n(x - 4)}" y1="{y1}" x2="{_n(x + 4)}" y2="{y1}"/>'
                       f'<line x1="{_n(x - 4)}" y1="{y2}" x2="{_n(x + 4)}" y2="{y2}"/></g>')
    out.append('</g><g class="points">')
    for p, (x, y), dx in zip(pts, centres, offsets):
        out.append(f'<g><title>{escape(point_title(p, data.unit))}</title>'
                   f'{_marker(p.relation, x + dx, y, r, class_colour(p.material_class, cfg))}</g>')
    out.append("</g>")
    out.append(_chart_legend(pts, right + 22, top, cfg))
    out.append("</svg>")
    return "".join(out)


#: Legend of the marker shapes: (relations drawn with the shape, legend text).
RELATION_LEGEND = ((("gt", "ge"), "> or ≥ (lower bound)"),
                   (("lt", "le"), "< or ≤ (upper bound)"))


def _chart_legend(pts: tuple[ChartPoint, ...], x: float, y: float, cfg: dict[str, Any]) -> str:
    """Classes present (with point counts), then the marker shapes present."""
    r = float(cfg["chart"]["point_radius"])
    counts: dict[str, int] = {}
    for p in pts:
        counts[p.material_class] = counts.get(p.material_class, 0) + 1
    out = [f'<g class="legend"><text class="title" x="{_n(x)}" y="{_n(y + 4)}">'
           f'material class (points)</text>']
    row = y + 24
    for cls in class_order(set(counts), cfg):
        out.append(f'<circle cx="{_n(x + 6)}" cy="{_n(row)}" r="{_n(r)}" '
                   f'fill="{class_colour(cls, cfg)}" stroke="#222" stroke-width="0.8"/>'
                   f'<text x="{_n(x + 18)}" y="{_n(row + 4)}">{escape(cls)} ({counts[cls]})</text>')
        row += 20
    relations = {p.relation for p in pts}
    shapes = [(rels[0], text) for rels, text in RELATION_LEGEND if relations & set(rels)]
    if shapes:
        out.append(f'<text class="title" x="{_n(x)}" y="{_n(row + 14)}">marker</text>')
        row += 34
        for rel, text in [("eq", "= or ≈ (and ranges)"), *shapes]:
            out.append(_marker(rel, x + 6, row, r, "#fff") +
                       f'<text x="{_n(x + 18)}" y="{_n(row + 4)}">{escape(text)}</text>')
            row += 20
    if any(p.value_high for p in pts):
        out.append(f'<line x1="{_n(x + 6)}" y1="{_n(row - 8)}" x2="{_n(x + 6)}" '
                   f'y2="{_n(row + 8)}" stroke="#444" stroke-width="2.5"/>'
                   f'<text x="{_n(x + 18)}" y="{_n(row + 4)}">range, low to high</text>')
    out.append("</g>")
    return "".join(out)


def chart_notes(data: ChartData) -> str:
    """HTML: how the chart is built and which claims it leaves out."""
    rule = ("x is the publication year of <em>each</em> reference the claim cites: a claim citing "
            "references from two different years is drawn twice (references of the same year once)"
            if data.years == "each" else
            "x is the <em>earliest</em> publication year among the references the claim cites "
            "(one point per claim)")
    n_claims = len({p.claim_id for p in data.points})
    return (f"<p>{len(data.points)} points from {n_claims} <code>{escape(data.prop)}</code> "
            f"claims; {len(data.unplaced)} more claims are not drawn (listed below the chart). "
            f"{rule}. y is the value in {escape(data.unit)} (log scale); a range is drawn as a bar "
            f"from low to high with its marker at the geometric middle. Colour: the class of the "
            f"claim's material (material → material class edge of the graph). Hover a point for "
            f"the material, the value as written, the reference number(s) and the sentence id.</p>")


def unplaced_notes(data: ChartData) -> str:
    """HTML list of the claims without a point (no cited year, or no positive value)."""
    if not data.unplaced:
        return ""
    out = [f'<p class="note">Not drawn ({len(data.unplaced)} claims):</p><ul class="note">']
    for u in data.unplaced:
        out.append(f"<li>{escape(u.claim_id)} ({escape(u.material or 'no material')}, "
                   f"<code>{escape(u.value_as_written)}</code>, sentence "
                   f"{escape(u.sentence_id)}): {escape(u.reason)}</li>")
    out.append("</ul>")
    return "".join(out)


def chart_table(data: ChartData) -> str:
    rows = [[str(p.year), p.material_class, p.material or "—",
             fmt_value(p.value) + (f"–{fmt_value(p.value_high)}" if p.value_high else ""),
             p.relation, p.value_as_written, ";".join(map(str, p.refs)),
             ";".join(map(str, p.all_refs)), p.claim_id, p.sentence_id] for p in data.points]
    return _table(["year", "class", "material", f"value ({data.unit})", "relation", "as written",
                   "refs of that year", "all cited refs", "claim", "sentence"], rows)


def _table(columns: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{escape(v)}</td>" for v in r) + "</tr>\n" for r in rows)
    return f'<table><thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody></table>'


# ----------------------------------------------------------------------------------------------
# (b) neighbourhoods: choosing the centre


def _in_count(g: nx.MultiDiGraph, n: str, kind: str) -> int:
    return sum(1 for _, _, k in g.in_edges(n, data="kind") if k == kind)


def most_cited_reference(g: nx.MultiDiGraph) -> str | None:
    """The reference with most citation markers (``cites`` edges); ties: lowest number."""
    refs = _nodes_of_kind(g, "reference")
    if not refs:
        return None
    return min(refs, key=lambda r: (-_in_count(g, r, "cites"), _ref_number(g, r), r))


def material_with_most_claims(g: nx.MultiDiGraph) -> str | None:
    """The material with most claims (``about_material`` edges); ties: name order."""
    mats = _nodes_of_kind(g, "material")
    if not mats:
        return None
    return min(mats, key=lambda m: (-_in_count(g, m, "about_material"),
                                    str(g.nodes[m].get("canonical", "")).lower(), m))


def find_reference(g: nx.MultiDiGraph, n: int) -> str:
    found = [r for r in _nodes_of_kind(g, "reference") if str(g.nodes[r].get("n")) == str(n)]
    if not found:
        numbers = sorted(_ref_number(g, r) for r in _nodes_of_kind(g, "reference"))
        known = f" (references are {numbers[0]}–{numbers[-1]})" if numbers else " (no references)"
        raise LitmineError(f"reference {n} not found{known}")
    return found[0]


def find_material(g: nx.MultiDiGraph, name: str) -> str:
    """A material by canonical name or formula, exact first, then ignoring case."""
    mats = _nodes_of_kind(g, "material")
    for key in ("canonical", "formula"):
        for same in (lambda a, b: a == b, lambda a, b: a.lower() == b.lower()):
            hits = [m for m in mats if g.nodes[m].get(key) and same(str(g.nodes[m][key]), name)]
            if hits:
                return hits[0]
    names = sorted({str(g.nodes[m].get("canonical", "")) for m in mats})
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    raise LitmineError(f"material {name!r} not found{hint}")


# ----------------------------------------------------------------------------------------------
# (b) neighbourhoods: data and layout


@dataclass(frozen=True)
class Neighbourhood:
    centre: str
    hop: dict[str, int]                      # node -> distance from the centre (drawn nodes)
    edges: tuple[tuple[str, str, str], ...]  # (source, target, kind), sorted, one per kind
    dropped: int                             # nodes within reach but over ``max_nodes``


def natural_key(text: str) -> tuple:
    """Sort key that orders ``m9`` before ``m10`` (digit runs compare as numbers)."""
    return tuple((0, int(t), "") if t.isdigit() else (1, 0, t.lower())
                 for t in re.findall(r"\d+|\D+", text))


def _kind_rank(g: nx.MultiDiGraph, n: str, kinds: list[str]) -> int:
    k = g.nodes[n].get("kind")
    return kinds.index(k) if k in kinds else len(kinds)


def neighbourhood(g: nx.MultiDiGraph, centre: str, hops: int = 2,
                  kinds: list[str] | None = None, max_nodes: int = 10_000) -> Neighbourhood:
    """Nodes within ``hops`` of ``centre`` (edges followed both ways) through nodes of ``kinds``."""
    kinds = list(kinds or style()["neighbourhood"]["kinds"])
    allowed = [n for n, k in g.nodes(data="kind") if k in kinds or n == centre]
    view = g.subgraph(allowed).to_undirected(as_view=True)
    dist = nx.single_source_shortest_path_length(view, centre, cutoff=hops)
    ranked = sorted(dist, key=lambda n: (dist[n], _kind_rank(g, n, kinds),
                                         natural_key(node_label(g, n)), n))
    keep = ranked[:max_nodes]
    hop = {n: dist[n] for n in keep}
    edges = sorted({(u, v, str(k)) for u, v, k in g.subgraph(keep).edges(data="kind")})
    return Neighbourhood(centre, hop, tuple(edges), len(ranked) - len(keep))


def node_label(g: nx.MultiDiGraph, n: str) -> str:
    """Short human label of a node (the full text goes into its hover title)."""
    a = g.nodes[n]
    kind = a.get("kind")
    if kind == "reference":
        if a.get("missing"):
            return f"[{a.get('n')}] (not in the reference list)"
        return f"[{a.get('n')}] {a.get('first_author', '')} {a.get('year', '')}".strip()
    if kind == "claim":
        v = _as_float(a.get("value"))
        value = "" if v is None else fmt_value(v)
        high = _as_float(a.get("value_high"))
        if high is not None:
            value += f"–{fmt_value(high)}"
        mat = a.get("material_canonical") or "—"
        return f"{a.get('claim_id', '')}: {mat} {value} {a.get('unit', '')}".strip()
    if kind == "sentence":
        return f"{n.rsplit(':', 1)[-1]}: {a.get('text', '')}"
    if kind == "material":
        return str(a.get("canonical", n))
    if kind in ("property", "material_class", "author", "venue"):
        return str(a.get("name", n))
    return n


def node_title(g: nx.MultiDiGraph, n: str) -> str:
    a = g.nodes[n]
    extra = {"reference": a.get("raw", ""), "sentence": "",
             "claim": f"{a.get('property', '')} {a.get('value_as_written', '')}",
             "material": a.get("formula", "")}.get(str(a.get("kind")), "")
    return f"{a.get('kind')}: {node_label(g, n)}" + (f"\n{extra}" if extra else "")


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def layered_layout(g: nx.MultiDiGraph, nb: Neighbourhood,
                   kinds: list[str] | None = None) -> dict[str, tuple[int, int]]:
    """``node -> (column, row)``: one column per hop; rows ordered to keep edges short.

    Hop-1 nodes are sorted by kind and label; every later column by the mean row of its
    neighbours in the previous column (barycentre heuristic), then kind and label.
    """
    kinds = list(kinds or style()["neighbourhood"]["kinds"])
    und = nx.Graph()
    und.add_nodes_from(sorted(nb.hop))
    und.add_edges_from(sorted((u, v) for u, v, _ in nb.edges))
    pos: dict[str, tuple[int, int]] = {}
    for h in range(max(nb.hop.values()) + 1):
        layer = [n for n in nb.hop if nb.hop[n] == h]

        def key(n: str) -> tuple:
            prev = sorted(pos[m][1] for m in und.neighbors(n) if m in pos and pos[m][0] == h - 1)
            bary = sum(prev) / len(prev) if prev and h > 1 else 0.0
            return (bary, _kind_rank(g, n, kinds), natural_key(node_label(g, n)), n)

        for row, n in enumerate(sorted(layer, key=key)):
            pos[n] = (h, row)
    return pos


def _legend_row(x: float, y: float, label: str, items: list[tuple[str, str]],
                cfg: dict[str, Any]) -> str:
    """A legend row: ``label`` then ``items`` (swatch markup drawn at 0,0; text)."""
    out = [f'<text class="title" x="{_n(x)}" y="{_n(y + 4)}">{escape(label)}</text>']
    x += text_width(label, cfg) * 1.1 + 12
    for swatch, text in items:
        out.append(f'<g transform="translate({_n(x)} {_n(y)})">{swatch}</g>'
                   f'<text x="{_n(x + 30)}" y="{_n(y + 4)}">{escape(text)}</text>')
        x += 30 + text_width(text, cfg) + 20
    return "".join(out)


def neighbourhood_svg(g: nx.MultiDiGraph, nb: Neighbourhood,
                      cfg: dict[str, Any] | None = None) -> str:
    """The neighbourhood as an inline ``<svg>``: columns by hop, labelled nodes, styled edges."""
    cfg = cfg or style()
    c = cfg["neighbourhood"]
    m = c["margin"]
    pos = layered_layout(g, nb, c["kinds"])
    columns: dict[int, int] = {}
    for col, _ in pos.values():
        columns[col] = columns.get(col, 0) + 1
    tallest = max(columns.values())
    rh, gap = float(c["row_height"]), float(c["column_gap"])
    height = int(m["top"] + tallest * rh + m["bottom"])
    width = int(max(c["width"], m["left"] + gap * (len(columns) - 1) + m["right"]))

    def xy(n: str) -> tuple[float, float]:
        col, row = pos[n]
        return (m["left"] + 12 + col * gap,
                m["top"] + (row + 0.5 + (tallest - columns[col]) / 2) * rh)

    def node_style(n: str) -> dict[str, Any]:
        return cfg["node_kinds"].get(g.nodes[n].get("kind"), cfg["node_fallback"])

    def edge_style(kind: str) -> dict[str, Any]:
        return cfg["edge_kinds"].get(kind, cfg["edge_fallback"])

    def radius(n: str) -> float:
        scale = float(cfg["centre_scale"]) if n == nb.centre else 1.0
        return float(node_style(n)["radius"]) * scale

    def label(n: str) -> str:
        return _cut(node_label(g, n), int(c["label_chars"]))

    def label_width(n: str) -> float:
        return text_width(label(n), cfg, font_size(n))

    def font_size(n: str) -> float:
        return float(cfg["font_size"]) * (1.1 if n == nb.centre else 1.0)

    out = [f'<svg class="graph" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
           f'role="img" font-size="{cfg["font_size"]}" '
           f'aria-label="neighbourhood of {escape(node_label(g, nb.centre))}">']
    # legend (kinds present only)
    node_kinds = [k for k in c["kinds"] if any(g.nodes[n].get("kind") == k for n in nb.hop)]
    edge_kinds = sorted({k for _, _, k in nb.edges})
    colours = {k: cfg["node_kinds"].get(k, cfg["node_fallback"])["colour"] for k in node_kinds}
    items = [(f'<circle cx="8" cy="0" r="6" fill="{colours[k]}" stroke="#333" '
              f'stroke-width="0.8"/>', k.replace("_", " ")) for k in node_kinds]
    legend = _legend_row(m["left"], 18, "nodes:", items, cfg)
    out.append(f'<g class="legend">{legend}')
    items = [(f'<line x1="0" y1="0" x2="24" y2="0" stroke="{edge_style(k)["colour"]}" '
              f'stroke-width="2" stroke-dasharray="{edge_style(k)["dash"] or "none"}"/>', k)
             for k in edge_kinds]
    legend = _legend_row(m["left"], 44, "edges:", items, cfg)
    out.append(f"{legend}</g>")
    # edges
    out.append('<g class="edges" fill="none">')
    for u, v, kind in nb.edges:
        es = edge_style(kind)
        if pos[u][0] == pos[v][0]:   # same column: an arc bulging to the left
            (x1, y1), (x2, y2) = xy(u), xy(v)
            bulge = 30 + 0.3 * abs(y2 - y1)
            d = f"M{_n(x1)} {_n(y1)} Q{_n(x1 - bulge)} {_n((y1 + y2) / 2)} {_n(x2)} {_n(y2)}"
        else:                        # from the end of the nearer node's label to the farther node
            a, b = (u, v) if pos[u][0] < pos[v][0] else (v, u)
            (x1, y1), (x2, y2) = xy(a), xy(b)
            x1 = min(x1 + radius(a) + 9 + label_width(a), x2 - 60)
            x2 -= radius(b)
            mx = (x1 + x2) / 2
            d = f"M{_n(x1)} {_n(y1)} C{_n(mx)} {_n(y1)} {_n(mx)} {_n(y2)} {_n(x2)} {_n(y2)}"
        dash = f' stroke-dasharray="{es["dash"]}"' if es["dash"] else ""
        out.append(f'<path d="{d}" stroke="{es["colour"]}"{dash}><title>'
                   f'{escape(node_label(g, u))} —{escape(kind)}→ {escape(node_label(g, v))}'
                   f'</title></path>')
    out.append("</g>")
    # nodes, drawn in column/row order so that labels sit above the edges
    out.append('<g class="nodes">')
    for n in sorted(pos, key=lambda n: pos[n]):
        x, y = xy(n)
        r = radius(n)
        cls = "label centre" if n == nb.centre else "label"
        out.append(f'<g><title>{escape(node_title(g, n))}</title>'
                   f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" '
                   f'fill="{node_style(n)["colour"]}" stroke="#222" '
                   f'stroke-width="{2 if n == nb.centre else 0.8}"/>'
                   f'<text class="{cls}" x="{_n(x + r + 5)}" y="{_n(y + 4)}" '
                   f'font-size="{_n(font_size(n))}" textLength="{_n(label_width(n))}">'
                   f'{escape(label(n))}</text></g>')
    out.append("</g></svg>")
    return "".join(out)


def neighbourhood_table(g: nx.MultiDiGraph, nb: Neighbourhood,
                        cfg: dict[str, Any] | None = None) -> str:
    """Every drawn edge, in layout order: from (kind, hop), edge kind, to (kind, hop)."""
    cfg = cfg or style()
    pos = layered_layout(g, nb, cfg["neighbourhood"]["kinds"])
    limit = 2 * int(cfg["neighbourhood"]["label_chars"])

    def cell(n: str) -> str:
        return f"{_cut(node_label(g, n), limit)} ({g.nodes[n].get('kind')}, hop {nb.hop[n]})"

    edges = sorted(nb.edges, key=lambda e: (min(pos[e[0]], pos[e[1]]), max(pos[e[0]], pos[e[1]]),
                                            e[2]))
    return _table(["from", "edge", "to"], [[cell(u), k, cell(v)] for u, v, k in edges])


def neighbourhood_section(g: nx.MultiDiGraph, centre: str | None, what: str, how: str,
                          cfg: dict[str, Any]) -> str:
    """HTML section (heading, note, picture, table) for the neighbourhood of ``centre``."""
    if centre is None:
        return (f"<section><h2>Neighbourhood of a {escape(what)}</h2>"
                f"<p>The graph has no {escape(what)} nodes.</p></section>")
    c = cfg["neighbourhood"]
    nb = neighbourhood(g, centre, int(c["hops"]), c["kinds"], int(c["max_nodes"]))
    counts: dict[str, int] = {}
    for n in nb.hop:
        k = str(g.nodes[n].get("kind"))
        counts[k] = counts.get(k, 0) + 1
    summary = ", ".join(f"{counts[k]} {k.replace('_', ' ')}" for k in sorted(counts))
    dropped = (f" {nb.dropped} further nodes within reach are not drawn (limit "
               f"{c['max_nodes']} in models/pictures.yaml)." if nb.dropped else "")
    label = node_label(g, centre)
    return (f"<section><h2>Neighbourhood of {escape(what)} {escape(label)}</h2>"
            f"<p>{escape(how)} Nodes within {c['hops']} hops (edges followed in both directions) "
            f"through {', '.join(k.replace('_', ' ') for k in c['kinds'])} nodes; one column per "
            f"hop. {len(nb.hop)} nodes ({escape(summary)}), {len(nb.edges)} edges.{dropped} "
            f"Hover a node or edge for its full text.</p>"
            f'<div class="scroll">{neighbourhood_svg(g, nb, cfg)}</div>'
            f"<h3>Edges of this picture</h3>{neighbourhood_table(g, nb, cfg)}</section>")


# ----------------------------------------------------------------------------------------------
# The page

CSS = """
body{font-family:system-ui,"Segoe UI","DejaVu Sans",Helvetica,Arial,sans-serif;margin:24px;
color:#222;max-width:1360px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:36px 0 6px;border-top:1px solid #ccc;
padding-top:16px}h3{font-size:14px;margin:14px 0 4px}
p,li{font-size:14px;line-height:1.45;max-width:1100px}.note{color:#555}
code{font-size:12px;background:#f3f3f3;padding:0 3px}
.scroll{overflow-x:auto}
svg text{font-family:"DejaVu Sans",Verdana,sans-serif;fill:#222}svg .title{font-weight:600}
svg .empty{fill:#777}
svg.chart .grid line{stroke:#e6e6e6;stroke-width:1}svg.chart .axis line{stroke:#333;stroke-width:1}
svg.chart .ranges line{stroke-width:1.5;opacity:.85}svg.chart .ranges .range{stroke-width:2.5}
svg.chart .points circle,svg.chart .points polygon{opacity:.9}
svg.graph .edges path{stroke-width:1.4;opacity:.75}
svg.graph .label{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
svg.graph .centre{font-weight:700}
table{border-collapse:collapse;font-size:12.5px;margin:6px 0 12px}
th,td{border:1px solid #d4d4d4;padding:2px 6px;text-align:left;vertical-align:top}
th{background:#f3f3f3}tbody tr:nth-child(even){background:#fafafa}
td.supported{background:#e3f4e1}td.different_value{background:#fbe3e1}
td.different_conditions{background:#fdf1d8}td.not_found{color:#666}
"""


def render_page(g: nx.MultiDiGraph, reference: int | None = None, material: str | None = None,
                cfg: dict[str, Any] | None = None, verification: str = "") -> str:
    """The whole HTML page for the one document of ``g``.

    ``reference`` (a reference number) and ``material`` (canonical name or formula) choose the
    neighbourhood centres; by default the most-cited reference and the material with most claims.
    """
    cfg = cfg or style()
    doc = document_id(g)
    ref_node = find_reference(g, reference) if reference is not None else most_cited_reference(g)
    mat_node = find_material(g, material) if material is not None else material_with_most_claims(g)
    c = cfg["chart"]
    data = chart_data(g, c["property"], c["unit"], c["years"])
    droot = g.nodes[f"document:{doc}"]
    title = str(droot.get("title", "")) or doc
    ref_how = (f"Reference {reference}, chosen with --reference." if reference is not None else
               "The most-cited reference (most citation markers; ties: lowest number); "
               "choose another with --reference N.")
    mat_how = (f"Material {material!r}, chosen with --material." if material is not None else
               "The material with most claims (ties: name order); choose another with "
               "--material NAME.")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">' + GENERATOR,
        f"<title>litmine pictures: {escape(doc)}</title>",
        f"<style>{CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f"<p class=\"note\">Document <code>{escape(doc)}</code>. Pictures of the litmine knowledge "
        f"graph (<code>graph.json</code>); every number comes from <code>measurements.csv</code> "
        f"and <code>references.csv</code> through the graph. Node and edge kinds are those of the "
        f"README.</p>",
        f"<section><h2>{escape(c['property'].replace('_', ' ').capitalize())} vs year, by material "
        f"class</h2>",
        chart_notes(data),
        f'<div class="scroll">{chart_svg(data, cfg)}</div>',
        unplaced_notes(data),
        "<h3>Points of this chart</h3>",
        chart_table(data),
        "</section>",
        neighbourhood_section(g, ref_node, "reference", ref_how, cfg),
        neighbourhood_section(g, mat_node, "material", mat_how, cfg),
        *([verification] if verification else []),
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def run(indir: Path, out: Path | None = None, reference: int | None = None,
        material: str | None = None) -> Path:
    """Load the graph of ``indir``; write the page to ``out`` (default: ``pictures.html`` there)."""
    kg = queries.load(indir)
    verification = ""
    vcsv = kg.folders[0].parent / "corpus" / "verification.csv"
    if len(kg.folders) == 1 and vcsv.exists():  # a document of a folder run (issue 17)
        from pipeline.verify import read_verification, verification_html

        verification = verification_html(document_id(kg.graph), read_verification(vcsv))
    html = render_page(kg.graph, reference, material, verification=verification)
    target = Path(out) if out else kg.folders[0] / "pictures.html"
    check_file_target(target)  # never replaces a file litmine did not write
    atomic_write_text(target, html)
    return target


def run_corpus(corpus: Path, out_dir: Path) -> list[Path]:
    """One page per document of a folder run: ``out_dir/<doc_id>.html``."""
    from pipeline.database import document_folders

    targets = []
    for folder in document_folders(corpus):
        targets.append(run(folder, Path(out_dir) / f"{folder.name}.html"))
    return targets


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m pipeline.pictures", description=__doc__)
    ap.add_argument("--in", dest="indir", type=Path, help="extract output folder")
    ap.add_argument("--out", type=Path, required=True,
                    help="the HTML file to write (with --corpus: the folder of pages)")
    ap.add_argument("--corpus", type=Path,
                    help="a folder run's output: one page per document, OUT/<doc_id>.html")
    ap.add_argument("--reference", type=int, default=None, help="reference number (centre)")
    ap.add_argument("--material", default=None, help="material canonical name or formula (centre)")
    a = ap.parse_args(argv)
    if bool(a.indir) == bool(a.corpus):
        ap.error("give --in FOLDER or --corpus OUT")
    if a.corpus:
        run_stage(lambda: run_corpus(a.corpus, a.out) and None)
    else:
        run_stage(lambda: run(a.indir, a.out, a.reference, a.material) and None)


if __name__ == "__main__":
    main()
