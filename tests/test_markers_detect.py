"""Citation markers: superscripts, LaTeX, brackets, parentheses; not exponents, charges, marks."""

from __future__ import annotations

import pytest

from pipeline.markers import expand_numbers, find_markers


def refs_in(text: str) -> list[tuple[str, tuple[int, ...]]]:
    return [(m.raw, m.refs) for m in find_markers(text)]


@pytest.mark.parametrize("text, expected", [
    ("Murugan et al.¹⁸ reported", [("¹⁸", (18,))]),
    ("doped with Ga and Al⁵² were", [("⁵²", (52,))]),
    ("or Te⁹⁰ was", [("⁹⁰", (90,))]),
    ("such as LLTO¹⁰³ and LLZO", [("¹⁰³", (103,))]),
    ("PMMA⁶⁹ is used", [("⁶⁹", (69,))]),
    ("a conductivity of 10⁻³ S cm⁻¹,⁸⁶ however", [("⁸⁶", (86,))]),
    ("layers^{51–56} were", [("^{51–56}", (51, 52, 53, 54, 55, 56))]),
    ("LLZO.^{104,105} Figure", [("^{104,105}", (104, 105))]),
    ("Li LGPS LCO ¹³⁰\tRT", [("¹³⁰", (130,))]),
    ("as reported [12] and [3–5, 9].", [("[12]", (12,)), ("[3–5, 9]", (3, 4, 5, 9))]),
    ("in LIBs ( 24 ) and ( 13 -16 , 18 -21 ).",
     [("( 24 )", (24,)), ("( 13 -16 , 18 -21 )", (13, 14, 15, 16, 18, 19, 20, 21))]),
])
def test_citations_found(text, expected):
    assert refs_in(text) == expected


@pytest.mark.parametrize("text", [
    "a conductivity of 10⁻³ S cm⁻¹ at RT",
    "an area-specific resistance of 40 Ω cm² was",
    "sp³ boron-based",
    "Ti⁴⁺ and Zr⁴⁺ ions",
    "La^{3+} ions and Li^+",
    "$10^{-4} \\text{ S cm}^{-1}$",
    "⁶Li NMR",
    "¹School of Physical Science",
    "a density of 0.59 g cm^{-3}",
    "10² times",
    "[Figure 10D](#) shows",
    "the (1) low ionic conductivity",
])
def test_not_citations(text):
    assert find_markers(text) == []


def test_expand_numbers_reports_odd_ranges():
    assert expand_numbers("51–56")[0] == (51, 52, 53, 54, 55, 56)
    refs, issues = expand_numbers("5–900")
    assert refs == (5, 900) and issues


def test_label_is_ascii():
    (m,) = find_markers("x^{51–56} y")
    assert m.label == "51-56"


@pytest.mark.parametrize("text, raw, refs", [
    ("The activation energy is 0.30 eV (ref. 7).", "(ref. 7)", (7,)),
    ("as shown in refs 12–14 and 20, the", "refs 12–14 and 20", (12, 13, 14, 20)),
    ("(refs. 7, 8)", "(refs. 7, 8)", (7, 8)),
])
def test_reference_word_markers(text, raw, refs):
    got = [(m.raw, m.refs) for m in find_markers(text)]
    assert got == [(raw, refs)]


def test_reference_electrode_is_not_a_marker():
    assert find_markers("versus the reference 2.5 V electrode") == []


@pytest.mark.parametrize("text, expected", [
    # HTML markup of some converters
    ("at room temperature.<sup>1,2</sup> The", [("<sup>1,2</sup>", (1, 2))]),
    ("at 25 °C<sup>3</sup>.", [("<sup>3</sup>", (3,))]),
    ("1.2 × 10<sup>−2</sup> S cm<sup>−1</sup>", []),
    ("Ti<sup>4+</sup> and Li<sub>2</sub>S", []),
])
def test_html_superscript_markers(text, expected):
    assert [(m.raw, m.refs) for m in find_markers(text)] == expected
