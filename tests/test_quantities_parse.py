"""Quantity recogniser: notations, conversions, ranges, enumerations, bounds, special quantities.

Inputs are *normalised* sentences (the ingest stage's output), taken from the seed review
(xia2019_chem) and the extra docling document (sun2022_sciadv, CC BY 4.0).
"""

from __future__ import annotations

import math

import pytest
import spacy
import yaml

from pipeline.quantities import (
    NON_PROPERTY_KINDS, RELATIONS, Quantity, find_quantities, parse_bound_value, parse_value,
)
from pipeline.units import (
    MODELS_DIR, canonical_units, normalise_unit, properties, property_names, ureg,
)


def found(text: str) -> list[tuple]:
    """``(value_as_written, value, value_high, relation, unit, kind)`` of every quantity."""
    quantities = find_quantities(text)
    for q in quantities:
        assert text[q.start:q.end] == q.value_as_written
    return [(q.value_as_written, q.value, q.value_high, q.relation, q.unit, q.kind)
            for q in quantities]


def approx_rows(rows: list[tuple]) -> list[tuple]:
    return [tuple(pytest.approx(x, rel=1e-9) if isinstance(x, float) else x for x in r)
            for r in rows]


def one(text: str) -> Quantity:
    (q,) = find_quantities(text)
    return q


# ------------------------------------------------------------------------------------------------
# Notations of numbers

NOTATIONS = [
    ("of 10^-3 S cm^-1 at", "10^-3 S cm^-1", 1e-3),
    ("of 1.2 × 10^-2 S cm^-1 at", "1.2 × 10^-2 S cm^-1", 1.2e-2),
    ("of 6×10^-4 S cm^-1.", "6×10^-4 S cm^-1", 6e-4),
    ("of 1.2 x 10^-2 S cm^-1", "1.2 x 10^-2 S cm^-1", 1.2e-2),
    ("of 1.2x10^-2 S/cm", "1.2x10^-2 S/cm", 1.2e-2),
    ("of 1.2e-3 S cm^-1", "1.2e-3 S cm^-1", 1.2e-3),
    ("of 1.2E-3 S cm^-1", "1.2E-3 S cm^-1", 1.2e-3),
    ("of 10^{-3} S cm^-1", "10^{-3} S cm^-1", 1e-3),
    ("of 3,860 mAh g^-1)", "3,860 mAh g^-1", 3860.0),
    ("capacity of ~2,800 mAh g^-1.", "2,800 mAh g^-1", 2800.0),
    ("of 0.445 V was", "0.445 V", 0.445),
    ("of 900 mAh g^-1, high", "900 mAh g^-1", 900.0),
    ("of 12,345.5 mAh g^-1", "12,345.5 mAh g^-1", 12345.5),
    ("of .5 V", ".5 V", 0.5),
    ("retention of 94.7 ± 0.3% after", "94.7 ± 0.3%", 94.7),
]


@pytest.mark.parametrize(("text", "written", "value"), NOTATIONS)
def test_number_notations(text: str, written: str, value: float) -> None:
    q = one(text)
    assert q.value_as_written == written
    assert q.value == pytest.approx(value, rel=1e-12)


def test_magnitude_as_written_is_the_number_text() -> None:
    q = one("a conductivity of 1.3 × 10^-3 S cm^-1 for LATP")
    assert (q.magnitude_as_written, q.unit_as_written) == ("1.3 × 10^-3", "S cm^-1")


# ------------------------------------------------------------------------------------------------
# Units and conversions

