"""The output-safety rule (pipeline/outdir.py): litmine never removes or overwrites a file it did
not write, refuses an output folder that is or holds an input, and replaces only its own output."""

from __future__ import annotations

import csv
import json
import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app

GOOD = "# A paper\n\nLLZO shows an ionic conductivity of 3 × 10⁻⁴ S cm⁻¹ at RT.\n"
runner = CliRunner()


def _extract(*args: str):
    return runner.invoke(app, ["extract", *args])


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def _one_line(res, words: str, code: int = 4) -> None:
    assert res.exit_code == code, res.stderr
    err = res.stderr.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("litmine: error:") and words in err[0], err


@pytest.fixture()
def proj(tmp_path: Path) -> Path:
    p = tmp_path / "proj"
    p.mkdir()
    (p / "paper.md").write_text(GOOD, encoding="utf-8")
    (p / "notes.txt").write_text("my notes", encoding="utf-8")
    return p


def test_outdir_holding_the_input_is_refused_and_nothing_changes(proj: Path):
    before = _tree(proj)
    _one_line(_extract(str(proj / "paper.md"), "-o", str(proj)), "contains the input")
    assert _tree(proj) == before and sorted(os.listdir(proj)) == ["notes.txt", "paper.md"]


def test_outdir_that_is_the_input_file_is_refused(proj: Path):
    _one_line(_extract(str(proj / "paper.md"), "-o", str(proj / "paper.md")), "is the input")
    assert (proj / "paper.md").read_text(encoding="utf-8") == GOOD


def test_outdir_that_is_another_file_is_refused(proj: Path):
    _one_line(_extract(str(proj / "paper.md"), "-o", str(proj / "notes.txt")), "not a folder")
    assert (proj / "notes.txt").read_text(encoding="utf-8") == "my notes"


