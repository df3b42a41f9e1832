"""PDF reader on generated layouts of other publishers (tests/pdf_layouts.py): each reads exactly.

An ACS-style article (full-width abstract, two columns whose right column stands a superscript's
rise lower than the left one, ``■`` headings, a two-column reference list across columns and
pages) in every major reference style under the usual headings or none; symbol fonts without a
ToUnicode map; a figure of many thousand vector paths.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.ingest import load_document
from pipeline.ingest.pdf import (Line, entry_number, glyph_text, heading_text,
                                 headless_reference_start, plain_entry_number)
from tests.pdf_layouts import (acs_article, elsevier_first_page, figure_page_pdf,
                                numbered_sections_pdf, one_line_paragraphs_pdf, short_last_page_pdf,
                                strained_article_pdf, symbol_font_pdf, wide_figure_pdf)

pytest.importorskip("reportlab")


@pytest.fixture(scope="module")
def acs(tmp_path_factory):
    art = acs_article(tmp_path_factory.mktemp("acs") / "acs.pdf")
    doc, text = load_document(art.path)
    return art, doc, text


def test_acs_exponents_next_to_the_other_column_are_kept(acs):
    _, _, text = acs
    assert "conductivity (>10⁻³ S cm⁻¹ at room temperature) and" in text
    assert "10 S cm at" not in text


def test_acs_abstract_and_paragraphs_read_exactly_in_order(acs):
    art, _, text = acs
    assert text.startswith(f"# {art.title}\n")
    assert "\n\n" + art.abstract + "\n\n" in text
    pos = [text.find("\n\n" + p + "\n\n") for p in art.paragraphs]
    assert -1 not in pos, [p for p, i in zip(art.paragraphs, pos) if i < 0]
    assert pos == sorted(pos)


def test_acs_headings_lose_their_ornament(acs):
    art, _, text = acs
    headings = re.findall(r"^## (.+)$", text, re.M)
    assert [h for h in headings if h in art.headings] == art.headings
    assert "■" not in text


def test_acs_reference_list_one_entry_per_line_across_columns_and_pages(acs):
    art, doc, text = acs
    assert "\n## REFERENCES\n" in text
    lines = text[text.index("\n## REFERENCES\n"):].splitlines()
    entries = [ln for ln in lines if ln.strip() and not ln.startswith("#")]
    assert entries == art.references
    refs = [b for b in doc.blocks if b.kind == "reference"]
    assert len(refs) == len(art.references)


@pytest.mark.parametrize("style, heading, titles", [
    ("nature", "References", True),
    ("elsevier", "REFERENCES", False),
    ("wiley", "Literature Cited", True),
    ("rsc", "Notes and references", False),
    ("acs", "REFERENCES AND NOTES", False),
    ("acs", None, True),
    ("nature", None, False),
])
def test_reference_styles_and_headings(tmp_path, style, heading, titles):
    art = acs_article(tmp_path / "a.pdf", ref_style=style, heading=heading, with_title=titles)
    doc, text = load_document(art.path)
    lines = [ln for ln in text.splitlines() if ln.strip()]
    first = lines.index(art.references[0])
    assert lines[first - 1].startswith("## ")  # the printed heading, or "References" when none
    assert lines[first:first + len(art.references)] == art.references
    assert len([b for b in doc.blocks if b.kind == "reference"]) == len(art.references)
    for p in art.paragraphs:
        assert p in text


def test_symbol_fonts_without_tounicode(tmp_path):
    path, expected = symbol_font_pdf(tmp_path / "sym.pdf")
    _, text = load_document(path)
    assert " ".join(expected) in text
    assert "(cid:" not in text and "\ufffd" not in text


def test_figure_page_keeps_text_and_drops_tick_labels(tmp_path):
    path, paragraphs, caption = figure_page_pdf(tmp_path / "fig.pdf")
    _, text = load_document(path)
    for p in paragraphs:
        assert "\n\n" + p + "\n" in text
    assert caption.split(". ", 1)[1] in text
    assert "T (°C)" not in text and "10-7" not in text


# ------------------------------------------------------------------------------------------------
# pure functions


@pytest.mark.parametrize("font, code, name, expected", [
    ("ABCDEF+AdvP4C4E74", 0, "C0", "−"),
    ("ABCDEF+AdvP4C4E74", 2, "C2", "×"),
    ("AdvPSSym", 15, "C15", "•"),
    ("CMSY10", 6, None, "±"),
    ("CMSY10", 33, None, "→"),
    ("XYZ+CMSY8", 0, "minus", "−"),  # a standard glyph name wins
    ("Times-Roman", 2, "C2", "\ufffd"),  # a coded name in a text font: unknown, never dropped
    ("Times-Roman", 7, None, "\ufffd"),
])
def test_glyph_text(font, code, name, expected):
    assert glyph_text(font, code, name) == expected


@pytest.mark.parametrize("printed, written", [
    ("■ REFERENCES", "REFERENCES"),
    ("References", "References"),
    ("Works Cited", "References"),  # a wording the Markdown reader does not know
    ("REFERENCES CITED", "References"),
    ("■ INTRODUCTION", "INTRODUCTION"),
])
def test_heading_text(printed, written):
    assert heading_text(printed) == written


@pytest.mark.parametrize("text, n", [
    ("(12) Smith, A.", 12), ("12. Smith", 12), ("[12] A. Smith", 12), ("12 A. Smith", 12),
    ("¹² A. Smith", 12), ("12.5 wt% of", None), ("(a) the", None), ("Smith 12", None),
])
def test_entry_number(text, n):
    assert entry_number(text) == n


def test_plain_entry_number():
    assert plain_entry_number("¹² A. Smith, J. Mater. Chem.") == "12 A. Smith, J. Mater. Chem."
    assert plain_entry_number("(3) Lee, C.") == "(3) Lee, C."


def _line(text: str) -> Line:
    return Line(1, "F", 0.0, 100.0, 0.0, 9.0, text)


def test_headless_reference_start():
    body = [_line("1. Synthesis of the powders"), _line("2. Pellets were pressed")]
    refs = [_line(f"{n}. Smith, A. J. Power Sources {n}, 1 (20{10 + n}).") for n in range(1, 7)]
    lines = body + [_line("More text.")] + refs[:3] + [_line("continued entry 2019.")] + refs[3:]
    assert headless_reference_start(lines) == 3
    assert headless_reference_start(body) is None
    assert headless_reference_start([_line("References")] + refs) is None  # the heading does it


def _chars(text: str, x: float, base: float, size: float) -> list:
    from pipeline.ingest.pdf import Char

    out = []
    for ch in text:
        out.append(Char.make(ch, x, x + 0.5 * size, base, size))
        x += 0.5 * size
    return out


def test_exponent_after_a_wide_gap_joins_its_line():
    from pipeline.ingest.pdf import attach_scripts, cluster_rows, line_text

    line = _chars("is 10", 0, 100, 10) + _chars("S cm", 60, 100, 10)
    script = _chars("−3", 36, 96.5, 7)  # 1.1 em right of "10": a justified line's gap
    rows = attach_scripts(cluster_rows(line + script, 0.25))
    assert len(rows) == 1
    assert "⁻³" in line_text(rows[0]).text


@pytest.mark.parametrize("order", ["bands", "columns"])
@pytest.mark.parametrize("caption", [True, False])
def test_wide_figure_in_two_column_text(tmp_path, order, caption):
    path, paragraphs = wide_figure_pdf(tmp_path / "wide.pdf", order, caption)
    _, text = load_document(path)
    for p in paragraphs:  # each paragraph whole: the pieces around the figure in the right order
        assert "\n\n" + p + "\n" in "\n\n" + text
    assert ("Figure 3. Impedance spectra" in text) == caption
    assert "ohm cm" not in text


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 40), st.sampled_from([6.0, 7.0, 9.5, 10.0]),
                          st.sampled_from(["ab", "Cd", "ef", "GH"]), st.integers(-4, 4)),
                min_size=1, max_size=40))
def test_page_lines_lose_no_letter(words):
    """Whatever the layout (columns, scripts, stray small text), every letter reaches a line."""
    from pipeline.ingest.pdf import PageChars, page_lines

    chars = []
    for col, row, size, word, rise in words:
        chars += _chars(word, 40 + col * 8.5, 60 + row * 12 - rise, size)
    kept: list = []
    for c in chars:  # one glyph per place (the reader drops overprinted duplicates on purpose)
        if not any(abs(c.x0 - k.x0) < 2.5 and abs(c.base - k.base) < 2.5 for k in kept):
            kept.append(c)
    chars = kept
    lines = page_lines(PageChars(1, 612, 792, chars), 10.0)
    got = sorted(ch for ln in lines for ch in ln.text if ch.isalpha())
    assert got == sorted(c.text for c in chars)


def test_elsevier_first_page_abstract_beside_keywords(tmp_path):
    path, abstract, body, keywords = elsevier_first_page(tmp_path / "els.pdf")
    _, text = load_document(path)
    assert "\n\n" + abstract + "\n\n" in text  # the keyword column does not cut into it
    for p in body:  # the body paragraph runs on from the left column into the right one
        assert "\n\n" + p + "\n" in text
    assert text.index(abstract) < text.index(body[0])


def test_footnote_at_the_foot_of_a_column_does_not_cut_the_paragraph(tmp_path):
    art = acs_article(tmp_path / "f.pdf", footnote=True)
    _, text = load_document(art.path)
    for p in art.paragraphs:
        assert "\n\n" + p + "\n" in text
    assert "\n\nReceived: March 3, 2024; revised manuscript" in text  # a block of its own


def test_short_last_page_takes_the_gutter_of_the_other_pages(tmp_path):
    path, paragraphs = short_last_page_pdf(tmp_path / "short.pdf")
    _, text = load_document(path)
    assert text.endswith("\n\n" + paragraphs[0] + "\n\n" + paragraphs[1] + "\n")


# -- a layout under strain (found by benchmarks/pdf_roundtrip.py on typeset corpus papers) ------


@pytest.fixture(scope="module")
def strained(tmp_path_factory):
    path, paras, heading, last = strained_article_pdf(tmp_path_factory.mktemp("strain") / "s.pdf")
    _, text = load_document(path)
    return paras, heading, last, text


def test_loose_justified_line_is_prose_not_table_cells(strained):
    """A long formula pushed to the next line stretches the few word spaces of the line before
    it beyond a table's cell gap: still one paragraph, no tab."""
    paras, _, _, text = strained
    assert "\n\n" + paras[1] + "\n\n" in text
    assert "\t" not in text


