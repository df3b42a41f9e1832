"""Flattened superscript citations ("garnets 3,7 show", "batteries. 1,2") and the other list-checked
marker styles; every false-marker trap (values, units, years, labels, formulas, charges) and the
"no list, no markers" rule on small inline strings."""

from __future__ import annotations

import pytest

from pipeline.citations import document_markers
from pipeline.ingest import load_document
from pipeline.markers import find_flat_markers, find_markers
from pipeline.schema import Reference


def flat(text: str, top: int = 48) -> list[tuple[str, tuple[int, ...]]]:
    """Flattened markers in ``text`` against a list of ``top`` references."""
    return [(m.raw, m.refs) for m in find_flat_markers(text, [(0, len(text))], top)]


@pytest.mark.parametrize("text, expected", [
    # after a word, a list of two numbers
    ("Lithium garnets 3,7 show high conductivity.", [("3,7", (3, 7))]),
    # after a full stop, at a sentence end
    ("Solid-state batteries. 1,2 They are safe.", [("1,2", (1, 2))]),
    # a range with a spaced dash, after a comma list
    ("Fast ion conduction. 1 Long cycling. 9,14 -17 and more.",
     [("1", (1,)), ("9,14 -17", (9, 14, 15, 16, 17))]),
    ("energy/power density. 1 -3 This brings", [("1 -3", (1, 2, 3))]),
    # after a formula and after a unit
    ("with Li2Sc2/3Cl4 1 and Li3YCl6 2 as catholytes", [("1", (1,)), ("2", (2,))]),
    ("oxidation around 2.6 V 1-3 and", [("1-3", (1, 2, 3))]),
    # after a comma that follows an exponent: "0.03 S cm -1 , 4 which"
    ("Hydrides. 1-3 A conductivity of 0.03 S cm -1 , 4 which", [("1-3", (1, 2, 3)), ("4", (4,))]),
    # after a closing parenthesis and a comma
    ("universal power law (JPL), 1 -3 the", [("1 -3", (1, 2, 3))]),
    # after "et al."
    ("as described by Smith et al. 1 and by", [("1", (1,))]),
    # Elsevier's "e" dash
    ("conductors. 2e4 are", [("2e4", (2, 3, 4))]),
])
def test_flat_markers_found(text, expected):
    assert flat(text) == expected


@pytest.mark.parametrize("text", [
    "measured at 296 K and 300 K.",                 # values with units, beyond the list
    "measured at 25 K and 30 K.",                   # values with units, inside the list
    "as shown in Fig. 3 and Table 2.",              # figure and table numbers
    "the composition x = 0.12 and y = 3 here",      # compositions
    "garnet Li 7 La 3 Zr 2 O 12 is",                # a spaced formula
    "the Li 6 PS 5 Cl phase",                       # a spaced formula
    "barrier at NaZr 2 (PO 4 ) 3 (~458 meV)",       # the count of a spaced formula's group
    "the TiS 2 |LiBH 4 |Li cell",                   # a spaced formula in a cell notation
    "as high as 10 À3 S cm À1 here",                # a legacy-font minus after a power of ten
    "typically 2-5 Â 10 À4 S/cm here",              # a legacy-font times sign
    "about 2-5 $\\times$ 10$^{-4}$ S/cm",          # inline LaTeX
    "about 3 (cid:2) 10(cid:0)4 S/cm",              # pdfminer glyph codes
    "published in 2010 by them",                    # a year
    "the M 3+ and Zr 4+ cations",                   # charges
    "the [B12H12] 2 - anion",                       # a charge after a space
    "a total of 5 samples and 3 cells",             # counts after function words
    "after 20 cycles at 1 C",                       # counts and rates
    "by 7 Li NMR and 11 B-enriched samples",        # isotopes
    "a 1 : 1 ratio of the two",                     # ratios
    "an area of 2.4 O cm 2 , while",                # a flattened exponent
    "the space group Pca 21 (No. 29) was",          # a space group and its number
    "Eq. ( 2 ) gives",                              # an equation number
    "with n =2, 4, and 6 neighbours",               # a list of values
    "values of 0.1, 2, 3 and more",                 # a list of values after a number
    "jump rates (<10 8 jumps s -1 ) and",           # a power of ten
    "Received August 6, 2015",                      # a date
])
def test_flat_false_markers(text):
    assert flat(text) == []


def test_flat_marker_must_fit_the_list():
    # 45 is not in a list of 40 references; 12 is
    assert flat("the cathodes. 45 They", top=40) == []
    assert flat("the cathodes. 12 They", top=40) == [("12", (12,))]


def test_flat_first_citation_order():
    # a number far above every number cited so far is not a new citation after a bare word ...
    assert flat("the garnets 38 were pressed", top=48) == []
    # ... but is once the lower numbers have been cited
    text = "cells. 1-36 Next, 37 and garnets 38 were pressed"
    assert flat(text, top=48)[-1] == ("38", (38,))


@pytest.mark.parametrize("text, expected", [
    ("as reported [ 5] and [2b].", [("[ 5]", (5,)), ("[2b]", (2,))]),
    ("see [ 12a,14] for", [("[ 12a,14]", (12, 14))]),
    ("in LIBs ( 24 ) and", [("( 24 )", (24,))]),
])
def test_bracket_variants(text, expected):
    assert [(m.raw, m.refs) for m in find_markers(text)] == expected


def test_acs_tight_paren_markers():
    text = "conductors (2) and garnets (3,4) but not Eq. (2) nor x = y (5)"
    got = [(m.raw, m.refs) for m in find_flat_markers(text, [(0, len(text))], 20)]
    assert got == [("(2)", (2,)), ("(3,4)", (3, 4))]