def test_current_folder_is_refused(proj: Path, tmp_path: Path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    _one_line(_extract(str(proj / "paper.md"), "-o", "."), "current folder")
    assert os.listdir(work) == []


def test_folder_with_foreign_files_is_refused(proj: Path, tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "text.txt").write_text("not litmine's", encoding="utf-8")
    _one_line(_extract(str(proj / "paper.md"), "-o", str(out)), "did not write (text.txt)")
    assert (out / "text.txt").read_text(encoding="utf-8") == "not litmine's"


def test_rerun_replaces_own_output_and_writes_a_marker(proj: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert _extract(str(proj / "paper.md"), "-o", str(out)).exit_code == 0
    marker = json.loads((out / "litmine.json").read_text(encoding="utf-8"))
    assert "measurements.csv" in marker["files"] and marker["kind"] == "document"
    (out / "pictures.html").write_text("<html></html>", encoding="utf-8")  # litmine picture's
    (proj / "paper.md").write_text(GOOD.replace("LLZO", "LATP"), encoding="utf-8")
    assert _extract(str(proj / "paper.md"), "-o", str(out)).exit_code == 0
    assert "LATP" in (out / "measurements.csv").read_text(encoding="utf-8")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_rerun_keeps_a_folder_where_the_user_added_or_changed_a_file(proj: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert _extract(str(proj / "paper.md"), "-o", str(out)).exit_code == 0
    (out / "mine.txt").write_text("keep", encoding="utf-8")
    _one_line(_extract(str(proj / "paper.md"), "-o", str(out)), "mine.txt")
    (out / "mine.txt").unlink()
    (out / "measurements.csv").write_text("edited by hand", encoding="utf-8")
    _one_line(_extract(str(proj / "paper.md"), "-o", str(out)), "measurements.csv")
    assert (out / "measurements.csv").read_text(encoding="utf-8") == "edited by hand"


def test_an_empty_existing_folder_is_used(proj: Path, tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    assert _extract(str(proj / "paper.md"), "-o", str(out)).exit_code == 0
    assert (out / "litmine.json").exists()


def test_failed_run_creates_no_parents(tmp_path: Path):
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"")
    res = _extract(str(bad), "-o", str(tmp_path / "a" / "b" / "out"))
    assert res.exit_code == 2
    assert sorted(os.listdir(tmp_path)) == ["bad.md"]


def test_output_folder_gets_ordinary_permissions(proj: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert _extract(str(proj / "paper.md"), "-o", str(out)).exit_code == 0
    mask = os.umask(0o022)
    os.umask(mask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o777 & ~mask


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_outdir_is_refused_and_leaves_nothing(proj: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert _extract(str(proj / "paper.md"), "-o", str(out)).exit_code == 0
    out.chmod(0o555)
    try:
        _one_line(_extract(str(proj / "paper.md"), "-o", str(out)), "not writable")
        assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "proj"]
    finally:
        out.chmod(0o755)


def test_unwritable_parent_is_one_line(proj: Path, tmp_path: Path):
    # a parent that is a file cannot hold folders, for root too
    _one_line(_extract(str(proj / "paper.md"), "-o", str(proj / "notes.txt" / "out")),
              "cannot create the output folder")
    assert (proj / "notes.txt").read_text(encoding="utf-8") == "my notes"


def test_folder_run_into_its_input_folder_is_refused(tmp_path: Path):
    papers = tmp_path / "papers"
    (papers / "data").mkdir(parents=True)
    (papers / "data" / "raw.csv").write_text("1,2\n", encoding="utf-8")
    (papers / "p.md").write_text(GOOD, encoding="utf-8")
    before = _tree(papers)
    _one_line(_extract(str(papers), "-o", str(papers)), "is the input folder")
    _one_line(_extract(str(papers), "-o", str(tmp_path)), "contains the input folder")
    assert _tree(papers) == before


def test_folder_run_into_a_foreign_folder_is_refused(tmp_path: Path):
    papers = tmp_path / "papers"
    papers.mkdir()
    (papers / "p.md").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "run_summary.csv").write_text("mine", encoding="utf-8")
    _one_line(_extract(str(papers), "-o", str(out)), "not a litmine corpus folder")
    assert (out / "run_summary.csv").read_text(encoding="utf-8") == "mine"


def test_folder_rerun_replaces_its_own_output(tmp_path: Path):
    papers = tmp_path / "papers"
    papers.mkdir()
    (papers / "p.md").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    assert _extract(str(papers), "-o", str(out)).exit_code == 0
    (out / "notes.txt").write_text("kept", encoding="utf-8")  # beside the documents: left alone
    assert _extract(str(papers), "-o", str(out)).exit_code == 0
    assert (out / "notes.txt").read_text(encoding="utf-8") == "kept"
    with (out / "run_summary.csv").open(encoding="utf-8") as fh:
        assert [r["status"] for r in csv.DictReader(fh)] == ["ok"]


def test_picture_never_overwrites_a_file_it_did_not_write(proj: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert _extract(str(proj / "paper.md"), "-o", str(out)).exit_code == 0
    _one_line(runner.invoke(app, ["picture", "--in", str(out), "-o", str(proj / "notes.txt")]),
              "not written by litmine")
    assert (proj / "notes.txt").read_text(encoding="utf-8") == "my notes"
    page = tmp_path / "page.html"
    for _ in range(2):  # its own page is replaced
        assert runner.invoke(app, ["picture", "--in", str(out), "-o", str(page)]).exit_code == 0
    assert runner.invoke(app, ["picture", "--in", str(out)]).exit_code == 0
    assert _extract(str(proj / "paper.md"), "-o", str(out)).exit_code == 0  # pictures.html is its own


def test_evaluate_out_is_checked_like_an_output_folder(proj: Path, tmp_path: Path):
    gold = tmp_path / "gold" / "doc"
    gold.mkdir(parents=True)
    (gold / "measurements.csv").write_text("claim_id,char_start,char_end,property,value,unit\n",
                                           encoding="utf-8")
    pred = tmp_path / "pred" / "doc"
    assert _extract(str(proj / "paper.md"), "-o", str(pred)).exit_code == 0
    _one_line(runner.invoke(app, ["evaluate", "--gold", str(gold), "--pred", str(pred), "--out",
                                  str(proj)]), "not a litmine evaluation folder")
    _one_line(runner.invoke(app, ["evaluate", "--gold", str(gold), "--pred", str(pred), "--out",
                                  str(pred)]), "is the input folder")
    ev = tmp_path / "eval"
    for _ in range(2):
        res = runner.invoke(app, ["evaluate", "--gold", str(gold), "--pred", str(pred), "--out",
                                  str(ev)])
        assert res.exit_code == 0, res.stderr
    assert (ev / "metrics.json").exists() and (ev / "litmine.json").exists()


def test_rerun_through_a_symbolic_link_replaces_the_folder_it_points_to(proj: Path, tmp_path: Path):
    real = tmp_path / "real"
    assert _extract(str(proj / "paper.md"), "-o", str(real)).exit_code == 0
    link = tmp_path / "link"
    link.symlink_to(real)
    assert _extract(str(proj / "paper.md"), "-o", str(link)).exit_code == 0
    assert link.is_symlink() and (real / "litmine.json").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "proj", "real"]


def test_a_folder_of_another_kind_is_not_replaced(proj: Path, tmp_path: Path):
    papers = tmp_path / "papers"
    papers.mkdir()
    (papers / "p.md").write_text(GOOD, encoding="utf-8")
    corpus = tmp_path / "corpus_out"
    assert _extract(str(papers), "-o", str(corpus)).exit_code == 0
    _one_line(_extract(str(proj / "paper.md"), "-o", str(corpus)), "litmine corpus folder")
    _one_line(_extract(str(papers), "-o", str(corpus / "p")), "not a litmine corpus folder")
    out = tmp_path / "out"
    assert _extract(str(proj / "paper.md"), "-o", str(out)).exit_code == 0
    _one_line(runner.invoke(app, ["picture", "--in", str(out), "-o", str(out / "measurements.csv")]),
              "not written by litmine")


def test_a_killed_runs_temporary_folder_is_swept_but_nothing_else(proj: Path, tmp_path: Path):
    import subprocess

    dead = subprocess.Popen(["true"])
    dead.wait()  # a process id that is gone
    stale = tmp_path / ".out.abc123.tmp"
    stale.mkdir()
    (stale / ".litmine-partial").write_text(f"{dead.pid}\n", encoding="utf-8")
    (stale / "text.txt").write_text("partial", encoding="utf-8")
    lookalike = tmp_path / ".out.def456.tmp"  # no litmine partial file: not litmine's
    lookalike.mkdir()
    (lookalike / "keep.txt").write_text("keep", encoding="utf-8")
    assert _extract(str(proj / "paper.md"), "-o", str(tmp_path / "out")).exit_code == 0
    assert not stale.exists() and (lookalike / "keep.txt").exists()
    assert not (tmp_path / "out" / ".litmine-partial").exists()
    marker = json.loads((tmp_path / "out" / "litmine.json").read_text(encoding="utf-8"))
    assert not [n for n in marker["files"] if n.startswith(".")]
