"""Which property a quantity reports (pipeline/measurements.decide_property): inline sentences in
the style of the review and of research articles; None means a condition or not a claim."""

from __future__ import annotations

import pytest

from pipeline.measurements import decide_property
from pipeline.quantities import find_quantities


def props(text: str) -> dict[str, str | None]:
    qs = find_quantities(text)
    return {q.value_as_written: decide_property(q, text, qs) for q in qs}


def prop_list(text: str) -> list[str | None]:
    """The property of every quantity of ``text``, in order."""
    qs = find_quantities(text)
    return [decide_property(q, text, qs) for q in qs]


@pytest.mark.parametrize("text, written, expected", [
    # the voltage range of a cycling test is a condition, not a stability window
    ("The curves were collected at 0.1 C with the voltage window of 2.3 to 4.6 V versus Li/Li+.",
     "2.3 to 4.6 V", None),
    ("It delivers superior long-term cycling stability up to 4.6 V versus Li/Li+ in ASSBs.",
     "4.6 V", None),
    ("The cells were cycled between 2.0 and 4.2 V at 0.2 C.", "2.0 and 4.2 V", None),
    ("The electrolyte shows an electrochemical window as high as 5 V versus Li+/Li.", "5 V",
     "electrochemical_window"),
    ("LiPON is electrochemically stable up to 5.5 V.", "5.5 V", "electrochemical_window"),
    # cycle numbers
    ("It shows long-term cycling stability of >300 cycles with 81.2% capacity retention.",
     "300 cycles", "cycle_life"),
    ("The capacity of the cell after 100 cycles was 120 mAh g-1.", "100 cycles", None),
    # retention worded as cycling stability
    ("The electrode can deliver long-term cycling stability of 80.3% over 60 cycles.", "80.3%",
     "capacity_retention"),
    # a resistance in plain ohms is a claim only when the sentence says interfacial
    ("The interfacial resistance expands from approximately 50 to 2000 ohms at 4.6 V.",
     "50 to 2000 ohms", "interfacial_resistance"),
    ("The cells exhibit tremendous internal resistance after 100 cycles, increasing to ~7000 ohms.",
     "7000 ohms", None),
])
def test_property_of_a_value(text: str, written: str, expected: str | None) -> None:
    got = props(text)
    assert written in got, got
    assert got[written] == expected


def test_temperature_modifying_the_property_noun_is_the_measurement_temperature() -> None:
    # canepa2017 (PDF): the jump rate "at 450 K" is not the conductivity's temperature
    from pipeline.measurements import conditions_for
    text = ("The extrapolated room temperature (298 K) ionic conductivity based on the measured "
            "activation barrier (370 meV) and Mg jump rate (~ 10^8 Hz) at 450 K is ~ 0.01 mS cm^-1.")
    qs = find_quantities(text)
    q = next(x for x in qs if x.unit == "S/cm")
    assert conditions_for(q, "ionic_conductivity", text, qs, None)[0] == "24.85"
    plain = "The pellet shows an ionic conductivity of 0.1 mS cm^-1 at 450 K."
    qs = find_quantities(plain)
    q = next(x for x in qs if x.unit == "S/cm")
    assert conditions_for(q, "ionic_conductivity", plain, qs, None)[0] == "176.85"


@pytest.mark.parametrize("text, expected", [
    ("the Li-ion transference number (LTN) of ionic conductors with dual ions is generally lower "
     "than 0.5. [78] In conventional SPE", [("0.5", 0.5, "lt")]),
    ("single Li-ion conductive SPEs could display almost unity LTN thanks to",
     [("unity", 1.0, "approx")]),
    ("the measured LTN number of S-BSMs was close to unity.", [("unity", 1.0, "approx")]),
    ("This material exhibited a high LTN of 0.91 and a high ionic conductivity",
     [("0.91", 0.91, "eq")]),
    ("LTN was measured at 60 °C to be 0.4", []),  # another number in between: not read
])
def test_transference_numbers(text, expected):
    from pipeline.measurements import transference_claims
    got = sorted({(text[a:b], v, r) for a, b, v, r in transference_claims(text)})
    assert got == expected


