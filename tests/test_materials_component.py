"""The ``litmine_materials`` spaCy component on a blank pipeline (no statistical model)."""

from __future__ import annotations

import spacy

from pipeline.materials import MaterialInfo
from pipeline.nlp import register_extensions
from pipeline.tokenizer import make_tokenizer


def _nlp() -> spacy.language.Language:
    register_extensions()
    nlp = spacy.blank("en")
    nlp.tokenizer = make_tokenizer(nlp)
    nlp.add_pipe("litmine_materials")
    return nlp


def test_component_stores_spans_with_material_info() -> None:
    doc = _nlp()("Zhang et al. [24] reported PVDF/Ta-LLZO CPEs with LiTFSI and Li0.33La0.557TiO3 (LLTO).")
    spans = doc.spans["materials"]
    assert [s.text for s in spans] == ["PVDF/Ta-LLZO", "LiTFSI", "Li0.33La0.557TiO3", "LLTO"]
    info = spans[0]._.material
    assert isinstance(info, MaterialInfo) and info.material_class == "composite"
    assert spans[2]._.material.canonical == "LLTO"


def test_component_reads_document_abbreviations() -> None:
    nlp = _nlp()
    doc = nlp.make_doc("LICF provides ionic pathways and SEs separate.")
    doc._.abbreviations = {"LICF": "Li3InCl4.8F1.2", "SEs": "solid electrolytes"}
    doc = nlp(doc)
    assert [(s.text, s._.material.material_class) for s in doc.spans["materials"]] == [("LICF", "halide")]


def test_mentions_inside_one_token_expand_to_it() -> None:
    doc = _nlp()("fabricated Li|LLZO|LCO cells and Al-doped LLZO.")
    spans = doc.spans["materials"]
    assert [s.text for s in spans] == ["Li|LLZO|LCO", "Al-doped LLZO"]
    assert spans[0]._.material.canonical == "Li"


def test_factory_declares_requires_and_assigns() -> None:
    meta = spacy.blank("en").get_factory_meta("litmine_materials")
    assert meta.requires == ["doc.text"] and meta.assigns == ["doc.spans"]
    assert meta.default_config == {"spans_key": "materials"}
