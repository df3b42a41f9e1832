"""Round trip through the source notations papers use: a value rendered as plain decimal,
``1.2 × 10⁻³``, ``1.2 × 10^{-3}``, LaTeX math, ``1.2e-3``, converter-split ``1.2 × 10 -3`` or
glued ``1.2×10−3``, with a unit written several ways, goes through the same path as a document
(citation markers, normaliser, quantity recogniser) and comes back as the canonical value within
rel 1e-9. (tests/test_quantities_fuzz.py covers already-normalised text.)
"""

from __future__ import annotations

import math
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.ingest.normalize import normalize
from pipeline.markers import find_markers
from pipeline.quantities import find_quantities

FUZZ = settings(max_examples=300, deadline=None, derandomize=True, database=None)

SUP = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def _quantities_of_source(source: str):
    """Quantities of a source string as the pipeline finds them (normalised text)."""
    n = normalize(source, [(0, len(source))], find_markers(source))
    return n, find_quantities(n.text)


def _scientific(mantissa: str, exponent: int, style: str) -> str:
    e = str(exponent)
    return {
        "unicode": f"{mantissa} × 10{e.translate(SUP)}",
        "latex_braces": f"{mantissa} × 10^{{{e}}}",
        "latex_math": f"${mantissa} \\times 10^{{{e.replace('-', '−')}}}$",
        "caret": f"{mantissa} × 10^{e}",
        "e": f"{mantissa}e{e}",
        "split": f"{mantissa} × 10 {e}" if exponent < 0 else f"{mantissa} × 10^{e}",
        # glued "×10−3" (text layer without superscripts) is only readable with a minus sign
        "glued_pdf": f"{mantissa}×10{e.replace('-', '−')}" if exponent < 0 else f"{mantissa}×10^{e}",
    }[style]


#: (unit as written in the source, canonical unit, factor to the canonical unit)
UNITS = [
    ("S cm⁻¹", "S/cm", 1.0), ("S cm^{-1}", "S/cm", 1.0), ("S cm -1", "S/cm", 1.0),
    ("$\\text{S cm}^{-1}$", "S/cm", 1.0), ("S/cm", "S/cm", 1.0), ("mS cm⁻¹", "S/cm", 1e-3),
    ("mS cm^{-1}", "S/cm", 1e-3), ("mS cm–1", "S/cm", 1e-3), ("µS cm⁻¹", "S/cm", 1e-6),
    ("μS cm^-1", "S/cm", 1e-6), ("mS/cm", "S/cm", 1e-3),
    ("mAh g⁻¹", "mAh/g", 1.0), ("mA cm⁻²", "mA/cm2", 1.0), ("eV", "eV", 1.0),
]

STYLES = ["unicode", "latex_braces", "latex_math", "caret", "e", "split", "glued_pdf"]


@FUZZ
@given(mantissa=st.decimals(min_value=1, max_value=Decimal("9.99"), places=2).map(str),
       exponent=st.integers(min_value=-12, max_value=12).filter(lambda e: e != 0),
       style=st.sampled_from(STYLES), unit=st.sampled_from(UNITS))
def test_scientific_notation_round_trip(mantissa: str, exponent: int, style: str, unit) -> None:
    written_unit, canonical, factor = unit
    source = f"a conductivity of {_scientific(mantissa, exponent, style)} {written_unit} was reported"
    n, quantities = _quantities_of_source(source)
    assert len(quantities) == 1, (source, n.text, quantities)
    (q,) = quantities
    assert q.unit == canonical, (source, n.text)
    assert q.relation == "eq"
    expected = float(f"{mantissa}e{exponent}") * factor
    assert math.isclose(q.value, expected, rel_tol=1e-9, abs_tol=0.0), (source, n.text, q.value)


@FUZZ
@given(value=st.floats(min_value=1e-6, max_value=1e6, allow_nan=False, allow_infinity=False),
       unit=st.sampled_from(UNITS), bare_power=st.booleans())
def test_plain_decimal_round_trip(value: float, unit, bare_power: bool) -> None:
    written_unit, canonical, factor = unit
    written = repr(value) if "e" not in repr(value) else f"{value:.9f}".rstrip("0").rstrip(".")
    if bare_power:  # "10⁻³ S cm⁻¹": a power of ten with no mantissa
        exponent = int(math.floor(math.log10(value)))
        written, value = "10" + str(exponent).translate(SUP), float(f"1e{exponent}")
        if exponent >= 0:
            written = f"10^{{{exponent}}}"
    source = f"a value of {written} {written_unit} at RT"
    n, quantities = _quantities_of_source(source)
    q = next((q for q in quantities if q.unit == canonical), None)
    assert q is not None, (source, n.text, quantities)
    assert math.isclose(q.value, float(written) * factor if not bare_power else value * factor,
                        rel_tol=1e-9, abs_tol=0.0), (source, n.text, q.value)
