"""Which material a value is about (pipeline/subjects.py): small inline sentences, hand-placed
mentions, exact expected subjects."""

from __future__ import annotations

import pytest

from pipeline.measurements import find_cell, cell_electrolyte
from pipeline.schema import Mention
from pipeline.subjects import Anchor, ValueSite, choose_subject, sentence_subject


def anchors(text: str, *mentions: tuple[str, str, str]) -> list[Anchor]:
    """(written, canonical, class) in order of appearance -> anchors at their positions."""
    out, pos = [], 0
    for written, canonical, cls in mentions:
        a = text.index(written, pos)
        out.append(Anchor(a, a + len(written), Mention("s1", a, a + len(written), written,
                                                       canonical, material_class=cls)))
        pos = a + len(written)
    return out


def site(text: str, value: str, index: int | None = None, count: int = 1,
         enumerated: bool = False) -> ValueSite:
    a = text.index(value)
    return ValueSite(a, a + len(value), index, count, enumerated)


def subject(text, value, mentions, prop="ionic_conductivity", previous=None, **kw):
    m, rule = choose_subject(text, "s1", site(text, value, **kw), prop,
                             anchors(text, *mentions), previous)
    return (m.canonical if m else None), rule


PEO = ("PEO", "PEO", "polymer")


def test_polymer_with_filler_is_a_composite() -> None:
    t = "A PEO electrolyte with LLZO nanowires showed 2.5 x 10^-4 S cm^-1 at RT."
    assert subject(t, "2.5 x 10^-4 S cm^-1", [PEO, ("LLZO", "LLZO", "garnet")]) == \
        ("PEO/LLZO", "left_in_clause+composite")


def test_incorporation_in_matrix_is_a_composite() -> None:
    t = ("the incorporation of LLTO nanowires in the PAN matrix, exhibiting an ionic "
         "conductivity of 2.4 x 10^-4 S cm^-1")
    got = subject(t, "2.4 x 10^-4 S cm^-1", [("LLTO", "LLTO", "perovskite"),
                                             ("PAN", "PAN", "polymer")])
    assert got[0] == "PAN/LLTO"


def test_polymer_and_ceramic_listed_side_by_side_are_not_a_composite() -> None:
    t = "PEO shows 10^-5 S cm^-1; LLZO shows 10^-3 S cm^-1."
    ms = [PEO, ("LLZO", "LLZO", "garnet")]
    assert subject(t, "10^-5 S cm^-1", ms) == ("PEO", "left_in_clause")
    assert subject(t, "10^-3 S cm^-1", ms) == ("LLZO", "left_in_clause")


def test_slash_chain_with_loading_is_one_composite() -> None:
    t = "The poly(methacrylate) (PMA)/PEG-LiClO4/3 wt % SiO2 CPE has 2.6 x 10^-4 S cm^-1."
    ms = [("poly(methacrylate)", "PMA", "polymer"), ("PMA", "PMA", "polymer"),
          ("PEG-LiClO4", "PEG-LiClO4", "polymer"), ("SiO2", "SiO2", "filler")]
    assert subject(t, "2.6 x 10^-4 S cm^-1", ms)[0] == "PMA/PEG-LiClO4/SiO2"


def test_respectively_pairs_fillers_with_values() -> None:
    t = ("a PEO-LiClO4 electrolyte with TiO2 and Al2O3 NPs, showing 10^-4 S cm^-1 at 50 C and "
         "10^-5 S cm^-1 at 30 C, respectively")
    ms = [("PEO-LiClO4", "PEO-LiClO4", "polymer"), ("TiO2", "TiO2", "filler"),
          ("Al2O3", "Al2O3", "filler")]
    assert subject(t, "10^-4 S cm^-1", ms, index=0, count=2)[0] == "PEO-LiClO4/TiO2"
    assert subject(t, "10^-5 S cm^-1", ms, index=1, count=2)[0] == "PEO-LiClO4/Al2O3"


