"""PDF reader (pipeline/ingest/pdf.py): Markdown-like text from the text layer, offsets into it.

A small PDF generated with reportlab carries known superscript citations, a subscripted formula, a
unit exponent, a running header, page numbers and a numbered reference list; the Nature
Communications paper in tests/data is the real-world case (two columns, 64 references, a figure
of many thousand vector curves). Marker precision/recall is measured against the hand-made gold
``corpus/gold/canepa2017/citations_pdf.csv`` (pages 1-3, read from the PDF).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

import pytest

from pipeline.citations import document_markers
from pipeline.errors import PdfError
from pipeline.ingest import load_document
from pipeline.ingest.pdf import (Char, extract_pages, join_lines, read_pdf, render_subscript,
                                 render_superscript, strip_paths)
from pipeline.markers import find_markers

reportlab = pytest.importorskip("reportlab")

ROOT = Path(__file__).resolve().parent.parent
CANEPA = ROOT / "tests" / "data" / "canepa2017_natcommun_mg-spinel.pdf"
CANEPA_GOLD = ROOT / "corpus" / "gold" / "canepa2017" / "citations_pdf.csv"
HEADER = "J. Test. Batteries 12 (2024) 345–350"


# ------------------------------------------------------------------------------------------------
# a generated PDF with known content


def _line(c, x: float, y: float, parts: list[tuple[str, str]]) -> None:
    """One line of text; parts are ("n" | "sup" | "sub" | "b", text)."""
    t = c.beginText(x, y)
    for kind, s in parts:
        if kind == "sup":
            t.setFont("Times-Roman", 7)
            t.setRise(4)
        elif kind == "sub":
            t.setFont("Times-Roman", 7)
            t.setRise(-2)
        elif kind == "b":
            t.setFont("Times-Bold", 10)
            t.setRise(0)
        else:
            t.setFont("Times-Roman", 10)
            t.setRise(0)
        t.textOut(s)
    c.drawText(t)


def make_pdf(path: Path) -> Path:
    """Two A4 pages: title, heading, two body paragraphs; a three-entry reference list."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    w, h = A4

    def furniture(page: int) -> None:
        c.setFont("Helvetica", 8)
        c.drawString(72, h - 40, HEADER)
        c.drawString(w / 2, 40, str(page))

    furniture(1)
    c.setFont("Helvetica-Bold", 18)
    c.drawString(72, h - 100, "Garnet electrolytes for solid-state batteries")
    _line(c, 72, h - 140, [("b", "Introduction")])
    y = h - 160
    _line(c, 72, y, [("n", "Solid-state batteries promise a higher energy density than cells "
                           "with a liquid electro-")])
    _line(c, 72, y - 12, [("n", "lyte"), ("sup", "1–3"), ("n", ". The garnet Li"), ("sub", "7"),
                          ("n", "La"), ("sub", "3"), ("n", "Zr"), ("sub", "2"), ("n", "O"),
                          ("sub", "12"), ("n", " reaches an ionic conductivity of")])
    _line(c, 72, y - 24, [("n", "1 × 10"), ("sup", "–4"), ("n", " S cm"), ("sup", "–1"),
                          ("n", " at room temperature"), ("sup", "2"), ("n", ".")])
    y -= 48
    _line(c, 86, y, [("n", "Sulfide electrolytes conduct even faster"), ("sup", "1,3"),
                     ("n", " and make all-solid-state Li-")])
    _line(c, 72, y - 12, [("n", "ion cells with a long cycle life possible.")])
    c.showPage()
    furniture(2)
    _line(c, 72, h - 100, [("b", "References")])
    entries = [
        ["1. Smith, A. & Jones, B. Garnet oxides. J. Power Sources 100, 1–10 (2020)."],
        ["2. Brown, C. Sulfide electrolytes. Solid State Ionics 5, 20–30 (2019)."],
        ["3. White, D., Black, E. & Green, F. Lithium garnets as solid electrolytes for",
         "solid-state batteries. Nat. Energy 3, 100–110 (2018)."],
    ]
    y = h - 120
    for entry in entries:
        for k, text in enumerate(entry):
            _line(c, 72 if k == 0 else 84, y, [("n", text)])
            y -= 12
    c.showPage()
    c.save()
    return path


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    return make_pdf(tmp_path_factory.mktemp("pdf") / "generated.pdf")


