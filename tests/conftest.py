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