CONVERSIONS = [
    ("0.6 mS cm^-1", 6e-4, "S/cm", "ionic_conductivity"),
    ("0.4 mS cm–1", 4e-4, "S/cm", "ionic_conductivity"),
    ("1.2 S m^-1", 1.2e-2, "S/cm", "ionic_conductivity"),
    ("3 × 10^-4 S/cm", 3e-4, "S/cm", "ionic_conductivity"),
    ("106 µAh cm^-2", 0.106, "mAh/cm2", "areal_capacity"),
    ("1.1 mAh cm^-2", 1.1, "mAh/cm2", "areal_capacity"),
    ("5 A cm^-2", 5000.0, "mA/cm2", "current_density"),
    ("50 µA cm^-2", 0.05, "mA/cm2", "current_density"),
    ("0.05 mA cm^-2", 0.05, "mA/cm2", "current_density"),
    ("300 K", 26.85, "degC", "temperature"),
    ("25 kJ mol^-1", 25 / 96.48533212331, "eV", "activation_energy"),
    ("0.25 eV", 0.25, "eV", "activation_energy"),
    ("350 meV", 0.35, "eV", "activation_energy"),
    ("150 mAh/g", 150.0, "mAh/g", "specific_capacity"),
    ("120 mA·hour g^-1", 120.0, "mAh/g", "specific_capacity"),
    ("120 mA h g^-1", 120.0, "mAh/g", "specific_capacity"),
    ("250 Wh kg^-1", 250.0, "Wh/kg", "energy_density"),
    ("700 Wh L^-1", 700.0, "Wh/L", "energy_density"),
    ("10 kW kg^-1", 10.0, "kW/kg", "power_density"),
    ("500 W kg^-1", 0.5, "kW/kg", "power_density"),
    ("1 Ω cm^2", 1.0, "ohm*cm2", "interfacial_resistance"),
    ("32 Ω·cm^2", 32.0, "ohm*cm2", "interfacial_resistance"),
    ("300 ohms", 300.0, "ohm", "resistance"),
    ("0.43 GPa", 0.43, "GPa", "pressure"),
    ("360 MPa", 0.36, "GPa", "pressure"),
    ("400 mA g^-1", 400.0, "mA/g", "other"),
    ("12.6 mg cm^-2", 12.6, "mg/cm2", "loading"),
    ("400 hr", 400.0, "h", "time"),
    ("24 hours", 24.0, "h", "time"),
    ("10 nm", 0.01, "um", "length"),
    ("8 wt %", 8.0, "wt%", "composition"),
    ("7 mol %", 7.0, "mol%", "composition"),
    ("99.98%", 99.98, "%", "percent"),
    ("5 V", 5.0, "V", "voltage"),
    ("400 mV", 0.4, "V", "voltage"),
    ("0.59 g cm^-3", 0.59, "g/cm3", "other"),
]


@pytest.mark.parametrize(("written", "value", "unit", "kind"), CONVERSIONS)
def test_units_are_converted_to_canonical(written: str, value: float, unit: str,
                                          kind: str) -> None:
    q = one(f"a value of {written} was")
    assert (q.value_as_written, q.unit, q.kind) == (written, unit, kind)
    assert q.value == pytest.approx(value, rel=1e-9)


NORMALISED_UNITS = [
    ("S cm^-1", ("S/cm", 1.0, 0.0)),
    ("mS cm^-1", ("S/cm", 1e-3, 0.0)),
    ("µAh cm^-2", ("mAh/cm2", 1e-3, 0.0)),
    ("A cm^-2", ("mA/cm2", 1000.0, 0.0)),
    ("K", ("degC", 1.0, -273.15)),
    ("°C", ("degC", 1.0, 0.0)),
    ("° C", ("degC", 1.0, 0.0)),
    ("mAh/g", ("mAh/g", 1.0, 0.0)),
    ("wt %", ("wt%", 1.0, 0.0)),
    ("C", ("C", 1.0, 0.0)),
    ("cycles", ("cycles", 1.0, 0.0)),
]


@pytest.mark.parametrize(("text", "expected"), NORMALISED_UNITS)
def test_normalise_unit(text: str, expected: tuple[str, float, float]) -> None:
    unit, factor, offset = normalise_unit(text)
    assert unit == expected[0]
    assert factor == pytest.approx(expected[1]) and offset == pytest.approx(expected[2])


@pytest.mark.parametrize("text", ["", "vs.", "apples", "S cm^-1 apples", "versus"])
def test_normalise_unit_rejects_non_units(text: str) -> None:
    assert normalise_unit(text) is None


def test_kj_per_mol_to_ev() -> None:
    unit, factor, _ = normalise_unit("kJ mol^-1")
    assert unit == "eV" and factor == pytest.approx(1 / 96.485, rel=1e-4)


# ------------------------------------------------------------------------------------------------
# Ranges