@pytest.fixture(scope="module")
def generated_doc(generated):
    return load_document(generated)


def test_generated_text_has_unicode_scripts(generated_doc):
    _, text = generated_doc
    assert "Li₇La₃Zr₂O₁₂" in text
    assert "S cm⁻¹" in text
    assert "10⁻⁴" in text
    assert "electrolyte¹⁻³." in text  # hyphenation undone, citation kept on its word
    assert "Li-ion cells" in text  # a real hyphen stays
    assert text.startswith("# Garnet electrolytes for solid-state batteries\n")


def test_generated_citation_markers_exact(generated_doc):
    doc, text = generated_doc
    expected = [("¹⁻³", (1, 2, 3)), ("²", (2,)), ("^{1,3}", (1, 3))]
    assert [(m.raw, m.refs) for m in find_markers(text)] == expected
    markers = document_markers(doc, text)
    assert [(m.raw, tuple(m.refs)) for m in markers] == expected
    for m in markers:
        assert text[m.char_start:m.char_end] == m.raw


def test_generated_furniture_removed_and_references_kept(generated_doc):
    doc, text = generated_doc
    assert "J. Test. Batteries" not in text
    assert not re.search(r"^\d$", text, re.M)  # page numbers
    refs = [b for b in doc.blocks if b.kind == "reference"]
    assert [text[b.char_start:b.char_start + 3] for b in refs] == ["1. ", "2. ", "3. "]
    last = text[refs[2].char_start:refs[2].char_end]
    assert last.endswith("for solid-state batteries. Nat. Energy 3, 100–110 (2018).")


def test_generated_offsets_index_text(generated_doc):
    doc, text = generated_doc
    assert doc.format == "pdf"
    for s in doc.sentences:
        for a, b in s.spans:
            assert 0 <= a < b <= len(text)
        assert s.text == " ".join(text[a:b] for a, b in s.spans)


