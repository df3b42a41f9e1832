"""Property-based tests of the quantity recogniser: no exceptions, exact spans, round trips."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.quantities import RELATIONS, find_quantities, parse_value

#: Pieces of battery-paper text, so that random strings reach the interesting code paths.
PIECES = [
    "0", "1", "2", "5", "10", "25", "150", "1,600", "0.5", ".", ",", ", ", " ", "  ", "-", "–",
    "—", "−", "~", "≈", ">", "≤", "±", "^", "^-", "^{", "}", "×", "x", " × 10^-", "10^", "e-",
    "E", "S", " S cm^-1", " mS cm–1", "cm", "^-1", "^2", " mAh g^-1", "mAh/g", " µAh cm^-2",
    " A cm^-2", " mA cm^-2", " Ω cm^2", "Ω", " ohms", " Wh kg^-1", " kW kg^-1", " kJ mol^-1",
    " eV", " V", " mV", " GPa", " K", "°C", " °C", "° C", "℃", " C", "C/", "%", " wt %", " mol %",
    " cycles", " cycle ", "th", "st", " h", " s", " min", "/", "·", "*", " and ", " or ", " to ",
    "from ", "between ", "up to ", "at least ", "over ", "higher than ", "RT", "room temperature",
    " times", "-fold", " orders of magnitude", "three", "an", "[", "]", "[86]", "(", ")",
    "Fig. ", "Table ", "Li", "La", "Zr", "O12", "2015", "in ", "vs.", " versus ", "Li/Li +", "\n",
    "\u00a0", "\u2009", "_", "{", "⁻³", "µ", "μ", "per", " respectively",
]

texts = st.one_of(
    st.text(max_size=80),
    st.lists(st.sampled_from(PIECES), max_size=25).map("".join),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=20).map("".join),
)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_any_text_gives_valid_quantities(text: str) -> None:
    quantities = find_quantities(text)
    starts = [q.start for q in quantities]
    assert starts == sorted(starts)
    for q in quantities:
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start:q.end] == q.value_as_written
        assert q.relation in RELATIONS
        assert math.isfinite(q.value)
        if q.relation == "range":
            assert q.value_high is not None and q.value <= q.value_high
        else:
            assert q.value_high is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_parse_value_never_raises(text: str) -> None:
    value = parse_value(text)
    assert value is None or math.isfinite(value)


positive = st.floats(min_value=0.0, max_value=1e12, allow_nan=False, allow_infinity=False)

#: Canonical units written in their canonical form or a common spelling that keeps the magnitude.
UNITS = [("S cm^-1", "S/cm"), ("S/cm", "S/cm"), ("mAh g^-1", "mAh/g"), ("mA cm^-2", "mA/cm2"),
         ("Wh kg^-1", "Wh/kg"), ("Ω cm^2", "ohm*cm2"), ("eV", "eV"), ("V", "V"), ("%", "%"),
         ("GPa", "GPa"), ("°C", "degC")]


def _formats(v: float) -> list[tuple[str, float]]:
    """Ways a paper writes ``v``, each with the float the written text denotes."""
    mantissa, exponent = f"{v:.6e}".split("e")
    fixed = f"{v:,.3f}"
    return [
        (str(v), v),
        (f"{mantissa} × 10^{int(exponent)}", float(f"{mantissa}e{exponent}")),
        (f"{mantissa}e{int(exponent)}", float(f"{mantissa}e{exponent}")),
        (fixed, float(fixed.replace(",", ""))),
    ]


@settings(max_examples=300, deadline=None)
@given(positive, st.sampled_from(UNITS), st.integers(min_value=0, max_value=3))
def test_value_round_trip(v: float, unit: tuple[str, str], which: int) -> None:
    written, expected = _formats(v)[which]
    text = f"a value of {written} {unit[0]} was reported"
    (q,) = find_quantities(text)
    assert q.unit == unit[1]
    assert q.value_as_written == f"{written} {unit[0]}"
    assert math.isclose(q.value, expected, rel_tol=1e-9, abs_tol=0.0)


@settings(max_examples=100, deadline=None)
@given(positive)
def test_round_trip_plain_repr_in_siemens(v: float) -> None:
    (q,) = find_quantities(f"{v} S cm^-1")
    assert math.isclose(q.value, v, rel_tol=1e-9)
