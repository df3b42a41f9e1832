"""find_mentions on normalised sentences from the seed review (xia2019) and the extra paper (sun2022)."""

from __future__ import annotations

import pytest

from pipeline.materials import MentionSpan, find_abbreviations, find_mentions


def texts(sentence: str, abbreviations: dict[str, str] | None = None) -> list[str]:
    return [m.text for m in find_mentions(sentence, abbreviations)]


def by_text(sentence: str, abbreviations: dict[str, str] | None = None) -> dict[str, MentionSpan]:
    return {m.text: m for m in find_mentions(sentence, abbreviations)}


@pytest.mark.parametrize("sentence, expected", [
    # formulas: integer, decimal, variable, fractional, vacancy, brackets
    ("the first Li-ion conductor Li3N with a high ionic conductivity", ["Li3N"]),
    ("garnet-type Li7La3Zr2O12 (LLZO)", ["Li7La3Zr2O12", "LLZO"]),
    ("via the incorporation of Li0.33La0.557TiO3 (LLTO) nanowires (NWs)", ["Li0.33La0.557TiO3", "LLTO"]),
    ("an exceptional superionic conductor of Li9.54Si1.74P1.44S11.7Cl0.3 was also reported",
     ["Li9.54Si1.74P1.44S11.7Cl0.3"]),
    ("NASICON-type SSEs including Li1+xAlxGe2-x(PO4)3 (LAGP) and Li1+xAlxTi2-x(PO4)3 (LATP)",
     ["Li1+xAlxGe2-x(PO4)3", "LAGP", "Li1+xAlxTi2-x(PO4)3", "LATP"]),
    ("crystal structure of tetragonal Li3xLa(2/3-x)□(1/3)-2xTiO3 (LLTO, 0 < x < 0.16)",
     ["Li3xLa(2/3-x)□(1/3)-2xTiO3", "LLTO"]),
    ("the composition of Li7-3xGaxLa3Zr2O12 at x = 0.25", ["Li7-3xGaxLa3Zr2O12"]),
    ("Thio-LISICON-type Li3+x(P1-xSix)S4 obtained by substituting", ["Li3+x(P1-xSix)S4"]),
    ("Li salts (LiClO4 , LiPF6 , Li[N(SO2CF3)2], etc.) are solvated", ["LiClO4", "LiPF6", "Li[N(SO2CF3)2]"]),
    ("a novel class of fast Li-ion-conducting oxides Li5La3M2O12 (M = Nb, Ta)", ["Li5La3M2O12"]),
    ("anti-perovskite Li-ion conductor of Li2(OH)X (X = Cl, Br)", ["Li2(OH)X"]),
    ("tailor LRMO materials (Li1.2Mn0.54Co0.13Ni0.13O2) by bonding", ["LRMO", "Li1.2Mn0.54Co0.13Ni0.13O2"]),
    ("high-voltage LiNi0.5Mn1.5O4 (LNM) cathode", ["LiNi0.5Mn1.5O4", "LNM"]),
    ("Li|Ta-LLZO|LiNi0.5Co0.2Mn0.3O2 ASSLM construction", ["Li", "Ta-LLZO", "LiNi0.5Co0.2Mn0.3O2"]),
    ("a two-phase composite xLi2MnO3·(1-x)LiMO2 cathode", ["xLi2MnO3·(1-x)LiMO2"]),
    # hydrates, adducts, mixtures, pseudo-binaries
    ("NiSO4·6H2O, CoSO4·H2O, and MnSO4·H2O were dissolved", ["NiSO4·6H2O", "CoSO4·H2O", "MnSO4·H2O"]),
    ("the as-prepared 75Li2S · 24P2S5 · P2O5 electrolyte exhibited", ["75Li2S · 24P2S5 · P2O5"]),
    ("new 75Li2S · (25-x)P2S5 · xP2O5 electrolytes (mol %)", ["75Li2S · (25-x)P2S5 · xP2O5"]),
    ("sulfide glass electrolytes include Li2S-P2S5, Li2S-GeS2, Li2S-B2S3, and Li2S-SiS2 with",
     ["Li2S-P2S5", "Li2S-GeS2", "Li2S-B2S3", "Li2S-SiS2"]),
    ("bilayered SSEs of LGPS/75%Li2S-24%P2S5-1%P2O5.", ["LGPS/75%Li2S-24%P2S5-1%P2O5"]),
    ("the nanocomposite of NiS-80Li2S·20P2S5 demonstrated", ["NiS-80Li2S·20P2S5"]),
    # composites and dopants as one mention
    ("incorporated inorganic TiO2 and Al2O3 fillers into the PEO-LiClO4 matrix to construct composite "
     "polymer electrolytes (CPEs) of PEO-LiClO4/TiO2 and PEO-LiClO4/Al2O3",
     ["TiO2", "Al2O3", "PEO-LiClO4", "PEO-LiClO4/TiO2", "PEO-LiClO4/Al2O3"]),
    ("the incorporation of Ta-LLZO NPs into a PVDF matrix", ["Ta-LLZO", "PVDF"]),
    ("Li Ga-Rb-LLZO LFP", ["Li", "Ga-Rb-LLZO", "LFP"]),
    ("Al-doped LLZO pellets", ["Al-doped LLZO"]),
    ("In 2011, ZrO2-doped PEO-based CPEs were reported", ["ZrO2-doped PEO"]),
    ("reported PEO/LLZO CPEs and sulfur composite cathode of S@LLZO@C", ["PEO/LLZO", "sulfur", "S@LLZO@C"]),
    ("flexible PVDF/Ta-LLZO CPEs for Li|LCO ASSLMs", ["PVDF/Ta-LLZO", "Li", "LCO"]),
    ("applied the PEO18Li(CF3SO2)2N/SiO2 electrolyte as a barrier", ["PEO18Li(CF3SO2)2N/SiO2"]),
    ("the crystal structure of crystalline polymer electrolyte of PEO6-LiAsF6.", ["PEO6-LiAsF6"]),
    ("could be improved by coating LCO particles with LiNbO3-coated LCO", ["LCO", "LiNbO3-coated LCO"]),
    ("S-coated reduced graphene oxide (rGO) cathode", ["S-coated reduced graphene oxide", "rGO"]),
    # metal/alloy anode pairs are two electrode substances; a symmetric metal cell is the metal twice
    ("the In/InLi anode and LiIn/In", ["In", "InLi", "LiIn", "In"]),
    ("symmetrical Li/Li and Na|Na cells, at 4.6 V versus Li/Li", ["Li", "Li", "Na", "Na"]),
    ("trapped oxygen molecules and oxygen gas", ["oxygen", "oxygen"]),
    # canepa2017 (PDF): blocking electrodes and a sandwich cell
    ("the Ta/MgSc2Se4/Ta configuration was selected", ["Ta", "MgSc2Se4", "Ta"]),
    ("data of Pt blocking electrode in", ["Pt"]),
    ("such as deposition of Au and Pt) in which", ["Au", "Pt"]),
    ("blocking electrodes (e.g., Au, Ag, C, In, Pt, and W), the",
     ["Au", "Ag", "C", "In", "Pt", "W"]),
    ("In this work (C, In, and W) were compared", []),
    ("impurity phases, such as Sc2Se3 (3.7 wt%), MgSe (7.4 wt%), Mg (3.6 wt%), and Sc2O3 (1.5 wt%)",
     ["Sc2Se3", "MgSe", "Mg", "Sc2O3"]),
    ("ASSBs using LCO as the cathode and Li as the anode", ["LCO", "Li"]),
    ("doped with Ta, Al, or Ga", []),
    ("current state-of-the-art Mg cathodes, e.g., spinel-MgTi2S4", ["MgTi2S4"]),
    ("sulfur and oxygen cathode materials", ["sulfur", "oxygen"]),
    ("identified as a MgAl2O4–type spinel and a LiCoO2-type oxide", []),
    ("with SWCNTs-LAGP composite cathode", ["SWCNTs-LAGP"]),
    # cell notations: each component a mention
    ("bulk-type high-voltage Li|LGPS|LNM ASSLMBs at RT", ["Li", "LGPS", "LNM"]),
    ("The assembled Li| LiZr2(PO4)3 |LFP ASSLMs", ["Li", "LiZr2(PO4)3", "LFP"]),
    ("ASSLBs of LTO|80Li2S·20P2S5|LiNbO3-coated LCO demonstrated",
     ["LTO", "80Li2S·20P2S5", "LiNbO3-coated LCO"]),
    ("Li|PEO/LATP|LFP", ["Li", "PEO/LATP", "LFP"]),
    ("2018 Li PEO/LATP LFP [125] 80°C, 1 C 143.2", ["Li", "PEO/LATP", "LFP"]),
    ("2016 Li LGPS LiNi0.5 Mn1.5 O4^23 RT, 0.1 C 80", ["Li", "LGPS", "LiNi0.5 Mn1.5 O4"]),
    # a space split inside a bracketed group: the bracket closes after the last piece
    ("i.e., Na3(BH4)(B12H12), Na4(B12H12)(B10 H10), and", ["Na3(BH4)(B12H12)",
                                                         "Na4(B12H12)(B10 H10)"]),
    # names
    ("Fenton et al. found that polyethylene oxide (PEO)-based complexes", ["polyethylene oxide", "PEO"]),
    ("PAN [68], poly(methyl methacrylate) (PMMA) [69], PVDF [68], poly(ethylene carbonate) (PEC) [70]",
     ["PAN", "poly(methyl methacrylate)", "PMMA", "PVDF", "poly(ethylene carbonate)", "PEC"]),
    ("In 1992 a thin film-type Li phosphorus oxynitride (LiPON) was fabricated",
     ["Li phosphorus oxynitride", "LiPON"]),
    ("resulting in the formation of hydrogen sulfide, which", ["hydrogen sulfide"]),
    ("a mechanism for oxidation of Li peroxides and", ["Li peroxides"]),
    ("amorphous lithium sulfate simultaneously", ["lithium sulfate"]),
    ("a composite air electrode consisting of single-walled carbon nanotubes (SWCNTs) and LAGP",
     ["single-walled carbon nanotubes", "SWCNTs", "LAGP"]),
    ("halloysite filled PEO-based CPE", ["halloysite", "PEO"]),
    ("a Li salt of poly[(4-styrenesulfonyl)(trifluoromethyl)imide] in PEO matrix",
     ["poly[(4-styrenesulfonyl)(trifluoromethyl)imide]", "PEO"]),
    # phase prefixes
    ("similar to that of γ -Li3PO4 with orthorhombic unit cell", ["γ -Li3PO4"]),
    ("cubic phase α-LLTO with Pm3m symmetry and tetragonal phase β -LLTO", ["α-LLTO", "β -LLTO"]),
])
def test_mentions(sentence: str, expected: list[str]) -> None:
    assert texts(sentence) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("(i.e., Li metal, sulfur, and oxygen) is also appealing", ["Li", "sulfur", "oxygen"]),
    ("For the interface between Li-metal anode and electrolyte", ["Li"]),
    ("insertion of Au thin film between Li metal and Li2S-P2S5 SEI", ["Au", "Li", "Li2S-P2S5"]),
    ("interface layers of ZnO [54], amorphous Si [55], polymer layer [56], Ge [51], and Al [52] were also",
     ["ZnO", "Si", "Ge", "Al"]),
    ("interface layers of ZnO, [54] amorphous Si, [55] polymer layer, [56] Ge, [51] and Al [52] were",
     ["ZnO", "Si", "Ge", "Al"]),
    ("promote stable Li dissolution and deposition reactions", ["Li"]),
    ("held S in the channels of carbon spheres as the cathode", ["S", "carbon"]),
    ("then used it as a matrix to hold S for constructing PEO-based composite S cathode material",
     ["S", "PEO", "S"]),
    ("the desire to safely use the metal lithium anode have also spurred", ["lithium"]),
    ("an indium foil (with a diameter of 10 mm) was pressed, and then a thin Li foil", ["indium", "Li"]),
    ("at least twice that of metallic Li (~4.2 GPa)", ["Li"]),
    ("a thin Nb layer (~10 nm) between LLZO and LCO", ["Nb", "LLZO", "LCO"]),
])
def test_elements_used_as_substances(sentence: str, expected: list[str]) -> None:
    assert texts(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "In 2014, Dudney's group demonstrated the feasibility",
    "As a result, new approaches including advanced separators",
    "I think that", "Be that as it may", "No claim to original U.S. Government Works",
    "At RT the conductivity", "He reported", "In metal oxides, the",
    # ions, charges, battery types, generic classes
    "the Li^+/H^+ exchange at RT and Ti^4+ reduction", "Li+ transport and O2- ions",
    "the reduction of Ti^4+ by Zr^4+ and Te^6+", "versus Li/Li^+ and versus Li^+/Li",
    "Li-ion batteries (LIBs) and Li-S batteries and Li-air batteries and ASSLMBs",
    "SSEs, SPEs, CPEs and CSEs are garnet-type oxides and sulfides",
    "the Li-ion transport of Li ions in Li salts", "Li-rich and Li-stuffed garnets",
    "developing lithium-metal batteries based on solid electrolytes",
    # site lists, dopant lists, element lists
    "(A = Ca, Mg, Y, La or rare earth; B = Al, Fe, Ga, Ge, Mn, Ni, V; X = Si, Ge, Al)",
    "in order to obtain a cubic phase, a small amount of Ta [87], Al [88], Ga [88], Nb [89], or Te [90] was usually doped",
    "the EDS mappings of Mn, Co, Ni, O, and S exhibit the uniform distribution",
    "whereas the evolution of Co and Ni valence was not observed",
    # labels, units, space groups, structural units, abbreviations
    "Figure 9C and Figure 12B; figs. S17 to S19 and fig. S8B; beamline 1W1B",
    "a P4/mmm space group and Pnma symmetry, R3m and C2/m",
    "2.5 × 10^-2 S cm^-1 at RT and 80 mAh g^-1 at 0.1 C and 30°C",
    "composed of (Ge0.5P0.5)S4 tetrahedra and LiS6 octahedra with PS4 tetrahedra",
    "RT, NPs, NWs, TEM, XRD, DFT, CV, OCV, SOC, UV-vis, HOMO",
    "bonding the sulfite (SO3 2) at the surface and SO3 2- and InO -and ClO -fragments",
    "the S valence and the S center and S represents the contact area",
    "Wiley-VCH Verlag GmbH & Co. KGaA",
    "the Li1 and Li2 sites and Li-Li distance",
])
def test_not_mentions(sentence: str) -> None:
    assert texts(sentence) == []


