"""Sentence splitting on tricky cases taken from the review and the extra document."""

from __future__ import annotations

import pytest

from pipeline.ingest.sentences import split_sentences

CASES = [
    ("Fenton et al. found that PEO-based complexes were conductive.", 1),
    ("As shown in Fig. 3, the value rose. It then fell.", 2),
    ("The LTN was 0.91 at 25 °C. The conductivity was high.", 2),
    ("It reached 120 mAh g^-1. They found it stable.", 2),
    ("It was measured at RT. [15] Later, Murugan et al. [18] reported LLZO.", 2),
    ("Ionic conductivity was 1.2 × 10^-2 S cm^-1 at RT. LGPS was also studied.", 2),
    ("Salts (e.g. LiTFSI) were used. Polymers followed.", 2),
    ("Salts (i.e., LiTFSI) were used.", 1),
    ("The cell (ca. 5 mg) was tested vs. Li metal.", 1),
    ("This is shown in Figure 1. The next one.", 2),
    ("This is shown (Figure 1). The next one.", 2),
    ("Their work paved the way. [10,11] However, it was slow.", 2),
    ("Sony fabricated LIBs in 1990. [3] In the past two decades, energy densities rose.", 2),
    ("The value is ~250 Wh kg^-1, [4] still not enough.", 1),
    ("Ref. 5 describes it. Ref. 6 does not.", 2),
    ("See Eq. 1 for details.", 1),
    ("They used Li|LLZO|LCO cells. The cells cycled.", 2),
    ("The window reached 5 V. Thus, high-voltage cathodes work.", 2),
    ("Li7La3Zr2O12 (LLZO) is a garnet. LLZO is stable.", 2),
    ("The decomposition voltage is 0.445 V.", 1),
    ("It was 10^-3 S cm^-1. 10^-4 S cm^-1 was the other value.", 2),
    ("Conductivity increased by three orders of magnitude. This is large.", 2),
    ("Zhou and co-workers used PEO. Their cells worked.", 2),
    ("Cui's group first reported it. [110] The NWs were aligned.", 2),
    ("The material showed 94.7% retention after 50 cycles at 0.2 C. Good.", 2),
    ("It has P4/mmm symmetry. It is tetragonal.", 2),
    ("Results were similar to those of J. B. Goodenough. Next sentence.", 2),
    ("This approach (Figure 10D). [103,111] Most recently, it changed.", 2),
    ("wt. % values were low.", 1),
    ("The figure (fig. S10) shows it. Another sentence.", 2),
    ("Why is it so? Because of defects.", 2),
    ("It is remarkable! Indeed.", 2),
    ("The value was 1,600 °C. Sintering followed.", 2),
    ("Values of 10^-7–10^-5 S cm^-1 at RT were reported. [34]", 1),
]


@pytest.mark.parametrize("text, n", CASES)
def test_split_count(text, n):
    spans = split_sentences(text)
    assert len(spans) == n, [text[a:b] for a, b in spans]
    for a, b in spans:
        assert text[a:b] == text[a:b].strip()


def test_citation_stays_with_previous_sentence():
    text = "It was measured at RT. [15] Later it changed."
    spans = split_sentences(text)
    assert text[spans[0][0]:spans[0][1]] == "It was measured at RT. [15]"


def test_run_on_line_is_cut_into_bounded_sentences() -> None:
    from pipeline.ingest.sentences import split_sentences
    text = "LLZO shows 3 x 10^-4 S cm^-1 at RT; " * 30000  # ~1 MB without a full stop
    spans = split_sentences(text)
    assert all(b - a <= 2000 for a, b in spans)
    assert spans[0][0] == 0 and spans[-1][1] == len(text.rstrip())
    assert all(text[b - 1] == ";" for a, b in spans[:-1])  # cut after a "; ", not mid-word



@pytest.mark.parametrize("line, heading", [
    ("Quai Ernest-Ansermet 24", False), ("Heinrich-Buff-Ring 16, 35392 Giessen, Germany", False),
    ("Argonne National Laboratory", False), ("LaJolla, CA 92093, USA", False),
    ("OPEN ACCESS", False), ("Adv", False), ("Prof. R. Černý", False),
    ("Results and Discussion", True), ("Cell Assembly", True), ("Device Characterization", True),
])
def test_address_and_furniture_lines_are_no_headings(line, heading):
    from pipeline.ingest.markdown import looks_like_heading
    assert looks_like_heading(line) is heading


def test_a_figures_rotated_letters_do_not_cut_a_paragraph(tmp_path) -> None:
    from tests.conftest import extracted_rows
    doc = ("# A halide paper\n\n## Results\n\nThe electronic conductivity of LSIC (4.7 × 10⁻¹⁰ "
           "S cm⁻¹) is below the electronic conductivity\n\no\n\n.\n\nS\n\nc\n\nv\n\nof LIC "
           "(5.4 × 10⁻⁹ S cm⁻¹), which stabilises the SE.\n")
    rows = extracted_rows(tmp_path, doc)
    assert {r["property"] for r in rows} == {"electronic_conductivity"} and len(rows) == 2


def test_a_running_head_set_as_a_heading_does_not_end_the_reference_list(tmp_path) -> None:
    from tests.conftest import extracted_rows
    doc = ("# A paper\n\n## Results\n\nLLZO conducts well [1].\n\n## References\n\n"
           "1. Smith, A. (2007). Garnet conductors. J. Mater. Chem. 17, 100-110.\n"
           "2. Steinbrech, R.W. (1992). Toughening mechanisms for ceramic materials. J. Eur.\n\n"
           "## Article\n\nCeram. Soc. 10, 131-142.\n\n"
           "3. Evans, A.G. (1986). Toughening of brittle solids. Acta Metall. 34, 761-800.\n")
    refs = extracted_rows(tmp_path, doc, "references.csv")
    assert [r["n"] for r in refs] == ["1", "2", "3"]