def make_two_column_pdf(path: Path) -> Path:
    """A full-width title and abstract over two columns of numbered sentences, and a footer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    w, h = A4
    c.setFont("Helvetica-Bold", 16)
    c.drawString(56, h - 80, "Two columns of solid electrolytes")
    _line(c, 56, h - 110, [("n", "Abstract text that runs across the whole width of the page and "
                                 "ends here with a full stop.")])
    for col, x in (("left", 56), ("right", 310)):
        for i in range(12):
            _line(c, x, h - 150 - 12 * i, [("n", f"The {col} column line {i:02d} goes on and")])
        _line(c, x, h - 150 - 12 * 12, [("n", f"the {col} column ends.")])
    c.setFont("Helvetica", 8)
    c.drawString(56, 30, "Two Col. J. 1 (2024) 1")
    c.showPage()
    c.save()
    return path


def test_two_columns_are_read_one_after_the_other(tmp_path):
    doc, text = load_document(make_two_column_pdf(tmp_path / "two.pdf"))
    assert text.startswith("# Two columns of solid electrolytes\n\nAbstract text that runs across")
    left = text.index("The left column line 00")
    assert left < text.index("The left column line 11") < text.index("the left column ends.") \
        < text.index("The right column line 00") < text.index("the right column ends.")
    assert "line 05 goes on and The left column line 06" in text  # one paragraph per column
    assert "Two Col. J." not in text  # a lone small line at the foot: not body text


# ------------------------------------------------------------------------------------------------
# unreadable PDFs


def test_encrypted_pdf_is_refused(tmp_path):
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    path = tmp_path / "locked.pdf"
    c = canvas.Canvas(str(path), encrypt=StandardEncryption("secret", ownerPassword="owner"))
    c.drawString(72, 700, "A locked page.")
    c.showPage()
    c.save()
    with pytest.raises(PdfError, match=r"locked\.pdf: cannot read PDF \(encrypted"):
        load_document(path)


@pytest.mark.parametrize("cut", ["head", "middle"])
def test_truncated_pdf_is_refused(tmp_path, cut):
    data = CANEPA.read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[:1000] if cut == "head" else data[: len(data) // 2] + data[-2000:])
    with pytest.raises(PdfError, match=r"cut\.pdf: cannot read PDF \((truncated|corrupt)"):
        load_document(path)


def test_pdf_without_text_layer_is_refused(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path))
    c.rect(100, 100, 300, 400, fill=1)
    c.showPage()
    c.save()
    with pytest.raises(PdfError, match="no text layer"):
        load_document(path)
    with pytest.raises(PdfError) as err:
        read_pdf(path, path.read_bytes())
    assert "\n" not in str(err.value)


def test_not_a_pdf_is_refused(tmp_path):
    path = tmp_path / "fake.pdf"
    path.write_bytes(b"hello, I am text\n" * 10)
    with pytest.raises(PdfError, match="no %PDF header"):
        load_document(path)


# ------------------------------------------------------------------------------------------------
# pure functions


@pytest.mark.parametrize("run, before, expected", [
    ("1–3", "electrolyte", "¹⁻³"),
    ("1, 2", "LIBs", "^{1,2}"),
    ("–1", "S cm", "⁻¹"),
    ("2+", "Mg", "²⁺"),
    ("2+25, 21", "Mg", "²⁺^{25,21}"),  # a charge, then citations
    ("2–20, 31", "Te", "²⁻^{20,31}"),  # a dash charge after an element symbol
    ("2–5", "LIBs", "²⁻⁵"),  # a range of citations after a word
    ("58[,59", "systems", "^{58,59}"),  # stray bracket printed inside a list
    ("a,b", "Smith", "^{a,b}"),
])
def test_render_superscript(run, before, expected):
    assert render_superscript(run, before) == expected


def test_render_subscript():
    assert render_subscript("12") == "₁₂"
    assert render_subscript("2(1−x)") == "₂₍₁₋ₓ₎"
    assert render_subscript("tet") == "tet"  # no Unicode subscripts for these letters


@pytest.mark.parametrize("a, b, expected", [
    ("the solid electro-", "lyte is", "the solid electrolyte is"),
    ("all Li-", "ion cells", "all Li-ion cells"),
    ("an all-", "solid-state cell", "an all-solid-state cell"),
    ("a Mg-", "battery", "a Mg-battery"),
    ("see Supple-", "mentary Fig. 5", "see Supplementary Fig. 5"),
    ("as V₂O₅^{22,}", "²³. It is", "as V₂O₅^{22,23}. It is"),
    ("site—", "preferred", "site—preferred"),
    ("plain", "words", "plain words"),
])
def test_join_lines(a, b, expected):
    vocab = {"supplementary", "electrolyte"}
    assert join_lines(a, b, vocab) == expected


def test_strip_paths_keeps_text_operators():
    stream = (b"q 1 0 0 1 10 10 cm 0 0 m 5 5 l S Q\n"
              b"BT /F1 9 Tf 72 700 Td (10 20 m is not a path) Tj ET\n"
              b"q\n1 0 0 1 20 20 cm\n0 0 m\n1 1 l\nf*\nQ\n"
              b"0 0 100 100 re W n\n")
    out = strip_paths(stream)
    assert b"(10 20 m is not a path) Tj" in out
    assert b"BT /F1 9 Tf 72 700 Td" in out
    assert b" re" not in out and b" l" not in out and b"cm" not in out


def test_char_make_derives_fields():
    c = Char.make(" ", 0, 1, 10, 9.4646)
    assert c.is_space and c.rsize == 9.5


# ------------------------------------------------------------------------------------------------
# the Nature Communications paper


@pytest.fixture(scope="module")
def canepa():
    return load_document(CANEPA)


def test_canepa_loads(canepa):
    doc, text = canepa
    assert doc.title == "High magnesium mobility in ternary spinel chalcogenides"
    assert len(doc.sentences) > 150
    for s in doc.sentences:
        assert s.text == " ".join(text[a:b] for a, b in s.spans)


def test_canepa_running_headers_removed(canepa):
    doc, text = canepa
    for header in ("NATURE COMMUNICATIONS", "www.nature.com/naturecommunications", "ARTICLE"):
        assert not any(header in s.text for s in doc.sentences), header
    assert "NATURE COMMUNICATIONS" not in text


def test_canepa_reference_list(canepa):
    doc, text = canepa
    refs = [b for b in doc.blocks if b.kind == "reference"]
    assert len(refs) >= 60
    numbers = [int(re.match(r"(\d+)\. ", text[b.char_start:b.char_end]).group(1)) for b in refs]
    assert numbers == list(range(1, len(refs) + 1))
    first = text[refs[0].char_start:refs[0].char_end]
    assert first == ("1. Kamaya, N. et al. A lithium superionic conductor. "
                     "Nat. Mater. 10, 682–686 (2011).")


def test_canepa_first_paragraph_markers(canepa):
    doc, text = canepa
    markers = document_markers(doc, text)
    assert [tuple(m.refs) for m in markers[:8]] == [
        (1, 2), (3, 4), (3, 5, 6), (5, 6), (7, 8), (9,), tuple(range(10, 18)), (14, 18)]
    assert "mS cm⁻¹" in text  # "mS cm–1" with an en dash as minus
    assert "spinel MgX₂Z₄" in text


def test_canepa_columns_and_captions(canepa):
    doc, text = canepa
    kinds = {text[b.char_start:b.char_start + 6]: b.kind for b in doc.blocks if b.kind == "caption"}
    assert set(kinds) == {"Fig. 1", "Fig. 2", "Fig. 3"}
    # the paragraph interrupted by Fig. 1 (page 2 -> page 3) is one block
    para = next(b for b in doc.blocks if text[b.char_start:].startswith("Of the chalcogenides"))
    assert "whereas other sulﬁdes and selenides, such as" in text[para.char_start:para.char_end]
    assert len(para.spans) == 1


def _norm(s: str) -> str:
    """Lower-case letters and digits only (superscripts as digits, ligatures split)."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", s).lower())


