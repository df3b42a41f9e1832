"""Offsets are exact for any line-ending convention (LF, CRLF, CR, mixed), a UTF-8 byte-order
mark, and UTF-16/32 text with a byte-order mark: every span indexes the text as stored
(``text.txt``, read without newline translation) and finds what the LF version finds."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.extract import extract
from pipeline.ingest import load_document
from pipeline.io import read_text_exact
from pipeline.markers import find_markers

LINES = [
    "# Garnet electrolytes",
    "## Introduction",
    "LLZO shows an ionic conductivity of 3 × 10⁻⁴ S cm⁻¹ at RT.[1] It is",
    "stable against lithium metal, and LATP reaches 1 mS cm⁻¹ at 25 °C.[2]",
    "The activation energy of Li₇La₃Zr₂O₁₂ is 0.3 eV (ref. 2).",
    "- A list item about LiPON with 2 × 10⁻⁶ S cm⁻¹.",
    "| LLZO | 3 × 10⁻⁴ S cm⁻¹ |",
    "Figure 1. Conductivity of LLZO and LATP.",
]
REFS = ["## References",
        "1. Smith, A. (2007). Garnet. *J. Mater. Chem.* 17, 100–110.",
        "2. Jones, B. (2010). NASICON. *Solid State Ionics* 18, 1–10."]
ENDINGS = ["\n", "\r\n", "\r"]


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


@st.composite
def documents(draw) -> tuple[str, str]:
    """(source text, the same text with LF endings): random lines, blank lines and endings."""
    lines = draw(st.lists(st.sampled_from(LINES), min_size=1, max_size=8))
    lines = ["# A paper", "", "The garnet LLZO is stable in air.", ""] + [x for line in lines for x in (line, "")
                                 if x or draw(st.booleans())] + [""] + REFS
    parts: list[str] = []
    for line in lines:
        ending = draw(st.sampled_from(ENDINGS))
        if not line and parts and parts[-1].endswith("\r") and ending == "\n":
            ending = "\r\n"  # CR + LF would merge into one line ending
        parts.append(line + ending)
    text = "".join(parts)
    return text, _lf(text)


def _check_spans(text: str, doc) -> None:
    for s in doc.sentences:
        assert " ".join(text[a:b] for a, b in s.spans) == s.text
        assert s.char_start == s.spans[0][0] and s.char_end == s.spans[-1][1]
    for b in doc.blocks:
        assert 0 <= b.char_start <= b.char_end <= len(text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=documents(), bom=st.booleans())
def test_offsets_index_the_source_for_any_line_endings(tmp_path: Path, doc, bom: bool):
    text, lf = doc
    src = tmp_path / "doc.md"
    src.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    loaded, got = load_document(src)
    assert got == src.read_bytes().decode("utf-8")  # the file as stored, BOM and CRs included
    _check_spans(got, loaded)
    ref_src = tmp_path / "lf.md"
    ref_src.write_text(lf, encoding="utf-8", newline="")
    ref, _ = load_document(ref_src)
    assert [_lf(s.text) for s in loaded.sentences] == [s.text for s in ref.sentences]
    assert [b.kind for b in loaded.blocks] == [b.kind for b in ref.blocks]
    markers = find_markers(got)
    assert [(m.raw, m.refs) for m in markers] == [(m.raw, m.refs) for m in find_markers(lf)]
    assert all(got[m.start:m.end] == m.raw for m in markers)


def _tables(out: Path) -> dict[str, list[dict]]:
    tables = {}
    for name in ("citations.csv", "mentions.csv", "measurements.csv", "references.csv"):
        with (out / name).open(encoding="utf-8", newline="") as fh:
            tables[name] = list(csv.DictReader(fh))
    return tables


def _extract_and_check(src: Path, out: Path) -> dict[str, list]:
    extract(src, out)
    text = read_text_exact(out / "text.txt")
    t = _tables(out)
    for r in t["citations.csv"]:
        assert text[int(r["char_start"]):int(r["char_end"])] == r["raw"]
    for r in t["mentions.csv"]:
        assert text[int(r["char_start"]):int(r["char_end"])] == r["text"]
    for r in t["measurements.csv"]:
        assert text[int(r["char_start"]):int(r["char_end"])] == r["value_as_written"]
    doc = json.loads((out / "document.json").read_text(encoding="utf-8"))
    for s in doc["sentences"]:
        assert " ".join(text[a:b] for a, b in s["spans"]) == s["text"]
    return {"citations": [(r["raw"], r["refs"]) for r in t["citations.csv"]],
            "mentions": [r["text"] for r in t["mentions.csv"]],
            "claims": [(r["value_as_written"], r["material"], r["property"], r["citations"])
                       for r in t["measurements.csv"]],
            "references": [r["raw"] for r in t["references.csv"]]}


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=documents(), bom=st.booleans())
def test_every_table_indexes_text_txt_for_any_line_endings(tmp_path_factory, doc, bom: bool):
    text, lf = doc
    d = tmp_path_factory.mktemp("le")
    (d / "a.md").write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    (d / "b.md").write_text(lf, encoding="utf-8", newline="")
    assert _extract_and_check(d / "a.md", d / "a") == _extract_and_check(d / "b.md", d / "b")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_a_bom_are_read_as_text(tmp_path: Path, encoding: str):
    text = "# A paper\r\n\r\nLLZO shows an ionic conductivity of 3 × 10⁻⁴ S cm⁻¹ at RT.[1]\r\n"
    bom = {"utf-16-be": b"\xfe\xff"}.get(encoding, b"")
    src = tmp_path / "doc.md"
    src.write_bytes(bom + text.encode(encoding))
    out = tmp_path / "out"
    extract(src, out)
    assert read_text_exact(out / "text.txt") == text
    with (out / "measurements.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 1 and text[int(rows[0]["char_start"]):int(rows[0]["char_end"])] \
        == rows[0]["value_as_written"]


def test_crlf_document_with_reference_list_extracts(tmp_path: Path):
    text = ("# A paper\r\n\r\n## Introduction\r\n\r\nLLZO reaches 3 × 10⁻⁴ S cm⁻¹ at RT.[1]\r\n\r\n"
            "## References\r\n\r\n1. Smith, A. (2007). Garnet. *J. Mater. Chem.* 17, 100–110.\r\n")
    src = tmp_path / "crlf.md"
    src.write_bytes(text.encode("utf-8"))
    got = _extract_and_check(src, tmp_path / "out")
    assert got["claims"] == [("3 × 10⁻⁴ S cm⁻¹", "LLZO", "ionic_conductivity", "1")]
    assert got["references"] == ["Smith, A. (2007). Garnet. *J. Mater. Chem.* 17, 100–110."]
