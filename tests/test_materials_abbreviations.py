"""Document-level abbreviation definitions."""

from __future__ import annotations

import pytest

from pipeline.materials import find_abbreviations, schwartz_hearst

SEED = [
    "Solid-state electrolytes (SSEs) are more promising than organic liquid electrolyte.",
    "In 2007, a garnet-type fast ionic conductor of Li7La3Zr2O12 (LLZO) was originally reported.",
    "In 1992 a thin film-type Li phosphorus oxynitride (LiPON) was fabricated.",
    "Zhang et al. [24] reported high-performance poly(vinylidene fluoride) (PVDF)- "
    "Li6.75La3Zr1.75Ta0.25O12 (Ta-LLZO) CPEs for Li|PVDF/Ta-LLZO|LCO ASSLMBs fabrication.",
    "Later, 7 mol % of Y2O3-doped ZrO2 (7YSZ) NWs with positive-charged oxygen vacancies.",
    "the classic PEO-Li[N(SO2CF3)2] (LiTFSI) electrolyte (Figure 7D).",
    "the S-LRMO in S-LRMO/ SE/LTO (LTO = Li4Ti5O12) full cell is also exhibited",
    "dual-halogen SE Li3InCl4.8F1.2 (LICF) as the SE",
    "Li-rich Mn-based oxide (LRMO) cathodes provide an exciting path forward",
    "composite air electrode consisting of single-walled carbon nanotubes (SWCNTs) and LAGP",
    "The ideal general formula is ABO3 (A = Li, La; B = Ti), where A sites",
    "hexagonal unit cell (LiMO2, M = Mn, Ni, Co, R3m) (16, 17)",
    "crystal structure of cubic LLZO (Figures 8A and 8B) by single-crystal X-ray analysis",
    "high-performance ASSLSBs based on S-coated reduced graphene oxide (rGO) cathode",
]


def test_definitions_found() -> None:
    found = find_abbreviations(SEED)
    assert found == {
        "SSEs": "Solid-state electrolytes", "LLZO": "Li7La3Zr2O12", "LiPON": "Li phosphorus oxynitride",
        "PVDF": "poly(vinylidene fluoride)", "Ta-LLZO": "Li6.75La3Zr1.75Ta0.25O12", "7YSZ": "Y2O3-doped ZrO2",
        "LiTFSI": "Li[N(SO2CF3)2]", "LTO": "Li4Ti5O12", "LICF": "Li3InCl4.8F1.2",
        "LRMO": "Li-rich Mn-based oxide", "SWCNTs": "single-walled carbon nanotubes",
        "rGO": "reduced graphene oxide",
    }


def test_first_definition_wins() -> None:
    found = find_abbreviations(["Li0.33La0.557TiO3 (LLTO) nanowires", "perovskite-type Li0.5La0.5TiO3 (LLTO)"])
    assert found == {"LLTO": "Li0.33La0.557TiO3"}


def test_short_form_before_long_form() -> None:
    assert find_abbreviations(["LiPON (lithium phosphorus oxynitride) films"]) == {
        "LiPON": "lithium phosphorus oxynitride"}


@pytest.mark.parametrize("short, long, expected", [
    ("LIBs", "Particularly, lithium (Li)-ion batteries", "(Li)-ion batteries"),
    ("SWCNTs", "consisting of single-walled carbon nanotubes", "single-walled carbon nanotubes"),
    ("PTC", "and positive temperature coefficient", "positive temperature coefficient"),
])
def test_schwartz_hearst(short: str, long: str, expected: str | None) -> None:
    assert schwartz_hearst(short, long) == expected


@pytest.mark.filterwarnings("ignore:.*W036.*:UserWarning")
def test_at_least_as_good_as_scispacy_on_chemistry() -> None:
    """scispacy's detector misses formula long forms such as "Li6.75...O12 (Ta-LLZO)"."""
    spacy = pytest.importorskip("spacy")
    pytest.importorskip("scispacy.abbreviation")
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("abbreviation_detector")
    theirs = {a.text for text in SEED for a in nlp(text)._.abbreviations}
    ours = set(find_abbreviations(SEED))
    assert len(ours) > len(theirs)
    assert {"Ta-LLZO", "7YSZ", "LTO", "LiPON"} <= ours


def test_sample_label_resolves_to_its_material_without_renaming_it():
    from pipeline.materials import find_abbreviations, find_mentions

    texts = ["Li3YCl6 was ball milled for 3 h (denoted as LYC-BM) before use.",
             "The LYC-BM pellet shows 1.2 mS cm^-1.", "Pristine Li3YCl6 is slower."]
    ab = find_abbreviations(texts)
    assert ab == {"LYC-BM": "Li3YCl6"}
    [label] = find_mentions(texts[1], ab)
    assert (label.text, label.info.canonical, label.info.formula) == ("LYC-BM", "LYC-BM", "Li3YCl6")
    [plain] = find_mentions(texts[2], ab)
    assert plain.info.canonical == "Li3YCl6"  # the composition keeps its own name


def test_a_list_of_sample_labels_and_coated_labels():
    from pipeline.materials import find_abbreviations, find_mentions

    texts = ["The Li1.2Ni0.13Co0.13Mn0.54O2 samples are denoted LRCo0, LRCo05 and LRCo10 for "
             "x = 0, 0.05 and 0.1.", "The LRCo10@5LN cathode and NCM@LNO retain 85%."]
    ab = find_abbreviations(texts)
    assert {k: ab.get(k) for k in ("LRCo0", "LRCo05", "LRCo10")} == dict.fromkeys(
        ("LRCo0", "LRCo05", "LRCo10"), "Li1.2Ni0.13Co0.13Mn0.54O2")
    got = {m.text: m.info.material_class for m in find_mentions(texts[1], ab)}
    assert got == {"LRCo10@5LN": "cathode", "NCM@LNO": "cathode"}  # core@shell: the core's class


def test_label_cues_that_define_no_material():
    from pipeline.materials import find_abbreviations

    assert find_abbreviations(["the lithium metal is denoted in red",
                               "batches were labeled as A, B, C"]) == {}


def test_a_label_with_a_variable_names_its_members_and_the_doped_host():
    from pipeline.materials import find_abbreviations

    ab = find_abbreviations(["Li7P3S11 glass-ceramics doped with LiF (denoted LPSF-x, x = 1, 3 "
                             "and 5 mol%) were made."])
    assert {k: ab.get(k) for k in ("LPSF-x", "LPSF-1", "LPSF-3", "LPSF-5")} == dict.fromkeys(
        ("LPSF-x", "LPSF-1", "LPSF-3", "LPSF-5"), "Li7P3S11")


def test_a_label_whose_hyphen_a_converter_dropped():
    from pipeline.materials import find_abbreviations, find_mentions

    texts = ["Li6PS5Cl was milled to small grains (denoted as SG-LPSCl).",
             "Compared with SGLPSCl (0.9 mA cm-2), ..."]
    ab = find_abbreviations(texts)
    [m] = [m for m in find_mentions(texts[1], ab) if m.text == "SGLPSCl"]
    assert m.info.canonical == "SG-LPSCl"