def test_info_of_formula_and_lexicon() -> None:
    found = by_text("garnet-type Li7La3Zr2O12 (LLZO) and LiTFSI salt with Li3InCl4.8F1.2 (LICF)")
    assert found["Li7La3Zr2O12"].info.canonical == "LLZO"
    assert found["Li7La3Zr2O12"].info.formula == "Li7La3Zr2O12"
    assert found["Li7La3Zr2O12"].info.material_class == "garnet"
    assert found["LLZO"].info.rule == "lexicon"
    assert found["LiTFSI"].info.material_class == "salt"
    assert found["Li3InCl4.8F1.2"].info.canonical == "LICF"
    assert found["Li3InCl4.8F1.2"].info.material_class == "halide"


@pytest.mark.parametrize("sentence, mention, material_class", [
    ("Li10GeP2S12 showed", "Li10GeP2S12", "sulfide"),
    ("Li6PS5Cl electrolyte", "Li6PS5Cl", "argyrodite"),
    ("Li0.5La0.5TiO3 showed", "Li0.5La0.5TiO3", "perovskite"),
    ("Li7La2.75Ca0.25Zr1.75Nb0.25O12 via", "Li7La2.75Ca0.25Zr1.75Nb0.25O12", "garnet"),
    ("LiZr2(PO4)3 SSE", "LiZr2(PO4)3", "NASICON"),
    ("Li3+x(P1-xSix)S4 obtained", "Li3+x(P1-xSix)S4", "thio-LISICON"),
    ("Li3+x(P1-xSix)O4 could be", "Li3+x(P1-xSix)O4", "LISICON"),
    ("Li3OCl films", "Li3OCl", "anti-perovskite"),
    ("Li3YCl6 and", "Li3YCl6", "halide"),
    ("Li1.2Mn0.54Co0.13Ni0.13O2 cathode", "Li1.2Mn0.54Co0.13Ni0.13O2", "cathode"),
    ("PEO-LiClO4 matrix", "PEO-LiClO4", "polymer"),
    ("PEO/LLZO CPEs", "PEO/LLZO", "composite"),
    ("Ta-LLZO NPs", "Ta-LLZO", "garnet"),
    ("Li2S-P2S5 glass", "Li2S-P2S5", "sulfide"),
    ("PEO and PVDF-HFP", "PVDF-HFP", "polymer"),
    ("Li metal anode", "Li", "anode"),
    ("the sulfur cathode", "sulfur", "cathode"),
])
def test_material_class(sentence: str, mention: str, material_class: str) -> None:
    assert by_text(sentence)[mention].info.material_class == material_class


