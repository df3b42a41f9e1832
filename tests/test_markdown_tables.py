"""Markdown tables of any paper become claims (column roles from the header), and a short
Markdown document keeps its title and first paragraph apart."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.measurements import header_roles

DOC = """# Garnet electrolytes compared

## Introduction

Garnet-type Li7La3Zr2O12 (LLZO) is a promising solid electrolyte.[1] Table 1 compares doped garnets.[2,3]

Table 1. Ionic conductivity of doped garnets.

| Electrolyte | σ at 25 °C (S cm⁻¹) | Ea (eV) | Ref. |
|---|---|---|---|
| Al-LLZO | 4.0 × 10⁻⁴ | 0.34 | [2] |
| Ta-LLZO | 1.0 × 10⁻³ | 0.30 | [3] |

## References

1. Murugan, R., Thangadurai, V. & Weppner, W. Fast lithium ion conduction in garnet-type Li7La3Zr2O12. Angew. Chem. Int. Ed. 46, 7778–7781 (2007).
2. Rettenwander, D. et al. Structural and electrochemical consequences of Al and Ga cosubstitution. Chem. Mater. 28, 2384–2392 (2016).
3. Thompson, T. et al. Tetragonal vs. cubic phase stability in Al-free Ta doped Li7La3Zr2O12. J. Mater. Chem. A 2, 13431–13436 (2014).
"""


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("tab")
    src = d / "garnets.md"
    src.write_text(DOC, encoding="utf-8")
    res = CliRunner().invoke(app, ["extract", str(src), "-o", str(d / "out")])
    assert res.exit_code == 0, res.output
    return d / "out"


def test_title_and_first_paragraph(out: Path) -> None:
    doc = json.loads((out / "document.json").read_text(encoding="utf-8"))
    assert doc["title"] == "Garnet electrolytes compared"
    texts = [s["text"] for s in doc["sentences"] if s.get("kind") == "paragraph"]
    assert texts[0].startswith("Garnet-type Li7La3Zr2O12 (LLZO) is a promising")


def test_table_rows_give_one_claim_per_metric(out: Path) -> None:
    with (out / "measurements.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["source"] == "table"]
    got = [(r["material"], r["property"], float(r["value"]), r["unit"], r["temperature_c"],
            r["citations"]) for r in rows]
    assert got == [
        ("Al-LLZO", "ionic_conductivity", 4.0e-4, "S/cm", "25", "2"),
        ("Al-LLZO", "activation_energy", 0.34, "eV", "", "2"),
        ("Ta-LLZO", "ionic_conductivity", 1.0e-3, "S/cm", "25", "3"),
        ("Ta-LLZO", "activation_energy", 0.30, "eV", "", "3"),
    ]
    src = DOC
    for r in rows:  # the span is the value in the source
        assert src[int(r["char_start"]):int(r["char_end"])] == r["value_as_written"]


@pytest.mark.parametrize("header, roles", [
    (["Year", "ASSLMs", "Operation Conditions", "Specific Capacity (mAh g-1)", "Capacity Retention"],
     ["year", "cell", "conditions", "specific_capacity", "capacity_retention"]),
    (["Sample", "T (°C)", "Conductivity (mS cm-1)", "Ea (eV)", "Ref."],
     ["material", "temperature", "ionic_conductivity", "activation_energy", "ref"]),
    (["Notes", "Stability window (V)"], ["", "electrochemical_window"]),
])
def test_header_roles(header, roles) -> None:
    assert header_roles(header) == roles


def test_unheaded_introduction_is_body_text_and_history_line_is_furniture() -> None:
    from pipeline.ingest.markdown import read_markdown

    src = ("# High magnesium mobility in ternary spinels\n\n"
           "Pieremanuele Canepa, Shou-Hang Bo and Gerbrand Ceder\n\n"
           "Magnesium batteries appear a viable alternative. Here we demonstrate fast Mg conduction.\n\n"
           "1 Department of Materials Science, University of California, Berkeley, CA 94720, USA.\n\n"
           "Developing new battery technologies constitutes a challenge. Lithium-ion batteries lead.\n\n"
           "## Results\n\n"
           "We computed migration barriers for many spinels in this work.\n\n"
           "Received: 11 April 2017 Accepted: 12 October 2017\n")
    title, blocks, sections, sentences = read_markdown(src)
    kinds = {src[b.char_start:b.char_end].split()[0]: b.kind for b in blocks}
    assert kinds["Magnesium"] == "abstract"
    assert kinds["Developing"] == "paragraph"
    assert kinds["Received:"] == "furniture"
    assert [s.heading for s in sections] == ["Results"]


TWO_TABLES = """# Argyrodite and halide electrolytes

