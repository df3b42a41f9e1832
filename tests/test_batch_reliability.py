"""Folder runs: one output per input even when stems collide, a summary row for every entry
(broken links too), and clean cancellation on SIGINT/SIGTERM (subprocesses)."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.batch import doc_ids
from pipeline.cli import app

ROOT = Path(__file__).resolve().parent.parent
GOOD = "# A paper\n\nLLZO shows an ionic conductivity of 3 × 10⁻⁴ S cm⁻¹ at RT.\n"


def _summary(out: Path) -> dict[str, dict]:
    with (out / "run_summary.csv").open(encoding="utf-8", newline="") as fh:
        return {r["document"]: r for r in csv.DictReader(fh)}


def test_doc_id_rule():
    paths = [Path(n) for n in ["P.markdown", "a.md", "corpus.md", "p.md", "p.txt", "p_md.md"]]
    ids = doc_ids(paths)
    assert ids == {Path("a.md"): "a", Path("p_md.md"): "p_md", Path("P.markdown"): "P_markdown",
                   Path("p.md"): "p_md-2", Path("p.txt"): "p_txt", Path("corpus.md"): "corpus_md"}
    assert len({v.casefold() for v in ids.values()}) == len(paths)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_colliding_stems_get_one_folder_each(tmp_path: Path, jobs: str):
    src = tmp_path / "in"
    src.mkdir()
    (src / "p.md").write_text(GOOD, encoding="utf-8")
    (src / "p.txt").write_text(GOOD.replace("LLZO", "LATP"), encoding="utf-8")
    (src / "q.md").write_text(GOOD.replace("LLZO", "LiPON"), encoding="utf-8")
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["extract", str(src), "-o", str(out), "--jobs", jobs])
    assert res.exit_code == 0, res.stderr
    rows = _summary(out)
    assert {d: (r["status"], r["doc_id"]) for d, r in rows.items()} == {
        "p.md": ("ok", "p_md"), "p.txt": ("ok", "p_txt"), "q.md": ("ok", "q")}
    assert "LLZO" in (out / "p_md" / "measurements.csv").read_text(encoding="utf-8")
    assert "LATP" in (out / "p_txt" / "measurements.csv").read_text(encoding="utf-8")


def test_broken_and_looping_links_and_fifos_get_a_row(tmp_path: Path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.md").write_text(GOOD, encoding="utf-8")
    (src / "dangling.md").symlink_to(src / "missing.md")
    (src / "loop.md").symlink_to(src / "loop.md")
    os.mkfifo(src / "pipe.md")
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["extract", str(src), "-o", str(out)])
    assert res.exit_code == 1
    rows = _summary(out)
    assert rows["good.md"]["status"] == "ok"
    assert "broken or looping symbolic link" in rows["dangling.md"]["error"]
    assert "broken or looping symbolic link" in rows["loop.md"]["error"]
    assert "not a regular file" in rows["pipe.md"]["error"]
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["good"]


def _start(src: Path, out: Path, jobs: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "pipeline.cli", "extract", str(src), "-o",
                             str(out), "--jobs", str(jobs)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def _wait_for_first_document(proc: subprocess.Popen, out: Path) -> None:
    """Poll (no time limit is asserted) until one document is finished."""
    for _ in range(3000):
        if out.is_dir() and any(p.is_dir() and not p.name.startswith(".") for p in out.iterdir()):
            return
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    pytest.fail("the run ended before the first document was written")


@pytest.mark.parametrize("sig, to_group, jobs", [
    (signal.SIGINT, True, 2),    # Ctrl-C: the whole foreground process group
    (signal.SIGTERM, False, 2),  # kill PID: the main process only
    (signal.SIGTERM, True, 1),   # timeout: the group, sequential run
])
def test_signal_cancels_cleanly_and_writes_a_summary(tmp_path: Path, sig, to_group, jobs):
    src = tmp_path / "in"
    src.mkdir()
    review = (ROOT / "corpus" / "xia2019_chem.md").read_bytes()
    for i in range(8):
        (src / f"r{i}.md").write_bytes(review)
    out = tmp_path / "out"
    proc = _start(src, out, jobs)
    _wait_for_first_document(proc, out)
    if to_group:
        os.killpg(proc.pid, sig)
    else:
        proc.send_signal(sig)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 128 + sig
    lines = [x for x in err.splitlines() if x.startswith("litmine: error:")]
    assert len(lines) == 1 and "interrupted" in lines[0] and "summary in" in lines[0], err
    assert "Traceback" not in err
    rows = _summary(out)
    assert len(rows) == 8
    statuses = {r["status"] for r in rows.values()}
    assert statuses <= {"ok", "interrupted", "cancelled"} and "ok" in statuses
    assert "cancelled" in statuses  # queued documents were not run
    # no temporary or partial folders: exactly the finished documents, each complete
    ok = sorted(r["doc_id"] for r in rows.values() if r["status"] == "ok")
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ok
    assert all((out / d / "litmine.json").exists() for d in ok)
    assert not [p for p in tmp_path.rglob(".*")]


def test_sigterm_on_a_single_document_leaves_nothing(tmp_path: Path):
    src = tmp_path / "paper.md"
    src.write_bytes((ROOT / "corpus" / "xia2019_chem.md").read_bytes() * 3)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "extract", str(src), "-o",
                             str(out)], cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    for _ in range(3000):  # until its temporary folder exists
        if any(p.name.startswith(".out.") for p in tmp_path.iterdir()) or proc.poll() is not None:
            break
        time.sleep(0.02)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=300)
    if proc.returncode == 0:
        pytest.skip("the run finished before the signal arrived")
    assert proc.returncode == 128 + signal.SIGTERM
    assert err.strip().splitlines()[-1] == "litmine: error: interrupted (SIGTERM); nothing written"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["paper.md"]


def _dying_one(path: str, out_dir: str, doc_id: str | None = None, *args: object) -> dict:
    """A worker that is killed (as by the OOM killer) on the file named '*dies*'."""
    from pipeline import batch

    if "dies" in path:
        os._exit(9)
    return batch.run_one(path, out_dir, doc_id, *args)


def test_a_killed_worker_is_a_row_not_a_crash_of_the_run(tmp_path: Path, monkeypatch):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.md").write_text(GOOD, encoding="utf-8")
    (src / "b_dies.md").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    from pipeline import batch

    monkeypatch.setattr(batch, "_one", _dying_one)
    failures = batch.extract_folder(src, out, jobs=2)
    rows = _summary(out)
    assert failures >= 1 and rows["b_dies.md"]["status"] == "crash"
    assert "worker process died" in rows["b_dies.md"]["error"]
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_a_folder_of_only_bad_entries_with_many_jobs(tmp_path: Path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "dangling.md").symlink_to(src / "missing.md")
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["extract", str(src), "-o", str(out), "--jobs", "64"])
    assert res.exit_code == 1 and _summary(out)["dangling.md"]["status"] == "error"


def test_an_interrupted_runs_shutdown_race_prints_no_traceback():
    # CPython 3.11: a process pool's exit hook may write to a wakeup pipe the interruption
    # already closed; the CLI's hook for interrupted runs keeps that quiet, and only that
    script = ("import errno, sys, threading\n"
              "from pipeline.cli import _quiet_closed_pipe\n"
              "def closed(): raise OSError(errno.EBADF, 'Bad file descriptor')\n"
              "threading._register_atexit(closed)\n"
              "sys.unraisablehook = _quiet_closed_pipe\n"
              "sys.exit(130)\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert done.returncode == 130 and "Traceback" not in done.stderr
    other = script.replace("OSError(errno.EBADF, 'Bad file descriptor')", "ValueError('bug')")
    done = subprocess.run([sys.executable, "-c", other], env=env, capture_output=True, text=True)
    assert "ValueError: bug" in done.stderr