def test_a_cell_keeps_the_notation_as_written_and_cycles_stay_with_their_metric(tmp_path):
    from tests.conftest import extracted_rows
    doc = ("# Argyrodite electrolytes for high-voltage batteries\n\n## Results\n\n"
           "The NCM811|Li6PS5Cl|Li-In cell delivers an initial discharge capacity of 185 mAh g−1 "
           "at 0.1 C and retains 88.5% of its capacity after 200 cycles at 0.5 C.\n")
    rows = {r["property"]: r for r in extracted_rows(tmp_path, doc)}
    assert rows["specific_capacity"]["cell"] == "NCM811|Li6PS5Cl|Li-In"
    assert rows["specific_capacity"]["conditions"] == '{"c_rate": 0.1}'
    assert rows["capacity_retention"]["conditions"] == '{"c_rate": 0.5, "cycles": 200}'


def test_cycle_life_after_a_capacity_in_its_own_clause() -> None:
    text = ("It delivers a high specific capacity (248 mAh g-1) and excellent long-term cycling "
            "stability of >300 cycles with 81.2% capacity retention.")
    assert props(text)["300 cycles"] == "cycle_life"
    text = "It delivers a capacity of 130 mAh g-1 for 100 cycles."
    assert props(text)["100 cycles"] is None


def test_a_later_temperature_of_another_property_noun_is_not_the_values():
    from pipeline.measurements import conditions_for
    text = ("Earlier studies have reported good conductivity at elevated temperatures "
            "(~3 × 10^-2–10 mS cm^-1, 400–800 °C) but high room temperature conductivity has "
            "remained elusive.")
    qs = find_quantities(text)
    q = next(x for x in qs if x.unit == "S/cm")
    assert conditions_for(q, "ionic_conductivity", text, qs, None)[0] == ""


def test_unknown_unit_gives_no_claim():
    text = "LLZO shows an ionic conductivity of 3.5 zorks cm−1 at room temperature."
    got = props(text)
    assert got.get("3.5") is None and all(p != "ionic_conductivity" for p in got.values())


def test_electronic_conductivity_is_not_ionic():
    t = "the ionic conductivity of 1 mS cm^-1 and an electronic conductivity below 10^-9 S cm^-1"
    assert prop_list(t) == ["ionic_conductivity", "electronic_conductivity"]


def test_uncertainty_in_parentheses_is_part_of_the_value():

    qs = find_quantities("barriers [311(2) meV and 0.21(1) eV, respectively] and refs (12)")
    assert [(round(q.value, 3), q.unit) for q in qs] == [(0.311, "eV"), (0.21, "eV")]


@pytest.mark.parametrize("text, temperature", [
    ("the sample shows σ 30 of 4.2 × 10^-3 S cm^-1", "30"),
    ("σ25 = 1.2 mS cm^-1", "25"),
    ("a σ 300K of 2 mS cm^-1", "26.85"),
    ("σ = 1 mS cm^-1", ""),
])
def test_temperature_written_in_the_conductivity_symbol(text, temperature):
    from pipeline.measurements import conditions_for
    from pipeline.quantities import find_quantities

    qs = find_quantities(text)
    [q] = [x for x in qs if x.unit == "S/cm"]
    assert conditions_for(q, "ionic_conductivity", text, qs, None)[0] == temperature


@pytest.mark.parametrize("text", ["We obtained E a 𝛔 of 0.69 and 0.53 eV for the two phases",
                                  "the E a of 32 kJ mol^-1", "and E a NMR =0.56 eV.",
                                  # subscripts spelled out, alone in a sentence
                                  "and E a, σ high -T = 0.34 eV in regime III.",
                                  "We find a similar value (E a, σ high -T = 0.20 eV)."])
def test_activation_energy_written_as_a_spaced_symbol(text):
    assert set(prop_list(text)) == {"activation_energy"}


