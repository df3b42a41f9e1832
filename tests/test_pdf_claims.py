"""Claims from the two-column Nature Communications PDF (Canepa et al. 2017), values checked by
reading the paper: "MgY2S4 (~ 360 meV), MgY2Se4 (~ 361 meV), and MgSc2Se4 (~ 375 meV)" and
"(~ 0.01–0.1 mS cm–1 at 298 K)"."""

from __future__ import annotations

import csv

import pytest

from pipeline.extract import extract
from tests.conftest import ROOT

PDF = ROOT / "tests" / "data" / "canepa2017_natcommun_mg-spinel.pdf"


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return extract(PDF, tmp_path_factory.mktemp("pdf") / "canepa")


def rows(path):
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("material, value", [("MgY2S4", 0.36), ("MgY2Se4", 0.361),
                                             ("MgSc2Se4", 0.375)])
def test_migration_barriers(out, material, value):
    claims = rows(out / "measurements.csv")
    assert any(c["property"] == "activation_energy" and c["material_canonical"] == material
               and abs(float(c["value"]) - value) < 1e-9 and c["relation"] == "approx"
               for c in claims), (material, value)


def test_conductivity_range_at_298_k(out):
    claims = rows(out / "measurements.csv")
    hit = [c for c in claims if c["property"] == "ionic_conductivity" and c["relation"] == "range"
           and abs(float(c["value"]) - 1e-5) < 1e-12 and abs(float(c["value_high"]) - 1e-4) < 1e-12]
    assert hit and float(hit[0]["temperature_c"]) == pytest.approx(24.85)


def test_references_numbered_in_order(out):
    refs = rows(out / "references.csv")
    assert [int(r["n"]) for r in refs] == list(range(1, len(refs) + 1)) and len(refs) >= 60
