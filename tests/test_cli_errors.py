"""One error path for every command: a known failure is one `litmine: error:` line on stderr and
a non-zero exit, never a traceback (the app is called as the `litmine` script calls it)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from pipeline.cli import app

GOOD = ("# A paper\n\n## Introduction\n\nLLZO shows an ionic conductivity of 3 × 10⁻⁴ S cm⁻¹ at RT "
        "as Smith et al.[1] reported.\n\n## References\n\n"
        "1. Jones, A. (2007). Garnet. *J. Mater. Chem.* 17, 100–110.\n")


def run(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        app(args=list(args))
    out, err = capsys.readouterr()
    return exc.value.code, out, err


def one_line(capsys, code: int, words: str, *args: str) -> str:
    got, _, err = run(capsys, *args)
    lines = err.strip().splitlines()
    errors = [x for x in lines if not x.startswith("litmine: warning:")]
    assert got == code, err
    assert len(errors) == 1 and errors[0].startswith("litmine: error:") and words in errors[0], err
    assert "Traceback" not in err
    return errors[0]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("cli")
    (d / "paper.md").write_text(GOOD, encoding="utf-8")
    from pipeline.extract import extract

    return extract(d / "paper.md", d / "out")


def _copy(extracted: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(extracted, tmp_path / "copy"))


@pytest.mark.parametrize("content", [b"", b'{"nodes": [', bytes(range(256)) * 10,
                                     b'{"nodes": 5, "edges": []}', b"[1, 2]"],
                         ids=["empty", "truncated", "binary", "wrong-shape", "list"])
@pytest.mark.parametrize("command", [["check"], ["trace", "1"], ["query"]])
def test_damaged_graph_json(capsys, extracted, tmp_path, content, command):
    folder = _copy(extracted, tmp_path)
    (folder / "graph.json").write_bytes(content)
    line = one_line(capsys, 3, "graph.json is damaged", *command, "--in", str(folder))
    assert "re-run litmine extract" in line


def test_truncated_measurements_without_graph(capsys, extracted, tmp_path):
    folder = _copy(extracted, tmp_path)
    (folder / "graph.json").unlink()
    text = (folder / "measurements.csv").read_text(encoding="utf-8")
    (folder / "measurements.csv").write_text(text[: len(text) - 40], encoding="utf-8")
    one_line(capsys, 3, "measurements.csv is damaged", "query", "--in", str(folder))


def test_truncated_attributions_is_reported(capsys, extracted, tmp_path):
    folder = _copy(extracted, tmp_path)
    text = (folder / "attributions.csv").read_text(encoding="utf-8")
    assert text.count("\n") >= 2  # the fixture has an attribution row
    (folder / "attributions.csv").write_text(text[: text.index(",mismatch")], encoding="utf-8")
    one_line(capsys, 3, "attributions.csv is damaged", "check", "--in", str(folder))


def test_a_file_cut_at_a_line_end_is_warned_about(capsys, extracted, tmp_path):
    folder = _copy(extracted, tmp_path)
    lines = (folder / "attributions.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (folder / "attributions.csv").write_text("".join(lines[:1]), encoding="utf-8")
    code, _, err = run(capsys, "check", "--in", str(folder), "--format", "csv")
    assert code == 0 and "attributions.csv is missing or changed since litmine wrote it" in err


@pytest.mark.parametrize("args, words", [
    (["query", "--format", "xml"], "'xml' is not one of table, csv, json"),
    (["query", "--min", "nan"], "nan is not a finite number"),
    (["query", "--max", "abc"], "Invalid value for '--max'"),
    (["check", "--nope"], "No such option"),
    (["extract"], "Missing argument"),
    (["extract", "x.md", "--doc-id", "../../etc"], "is not a plain name"),
])
def test_usage_errors_are_one_line(capsys, extracted, args, words):
    one_line(capsys, 2, words, *args, "--in", str(extracted)) if args[0] != "extract" else \
        one_line(capsys, 2, words, *args)


def test_no_outputs_here(capsys, tmp_path):
    one_line(capsys, 3, "no litmine outputs here", "check", "--in", str(tmp_path))


def test_special_files_and_oversize_inputs(capsys, tmp_path):
    one_line(capsys, 2, "not a regular file", "extract", "/dev/zero", "-o", str(tmp_path / "o"))
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    one_line(capsys, 2, "not a regular file", "extract", str(fifo), "-o", str(tmp_path / "o"))
    big = tmp_path / "big.md"
    with big.open("wb") as fh:
        fh.truncate(33 * 1024 * 1024)  # sparse: nothing is written to disk
    one_line(capsys, 2, "file too large (33 MB; the limit for markdown input is 32 MB)",
             "extract", str(big), "-o", str(tmp_path / "o"))
    link = tmp_path / "dangling.md"
    link.symlink_to(tmp_path / "nowhere.md")
    one_line(capsys, 2, "broken symbolic link", "extract", str(link), "-o", str(tmp_path / "o"))
    assert not (tmp_path / "o").exists()


def test_unknown_type_is_refused_before_reading(capsys, tmp_path, monkeypatch):
    doc = tmp_path / "paper.docx"
    doc.write_bytes(b"PK\x03\x04")
    opened = []
    real_open = open
    monkeypatch.setattr("builtins.open", lambda p, *a, **k: opened.append(p) or real_open(p, *a, **k))
    one_line(capsys, 2, "unknown file type .docx", "extract", str(doc), "-o", str(tmp_path / "o"))
    assert str(doc) not in map(str, opened)


def test_utf16_without_bom_is_named(capsys, tmp_path):
    src = tmp_path / "u16.md"
    src.write_bytes(GOOD.encode("utf-16-le"))
    one_line(capsys, 2, "UTF-16 text without a byte-order mark; convert it to UTF-8",
             "extract", str(src), "-o", str(tmp_path / "o"))


def test_output_refusals_go_through_the_same_path(capsys, tmp_path, monkeypatch):
    src = tmp_path / "paper.md"
    src.write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    one_line(capsys, 4, "contains the input", "extract", str(src), "-o", ".")
    one_line(capsys, 4, "is the input", "extract", str(src), "-o", str(src))
    assert src.read_text(encoding="utf-8") == GOOD


def test_unexpected_error_is_one_line(capsys, tmp_path, monkeypatch):
    src = tmp_path / "paper.md"
    src.write_text(GOOD, encoding="utf-8")

    def boom(*a, **k):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("pipeline.extract.run_all", boom)
    monkeypatch.delenv("LITMINE_DEBUG", raising=False)
    one_line(capsys, 70, "internal error (ZeroDivisionError", "extract", str(src), "-o",
             str(tmp_path / "o"))
    assert not (tmp_path / "o").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
