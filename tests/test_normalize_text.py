"""Normalised text and its offset map back to the source."""

from __future__ import annotations

import pytest

from pipeline.ingest.normalize import normalize
from pipeline.markers import find_markers


def norm(text: str):
    return normalize(text, [(0, len(text))], find_markers(text))


@pytest.mark.parametrize("source, expected", [
    ("$1.2 \\times 10^{-2} \\text{ S cm}^{-1}$", "1.2 × 10^-2 S cm^-1"),
    ("$\\sim 250 \\text{ Wh kg}^{-1}$", "~ 250 Wh kg^-1"),
    ("Li_{0.33}La_{0.557}TiO_3", "Li0.33La0.557TiO3"),
    ("Li₇La₃Zr₂O₁₂", "Li7La3Zr2O12"),
    ("10⁻³ S cm⁻¹", "10^-3 S cm^-1"),
    ("10 -2 S cm -1", "10^-2 S cm^-1"),
    ("1.2 mS cm–1", "1.2 mS cm^-1"),
    ("10–20 nm", "10–20 nm"),
    ("ﬁlm", "film"),
    ("−40 °C", "-40 °C"),
    ("μA cm⁻²", "µA cm^-2"),
    ("Murugan et al.¹⁸ reported", "Murugan et al. [18] reported"),
    ("Al⁵² were", "Al [52] were"),
    ("S cm⁻¹,⁸⁶ however", "S cm^-1, [86] however"),
    ("Ti⁴⁺", "Ti^4+"),
    ("*ex situ* imaging", "ex situ imaging"),
    ("[Figure 10D](#) shows", "Figure 10D shows"),
    ("Li ₂ S•24P ₂ S ₅ •P ₂ O ₅ LCO", "Li2S·24P2S5·P2O5 LCO"),
])
def test_normalised_text(source, expected):
    assert norm(source).text == expected


def test_offsets_map_back():
    src = "of $10^{-3} \\text{ S cm}^{-1}$ at RT"
    n = norm(src)
    i = n.text.index("S cm^-1")
    a, b = n.to_source(i, i + len("S cm^-1"))
    assert src[a:b] == "S cm}^{-1"  # the closing brace emits nothing
    j = n.text.index("10^-3")
    a, b = n.to_source(j, j + 5)
    assert src[a:b] in ("10^{-3", "10^{-3}")


def test_pieces_are_joined_by_one_space():
    src = "first part of\n\nAFFIL\n\nthe sentence."
    n = normalize(src, [(0, 13), (22, 35)])
    assert n.text == "first part of the sentence."
    k = n.text.index("the")
    assert n.to_source(k, k + 3) == (22, 25)


@pytest.mark.parametrize("source, expected", [
    # other converters: nougat/Mathpix inline math, HTML sub/superscripts, LaTeX degree signs
    (r"Li\(_{7}\)La\(_{3}\)Zr\(_{2}\)O\(_{12}\) shows \(3\times 10^{-4}\) S cm\(^{-1}\)",
     "Li7La3Zr2O12 shows 3× 10^-4 S cm^-1"),
    ("Li<sub>10</sub>GeP<sub>2</sub>S<sub>12</sub> with 1.2 × 10<sup>−2</sup> S cm<sup>−1</sup>",
     "Li10GeP2S12 with 1.2 × 10^-2 S cm^-1"),
    (r"at 25 $^{\circ}$C and 60 ^{\circ}C", "at 25 °C and 60 °C"),
    (r"a literal \(parenthesis\) stays", r"a literal (parenthesis) stays"),
    (r"cells between \(-\)0.5 and 5.5 V", "cells between -0.5 and 5.5 V"),  # a sign alone as math
    ("values of 10−4–10−3 S cm−1 (true minus glued to 10)", "values of 10^-4–10^-3 S cm^-1 (true minus glued to 10)"),
    ("between 10–20 °C", "between 10–20 °C"),
])
def test_other_converter_markup(source, expected):
    norm = normalize(source, [(0, len(source))])
    assert norm.text == expected
    a, b = norm.to_source(0, len(norm.text))
    assert 0 <= a < b <= len(source)


@pytest.mark.parametrize("source, expected", [
    # a unit glued before the exponent base still takes the split minus
    ("targets of 600 mAhg -1 at 0.5mAcm -2", "targets of 600 mAhg^-1 at 0.5mAcm^-2"),
    ("of 0.01Scm -1 and 5 mScm -1", "of 0.01Scm^-1 and 5 mScm^-1"),
    ("Bmg -1 stays", "Bmg -1 stays"),
    # a table's "× 10 - 6", spaced on both sides of the minus
    ("| 2.56 × 10 - 17 | 3.00 × 10 - 8 |", "| 2.56 × 10^-17 | 3.00 × 10^-8 |"),
    ("from 5 - 10 - 20 nm", "from 5 - 10 - 20 nm"),
])
def test_split_minus_after_glued_units_and_in_tables(source, expected):
    assert normalize(source, [(0, len(source))]).text == expected


@pytest.mark.parametrize("source, expected", [
    ("decreasing from 1,710 to 1 Ω cm 2 .", "decreasing from 1,710 to 1 Ω cm^2 ."),
    ("of 20 Ωcm 2 at", "of 20 Ωcm^2 at"),
    ("at 50 µA/cm 2 ,", "at 50 µA/cm^2 ,"),
    ("a 5 cm 2 area", "a 5 cm 2 area"),  # no unit before: left as written
    ("of 3 Ω cm 25 K", "of 3 Ω cm 25 K"),
])
def test_spaced_positive_area_power(source, expected):
    n = normalize(source, [(0, len(source))])
    assert n.text == expected
    if "^2" in n.text:
        i = n.text.index("^2")
        assert source[slice(*n.to_source(i, i + 2))] in (" 2", "  2")
