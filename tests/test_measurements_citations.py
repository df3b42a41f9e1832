"""Which citations a marker-less sentence's values inherit (pipeline/measurements.py): small
hand-made review paragraphs, exact expected citation sets."""

from __future__ import annotations

import pytest

from tests.conftest import extracted_rows

DOC = """A Small Review Of Solid Electrolytes

INTRODUCTION

Smith et al.¹ prepared Li₇La₃Zr₂O₁₂ (LLZO) pellets by solid-state reaction. The LLZO pellets showed an ionic conductivity of 3 × 10⁻⁴ S cm⁻¹ at RT. Fast ion conductor Li₁₀GeP₂S₁₂ (LGPS) could be prepared by ball milling, showing an ionic conductivity of 1.2 × 10⁻² S cm⁻¹ at RT.

Jones et al.² reported a Au interlayer between Li metal and the Li₂S-P₂S₅ glass. Notably, garnet-type LLZO SSEs show an ionic conductivity of 10⁻⁴–10⁻³ S cm⁻¹ at RT.

Sulfides. The earliest sulfide electrolyte was studied by Brown et al.³ in 1990. Sulfide glass electrolytes include Li₂S-P₂S₅ and Li₂S-SiS₂ with conductivities of ~10⁻⁴ S cm⁻¹.

Later, aligned LATP nanoparticles were filled with PEO by Green et al.⁴ in 2017. To solve the contact problem, Green et al. added PEG, whereby the ionic conductivity of the LATP/PEO/PEG electrolyte reached 5.2 × 10⁻⁵ S cm⁻¹, close to its theoretical value (6.0 × 10⁻⁵ S cm⁻¹). The theoretical specific capacity of sulfur is 1,675 mAh g⁻¹.

Recently, Brown et al.³ also developed a PEO-based SPE for Li-air batteries (Figure 1A).⁴ The obtained batteries showed stable cycling at 80 °C for 40 cycles.

Sulfides. A new paragraph without any marker: Li₃PS₄ shows an ionic conductivity of 1.6 × 10⁻⁴ S cm⁻¹ at RT.

REFERENCES

1. Smith, A., and Lee, B. (2007). Garnet-type lithium conductors. *J. Mater. Chem.* 17, 100–110.
2. Jones, C., and Park, D. (2015). Gold interlayers for sulfide electrolytes. *J. Power Sources* 280, 20–30.
3. Brown, E. (1990). Sulfide glasses. *Solid State Ion.* 40, 1–10.
4. Green, F., and White, G. (2017). Aligned composite electrolytes. *Nano Lett.* 17, 3182–3187.
5. Green, H. (2012). Another paper by a Green. *Electrochim. Acta* 60, 1–9.
6. Filler, I. (2011). Filler. *J. Filler* 1, 1–2.
7. Filler, J. (2011). Filler. *J. Filler* 2, 1–2.
8. Filler, K. (2011). Filler. *J. Filler* 3, 1–2.
9. Filler, L. (2011). Filler. *J. Filler* 4, 1–2.
10. Filler, M. (2011). Filler. *J. Filler* 5, 1–2.
"""


@pytest.fixture(scope="module")
def claims(tmp_path_factory) -> dict[str, dict]:
    return {r["value_as_written"]: r for r in extracted_rows(tmp_path_factory.mktemp("cite"), DOC)}


def test_definite_reference_back_continues_the_cited_work(claims) -> None:
    assert claims["3 × 10⁻⁴ S cm⁻¹"]["citations"] == "1"


def test_new_material_introduced_without_determiner_is_not_the_cited_work(claims) -> None:
    assert claims["1.2 × 10⁻² S cm⁻¹"]["citations"] == ""
    assert claims["10⁻⁴–10⁻³ S cm⁻¹"]["citations"] == ""


def test_a_new_paragraph_does_not_inherit_the_previous_paragraphs_markers(claims) -> None:
    # the run-in heading paragraph cites 3 in its first sentence, then the general statement
    # about sulfide glasses introduces materials that sentence did not name
    assert claims["10⁻⁴ S cm⁻¹"]["citations"] == ""
    assert claims["1.6 × 10⁻⁴ S cm⁻¹"]["citations"] == ""


def test_named_author_with_several_references_takes_the_one_cited_in_the_paragraph(claims) -> None:
    assert claims["5.2 × 10⁻⁵ S cm⁻¹"]["citations"] == "4"
    assert claims["5.2 × 10⁻⁵ S cm⁻¹"]["citation_rule"] == "author_name"


def test_continuation_takes_the_named_work_not_a_figure_source_marker(claims) -> None:
    assert claims["40 cycles"]["citations"] == "3"


