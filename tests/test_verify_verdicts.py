"""Claim <-> claim verdicts (pipeline/verify.py) on hand-made claims: each verdict, bounds and
ranges, doped vs parent compositions, abbreviations, temperatures."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.identity import Identity
from pipeline.links import Link
from pipeline.schema import Measurement
from pipeline.verify import DocData, compare, values_agree


def claim(cid: str, material: str, value: float, relation: str = "eq", *, high: float | None = None,
          prop: str = "ionic_conductivity", unit: str = "S/cm", temp: str = "",
          refs: list[int] | None = None) -> Measurement:
    return Measurement(claim_id=cid, sentence_id="s1", char_start=10, char_end=20, material=material,
                       material_canonical=material, property=prop, relation=relation, value=value,
                       value_high=high, unit=unit, value_as_written=str(value), temperature_c=temp,
                       citations=refs or [1])


def doc(doc_id: str, claims: list[Measurement], formulas: dict[str, str] | None = None) -> DocData:
    return DocData(doc_id, Path(doc_id), Identity(doc_id=doc_id), [], claims, formulas or {})


LINK = Link("review", 1, "paper", "doi", 1.0)


def verdict(citing: Measurement, cited: list[Measurement], citing_formulas=None, cited_formulas=None):
    return compare(citing, doc("review", [citing], citing_formulas),
                   doc("paper", cited, cited_formulas), 1, LINK)


def test_supported_names_the_cited_claim_and_both_spans() -> None:
    v = verdict(claim("m1", "Na2B12H12", 0.1, temp="RT"),
                [claim("c7", "Na2B12H12", 0.1, temp="25")])
    assert v.verdict == "supported"
    assert v.cited_claims == ["c7"] and v.cited_values == ["0.1"]
    assert (v.char_start, v.char_end) == (10, 20) and v.cited_spans == ["10-20"]


def test_different_value_gives_both_values_and_the_ratio() -> None:
    v = verdict(claim("m1", "Na2B12H12", 1e-3), [claim("c1", "Na2B12H12", 1e-4)])
    assert v.verdict == "different_value"
    assert v.cited_values == ["0.0001"]
    assert v.ratio == pytest.approx(10.0)
    assert "ratio 10" in v.note


def test_different_conditions_same_value_other_temperature() -> None:
    # a 30 °C value quoted as room temperature
    v = verdict(claim("m1", "LiCB11H12", 1.5e-3, temp="RT"),
                [claim("c1", "LiCB11H12", 1.5e-3, temp="30")])
    assert v.verdict == "different_conditions"
    assert "30" in v.note


def test_not_found_when_the_cited_paper_has_no_such_claim() -> None:
    v = verdict(claim("m1", "Na2B12H12", 0.1), [claim("c1", "Na2B10H10", 0.01),
                                                claim("c2", "Na2B12H12", 3.0, prop="electrochemical_window", unit="V")])
    assert v.verdict == "not_found"
    assert v.cited_claims == []
    assert "Na2B10H10" in v.note


def test_doped_and_parent_compounds_are_kept_apart() -> None:
    v = verdict(claim("m1", "Li6.4La3Zr1.4Ta0.6O12", 1e-3), [claim("c1", "Li7La3Zr2O12", 1e-3)])
    assert v.verdict == "not_found"
    v = verdict(claim("m1", "Ta-LLZO", 1e-3), [claim("c1", "LLZO", 1e-3)])
    assert v.verdict == "not_found"


def test_same_composition_written_differently() -> None:
    v = verdict(claim("m1", "Na2(B12H12)0.5(B10H10)0.5", 9e-4),
                [claim("c1", "Na4(B12H12)(B10H10)", 9e-4)])
    assert v.verdict == "supported"


def test_abbreviation_defined_by_the_cited_paper() -> None:
    v = verdict(claim("m1", "Li7La3Zr2O12", 3e-4), [claim("c1", "LLZO", 3e-4)],
                cited_formulas={"LLZO": "Li7La3Zr2O12"})
    assert v.verdict == "supported"


def test_lower_bound_supported_by_a_larger_value() -> None:
    # ">10⁻⁴" is supported by 2 × 10⁻⁴, not by 2 × 10⁻⁵
    assert values_agree(claim("m", "X", 1e-4, "gt"), claim("c", "X", 2e-4))
    assert not values_agree(claim("m", "X", 1e-4, "gt"), claim("c", "X", 2e-5))
    assert values_agree(claim("m", "X", 1e-3, "lt"), claim("c", "X", 2e-4))
    assert not values_agree(claim("m", "X", 1e-3, "lt"), claim("c", "X", 2e-3))


def test_ranges() -> None:
    assert values_agree(claim("m", "X", 1e-4, "range", high=1e-3), claim("c", "X", 5e-4))
    assert not values_agree(claim("m", "X", 1e-4, "range", high=1e-3), claim("c", "X", 5e-3))
    assert values_agree(claim("m", "X", 5e-4), claim("c", "X", 1e-4, "range", high=1e-3))
    assert values_agree(claim("m", "X", 1e-4, "range", high=1e-3),
                        claim("c", "X", 8e-4, "range", high=2e-3))


def test_tolerances() -> None:
    assert values_agree(claim("m", "X", 0.9e-3), claim("c", "X", 0.95e-3))      # within 10 %
    assert not values_agree(claim("m", "X", 0.9e-3), claim("c", "X", 1.2e-3))
    assert values_agree(claim("m", "X", 1e-3, "approx"), claim("c", "X", 1.8e-3))  # "~": factor 2
    assert not values_agree(claim("m", "X", 1e-3), claim("c", "X", 1e-3, unit="mS/cm"))


def test_only_other_temperatures_is_not_found() -> None:
    v = verdict(claim("m1", "LiBH4", 1e-3, temp="RT"), [claim("c1", "LiBH4", 1e-8, temp="RT"),
                                                        claim("c2", "LiBH4", 1e-3, temp="120")])
    # a value agreeing at 120 °C: different conditions, not a different value at RT
    assert v.verdict == "different_conditions"
    v = verdict(claim("m1", "LiBH4", 1e-5, temp="RT"), [claim("c2", "LiBH4", 1e-3, temp="120")])
    assert v.verdict == "not_found" and "other temperatures" in v.note


def test_percentages_use_an_absolute_tolerance() -> None:
    kw = dict(prop="capacity_retention", unit="%")
    assert values_agree(claim("m", "X", 85, **kw), claim("c", "X", 85.5, **kw))
    assert not values_agree(claim("m", "X", 67, **kw), claim("c", "X", 65, **kw))


def test_percentage_bounds() -> None:
    kw = dict(prop="capacity_retention", unit="%")
    assert values_agree(claim("m", "X", 80, "gt", **kw), claim("c", "X", 85, **kw))
    assert not values_agree(claim("m", "X", 80, "gt", **kw), claim("c", "X", 73, **kw))


def test_approximate_values_on_a_linear_scale() -> None:
    kw = dict(prop="electrochemical_window", unit="V")
    assert values_agree(claim("m", "X", 3.2, "approx", **kw), claim("c", "X", 3.0, **kw))
    assert not values_agree(claim("m", "X", 4.0, "approx", **kw), claim("c", "X", 3.0, **kw))


def test_value_given_to_another_material_of_the_cited_sentence() -> None:
    cited = claim("c1", "NaAlH4", 0.21, prop="activation_energy", unit="eV")
    cited.sentence_id = "s50"
    paper = doc("paper", [cited])
    paper.sentence_materials = {"s50": {"NaAlH4", "Na2B12H12"}}
    citing = claim("m1", "Na2B12H12", 0.21, prop="activation_energy", unit="eV")
    v = compare(citing, doc("review", [citing]), paper, 1, LINK)
    assert v.verdict == "supported" and "NaAlH4" in v.note
    # a material the cited sentence does not name: still not found
    other = claim("m2", "Li2B12H12", 0.21, prop="activation_energy", unit="eV")
    assert compare(other, doc("review", [other]), paper, 1, LINK).verdict == "not_found"


def test_value_about_the_cited_papers_title_material() -> None:
    cited = claim("c1", "glasses", 0.1, temp="267")
    paper = doc("paper", [cited])
    paper.ident.title = "Sodium superionic conduction in Na2B12H12"
    citing = claim("m1", "Na2B12H12", 0.1, temp="267")
    assert compare(citing, doc("review", [citing]), paper, 1, LINK).verdict == "supported"


def test_value_stated_as_a_quantity_about_the_cited_papers_subject() -> None:
    q = claim("q7", "", 0.53, prop="activation_energy", unit="eV")
    q.sentence_id = "s42"
    paper = doc("paper", [])
    paper.quantities = [q]
    paper.subject = "LiBH4"
    citing = claim("m1", "LiBH4", 0.53, prop="activation_energy", unit="eV")
    v = compare(citing, doc("review", [citing]), paper, 1, LINK)
    assert v.verdict == "supported" and v.cited_claims == ["q7"]
    # not the cited paper's subject, not named in the sentence: not found
    paper.subject = "NaBH4"
    assert compare(citing, doc("review", [citing]), paper, 1, LINK).verdict == "not_found"
    # the subject, but the sentence gives another temperature
    paper.subject = "LiBH4"
    t = claim("q8", "", 120, prop="temperature", unit="degC")
    t.sentence_id = "s42"
    paper.quantities.append(t)
    rt = claim("m2", "LiBH4", 0.53, prop="activation_energy", unit="eV", temp="RT")
    assert compare(rt, doc("review", [rt]), paper, 1, LINK).verdict == "not_found"


def test_a_non_positive_conductivity_is_not_compared() -> None:
    v = verdict(claim("m1", "NaCB11H12", -1e-8), [claim("c1", "NaCB11H12", 0.1)])
    assert v.verdict == "not_found" and "extraction error" in v.note


def test_a_voltage_quantity_states_a_stability_window() -> None:
    q = claim("q3", "", 2.0, prop="voltage", unit="V")
    q.sentence_id = "s9"
    paper = doc("paper", [])
    paper.quantities = [q]
    paper.sentence_materials = {"s9": {"LiBH4"}}
    citing = claim("m1", "LiBH4", 2.0, prop="electrochemical_window", unit="V")
    assert compare(citing, doc("review", [citing]), paper, 1, LINK).verdict == "supported"
    # a voltage does not state an activation energy
    ea = claim("m2", "LiBH4", 2.0, prop="activation_energy", unit="V")
    assert compare(ea, doc("review", [ea]), paper, 1, LINK).verdict == "not_found"


def test_fallback_keeps_doped_and_parent_apart() -> None:
    # "Ta-doped LLZO reaches 1e-3 S/cm, ten times LLZO": the value is the doped compound's
    cited = claim("c1", "Li6.4La3Zr1.4Ta0.6O12", 1e-3)
    cited.sentence_id = "s3"
    paper = doc("paper", [cited])
    paper.sentence_materials = {"s3": {"Li6.4La3Zr1.4Ta0.6O12", "Li7La3Zr2O12"}}
    citing = claim("m1", "Li7La3Zr2O12", 1e-3)
    assert compare(citing, doc("review", [citing]), paper, 1, LINK).verdict == "not_found"
    cited.material_canonical = "Ta-LLZO"
    paper.sentence_materials = {"s3": {"Ta-LLZO", "LLZO"}}
    citing = claim("m1", "LLZO", 1e-3)
    assert compare(citing, doc("review", [citing]), paper, 1, LINK).verdict == "not_found"


def test_quantity_fallback_skips_a_sentence_naming_a_variant() -> None:
    q = claim("q1", "", 1e-3)
    q.sentence_id = "s3"
    paper = doc("paper", [])
    paper.quantities = [q]
    paper.sentence_materials = {"s3": {"Ta-LLZO", "LLZO"}}
    citing = claim("m1", "LLZO", 1e-3)
    assert compare(citing, doc("review", [citing]), paper, 1, LINK).verdict == "not_found"
    paper.sentence_materials = {"s3": {"LLZO"}}
    assert compare(citing, doc("review", [citing]), paper, 1, LINK).verdict == "supported"


def test_an_abbreviation_for_a_doped_sample_is_not_the_parent() -> None:
    # the cited paper calls its Ta-doped garnet "LLZO"; the citing review means Li7La3Zr2O12
    v = verdict(claim("m1", "LLZO", 1e-3), [claim("c1", "LLZO", 1e-3)],
                citing_formulas={"LLZO": "Li7La3Zr2O12"},
                cited_formulas={"LLZO": "Li6.4La3Zr1.4Ta0.6O12"})
    assert v.verdict == "not_found"


def test_a_temperature_from_the_context_does_not_make_conditions_different() -> None:
    cited = claim("c1", "NaCrO2", 85, prop="capacity_retention", unit="%", temp="RT")
    cited.temperature_rule = "document"   # the paper's usual test temperature, not its sentence's
    citing = claim("m1", "NaCrO2", 85, prop="capacity_retention", unit="%", temp="60")
    assert verdict(citing, [cited]).verdict == "supported"
    cited.temperature_rule = "sentence"
    assert verdict(citing, [cited]).verdict == "different_conditions"


def test_a_bound_temperature_does_not_make_conditions_different() -> None:
    from dataclasses import replace
    # "0.1 S cm-1 above around 480 K" is supported by 0.1 S cm-1 at 540 K
    citing = replace(claim("m1", "Na2B10H10", 0.1, temp="206.85"),
                     conditions={"temperature_bound": "gt"})
    assert verdict(citing, [claim("c1", "Na2B10H10", 0.1, temp="266.85")]).verdict == "supported"


def test_a_cited_value_above_a_temperature_is_not_a_room_temperature_value() -> None:
    from dataclasses import replace
    # citing: 1e-8 S/cm at RT; cited: >= 0.12 S/cm at T >= 383 K -> nothing comparable
    cited = replace(claim("c1", "NaCB11H12", 0.12, "ge", temp="109.85"),
                    conditions={"temperature_bound": "ge"})
    assert verdict(claim("m1", "NaCB11H12", 1e-8, temp="RT"), [cited]).verdict == "not_found"


def test_a_statement_about_a_class_holds_for_an_agreeing_member() -> None:
    v = verdict(claim("m1", "equimolar mixed carborate phases", 0.07, temp="RT"),
                [claim("c1", "NaCB9H10", 0.03, temp="25"),
                 claim("c2", "Na2(CB9H10)(CB11H12)", 0.07, temp="26.85")])
    assert v.verdict == "supported" and v.cited_claims == ["c2"]
    assert "class" in v.note and "Na2(CB9H10)(CB11H12)" in v.note
    # no member agrees: nothing to compare a class with
    v = verdict(claim("m1", "oxide electrolytes", 1e-4), [claim("c1", "LLZO", 1e-3)])
    assert v.verdict == "not_found"


def test_the_cited_papers_own_statement_about_a_class_holds_for_a_member() -> None:
    from dataclasses import replace
    window = dict(prop="electrochemical_window", unit="V")
    own = replace(claim("c1", "BH4 --containing phases", 2.0, "approx", **window), citations=[])
    v = verdict(claim("m1", "LiBH4", 2.0, "gt", **window), [own], {"LiBH4": "LiBH4"})
    assert v.verdict == "supported" and v.cited_claims == ["c1"] and "class" in v.note
    # a class statement the cited paper itself cites from elsewhere is not its evidence
    v = verdict(claim("m1", "LiBH4", 2.0, "gt", **window), [replace(own, citations=[7])],
                {"LiBH4": "LiBH4"})
    assert v.verdict == "not_found"
    # a material outside the class
    v = verdict(claim("m1", "Li3PS4", 2.0, "gt", **window), [own], {"Li3PS4": "Li3PS4"})
    assert v.verdict == "not_found"
