"""The scorer, with hand-computed numbers (including equal counts for different labels)."""

from __future__ import annotations

import pytest

from pipeline.evaluate import PRF, greedy_match, score_citations, score_measurements


def test_prf_hand_computed():
    p = PRF(tp=2, fp=1, fn=0)
    assert p.precision == pytest.approx(2 / 3)
    assert p.recall == 1.0
    assert p.f1 == pytest.approx(0.8)
    assert PRF().f1 == 0.0


def m(start, prop="ionic_conductivity", value="1e-3", unit="S/cm", mat="LLZO", t="RT", cites="18"):
    return {"char_start": str(start), "char_end": str(start + 5), "property": prop, "value": value,
            "value_high": "", "unit": unit, "material_canonical": mat, "material": mat,
            "material_alt": "", "temperature_c": t, "citations": cites, "conditions": "{}",
            "relation": "eq", "cell": "", "value_as_written": "x"}


def test_equal_counts_for_two_labels_do_not_collapse():
    # two properties with identical counts (2 TP + 1 FP each) must each give precision 2/3
    gold = [m(0), m(10), m(100, "specific_capacity", "150", "mAh/g"),
            m(110, "specific_capacity", "150", "mAh/g")]
    pred = gold + [m(50), m(150, "specific_capacity", "150", "mAh/g")]
    res = score_measurements(gold, pred)
    for prop in ("ionic_conductivity", "specific_capacity"):
        s = res["strict"][prop]
        assert (s["tp"], s["fp"], s["fn"]) == (2, 1, 0)
        assert s["precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert res["strict"]["all"]["precision"] == pytest.approx(4 / 6, abs=1e-4)


def test_strict_vs_lenient():
    gold = [m(0, t="30"), m(10, cites="18")]
    pred = [m(0, t="RT"), m(10, cites="18", value="2e-3")]
    res = score_measurements(gold, pred)
    assert res["lenient"]["all"]["tp"] == 1  # value wrong on the second
    assert res["strict"]["all"]["tp"] == 0   # temperature wrong on the first
    assert res["field_accuracy"]["temperature"] == 0.0
    assert res["field_accuracy"]["citations"] == 1.0


def test_material_alternatives_and_normalisation():
    g = m(0, mat="Ta-LLZO")
    g["material_alt"] = "Li6.75La3Zr1.75Ta0.25O12"
    p = m(0, mat="Li₆.₇₅La₃Zr₁.₇₅Ta₀.₂₅O₁₂")
    assert score_measurements([g], [p])["strict"]["all"]["tp"] == 1
    p2 = m(0, mat="Ta-doped LLZO")
    assert score_measurements([g], [p2])["strict"]["all"]["tp"] == 1


def test_greedy_match_is_one_to_one():
    gold = [{"k": 1}, {"k": 1}]
    pred = [{"k": 1}]
    assert len(greedy_match(gold, pred, [lambda g, p: g["k"] == p["k"]])) == 1


def test_citation_scoring():
    gold = [{"char_start": "0", "char_end": "2", "refs": "18"},
            {"char_start": "10", "char_end": "14", "refs": "51;52"}]
    pred = [{"char_start": "0", "char_end": "2", "refs": "18"},
            {"char_start": "10", "char_end": "14", "refs": "51"},
            {"char_start": "20", "char_end": "22", "refs": "3"}]
    res = score_citations(gold, pred)
    assert (res["strict"]["tp"], res["strict"]["fp"], res["strict"]["fn"]) == (1, 2, 1)
    assert res["lenient"]["tp"] == 2


def test_pdf_gold_is_anchored_by_context_despite_layout_differences():
    from pipeline.evaluate import anchor_by_context, anchor_mentions, anchor_paragraphs
    text = ("Intro text. The ﬁrst paragraph: MgSc₂Se₄ shows ~ 0.1 mS cm⁻¹ at 298 K.\n"
            "Second paragraph about MgSc₂Se₄ and MgY₂Se₄, then MgSc₂Se₄ again.")
    rows = anchor_by_context([{"context": "MgSc2Se4 shows ~ 0.1 mS cm-1 at",
                               "value_as_written": "0.1 mS cm-1"},
                              {"context": "not in the text", "value_as_written": "1 eV"}], text)
    a, b = int(rows[0]["char_start"]), int(rows[0]["char_end"])
    assert text[a:b] == "0.1 mS cm⁻¹"
    assert (rows[1]["char_start"], rows[1]["char_end"]) == ("-1", "-1")
    paras = anchor_paragraphs([{"paragraph_id": "p1", "first_words": "The first paragraph:",
                                "last_words": "at 298 K."},
                               {"paragraph_id": "p2", "first_words": "Second paragraph",
                                "last_words": "again."}], text)
    assert text[int(paras[1]["char_start"]):int(paras[1]["char_end"])].startswith("Second")
    men = anchor_mentions([{"paragraph_id": "p2", "context": "about MgSc2Se4", "text": "MgSc2Se4"},
                           {"paragraph_id": "p2", "context": "then MgSc2Se4", "text": "MgSc2Se4"},
                           {"paragraph_id": "p1", "context": "paragraph: MgSc2Se4", "text": "MgSc2Se4"}],
                          paras, text)
    starts = [int(m["char_start"]) for m in men]
    assert [text[s:s + 8] for s in starts] == ["MgSc₂Se₄"] * 3
    assert starts[0] < starts[1] and starts[2] < int(paras[1]["char_start"])