@pytest.mark.parametrize("text, expected", [
    ("maintained stable cycling for over 800 h at 1 mA cm^-2", ["cycling_time", None]),
    ("stability for over 600 cycles (~10,000 h), with CE", ["cycle_life", "cycling_time"]),
    ("annealed for 12 h at 300 °C", [None, None]),
    ("a CCD of >0.9 mA cm^-2 with bare LPSC", ["current_density"]),
    ("3.5 mAh cm^-2, the full cell exhibits stable cycling for over 600 cycles",
     ["areal_capacity", "cycle_life"]),
])
def test_cell_times_cycles_and_critical_currents(text, expected):
    assert prop_list(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Na2(CB9H10)(CB11H12) with 7 × 10^-2 S cm^-1 and 0.23 eV", ["ionic_conductivity",
                                                                  "activation_energy"]),
    ("a conductivity of 1 mS cm^-1 and a band gap of 3.1 eV", ["ionic_conductivity", None]),
    ("a photon energy of 1.5 eV", [None]),
    # another energy named right before the value, in a sentence about an activation energy
    ("which corresponds to thermal energies of 0.028 -0.030 eV, close to the activation energies "
     "of 0.031 and 0.034 eV", [None, "activation_energy", "activation_energy"]),
    ("this activation energy is close to the vacancy formation energy in LLZO (3.6 eV)", [None]),
    ("the vacancy migration energy in LLZO (0.3 eV) is low", ["activation_energy"]),
])
def test_electron_volts_in_a_conduction_sentence(text, expected):
    assert prop_list(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("around 10^-8 S cm^-1 Hz^-1 K and", [None, None]),
    ("enables Li(1% Mg)/SSE cells", [None]),
    ("80% S loading and 85% ICE", [None, "coulombic_efficiency"]),
    ("reduces the electric conductivity of the SSE (5.19 × 10^-10 S cm^-1)",
     ["electronic_conductivity"]),
    # the values a figure's lines mark
    ("The red dash lines indicate σ = 10^-4 and 10^-3 S cm^-1.", [None, None]),
])
def test_values_that_are_not_the_claim_they_look_like(text, expected):
    assert prop_list(text) == expected


@pytest.mark.parametrize("text, temperature", [
    ("decreases to 0.4 eV at 100 °C with", "100"),
    ("an activation energy of 0.5 eV between 300 and 400 K", ""),
    ("but reduces to 0.27 eV at ∼ 70 ° C due to the", "70"),  # an approximate temperature
])
def test_activation_energy_takes_only_a_temperature_written_right_after_it(text, temperature):
    from pipeline.measurements import conditions_for
    from pipeline.quantities import find_quantities

    qs = find_quantities(text)
    [q] = [x for x in qs if x.unit == "eV"]
    assert conditions_for(q, "activation_energy", text, qs, None)[0] == temperature


@pytest.mark.parametrize("text, expected", [
    ("a retention of 85% at 1 C", ["capacity_retention", None]),
    ("ionic and electronic conductivities of 1.2 × 10^-3 S cm^-1", ["ionic_conductivity"]),
    ("a mixed ionic-electronic conductivity of 1 mS cm^-1", ["ionic_conductivity"]),
])
def test_review_traps_for_property_rules(text, expected):
    assert prop_list(text) == expected


def test_a_value_measured_between_two_temperatures_takes_the_lower():
    from pipeline.measurements import conditions_for

    text = "values approaching and exceeding 0.1 S cm^-1 between 540 K and 573 K."
    qs = find_quantities(text)
    q = next(x for x in qs if x.unit == "S/cm")
    assert conditions_for(q, "ionic_conductivity", text, qs, None)[0] == "266.85"


@pytest.mark.parametrize("text, expected", [
    ("The Coulombic efficiency remains > 99% up to 4.25 V", ["coulombic_efficiency", None]),
    ("the cell retains 94% of its capacity", ["capacity_retention"]),
])
def test_a_percentage_belongs_to_the_property_noun_before_a_verb_cue(text, expected):
    assert prop_list(text) == expected


