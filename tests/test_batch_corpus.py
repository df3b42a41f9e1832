"""Corpus runs (`litmine extract FOLDER`): one bad file is reported, the others complete."""

from __future__ import annotations

import csv
from pathlib import Path

from typer.testing import CliRunner

from pipeline.cli import app

GOOD = "# A paper\n\nLLZO shows an ionic conductivity of 3 × 10⁻⁴ S cm⁻¹ at RT.\n"


def test_bad_files_are_isolated_and_summarised(tmp_path: Path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a_good.md").write_text(GOOD, encoding="utf-8")
    (src / "b_empty.md").write_bytes(b"")
    (src / "c_junk.md").write_bytes(bytes(range(256)) * 4)
    (src / "d_good.md").write_text(GOOD.replace("LLZO", "LATP"), encoding="utf-8")
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["extract", str(src), "-o", str(out), "--jobs", "2"])
    assert res.exit_code == 1  # some documents failed
    with (out / "run_summary.csv").open(encoding="utf-8") as fh:
        rows = {r["document"]: r for r in csv.DictReader(fh)}
    assert [rows[d]["status"] for d in sorted(rows)] == ["ok", "error", "error", "ok"]
    assert "empty" in rows["b_empty.md"]["error"] and "binary" in rows["c_junk.md"]["error"]
    assert rows["a_good.md"]["claims"] == "1" and rows["d_good.md"]["claims"] == "1"
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["a_good", "corpus", "d_good"]