def test_its_theoretical_value_belongs_to_the_cited_system(claims) -> None:
    assert claims["6.0 × 10⁻⁵ S cm⁻¹"]["citations"] == "4"
    assert claims["1,675 mAh g⁻¹"]["citations"] == ""


ARTICLE = """A Small Research Article On Magnesium Selenides

Fast Li-ion conductors show conductivities above 1 mS cm⁻¹ at RT [1, 2]. Our work targets Mg conductors.

RESULTS

We synthesised MgSc₂Se₄ by solid-state reaction. The powder was pressed into pellets. The pellets were sintered at 900 °C for 12 h. Diffraction shows a single spinel phase. The lattice parameter is 11.1 Å. NMR spectra were collected between 300 and 500 K. The line width narrows above 350 K. Impedance spectra show one semicircle. The measured activation barrier of MgSc₂Se₄ is 370 meV, in line with the Kuhn analysis [3]. The barriers are comparable to LISICON-like (~ 200–500 meV) and Garnets (~ 400–500 meV) [1, 4]. As reported previously, MgO shows a barrier of 800 meV [5].

REFERENCES

1. Smith, A. (2007). Li conductors. *J. Mater. Chem.* 17, 100–110.
2. Jones, B. (2010). More Li conductors. *Nature* 1, 1–2.
3. Kuhn, C. (2012). Relaxometry. *Phys. Rev. B* 3, 1–9.
4. Park, D. (2015). Garnets. *Chem. Mater.* 27, 1–8.
5. Lee, E. (2016). Magnesium oxide. *Solid State Ion.* 40, 1–10.
"""


@pytest.fixture(scope="module")
def article(tmp_path_factory) -> dict[str, dict]:
    return {r["value_as_written"]: r
            for r in extracted_rows(tmp_path_factory.mktemp("art"), ARTICLE)}


def test_research_article_results_cite_only_what_the_marker_is_written_after(article) -> None:
    # (few sentences cite: a research article, not a review)
    assert article["1 mS cm⁻¹"]["citations"] == "1;2"  # introduction: the sentence's markers
    assert article["370 meV"]["citations"] == ""  # own result; the marker cites a method
    assert article["200–500 meV"]["citations"] == "1;4"  # enumerated with the cited value
    assert article["400–500 meV"]["citations"] == "1;4"
    assert article["800 meV"]["citations"] == "5"  # a clause that reports literature


def test_research_article_cell_described_in_words(tmp_path) -> None:
    doc = ("A Small Research Article On Cathodes\n\nRESULTS\n\n"
           "ASSBs using LCO and NMC as the cathodes, LLZO as the electrolyte, and Li as the anode "
           "were assembled. The powders were dried. The pellets were pressed. The cells rested. "
           "Impedance was measured. The cause of the LCO|LLZO interface degradation is studied. "
           "The LCO electrode delivers a specific capacity of 140 mAh g⁻¹ at 0.1 C. "
           "The NMC electrode delivers a specific capacity of 180 mAh g⁻¹ at 0.1 C.\n")
    got = {r["value_as_written"]: r["cell"] for r in extracted_rows(tmp_path, doc)}
    assert got == {"140 mAh g⁻¹": "Li|LLZO|LCO", "180 mAh g⁻¹": "Li|LLZO|NCM"}


def test_html_sub_and_superscripts_and_a_reference_column(tmp_path) -> None:
    doc = ("# Sulfides\n\n## Introduction\n\n"
           "Li<sub>10</sub>GeP<sub>2</sub>S<sub>12</sub> (LGPS) shows an ionic conductivity of "
           "1.2 × 10<sup>−2</sup> S cm<sup>−1</sup> at room temperature.<sup>1</sup>\n\n"
           "| Electrolyte | σ (S cm<sup>−1</sup>) | Ref. |\n|---|---|---|\n"
           "| Li<sub>6</sub>PS<sub>5</sub>Cl | 3 × 10<sup>−3</sup> | 2 |\n\n"
           "## References\n\n1. Kamaya, N. et al. A lithium superionic conductor. Nat. Mater. 10, "
           "682–686 (2011).\n2. Kraft, M. A. et al. Argyrodites. J. Am. Chem. Soc. 139, "
           "10909–10918 (2017).\n")
    got = [(r["material"], r["material_canonical"], r["value"], r["value_as_written"],
            r["citations"], r["source"]) for r in extracted_rows(tmp_path, doc)]
    assert got == [
        ("Li<sub>10</sub>GeP<sub>2</sub>S<sub>12</sub>", "LGPS", "0.012",
         "1.2 × 10<sup>−2</sup> S cm<sup>−1</sup>", "1", "text"),
        ("Li6PS5Cl", "Li6PS5Cl", "0.003", "3 × 10<sup>−3</sup>", "2", "table")]