def test_enumerated_values_pair_with_as_many_materials() -> None:
    t = "LAGP and LATP show high ionic conductivities of 10^-4 and 1.3 x 10^-3 S cm^-1."
    ms = [("LAGP", "LAGP", "NASICON"), ("LATP", "LATP", "NASICON")]
    assert subject(t, "10^-4", ms, index=0, count=2, enumerated=True) == ("LAGP", "respectively")
    assert subject(t, "1.3 x 10^-3 S cm^-1", ms, index=1, count=2, enumerated=True)[0] == "LATP"


def test_material_introduced_by_for_after_the_value() -> None:
    t = "Kanno reported LGPS and Li9.6P3S12 with 2.5 x 10^-2 S cm^-1 for LGPS."
    ms = [("LGPS", "LGPS", "thio-LISICON"), ("Li9.6P3S12", "Li9.6P3S12", "thio-LISICON"),
          ("LGPS", "LGPS", "thio-LISICON")]
    assert subject(t, "2.5 x 10^-2 S cm^-1", ms) == ("LGPS", "for_material")


def test_compared_material_is_not_the_subject() -> None:
    t = ("This material exhibited 1.35 x 10^-4 S cm^-1 at 90 C, comparable with that of the "
         "classic PEO-LiTFSI electrolyte.")
    prev = Mention("s0", 0, 5, "LiPSsTFSI/PEO", "LiPSsTFSI/PEO", material_class="composite")
    got = subject(t, "1.35 x 10^-4 S cm^-1", [("PEO-LiTFSI", "PEO-LiTFSI", "polymer")],
                  previous=prev)
    assert got == ("LiPSsTFSI/PEO", "anaphor")


def test_follow_up_sentence_keeps_the_electrolyte_over_an_electrode() -> None:
    t = "The obtained ASSLSBs showed 1,629 mAh g^-1, approaching the theoretical capacity of sulfur."
    prev = Mention("s0", 0, 4, "LGPS", "LGPS", material_class="thio-LISICON")
    got = subject(t, "1,629 mAh g^-1", [("sulfur", "S", "cathode")], "specific_capacity", prev)
    assert got == ("LGPS", "previous_sentence")


def test_sentence_without_material_and_without_follow_up_takes_its_class_subject() -> None:
    t = "Zhao et al. made a Li-rich anti-perovskite-based solid electrolyte with 10^-3 S cm^-1 at RT."
    prev = Mention("s0", 0, 2, "Li", "Li", material_class="anode")
    assert subject(t, "10^-3 S cm^-1", [], previous=prev) == \
        ("Li-rich anti-perovskite-based solid electrolyte", "class_subject")


def test_battery_type_is_a_subject_only_of_energy_density() -> None:
    t = "State-of-the-art LIBs, with an energy density of ~250 Wh kg^-1, fall short."
    assert subject(t, "~250 Wh kg^-1", [], "energy_density")[0] == "LIBs"
    assert subject(t, "~250 Wh kg^-1", [], "specific_capacity") == (None, "none")


def test_generic_class_in_a_comparison_is_skipped() -> None:
    t = ("Conductivities of 10^-3 S cm^-1, comparable with those of liquid electrolytes, have "
         "been achieved in SSEs.")
    assert subject(t, "10^-3 S cm^-1", [])[0] == "SSEs"


def test_sentence_subject_prefers_a_composite_then_the_best_ranked() -> None:
    t = "They prepared a CPE of a 3D garnet LLZO network with PEO and Li salt."
    ms = anchors(t, ("LLZO", "LLZO", "garnet"), PEO, ("Li", "Li", "anode"))
    assert sentence_subject(t, "s1", ms).canonical == "PEO/LLZO"
    t2 = "Shen reported PVDF/Ta-LLZO CPEs for Li|LCO cells."
    ms2 = anchors(t2, ("PVDF/Ta-LLZO", "PVDF/Ta-LLZO", "composite"), ("Li", "Li", "anode"),
                  ("LCO", "LCO", "cathode"))
    assert sentence_subject(t2, "s1", ms2).canonical == "PVDF/Ta-LLZO"


