"""Document context (pipeline/context.py): the paper's own material and contextual temperatures,
on small hand-made research articles run end to end."""

from __future__ import annotations

import csv
from pathlib import Path

from pipeline.extract import extract

ARTICLE = """# Fast sodium conduction in Na3SbS4 glass-ceramics

## Abstract

We report Na3SbS4 glass-ceramics prepared by ball milling. The Na3SbS4 electrolyte enables stable
sodium cells.

## Results and discussion

Impedance spectra were recorded between 25 and 100 °C.

At 60 °C the pellet shows a conductivity of 2.1 × 10⁻³ S cm⁻¹. Sintering raises it to 3.4 mS cm⁻¹.

The activation energy is 0.21 eV.

The electrolyte has a conductivity of 1.5 mS cm⁻¹.

## Experimental

All cells were cycled at 30 °C between 1.2 and 3.6 V.

A TiS2 cathode delivers a discharge capacity of 150 mAh g⁻¹ at 0.1 C.
"""


def claims(tmp_path: Path, text: str) -> list[dict]:
    src = tmp_path / "article.md"
    src.write_text(text, encoding="utf-8")
    out = extract(src, tmp_path / "out")
    with (out / "measurements.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def by_value(rows: list[dict], value: str) -> dict:
    return next(r for r in rows if r["value"] == value)


def test_paragraph_temperature_carries_to_the_next_sentence(tmp_path: Path):
    rows = claims(tmp_path, ARTICLE)
    first, second = by_value(rows, "0.0021"), by_value(rows, "0.0034")
    assert (first["temperature_c"], first["temperature_rule"]) == ("60", "sentence")
    assert (second["temperature_c"], second["temperature_rule"]) == ("60", "paragraph")


def test_no_temperature_crosses_a_paragraph(tmp_path: Path):
    row = by_value(claims(tmp_path, ARTICLE), "0.0015")
    assert row["temperature_c"] == "" and row["temperature_rule"] == ""


def test_own_material_when_the_sentence_names_none(tmp_path: Path):
    rows = claims(tmp_path, ARTICLE)
    row = by_value(rows, "0.0015")
    assert row["material_canonical"] == "Na3SbS4"
    assert row["material_rule"] == "document_subject"


def test_cell_metric_takes_the_cells_test_temperature(tmp_path: Path):
    row = by_value(claims(tmp_path, ARTICLE), "150")
    assert (row["temperature_c"], row["temperature_rule"]) == ("30", "document")


def test_a_review_carries_nothing(tmp_path: Path):
    review = ARTICLE.replace("At 60 °C the pellet shows", "At 60 °C the pellet [1] shows") \
        .replace("Sintering raises", "Sintering [2] raises") \
        .replace("The activation energy is", "The activation energy [3] is") \
        .replace("The electrolyte has", "The electrolyte [4] has") \
        .replace("A TiS2 cathode delivers", "A TiS2 cathode [5] delivers") \
        .replace("We report", "Others report [6]").replace("The Na3SbS4 electrolyte", "The Na3SbS4 electrolyte [7]") \
        .replace("Impedance spectra", "Impedance spectra [8]").replace("All cells", "All cells [9]")
    review += "\n## References\n\n" + "".join(
        f"{n}. Author, A. Title {n}. J. Chem. {n}, {n} (2020).\n" for n in range(1, 10))
    rows = claims(tmp_path, review)
    assert by_value(rows, "0.0034")["temperature_c"] == ""
    assert by_value(rows, "150")["temperature_rule"] == ""


def test_a_paper_that_calls_itself_a_review_is_one(tmp_path: Path):
    review = ARTICLE.replace("# Fast sodium conduction in Na3SbS4 glass-ceramics",
                             "# Sodium thioantimonates: a review")
    row = by_value(claims(tmp_path, review), "0.0015")
    assert row["material_rule"] != "document_subject" and row["temperature_rule"] == ""


def test_a_value_both_materials_share_is_a_claim_for_each(tmp_path: Path):
    text = ("# Fast ions\n\n## Results\n\nThe LiCB11H12 and NaCB11H12 salts both exhibit "
            "conductivities above 0.1 S cm⁻¹ at 400 K.\n\nLi3InCl6 shows 1 mS cm⁻¹ while LiCl and "
            "NaCl do not.\n")
    rows = claims(tmp_path, text)
    assert sorted(r["material_canonical"] for r in rows if r["value"] == "0.1") == [
        "LiCB11H12", "NaCB11H12"]
    assert [r["material_canonical"] for r in rows if r["value"] == "0.001"] == ["Li3InCl6"]


def test_own_cell_metric_takes_the_cell_the_paper_writes_out(tmp_path: Path):
    text = ARTICLE + ("\nThe In|Na3SbS4|TiS2 cells were assembled in Ar. An In|Na3SbS4|TiS2 cell "
                      "was also cycled at 30 °C.\n\nThe capacity retention is 90% after 100 cycles.\n")
    row = by_value(claims(tmp_path, text), "90")
    assert (row["cell"], row["cell_rule"]) == ("In|Na3SbS4|TiS2", "document")



def test_a_test_that_was_not_possible_does_not_set_the_cell_temperature(tmp_path) -> None:
    text = ARTICLE.replace("All cells were cycled at 30 °C between 1.2 and 3.6 V.",
                           "Room temperature cycling was not possible because of dendrites. "
                           "Cyclic voltammetry of the cell was performed at 60 °C.")
    rows = [r for r in claims(tmp_path, text) if r["property"] == "specific_capacity"]
    assert [(r["value"], r["temperature_c"], r["temperature_rule"]) for r in rows] == [
        ("150", "60", "document")]


def test_symmetric_cell_test_temperature_is_a_fallback_and_melting_points_are_not_tests(
        tmp_path) -> None:
    text = ARTICLE.replace("All cells were cycled at 30 °C between 1.2 and 3.6 V.",
                           "Closer to the melting temperature of sodium at 98 °C the critical "
                           "current density increases. Symmetric cells show a critical current "
                           "density of 0.6 mA cm^-2 at room temperature.")
    rows = [r for r in claims(tmp_path, text) if r["property"] == "specific_capacity"]
    assert [(r["temperature_c"], r["temperature_rule"]) for r in rows] == [("RT", "document")]


def test_a_bare_element_is_never_the_papers_own_material(tmp_path) -> None:
    text = ARTICLE.replace("We report Na3SbS4 glass-ceramics prepared by ball milling.",
                           "We report Al current collectors. Al foils and Al tabs are used.")
    text = text.replace("The Na3SbS4 electrolyte enables stable", "The Al foils enable stable")
    rows = [r for r in claims(tmp_path, text) if r["material_rule"] == "document_subject"]
    assert all(r["material_canonical"] != "Al" for r in rows)


def test_a_value_takes_the_temperature_of_the_figure_it_refers_to(tmp_path):
    from tests.conftest import extracted_rows
    doc = ("# Halide electrolytes\n\n## Results\n\nThe Li3YCl6 pellets show 0.51 mS cm−1 (Fig. 2a). "
           "Li3YBr6 reaches 1.7 mS cm−1 at 60 °C (Fig. 3).\n\n"
           "Figure 2. Nyquist plots of (a) Li3YCl6 and (b) Li3YBr6 at 25 °C.\n\n"
           "Figure 3. Arrhenius plots between 25 and 100 °C.\n")
    rows = {r["value"]: (r["temperature_c"], r["temperature_rule"])
            for r in extracted_rows(tmp_path, doc)}
    assert rows["0.00051"] == ("25", "figure")
    assert rows["0.0017"] == ("60", "sentence")  # its own temperature first


def test_a_document_of_several_studies_has_an_own_material_per_section():
    from pipeline.context import section_own_materials
    from pipeline.schema import Mention, Sentence

    def st(i: int, section: str):
        s = Sentence(id=f"s{i}", section=section, char_start=i, char_end=i + 1, text="x",
                     spans=[], block_id=f"b{i}", kind="paragraph")
        return type("ST", (), {"sentence": s, "text": "x"})()

    sents = [st(i, "Chapter 2") for i in range(5)] + [st(i, "Chapter 3") for i in range(5, 10)]
    def m(i: int, name: str):
        return Mention(f"s{i}", 0, 1, name, name, formula=name, material_class="other")
    mentions = {"s0": [m(0, "LiBH4")], "s1": [m(1, "LiBH4")],
                "s5": [m(5, "Na4(CB11H12)2(B12H12)")], "s6": [m(6, "Na4(CB11H12)2(B12H12)")]}
    own = section_own_materials(sents, mentions)
    assert own["s3"].canonical == "LiBH4" and own["s8"].canonical == "Na4(CB11H12)2(B12H12)"


def test_an_own_material_named_in_words_in_the_abstract(tmp_path: Path) -> None:
    from pipeline.formulas import named_compositions
    assert named_compositions("in the magnesium scandium selenide spinel") == \
        [frozenset({"Mg", "Sc", "Se"})]
    assert named_compositions("lithium sulfide and Li metal") == []  # a binary precursor
    doc = ("# High magnesium mobility in spinels\n\n## Abstract\n\nHere we show fast magnesium "
           "transport in the magnesium scandium selenide spinel.\n\n## Introduction\n\nEarlier "
           "work studied MgTi2S4 and MgMn2O4.\n\n## Results\n\nThe activation energy is 0.37 eV.\n\n"
           "## Experimental\n\nMgSc2Se4 was made by ball milling.\n")
    src = tmp_path / "doc.md"
    src.write_text(doc, encoding="utf-8")
    out = extract(src, tmp_path / "out")
    rows = list(csv.DictReader((out / "measurements.csv").open(encoding="utf-8")))
    assert [(r["value"], r["material_canonical"]) for r in rows] == [("0.37", "MgSc2Se4")]


def test_a_document_of_several_studies_has_a_cell_test_temperature_per_section():
    from pipeline.context import section_cell_temperatures
    from pipeline.measurements import temperature_text
    from pipeline.schema import Sentence

    def st(i: int, section: str, text: str):
        s = Sentence(id=f"s{i}", section=section, char_start=i, char_end=i + 1, text=text,
                     spans=[], block_id=f"b{i}", kind="paragraph")
        return type("ST", (), {"sentence": s, "text": text})()

    sents = [st(0, "Chapter 2", "The cells were cycled at 25 °C."), st(1, "Chapter 2", "x"),
             st(2, "Chapter 3", "Galvanostatic cycling was performed at 60 °C."),
             st(3, "Chapter 3", "x"), st(4, "Chapter 4", "No test here.")]
    temps = section_cell_temperatures(sents, temperature_text)
    assert temps["s1"] == "25" and temps["s3"] == "60" and "s4" not in temps


def test_a_cycling_time_takes_its_sentence_temperature(tmp_path: Path):
    from tests.conftest import extracted_rows
    doc = ("# Borohydride electrolytes\n\n## Results\n\n"
           "LiBH4 shows stable 100 h galvanostatic stripping/plating in a symmetric cell with "
           "lithium metal at 0.2 mA cm−2 at 120 °C.\n")
    rows = [r for r in extracted_rows(tmp_path, doc) if r["property"] == "cycling_time"]
    assert [(r["value"], r["temperature_c"]) for r in rows] == [("100", "120")]