COMPARISON = """Gallium-doped garnet electrolytes with fast lithium conduction

RESULTS

We synthesized Ga-doped Li₇La₃Zr₂O₁₂ (Ga-LLZO) by solid-state reaction. The pellets were sintered at 1,200 °C for 12 h. Impedance spectra were collected from −20 to 80 °C. Compared with the pristine LLZO (1.2 × 10⁻⁴ S cm⁻¹), the Ga-LLZO shows a higher conductivity of 1.3 × 10⁻³ S cm⁻¹ at 25 °C, which is higher than that reported for Al-LLZO (4 × 10⁻⁴ S cm⁻¹)¹. The Li|Ga-LLZO|Li symmetric cell cycles stably for 1,000 h at 0.5 mA cm⁻² and shows a critical current density of 1.1 mA cm⁻².

REFERENCES

1. Rettenwander, D. et al. Structural and electrochemical consequences of Al and Ga cosubstitution in Li7La3Zr2O12. Chem. Mater. 28, 2384–2392 (2016).
"""


def test_own_value_compared_with_a_reported_one(tmp_path) -> None:
    rows = {r["value_as_written"]: r for r in extracted_rows(tmp_path, COMPARISON)}
    own, reported = rows["1.3 × 10⁻³ S cm⁻¹"], rows["4 × 10⁻⁴ S cm⁻¹"]
    assert (own["material_canonical"], own["citations"]) == ("Ga-LLZO", "")
    assert (reported["material_canonical"], reported["citations"]) == ("Al-LLZO", "1")
    assert rows["1.2 × 10⁻⁴ S cm⁻¹"]["citations"] == ""
    # the current density a cell cycles at is a condition; the critical one is the claim
    assert "0.5 mA cm⁻²" not in rows
    assert rows["1.1 mA cm⁻²"]["property"] == "current_density"


def test_flattened_marker_after_the_full_stop_cites_the_sentence_before(tmp_path) -> None:
    doc = ("# Borohydride Electrolytes\n\n## Introduction\n\n"
           "Several groups obtained LiCB11H12 and LiCB9H10. 1,2 These materials have an ionic "
           "conductivity as high as 0.03 S cm -1 at 354 K. 2 Interestingly, the sodium salts "
           "behave alike. 3\n\n"
           "## References\n\n1. Smith, A. Li conductors. J. Mater. Chem. 17, 100 (2007).\n"
           "2. Jones, B. More Li conductors. Nature 1, 1 (2010).\n"
           "3. Kuhn, C. Relaxometry. Phys. Rev. B 3, 1 (2012).\n")
    got = {(r["material_canonical"], r["citations"]) for r in extracted_rows(tmp_path, doc)
           if r["property"] == "ionic_conductivity"}
    assert got == {("LiCB11H12", "2"), ("LiCB9H10", "2")}


def test_page_furniture_between_paragraphs_is_no_section_and_intro_values_keep_markers(tmp_path):
    """An ACS page break leaves "Received:" / a date / "DOI: ..." / the running head as bare
    lines; none of them is a heading, so the numbered Introduction stays the section and its
    cited values keep their markers."""
    from tests.conftest import extracted_rows
    refs = "\n".join(f"{i}. A. Author, J. Chem. {i}, 1 (2010)." for i in range(1, 31))
    doc = ("# Metal borohydrides\n\n## 1. INTRODUCTION\n\nMetal borohydrides conduct well [28-30].\n\n"
           "Received:\n\nAugust 4, 2017\n\nDOI: 10.1021/acs.chemmater.7b03284\n\n"
           "Chem. Mater. 2017, 29, 9308 - 9319\n\n"
           "Udovic and co-workers obtained LiCB11H12 and LiCB9H10 [29,30]. These materials have "
           "an ionic conductivity as high as 0.03 S cm -1 at 354 K [29]. Others followed [28].\n\n"
           "## 2. RESULTS\n\nWe compute more.\n\n## REFERENCES\n\n" + refs + "\n")
    rows = extracted_rows(tmp_path, doc)
    assert rows and all(r["citations"] == "29" for r in rows if r["value"] == "0.03")
    sections = {s["section"] for s in __import__("json").load(
        open(tmp_path / "out" / "document.json"))["sentences"]}
    assert not any(("2017" in x) or x.startswith("DOI") or x == "Chem" for x in sections)


