"""Reference lists in the publishers' numbered styles and with converter debris, on small inline
strings: ACS "(12)" / "- (12)", Wiley "[4] a) ... b) ...", RSC "- 9 N. Kamaya", Elsevier
"7 (2014) 627 e 632", spaced converter output, running heads and stray fragments, headingless lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest import load_document
from pipeline.references import parse_reference_list
from pipeline.reflist import entry_number, trailing_list


def lines_of(text: str) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line), line))
        pos += len(line) + 1
    return out


def parse(text: str):
    refs, _ = parse_reference_list(lines_of(text))
    return refs


def test_acs_with_title_and_bullets():
    (r,) = parse("- (12) Kamaya, N.; Homma, K.; Yamakawa, Y. A Lithium Superionic Conductor. "
                 "Nat. Mater. 2011 , 10 , 682.")
    assert (r.n, r.first_author, r.authors, r.year) == (12, "Kamaya", ["Kamaya", "Homma", "Yamakawa"], "2011")
    assert (r.title, r.container, r.volume, r.pages) == ("A Lithium Superionic Conductor",
                                                         "Nat. Mater.", "10", "682")


def test_acs_without_title_and_article_number():
    refs = parse("(14) Zhao, Y.; Daemen, L. L. J. Am. Chem. Soc. 2012, 134, 15042.\n"
                 "(15) Asano, T.; Sakai, A. Adv. Mater. 2018 , 30 , No. 1803075.")
    assert [(r.n, r.first_author, r.container, r.volume, r.pages) for r in refs] == [
        (14, "Zhao", "J. Am. Chem. Soc.", "134", "15042"),
        (15, "Asano", "Adv. Mater.", "30", "1803075")]


def test_wiley_sub_references_stay_one_entry():
    refs = parse("- [4] a) N. Kamaya, K. Homma, Nat. Mater. 2011 , 10 , 682; b) Y. Kato, S. Hori, "
                 "Nat. Energy 2016 , 1 , 16030.\n"
                 "- [5] M. Jansen, Angew. Chem. Int. Ed. 1991 , 30 , 1547.")
    assert [r.n for r in refs] == [4, 5]
    assert refs[0].first_author == "Kamaya"
    assert refs[1].first_author == "Jansen"


def test_rsc_bare_numbers():
    refs = parse("- 9 N. Kamaya, K. Homma and Y. Yamakawa, Nat. Mater., 2011, 10, 682.\n"
                 "- 10 A. Hayashi, K. Noi and M. Tatsumisago, Nat. Commun. , 2012, 3 , 856.\n"
                 "- 11 M. Matsuo and S. Orimo, Adv. Energy Mater. , 2011, 1 , 161-172.")
    assert [(r.n, r.first_author, r.year, r.volume, r.pages) for r in refs] == [
        (9, "Kamaya", "2011", "10", "682"), (10, "Hayashi", "2012", "3", "856"),
        (11, "Matsuo", "2011", "1", "161–172")]


def test_elsevier_e_dash_pages():
    (r,) = parse("[3] Y. Seino, T. Ota, K. Takada, Energy Environ. Sci. 7 (2014) 627 e 632.")
    assert (r.n, r.first_author, r.container, r.volume, r.year, r.pages) == (
        3, "Seino", "Energy Environ. Sci.", "7", "2014", "627–632")


def test_elsevier_e_dash_leaves_the_doi_alone():
    # the page dash "227e235" is normalised, the "2019e1" inside the DOI is not
    (r,) = parse("[4] Y. Seino, T. Ota, J. Power Sources 450 (2020) 227e235. "
                 "doi:10.1016/j.jpowsour.2019e12345.")
    assert (r.pages, r.doi) == ("227–235", "10.1016/j.jpowsour.2019e12345")


def test_spaced_converter_output():
    (r,) = parse("- [2]    J. M.   T arascon  ,    V .    Palomares  , Nat. Chem. 2010 , 2 ,   510  .")
    assert (r.n, r.authors, r.year, r.volume, r.pages) == (2, ["Tarascon", "Palomares"], "2010",
                                                            "2", "510")


def test_split_accents_join():
    (r,) = parse("1 . J. Z. Da ´valos and R. C ̌ erny ́ , J. Phys. Chem. A , 2013, 117 , 1495.")
    assert r.authors == ["Dávalos", "Černý"]


def test_spaced_doi_is_normalised():
    (r,) = parse("[7] A. Sakuda, Chem. Mater. 2015, 27, 1. https : //doi . org/10 . 1021/acs . "
                 "chemmater . 5b01234")
    assert r.doi == "10.1021/acs.chemmater.5b01234"


def test_fragment_in_another_numbering_style_continues_the_entry():
    refs = parse("- [16] R.A. House, P.G. Bruce, First-cycle voltage hysteresis\n"
                 "17. in Li-rich 3d cathodes, Nat. Energy 5 (2020) 777 -785.\n"
                 "- [17] Z.H. Lu, J.R. Dahn, J. Electrochem. Soc. 149 (2002) A815.")
    assert [r.n for r in refs] == [16, 17]
    assert "Li-rich 3d cathodes" in refs[0].raw
    assert (refs[0].volume, refs[0].pages) == ("5", "777–785")


def test_acs_fragment_numbered_like_a_list():
    refs = parse("- (4) Xie, J.; Zhang, Q. Fluorinating the Solid\n"
                 "5. Electrolyte Interphase by Rational Design. Angew. Chem. 2022 , 61 , 4776.\n"
                 "- (5) Liu, M.; Wagemaker, M. Improving transport. Nat. Nanotechnol. 2022 , 17 , 959.")
    assert [r.n for r in refs] == [4, 5]
    assert refs[0].year == "2022"


def test_running_head_web_address_and_licence_lines_are_dropped():
    refs = parse("[1] A. Unemoto, S. Orimo, Adv. Funct. Mater. 2014, 24, 2267.\n"
                 "D. Liu et al.\n"
                 "www.MaterialsViews.com\n"
                 "[2] M. Matsuo, S. Orimo, Appl. Phys. Lett. 2007, 91, 224103.\n"
                 "- © The Author(s), under exclusive licence to Springer Nature Limited 2025")
    assert [(r.n, r.raw.count("Liu"), "Materials" in r.raw) for r in refs] == [(1, 0, False),
                                                                               (2, 0, False)]


def test_year_is_never_an_entry_number():
    refs = parse("1. Kamaya, N. et al. A lithium superionic conductor. Nat. Mater. 10, 682–686\n"
                 "(2011).\n"
                 "2. Seino, Y. et al. A sulphide conductor. Energy Environ. Sci. 7, 627–631 (2014).")
    assert [(r.n, r.year) for r in refs] == [(1, "2011"), (2, "2014")]


def test_fake_numbering_inside_an_author_year_list_is_ignored():
    refs = parse("Ahmad, Z., Viswanathan, V., 2017. Stability of electrodeposition. Phys. Rev. Lett. 119, 056003.\n"
                 "- Agier, J.A.B., Fleck, N.A., 2022. Void growth. Acta Mater. 240, 118303.\n"
                 "Barai, P., Higa, K., 2018. Impact of pressure. J. Electrochem. Soc. 165, A2654.\n"
                 "Chang, W., May, R., Marbella, L.,\n"
                 "Steingart, D., 2021. Evolving contact mechanics. Nat. Commun. 12, 6369.\n"
                 "2. Geers, M.G.D., Busso, E.P., 2014. Coupled glide-climb. J. Mech. Phys. Solid. 70, 136.\n"
                 "3. Jolly, D.S., Bruce, P.G., 2020. Sodium interface. ACS Appl. Mater. Interfaces 12, 678.")
    assert [(r.n, r.first_author) for r in refs] == [
        (1, "Ahmad"), (2, "Agier"), (3, "Barai"), (4, "Chang"), (5, "Geers"), (6, "Jolly")]


@pytest.mark.parametrize("line, number", [
    ("- [4] a) N. Kamaya", 4), ("[12] X. Li", 12), ("- (12) Kamaya, N.", 12), ("(3) Li, X.", 3),
    ("12. Kamaya, N.", 12), ("- 9 N. Kamaya", 9), ("(2011).", None), ("2020. Li metal", None),
    ("Kamaya, N. 2011", None),
])
def test_entry_number(line, number):
    assert entry_number(line) == number


def test_trailing_list_needs_numbered_bibliographic_entries():
    body = ["Some text.", "More text with a value of 5 mS."]
    refs = [f"- [{i}] A. Author, J. Chem. 20{10 + i}, {i}, {100 + i}." for i in range(1, 7)]
    assert trailing_list(body + refs + ["Adv. Mater. 2014, 26, 7622"]) == (2, 7)
    steps = [f"{i}. Mix the powders and press step {i}." for i in range(1, 7)]
    assert trailing_list(body + steps) is None  # a numbered list without years
    assert trailing_list(body + refs[:3]) is None  # too short to be a reference list


def test_two_column_order_swaps_stay_in_the_list():
    refs = [f"- {n} A. Author, Phys. Rev. B {n}, {n}00 ( 2004 ) ." for n in (1, 3, 2, 4, 6, 5, 7)]
    assert trailing_list(["Body."] + refs) == (1, 7)


HEADINGLESS = """# Superionic conduction in a hydroborate