@pytest.mark.parametrize("text, cell", [
    ("For the ASSLMBs of Li|Li9.6P3S12|LCO, a capacity", "Li|Li9.6P3S12|LCO"),
    ("the Li | LLZO | LCO cell", "Li|LLZO|LCO"),
    ("made Li|LLZO|LCO.", "Li|LLZO|LCO"),
    ("the Li|PEO/LATP|LFP (cell)", "Li|PEO/LATP|LFP"),
    ("Li|LiZr2(PO4)3|LFP cells", "Li|LiZr2(PO4)3|LFP"),
])
def test_cell_notation_boundaries(text, cell) -> None:
    assert find_cell(text).text == cell


@pytest.mark.parametrize("text", ["a value of 10|20 and more", "capacity in | the table",
                                  "7 | Li2S | Sulfur"])
def test_bars_between_words_or_numbers_are_no_cell(text) -> None:
    assert find_cell(text) is None


def test_no_cell_without_a_bar() -> None:
    assert find_cell("PEO/LLZO and LLZO-PEO") is None


def test_cell_electrolyte_is_the_middle_mention() -> None:
    t = "the Li|single-walled carbon nanotubes|LCO cell"
    ms = anchors(t, ("Li", "Li", "anode"), ("single-walled carbon nanotubes", "SWCNT", "other"),
                 ("LCO", "LCO", "cathode"))
    c = find_cell(t, ms)
    assert c.text == "Li|single-walled carbon nanotubes|LCO"
    assert cell_electrolyte(c, t, ms).canonical == "SWCNT"


@pytest.mark.parametrize("text, cell", [
    ("the Li || DPF LPSC || Li cell shorted", "Li||DPF LPSC||Li"),  # spaced, a two-word part
    ("of (DPF NCA with LPSC) || DPF LPSC || Li at 4.4 V", "(DPF NCA with LPSC)||DPF LPSC||Li"),
    ("the Li2S//Li0.5In half-cells delivered", "Li2S//Li0.5In"),
    ("the NCM811|Li6PS5Cl|Li-In cell", "NCM811|Li6PS5Cl|Li-In"),  # kept as written
    ("see https://doi.org/10.1/ABC for details", None),
    ("a Li | LPS || LCO cell", "Li|LPS"),  # one notation keeps one separator
    ("The LiCoO2/Li3InCl6/Li-In cell showed", "LiCoO2/Li3InCl6/Li-In"),  # slashes + cell noun
    ("the Li/LLZO/Li symmetric cells", "Li/LLZO/Li"),
    ("The S/LPSCl/C composite delivered", None),  # no cell noun: a composite
    ("enables Li(1% Mg)/SSE/ LiNi0.8Co0.15Al0.05O2 all-solid-state lithium metal batteries",
     "Li(1% Mg)/SSE/LiNi0.8Co0.15Al0.05O2"),
])
def test_cell_notations_as_written(text: str, cell: str | None) -> None:
    c = find_cell(text)
    assert (c.text if c else None) == cell


def test_the_paper_cell_is_its_full_cell_or_its_half_cell_written_twice() -> None:
    from pipeline.measurements import main_cell

    def sents(*texts: str) -> list:
        return [type("S", (), {"text": t})() for t in texts]

    assert main_cell(sents("Li||Li cells", "Li||Li cells", "the Li2S//LiIn cell",
                           "Li2S//LiIn cells")) == "Li2S//LiIn"
    assert main_cell(sents("the Li2S//LiIn cell")) == ""
    assert main_cell(sents("the Li2S//LiIn cell", "Li2S//LiIn", "Li|LPS|NCM")) == "Li|LPS|NCM"


def test_a_named_author_cites_the_reference_they_first_authored() -> None:
    from pipeline.citations import named_references

    by_first = {"yang": [59], "cui": [3, 7], "liu": [11]}
    assert named_references("To solve this, Yang et al. added PEG to the CPE.", by_first) == [59]
    assert named_references("Later, Cui's group made aerogels.", by_first) == []  # two refs: unsure
    assert named_references("Liu and co-workers and Yang et al. agree.", by_first) == [11, 59]
    assert named_references("The et al. problem.", by_first) == []


