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