## Results

Table 1. Conductivities of the argyrodites.

| Sample | σRT (mS cm−1) | Ea (eV) |
|---|---|---|
| Li6PS5Cl | 2.1 | 0.31 |

Table 2. Transport properties at 25 °C.

| Composition | σ / S cm-1 | Ea / kJ mol-1 |
|---|---|---|
| Li3YCl6 | 5.1 × 10-4 | 38 |

| Electrolyte | Ionic conductivity (S/cm) | Temperature (°C) |
|---|---|---|
| LATP | 7 × 10-4 | 30 |
"""


def test_each_table_keeps_its_own_columns_units_and_temperatures(tmp_path) -> None:
    from tests.conftest import extracted_rows
    got = {(r["material"], r["property"]): (float(r["value"]), r["temperature_c"])
           for r in extracted_rows(tmp_path, TWO_TABLES)}
    assert got[("Li6PS5Cl", "ionic_conductivity")] == (0.0021, "RT")  # "σRT", no float noise
    assert got[("Li3YCl6", "ionic_conductivity")] == (0.00051, "25")  # the caption's temperature
    assert got[("Li3YCl6", "activation_energy")][0] == pytest.approx(0.3938, abs=1e-4)  # kJ/mol
    # the third table is not read with the second one's header (no "Ea" of 30)
    assert got[("LATP", "ionic_conductivity")] == (0.0007, "30")
    assert ("LATP", "activation_energy") not in got


MERGED_ROWS = """# Mobile ions

## Results

Table 4. Mobile ion concentration of selected conductors.

| material     | D (m2 s-1)   | conductivity (S cm-1) | temperature (K) | ref |
|--------------|--------------|-----------------------|-----------------|-----|
| Li7La3Zr2O12 | 3.1 × 10-13  | 6.50 × 10-7           | 343             | 463 |
|              | 5.0 × 10-13  | 1.02 × 10-6           | 355             |     |
| Li7GePS8     | 1.8 × 10-12  | 7 × 10-3              | 298             | 36  |

Table 1. Best performing ionic conductors.

| ion type | material | conductivity (mS cm-1) | structure type |
|----------|----------|------------------------|----------------|
| Mg 2+    | MgSc2Se4 | 0.1 (298 K)            | spinel         |
| H +      | CsH2PO4  | 22 (513 K)             | CsH2PO4        |
"""


def test_an_empty_cell_keeps_columns_and_an_empty_material_cell_continues_the_row_above(
        tmp_path) -> None:
    from tests.conftest import extracted_rows
    got = sorted((r["material"], float(r["value"]), r["temperature_c"])
                 for r in extracted_rows(tmp_path, MERGED_ROWS))
    assert got == [("CsH2PO4", 0.022, "239.85"), ("Li7GePS8", 0.007, "24.85"),
                   ("Li7La3Zr2O12", 6.5e-07, "69.85"), ("Li7La3Zr2O12", 1.02e-06, "81.85"),
                   ("MgSc2Se4", 0.0001, "24.85")]


CELL_TABLE = """# Battery performance

## Results

Table S7 Summary of the performances of all-solid-state lithium batteries.

| Solid electrolyte | Cathode | Cathode coating | Anode    | Performance                      | Ref |
|-------------------|---------|-----------------|----------|----------------------------------|-----|
| Li6PS5Cl          | LCO     | LiNbO3          | Graphite | 95.9% after 79 cycles (T = 30 °C) | [10] |
| Li3PS4            | NMC 622 | Li2CO3          | Li       | 91% after 100 cycles (T = 25 °C)  | [9] |
"""


def test_a_table_of_cells_with_a_column_per_electrode(tmp_path) -> None:
    from tests.conftest import extracted_rows
    rows = {r["value"]: (r["property"], r["material"], r["cell"], r["temperature_c"])
            for r in extracted_rows(tmp_path, CELL_TABLE) if r["source"] == "table"}
    assert rows["95.9"] == ("capacity_retention", "Li6PS5Cl", "Graphite|Li6PS5Cl|LCO", "30")
    assert rows["91"] == ("capacity_retention", "Li3PS4", "Li|Li3PS4|NMC622", "25")