def test_two_part_cell_electrolyte_is_its_electrolyte_class_component() -> None:
    t = "the S-LRMO|LICF cell kept 80% of its capacity"
    ms = anchors(t, ("S-LRMO", "S-LRMO", "cathode"), ("LICF", "LICF", "halide"))
    c = find_cell(t, ms)
    assert c.text == "S-LRMO|LICF"
    assert cell_electrolyte(c, t, ms).canonical == "LICF"
    t2 = "a Li|LFP cell"
    assert cell_electrolyte(find_cell(t2), t2, anchors(t2, ("Li", "Li", "anode"),
                                                         ("LFP", "LFP", "cathode"))) is None


def test_research_article_values_do_not_inherit_the_previous_citation() -> None:
    from pipeline.measurements import is_review_like
    from types import SimpleNamespace as NS

    doc = NS(title="Fast ions", sections=[NS(heading="Results")],
             sentences=[NS(id=f"s{i}", kind="paragraph") for i in range(10)])
    few = [NS(sentence_id="s1"), NS(sentence_id="s1"), NS(sentence_id="s5")]
    many = [NS(sentence_id=f"s{i}") for i in range(0, 10, 2)]
    assert not is_review_like(doc, few)
    assert is_review_like(doc, many)
    assert is_review_like(NS(title="Fast ions: a review", sections=doc.sections,
                             sentences=doc.sentences), few)
    assert is_review_like(NS(title="Fast ions", sections=[NS(heading="CONTENTS")],
                             sentences=doc.sentences), few)


def test_value_in_the_parenthesis_of_a_compared_material_is_that_materials() -> None:
    # sun2022: the comparison excludes B-LRMO as subject, but the value in its parenthesis is its own
    t = ("The ICE is 94% for S-LRMO, much higher than that of B-LRMO electrode (79%), "
         "demonstrating the improved reversibility.")
    ms = [("S-LRMO", "S-LRMO", "cathode"), ("B-LRMO", "B-LRMO", "cathode")]
    assert subject(t, "79%", ms, prop="coulombic_efficiency") == ("B-LRMO", "parenthesis")
    assert subject(t, "94%", ms, prop="coulombic_efficiency")[0] == "S-LRMO"


def test_later_value_in_the_same_parenthesis_keeps_its_owner() -> None:
    t = ("S-LRMO delivers 125 mAh g-1 than that of B-LRMO (44 mAh g-1 at 1.0 C, ~30% capacity "
         "retention).")
    ms = [("S-LRMO", "S-LRMO", "cathode"), ("B-LRMO", "B-LRMO", "cathode")]
    assert subject(t, "30%", ms, prop="capacity_retention") == ("B-LRMO", "parenthesis")


def test_parenthesis_after_a_property_word_has_no_owner() -> None:
    t = "Garnet-type LLZO SSEs show high ionic conductivity (10^-4 S cm^-1 at RT)."
    assert subject(t, "10^-4 S cm^-1", [("LLZO", "LLZO", "garnet")])[1] != "parenthesis"


def test_structure_family_before_the_parenthesis_is_a_class_subject() -> None:
    # canepa2017 (PDF): literature values of two families, compared with the paper's selenides
    t = ("Migration barriers of 361-375 meV (MgY2Se4 and MgSc2Se4) are comparable to fast "
         "Li-conductors such as LISICON-like (~ 200-500 meV) and Garnets (~ 400-500 meV).")
    ms = [("MgY2Se4", "MgY2Se4", "other"), ("MgSc2Se4", "MgSc2Se4", "other")]
    assert subject(t, "200-500 meV", ms, prop="activation_energy") == \
        ("LISICON-like", "parenthesis_class")
    assert subject(t, "400-500 meV", ms, prop="activation_energy") == \
        ("Garnets", "parenthesis_class")


