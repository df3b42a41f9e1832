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