@pytest.mark.parametrize("text, written, expected", [
    # a verb or bound makes a number of cycles the claim, even next to a capacity
    ("The cathode delivered 1615 mAh g^-1, achieving 500 cycles with 85% retention.",
     "500 cycles", "cycle_life"),
    ("It keeps a reversible capacity of 96 mA h g^-1 at C/5 for > 150 cycles.", "150 cycles",
     "cycle_life"),
    ("The cell shown in Figure 4 failed after 140 cycles.", "140 cycles", "cycle_life"),
    ("The bare Al cell decayed rapidly, essentially failing by 50 cycles.", "50 cycles",
     "cycle_life"),
    ("It keeps 96% of the low-rate capacity preserved even at 1 C.", "96%", "capacity_retention"),
    ("The solid electrolyte can support 100 cycles without shorting.", "100 cycles", "cycle_life"),
    ("It keeps a capacity of 130 mAh g^-1 for 100 cycles at 0.1 C.", "100 cycles", None),
    # hours until failure, hours of cycling written with a decimal current before them
    ("The potential rises suddenly after ~15.4 h for both cells.", "15.4 h", "cycling_time"),
    ("The cells deliver stable cycling at 1.6 mA cm^-2 for over 1,200 h.", "1,200 h",
     "cycling_time"),
    ("It shows a long cycle life (~10,000 h).", "10,000 h", "cycling_time"),
    # pulse and rest times in seconds are not cycling times ("recycle" is not "cycling")
    ("Single pulse experiments used recycle delays of 0.1 s and 5 s.", "0.1 s", None),
    # current densities at which cells short-circuit, and current limits
    ("The cells fail via short-circuiting at current densities of 0.4 and 0.9 mA cm^-2.",
     "0.9 mA cm^-2", "current_density"),
    ("The determined current limit was rather low (0.1 mA cm^-2, 0.3C).", "0.1 mA cm^-2",
     "current_density"),
    ("It shorts at much lower current densities (0.4 mA cm^-2) than SG-LPSCl.", "0.4 mA cm^-2",
     "current_density"),
    # a critical current density written with its areal capacity
    ("Symmetric cells show a CCD > 3.4 mA cm^-2/3.4 mAh cm^-2.", "3.4 mA cm^-2",
     "current_density"),
    ("Symmetric cells show a CCD > 3.4 mA cm^-2/3.4 mAh cm^-2.", "3.4 mAh cm^-2",
     "areal_capacity"),
    # the test named right after the hours, a bound spelled out, an overpotential read after hours
    ("LiBH4 shows stable 100 h galvanostatic stripping/plating in a symmetric cell.", "100 h",
     "cycling_time"),
    ("The cycling was continued at 25 °C after 410 h of stripping and plating at 60 °C.", "410 h",
     "cycling_time"),
    ("These currents do not hinder stable stripping/plating for at least 520 h.", "520 h",
     "cycling_time"),
    ("~15.6 h followed by a sudden drop in potential, indicating a short circuit.", "15.6 h",
     "cycling_time"),
    ("Symmetric cells show an overpotential increase from 22.5 to 30 mV after 620 h.", "620 h",
     "cycling_time"),
    # ... but the length of one cycle is no cycling time
    ("The stability was evaluated at a constant current for 1 h charge-discharge cycles.", "1 h",
     None),
    # the charge a plating test passes each cycle is its condition, not an areal capacity
    ("It cycles in a symmetric cell at 0.2 mA cm^-2 and 0.1 mAh cm^-2 at 25 °C.", "0.1 mAh cm^-2",
     None),
    ("It cycled for over 800 h at 1 mA cm^-2/1 mAh cm^-2.", "1 mAh cm^-2", None),
    ("The test ran at a current density of 0.3 mA cm^-2 and capacity of 0.3 mAh cm^-2.",
     "0.3 mAh cm^-2", None),
    ("Li symmetric cells cycled at 50 µA cm^-2 (up to 0.5 mAh cm^-2) with low overpotential.",
     "0.5 mAh cm^-2", None),
    ("The overpotential rises after 620 h (up to 0.5 mAh cm^-2).", "0.5 mAh cm^-2", None),
    ("It was cycled with the same capacity per half cycle (0.161 mA h cm^-2).",
     "0.161 mA h cm^-2", None),
    ("The CCD was found while transferring a constant charge of 0.2 mAh cm^-2.", "0.2 mAh cm^-2",
     None),
    # a current density a test was run at is its condition, even next to dendrite words
    ("The pellet was cycled with a nominal current density of 1.4 mA cm^-2 until dendrites grew.",
     "1.4 mA cm^-2", None),
    ("After the CCD measure (the final applied current amounts to 8 mA cm^-2), it shorted.",
     "8 mA cm^-2", None),
    ("Further increase of the current density (0.8 mA cm^-2) reveals dendrite evolution.",
     "0.8 mA cm^-2", None),
    ("The estimated CCD amounts to 0.6 mA cm^-2.", "0.6 mA cm^-2", "current_density"),
    # an energy retention is no capacity retention, also further down its list
    ("It shows an energy retention of 89% after 400 cycles and 76% after 800 cycles.", "76%",
     None),
    ("It shows capacity and energy retention of 78% and 76%, respectively.", "78%",
     "capacity_retention"),
    # a cell's efficiency is its coulombic efficiency
    ("The solid-state cell shows an efficiency of only 75% on the first cycle.", "75%",
     "coulombic_efficiency"),
])
def test_cell_metric_wordings(text: str, written: str, expected: str | None) -> None:
    got = props(text)
    assert written in got, got
    assert got[written] == expected