def test_composite_named_by_its_noun_and_filler_not_the_bare_filler() -> None:
    t = ("A CPE with 8 wt % polymerized ionic liquid functionalized mesoporous silica nanoplate "
         "showed an ionic conductivity of 1.8 x 10^-5 S cm^-1 at 20 C.")
    m, rule = choose_subject(t, "s1", site(t, "1.8 x 10^-5 S cm^-1"), "ionic_conductivity",
                             anchors(t, ("silica", "SiO2", "filler")), None)
    assert (m.text, m.canonical, m.material_class, rule) == ("silica", "CPE", "composite",
                                                             "composite_noun")


def test_values_enumerated_before_their_materials_pair_in_order():
    from pipeline.materials import find_mentions
    from pipeline.measurements import _site
    from pipeline.quantities import find_quantities
    from pipeline.schema import Mention
    from pipeline.subjects import Anchor, choose_subject

    t = ("The activation energy of 0.21 eV is lower than the values of 0.79 eV and 0.62 eV "
         "reported for NaAlH4 and Na3AlH6.")
    anchors = [Anchor(m.start, m.end, Mention("s", m.start, m.end, m.text, m.info.canonical,
                                              m.info.formula, m.info.material_class, m.info.rule))
               for m in find_mentions(t)]
    qs = find_quantities(t)
    picks = [choose_subject(t, "s", _site(q, [q], qs, t), "activation_energy", anchors, None)
             for q in qs]
    assert [(m.canonical if m else None) for m, _ in picks] == [None, "NaAlH4", "Na3AlH6"]


@pytest.mark.parametrize("between, ok", [(" for TFAA ", True), (" for the ball-milled cubic ", True),
                                         (" for comparison with ", False)])
def test_for_material_allows_sample_labels_and_descriptors(between, ok) -> None:
    from pipeline.subjects import rules

    assert bool(rules().for_material.search(between)) is ok


def test_a_class_named_before_the_value_beats_a_previous_material_outside_it() -> None:
    from pipeline.formulas import class_member
    assert class_member("mixed carborate phases", frozenset("CBHNa"), "Na2(CB9H10)(CB11H12)")
    assert class_member("mixed carborate phases", frozenset("CBHNa"), "NaCB11H12") is False
    assert class_member("oxide electrolytes", frozenset({"Li", "P", "S", "Cl"}), "Li6PS5Cl") is False
    assert class_member("superionic conductors", frozenset({"Li"}), "Li") is None  # unknown
    prev = Mention("s0", 0, 5, "Na3SbS4", "Na3SbS4", formula="Na3SbS4", material_class="sulfide")
    text = "It is worth noting that some mixed hydroborate anions show activation energies of 0.3 eV."
    site = ValueSite(text.index("0.3"), text.index("0.3") + 6)
    mat, rule = choose_subject(text, "s1", site, "activation_energy", [], prev)
    assert (mat.text, rule) == ("mixed hydroborate anions", "class_subject")
    # a member of the class (or one of unknown composition) stays the subject
    prev = Mention("s0", 0, 5, "Na4(B12H12)(B10H10)", "Na4(B12H12)(B10H10)",
                   formula="Na4(B12H12)(B10H10)", material_class="other")
    assert choose_subject(text, "s1", site, "activation_energy", [], prev)[1] == "previous_sentence"


def test_a_class_based_on_a_formula_and_a_bare_family_name() -> None:
    from pipeline.formulas import class_member
    from pipeline.subjects import is_class_phrase
    assert is_class_phrase("NaBH4-based SSEs") and is_class_phrase("hydroborates")
    assert class_member("NaBH4-based SSEs", frozenset({"Na", "B", "H"}), "Na3(BH4)(B12H12)")
    assert class_member("NaBH4-based SSEs", frozenset({"Li", "B", "H"}), "LiBH4") is False
    text = ("Previous estimations of the oxidative stability of hydroborates are inconsistent "
            "with predicted values, claiming the oxidative stability beyond 5 V.")
    site = ValueSite(text.index("5 V"), text.index("5 V") + 3)
    mat, rule = choose_subject(text, "s1", site, "electrochemical_window", [], None)
    assert (mat.text, rule) == ("hydroborates", "class_subject")