def test_rules_recorded() -> None:
    found = by_text("Ta-LLZO and PEO/LLZO and Li3N and PMMA and Li metal and sodium selenide", {})
    assert {k: v.info.rule for k, v in found.items()} == {
        "Ta-LLZO": "dopant", "PEO/LLZO": "composite", "Li3N": "lexicon", "PMMA": "lexicon",
        "Li": "element", "sodium selenide": "name"}


def test_canonical_forms() -> None:
    found = by_text("Li2S-P2S5 and 75Li2S · 24P2S5 · P2O5 and Li peroxides and oxygen cathodes")
    assert found["Li2S-P2S5"].info.formula == "Li2S-P2S5"
    assert found["75Li2S · 24P2S5 · P2O5"].info.canonical == "75Li2S·24P2S5·P2O5"
    assert found["Li peroxides"].info.canonical == "Li2O2"
    assert found["oxygen"].info.canonical == "O2"


def test_document_abbreviations_map_to_long_form_and_class() -> None:
    abbreviations = {"LICF": "Li3InCl4.8F1.2", "S-LRMO": "Li1.2Mn0.54Co0.13Ni0.13O2",
                     "7YSZ": "Y2O3-doped ZrO2", "SEs": "solid electrolytes", "PC": "polymer-ceramic"}
    found = by_text("S-LRMO/LICF interface with LICF and Y2O3-doped ZrO2 and 7YSZ NWs, SEs and PC layers",
                    abbreviations)
    # "S-LRMO/LICF interface": two materials in contact, not a composite
    assert list(found) == ["S-LRMO", "LICF", "Y2O3-doped ZrO2", "7YSZ"]
    assert found["LICF"].info.rule == "abbreviation"
    assert found["LICF"].info.material_class == "halide"
    assert found["Y2O3-doped ZrO2"].info.canonical == "7YSZ"
    assert found["7YSZ"].info.formula == ""