RANGES = [
    ("(10^-4–10^-3 S cm^-1 at RT)", "10^-4–10^-3 S cm^-1", 1e-4, 1e-3, "S/cm"),
    ("is only 10^-7 – 10^-5 S cm^-1 at RT", "10^-7 – 10^-5 S cm^-1", 1e-7, 1e-5, "S/cm"),
    ("a temperature range of 25°C–100°C (Figures", "25°C–100°C", 25.0, 100.0, "degC"),
    ("range of 30°C – 105°C and", "30°C – 105°C", 30.0, 105.0, "degC"),
    ("a voltage range of 2.0–4.2 V versus", "2.0–4.2 V", 2.0, 4.2, "V"),
    ("a voltage range of 2.0-4.2 V versus", "2.0-4.2 V", 2.0, 4.2, "V"),
    ("an activation energy of 0.2–0.3 eV.", "0.2–0.3 eV", 0.2, 0.3, "eV"),
    ("at a 5–8 wt % loading", "5–8 wt %", 5.0, 8.0, "wt%"),
    ("only increasing from 20 to 100 ohms (Fig. 4D)", "20 to 100 ohms", 20.0, 100.0, "ohm"),
    ("the voltage window of 2.3 to 4.6 V versus Li/Li +", "2.3 to 4.6 V", 2.3, 4.6, "V"),
    ("cycled between 2.3 and 4.6 V versus Li/Li +", "2.3 and 4.6 V", 2.3, 4.6, "V"),
    ("(ranging from 10^-4 S cm^-1 to 10^-5 S cm^-1 at", "10^-4 S cm^-1 to 10^-5 S cm^-1",
     1e-5, 1e-4, "S/cm"),
    ("decreasing from 1,710 to 1 Ω cm^2.", "1,710 to 1 Ω cm^2", 1.0, 1710.0, "ohm*cm2"),
    ("could increase from 112.7 to 123.3 mAh g^-1 after", "112.7 to 123.3 mAh g^-1", 112.7,
     123.3, "mAh/g"),
    ("operated from -20 to 60 °C.", "-20 to 60 °C", -20.0, 60.0, "degC"),
    ("references 51–56 here", "51–56", 51.0, 56.0, ""),
    # an upper end written as a lower bound after "from ... to"
    ("barriers, ranging from 0.22 eV to more than 2.0 eV for", "0.22 eV to more than 2.0 eV",
     0.22, 2.0, "eV"),
]


@pytest.mark.parametrize(("text", "written", "low", "high", "unit"), RANGES)
def test_ranges_are_one_quantity(text: str, written: str, low: float, high: float,
                                 unit: str) -> None:
    ranges = [q for q in find_quantities(text) if q.relation == "range"]
    assert len(ranges) == 1
    q = ranges[0]
    assert (q.value_as_written, q.unit) == (written, unit)
    assert (q.value, q.value_high) == (pytest.approx(low), pytest.approx(high))


def test_two_bounds_joined_by_and_are_no_range() -> None:
    qs = find_quantities("between ≥ 0.60 eV and < 0.35 eV")
    assert [q.relation for q in qs] == ["ge", "lt"]


def test_range_with_bound_word_keeps_range_relation() -> None:
    q = one("expanding from approximately 50 to 2000 ohms as")
    assert (q.relation, q.value, q.value_high, q.value_as_written) == (
        "range", 50.0, 2000.0, "50 to 2000 ohms")


# ------------------------------------------------------------------------------------------------
# Enumerations

ENUMERATIONS = [
    ("delivered a high specific capacity of 150, 106, and 50 mAh g^-1 under 0.2 C",
     ["150", "106", "50 mAh g^-1"], [150.0, 106.0, 50.0], "mAh/g"),
    ("10^-4 and 1.3 × 10^-3 S cm^-1 for LAGP and LATP, respectively",
     ["10^-4", "1.3 × 10^-3 S cm^-1"], [1e-4, 1.3e-3], "S/cm"),
    ("225 and 115 mAh g^-1 can be achieved", ["225", "115 mAh g^-1"], [225.0, 115.0], "mAh/g"),
    ("can be achieved at 0.05 and 0.5 C, respectively", ["0.05", "0.5 C"], [0.05, 0.5], "C"),
    ("2.3 and 4.6 V versus Li/Li +", ["2.3", "4.6 V"], [2.3, 4.6], "V"),
    ("can retain 85, 73, and 61% of its", ["85", "73", "61%"], [85.0, 73.0, 61.0], "%"),
    ("reveals ~11.5 and ~9.4% Li/Ni intermixing", ["11.5", "9.4%"], [11.5, 9.4], "%"),
    ("at 50°C , 40°C , and 30°C , and a good", ["50°C", "40°C", "30°C"], [50.0, 40.0, 30.0],
     "degC"),
    ("of 1,600, 1,700 and 2,000 mAh g^-1", ["1,600", "1,700", "2,000 mAh g^-1"],
     [1600.0, 1700.0, 2000.0], "mAh/g"),
    ("at 1.1 and 2.9 mAh cm^-2 , respectively", ["1.1", "2.9 mAh cm^-2"], [1.1, 2.9],
     "mAh/cm2"),
    ("10^-4 [16] and 1.3 × 10^-3 S cm^-1. [17]", ["10^-4", "1.3 × 10^-3 S cm^-1"],
     [1e-4, 1.3e-3], "S/cm"),
    ("the 1st and 100th cycles", ["1st", "100th cycles"], [1.0, 100.0], "cycles"),
]