def test_a_possessive_pronoun_keeps_the_previous_material_over_a_later_class() -> None:
    prev = Mention("s0", 0, 5, "LiBH4", "LiBH4", formula="LiBH4", material_class="other")
    text = ("Matsuo et al. found superionic conduction (> 10-3 S cm-1) in its hexagonal phase, "
            "initiating a research field on hydroborates as solid ionic conductors.")
    site = ValueSite(text.index("10-3"), text.index("10-3") + 14)
    mat, rule = choose_subject(text, "s1", site, "ionic_conductivity", [], prev)
    assert (mat.text, rule) == ("LiBH4", "previous_sentence")


def test_a_class_defined_by_a_contained_group() -> None:
    from pipeline.formulas import class_member
    from pipeline.subjects import rules
    text = "For Li and Na, we predicted that the BH4 --containing phases are oxidized at ∼ 2 V."
    assert [m.group(1) for m in rules().class_subjects.finditer(text)] == \
        ["BH4 --containing phases"]
    assert class_member("BH4 --containing phases", frozenset({"Li", "B", "H"}), "LiBH4")
    assert class_member("BH4 --containing phases", frozenset({"Li", "P", "S"}), "Li3PS4") is False


def test_each_value_with_its_own_for_beats_the_respectively_pairing() -> None:
    t = ("Here LiB11H14 is introduced and conductivities of 1.1 x 10^-4 S cm^-1 for "
         "Li2(B11H14)(CB11H12) and 1.1 x 10^-3 S cm^-1 for Li3(B11H14)(CB9H10)2 are obtained, "
         "respectively.")
    ms = [("LiB11H14", "LiB11H14", "other"), ("Li2(B11H14)(CB11H12)", "Li2(B11H14)(CB11H12)",
                                              "other"),
          ("Li3(B11H14)(CB9H10)2", "Li3(B11H14)(CB9H10)2", "other")]
    assert subject(t, "1.1 x 10^-4 S cm^-1", ms, index=0, count=2) == \
        ("Li2(B11H14)(CB11H12)", "for_material")
    assert subject(t, "1.1 x 10^-3 S cm^-1", ms, index=1, count=2) == \
        ("Li3(B11H14)(CB9H10)2", "for_material")


@pytest.mark.parametrize("text, value, cls", [
    ("The discovery of lithium fast ionic conductors with conductivity higher than 10 mS cm^-1 "
     "at room temperature has led to", "10 mS cm^-1", "lithium fast ionic conductors"),
    ("For example, the cubic lithium garnet (high-temperature phase) shows much higher ionic "
     "conductivity of 0.4 mS cm^-1 at room temperature.", "0.4 mS cm^-1", "cubic lithium garnet"),
])
def test_conductors_named_by_their_ion_and_a_phase_of_a_family_are_classes(text, value, cls):
    assert subject(text, value, []) == (cls, "class_subject")


def test_a_class_named_in_a_sentence_without_materials_beats_the_class_before() -> None:
    t = ("We note that multivalent ions can be highly mobile in solids, with some of the recently "
         "discovered Mg-ion conductors exhibiting ionic conductivity as high as 0.1 mS cm^-1 at "
         "room temperature.")
    prev = Mention("s0", -1, -1, "solid-state electrolytes", "solid-state electrolytes",
                   source_rule="generic_subject")
    assert subject(t, "0.1 mS cm^-1", [], previous=prev) == ("Mg-ion conductors", "class_subject")


def test_a_value_stated_for_a_mobile_ion_is_about_that_ions_conductors() -> None:
    t = ("This has led to ambient-temperature conductivity values of the order of 10 mS cm^-1 for "
         "Li + (ref. 7), 1 mS cm^-1 for Na + (refs. 59,60) and 0.1 mS cm^-1 for Mg 2 + (ref. 61).")
    assert [subject(t, v, []) for v in ("10 mS cm^-1", " 1 mS cm^-1", "0.1 mS cm^-1")] == [
        ("Li+ conductors", "ion_class"), ("Na+ conductors", "ion_class"),
        ("Mg2+ conductors", "ion_class")]