@pytest.mark.parametrize("text, written, expected", [
    # a percentage after another quantity's noun is not the metric the clause names later
    ("Minimal volume changes (< 0.3 %) of NaCrO2 achieve 85 % capacity retention.", "0.3 %", None),
    ("Minimal volume changes (< 0.3 %) of NaCrO2 achieve 85 % capacity retention.", "85 %",
     "capacity_retention"),
    # the charge of an anion is not the low end of a voltage range
    ("The anion [B12H12]2- is stable up to 3.4 V.", "3.4 V", "electrochemical_window"),
])
def test_percent_and_charge_traps(text: str, written: str, expected: str | None) -> None:
    got = props(text)
    assert written in got, got
    assert got[written] == expected


def test_a_symmetric_cell_named_in_words_is_metal_electrolyte_metal(tmp_path):
    from tests.conftest import extracted_rows
    doc = ("# Argyrodite electrolytes\n\n## Results\n\n"
           "Li symmetric cells with Li6PS5Cl cycled stably for over 2000 h at 0.5 mA cm−2.\n\n"
           "The Na3SbS4 reaches a critical current density of 1.2 mA cm−2 in symmetric cells.\n\n"
           "The symmetric Li ǀ Li3InCl6 ǀ Li cells shorted after 15.4 h.\n")
    rows = {(r["property"], r["value"]): r["cell"] for r in extracted_rows(tmp_path, doc)}
    assert rows[("cycling_time", "2000")] == "Li|Li6PS5Cl|Li"
    assert rows[("current_density", "1.2")] == "Na|Na3SbS4|Na"  # the electrolyte's mobile ion
    assert rows[("cycling_time", "15.4")] == "Li|Li3InCl6|Li"  # a bar set in another font


def test_a_symmetric_cell_of_the_metal_takes_the_paragraphs_electrolyte(tmp_path):
    from tests.conftest import extracted_rows
    doc = ("# Hydroborate electrolytes\n\n## Results\n\n"
           "Na5(B11H14)(B12H12)2 exhibits a narrow stability window of 0.15-2.60 V. Nevertheless, "
           "it enables stable galvanostatic cycling of a sodium symmetric cell for >350 h.\n")
    [row] = [r for r in extracted_rows(tmp_path, doc) if r["property"] == "cycling_time"]
    assert (row["material"], row["cell"]) == ("Na5(B11H14)(B12H12)2", "Na|Na5(B11H14)(B12H12)2|Na")