def test_without_headings_a_sentence_that_cites_nothing_is_the_authors_result(tmp_path):
    from tests.conftest import extracted_rows
    refs = "\n".join(f"{i}. A. Author, J. Chem. {i}, 1 (2010)." for i in range(1, 8))
    body = " ".join(f"Sentence {i} describes the synthesis." for i in range(12))
    doc = ("# Superionic conduction in Na3BH4B12H12\n\nNa3BH4B12H12 is a new "
           "mixed-anion salt. It reaches conductivities of close to 10-3 S cm-1.\n\n"
           "Prof. A. Person\n\n" + body + "\n\n"
           "Amide materials such as Li2(BH4)(NH2) (560 meV) show comparable barriers, however with "
           "lower conductivity. [6,7]\n\n"
           "The Na3BH4B12H12 salt shows an activation energy of 340 meV.\n\n"
           "## References\n\n" + refs + "\n")
    rows = {r["value"]: r for r in extracted_rows(tmp_path, doc)}
    assert rows["0.56"]["citations"] == "6;7"          # literature: the sentence's markers
    assert rows["0.34"]["citations"] == ""             # the authors' own value
    assert rows["0.001"]["material"] == "Na3BH4B12H12"  # the abstract: the paper's own material


def test_a_cell_described_by_role_nouns_is_the_papers_cell(tmp_path) -> None:
    doc = ("# A sulfide all-solid-state battery\n\n## Experimental\n\nAll-solid-state cells were "
           "assembled using a LiNi0.8Co0.1Mn0.1O2 cathode, a Li6PS5Cl separator and a Li-In alloy "
           "anode.\n\n## Results\n\nThe cell delivered an initial discharge capacity of "
           "182 mAh g−1 at 0.1 C.\n")
    [row] = extracted_rows(tmp_path, doc)
    assert (row["cell"], row["material"]) == ("LiIn|Li6PS5Cl|LiNi0.8Co0.1Mn0.1O2", "Li6PS5Cl")


def test_cells_of_a_document_of_several_studies_are_per_section() -> None:
    from pipeline.measurements import _cell_scopes

    def st(i: int, section: str, text: str):
        from pipeline.schema import Sentence
        s = Sentence(id=f"s{i}", section=section, char_start=0, char_end=0, text=text, spans=[],
                     block_id=f"b{i}", kind="paragraph")
        return type("ST", (), {"sentence": s, "text": text})()

    sents = [st(0, "Study A", "The Li|LLZO|LCO cell and the Li|LLZO|LCO cell."),
             st(1, "Study A", "It cycles."), st(2, "Study B", "Capacities were measured.")]
    one = _cell_scopes(sents, "", {}, several=False)
    per = _cell_scopes(sents, "", {}, several=True)
    assert one["s2"][1] == "Li|LLZO|LCO"  # one study: the paper's cell everywhere
    assert per["s1"][1] == "Li|LLZO|LCO" and per["s2"][1] == ""  # another study names none


OXIDATION = """A Small Research Article On Borohydride Stability

INTRODUCTION

LiBH₄ has been studied as a model conductor [1, 2] and was reported to exhibit a high electrochemical stability over 5 V vs Li⁺/Li, [3] which disagrees with the value of 2.0 V predicted by calculations [4].

REFERENCES

1. Smith, A. (2007). Borohydride conductors. *J. Mater. Chem.* 17, 100–110.
2. Jones, C. (2015). Complex hydrides. *J. Power Sources* 280, 20–30.
3. Brown, E. (2010). Voltammetry of LiBH4. *Solid State Ion.* 40, 1–10.
4. Green, F. (2017). Computed windows. *Nano Lett.* 17, 3182–3187.
"""


def test_a_marker_after_the_values_reference_electrode_is_the_values(tmp_path) -> None:
    rows = {r["value_as_written"]: r for r in extracted_rows(tmp_path, OXIDATION)}
    assert rows["5 V"]["property"] == "electrochemical_window"
    assert (rows["5 V"]["citations"], rows["5 V"]["citation_rule"]) == ("3", "attached")


def test_the_own_material_stands_for_a_class_unless_the_clause_names_the_class() -> None:
    from pipeline.measurements import _own_stands_for
    from pipeline.schema import Mention
    from pipeline.subjects import ValueSite

    cls = Mention("s1", -1, -1, "hydroborates", "hydroborates", source_rule="class_subject")
    cited = "Estimations of the stability of hydroborates claim a window beyond 5 V."
    site = ValueSite(cited.index("5 V"), cited.index("5 V") + 3)
    assert not _own_stands_for(cls, "class_subject", cited, site)  # named before the value
    other = "The window reaches 5 V."
    site = ValueSite(other.index("5 V"), other.index("5 V") + 3)
    assert _own_stands_for(cls, "previous_sentence", other, site)  # carried from before
    assert _own_stands_for(None, "none", other, site)
