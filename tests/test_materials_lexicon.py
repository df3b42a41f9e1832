"""The data files of the material recogniser: lexicon schema, duplicates, classes, stop words."""

from __future__ import annotations

import json
import re

import pytest

from pipeline.formulas import class_config, class_names, load_stopwords, parse_formula, patterns
from pipeline.materials import LEXICON_KINDS, MODELS_DIR, load_lexicon

REQUIRED = ["LLZO", "LGPS", "LATP", "LAGP", "LLTO", "LiPON", "LPS", "LPSCl", "PEO", "PAN", "PVDF", "PVDF-HFP",
            "PMMA", "PEC", "PPC", "PEG", "LiTFSI", "LiFSI", "LiClO4", "LiPF6", "LiBF4", "LiAsF6", "LiBOB",
            "LCO", "LFP", "LMO", "NCM", "NCM811", "NCA", "LNMO", "LTO", "Li", "S", "Li2S", "graphite", "SiO2",
            "Al2O3", "TiO2", "BaTiO3", "ZrO2", "Li3N", "Li3PO4", "Li3OCl", "LYC", "Li3InCl6", "SWCNT", "rGO"]


def test_lexicon_lines_follow_the_schema() -> None:
    lines = (MODELS_DIR / "materials.jsonl").read_text(encoding="utf-8").splitlines()
    for line in lines:
        d = json.loads(line)
        assert set(d) == {"name", "aliases", "formula", "material_class", "kind"}, line
        assert isinstance(d["name"], str) and d["name"].strip() == d["name"] and d["name"]
        assert isinstance(d["aliases"], list) and all(isinstance(a, str) and a for a in d["aliases"])
        assert d["material_class"] in class_names(), line
        assert d["kind"] in LEXICON_KINDS, line
        if d["formula"]:
            parts = re.split(r"·|(?<=[A-Za-z\d)])-(?=[A-Z\d])", d["formula"])
            assert all(parse_formula(p) is not None for p in parts), line


def test_no_two_entries_share_a_name_or_alias() -> None:
    seen: dict[str, str] = {}
    for entry in load_lexicon():
        for alias in (entry.name, *entry.aliases):
            key = alias.lower() if (" " in alias or not re.search(r"[A-Z]", alias)) else alias
            assert key not in seen, f"{alias!r} in {entry.name!r} and {seen[key]!r}"
            seen[key] = entry.name


@pytest.mark.parametrize("name", REQUIRED)
def test_required_materials_present(name: str) -> None:
    assert name in {e.name for e in load_lexicon()}


def test_classes_yaml() -> None:
    names = class_names()
    assert len(names) == len(set(names))
    for required in ("garnet", "perovskite", "anti-perovskite", "NASICON", "LISICON", "thio-LISICON",
                     "sulfide", "argyrodite", "halide", "LiPON", "polymer", "salt", "composite", "cathode",
                     "anode", "filler", "other"):
        assert required in names
    keys = {"all", "any", "none", "only", "at_least", "counts", "min", "ratio", "more", "min_elements"}
    for cls in class_config()["classes"]:
        for rule in cls.get("composition") or ():
            assert set(rule) <= keys, cls["name"]
    comb = class_config()["combination"]
    assert {comb["polymer_salt"], comb["polymer_inorganic"], comb["default"]} <= set(names)


def test_stopwords_are_english_words_not_materials() -> None:
    words = load_stopwords()
    assert {"In", "As", "I", "Be", "No", "At", "He"} <= words
    assert not {"Li", "S", "Co", "Ge"} & words


def test_patterns_compile() -> None:
    p = patterns()
    for key in ("connectors", "phase_prefix", "polymer_name", "list_glue", "list_item_end", "ion_suffix",
                "label_before"):
        re.compile(p[key])
    for key, value in p["tokenizer"].items():
        re.compile(value)