@pytest.mark.parametrize("text, values", [
    # a change "from A to B" is two values; the exponent's minus is not the range's dash
    ("The conductivity increases from 2.1 × 10−4 to 8.7 × 10−4 S cm−1 with Ta.",
     [0.00021, 0.00087]),
    ("The conductivity decreased from 8.7 × 10−4 to 2.1 × 10−5 S cm−1 in air.",
     [0.00087, 2.1e-05]),
    ("The conductivity increased from 0.5 to 2 mS cm−1 on annealing.", [0.0005, 0.002]),
])
def test_a_change_from_one_value_to_another(tmp_path, text, values):
    from tests.conftest import extracted_rows
    rows = extracted_rows(tmp_path, "# Garnets\n\n## Results\n\n" + text + "\n")
    assert [float(r["value"]) for r in rows] == values


def test_a_measurement_sentence_gives_its_temperature_to_the_papers_own_values(tmp_path):
    from tests.conftest import extracted_rows
    doc = ("# Argyrodite electrolytes\n\n## Abstract\n\nWe make Li6PS5Cl and Li6PS5Cl.\n\n"
           "## Results\n\nEIS measurements were performed at 25 °C. The pellets show a total "
           "ionic conductivity of 2.2 mS cm−1.\n\n"
           "The Br-doped sample shows 3.3 mS cm−1, and it retains 92% of its conductivity in air."
           "\n\nAt 60 °C the conductivity reaches 6.1 mS cm−1.\n")
    rows = {r["value"]: (r["property"], r["temperature_c"], r["temperature_rule"])
            for r in extracted_rows(tmp_path, doc)}
    assert rows["0.0022"] == ("ionic_conductivity", "25", "paragraph")
    assert rows["0.0033"] == ("ionic_conductivity", "25", "document")  # the paper's test
    assert rows["0.0061"] == ("ionic_conductivity", "60", "sentence")
    assert "92" not in rows  # a share of the conductivity, not a capacity retention


def test_a_capitalised_class_is_the_subject_not_the_material_before(tmp_path):
    from tests.conftest import extracted_rows
    doc = ("# Solid electrolytes\n\n## Introduction\n\nLi10GeP2S12 shows 12 mS cm−1.[1] Oxide "
           "electrolytes typically show lower conductivities of 10−4 S cm−1.[2]\n\n"
           "## References\n\n1. A. Kamaya, Nat. Mater. 10, 682 (2011).\n"
           "2. B. Thangadurai, Chem. Soc. Rev. 43, 4714 (2014).\n")
    rows = {r["value"]: r["material"] for r in extracted_rows(tmp_path, doc)}
    assert rows["0.0001"] == "Oxide electrolytes"


@pytest.mark.parametrize("text, prop", [
    ("The BH4-containing phases are oxidized at ~2 V vs Li/Li+.", "electrochemical_window"),
    ("The onset of oxidation of Li3InCl6 lies at 4.3 V vs Li+/Li.", "electrochemical_window"),
    ("The cells were cycled between 2.5 and 4.3 V.", None),
])
def test_oxidation_limits_are_stability_windows(text, prop):
    assert set(prop_list(text)) == {prop}


@pytest.mark.parametrize("text, expected", [
    ("The cells show a capacity and energy retention of 78% and 76%, respectively.",
     ["capacity_retention", None]),
    ("This gives a high energy efficiency (90.6%) in the first cycle.", [None]),
    ("This gives a high energy efficiency (90.6%, 97.3%, and 94.5%) in three cycles.",
     [None, None, None]),
    ("A current was applied for 5 h, corresponding to 0.161 mA h cm-2 per half cycle.",
     [None, None]),
    ("Half cells at 0.05 C and 6.8 mAh cm-2 under 75 MPa cycle well.", [None, None, None]),
    ("Long term cycling stability at the 11 mAh cm-2 level.", ["areal_capacity"]),
])
def test_percentages_and_capacities_that_are_not_cell_claims(text, expected):
    assert prop_list(text) == expected


