"""Reference-list parsing: entry splitting, field parsing per style, numbering findings, stage."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
import yaml

from pipeline.references import (
    PATTERNS_FILE, main, parse_reference, parse_reference_list, split_entries,
)
from pipeline.schema import Reference, read_records

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "xia2019_chem.md"
SEED_GOLD = ROOT / "corpus" / "gold" / "xia2019_chem" / "references.csv"

FIELDS = ("kind", "authors", "year", "title", "container", "volume", "pages", "doi")


def lines_of(text: str, base: int = 0) -> list[tuple[int, int, str]]:
    """The non-empty lines of ``text`` as ``(start, end, text)`` with offsets from ``base``."""
    out, pos = [], base
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line), line))
        pos += len(line) + 1
    return out


def fields(ref: Reference) -> dict[str, object]:
    return {name: getattr(ref, name) for name in FIELDS}


# ----------------------------------------------------------------------------------------------
# One entry per style and variant (strings taken from the seed, the Science and the Nature paper)

CASES = [
    pytest.param(
        "Murugan, R., Thangadurai, V., and Weppner, W. (2007). Fast lithium ion conduction in "
        "garnet-type Li₇La₃Zr₂O₁₂. *Angew. Chem. Int. Ed.* 46, 7778–7781.",
        dict(kind="article", authors=["Murugan", "Thangadurai", "Weppner"], year="2007",
             title="Fast lithium ion conduction in garnet-type Li7La3Zr2O12",
             container="Angew. Chem. Int. Ed.", volume="46", pages="7778–7781", doi=""),
        id="cell-article"),
    pytest.param(
        "Zhang, Z.H., Zhao, Y.R., Chen, S.J., Xie, D.J., Yao, X.Y., Cui, P., and Xu, X.X. (2017). "
        "An advanced construction strategy of all-solid-state lithium batteries with excellent "
        "interfacial compatibility and ultralong cycle life. *J. Mater. Chem. A*, *5*, 16984–16993.",
        dict(kind="article", authors=["Zhang", "Zhao", "Chen", "Xie", "Yao", "Cui", "Xu"],
             year="2017",
             title="An advanced construction strategy of all-solid-state lithium batteries with "
                   "excellent interfacial compatibility and ultralong cycle life",
             container="J. Mater. Chem. A", volume="5", pages="16984–16993", doi=""),
        id="cell-italic-volume"),
    pytest.param(
        "Kitaura, H., Hayashi, A., Ohtomo, T., Hama, S., and Tatsumisago, M. (2011). Fabrication "
        "of electrode-electrolyte interfaces in all-solid-state rechargeable lithium batteries by "
        "using a supercooled liquid state of the glassy electrolytes. *J. Mater. Chem.* **21**, "
        "118–124.",
        dict(kind="article", authors=["Kitaura", "Hayashi", "Ohtomo", "Hama", "Tatsumisago"],
             year="2011",
             title="Fabrication of electrode-electrolyte interfaces in all-solid-state "
                   "rechargeable lithium batteries by using a supercooled liquid state of the "
                   "glassy electrolytes",
             container="J. Mater. Chem.", volume="21", pages="118–124", doi=""),
        id="cell-bold-volume"),
    pytest.param(
        "Chen, Z., Hsu, P.C., Lopez, J., Li, Y., To, J.W., Liu, N., Wang, C., Andrews, S.C., Liu, "
        "J., and Cui, Y. (2016). Fast and reversible thermoresponsive polymer switching materials "
        "for safer batteries. *Nat. Energy* 1, <https://doi.org/10.1038/nenergy.2015.9>.",
        dict(kind="article",
             authors=["Chen", "Hsu", "Lopez", "Li", "To", "Liu", "Wang", "Andrews", "Liu", "Cui"],
             year="2016",
             title="Fast and reversible thermoresponsive polymer switching materials for safer "
                   "batteries",
             container="Nat. Energy", volume="1", pages="", doi="10.1038/nenergy.2015.9"),
        id="cell-doi-autolink"),
    pytest.param(
        "Fenton, D.E., Parker, J.M., and Wright, P.V. (1973). Complexes of alkali metal ions with "
        "poly(ethylene oxide). *Polymer* 14, 589, [https://doi.org/10.1016/0032-3861\\(73\\)90146-8]"
        "(https://doi.org/10.1016/0032-3861(73)90146-8).",
        dict(kind="article", authors=["Fenton", "Parker", "Wright"], year="1973",
             title="Complexes of alkali metal ions with poly(ethylene oxide)",
             container="Polymer", volume="14", pages="589",
             doi="10.1016/0032-3861(73)90146-8"),
        id="cell-doi-markdown-link"),
    pytest.param(
        "Haering, R.R., Stiles, J.A.R., and Brandt, K. (1980). US Patent 4224390A, filed August "
        "30, 1979, and granted September 23, 1980.",
        dict(kind="patent", authors=["Haering", "Stiles", "Brandt"], year="1980", title="",
             container="US Patent 4224390A", volume="", pages="", doi=""),
        id="cell-patent"),
    pytest.param(
        "Armand, M., Chabagno, J., and Duclot, M. (1979). Poly-ethers as solid electrolytes. In "
        "*Fast Ion Transport in Solids: Electrodes and Electrolytes*, P. Vashita, J.N. Mundy, and "
        "G.K. Shenoy, eds. (Elsevier), p. 131.",
        dict(kind="book_chapter", authors=["Armand", "Chabagno", "Duclot"], year="1979",
             title="Poly-ethers as solid electrolytes",
             container="Fast Ion Transport in Solids: Electrodes and Electrolytes", volume="",
             pages="131", doi=""),
        id="cell-book-chapter"),
    pytest.param(
        "Degott, P. (1986). *Polymère Carbone-Soufre: Synthèse et Propriétés Electrochimiques* "
        "(Institut National Polytechnique de Grenoble).",
        dict(kind="thesis", authors=["Degott"], year="1986",
             title="Polymère Carbone-Soufre: Synthèse et Propriétés Electrochimiques",
             container="Institut National Polytechnique de Grenoble", volume="", pages="",
             doi=""),
        id="cell-thesis"),
    pytest.param(
        "Masdupuy, E. (1957). *Ann. Chim. (Paris)* 13, 527–586.",
        dict(kind="article", authors=["Masdupuy"], year="1957", title="",
             container="Ann. Chim. (Paris)", volume="13", pages="527–586", doi=""),
        id="cell-no-title"),
    pytest.param(
        "Nan, C.W., Fan, L., Lin, Y., and Cai, Q. (2003). Enhanced ionic conductivity of polymer "
        "electrolytes containing nanocomposite SiO_2 particles. *Phys. Rev. Lett.* **91** (26 Pt "
        "1), 266104.",
        dict(kind="article", authors=["Nan", "Fan", "Lin", "Cai"], year="2003",
             title="Enhanced ionic conductivity of polymer electrolytes containing nanocomposite "
                   "SiO2 particles",
             container="Phys. Rev. Lett.", volume="91", pages="266104", doi=""),
        id="cell-issue-in-parentheses"),
    pytest.param(
        "Bates, J.B., Dudney, N.J., Gruzalski, G.R., Zuhr, R.A., Choudhury, A., Luck, C.F., and "
        "Robertson, J.D. (1992). Electrical properties of amorphous lithium electrolyte thin "
        "films. *Solid State Ion.* 53–56, 647–654.",
        dict(kind="article",
             authors=["Bates", "Dudney", "Gruzalski", "Zuhr", "Choudhury", "Luck", "Robertson"],
             year="1992", title="Electrical properties of amorphous lithium electrolyte thin films",
             container="Solid State Ion.", volume="53–56", pages="647–654", doi=""),
        id="cell-volume-range"),
    pytest.param(
        "Ohta, S., Kobayashi, T., and Asaoka, T. (2011). High lithium ionic conductivity in the "
        "garnet-type oxide $\\text{Li}_{7-x}\\text{La}_3(\\text{Zr}_{2-x}\\text{Nb}_x)\\text{O}_{12}$ "
        "($x=0-2$). *J. Power Sources* 196, 3342–3345.",
        dict(kind="article", authors=["Ohta", "Kobayashi", "Asaoka"], year="2011",
             title="High lithium ionic conductivity in the garnet-type oxide "
                   "Li7-xLa3(Zr2-xNbx)O12 (x=0-2)",
             container="J. Power Sources", volume="196", pages="3342–3345", doi=""),
        id="cell-latex-title"),
    pytest.param(
        "Chen-Yang, Y.W., Chen, H.C., Lin, F.J., and Chen, C.C. (2002). Polyacrylonitrile "
        "electrolytes: 1. a novel high-conductivity composite polymer electrolyte based on PAN, "
        "LiClO_4 and $\\alpha\\text{-Al}_2\\text{O}_3$. *Solid State Ion.* 150, 327–335.",
        dict(kind="article", authors=["Chen-Yang", "Chen", "Lin", "Chen"], year="2002",
             title="Polyacrylonitrile electrolytes: 1. a novel high-conductivity composite "
                   "polymer electrolyte based on PAN, LiClO4 and α-Al2O3",
             container="Solid State Ion.", volume="150", pages="327–335", doi=""),
        id="cell-hyphenated-surname-greek"),
    pytest.param(
        "Li, Y., Han, J.T., Wang, C.A., Xie, H., and Goodenough, J.B. (2012). Optimizing Li^+ "
        "conductivity in a garnet framework. *J. Mater. Chem.* 22, 15357–15361.",
        dict(kind="article", authors=["Li", "Han", "Wang", "Xie", "Goodenough"], year="2012",
             title="Optimizing Li+ conductivity in a garnet framework", container="J. Mater. Chem.",
             volume="22", pages="15357–15361", doi=""),
        id="cell-caret-charge"),
    pytest.param(
        "Van Den Broek, J., Afyon, S., and Rupp, J.L. (2016). Interface-engineered "
        "all-solid-state Li-ion batteries based on garnet-type fast Li⁺ conductors. *Adv. Energy "
        "Mater.*, *6*, 1600736.",
        dict(kind="article", authors=["Van Den Broek", "Afyon", "Rupp"], year="2016",
             title="Interface-engineered all-solid-state Li-ion batteries based on garnet-type "
                   "fast Li+ conductors",
             container="Adv. Energy Mater.", volume="6", pages="1600736", doi=""),
        id="cell-multiword-surname"),
    pytest.param(
        "Ogasawara, T., Débart, A., Holzapfel, M., Novák, P., and Bruce, P.G. (2006). "
        "Rechargeable Li₂O₂ electrode for lithium batteries. *J. Am. Chem. Soc.* 128, 1390–1393.",
        dict(kind="article", authors=["Ogasawara", "Débart", "Holzapfel", "Novák", "Bruce"],
             year="2006", title="Rechargeable Li2O2 electrode for lithium batteries",
             container="J. Am. Chem. Soc.", volume="128", pages="1390–1393", doi=""),
        id="cell-diacritics"),
    pytest.param(
        "Kamaya, N., Homma, K., Yamakawa, Y., Hirayama, M., Kanno, R., Yonemura, M., Kamiyama, "
        "T., Kato, Y., Hama, S., Kawamoto, K., et al. (2011). A lithium superionic conductor. "
        "*Nat. Mater.* 10, 682–686.",
        dict(kind="article",
             authors=["Kamaya", "Homma", "Yamakawa", "Hirayama", "Kanno", "Yonemura", "Kamiyama",
                      "Kato", "Hama", "Kawamoto"],
             year="2011", title="A lithium superionic conductor", container="Nat. Mater.",
             volume="10", pages="682–686", doi=""),
        id="cell-et-al"),
    pytest.param(
        "Liu, Y., Lin, D., Jin, Y., Liu, K., Tao, X., Zhang, Q., Zhang, X., and Cui, Y. (2017). "
        "Transforming from planar to three-dimensional lithium with flowable interphase for solid "
        "lithium metal batteries. *Sci. Adv.* **3**, eaao0713.",
        dict(kind="article",
             authors=["Liu", "Lin", "Jin", "Liu", "Tao", "Zhang", "Zhang", "Cui"], year="2017",
             title="Transforming from planar to three-dimensional lithium with flowable "
                   "interphase for solid lithium metal batteries",
             container="Sci. Adv.", volume="3", pages="eaao0713", doi=""),
        id="cell-article-number"),
    pytest.param(
        "1. X. Yue, Y. Yao, J. Zhang, S. Yang, Z. Li, C. Yan, Q. Zhang, Unblocked electron "
        "channels enable efficient contact prelithiation for lithium-ion batteries. Adv. Mater. "
        "34 , 2110337 (2022).",
        dict(kind="article", authors=["Yue", "Yao", "Zhang", "Yang", "Li", "Yan", "Zhang"],
             year="2022",
             title="Unblocked electron channels enable efficient contact prelithiation for "
                   "lithium-ion batteries",
             container="Adv. Mater.", volume="34", pages="2110337", doi=""),
        id="science-article"),
    pytest.param(
        "Y. Lu, C. Z. Zhao, H. Yuan, J. K. Hu, J. Q. Huang, Q. Zhang, Dry electrode technology, "
        "the rising star in solid-state battery industrialization. Matter 5 , 876-898 (2022).",
        dict(kind="article", authors=["Lu", "Zhao", "Yuan", "Hu", "Huang", "Zhang"], year="2022",
             title="Dry electrode technology, the rising star in solid-state battery "
                   "industrialization",
             container="Matter", volume="5", pages="876–898", doi=""),
        id="science-comma-in-title"),
    pytest.param(
        "M. D. Radin, J. Vinckeviciute, R. Seshadri, A. Van der Ven, Manganese oxidation as the "
        "origin of the anomalous capacity of Mn-containing Li-excess cathode materials. Nat. "
        "Energy 4 , 639-646 (2019).",
        dict(kind="article", authors=["Radin", "Vinckeviciute", "Seshadri", "Van der Ven"],
             year="2019",
             title="Manganese oxidation as the origin of the anomalous capacity of Mn-containing "
                   "Li-excess cathode materials",
             container="Nat. Energy", volume="4", pages="639–646", doi=""),
        id="science-particle-surname"),
    pytest.param(
        "K. Ben Mabrouk, T. H. Kauffmann, H. Aroui, M. D. Fontana, Raman study of cation effect "
        "on sulfate vibration modes in solid state and in aqueous solutions. J. Raman. Spectrosc. "
        "44 , 1603-1608 (2013).",
        dict(kind="article", authors=["Ben Mabrouk", "Kauffmann", "Aroui", "Fontana"],
             year="2013",
             title="Raman study of cation effect on sulfate vibration modes in solid state and in "
                   "aqueous solutions",
             container="J. Raman. Spectrosc.", volume="44", pages="1603–1608", doi=""),
        id="science-two-word-surname"),
    pytest.param(
        "1. Muldoon, J. et al. Electrolyte roadmap for Mg batteries. J. Electrochem. Soc. 160, "
        "A1120–A1124 (2013).",
        dict(kind="article", authors=["Muldoon"], year="2013",
             title="Electrolyte roadmap for Mg batteries", container="J. Electrochem. Soc.",
             volume="160", pages="A1120–A1124", doi=""),
        id="nature-et-al"),
    pytest.param(
        "Seino, Y., Ota, T., Takada, K., Hayashi, A. & Tatsumisago, M. A sulphide lithium super "
        "ion conductor is superior to liquid ion conductors for use in rechargeable batteries. "
        "Energy Environ. Sci. 7, 627–631 (2014).",
        dict(kind="article", authors=["Seino", "Ota", "Takada", "Hayashi", "Tatsumisago"],
             year="2014",
             title="A sulphide lithium super ion conductor is superior to liquid ion conductors "
                   "for use in rechargeable batteries",
             container="Energy Environ. Sci.", volume="7", pages="627–631", doi=""),
        id="nature-ampersand"),
    pytest.param(
        "Brown, I. D. What factors determine cation coordination numbers? Acta Crystallogr. Sect. "
        "B Struct. Sci. 44, 545–553 (1988).",
        dict(kind="article", authors=["Brown"], year="1988",
             title="What factors determine cation coordination numbers?",
             container="Acta Crystallogr. Sect. B Struct. Sci.", volume="44", pages="545–553",
             doi=""),
        id="nature-question-title"),
    pytest.param(
        "Heitjans, P., Schirmer, A. & Indris, S. in Diffusion in Condensed Matter 367–415 "
        "(Springer, 2005).",
        dict(kind="book_chapter", authors=["Heitjans", "Schirmer", "Indris"], year="2005",
             title="", container="Diffusion in Condensed Matter", volume="", pages="367–415",
             doi=""),
        id="nature-book-chapter"),
    pytest.param(
        "Ikeda, S., Takanashi, M., Ishikawa, J. & Ito, K. Solid electrolytes with multivalent "
        "cation conduction. 1. Conducting species in Mg-Zr-PO system. Solid State Ionics 23, "
        "125–129 (1987).",
        dict(kind="article", authors=["Ikeda", "Takanashi", "Ishikawa", "Ito"], year="1987",
             title="Solid electrolytes with multivalent cation conduction. 1. Conducting species "
                   "in Mg-Zr-PO system",
             container="Solid State Ionics", volume="23", pages="125–129", doi=""),
        id="nature-title-with-full-stops"),
]


# Other common tails (constructed strings in each publisher's format).
OTHER_STYLES = [
    pytest.param(
        "Goodenough, J. B.; Park, K.-S. The Li-Ion Rechargeable Battery: A Perspective. J. Am. "
        "Chem. Soc. 2013, 135, 1167–1176.",
        dict(kind="article", authors=["Goodenough", "Park"], year="2013",
             title="The Li-Ion Rechargeable Battery: A Perspective", container="J. Am. Chem. Soc.",
             volume="135", pages="1167–1176", doi=""),
        id="acs"),
    pytest.param(
        "J. Janek and W. G. Zeier, A solid future for battery development, Nat. Energy, 2016, 1, "
        "16141.",
        dict(kind="article", authors=["Janek", "Zeier"], year="2016",
             title="A solid future for battery development", container="Nat. Energy",
             volume="1", pages="16141", doi=""),
        id="rsc-with-title"),
    pytest.param(
        "J. Janek and W. G. Zeier, J. Mater. Chem. A, 2016, 1, 16141.",
        dict(kind="article", authors=["Janek", "Zeier"], year="2016", title="",
             container="J. Mater. Chem. A", volume="1", pages="16141", doi=""),
        id="rsc-without-title"),
    pytest.param(
        "Kato Y, Hori S, Saito T (2016) High-power all-solid-state batteries using sulfide "
        "superionic conductors. Nat Energy 1:16030",
        dict(kind="article", authors=["Kato", "Hori", "Saito"], year="2016",
             title="High-power all-solid-state batteries using sulfide superionic conductors",
             container="Nat Energy", volume="1", pages="16030", doi=""),
        id="springer"),
    pytest.param(
        "Kato Y, Hori S, Saito T. High-power all-solid-state batteries using sulfide superionic "
        "conductors. Nat Energy. 2016;1(4):16030. doi:10.1038/NENERGY.2016.30",
        dict(kind="article", authors=["Kato", "Hori", "Saito"], year="2016",
             title="High-power all-solid-state batteries using sulfide superionic conductors",
             container="Nat Energy", volume="1", pages="16030", doi="10.1038/nenergy.2016.30"),
        id="vancouver-doi"),
    pytest.param(
        "Smith, J. and Doe, A., 2010. A study of interfaces. Journal of Power Sources, 195(2), "
        "pp.1–10.",
        dict(kind="article", authors=["Smith", "Doe"], year="2010",
             title="A study of interfaces", container="Journal of Power Sources", volume="195",
             pages="1–10", doi=""),
        id="harvard"),
    pytest.param(
        "Smith, J. A Title. PhD Thesis, Univ. of Oxford, 2010.",
        dict(kind="thesis", authors=["Smith"], year="2010", title="A Title",
             container="Univ. of Oxford", volume="", pages="", doi=""),
        id="plain-thesis"),
    pytest.param(
        "Smith, J. Title of a book (Springer, Berlin, 2005).",
        dict(kind="other", authors=["Smith"], year="2005", title="Title of a book",
             container="", volume="", pages="", doi=""),
        id="book"),
]


@pytest.mark.parametrize("text, expected", OTHER_STYLES)
def test_parse_reference_other_styles(text: str, expected: dict[str, object]) -> None:
    assert fields(parse_reference(text, 1)) == expected


@pytest.mark.parametrize("text, expected", CASES)
def test_parse_reference_fields(text: str, expected: dict[str, object]) -> None:
    ref = parse_reference(text, 7)
    assert fields(ref) == expected
    assert ref.n == 7
    assert ref.raw == text
    assert ref.first_author == expected["authors"][0]
    assert ref.parse_ok, ref.issues


@pytest.mark.parametrize("text", ["", "   ", "???", "Smith (no year)", "(2010).", "1.", "- ",
                                  "*", "$\\text{", "Smith, J. (20", "10.1000/xyz", "In *eds.*"])
def test_malformed_entries_are_flagged_not_raised(text: str) -> None:
    ref = parse_reference(text, 3)
    assert ref.parse_ok is False
    assert ref.issues
    assert ref.raw == text
    assert ref.n == 3


def test_missing_fields_are_named_in_issues() -> None:
    ref = parse_reference("Masdupuy, E. (1957). *Ann. Chim. (Paris)* 13, 527–586.", 12)
    assert ref.parse_ok and ref.issues == ["no title"]
    ref = parse_reference("Smith, J. (2010). Some title without a journal.", 1)
    assert (ref.kind, ref.title, ref.container) == ("other", "Some title without a journal", "")
    assert ref.parse_ok and ref.issues == ["format not recognised"]


# ----------------------------------------------------------------------------------------------
# Splitting


def test_broken_bullet_entry_is_merged() -> None:
    text = (
        "- Woo, J.H., and Lee, S.H. (2012). Nanoscale interface modification. *J. Electrochem. "
        "Soc.* 159, A1120–A1124.\n"
        "- Kitaura, H., Hayashi, A., Ohtomo, T., Hama, S., and Tatsumisago, M. (2011). "
        "Fabrication of\n"
        "\n"
        "- electrode-electrolyte interfaces by using a supercooled liquid state of the glassy "
        "electrolytes. *J. Mater. Chem.* **21**, 118–124.\n"
        "46. Li, Y., and Goodenough, J.B. (2016). Mastering the interface. *Proc. Natl. Acad. Sci. "
        "U S A* **113**, 13313–13317.\n"
    )
    lines = lines_of(text, base=100)
    entries = split_entries(lines)
    assert len(entries) == 3
    start, end, joined, pieces = entries[1]
    assert joined.startswith("- Kitaura, H.")
    assert "Fabrication of electrode-electrolyte interfaces" in joined
    assert pieces == [(lines[1][0], lines[1][1]), (lines[2][0] + 2, lines[2][1])]
    assert (start, end) == (lines[1][0], lines[2][1])
    refs, findings = parse_reference_list(lines)
    assert [r.n for r in refs] == [1, 2, 46]
    assert refs[1].title == ("Fabrication of electrode-electrolyte interfaces by using a "
                             "supercooled liquid state of the glassy electrolytes")
    assert refs[1].volume == "21" and refs[1].pages == "118–124"
    assert findings == ["gap in numbering: 3–45 missing before 46 (entry 3)"]


def test_broken_numbered_entry_continued_by_lowercase_bullet() -> None:
    text = (
        "82. Zhang, Y.F., Cai, W.W., and Cheng, H.S. (2016). Toward ambient temperature\n"
        "- operation with all-solid-state lithium metal batteries with a sp^3 boron-based solid "
        "single ion conducting polymer electrolyte. *J. Power Sources* 306, 152–161.\n"
        "83. Thangadurai, V., Kaack, H., and Weppner, W.J.F. (2003). Novel fast lithium ion "
        "conduction in garnet-type $\\text{Li}_3\\text{La}_2\\text{M}_2\\text{O}_{12}$ ($M = "
        "\\text{Nb}, \\text{Ta}$). *J. Am. Ceram. Soc.* 86, 437–440.\n"
    )
    refs, findings = parse_reference_list(lines_of(text))
    assert [r.n for r in refs] == [82, 83]
    assert refs[0].title == ("Toward ambient temperature operation with all-solid-state lithium "
                             "metal batteries with a sp3 boron-based solid single ion conducting "
                             "polymer electrolyte")
    assert refs[1].title == "Novel fast lithium ion conduction in garnet-type Li3La2M2O12 (M = Nb, Ta)"
    assert refs[1].authors == ["Thangadurai", "Kaack", "Weppner"]
    assert findings == ["gap in numbering: 1–81 missing before 82 (entry 1)"]


def test_page_furniture_inside_the_list_is_skipped() -> None:
    text = (
        "4. Y. Lu, C.-Z. Zhao, Q. Zhang, The carrier transition from Li atoms to Li vacancies in "
        "solid-state lithium alloy anodes. Sci. Adv. 7 , eabi5520 (2021).\n"
        "## SCIENCE ADVANCES | R E S E A R C H   A R T I C L E\n"
        "5. T. Famprikis, P. Canepa, Fundamentals of inorganic solid-state electrolytes for "
        "batteries. Nat. Mater. 18 , 1278-1291 (2019).\n"
        "8\n"
        "6. G. Ceder, A title. Nat. Commun. 12 , 4410 (2021).\n"
    )
    lines = lines_of(text)
    entries = split_entries(lines)
    assert len(entries) == 3
    assert all("SCIENCE" not in e[2] and not e[2].endswith(" 8") for e in entries)
    refs, findings = parse_reference_list(lines)
    assert [r.n for r in refs] == [4, 5, 6]
    assert refs[0].authors == ["Lu", "Zhao", "Zhang"] and refs[0].pages == "eabi5520"
    assert findings == ["gap in numbering: 1–3 missing before 4 (entry 1)"]


def test_pdf_wrapped_lines_join_into_numbered_entries() -> None:
    text = (
        "1. Kamaya, N. et al. A lithium superionic conductor. Nat. Mater. 10, 682–686\n"
        "(2011).\n"
        "2. Seino, Y., Ota, T. & Tatsumisago, M. A sulphide\n"
        "lithium super ion conductor for use in\n"
        "rechargeable batteries. Energy Environ. Sci. 7, 627–631 (2014).\n"
        "3. Aurbach, D. et al. Prototype systems for rechargeable magnesium batteries.\n"
        "Nature 407, 724–727 (2000).\n"
        "4. Barnes, A. C. & Guo, C. Fast-ion conduction and the structure of b-Mg Bi . J. Phys.\n"
        "3 2\n"
        "Condens. Matter 6, L467–L471 (1994).\n"
        "5. Kundu, D. & Nazar, L. F. A high-\n"
        "capacity zinc battery. Nat. Energy 1, 16119 (2016).\n"
    )
    refs, findings = parse_reference_list(lines_of(text))
    assert findings == []
    assert [r.n for r in refs] == [1, 2, 3, 4, 5]
    assert (refs[0].year, refs[0].pages) == ("2011", "682–686")
    assert refs[1].title == ("A sulphide lithium super ion conductor for use in rechargeable "
                             "batteries")
    assert (refs[2].container, refs[2].volume) == ("Nature", "407")
    assert refs[3].container == "J. Phys. Condens. Matter" and refs[3].pages == "L467–L471"
    assert refs[4].title == "A high-capacity zinc battery"


def test_unmarked_list_splits_on_author_starts() -> None:
    text = (
        "Whittingham, M.S. (2004). Lithium batteries and cathode materials. *Chem. Rev.* 104, "
        "4271–4302.\n"
        "Nagaura, T. (1990). Lithium ion rechargeable\n"
        "battery. *Prog. Batteries Solar Cells* 9, 209–217.\n"
    )
    refs, findings = parse_reference_list(lines_of(text))
    assert findings == []
    assert [(r.n, r.first_author) for r in refs] == [(1, "Whittingham"), (2, "Nagaura")]
    assert refs[1].title == "Lithium ion rechargeable battery"


def test_a_wrapped_line_the_converter_numbered_continues_its_entry() -> None:
    text = (
        "8. Sastre, J., and Romanyuk, Y.E. (2021). Blocking lithium dendrite growth with an "
        "ultrathin amorphous Li-La-Zr-O solid\n"
        "9. electrolyte. *Commun. Mater.* 2, 76.\n"
        "9. Lewis, J.A., and McDowell, M.T. (2019). Interphase morphology. *ACS Energy Lett.* 4, "
        "591–599.\n"
    )
    refs, findings = parse_reference_list(lines_of(text))
    assert [(r.n, r.first_author) for r in refs] == [(8, "Sastre"), (9, "Lewis")]
    assert refs[0].title.endswith("Li-La-Zr-O solid electrolyte")
    assert refs[0].container.startswith("Commun. Mater")


def test_a_number_set_on_a_line_of_its_own_starts_an_entry() -> None:
    text = ("- [119] K.A. Zhdanova, N.T. Kuznetsov, Russ. Chem. Bull. 63 (2014) 194-200.\n\n"
            "[120]\n\nV.I. Bregadze, A.F. Mironov, Appl. Radiat. Isot. 67 (2009) S101-S104.\n")
    refs, _ = parse_reference_list(lines_of(text))
    assert [(r.n, r.first_author) for r in refs] == [(119, "Zhdanova"), (120, "Bregadze")]


def test_split_entries_on_multiline_blocks() -> None:
    text = "- Fu, J. (1997). A title. *Solid State Ion.* 104, 191–194.\n- Fu, J. (1997). B. *X* 1, 2."
    entries = split_entries([(10, 10 + len(text), text)])
    assert [e[3] for e in entries] == [[(10, 10 + text.index("\n"))],
                                       [(10 + text.index("\n") + 1, 10 + len(text))]]


# ----------------------------------------------------------------------------------------------
# Numbering


def _entry(n: int | None, name: str) -> str:
    marker = f"{n}. " if n is not None else "- "
    return f"{marker}{name}, A. (2001). A title. *J. Chem.* 1, 1–2."


@pytest.mark.parametrize("numbers, expected_n, expected_findings", [
    ([None, None, 3, 4], [1, 2, 3, 4], []),
    ([1, 2, 4], [1, 2, 4], ["gap in numbering: 3 missing before 4 (entry 3)"]),
    ([1, 2, 2, 3], [1, 2, 2, 3], ["duplicate reference number 2 (entries 2 and 3)"]),
    ([1, 3, 2, 4], [1, 3, 2, 4], ["gap in numbering: 2 missing before 3 (entry 2)",
                                  "reference 2 out of order (after 3, entry 3)"]),
    ([1, 2, None], [1, 2, 3], ["entry 3 has no printed number after numbered entries "
                               "(numbered 3 by position)"]),
    ([None, None, 2], [1, 2, 2], ["duplicate reference number 2 (entries 2 and 3)"]),
])
def test_numbering_findings(numbers: list[int | None], expected_n: list[int],
                            expected_findings: list[str]) -> None:
    text = "\n".join(_entry(n, f"Author{chr(65 + i)}") for i, n in enumerate(numbers))
    refs, findings = parse_reference_list(lines_of(text))
    assert [r.n for r in refs] == expected_n
    assert findings == expected_findings


def test_unparsed_entries_are_reported() -> None:
    refs, findings = parse_reference_list(lines_of("1. ???\n2. Smith (no year)"))
    assert [r.parse_ok for r in refs] == [False, False]
    assert [f.split(" (")[0] for f in findings] == ["reference 1 not parsed",
                                                   "reference 2 not parsed"]


# ----------------------------------------------------------------------------------------------
# Data file


def test_pattern_lists_have_no_duplicates() -> None:
    cfg = yaml.safe_load(PATTERNS_FILE.read_text(encoding="utf-8"))
    for key, value in cfg.items():
        if isinstance(value, list):
            assert len(value) == len(set(value)), f"duplicate in {key}"
            if all(isinstance(v, str) for v in value) and key.endswith("s") and "pattern" not in key:
                for v in value:
                    assert v == v.strip(), f"whitespace around {v!r} in {key}"


# ----------------------------------------------------------------------------------------------
# The seed review against its gold (the accuracy target)


def _seed_lines() -> list[tuple[int, int, str]]:
    src = SEED.read_text(encoding="utf-8")
    head = "REFERENCES AND NOTES\n"
    start = src.index(head) + len(head)
    return lines_of(src[start:], base=start)


def _norm(value: str) -> str:
    return re.sub("[-‐–—]", "-", value.replace("*", "").strip().lower())


@pytest.mark.skipif(not (SEED.exists() and SEED_GOLD.exists()), reason="seed corpus not present")
def test_seed_reference_list_matches_gold() -> None:
    refs, findings = parse_reference_list(_seed_lines())
    assert findings == []
    with SEED_GOLD.open(encoding="utf-8", newline="") as fh:
        gold = {int(row["n"]): row for row in csv.DictReader(fh)}
    pred = {r.n: r for r in refs}
    assert sorted(pred) == sorted(gold)
    for name in ("kind", "authors", "first_author", "year", "title", "container", "volume",
                 "pages", "doi"):
        ok = 0
        for n, row in gold.items():
            value = getattr(pred[n], name)
            value = ";".join(value) if isinstance(value, list) else value
            ok += _norm(value) == _norm(row[name])
        assert ok / len(gold) >= 0.99, f"{name}: {ok}/{len(gold)}"


# ----------------------------------------------------------------------------------------------
# The stage


def _write_doc(tmp_path: Path, source_text: str, ref_spans: list[tuple[int, int]]) -> Path:
    src = tmp_path / "paper.md"
    src.write_text(source_text, encoding="utf-8")
    blocks = [dict(id=f"b{i}", kind="reference", char_start=s, char_end=e, section="References",
                   spans=[[s, e]], level=0) for i, (s, e) in enumerate(ref_spans)]
    doc = dict(doc_id="paper", source=str(src), sha256="", format="markdown", title="T",
               sections=[], sentences=[], blocks=blocks, metadata={})
    path = tmp_path / "out" / "document.json"
    path.parent.mkdir()
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_main_writes_references_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = "Intro text.\n\nREFERENCES\n\n"
    refs_text = ("1. Muldoon, J. et al. Electrolyte roadmap for Mg batteries. J. Electrochem. Soc. "
                 "160, A1120–A1124 (2013).\n3. Brown, I. D. What factors determine cation "
                 "coordination numbers? Acta Crystallogr. Sect. B Struct. Sci. 44, 545–553 (1988).")
    source = body + refs_text
    spans = [(s, e) for s, e, _ in lines_of(refs_text, base=len(body))]
    doc_path = _write_doc(tmp_path, source, spans)
    out = doc_path.parent / "references.csv"
    main(["--doc", str(doc_path), "--out", str(out)])
    rows = read_records(out, Reference)
    assert [(r.n, r.first_author, r.pages, r.times_cited) for r in rows] == [
        (1, "Muldoon", "A1120–A1124", 0), (3, "Brown", "545–553", 0)]
    assert source[rows[0].char_start:rows[0].char_end].startswith("1. Muldoon")
    assert out.read_text(encoding="utf-8").splitlines()[0].startswith(
        "n,kind,authors,first_author,year,title,container,volume,pages,doi,raw,times_cited")
    assert "gap in numbering: 2 missing before 3" in capsys.readouterr().err


def test_main_without_reference_list_writes_header_only(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc_path = _write_doc(tmp_path, "Just a paragraph.\n", [])
    out = doc_path.parent / "references.csv"
    main(["--doc", str(doc_path), "--out", str(out)])
    assert out.read_text(encoding="utf-8").count("\n") == 1
    assert "warning" in capsys.readouterr().err


def test_main_missing_document_exits_with_one_line(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--doc", str(tmp_path / "nope.json"), "--out", str(tmp_path / "r.csv")])
    assert exc.value.code != 0
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "nope.json" in err
    assert not (tmp_path / "r.csv").exists()


@pytest.mark.parametrize("text, title, container, volume, pages, year", [
    # Elsevier numeric style without and with a title
    ("R. Murugan, V. Thangadurai, W. Weppner, Angew. Chem. Int. Ed. 46 (2007) 7778–7781.",
     "", "Angew. Chem. Int. Ed.", "46", "7778–7781", "2007"),
    ("J. Smith, A. Lee, Fast lithium conduction in garnets, J. Power Sources 300 (2015) 20–30.",
     "Fast lithium conduction in garnets", "J. Power Sources", "300", "20–30", "2015"),
    ("H.-J. Deiseroth, S.-T. Kong, H. Eckert, et al., Li6PS5X: a class of crystalline Li-rich "
     "solids with an unusually high Li+ mobility, Angew. Chem. Int. Ed. 47 (2008) 755–758.",
     "Li6PS5X: a class of crystalline Li-rich solids with an unusually high Li+ mobility",
     "Angew. Chem. Int. Ed.", "47", "755–758", "2008"),
    ("Y. Zhang, K. Chen, Y. Shen, et al., Synergistic effect of processing and composition x on "
     "Li7P3S11, Nano Energy 38 (2017) 481–486.",
     "Synergistic effect of processing and composition x on Li7P3S11", "Nano Energy", "38",
     "481–486", "2017"),
])
def test_elsevier_numeric_style(text, title, container, volume, pages, year):
    r = parse_reference(text, 1)
    assert (r.kind, r.title, r.container, r.volume, r.pages, r.year) == \
        ("article", title, container, volume, pages, year)
