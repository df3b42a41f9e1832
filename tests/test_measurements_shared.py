"""One value stated for several materials at once, and the converter spellings found with them
(glued powers of ten, glued "Scm", spaced "e . g ."): small inline Markdown documents through
`pipeline.extract.extract`."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pipeline.extract import extract
from pipeline.ingest.sentences import split_sentences


def claims(tmp_path: Path, *paragraphs: str) -> list[dict]:
    src = tmp_path / "t.md"
    src.write_text("# Results\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    out = extract(src, tmp_path / "out")
    with (out / "measurements.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def by_value(rows: list[dict]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for r in rows:
        out.setdefault(r["value"], set()).add(r["material_canonical"])
    return out


def test_subject_list_right_before_the_value_shares_it(tmp_path):
    rows = claims(tmp_path, "Whilst the pure salts show mobility only above the transition, the "
                  "mixed-anion Na3BH4B12H12 and Na2B10H10 conduct Na+ at high rates already "
                  "from RT (10^-3 S cm^-1), approaching that of Na beta-alumina.")
    assert by_value(rows)["0.001"] == {"Na3BH4B12H12", "Na2B10H10"}


def test_examples_after_the_value_replace_the_class(tmp_path):
    rows = claims(tmp_path, "Mixed closo-hydroborates are found to be Na+ superionic conductors "
                  "(> 10^-3 S cm^-1) at room temperature, e.g. Na4(B12H12)(B10H10) and "
                  "Na4(CB11H12)2(B12H12) that combine both anions.")
    assert by_value(rows)["0.001"] == {"Na4(B12H12)(B10H10)", "Na4(CB11H12)2(B12H12)"}


def test_plural_anaphor_takes_the_list_of_the_sentence_before(tmp_path):
    rows = claims(tmp_path, "Other groups obtained Li2B10H10, LiCB11H12, and LiCB9H10. These "
                  "materials have an ionic conductivity as high as 0.03 S cm^-1 at 354 K.")
    assert by_value(rows)["0.03"] == {"Li2B10H10", "LiCB11H12", "LiCB9H10"}


def test_all_three_takes_the_last_three_materials_of_the_paragraph(tmp_path):
    rows = claims(tmp_path, "Li2ZrCl6 was selected because it enables long cycling. Li3YCl6 was "
                  "chosen because Y is cheap. Li3InCl6 serves as the reference. Most importantly, "
                  "all three SEs exhibit very similar ionic conductivity of 1-2 mS cm^-1.")
    assert by_value(rows)["0.001"] == {"Li2ZrCl6", "Li3YCl6", "Li3InCl6"}


@pytest.mark.parametrize("sentence", [
    "The LLZO and LATP composite shows 1 × 10^-3 S cm^-1 at 25 °C.",       # one composite
    "Compared with LLZO and LATP, LGPS shows 1 × 10^-3 S cm^-1 at 25 °C.",  # a comparison
    "LLZO and LATP show 1 × 10^-3 and 2 × 10^-3 S cm^-1, respectively.",      # own values
])
def test_no_sharing_for_composites_comparisons_and_own_values(tmp_path, sentence):
    assert all(len(mats) == 1 for mats in by_value(claims(tmp_path, sentence)).values())


def test_glued_power_of_ten_and_glued_siemens_per_centimetre(tmp_path):
    rows = claims(tmp_path, "LLZO shows 10-3 S cm-1 at 25 °C.",
                  "Na2B10H10 shows superionic conductivity (0.01Scm -1) at 400 K.",
                  "The cells lasted 10-12 cycles.")
    values = {(r["property"], r["value"], r["value_high"]) for r in rows}
    assert ("ionic_conductivity", "0.001", "") in values
    assert ("ionic_conductivity", "0.01", "") in values
    assert ("cycle_life", "10", "12") in values  # an ascending range stays a range


def test_millielectronvolts_in_a_conduction_sentence_are_activation_energies(tmp_path):
    rows = claims(tmp_path, "The Na conduction in Na3BH4B12H12 is facilitated with respect to "
                  "Na2B10H10 (470 meV).")
    assert [(r["property"], r["value"]) for r in rows] == [("activation_energy", "0.47")]


def test_spaced_abbreviations_do_not_end_a_sentence():
    text = "conductors at room temperature , e . g . Na4(B12H12)(B10H10) and X . Next ."
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "conductors at room temperature , e . g . Na4(B12H12)(B10H10) and X .", "Next ."]


def test_uncertainty_in_parentheses_and_the_glyph_plus_minus(tmp_path):
    rows = claims(tmp_path, "The /C0 glyphs mark this converter /C0 /C0. The separators were "
                  "determined to be s ion (SG) = 1.56 ( G 0.11) mS cm /C0 1 at 298 K.")
    assert [(r["value"], r["temperature_c"]) for r in rows
            if r["property"] == "ionic_conductivity"] == [("0.00156", "24.85")]


def test_temperature_right_before_the_parenthesis_with_the_value(tmp_path):
    rows = claims(tmp_path, "The Li2(CB9H10)(CB11H12) conductivity seems to match that for "
                  "disordered LiCB9H10 (ref 4) and Li10GeP2S12 (ref 5) at 350 K (≈ 0.04 S cm^-1) "
                  "and above, remaining lower than that for LiCB11H12 (ref 3) above 380 K.")
    assert [(r["material_canonical"], r["temperature_c"]) for r in rows] == [
        ("Li2(CB9H10)(CB11H12)", "76.85")]


def test_activation_energy_takes_the_temperature_its_clause_states(tmp_path):
    rows = claims(tmp_path, "Amide borohydrides such as Li2(BH4)(NH2) (560 meV) show comparable "
                  "activation energies even at RT.")
    assert [(r["value"], r["temperature_c"]) for r in rows] == [("0.56", "RT")]


def test_plural_noun_before_one_value_shares_it_with_the_listed_materials(tmp_path):
    rows = claims(tmp_path, "The conductivities of LiCB11H12 and NaCB11H12 are 0.15 S cm^-1 and "
                  "0.12 S cm^-1, respectively, with low activation energies of 0.22 eV.")
    assert by_value(rows)["0.22"] == {"LiCB11H12", "NaCB11H12"}
    assert by_value(rows)["0.15"] == {"LiCB11H12"}


def test_values_paired_with_mobile_ions_take_the_analogous_compounds(tmp_path):
    rows = claims(tmp_path, "Na2(CB9H10)(CB11H12) outperforms Li2(CB9H10)(CB11H12) and Na3PSe4. "
                  "The conductivity barriers [311(2) meV and 226(2) meV for Li + and Na + , "
                  "respectively] agree with those of the single-anion compounds.")
    assert {(r["value"], r["material_canonical"]) for r in rows} == {
        ("0.311", "Li2(CB9H10)(CB11H12)"), ("0.226", "Na2(CB9H10)(CB11H12)")}


def test_value_derived_from_a_named_material(tmp_path):
    rows = claims(tmp_path, "The cubic phase conducts well. Its activation energy of 0.21(1) eV is "
                  "lower than the values of 0.79 eV and 0.62 eV reported for NaAlH4 and Na3AlH6, "
                  "respectively, and 0.61(1) eV derived from the Na2BH4NH2 conductivity data.")
    assert by_value(rows)["0.61"] == {"Na2BH4NH2"}


def test_each_of_two_values_keeps_its_own_material_in_a_listed_subject(tmp_path):
    rows = claims(tmp_path, "The conductivities of SG-LPSCl and LG-LPSCl separators were "
                  "determined to be σ (SG) = 1.56 mS cm^-1 and σ (LG) = 1.95 mS cm^-1 at 298 K.")
    assert sorted(r["value"] for r in rows) == ["0.00156", "0.00195"]


def test_plural_noun_phrase_before_the_value_takes_the_list_of_the_sentence_before(tmp_path):
    rows = claims(tmp_path, "Repeating the experiment on pure NaCB11H12 or Na2B12H12, the short "
                  "circuit is obtained at 50 and 55 MPa, respectively. Due to the low ionic "
                  "conductivity of the single anion phases (typically 10^-6-10^-8 S cm^-1), no "
                  "contribution was seen.")
    assert by_value(rows)["1e-08"] == {"NaCB11H12", "Na2B12H12"}


def test_a_value_hung_on_a_list_by_a_participle_is_one_statement(tmp_path):
    rows = claims(tmp_path, "Sulfide glass electrolytes include Li2S-P2S5, Li2S-GeS2, and Li2S-SiS2 "
                  "with conductivities of ~10^-4 S cm^-1.")
    assert len(rows) == 1


def test_respectively_list_of_unknown_sample_labels(tmp_path):
    rows = claims(tmp_path, "Fig. 3 compares the curves. The IDCs of LRMO, LZ5, and LZM2 at 0.1 C "
                  "were 137.6, 158.7, and 182.8 mAh g^-1, respectively.")
    assert [(r["value"], r["material"]) for r in rows] == [
        ("137.6", "LRMO"), ("158.7", "LZ5"), ("182.8", "LZM2")]


def test_for_both_cells_takes_the_two_materials_named_before(tmp_path):
    rows = claims(tmp_path, "Symmetric cells with Li6PS5Cl and Li3YCl6 were cycled at 0.2 mA cm^-2. "
                  "The potential rises suddenly after ~15.4 h for both cells.")
    assert by_value(rows)["15.4"] == {"Li6PS5Cl", "Li3YCl6"}


def test_activation_energy_does_not_take_the_temperature_of_another_quantity(tmp_path):
    rows = claims(tmp_path, "The extrapolated conductivity based on the measured barrier of "
                  "MgSc2Se4 (370 meV) and Mg jump rate (~100 MHz) at 450 K is low.")
    assert [(r["value"], r["temperature_c"]) for r in rows
            if r["property"] == "activation_energy"] == [("0.37", "")]


def test_a_carbon_additives_conductivity_is_electronic(tmp_path):
    rows = claims(tmp_path, "The carbon black additive shows a conductivity of 7 S m^-1.")
    assert [(r["property"], r["value"]) for r in rows] == [("electronic_conductivity", "0.07")]


def test_a_material_alone_in_the_parenthesis_after_each_value(tmp_path):
    rows = claims(tmp_path, "The initial discharge capacities were 800 mAh g^-1 (carbon black), "
                  "703 mAh g^-1 (graphite), and 494 mAh g^-1 (bare Al).")
    assert [(r["value"], r["material"]) for r in rows] == [
        ("800", "carbon black"), ("703", "graphite"), ("494", "Al")]


def test_value_in_a_relative_clause_belongs_to_its_head(tmp_path):
    rows = claims(tmp_path, "It is comparable to the reported Na3BH4B12H12 and ball-milled Na2B12H12 "
                  "and only surpassed by equimolar mixed carborate phases that can reach an "
                  "exceptional conductivity of 70 mS cm^-1 at room temperature.")
    assert [(r["material"], r["material_rule"]) for r in rows] == [
        ("equimolar mixed carborate phases", "relative_clause")]


def test_a_bound_after_a_class_and_its_symbol_is_shared_by_the_materials_it_names(tmp_path):
    rows = claims(tmp_path, "We re-evaluated four recently reported superionic SSEs (σ ion > "
                  "10^-3 S cm^-1 at 60 °C) for battery applications, i.e., Li2(CB9H10)(CB11H12), "
                  "Na3(BH4)(B12H12), and Na4(B12H12)(B10 H10).")
    assert by_value(rows)["0.001"] == {"Li2(CB9H10)(CB11H12)", "Na3(BH4)(B12H12)",
                                       "Na4(B12H12)(B10H10)"}


def test_the_materials_a_mixture_is_made_of_are_not_its_subjects(tmp_path):
    rows = claims(tmp_path, "For instance, Na4(B12H12)(B10H10), an equimolar mixture of Na2B12H12 "
                  "and Na2B10H10, exhibits a room-temperature ionic conductivity of 10^-3 S cm^-1.")
    assert by_value(rows)["0.001"] == {"Na4(B12H12)(B10H10)"}


def test_a_material_named_as_a_structure_type_is_no_subject(tmp_path):
    rows = claims(tmp_path, "Richards et al. predicted that the Na-ion conductor Na10SnP2S12 with "
                  "the LGPS structure exhibits a conductivity of 0.94 mS cm^-1 with an activation "
                  "energy of 0.32 eV.")
    assert by_value(rows) == {"0.00094": {"Na10SnP2S12"}, "0.32": {"Na10SnP2S12"}}


def test_the_sentences_after_a_value_go_on_about_its_material(tmp_path):
    rows = claims(tmp_path, "In Li3OCl antiperovskite conductors, the barrier depends on the "
                  "arrangement of the anions. In the oxide-ion conductor Na0.5Bi0.5TiO3, the "
                  "migration barriers range from 0.22 eV to 2.0 eV. Their simulations also "
                  "predict that an ordered sublattice decreases the activation energy from 0.38 "
                  "to 0.24 eV.")
    got = by_value(rows)
    assert got["0.38"] == got["0.24"] == {"Na0.5Bi0.5TiO3"}


def test_it_takes_the_material_a_sentence_before_opens_with(tmp_path):
    rows = claims(tmp_path, "Halides such as Li3InCl6 are compatible with 4 V-class cathodes. "
                  "Na4(CB11H12)2(B12H12) is another hydroborate SE based on a 2:1 molar mixture "
                  "of NaCB11H12 and Na2B12H12. Similarly to Na4(B12H12)(B10H10), it was shown to "
                  "be highly conductive (1-2 mS cm^-1 at room temperature) and stable against "
                  "sodium metal.")
    assert by_value(rows)["0.001"] == {"Na4(CB11H12)2(B12H12)"}


def test_a_material_naming_the_family_of_a_property_noun_is_no_subject(tmp_path):
    rows = claims(tmp_path, "For example, Na3(BH4)(B12H12) shows the highest NaBH4-based "
                  "room-temperature conductivity of 5 x 10^-4 S cm^-1.")
    assert by_value(rows)["0.0005"] == {"Na3(BH4)(B12H12)"}


def test_a_family_the_clause_names_is_not_the_papers_own_material(tmp_path):
    rows = claims(tmp_path, "Here we study Na4(CB11H12)2(B12H12) in full cells. The "
                  "Na4(CB11H12)2(B12H12) electrolyte was made by a solution route.",
                  "Ion-conducting oxides show moderate Li-ion conductivities on the order of "
                  "10^-6 to 10^-3 S cm^-1 at room temperature. Ionic conductivities of 1 mS cm^-1 "
                  "at room temperature are obtained in hydroborate SEs via anion mixing.")
    got = by_value(rows)
    assert got["1e-06"] == {"oxides"}
    assert got["0.001"] == {"hydroborate SEs"}
