from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REVIEW = ROOT / "corpus" / "xia2019_chem.md"

EXTRA_MD_LOCAL = ROOT / "tests" / "data" / "sun2022_sciadv_li-rich-cathode_docling.md"
GOLD = ROOT / "corpus" / "gold" / "xia2019_chem"


@pytest.fixture(scope="session")
def review_text() -> str:
    return REVIEW.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def extra_md_path() -> Path:
    return EXTRA_MD_LOCAL


def extracted_rows(folder: Path, text: str, table: str = "measurements.csv") -> list[dict]:
    """Run ``litmine extract`` on ``text`` (written as ``folder/doc.md``) and read one table."""
    import csv

    from pipeline.extract import extract

    src = folder / "doc.md"
    src.write_text(text, encoding="utf-8")
    out = extract(src, folder / "out")
    with open(out / table, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))
