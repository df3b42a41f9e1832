"""End to end, as a new user: in a copy of the repository, `dvc repro` builds the corpus database;
dropping a paper into corpus/ and running `dvc repro` again extracts that paper only, and
`litmine query --db` finds it; a further `dvc repro` does nothing."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

NEW_PAPER = """# Fast lithium conduction in a new argyrodite

## Introduction

The argyrodite Li₆PS₅Br shows an ionic conductivity of 4.2 × 10⁻³ S cm⁻¹ at 25 °C.¹

## References

1. Deiseroth, H.-J., Kong, S.-T., Eckert, H. (2008). Li6PS5X: a class of crystalline Li-rich solids. *Angew. Chem. Int. Ed.* 47, 755–758.
"""


def _repo_files() -> list[str]:
    out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return [f for f in out.splitlines() if (ROOT / f).is_file()
            and not f.startswith(("tests/", "benchmarks/", "dvc.lock"))]


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["COLUMNS"] = "80"
    return subprocess.run([sys.executable, "-m", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_drop_a_paper_into_corpus_and_query_it(tmp_path: Path):
    repo = tmp_path / "repo"
    for f in _repo_files():
        (repo / f).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / f, repo / f)
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)

    first = _run(["dvc", "repro", "database"], repo)
    assert first.returncode == 0, first.stdout + first.stderr
    summary = repo / "outputs" / "papers" / "run_summary.csv"
    assert {r["doc_id"] for r in csv.DictReader(summary.open(encoding="utf-8"))} == {
        "xia2019_chem", "sun2022_sciadv", "canepa2017"}

    (repo / "corpus" / "new_argyrodite.md").write_text(NEW_PAPER, encoding="utf-8")
    second = _run(["dvc", "repro", "database"], repo)
    assert second.returncode == 0, second.stdout + second.stderr
    rows = {r["doc_id"]: r for r in csv.DictReader(summary.open(encoding="utf-8"))}
    assert {d: r["cached"] for d, r in rows.items()} == {
        "xia2019_chem": "yes", "sun2022_sciadv": "yes", "canepa2017": "yes",
        "new_argyrodite": "no"}

    found = _run(["pipeline.cli", "query", "-m", "Li6PS5Br", "--db", "outputs/corpus.duckdb",
                  "--format", "csv"], repo)
    assert found.returncode == 0, found.stderr
    got = list(csv.DictReader(found.stdout.splitlines()))
    assert [(r["doc"], r["material"], r["value"], r["refs"]) for r in got] == [
        ("new_argyrodite", "Li6PS5Br", "0.0042", "1")]

    third = _run(["dvc", "repro", "database"], repo)
    assert third.returncode == 0
    assert "Running stage" not in third.stdout
    status = _run(["dvc", "status", "database"], repo)
    assert "up to date" in status.stdout