@pytest.mark.parametrize(("text", "written", "values", "unit"), ENUMERATIONS)
def test_enumerations_share_unit_and_group(text: str, written: list[str], values: list[float],
                                           unit: str) -> None:
    members = [q for q in find_quantities(text) if q.unit == unit]
    assert [q.value_as_written for q in members] == written
    assert [q.value for q in members] == pytest.approx(values)
    assert len({q.group for q in members}) == 1 and members[0].group is not None


def test_two_enumerations_get_two_groups() -> None:
    text = "225 and 115 mAh g^-1 can be achieved at 0.05 and 0.5 C, respectively"
    groups = [q.group for q in find_quantities(text)]
    assert groups == [0, 0, 1, 1]


def test_enumerated_values_take_the_unit_as_written() -> None:
    first = find_quantities("of 150, 106, and 50 mAh g^-1 under")[0]
    assert (first.unit_as_written, first.kind, first.magnitude_as_written) == (
        "mAh g^-1", "specific_capacity", "150")


def test_list_commas_are_not_thousands_separators() -> None:
    assert [q.value for q in find_quantities("150, 106, and 50 mAh g^-1")] == [150, 106, 50]
    assert [q.value for q in find_quantities("1,600 mAh g^-1")] == [1600.0]


def test_values_with_different_units_are_not_grouped() -> None:
    qs = find_quantities("is 115.9 mAh g^-1 at 0.1 C and 102.4 mAh g^-1 at 0.4 C at 60°C.")
    assert [(q.value, q.unit) for q in qs] == [
        (115.9, "mAh/g"), (0.1, "C"), (102.4, "mAh/g"), (0.4, "C"), (60.0, "degC")]
    assert all(q.group is None for q in qs)


def test_year_does_not_join_an_enumeration() -> None:
    assert found("In 2015, 5 mAh g^-1 was reached") == [
        ("5 mAh g^-1", 5.0, None, "eq", "mAh/g", "specific_capacity")]


# ------------------------------------------------------------------------------------------------
# Bounds and approximations

BOUNDS = [
    ("~", "approx"), ("~ ", "approx"), ("≈", "approx"), ("about ", "approx"),
    ("around ", "approx"), ("approximately ", "approx"), ("nearly ", "approx"),
    ("close to ", "approx"), ("ca. ", "approx"),
    (">", "gt"), ("> ", "gt"), ("over ", "gt"), ("above ", "gt"), ("higher than ", "gt"),
    ("more than ", "gt"), ("exceeding ", "gt"), ("Over ", "gt"),
    ("<", "lt"), ("below ", "lt"), ("lower than ", "lt"), ("less than ", "lt"),
    ("≥", "ge"), ("at least ", "ge"), ("no less than ", "ge"),
    ("≤", "le"), ("up to ", "le"), ("at most ", "le"), ("no more than ", "le"),
    ("within ", "le"),
    ("as high as ", "eq"), ("of ", "eq"), ("reach ", "eq"),
]


@pytest.mark.parametrize(("bound", "relation"), BOUNDS)
def test_bound_sets_relation_and_is_outside_span(bound: str, relation: str) -> None:
    text = f"a conductivity {bound}2 × 10^-5 S cm^-1 at RT"
    q = find_quantities(text)[0]
    assert q.relation == relation
    assert q.start == text.index("2 × 10^-5")
    assert q.value_as_written == "2 × 10^-5 S cm^-1"


def test_bound_of_cycle_count() -> None:
    q = one("excellent long-term cycling stability of >300 cycles")
    assert (q.relation, q.value, q.unit, q.kind, q.bound_as_written) == (
        "gt", 300.0, "cycles", "cycle_number", ">")


# ------------------------------------------------------------------------------------------------
# Room temperature, C-rates, cycles, relative expressions

@pytest.mark.parametrize("phrase", ["RT", "room temperature", "ambient temperature",
                                    "Room temperature", "room-temperature"])
def test_room_temperature(phrase: str) -> None:
    q = one(f"measured at {phrase}.")
    assert (q.value, q.relation, q.unit, q.kind, q.is_rt) == (25.0, "eq", "degC",
                                                              "temperature", True)
    assert q.value_as_written == phrase


def test_rt_inside_words_is_not_room_temperature() -> None:
    assert find_quantities("RTIL and PRT and aRT") == []


def test_numbers_are_not_rt() -> None:
    assert all(not q.is_rt for q in find_quantities("at 30°C and 0.2 C"))


