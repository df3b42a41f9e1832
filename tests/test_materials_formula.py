"""The formula grammar, its pymatgen validation and the composition class rules."""

from __future__ import annotations

import pytest

from pipeline.formulas import (class_from_composition, eval_stoichiometry, formula_key,
                               formula_status, looks_like_formula, parse_formula)
from pipeline.materials import ionic_formula


@pytest.mark.parametrize("text", [
    "Li7La3Zr2O12", "Li0.33La0.557TiO3", "Li9.54Si1.74P1.44S11.7Cl0.3", "Li1+xAlxTi2-x(PO4)3",
    "Li3xLa(2/3-x)□(1/3)-2xTiO3", "Li7-3xGaxLa3Zr2O12", "Li3+x(P1-xSix)S4", "Li[N(SO2CF3)2]",
    "LiNi1/3Co1/3Mn1/3O2", "Li7La3Zr2O12-δ", "75Li2S", "(25-x)P2S5", "xP2O5", "1%P2O5", "(1-x)LiMO2",
    "Li2(OH)X", "Li5La3M2O12", "PEO18Li(CF3SO2)2N"[5:], "Al2Si2O5(OH)4", "C35H20O10",
])
def test_formula_status_formula(text: str) -> None:
    assert formula_status(text) == "formula"


@pytest.mark.parametrize("text, status", [
    ("Li", "element"), ("S", "element"), ("Au", "element"), ("In", "element"),
    ("O2", "molecule"), ("S8", "molecule"), ("H2", "molecule"),
    ("Li2", "reject"), ("S1", "reject"), ("P4", "reject"), ("Six", "reject"), ("9C", "reject"),
    ("CV", "reject"), ("SOC", "reject"), ("OCV", "reject"), ("UV", "reject"), ("CPEs", "reject"),
    ("SSEs", "reject"), ("HOMO", "reject"), ("NaN", "reject"), ("KGaA", "reject"), ("ABO3", "reject"),
    ("A3B2(XO4)3", "reject"), ("ABX3", "reject"), ("1W1B", "reject"), ("LLZO", "reject"),
    ("Pm3m", "reject"), ("Pnma", "reject"), ("2D", "reject"), ("NWs", "reject"), ("", "reject"),
])
def test_formula_status_other(text: str, status: str) -> None:
    assert formula_status(text) == status


def test_parse_formula_substitutes_variables() -> None:
    pf = parse_formula("Li1+xAlxTi2-x(PO4)3")
    amounts = dict(pf.amounts)
    assert amounts["Li"] == pytest.approx(1.05) and amounts["P"] == pytest.approx(3)
    assert pf.variable
    assert parse_formula("75Li2S").coefficient == 75
    assert parse_formula("Li5La3M2O12").placeholders == {"M"}


def test_grammar_is_fast_on_long_input() -> None:
    assert not looks_like_formula("Li" + "1" * 5000 + "x+")
    assert not looks_like_formula("(" * 200 + "Li")


@pytest.mark.parametrize("expr, value", [("2", 2), ("1+x", 1.05), ("7-3x", 6.85), ("(2/3-x)", 2 / 3 - 0.05),
                                         ("(1/3)-2x", 1 / 3 - 0.1), ("12-δ", 11.99), ("75%", 75)])
def test_eval_stoichiometry(expr: str, value: float) -> None:
    assert eval_stoichiometry(expr) == pytest.approx(value)


def test_eval_stoichiometry_rejects_non_positive() -> None:
    assert eval_stoichiometry("x-1") is None
    assert eval_stoichiometry("1/0") is None


def test_formula_key_ignores_writing_order() -> None:
    assert formula_key("Li[N(SO2CF3)2]") == formula_key("LiN(SO2CF3)2") == formula_key("Li(CF3SO2)2N")
    assert formula_key("Li1+xAlxTi2-x(PO4)3") == "written:Li1+xAlxTi2-x(PO4)3"


@pytest.mark.parametrize("cation, anion, formula", [
    ("lithium", "sulfate", "Li2SO4"), ("Li", "peroxide", "Li2O2"), ("hydrogen", "sulfide", "H2S"),
    ("aluminum", "oxide", "Al2O3"), ("zirconium", "oxide", "ZrO2"), ("lithium", "phosphate", "Li3PO4"),
    ("magnesium", "hydroxide", "Mg(OH)2"), ("lithium", "nitride", "Li3N"),
])
def test_ionic_formula(cation: str, anion: str, formula: str) -> None:
    assert ionic_formula(cation, anion) == formula


@pytest.mark.parametrize("formula, material_class", [
    ("Li10GeP2S12", "sulfide"), ("Li7P3S11", "sulfide"), ("Li2S", "sulfide"), ("Li6PS5Br", "argyrodite"),
    ("Li4GeS4", "sulfide"), ("Li3+x(P1-xSix)S4", "thio-LISICON"), ("Li7La3Zr2O12", "garnet"),
    ("Li5La3M2O12", "garnet"), ("Li0.33La0.557TiO3", "perovskite"), ("Li3OCl", "anti-perovskite"),
    ("Li2(OH)X", "anti-perovskite"), ("Li1+xAlxTi2-x(PO4)3", "NASICON"), ("LiZr2(PO4)3", "NASICON"),
    ("Li3InCl4.8F1.2", "halide"), ("LiPF6", "salt"), ("Li[N(SO2CF3)2]", "salt"), ("LiCoO2", "cathode"),
    ("LiFePO4", "cathode"), ("LiNbO3", "other"), ("H2S", "other"), ("Li2SO4", "other"),
])
def test_class_from_composition(formula: str, material_class: str) -> None:
    pf = parse_formula(formula)
    comp = {el: n for el, n in pf.amounts}
    comp.update({ph: 1.0 for ph in pf.placeholders})
    assert class_from_composition(comp) == material_class


@pytest.mark.parametrize("formula, var, value, expected", [
    ("Li3-xY1-xZrxCl6", "x", 0.5, "Li2.5Y0.5Zr0.5Cl6"),
    ("Li6-xPS5-xCl1+x", "x", 0.5, "Li5.5PS4.5Cl1.5"),
    ("Li1+xAlxTi2-x(PO4)3", "x", 0.3, "Li1.3Al0.3Ti1.7(PO4)3"),
    ("Li3-xY1-xZrxCl6", "y", 0.5, None),  # x is left
])
def test_a_variable_composition_with_a_value(formula, var, value, expected):
    from pipeline.formulas import substitute_variable
    assert substitute_variable(formula, var, value) == expected
