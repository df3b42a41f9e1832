"""Plausibility flags (pipeline/plausibility.py, models/plausibility.yaml)."""

from __future__ import annotations

import pytest

from pipeline.plausibility import at_room_temperature, claim_flags, flags_cell, plausibility


@pytest.mark.parametrize("prop, value, high, unit, temp, expected", [
    ("ionic_conductivity", 10.0, None, "S/cm", "RT", ["conductivity_ge_1_S_cm_at_rt",
                                                       "conductivity_ge_10_S_cm"]),
    ("ionic_conductivity", 1.0, None, "S/cm", "", ["conductivity_ge_1_S_cm_at_rt"]),
    ("ionic_conductivity", 1.2, None, "S/cm", "25", ["conductivity_ge_1_S_cm_at_rt"]),
    ("ionic_conductivity", 1.2, None, "S/cm", "300", []),  # a hot superionic phase
    ("ionic_conductivity", 1e-3, None, "S/cm", "RT", []),
    ("ionic_conductivity", 1e-4, 2.0, "S/cm", "RT", ["conductivity_ge_1_S_cm_at_rt"]),  # range top
    ("activation_energy", 3.5, None, "eV", "", ["activation_energy_gt_3_eV"]),
    ("activation_energy", 0.38, None, "eV", "", []),
    ("activation_energy", 3.0, None, "eV", "", []),
    ("coulombic_efficiency", 99.9, None, "%", "", []),
    ("coulombic_efficiency", 101.0, None, "%", "", ["coulombic_efficiency_gt_100_percent"]),
    ("specific_capacity", -120.0, None, "mAh/g", "", ["negative_value"]),
    ("transference_number", 1.4, None, "", "", ["transference_number_gt_1"]),
    ("ionic_conductivity", 10.0, None, "mS/cm", "RT", []),  # rules are per canonical unit
])
def test_range_rules(prop, value, high, unit, temp, expected):
    assert claim_flags(prop, value, high, unit, temp) == expected


def test_uncertain_text_and_repaired_span():
    assert claim_flags("ionic_conductivity", 4.6e-4, None, "S/cm", "RT",
                       "4.6 (cid:2) 10 (cid:0) 4 S cm") == ["repaired_text"]
    assert claim_flags("ionic_conductivity", 0.1, None, "S/cm", "RT", "0.1 S cm /C0 1") \
        == ["repaired_text"]
    assert claim_flags("ionic_conductivity", 4.6e-4, None, "S/cm", "RT", "4.6 × 10\ufffd4") \
        == ["uncertain_text"]
    assert claim_flags("ionic_conductivity", 4.6e-4, None, "S/cm", "RT", "4.6 × 10⁻⁴ S cm⁻¹",
                       span=(10, 25), uncertain_spans=[(20, 22)]) == ["repaired_span"]
    assert claim_flags("ionic_conductivity", 4.6e-4, None, "S/cm", "RT", "4.6 × 10⁻⁴ S cm⁻¹",
                       span=(10, 25), uncertain_spans=[(25, 30), (0, 10)]) == []


def test_room_temperature():
    assert at_room_temperature("RT", 40) and at_room_temperature("", 40)
    assert at_room_temperature(None, 40) and at_room_temperature("24.85", 40)
    assert not at_room_temperature("80", 40) and not at_room_temperature("n/a", 40)


def test_flags_cell_and_rules_are_unique():
    assert flags_cell(["a", "b"]) == "a;b" and flags_cell([]) == ""
    flags = [r.flag for r in plausibility().rules]
    assert len(flags) == len(set(flags))


def test_measurements_csv_has_flags_column(tmp_path):
    from tests.conftest import extracted_rows

    text = ("# Garnet electrolytes\n\n## Results\n\n"
            "The LLZO pellet shows an ionic conductivity of 10 S cm⁻¹ at room temperature. "
            "The LATP pellet shows an ionic conductivity of 3 × 10⁻⁴ S cm⁻¹ at room temperature.\n")
    rows = extracted_rows(tmp_path, text)
    by_value = {r["value"]: r["flags"] for r in rows if r["property"] == "ionic_conductivity"}
    assert by_value == {"10": "conductivity_ge_1_S_cm_at_rt;conductivity_ge_10_S_cm",
                        "0.0003": ""}


def test_unmapped_glyph_next_to_the_value_makes_it_uncertain():
    from pipeline.plausibility import uncertain_context

    text = "a conductivity of 4.6 \ufffd 10⁻⁴ S cm⁻¹ at 25 °C"
    a = text.index("10⁻⁴")
    ctx = uncertain_context(text, a, a + len("10⁻⁴ S cm⁻¹"))
    assert "\ufffd" in ctx
    assert claim_flags("ionic_conductivity", 1e-4, None, "S/cm", "25", "10⁻⁴ S cm⁻¹",
                       context=ctx) == ["uncertain_text"]
    assert claim_flags("ionic_conductivity", 1e-4, None, "S/cm", "25", "10⁻⁴ S cm⁻¹",
                       context="of 10⁻⁴ S cm⁻¹ at") == []