C_RATE_VS_CELSIUS = [
    ("at 18 C and 100°C", [("18 C", 18.0, "C", "c_rate"), ("100°C", 100.0, "degC", "temperature")]),
    ("cycled at 0.2C at 25 °C", [("0.2C", 0.2, "C", "c_rate"), ("25 °C", 25.0, "degC",
                                                               "temperature")]),
    ("at 5 C and 25° C", [("5 C", 5.0, "C", "c_rate"), ("25° C", 25.0, "degC", "temperature")]),
    ("at a rate of C/10 at 60 ℃", [("C/10", 0.1, "C", "c_rate"), ("60 ℃", 60.0, "degC",
                                                                    "temperature")]),
    ("at 1,500 C and 100°C .", [("1,500 C", 1500.0, "C", "c_rate"), ("100°C", 100.0, "degC",
                                                                     "temperature")]),
    ("cycled at -30°C (96.2%", [("-30°C", -30.0, "degC", "temperature"),
                                ("96.2%", 96.2, "%", "percent")]),
]


@pytest.mark.parametrize(("text", "expected"), C_RATE_VS_CELSIUS)
def test_c_rate_versus_celsius(text: str, expected: list[tuple]) -> None:
    assert [(q.value_as_written, q.value, q.unit, q.kind) for q in find_quantities(text)] == \
        approx_rows(expected)


CYCLES = [
    ("94.7% capacity retention after 50 cycles at 0.2 C", "50 cycles", 50.0),
    ("after 1,000 cycles at 1 C", "1,000 cycles", 1000.0),
    ("for the 20th cycle at 0.05 C", "20th cycle", 20.0),
    ("after the 40th cycle at 100 µA cm^-2", "40th cycle", 40.0),
    ("85.2%, cycle 30 2015 Li LAGP", "cycle 30", 30.0),
    ("a single cycle", None, None),
]


@pytest.mark.parametrize(("text", "written", "value"), CYCLES)
def test_cycle_numbers(text: str, written: str | None, value: float | None) -> None:
    cycles = [q for q in find_quantities(text) if q.kind == "cycle_number"]
    if written is None:
        assert cycles == []
        return
    (q,) = cycles
    assert (q.value_as_written, q.value, q.unit) == (written, value, "cycles")


def test_ordinals_without_cycle_are_dropped() -> None:
    assert found("the 2nd step and the 3rd sample") == []


RELATIVE = [
    ("which is three orders of magnitude higher", "three orders of magnitude", 3.0,
     "order_of_magnitude"),
    ("an order of magnitude lower", "an order of magnitude", 1.0, "order_of_magnitude"),
    ("A 10-fold improvement", "10-fold", 10.0, "fold"),
    ("was 3.6-fold better than", "3.6-fold", 3.6, "fold"),
    ("two times higher", "two times", 2.0, "fold"),
    ("a twofold increase", "twofold", 2.0, "fold"),
    ("10 times higher", "10 times", 10.0, "fold"),
]


@pytest.mark.parametrize(("text", "written", "value", "unit"), RELATIVE)
def test_relative_expressions(text: str, written: str, value: float, unit: str) -> None:
    q = one(text)
    assert (q.value_as_written, q.value, q.unit, q.kind) == (written, value, unit, "relative")
    assert q.kind not in property_names()


# ------------------------------------------------------------------------------------------------
# Things that are not quantities

@pytest.mark.parametrize("text", [
    "In 2015, a garnet was reported.",
    "in 2015",
    "Later, in 1997 the group",
    "Kanno et al. (2011) and 2015–2018",
    "Li7La3Zr2O12 and Li6.5La3Zr1.75Te0.25O12 and Li0.33La0.557TiO3",
    "7YSZ, 3D networks, T_g, Li_3N, Zr^4+, La^{3+}, Li^+",
    "S cm^-1, [86] however at [15, 16] and [51–56]",
    "(Figure 7B) and (Fig. 3A) and Table 2 and fig. S11A and (tables S1 to S4)",
    "In 3d5/2 peaks",
    "the 1990s",
])
def test_not_quantities(text: str) -> None:
    assert [q for q in find_quantities(text) if not q.is_rt] == []


def test_vs_is_not_a_unit() -> None:
    assert found("as high as 5 V vs. Li/Li+") == [("5 V", 5.0, None, "eq", "V", "voltage")]
    assert found("4.6 V versus Li/Li +") == [("4.6 V", 4.6, None, "eq", "V", "voltage")]


@pytest.mark.parametrize(("text", "written", "value"), [
    ("there were 5 apples", "5", 5.0),
    ("a transference number of 0.91 and", "0.91", 0.91),
    ("x = 0.25 in the formula", "0.25", 0.25),
])
def test_unknown_units_give_a_count(text: str, written: str, value: float) -> None:
    q = one(text)
    assert (q.value_as_written, q.value, q.unit, q.unit_as_written, q.kind) == (
        written, value, "", "", "count")


