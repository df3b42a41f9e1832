"""The graph and its queries on a small hand-made document, with exact expected answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import queries
from pipeline.extract import extract
from pipeline.graph import EDGE_KINDS, NODE_KINDS, from_json

DOC = """A Small Test Paper About Garnet And Sulfide Electrolytes

INTRODUCTION

Murugan et al.¹ reported that Li₇La₃Zr₂O₁₂ (LLZO) shows an ionic conductivity of 3 × 10⁻⁴ S cm⁻¹ at 25 °C. Kamaya et al.² reported LGPS with an ionic conductivity of 1.2 × 10⁻² S cm⁻¹ at RT. Generally, PEO shows an ionic conductivity of 10⁻⁵ S cm⁻¹ at RT.

REFERENCES

1. Murugan, R., Thangadurai, V., and Weppner, W. (2007). Fast lithium ion conduction in garnet-type Li7La3Zr2O12. *Angew. Chem. Int. Ed.* 46, 7778–7781.
2. Kamaya, N., Homma, K., and Kanno, R. (2011). A lithium superionic conductor. *Nat. Mater.* 10, 682–686.
"""


@pytest.fixture(scope="module")
def kg(tmp_path_factory):
    src = tmp_path_factory.mktemp("small") / "small.md"
    src.write_text(DOC, encoding="utf-8")
    out = extract(src, src.parent / "out")
    return queries.load(out), out


def test_node_and_edge_vocabulary(kg):
    g = from_json((kg[1] / "graph.json").read_text(encoding="utf-8"))
    assert {a["kind"] for _, a in g.nodes(data=True)} <= set(NODE_KINDS)
    assert {k for _, _, k in g.edges(data="kind")} <= set(EDGE_KINDS)
    assert "reference:small:1" in g and "author:Murugan" in g


def test_trace_each_reference(kg):
    one = queries.trace(kg[0], 1)
    claims = [r for r in one.rows if r["what"] == "claim"]
    assert [(r["material"], r["value"]) for r in claims] == [("LLZO", 0.0003)]
    assert "Murugan" in one.notes[0]
    two = [r for r in queries.trace(kg[0], 2).rows if r["what"] == "claim"]
    assert [(r["material"], r["value"], r["temperature_c"]) for r in two] == [("LGPS", 0.012, "RT")]


def test_uncited_and_material_queries(kg):
    uncited = queries.claims(kg[0], uncited=True).rows
    assert [(r["material"], r["value"]) for r in uncited] == [("PEO", 1e-05)]
    garnet = queries.claims(kg[0], material="garnet", prop="ionic_conductivity").rows
    assert [r["material"] for r in garnet] == ["LLZO"]
    high = queries.claims(kg[0], prop="ionic_conductivity", min_value=1e-3).rows
    assert [r["material"] for r in high] == ["LGPS"]
    assert [r["years"] for r in queries.claims(kg[0], material="LLZO").rows] == ["2007"]


def test_trace_unknown_reference_is_an_error(kg):
    from pipeline.errors import LitmineError

    with pytest.raises(LitmineError):
        queries.trace(kg[0], 99)


CREDIT_DOC = """A Small Test Paper With A Reused Figure

INTRODUCTION

Murugan et al.¹ reported that Li₇La₃Zr₂O₁₂ (LLZO) shows an ionic conductivity of 3 × 10⁻⁴ S cm⁻¹ at 25 °C. Kamaya et al.² reported LGPS.

Figure 1. Conductivity of garnets.

Reprinted with permission from Murugan et al.¹ Copyright 2007 Wiley.

Figure 2. Structure of an argyrodite.

Reprinted with permission from Deiseroth et al.³ Copyright 2008 Wiley.

REFERENCES

1. Murugan, R., Thangadurai, V., and Weppner, W. (2007). Fast lithium ion conduction in garnet-type Li7La3Zr2O12. *Angew. Chem. Int. Ed.* 46, 7778–7781.
2. Kamaya, N., Homma, K., and Kanno, R. (2011). A lithium superionic conductor. *Nat. Mater.* 10, 682–686.
3. Deiseroth, H.-J., Kong, S.-T., and Eckert, H. (2008). Li6PS5X: a class of crystalline Li-rich solids. *Angew. Chem. Int. Ed.* 47, 755–758.
"""


def test_references_cited_only_in_figure_credits(tmp_path):
    src = tmp_path / "credit.md"
    src.write_text(CREDIT_DOC, encoding="utf-8")
    out = extract(src, tmp_path / "out")
    rows = queries.credit_only(queries.load(out)).rows
    assert [(r["n"], r["first_author"], r["credits"]) for r in rows] == [(3, "Deiseroth", 1)]
