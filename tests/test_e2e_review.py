"""End to end: the real pipeline on the real review, scored against the hand-annotated gold.

Expected answers are derived from the gold files (read by people from the source), never from the
pipeline's own output.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest

from pipeline import queries
from pipeline.evaluate import evaluate
from pipeline.extract import extract
from pipeline.graph import from_json
from tests.conftest import GOLD, REVIEW


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    return extract(REVIEW, tmp_path_factory.mktemp("e2e") / "xia2019_chem")


@pytest.fixture(scope="module")
def scores(out: Path) -> dict:
    return evaluate(GOLD, out)


def rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_all_output_files_written(out: Path):
    for name in ("document.json", "text.txt", "references.csv", "citations.csv", "mentions.csv",
                 "measurements.csv", "graph.json", "graph.graphml"):
        assert (out / name).stat().st_size > 0, name
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]


def test_references_numbered_and_fields_accurate(out: Path, scores: dict):
    refs = rows(out / "references.csv")
    assert [int(r["n"]) for r in refs] == list(range(1, 151))
    for field, acc in scores["references"]["field_accuracy"].items():
        assert acc >= 0.99, field


def test_citation_markers_precision_recall(scores: dict):
    strict = scores["citations"]["strict"]
    assert strict["precision"] >= 0.99 and strict["recall"] >= 0.99


def test_every_reference_cited_and_counted(out: Path):
    check = json.loads((out / "citation_check.json").read_text())
    assert check["missing"] == []
    refs = rows(out / "references.csv")
    assert sum(int(r["times_cited"]) for r in refs) >= 237


def test_mentions_against_sample(scores: dict):
    lenient = scores["mentions"]["lenient"]
    assert lenient["precision"] >= 0.9 and lenient["recall"] >= 0.9


def test_measurements_against_gold(scores: dict):
    m = scores["measurements"]
    assert m["lenient"]["all"]["f1"] >= 0.9
    assert m["lenient"]["conductivity_activation"]["f1"] >= 0.95
    assert m["strict"]["conductivity_activation"]["f1"] >= 0.9
    assert m["strict"]["cell_metrics"]["f1"] >= 0.9
    assert m["field_accuracy"]["temperature"] >= 0.95
    assert m["field_accuracy"]["citations"] >= 0.9
    assert scores["quantity_spans"]["recall"] >= 0.95


def test_claims_have_source_spans_and_no_duplicates(out: Path):
    text = (out / "text.txt").read_text(encoding="utf-8")
    seen = set()
    for r in rows(out / "measurements.csv"):
        a, b = int(r["char_start"]), int(r["char_end"])
        assert 0 <= a < b <= len(text)
        key = (a, b, r["property"], r["material_canonical"] if r["material_rule"] == "shared_value" else "")
        assert key not in seen
        seen.add(key)


def test_no_english_word_is_a_material(out: Path):
    for r in rows(out / "mentions.csv"):
        assert r["text"] not in {"In", "As", "I", "Be", "No", "At"}, r


def test_graph_round_trip(out: Path):
    g = from_json((out / "graph.json").read_text(encoding="utf-8"))
    g2 = from_json(json.dumps(nx.node_link_data(g, edges="edges")))
    assert dict(g.nodes(data=True)) == dict(g2.nodes(data=True))
    assert sorted(g.edges(keys=True, data="kind")) == sorted(g2.edges(keys=True, data="kind"))
    assert nx.read_graphml(out / "graph.graphml").number_of_nodes() == g.number_of_nodes()


def _overlap(gold_row: dict, claim_row: dict) -> bool:
    return (int(gold_row["char_start"]) < int(claim_row["char_end"])
            and int(claim_row["char_start"]) < int(gold_row["char_end"]))


def test_trace_19_lists_the_gold_claims_citing_19(out: Path):
    gold = [r for r in rows(GOLD / "measurements.csv") if "19" in r["citations"].split(";")]
    assert gold, "the gold has claims supported by reference 19"
    result = queries.trace(queries.load(out), 19)
    found = [r for r in result.rows if r["what"] == "claim"]
    hits = sum(1 for g in gold if any(_overlap(g, r) for r in found))
    assert hits >= 0.8 * len(gold)
    assert "Kamaya" in result.notes[0]


def test_garnet_conductivity_query_agrees_with_gold(out: Path):
    gold = [r for r in rows(GOLD / "measurements.csv") if r["property"] == "ionic_conductivity"
            and "LLZO" in (r["material_canonical"] + r["material_alt"]).upper()]
    result = queries.claims(queries.load(out), material="garnet", prop="ionic_conductivity")
    hits = sum(1 for g in gold if any(_overlap(g, r) for r in result.rows))
    assert gold and hits >= 0.7 * len(gold)
    assert all(r["property"] == "ionic_conductivity" for r in result.rows)
