"""Folder runs: unchanged papers are not extracted again, a changed or new one is; a plain progress
line per paper when not a terminal; a Dask cluster (LocalCluster, two workers) writes the same
files as the local run."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.batch import extract_folder
from pipeline.cli import app

ONE = "# Paper one\n\nLLZO shows an ionic conductivity of 3 × 10⁻⁴ S cm⁻¹ at RT.\n"
TWO = "# Paper two\n\nLATP shows an ionic conductivity of 1 × 10⁻³ S cm⁻¹ at RT.\n"
THREE = "# Paper three\n\nLGPS shows an ionic conductivity of 1.2 × 10⁻² S cm⁻¹ at RT.\n"


def _summary(out: Path) -> dict[str, dict]:
    with (out / "run_summary.csv").open(encoding="utf-8") as fh:
        return {r["doc_id"]: r for r in csv.DictReader(fh)}


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != "run_summary.csv" and p.parent != folder}


def test_only_new_and_changed_papers_are_extracted(tmp_path: Path):
    src, out = tmp_path / "corpus", tmp_path / "out"
    src.mkdir()
    (src / "one.md").write_text(ONE, encoding="utf-8")
    (src / "two.md").write_text(TWO, encoding="utf-8")
    assert extract_folder(src, out) == 0
    assert {d: r["cached"] for d, r in _summary(out).items()} == {"one": "no", "two": "no"}
    before = (out / "one" / "document.json").stat().st_mtime_ns

    (src / "two.md").write_text(TWO.replace("LATP", "LAGP"), encoding="utf-8")
    (src / "three.md").write_text(THREE, encoding="utf-8")
    assert extract_folder(src, out) == 0
    summary = _summary(out)
    assert {d: r["cached"] for d, r in summary.items()} == {"one": "yes", "three": "no",
                                                             "two": "no"}
    assert summary["one"]["claims"] == "1" and summary["one"]["status"] == "ok"
    assert (out / "one" / "document.json").stat().st_mtime_ns == before
    assert "LAGP" in (out / "two" / "measurements.csv").read_text(encoding="utf-8")

    # an output folder edited by hand is not taken as up to date, and not overwritten either
    (out / "one" / "measurements.csv").write_text("claim_id\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["extract", str(src), "-o", str(out)])
    assert res.exit_code == 1
    one = _summary(out)["one"]
    assert (one["status"], one["cached"]) == ("error", "no") and "did not write" in one["error"]
    assert (out / "one" / "measurements.csv").read_text(encoding="utf-8") == "claim_id\n"


def test_force_and_plain_progress_lines(tmp_path: Path):
    src, out = tmp_path / "corpus", tmp_path / "out"
    src.mkdir()
    (src / "one.md").write_text(ONE, encoding="utf-8")
    (src / "two.md").write_text(TWO, encoding="utf-8")
    res = CliRunner().invoke(app, ["extract", str(src), "-o", str(out)])
    assert res.exit_code == 0, res.stderr
    lines = [ln for ln in res.stderr.splitlines() if ln.startswith("litmine: [")]
    assert [ln.split()[1:3] for ln in lines] == [["[1/2]", "one.md"], ["[2/2]", "two.md"]]
    assert all("ETA" in ln and "elapsed" in ln for ln in lines)
    res = CliRunner().invoke(app, ["extract", str(src), "-o", str(out)])
    assert "2 unchanged" in res.stderr
    res = CliRunner().invoke(app, ["extract", str(src), "-o", str(out), "--force"])
    assert {r["cached"] for r in _summary(out).values()} == {"no"}


def test_manifest_in_the_folder_adds_metadata(tmp_path: Path):
    import json

    src, out = tmp_path / "corpus", tmp_path / "out"
    src.mkdir()
    (src / "one.md").write_text(ONE, encoding="utf-8")
    (src / "manifest.yaml").write_text(
        "docs:\n  - doc_id: one\n    path: one.md\n    year: 2021\n    doi: 10.1/x\n",
        encoding="utf-8")
    assert extract_folder(src, out) == 0
    meta = json.loads((out / "one" / "document.json").read_text(encoding="utf-8"))["metadata"]
    assert meta["year"] == 2021 and meta["doi"] == "10.1/x"


def test_bad_scheduler_is_one_line(tmp_path: Path):
    src = tmp_path / "corpus"
    src.mkdir()
    (src / "one.md").write_text(ONE, encoding="utf-8")
    res = CliRunner().invoke(app, ["extract", str(src), "-o", str(tmp_path / "out"),
                                   "--scheduler", "tcp://127.0.0.1:9"])
    assert res.exit_code != 0
    assert res.stderr.strip().splitlines()[-1].startswith("litmine: error: cannot connect")
    assert "Traceback" not in res.stderr
    assert not (tmp_path / "out").exists()  # nothing written before the cluster answered


def test_dask_cluster_writes_the_same_files_as_the_local_run(tmp_path: Path):
    distributed = pytest.importorskip("distributed")
    src = tmp_path / "corpus"
    src.mkdir()
    for name, text in (("one.md", ONE), ("two.md", TWO), ("three.md", THREE)):
        (src / name).write_text(text, encoding="utf-8")
    (src / "bad.md").write_bytes(b"")
    assert extract_folder(src, tmp_path / "local", jobs=2) == 1
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster:
        failures = extract_folder(src, tmp_path / "dask", scheduler=cluster.scheduler_address)
    assert failures == 1
    assert _files(tmp_path / "dask") == _files(tmp_path / "local")
    assert sorted(_files(tmp_path / "dask")) and (tmp_path / "dask" / "one" / "graph.json").exists()
    local, dask = _summary(tmp_path / "local"), _summary(tmp_path / "dask")
    assert {d: (r["status"], r["claims"]) for d, r in dask.items()} == {
        d: (r["status"], r["claims"]) for d, r in local.items()}
