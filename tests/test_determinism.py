"""Two runs on the same input give byte-identical outputs (stable ids, sorted rows, no timestamps)."""

from __future__ import annotations

from pathlib import Path

from pipeline.extract import extract
from tests.conftest import EXTRA_MD_LOCAL


def test_two_runs_are_byte_identical(tmp_path: Path):
    a = extract(EXTRA_MD_LOCAL, tmp_path / "a")
    b = extract(EXTRA_MD_LOCAL, tmp_path / "b")
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(p.name for p in b.iterdir())
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_two_runs_on_a_pdf_are_byte_identical(tmp_path: Path):
    pdf = Path(__file__).resolve().parent / "data" / "canepa2017_natcommun_mg-spinel.pdf"
    a = extract(pdf, tmp_path / "a")
    b = extract(pdf, tmp_path / "b")
    names = sorted(p.name for p in a.iterdir())
    assert "measurements.csv" in names and names == sorted(p.name for p in b.iterdir())
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