def test_spans_are_sorted_non_overlapping_slices() -> None:
    sentence = "Li|PVDF/Ta-LLZO|LCO and PEO-LiClO4/TiO2 and Al-doped LLZO and γ -Li3PO4"
    mentions = find_mentions(sentence)
    for a, b in zip(mentions, mentions[1:]):
        assert a.end <= b.start
    assert all(sentence[m.start:m.end] == m.text for m in mentions)


@pytest.mark.parametrize("text, expected", [
    ("the mechanism at the LCO-LiPON interface was", ["LCO", "LiPON"]),
    ("a stable Li/LLZO interface", ["Li", "LLZO"]),
    ("the LLZO/PEO interfaces", ["LLZO", "PEO"]),
    ("PEO/LLZO CPE with LLZO", ["PEO/LLZO", "LLZO"]),  # a composite, not an interface
    ("the PEO-LiTFSI electrolyte", ["PEO-LiTFSI"]),
])
def test_interface_pairs_are_two_mentions(text, expected) -> None:
    assert [m.text for m in find_mentions(text)] == expected


def test_named_membrane_abbreviation_is_a_material_but_class_abbreviations_are_not() -> None:
    sents = ["Single-ion-conducting PEO-based polymer electrolyte membranes (S-BSMs) were reported.",
             "PEO-based solid polymer electrolytes (SPEs) are common.", "The S-BSMs conduct well."]
    abbreviations = find_abbreviations(sents)
    assert [m.text for m in find_mentions(sents[2], abbreviations)] == ["S-BSMs"]
    assert [m.text for m in find_mentions("The SPEs conduct well.", abbreviations)] == []


def test_symmetric_cell_electrodes_are_two_mentions() -> None:
    found = find_mentions("DRT analysis of symmetrical S-LRMO/S-LRMO cells",
                          {"S-LRMO": "Li1.2Mn0.54Co0.13Ni0.13O2"})
    assert [(m.start, m.text) for m in found] == [(28, "S-LRMO"), (35, "S-LRMO")]


@pytest.mark.parametrize("text, canonical", [
    ("assembled in an argon-filled glovebox", "Ar"),
    ("pressed in a polyaryletheretherketone cylinder", "PEEK"),
    ("fixed into a stainless steel casing", "stainless steel"),
])
def test_cell_hardware_materials(text, canonical) -> None:
    assert [m.info.canonical for m in find_mentions(text)] == [canonical]
