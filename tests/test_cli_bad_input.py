"""Bad input: one clear line on stderr, a non-zero exit, and no partial files."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app

runner = CliRunner()


def _run(args: list[str]):
    return runner.invoke(app, args)


@pytest.mark.parametrize("name, content, message", [
    ("empty.md", b"", "empty"),
    ("blank.md", b"   \n\n  \n", "empty"),
    ("junk.md", bytes(range(256)) * 20, "binary"),
    ("latin1.md", "Conductivit\xe9 of LLZO is high.".encode("latin-1"), "not UTF-8"),
    ("nosentences.md", b"# Title\n\n## Heading\n\n| a | b |\n", "no sentences"),
    ("paper.docx", b"PK\x03\x04 fake", "unknown file type"),
])
def test_bad_input_gives_one_line_and_no_output(tmp_path: Path, name, content, message):
    src = tmp_path / name
    src.write_bytes(content)
    out = tmp_path / "out"
    res = _run(["extract", str(src), "-o", str(out)])
    assert res.exit_code != 0
    err = res.stderr.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("litmine: error:") and message in err[0]
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out")]


def test_missing_path(tmp_path: Path):
    res = _run(["extract", str(tmp_path / "nope.md"), "-o", str(tmp_path / "o")])
    assert res.exit_code != 0 and "no such file" in res.stderr


def test_existing_output_survives_a_failed_run(tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("previous run")
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"")
    res = _run(["extract", str(bad), "-o", str(out)])
    assert res.exit_code != 0
    assert (out / "keep.txt").read_text() == "previous run"


def test_document_without_reference_list_warns_and_writes_everything(tmp_path: Path):
    src = tmp_path / "norefs.md"
    src.write_text("# A paper\n\nLLZO shows an ionic conductivity of 3 × 10⁻⁴ S cm⁻¹ at RT.\n",
                   encoding="utf-8")
    res = _run(["extract", str(src), "-o", str(tmp_path / "out")])
    assert res.exit_code == 0
    assert "no reference list" in res.stderr
    refs = (tmp_path / "out" / "references.csv").read_text(encoding="utf-8").splitlines()
    assert len(refs) == 1  # the header only
    claims = (tmp_path / "out" / "measurements.csv").read_text(encoding="utf-8").splitlines()
    assert len(claims) == 2 and "LLZO" in claims[1]


def test_reference_list_only_is_an_error(tmp_path: Path):
    src = tmp_path / "refsonly.md"
    src.write_text("# References\n\n1. Smith, A. (2007). Garnet. *J. Mater. Chem.* 17, 100–110.\n",
                   encoding="utf-8")
    res = _run(["extract", str(src), "-o", str(tmp_path / "out")])
    assert res.exit_code == 2 and "no sentences" in res.stderr
    assert not (tmp_path / "out").exists()


def test_huge_single_line_is_cut_into_bounded_sentences(tmp_path: Path):
    src = tmp_path / "huge.md"
    line = "LLZO shows an ionic conductivity of 3 × 10⁻⁴ S cm⁻¹ at RT; " * 1500  # ~90 kB, one line
    src.write_text("# Huge\n\n" + line + "\n", encoding="utf-8")
    res = _run(["extract", str(src), "-o", str(tmp_path / "out")])
    assert res.exit_code == 0
    import json
    doc = json.loads((tmp_path / "out" / "document.json").read_text(encoding="utf-8"))
    assert all(s["char_end"] - s["char_start"] <= 2000 for s in doc["sentences"])
    claims = (tmp_path / "out" / "measurements.csv").read_text(encoding="utf-8").splitlines()
    assert len(claims) - 1 == 1500