def test_heading_wrapped_over_two_lines_with_commas_is_one_heading(strained):
    paras, heading, _, text = strained
    assert "\n## " + heading + "\n\n" + paras[2] + "\n" in text


def test_running_head_cut_by_the_gutter_is_furniture_on_a_one_column_last_page(strained):
    """The head is two lines (one per column) on two-column pages and one line with a tab on a
    last page whose small-type references fill only the left column: both are furniture, and the
    references are text, not figure labels."""
    _, _, last, text = strained
    lines = [ln for ln in text.splitlines() if ln.strip()]
    first = lines.index(last[0])
    assert lines[first:first + len(last)] == last
    assert "J. Test. Mater." not in text and "Article" not in text


def test_numbered_bold_section_headings_are_no_headless_reference_list(tmp_path):
    """Five bold headings numbered 1-5, each over a paragraph that names a year, in a paper whose
    reference list the reader does not find: headings and paragraphs, no "## References"."""
    path, heads, paras = numbered_sections_pdf(tmp_path / "n.pdf")
    _, text = load_document(path)
    assert "## References" not in text
    for head, para in zip(heads, paras):
        assert "## " + head + "\n\n" + para + "\n" in text


def test_one_line_paragraph_filling_its_line_ends_before_the_next_indented_one(tmp_path):
    """An indented one-line paragraph that ends with a full stop close to the right edge (too
    close to count as a short line) is followed by an indented line: that opens a new paragraph."""
    path, paras = one_line_paragraphs_pdf(tmp_path / "o.pdf")
    _, text = load_document(path)
    assert text.rstrip("\n").split("\n\n") == paras