Sodium hydroborates conduct well. [1] They were studied by neutron scattering. [2,3]

## Acknowledgements

We thank the beamline staff.

Received: July 14, 2014 Revised: August 30, 2014

- [1] A. Unemoto, M. Matsuo, S. Orimo, Adv. Funct. Mater. 2014 , 24 , 2267.
- [2] M. Matsuo, Y. Nakamori, S. Orimo, Appl. Phys. Lett. 2007 , 91 , 224103.
- [3] H. Maekawa, M. Matsuo, H. Takamura, J. Am. Chem. Soc. 2009 , 131 , 894.
- [4] M. Matsuo, S. Kuromoto, S. Orimo, Appl. Phys. Lett. 2012 , 100 , 203904.
- [5] A. Unemoto, S. Yasaku, S. Orimo, Appl. Phys. Lett. 2014 , 105 , 083901.
"""


@pytest.mark.parametrize("heading", ["", "## ■ REFERENCES\n\n", "## Notes and references\n\n",
                                     "References and Notes\n\n"])
def test_reference_list_found_with_or_without_heading(tmp_path: Path, heading: str):
    text = HEADINGLESS.replace("- [1]", heading + "- [1]", 1)
    src = tmp_path / "paper.md"
    src.write_text(text, encoding="utf-8")
    doc, _ = load_document(src, "paper", {})
    kinds = [b.kind for b in doc.blocks]
    assert kinds.count("reference") == 5
    # the list's entries are not content: no sentence of the body holds them
    assert not any("Matsuo" in s.text for s in doc.sentences if s.kind == "paragraph")


def test_wiley_entry_fields_are_the_first_works():
    (r,) = parse("- [8] a) P. Martelli, A. Remhof, J. Phys. Chem. A. 2011 , 115 , 5329 ; b) N. Verdal, "
                 "T. J. Udovic, J. Phys. Chem. C 2014 , 118 , 17483 .")
    assert (r.first_author, r.year, r.volume, r.pages) == ("Martelli", "2011", "115", "5329")


def test_elsevier_issue_title_case_title_and_doi_debris():
    refs = parse("[13] P. Yan, A. Nie, Evolution of lattice structure, Nano Lett. 15 (1) (2015) 514 -522.\n"
                 "[5] X. Ji, C.S. Wang, Solid-State Electrolyte Design for Lithium Dendrite Suppression, "
                 "Adv. Mater. 32 (2020) 2002741, https://doi.org/10.1002/ adma.202002741.\n"
                 "[18] A.R. Armstrong, P.G. Bruce, Demonstrating oxygen loss, J. Am. Chem. Soc. 128 "
                 "(2006) 8694-8698. doi: 10.1021/ja062027 + .")
    assert [(r.container, r.volume, r.year, r.pages) for r in refs] == [
        ("Nano Lett.", "15", "2015", "514–522"), ("Adv. Mater.", "32", "2020", "2002741"),
        ("J. Am. Chem. Soc.", "128", "2006", "8694–8698")]
    assert refs[1].title == "Solid-State Electrolyte Design for Lithium Dendrite Suppression"
    assert refs[1].doi == "10.1002/adma.202002741"


def test_journal_without_title_or_abbreviation():
    refs = parse("- [14] O. Bohnke, S. Ronchetti, D. Mazza, Solid State Ionics 1999 , 122 , 127 .\n"
                 "- [15] N. Tanibata and M. Tatsumisago, ChemElectroChem , 2014, 1 , 1130-1132.")
    assert [(r.container, r.year, r.volume, r.pages) for r in refs] == [
        ("Solid State Ionics", "1999", "122", "127"), ("ChemElectroChem", "2014", "1", "1130–1132")]


def test_aip_aps_with_spaced_parentheses():
    refs = parse("- 1 Y. Nakamori, S. Orimo, and T. Tsutaoka, Appl. Phys. Lett. 88 , 112104 ( 2006 ) .\n"
                 "- 3 K. Miwa, N. Ohba, and S. Orimo, Phys. Rev. B 69 , 245120 ( 2004 ) .\n"
                 "- 2 M. Matsuo, Y. Nakamori, and S. Orimo, Appl. Phys. Lett. 90 , 232907 ( 2007 ) .")
    assert [(r.n, r.first_author, r.container, r.volume, r.pages, r.year) for r in refs] == [
        (1, "Nakamori", "Appl. Phys. Lett.", "88", "112104", "2006"),
        (3, "Miwa", "Phys. Rev. B", "69", "245120", "2004"),
        (2, "Matsuo", "Appl. Phys. Lett.", "90", "232907", "2007")]


def test_markdown_renumbered_list_is_numbered_by_position():
    refs = parse("1. Kamaya, N. et al. A lithium superionic conductor. Nat. Mater. 10, 682–686 (2011).\n"
                 "1. Seino, Y. et al. A sulphide conductor. Energy Environ. Sci. 7, 627–631 (2014).\n"
                 "1. Murugan, R. et al. Fast conduction in garnet. Angew. Chem. 46, 7778–7781 (2007).")
    assert [(r.n, r.first_author) for r in refs] == [(1, "Kamaya"), (2, "Seino"), (3, "Murugan")]


@pytest.mark.parametrize("heading", ["## Reference", "**References**", "References:", "6. REFERENCES",
                                     "## Literature Cited"])
def test_reference_heading_variants(tmp_path: Path, heading: str):
    text = HEADINGLESS.replace("- [1]", heading + "\n\n- [1]", 1)
    src = tmp_path / "paper.md"
    src.write_text(text, encoding="utf-8")
    doc, text = load_document(src, "paper", {})
    assert [b.kind for b in doc.blocks].count("reference") == 5
    (head,) = [b for b in doc.blocks if heading.strip("#* ") in text[b.char_start:b.char_end]]
    assert head.kind == "heading"