def test_known_but_non_canonical_unit_is_other() -> None:
    q = one("at a scan rate of 0.1 mV s^-1 in")
    assert (q.unit, q.kind, q.value) == ("mV/s", "other", 0.1)


# ------------------------------------------------------------------------------------------------
# Whole sentences

SENTENCES = [
    ("showing remarkable ionic conductivities of ~10^-5 S cm^-1 at 30°C",
     [("10^-5 S cm^-1", 1e-5, None, "approx", "S/cm", "ionic_conductivity"),
      ("30°C", 30.0, None, "eq", "degC", "temperature")]),
    ("Li3N with a high ionic conductivity of 10^-3 S cm^-1 at RT but a low decomposition "
     "voltage of 0.445 V",
     [("10^-3 S cm^-1", 1e-3, None, "eq", "S/cm", "ionic_conductivity"),
      ("RT", 25.0, None, "eq", "degC", "temperature"),
      ("0.445 V", 0.445, None, "eq", "V", "voltage")]),
    ("1.02 × 10^-3 S cm^-1 could be achieved at 30°C for Li6.5La3Zr1.75Te0.25O12 compounds "
     "sintered at 1,100°C",
     [("1.02 × 10^-3 S cm^-1", 1.02e-3, None, "eq", "S/cm", "ionic_conductivity"),
      ("30°C", 30.0, None, "eq", "degC", "temperature"),
      ("1,100°C", 1100.0, None, "eq", "degC", "temperature")]),
    ("130 mAh g^-1 at the initial cycle and maintains 81.2% capacity retention after 300 cycles",
     [("130 mAh g^-1", 130.0, None, "eq", "mAh/g", "specific_capacity"),
      ("81.2%", 81.2, None, "eq", "%", "percent"),
      ("300 cycles", 300.0, None, "eq", "cycles", "cycle_number")]),
    ("~2.9 mAh cm^-2 at 0.05 C; 12.6 mg cm^-2",
     [("2.9 mAh cm^-2", 2.9, None, "approx", "mAh/cm2", "areal_capacity"),
      ("0.05 C", 0.05, None, "eq", "C", "c_rate"),
      ("12.6 mg cm^-2", 12.6, None, "eq", "mg/cm2", "loading")]),
    ("an energy density (~11,140 Wh kg^-1) among",
     [("11,140 Wh kg^-1", 11140.0, None, "approx", "Wh/kg", "energy_density")]),
    ("a maximum specific capacity of 106 µAh cm^-2 at RT, the highest",
     [("106 µAh cm^-2", 0.106, None, "eq", "mAh/cm2", "areal_capacity"),
      ("RT", 25.0, None, "eq", "degC", "temperature")]),
    ("a current density of 0.05 mA cm^-2 at 37°C",
     [("0.05 mA cm^-2", 0.05, None, "eq", "mA/cm2", "current_density"),
      ("37°C", 37.0, None, "eq", "degC", "temperature")]),
    ("a CE of 99.98% at 5 C and RT.",
     [("99.98%", 99.98, None, "eq", "%", "percent"), ("5 C", 5.0, None, "eq", "C", "c_rate"),
      ("RT", 25.0, None, "eq", "degC", "temperature")]),
    ("A CPE with 8 wt % polymerized ionic liquid",
     [("8 wt %", 8.0, None, "eq", "wt%", "composition")]),
    ("cycling performance of the ASSLABs at 400 mA g^-1 (D).",
     [("400 mA g^-1", 400.0, None, "eq", "mA/g", "other")]),
    ("ultra-high performances (E > 100 Wh kg^-1, P > 10 kW kg^-1), higher",
     [("100 Wh kg^-1", 100.0, None, "gt", "Wh/kg", "energy_density"),
      ("10 kW kg^-1", 10.0, None, "gt", "kW/kg", "power_density")]),
    ("a high modulus of 0.43 GPa and a high ionic conductivity of 0.6 mS cm^-1 at 30°C",
     [("0.43 GPa", 0.43, None, "eq", "GPa", "pressure"),
      ("0.6 mS cm^-1", 6e-4, None, "eq", "S/cm", "ionic_conductivity"),
      ("30°C", 30.0, None, "eq", "degC", "temperature")]),
    ("LICF (>99.999%; Strem Chemicals), LiCl (≥99.9%)",
     [("99.999%", 99.999, None, "gt", "%", "percent"),
      ("99.9%", 99.9, None, "ge", "%", "percent")]),
    ("a stable cycling for 400 hr under a current density of 0.3 mA cm^-2 for",
     [("400 hr", 400.0, None, "eq", "h", "time"),
      ("0.3 mA cm^-2", 0.3, None, "eq", "mA/cm2", "current_density")]),
]


