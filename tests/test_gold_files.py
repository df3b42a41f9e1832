"""Gold files are consistent with the source they annotate (offsets and quoted text agree)."""

from __future__ import annotations

import csv
import json

import pytest

from tests.conftest import GOLD, REVIEW

SOURCE = REVIEW.read_text(encoding="utf-8")


def rows(name: str) -> list[dict]:
    path = GOLD / name
    if not path.exists():
        pytest.skip(f"{name} not annotated")
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("name, column", [
    ("citations.csv", "raw"), ("mentions.csv", "text"), ("measurements.csv", "value_as_written"),
    ("annotator_a/measurements.csv", "value_as_written"),
    ("annotator_b/measurements.csv", "value_as_written"),
])
def test_gold_spans_match_source(name, column):
    for r in rows(name):
        assert SOURCE[int(r["char_start"]):int(r["char_end"])] == r[column], r


def test_gold_references_numbered_1_to_n():
    refs = rows("references.csv")
    assert [int(r["n"]) for r in refs] == list(range(1, len(refs) + 1))
    assert len(refs) == 150
    for r in refs:
        assert r["authors"].split(";")[0] == r["first_author"]


def test_gold_measurements_well_formed():
    for name in ("measurements.csv", "annotator_a/measurements.csv", "annotator_b/measurements.csv"):
        for r in rows(name):
            json.loads(r["conditions"] or "{}")
            float(r["value"])
            assert r["relation"] in {"eq", "approx", "gt", "lt", "ge", "le", "range"}
            assert r["source"] in {"text", "caption", "table"}


def test_sun2022_gold_spans_match_source():
    root = GOLD.parent / "sun2022_sciadv"
    source = (GOLD.parent.parent / "sun2022_sciadv.md").read_text(encoding="utf-8")
    for name, column in (("measurements.csv", "value_as_written"),
                         ("heldout_mentions.csv", "text")):
        with (root / name).open(encoding="utf-8", newline="") as fh:
            got = list(csv.DictReader(fh))
        assert got
        for r in got:
            assert source[int(r["char_start"]):int(r["char_end"])] == r[column], r
            if name == "measurements.csv":
                json.loads(r["conditions"] or "{}")
                float(r["value"])
                assert r["relation"] in {"eq", "approx", "gt", "lt", "ge", "le", "range"}