def test_the_former_and_the_latter_are_the_pair_named_before(tmp_path):
    from tests.conftest import extracted_rows
    doc = ("# Sulfides\n\n## Results\n\nWe compare Li3PS4 and Li7P3S11. The former shows 0.2 mS "
           "cm-1 and the latter 17 mS cm-1.\n\nCycling was reported for S|Li3PS4|Li and "
           "NaCrO2|Na3SbS4|Na. The latter exhibited a discharge capacity of 118 mAh g-1.\n")
    rows = {r["value"]: (r["material"], r["cell"]) for r in extracted_rows(tmp_path, doc)}
    assert rows["0.0002"][0] == "Li3PS4" and rows["0.017"][0] == "Li7P3S11"
    assert rows["118"] == ("Na3SbS4", "NaCrO2|Na3SbS4|Na")


def test_a_cause_is_not_the_subject_and_a_treatment_temperature_is_no_test_temperature(tmp_path):
    from tests.conftest import extracted_rows
    doc = ("# Sulfide glass-ceramics\n\n## Results\n\nNyquist plots of the Li7P3S11 pellets were "
           "recorded at 25 °C. Treatment at 300 °C decreased the conductivity to 1.1 mS cm−1 "
           "owing to the formation of Li4P2S6.\n")
    [row] = extracted_rows(tmp_path, doc)
    assert (row["material"], row["temperature_c"]) == ("Li7P3S11", "25")


def test_a_respectively_pairing_goes_on_in_the_next_sentence(tmp_path):
    from tests.conftest import extracted_rows
    doc = ("# Mixed carborates\n\n## Results\n\nWe made Li2(CB9H10)(CB11H12) and "
           "Na2(CB9H10)(CB11H12). The barriers [311 meV and 226 meV for Li+ and Na+, "
           "respectively] agree with earlier work. The barriers at low temperature [743 and "
           "348 meV, respectively] signal other steps.\n")
    rows = {r["value"]: r["material"] for r in extracted_rows(tmp_path, doc)}
    assert rows["0.743"] == rows["0.311"] == "Li2(CB9H10)(CB11H12)"
    assert rows["0.348"] == rows["0.226"] == "Na2(CB9H10)(CB11H12)"


def test_a_value_given_for_one_value_of_the_compositions_variable(tmp_path):
    from tests.conftest import extracted_rows
    doc = ("# Zr-substituted halides\n\n## Results\n\nThe conductivity of Li3-xY1-xZrxCl6 reaches a "
           "maximum at x = 0.5 (1.4 mS cm−1), while further substitution lowers it to 0.9 mS cm−1 "
           "at x = 0.6.\n")
    rows = {r["value"]: r["material_canonical"] for r in extracted_rows(tmp_path, doc)}
    assert rows == {"0.0014": "Li2.5Y0.5Zr0.5Cl6", "0.0009": "Li2.4Y0.4Zr0.6Cl6"}


def test_the_head_of_a_relative_clause_is_its_values_subject_even_when_compared(tmp_path):
    from tests.conftest import extracted_rows
    doc = ("# Argyrodites\n\n## Results\n\nUnlike Li3PS4, which exhibits only 0.16 mS cm−1, "
           "Li6PS5Cl conducts an order of magnitude faster.\n")
    [row] = extracted_rows(tmp_path, doc)
    assert (row["material"], row["material_rule"]) == ("Li3PS4", "relative_clause")