@pytest.mark.parametrize(("text", "expected"), SENTENCES)
def test_sentences(text: str, expected: list[tuple]) -> None:
    assert found(text) == approx_rows(expected)


def test_kinds_and_relations_come_from_the_vocabulary() -> None:
    text = " ".join(s for s, _ in SENTENCES) + " " + " ".join(t for t, *_ in RANGES)
    for q in find_quantities(text):
        assert q.kind in NON_PROPERTY_KINDS or q.kind in property_names()
        assert q.relation in RELATIONS
        assert (q.value_high is not None) == (q.relation == "range")


def test_results_are_sorted_and_do_not_overlap() -> None:
    text = " ".join(s for s, _ in SENTENCES)
    qs = find_quantities(text)
    assert all(a.end <= b.start for a, b in zip(qs, qs[1:]))


# ------------------------------------------------------------------------------------------------
# parse_value / parse_bound_value (table cells)

@pytest.mark.parametrize(("text", "value"), [
    ("1,020", 1020.0), ("1.3 × 10^-3", 1.3e-3), ("10^-3", 1e-3), ("10⁻³", 1e-3),
    ("1.2e-3", 1.2e-3), ("0.5", 0.5), (" 42 ", 42.0), ("-30", -30.0), ("94.7 ± 0.3", 94.7),
    ("6×10^-4", 6e-4), ("2.5×10⁻²", 2.5e-2),
])
def test_parse_value(text: str, value: float) -> None:
    assert parse_value(text) == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize("text", ["", ">900", "abc", "1.2.3", "10 mAh", "1, 2"])
def test_parse_value_rejects(text: str) -> None:
    assert parse_value(text) is None


@pytest.mark.parametrize(("text", "expected"), [
    (">900", ("gt", 900.0)), ("~10^-4", ("approx", 1e-4)), ("≤ 5", ("le", 5.0)),
    ("up to 4.6", ("le", 4.6)), ("1,020", ("eq", 1020.0)), ("2.0–4.2", ("range", 2.0)),
    ("n/a", ("eq", None)),
])
def test_parse_bound_value(text: str, expected: tuple[str, float | None]) -> None:
    assert parse_bound_value(text) == expected


# ------------------------------------------------------------------------------------------------
# Models: the property schema and the unit lexicon


class _StrictLoader(yaml.SafeLoader):
    """A YAML loader that rejects duplicate mapping keys."""


def _no_duplicates(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    keys = [loader.construct_object(k, deep=deep) for k, _ in node.value]
    duplicates = {k for k in keys if keys.count(k) > 1}
    assert not duplicates, f"duplicate keys {duplicates} at line {node.start_mark.line + 1}"
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicates)


@pytest.mark.parametrize("name", ["units.yaml", "properties.yaml"])
def test_models_have_no_duplicate_keys(name: str) -> None:
    yaml.load((MODELS_DIR / name).read_text(encoding="utf-8"), Loader=_StrictLoader)


def test_unit_spellings_are_unique() -> None:
    model = yaml.safe_load((MODELS_DIR / "units.yaml").read_text(encoding="utf-8"))
    spellings = list(model["pint_aliases"]) + [s for e in model["special_units"]
                                                 for s in e["spellings"]]
    assert len(spellings) == len(set(spellings))
    relation_words = [w for ws in model["relation_words"].values() for w in ws]
    assert len(relation_words) == len(set(relation_words))


def test_property_schema_lists_each_property_once() -> None:
    names = property_names()
    assert len(names) == len(set(names))
    assert set(names) == {
        "ionic_conductivity", "activation_energy", "specific_capacity", "areal_capacity",
        "capacity_retention", "coulombic_efficiency", "cycle_life", "current_density",
        "interfacial_resistance", "electrochemical_window", "energy_density", "power_density",
        "transference_number", "modulus", "electronic_conductivity", "cycling_time"}


@pytest.mark.parametrize("spec", properties(), ids=lambda p: p.name)
def test_property_units_and_dimensionality_agree(spec) -> None:
    assert spec.triggers or spec.cue
    if spec.pint_unit:
        reg = ureg()
        assert reg.Unit(spec.pint_unit).dimensionality == reg.get_dimensionality(
            spec.dimensionality)
    if spec.canonical_unit:
        assert normalise_unit(spec.canonical_unit)[0] == spec.canonical_unit


@pytest.mark.parametrize("cu", canonical_units(), ids=lambda c: c.unit)
def test_canonical_units_normalise_to_themselves(cu) -> None:
    assert normalise_unit(cu.unit) == (cu.unit, 1.0, 0.0)


# ------------------------------------------------------------------------------------------------
# spaCy component