def marker_prf(markers, text: str, gold: list[dict]) -> tuple[float, float, int]:
    """Precision and recall of markers against gold rows (refs equal, context before the marker)."""
    used: set[int] = set()
    tp = 0
    for g in gold:
        refs = tuple(int(r) for r in g["refs"].split(";"))
        ctx = _norm(g["context"])
        for i, m in enumerate(markers):
            if i in used or tuple(m.refs) != refs:
                continue
            if ctx in _norm(text[max(0, m.char_start - 150):m.char_start]):
                used.add(i)
                tp += 1
                break
    precision = tp / len(markers) if markers else 0.0
    recall = tp / len(gold) if gold else 0.0
    return precision, recall, tp


def test_canepa_marker_precision_recall_pages_1_to_3(canepa):
    doc, text = canepa
    with CANEPA_GOLD.open(encoding="utf-8", newline="") as fh:
        gold = [r for r in csv.DictReader(fh) if int(r["page"]) <= 3]
    # page 4 starts with "subsequently reacted at 1,200 °C"; everything before it is pages 1-3
    end = text.index("subsequently reacted at 1,200")
    markers = [m for m in document_markers(doc, text) if m.char_start < end]
    precision, recall, tp = marker_prf(markers, text, gold)
    print(f"\nPDF marker gold, pages 1-3: gold={len(gold)} predicted={len(markers)} matched={tp} "
          f"P={precision:.3f} R={recall:.3f}")
    assert precision >= 0.9 and recall >= 0.9


def test_stripping_paths_changes_no_character():
    """Page 3 (images + vector figure) read with and without path stripping: same characters."""
    data = CANEPA.read_bytes()
    stripped = extract_pages(CANEPA, data, strip_min_bytes=0, pages=[1, 2, 3])
    plain = extract_pages(CANEPA, data, strip_min_bytes=10 ** 12, pages=[1, 2, 3])
    for a, b in zip(stripped, plain):
        if a.number in (1, 2, 3):
            assert a.chars == b.chars
