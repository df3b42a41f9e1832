"""Every sentence points back to the exact characters of the source."""

from __future__ import annotations

import re

import pytest

from pipeline.ingest import load_document
from tests.conftest import EXTRA_MD_LOCAL, REVIEW


@pytest.fixture(scope="module", params=[REVIEW, EXTRA_MD_LOCAL], ids=["review", "sun2022"])
def loaded(request):
    return load_document(request.param)


def test_every_sentence_is_its_source_slice(loaded):
    doc, text = loaded
    assert doc.sentences
    for s in doc.sentences:
        assert s.char_start == s.spans[0][0] and s.char_end == s.spans[-1][1]
        assert " ".join(text[a:b] for a, b in s.spans) == s.text
        if len(s.spans) == 1:
            assert text[s.char_start:s.char_end] == s.text


def test_sentence_pieces_are_ordered_and_disjoint(loaded):
    doc, _ = loaded
    for s in doc.sentences:
        for (a, b), (c, d) in zip(s.spans, s.spans[1:]):
            assert a < b <= c < d


def test_review_body_has_no_furniture(loaded):
    doc, _ = loaded
    body = [s for s in doc.sentences if s.kind in ("paragraph", "list_item")]
    for s in body:
        assert "School of Physical Science" not in s.text
        assert "doi.org/10.1016/j.chempr" not in s.text
        assert not re.match(r"(?:Figure|Fig\.) S?\d+\. ", s.text)
        assert "SCIENCE ADVANCES |" not in s.text
        assert "Copyright ©" not in s.text


def _sentence_containing(doc, needle):
    hits = [s for s in doc.sentences if needle in s.text]
    assert hits, needle
    return hits[0]


@pytest.mark.parametrize("head, tail, inserted", [
    ("has a significant influence on the overall performance of", "the electrolyte.", "affiliation"),
    ("in amorphous phase above", "the glass transition temperature (T_g)", "caption"),
    ("The Li|LFP cells", "delivered a high specific capacity of 150, 106, and 50", "caption"),
    ("Introducing an", "interface layer that could conformally contact", None),
])
def test_review_interrupted_sentences_are_whole(head, tail, inserted):
    doc, text = load_document(REVIEW)
    s = _sentence_containing(doc, head)
    assert tail in s.text
    assert len(s.spans) == 2
    gap = (s.spans[0][1], s.spans[1][0])
    kinds = {b.kind for b in doc.blocks if gap[0] <= b.char_start < gap[1]}
    if inserted:
        assert inserted in kinds
        assert not any(b.kind == inserted and b.char_start >= s.spans[0][0] and
                       b.char_end <= s.spans[0][1] for b in doc.blocks)
    else:
        assert not text[gap[0]:gap[1]].strip()


def test_review_front_matter_kept_apart():
    doc, _ = load_document(REVIEW)
    kinds = {b.kind for b in doc.blocks}
    assert {"title", "authors", "abstract", "box", "affiliation", "caption", "table_row",
            "reference"} <= kinds
    assert doc.title.startswith("Practical Challenges")
    headings = [(s.heading, s.level) for s in doc.sections]
    assert ("INTRODUCTION", 1) in headings
    assert any(h == "Oxides" for h, _ in headings)  # run-in heading
    assert any(h == "Solid Polymer Electrolytes" for h, _ in headings)
    table = [b for b in doc.blocks if b.kind == "table_row"]
    assert len(table) == 14


def test_extra_markdown_structure(extra_md_path):
    doc, _ = load_document(extra_md_path)
    assert doc.title.startswith("Eliminating interfacial O-involving degradation")
    heads = [s.heading for s in doc.sections]
    assert "INTRODUCTION" in heads and "RESULTS" in heads
    refs = [b for b in doc.blocks if b.kind == "reference"]
    assert len(refs) >= 48
