"""The pictures page on a small hand-made output folder, with exact expected answers."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline import pictures, queries
from pipeline.cli import app
from pipeline.errors import DataError, LitmineError
from pipeline.graph import build_document_graph, from_json, to_json, write_graph
from pipeline.schema import (CitationMarker, Document, Measurement, Mention, Reference, Section,
                             Sentence, write_records)

SENTENCES = {
    "s1": "Murugan et al. [1] reported LLZO with 3 x 10^-4 S/cm.",
    "s2": "Kamaya et al. [2] reported LGPS with 1.2 x 10^-2 S/cm and 0.25 eV.",
    "s3": "Doped LLZO reaches 10^-3 S/cm [1,3]; other electrolytes give 10^-4 to 10^-3 S/cm [3].",
    "s4": "PEO gives 10^-5 S/cm, and 10^-4 S/cm at 60 C [4].",
}
REFS = [Reference(1, authors=["Murugan"], first_author="Murugan", year="2007", title="garnet"),
        Reference(2, authors=["Kamaya"], first_author="Kamaya", year="2011", title="LGPS"),
        Reference(3, authors=["Li"], first_author="Li", year="2012", title="doped"),
        Reference(4, authors=["Zhou"], first_author="Zhou", year="", title="no year")]
MARKERS = [CitationMarker("c1", "s1", 14, 17, "[1]", [1]),
           CitationMarker("c2", "s2", 13, 16, "[2]", [2]),
           CitationMarker("c3", "s3", 33, 38, "[1,3]", [1, 3]),
           CitationMarker("c4", "s4", 40, 43, "[4]", [4])]
MENTIONS = [Mention("s1", 0, 4, "LLZO", "LLZO", "Li7La3Zr2O12", "garnet"),
            Mention("s2", 0, 4, "LGPS", "LGPS", "Li10GeP2S12", "sulfide"),
            Mention("s4", 0, 3, "PEO", "PEO", "", "polymer")]


def _claim(cid: str, sid: str, start: int, material: str, prop: str, value: float,
           refs: list[int], unit: str = "S/cm", relation: str = "eq",
           high: float | None = None, cls: str = "") -> Measurement:
    return Measurement(cid, sid, start, start + 5, material, material, prop, relation, value, high,
                       unit, f"written {cid}", "RT", citations=refs, material_class=cls)


CLAIMS = [
    _claim("m1", "s1", 10, "LLZO", "ionic_conductivity", 3e-4, [1], cls="garnet"),
    _claim("m2", "s2", 110, "LGPS", "ionic_conductivity", 1.2e-2, [2], cls="sulfide"),
    _claim("m6", "s2", 130, "LGPS", "activation_energy", 0.25, [2], unit="eV", cls="sulfide"),
    _claim("m3", "s3", 210, "LLZO", "ionic_conductivity", 1e-3, [1, 3], cls="garnet"),
    _claim("m7", "s3", 250, "", "ionic_conductivity", 1e-4, [3], relation="range", high=1e-3),
    _claim("m4", "s4", 310, "PEO", "ionic_conductivity", 1e-5, [], cls="polymer"),
    _claim("m5", "s4", 330, "PEO", "ionic_conductivity", 1e-4, [4], cls="polymer"),
]


def write_folder(out: Path) -> Path:
    """A ``litmine extract`` output folder written from the inline tables above."""
    sents, pos = [], 0
    for sid, text in SENTENCES.items():
        sents.append(Sentence(sid, "Intro", pos, pos + len(text), text, [(pos, pos + len(text))],
                              "b1", "paragraph"))
        pos += len(text) + 1
    doc = Document("tiny", "tiny.md", "0" * 64, "markdown", "A tiny paper",
                   [Section("Intro", 1, 0, pos)], sents, [], {"year": 2019})
    out.mkdir(parents=True, exist_ok=True)
    (out / "document.json").write_text(doc.to_json(), encoding="utf-8")
    write_records(out / "references.csv", REFS, Reference)
    write_records(out / "citations.csv", MARKERS, CitationMarker)
    write_records(out / "mentions.csv", MENTIONS, Mention)
    write_records(out / "measurements.csv", CLAIMS, Measurement)
    write_graph(build_document_graph(out), out)
    return out


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return write_folder(tmp_path_factory.mktemp("pictures") / "tiny")


@pytest.fixture(scope="module")
def g(folder):
    return queries.load(folder).graph


def test_chart_points_one_per_cited_year(g):
    data = pictures.chart_data(g, years="each")
    got = [(p.claim_id, p.year, p.value, p.value_high, p.material_class, p.refs, p.all_refs,
            p.sentence_id) for p in data.points]
    assert got == [
        ("m1", 2007, 3e-4, None, "garnet", (1,), (1,), "s1"),
        ("m3", 2007, 1e-3, None, "garnet", (1,), (1, 3), "s3"),
        ("m2", 2011, 1.2e-2, None, "sulfide", (2,), (2,), "s2"),
        ("m7", 2012, 1e-4, 1e-3, "unclassified", (3,), (3,), "s3"),
        ("m3", 2012, 1e-3, None, "garnet", (3,), (1, 3), "s3"),
    ]
    # activation energy (m6) is another property; m4 and m5 have no cited year
    assert [(u.claim_id, u.reason) for u in data.unplaced] == [
        ("m4", "cites no reference"), ("m5", "cited reference(s) 4 have no year")]


def test_chart_points_earliest_year(g):
    data = pictures.chart_data(g, years="earliest")
    assert [(p.claim_id, p.year) for p in data.points] == [
        ("m1", 2007), ("m3", 2007), ("m2", 2011), ("m7", 2012)]
    with pytest.raises(LitmineError):
        pictures.chart_data(g, years="latest")


def test_log_axis_mapping():
    lo, hi = pictures.decade_range([3e-4, 1.2e-2, 1e-3])
    assert (lo, hi) == (-4, -1)
    assert pictures.decade_range([1e-3]) == (-3, -2)
    y = lambda v: pictures.log_y(v, lo, hi, top=10, bottom=310)  # noqa: E731
    assert y(1e-4) == pytest.approx(310) and y(1e-1) == pytest.approx(10)
    assert y(1e-3) == pytest.approx(210) and y(1e-2) == pytest.approx(110)
    assert y(1e-3) < y(3e-4) < y(1e-4)   # larger values are higher up (smaller y)


def _svg_points(svg: str) -> dict[str, list[float]]:
    """claim id -> cy of its markers (circles/triangles) in the chart."""
    root = ET.fromstring(svg)
    out: dict[str, list[float]] = {}
    for grp in root.iter("g"):
        title = grp.find("title")
        circle = grp.find("circle")
        if title is not None and circle is not None:
            cid = re.search(r"claim (m\d+)", title.text).group(1)
            out.setdefault(cid, []).append(float(circle.get("cy")))
    return out


def test_chart_svg_places_larger_values_higher(g):
    svg = pictures.chart_svg(pictures.chart_data(g))
    cy = _svg_points(svg)
    assert sorted(cy) == ["m1", "m2", "m3", "m7"] and len(cy["m3"]) == 2
    assert cy["m2"][0] < cy["m3"][0] < cy["m1"][0]        # 1.2e-2 above 1e-3 above 3e-4
    assert "10⁻⁴" in svg and "10⁻¹" in svg and ">2010<" in svg
    legend = re.findall(r">(\w+) \((\d+)\)</text>", svg)
    assert legend == [("garnet", "3"), ("sulfide", "1"), ("unclassified", "1")]
    title = "LLZO [garnet]\nvalue as written: written m1\n= 3×10⁻⁴ S/cm (eq)\nref 1 (2007)\n" \
            "sentence s1, claim m1"
    assert pictures.point_title(pictures.chart_data(g).points[0]) == title


def test_spread_separates_coinciding_points():
    offsets = pictures.spread([(100, 50), (100, 52), (100, 200), (120, 50)], radius=5, jitter=7)
    assert offsets == [-3.5, 3.5, 0.0, 0.0]


def test_reference_neighbourhood_node_set(g):
    nb = pictures.neighbourhood(g, pictures.find_reference(g, 2), hops=2)
    assert nb.hop == {
        "reference:tiny:2": 0,
        "claim:tiny:m2": 1, "claim:tiny:m6": 1, "sentence:tiny:s2": 1,
        "material:tiny:LGPS": 2, "property:activation_energy": 2, "property:ionic_conductivity": 2,
    }
    assert "author:Kamaya" not in nb.hop                  # authors are not a drawn kind
    assert ("sentence:tiny:s2", "reference:tiny:2", "cites") in nb.edges
    assert ("claim:tiny:m2", "reference:tiny:2", "supported_by") in nb.edges
    layout = pictures.layered_layout(g, nb)
    assert layout["reference:tiny:2"] == (0, 0)
    assert [n for n in sorted(layout, key=layout.get) if layout[n][0] == 1] == [
        "claim:tiny:m2", "claim:tiny:m6", "sentence:tiny:s2"]


def test_default_centres(g):
    assert pictures.most_cited_reference(g) == "reference:tiny:1"       # two markers
    assert pictures.material_with_most_claims(g) == "material:tiny:LGPS"  # 2 claims, name order
    assert pictures.find_material(g, "llzo") == "material:tiny:LLZO"
    assert pictures.find_material(g, "Li10GeP2S12") == "material:tiny:LGPS"


def test_unknown_reference_and_material_are_errors(g):
    with pytest.raises(LitmineError, match=r"reference 99 not found \(references are 1–4\)"):
        pictures.render_page(g, reference=99)
    with pytest.raises(LitmineError, match="material 'LLZP' not found.*LLZO"):
        pictures.render_page(g, material="LLZP")


def test_page_is_deterministic(folder, g, tmp_path):
    again = from_json(to_json(build_document_graph(folder)))
    assert pictures.render_page(g) == pictures.render_page(again)
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    pictures.main(["--in", str(folder), "--out", str(a)])
    pictures.main(["--in", str(folder), "--out", str(b)])
    assert a.read_bytes() == b.read_bytes()
    assert a.read_text(encoding="utf-8") == pictures.render_page(g)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []
        self.style = ""
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend((k, v or "") for k, v in attrs)
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.style += data


def test_html_parses_and_is_self_contained(g):
    html = pictures.render_page(g, reference=2, material="PEO")
    p = _Collector()
    p.feed(html)
    p.close()
    assert p.tags.count("svg") == 3 and p.tags.count("table") == 3
    assert not {"script", "link", "img", "iframe", "object", "embed"} & set(p.tags)
    refs = [v for k, v in p.attrs if k in ("src", "href", "xlink:href")]
    assert not [v for v in refs if re.match(r"\s*https?://", v, re.I)]
    assert "url(" not in p.style and "@import" not in p.style
    for svg in re.findall(r"<svg\b.*?</svg>", html, re.S):   # each picture is well-formed XML
        ET.fromstring(svg)
    assert "Neighbourhood of reference [2] Kamaya 2011" in html
    assert "Neighbourhood of material PEO" in html


runner = CliRunner()


def test_cli_picture(folder, tmp_path):
    out = tmp_path / "p.html"
    res = runner.invoke(app, ["picture", "--in", str(folder), "--out", str(out), "-m", "LLZO"])
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("args, code, message", [
    (["--reference", "99"], 1, "reference 99 not found"),
    (["--material", "unobtainium"], 1, "material 'unobtainium' not found"),
])
def test_cli_picture_bad_choice(folder, tmp_path, args, code, message):
    out = tmp_path / "p.html"
    res = runner.invoke(app, ["picture", "--in", str(folder), "--out", str(out), *args])
    err = res.stderr.strip().splitlines()
    assert res.exit_code == code
    assert len(err) == 1 and err[0].startswith("litmine: error:") and message in err[0]
    assert not out.exists()


def test_cli_picture_folder_without_outputs(tmp_path):
    res = runner.invoke(app, ["picture", "--in", str(tmp_path)])
    assert res.exit_code == DataError.exit_code
    assert res.stderr.strip().splitlines() == [
        f"litmine: error: {tmp_path}: no litmine outputs here (run `litmine extract` first)"]


def test_corpus_graph_of_two_documents_is_refused(folder, tmp_path):
    other = write_folder(tmp_path / "corpus" / "tiny2")
    text = (other / "document.json").read_text(encoding="utf-8").replace('"tiny"', '"tiny2"')
    (other / "document.json").write_text(text, encoding="utf-8")
    write_graph(build_document_graph(other), other)
    write_folder(tmp_path / "corpus" / "tiny")
    with pytest.raises(DataError, match="holds 2 documents"):
        pictures.render_page(queries.load(tmp_path / "corpus").graph)