@pytest.mark.parametrize("text, expected", [
    ("The model reproduces the migration barriers with an RMS error of ~±38 meV.", [None]),
    ("The E a values differ, with small differences of 0.005-0.064 eV.", [None]),
    ("LMROs show extremely low electronic (~10^-9 S cm^-1) and ionic (~10^-11 S cm^-1) "
     "conductivities.", ["electronic_conductivity", "ionic_conductivity"]),
])
def test_errors_differences_and_an_adjective_before_the_parenthesis(text, expected):
    assert prop_list(text) == expected


def test_a_material_after_close_to_the_value_reported_for_is_compared_with(tmp_path):
    from tests.conftest import extracted_rows
    doc = ("# Na closo-hydroborates\n\n## Results\n\nThe critical current density of Na3SbS4 "
           "amounts to 0.6 mA cm-2, very close to the value recently reported for Li7La3Zr2O12.\n")
    rows = extracted_rows(tmp_path, doc)
    assert [(r["value"], r["material"]) for r in rows] == [("0.6", "Na3SbS4")]


def test_ccd_pairs_enumerated_after_one_cue(tmp_path):
    text = ("The coating raised the CCD to >2.3 mA cm^-2 /2.3 mAh cm^-2 for X and >3.4 mA cm^-2 "
            "/3.4 mAh cm^-2 for Y.")
    assert prop_list(text) == ["current_density", "areal_capacity"] * 2
    assert prop_list("The CCD is 1 mA cm^-2, and the cells were cycled at 0.5 mA cm^-2.") == [
        "current_density", None]
    assert prop_list("as observed for currents higher than 0.6 mA cm^-2 (1.8C)") == [
        "current_density", None]


def test_a_capacity_lost_is_the_retention_left(tmp_path):
    from tests.conftest import extracted_rows
    doc = ("# Halide catholytes\n\n## Results\n\nSuch cells suffer from a 20% capacity decay on "
           "cycling up to 4.3 V. Another cell shows a capacity loss of less than 5% after 100 "
           "cycles. A third retains 95% of its capacity.\n")
    got = [(r["value"], r["relation"], r["value_as_written"]) for r in extracted_rows(tmp_path, doc)
           if r["property"] == "capacity_retention"]
    assert got == [("80", "eq", "20%"), ("95", "gt", "5%"), ("95", "eq", "95%")]


@pytest.mark.parametrize("text, written, expected", [
    ("The absence of any further current up to 10 V versus Na/Na+ confirms it.", "10 V",
     "electrochemical_window"),
    ("No obvious oxidation current was observed up to 5 V for the electrolyte.", "5 V",
     "electrochemical_window"),
    ("The cell was charged to 4.2 V at 0.1 C.", "4.2 V", None),
    ("The voltage profiles of the 2nd to 5th cycles are shown.", "5th cycles", None),
    ("The cell is stable over 620 cycles.", "620 cycles", "cycle_life"),
    ("The rate capabilities of solid-state batteries are still lower (0.1-1 mA cm-2) than those "
     "of lithium ion batteries (1-3 mA cm-2).", "1-3 mA cm-2", "current_density"),
    ("The rate capability was tested at 0.5 mA cm-2 and 25 °C.", "0.5 mA cm-2", None),
    ("an excellent capacity (78 %) and energy (76 %) retention after 800 cycles", "78 %",
     "capacity_retention"),
    ("an excellent capacity (78 %) and energy (76 %) retention after 800 cycles", "76 %", None),
])
def test_window_from_absent_current_and_ordinal_cycles(text, written, expected) -> None:
    from pipeline.measurements import decide_property
    from pipeline.quantities import find_quantities

    qs = find_quantities(text)
    q = next(q for q in qs if q.value_as_written == written)
    assert decide_property(q, text, qs) == expected


def test_a_temperature_after_a_change_is_the_later_values_only():
    from pipeline.measurements import conditions_for
    from pipeline.quantities import find_quantities

    text = "the activation energy changes from 0.5 eV in low temperatures to 0.3 eV at ∼ 40 ° C."
    qs = find_quantities(text)
    assert [conditions_for(q, "activation_energy", text, qs, None)[0]
            for q in qs if q.unit == "eV"] == ["", "40"]
