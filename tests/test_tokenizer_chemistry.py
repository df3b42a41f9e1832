"""The chemistry tokenizer keeps formulas, cells, citations, exponents and units whole."""

from __future__ import annotations

import pytest
import spacy

from pipeline.tokenizer import is_cell_notation, is_material_expression, keep_whole, make_tokenizer


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    nlp = spacy.blank("en")
    nlp.tokenizer = make_tokenizer(nlp)
    return nlp


def tokens(nlp: spacy.language.Language, text: str) -> list[str]:
    return [t.text for t in nlp(text)]


@pytest.mark.parametrize("word", [
    "Li7La3Zr2O12", "Li0.33La0.557TiO3", "Li9.54Si1.74P1.44S11.7Cl0.3", "Li1+xAlxTi2-x(PO4)3",
    "75Li2S·24P2S5·P2O5", "Li3PO4", "Li3xLa(2/3-x)□(1/3)-2xTiO3", "Li7-3xGaxLa3Zr2O12", "Li[N(SO2CF3)2]",
    "NiSO4·6H2O", "xLi2MnO3·(1-x)LiMO2", "Li2S-P2S5", "PEO-LiClO4/TiO2", "Ta-LLZO", "Ga-Rb-LLZO",
    "S@LLZO@C", "PEO18Li(CF3SO2)2N/SiO2", "LiNi1/3Co1/3Mn1/3O2", "7YSZ",
    "Li|LLZO|LCO", "Li|PEO/LATP|LFP", "LTO|80Li2S·20P2S5|LiNbO3-coated", "Li|", "|LFP",
    "[18]", "[13,14]", "[51–56]", "10^-2", "10^-4", "cm^-1", "g^-1", "Ti^4+", "Li^+", "O^2-",
])
def test_kept_as_one_token(nlp: spacy.language.Language, word: str) -> None:
    assert tokens(nlp, f"the {word} here") == ["the", word, "here"]


@pytest.mark.parametrize("text, expected", [
    ("garnet-type Li7La3Zr2O12 (LLZO),", ["garnet", "-", "type", "Li7La3Zr2O12", "(", "LLZO", ")", ","]),
    ("Li1+xAlxTi2-x(PO4)3, and", ["Li1+xAlxTi2-x(PO4)3", ",", "and"]),
    ("PMMA [69], PVDF [68].", ["PMMA", "[69]", ",", "PVDF", "[68]", "."]),
    ("PMMA[69] and et al. [18]", ["PMMA", "[69]", "and", "et", "al", ".", "[18]"]),
    ("(see [13,14]).", ["(", "see", "[13,14]", ")", "."]),
    ("1.2 × 10^-2 S cm^-1 at RT", ["1.2", "×", "10^-2", "S", "cm^-1", "at", "RT"]),
    ("80 mAh g^-1 at 0.1 C", ["80", "mAh", "g^-1", "at", "0.1", "C"]),
    ("(Li|LLZO|LCO)", ["(", "Li|LLZO|LCO", ")"]),
    ("Li|LGPS|LNM.", ["Li|LGPS|LNM", "."]),
    ("Al2O3-doped LLZO", ["Al2O3", "-", "doped", "LLZO"]),
    ("PEO-based SPEs", ["PEO", "-", "based", "SPEs"]),
    ("75Li2S · 24P2S5 · P2O5", ["75Li2S", "·", "24P2S5", "·", "P2O5"]),
    ("(TiO2)", ["(", "TiO2", ")"]),
    ("X-ray and COVID-19", ["X", "-", "ray", "and", "COVID-19"]),
])
def test_tokenization(nlp: spacy.language.Language, text: str, expected: list[str]) -> None:
    assert tokens(nlp, text) == expected


def test_predicates() -> None:
    assert is_material_expression("PEO-LiClO4/Al2O3")
    assert not is_material_expression("PEO-based")
    assert not is_material_expression("mAh")
    assert is_cell_notation("Li|PEO/LATP|LFP") and not is_cell_notation("Li|LLZO|LCO,")
    assert not keep_whole("(LLZO)") and keep_whole("(PO4)3")


def test_tokenizer_is_reversible(nlp: spacy.language.Language) -> None:
    text = "Li|PVDF/Ta-LLZO|LCO ASSLMs showed 150 mAh g^-1 [24]; Li0.5La0.5TiO3 (LLTO) at 10^-5 S cm^-1."
    assert nlp(text).text == text