def test_acs_enumeration_is_not_a_citation():
    text = "three collectors were used: (1) steel, (2) copper and (3) nickel."
    assert find_flat_markers(text, [(0, len(text))], 20) == []


DOC = """# A study of solid electrolytes for batteries

## Introduction

Lithium garnets 1,2 show high conductivity at 296 K. Sulfides are softer. 3

## References

1. Kamaya, N. et al. A lithium superionic conductor. Nat. Mater. 10, 682–686 (2011).
2. Seino, Y. et al. A sulphide conductor. Energy Environ. Sci. 7, 627–631 (2014).
3. Murugan, R. et al. Fast lithium ion conduction in garnet. Angew. Chem. 46, 7778–7781 (2007).
"""


def test_document_markers_with_and_without_a_list(tmp_path):
    src = tmp_path / "paper.md"
    src.write_text(DOC, encoding="utf-8")
    doc, text = load_document(src, "paper", {})
    refs = [Reference(n=n, char_start=b.char_start, char_end=b.char_end)
            for n, b in enumerate((b for b in doc.blocks if b.kind == "reference"), 1)]
    got = [(m.raw, m.refs) for m in document_markers(doc, text, refs=refs)]
    assert got == [("1,2", [1, 2]), ("3", [3])]
    # no reference list: no markers at all (numbers cannot be checked against a list)
    assert document_markers(doc, text, refs=[]) == []


def test_flat_marker_lines_and_function_words():
    # the next paragraph (an affiliation "1 Department") does not make "and" a value range
    assert flat("introduced lithiophobic 3,4,10 and\n\n1 Department of Chemistry") == [
        ("3,4,10", (3, 4, 10))]
    # a range closing a clause after a function word is a citation; a label's range is not
    assert flat("can be inferred by 2 -4\n\nnext") == [("2 -4", (2, 3, 4))]
    assert flat("is provided by eqs 5 -7:\n\nnext") == []
    # a spaced formula with a bond: "O=C-CF 3"
    assert flat("than the O=C-CF 3 in TFAA") == []


def test_attribution_of_a_flattened_marker():
    from pipeline.citations import check_attributions
    from pipeline.schema import CitationMarker
    text = "Known conductors. 1-15 As reported by Udovic et al. 16,17 and by Kamaya et al. 3 here"
    spans = find_flat_markers(text, [(0, len(text))], 20)[1:]
    markers = [CitationMarker(f"c{i}", "s1", m.start, m.end, m.raw, list(m.refs), m.style, "body")
               for i, m in enumerate(spans, 1)]
    refs = [Reference(n=16, first_author="Udovic", authors=["Udovic"]),
            Reference(n=17, first_author="Udovic", authors=["Udovic"]),
            Reference(n=3, first_author="Seino", authors=["Seino", "Kamaya"])]
    got = [(a.name, a.refs, a.verdict) for a in check_attributions(markers, refs, text)]
    assert got == [("Udovic", [16, 17], "match"), ("Kamaya", [3], "in_authors")]


def test_citation_before_a_decimal_value():
    assert flat("for NaAlH4 and Na3AlH6, respectively, 9 and 0.61(1) eV for") == [("9", (9,))]
    assert flat("measured at 5 and 10 K") == []


def test_spaced_formula_after_a_cell_and_enumeration_after_a_colon():
    assert flat("the Li/Li 7 La3 Zr2 O12 interface") == []
    text = "three methods can be identified: (1)\n\nTable 1 | methods"
    assert find_flat_markers(text, [(0, len(text))], 20) == []


def test_wyckoff_sites_and_list_items_are_not_markers():
    assert flat("Cu -Cu pairs (32 f -32 f , 8 c -32 f , and more") == []
    text = "the following:\n\n- (1) Defects are important"
    assert find_flat_markers(text, [(0, len(text))], 20) == []


def test_site_labels_are_not_acs_citations():
    text = "the Li(1) and Li(2) sites and O(3) atoms"
    assert find_flat_markers(text, [(0, len(text))], 20) == []


def test_variable_exponents_are_not_markers():
    assert flat("where σ e 2 is the variance") == []


def test_citation_after_a_temperature_unit():
    assert flat("the phase is stable above 600 K 2 and melts") == [("2", (2,))]


def test_author_year_citations_resolve_in_an_unnumbered_list():
    from pipeline.citations import author_year_markers
    refs = [Reference(n=1, first_author="Agier", authors=["Agier", "Fleck", "Deshpande"], year="2022"),
            Reference(n=2, first_author="Onsager", authors=["Onsager"], year="1931"),
            Reference(n=3, first_author="Onsager", authors=["Onsager"], year="1931"),
            Reference(n=4, first_author="Sharafi", authors=["Sharafi", "Kazyak", "Davis"], year="2017"),
            Reference(n=5, first_author="Sharafi", authors=["Sharafi", "Haslam", "Kerns"], year="2017"),
            Reference(n=6, first_author="Takada", authors=["Takada"], year="2013"),
            Reference(n=7, first_author="Monroe", authors=["Monroe", "Newman"], year="2005")]
    text = ("batteries (Takada, 2013; Agier et al., 2022) and Onsager (1931a, b) and "
            "(Sharafi et al., 2017b) and (see e.g., Monroe  and  Newman,  2005) at 25 °C (2019 data) "
            "and (Smith et al., 2020).")
    got = [(m.raw, m.refs) for m in author_year_markers(text, [(0, len(text))], refs)]
    assert got == [("(Takada, 2013; Agier et al., 2022)", (1, 6)), ("Onsager (1931a, b)", (2, 3)),
                   ("(Sharafi et al., 2017b)", (5,)),
                   ("(see e.g., Monroe  and  Newman,  2005)", (7,))]