def test_spacy_component_sets_spans_and_extension() -> None:
    import pipeline.nlp  # noqa: F401  (registers the factory)

    nlp = spacy.blank("en")
    nlp.add_pipe("litmine_quantities")
    doc = nlp("Li3N showed 10^-3 S cm^-1 at RT and 150, 106, and 50 mAh g^-1.")
    spans = doc.spans["quantities"]
    assert [s.label_ for s in spans] == [
        "ionic_conductivity", "temperature", "specific_capacity", "specific_capacity",
        "specific_capacity"]
    q = spans[0]._.quantity
    assert isinstance(q, Quantity) and q.value == 1e-3 and q.unit == "S/cm"
    assert spans[0].start_char <= q.start and spans[0].end_char >= q.end
    assert math.isclose(spans[-1]._.quantity.value, 50.0)


def test_bare_degree_signs_in_a_list_share_the_closing_celsius() -> None:
    # sun2022: "when cycled at -10°, -20°, and -30°C, respectively"
    got = found("when cycled at -10°, -20°, and -30°C, respectively")
    assert [(w, v, u) for w, v, _, _, u, _ in got] == [
        ("-10", -10.0, "degC"), ("-20", -20.0, "degC"), ("-30°C", -30.0, "degC")]


@pytest.mark.parametrize("text, low, high", [
    ("2-5 × 10^-4 S/cm", 2e-4, 5e-4),
    ("1.2–3.4 × 10^-3 S cm^-1", 1.2e-3, 3.4e-3),
    ("2 × 10^-4 to 5 × 10^-3 S/cm", 2e-4, 5e-3),
])
def test_a_range_shares_the_power_of_ten_written_after_it(text, low, high):
    [q] = find_quantities(text)
    assert q.relation == "range"
    assert q.value == pytest.approx(low) and q.value_high == pytest.approx(high)


def test_a_range_whose_low_end_has_its_own_power_of_ten_keeps_it():
    [q] = find_quantities("from 10^-4 to 1.2 × 10^-3 S cm^-1")
    assert (q.value, q.value_high) == (pytest.approx(1e-4), pytest.approx(1.2e-3))


def test_lowercase_rt_standing_alone_is_room_temperature():
    from pipeline.quantities import find_quantities
    qs = find_quantities("in agreement with the rt Na-conductivity and the Pt rtx electrode")
    assert [(q.kind, q.value_as_written) for q in qs] == [("temperature", "rt")]


def test_outer_bound_word_wins_over_an_approximation():
    from pipeline.quantities import find_quantities
    qs = find_quantities("reaching 0.1 S cm^-1 above around 480 K, and about 5 V")
    assert [(q.value_as_written, q.relation) for q in qs] == [
        ("0.1 S cm^-1", "eq"), ("480 K", "gt"), ("5 V", "approx")]


def test_per_kilogram_of_cathode_or_cell_with_the_subscript_glued():
    from pipeline.ingest.normalize import normalize
    from pipeline.quantities import find_quantities
    for text in ("a specific energy of 310 W h kgcathode -1", "33 W h kgcell-1 in this work"):
        t = normalize(text, [(0, len(text))]).text
        assert [(q.kind, q.unit) for q in find_quantities(t)] == [("energy_density", "Wh/kg")]


def test_a_mu_set_apart_from_siemens():
    from pipeline.quantities import find_quantities
    assert [(q.value, q.unit) for q in find_quantities("to ≈ 4 µ S cm^-1 by 243 K")][0] == (
        4e-06, "S/cm")


def test_two_bounds_are_not_a_range():
    got = [(q.value, q.value_high, q.relation)
           for q in find_quantities("activation energies between ≥ 0.60 eV and < 0.35 eV")]
    assert got == [(0.6, None, "ge"), (0.35, None, "lt")]
    assert [(q.value, q.value_high, q.relation)
            for q in find_quantities("between 0.35 and 0.60 eV")] == [(0.35, 0.6, "range")]


def test_a_bare_number_after_from_takes_the_unit_across_a_temperature():
    got = [(round(q.value, 6), q.unit) for q in
           find_quantities("decreases from 0.7 at -40 °C to 0.4 eV at 100 °C")
           if q.kind != "temperature"]
    assert got == [(0.7, "eV"), (0.4, "eV")]
    got = [(round(q.value, 6), q.unit) for q in
           find_quantities("rises from 0.2 at 25 °C to 1.5 mS cm^-1 at 80 °C")
           if q.kind != "temperature"]
    assert got == [(0.0002, "S/cm"), (0.0015, "S/cm")]
    assert [q.unit for q in find_quantities("from 3 at 25 °C to 5 at 30 °C")
            if q.kind != "temperature"] == ["", ""]
