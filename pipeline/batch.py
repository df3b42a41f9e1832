"""Corpus runs: ``litmine extract FOLDER`` with a process pool, a progress bar, per-document error
isolation and a summary table (also written as ``OUTDIR/run_summary.csv``).

Doc ids are the file stems; files whose stems collide (ignoring case) get their extension
appended (``p.md`` -> ``p_md``, ``p.txt`` -> ``p_txt``), and a name still taken gets ``-2``,
``-3``, ... in file-name order. SIGINT/SIGTERM cancel the documents not started, stop the running
ones (their temporary folders are removed) and still write the summary of what finished.
"""

from __future__ import annotations

import csv
import io
import multiprocessing
import os
import signal
import stat
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from pipeline.errors import Interrupted, LitmineError
from pipeline.ingest import MARKDOWN_SUFFIXES, PDF_SUFFIXES
from pipeline.io import atomic_write_text

SUMMARY = "run_summary.csv"
COLUMNS = ["document", "status", "seconds", "claims", "error", "doc_id"]
# names a document folder may not take: the corpus-level outputs beside them
RESERVED = {"corpus"}

_state = {"busy": False, "stopping": False}


def _worker_signal(signum: int, frame: object) -> None:
    _state["stopping"] = True
    if _state["busy"]:
        raise Interrupted(signum)


def _worker_init() -> None:
    """Pool workers: a signal stops the running document (cleanly) and cancels the queued ones."""
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, _worker_signal)


def _row(path: str, doc_id: str, status: str, error: str = "") -> dict:
    return {"document": Path(path).name, "status": status, "seconds": 0.0, "claims": 0,
            "error": error, "doc_id": doc_id}


def _one(path: str, out_dir: str, doc_id: str | None = None) -> dict:
    """Extract one document into ``out_dir``; returns its summary row (never raises for a bad
    document; :class:`Interrupted` passes through)."""
    from pipeline.extract import extract

    doc_id = doc_id or Path(path).stem
    row = _row(path, doc_id, "ok")
    if _state["stopping"]:
        return _row(path, doc_id, "cancelled", "not started: the run was interrupted")
    t0 = time.perf_counter()
    _state["busy"] = True
    try:
        folder = extract(Path(path), Path(out_dir), doc_id)
        with (folder / "measurements.csv").open(encoding="utf-8") as fh:
            row["claims"] = max(0, sum(1 for _ in fh) - 1)
    except LitmineError as exc:
        row.update(status="error", error=str(exc))
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop a corpus run
        row.update(status="crash", error=f"{type(exc).__name__}: {exc}")
    finally:
        _state["busy"] = False
    row["seconds"] = round(time.perf_counter() - t0, 2)
    return row


def _not_a_file(p: Path) -> str | None:
    """Why the folder entry ``p`` cannot be read as a document (None if it is a regular file)."""
    try:
        st = p.stat()
    except OSError as exc:
        if p.is_symlink():
            return f"{p}: broken or looping symbolic link ({exc.strerror})"
        return f"{p}: cannot read ({exc.strerror})"
    if not stat.S_ISREG(st.st_mode):
        return f"{p}: not a regular file"
    return None


def documents_in(folder: Path) -> list[Path]:
    """The entries of ``folder`` with a document extension, folders excepted (sorted)."""
    suffixes = MARKDOWN_SUFFIXES + PDF_SUFFIXES
    try:
        entries = list(folder.iterdir())
    except OSError as exc:
        raise LitmineError(f"{folder}: cannot list the folder ({exc.strerror})") from None
    return sorted(p for p in entries if p.suffix.lower() in suffixes and not p.is_dir())


def doc_ids(paths: list[Path]) -> dict[Path, str]:
    """One distinct doc id per path (the naming rule in the module docstring)."""
    def key(s: str) -> str:
        return s.casefold()

    count: dict[str, int] = {}
    for p in paths:
        count[key(p.stem)] = count.get(key(p.stem), 0) + 1
    taken = {key(r) for r in RESERVED}
    ids: dict[Path, str] = {}
    unique = [p for p in paths if count[key(p.stem)] == 1 and key(p.stem) not in taken]
    for p in unique:
        ids[p] = p.stem
        taken.add(key(p.stem))
    for p in paths:
        if p in ids:
            continue
        base = f"{p.stem}_{p.suffix.lstrip('.')}"
        name, k = base, 2
        while key(name) in taken:
            name, k = f"{base}-{k}", k + 1
        ids[p] = name
        taken.add(key(name))
    return ids


def _run_pool(jobs: int, work: list[tuple[Path, str]], out_root: Path, rows: list[dict],
              progress: Progress, task: object) -> None:
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init)
    futures = {pool.submit(_one, str(p), str(out_root / d), d): (p, d) for p, d in work}
    try:
        for fut in as_completed(futures):
            rows.append(fut.result())
            progress.advance(task)
    except BaseException:
        from pipeline.outdir import signals_held

        with signals_held():
            pool.shutdown(wait=False, cancel_futures=True)
            for child in multiprocessing.active_children():
                os.kill(child.pid, signal.SIGTERM)  # stops the running documents cleanly
            pool.shutdown(wait=True)
            done = {r["document"] for r in rows}
            for fut, (p, d) in futures.items():
                if p.name in done or fut.cancelled():
                    continue  # the cancelled ones are filled in by the caller
                if fut.exception() is None:
                    rows.append(fut.result())
                else:
                    rows.append(_row(str(p), d, "interrupted", "stopped: the run was interrupted"))
        raise
    finally:
        pool.shutdown(wait=True)


def extract_folder(folder: Path, out_root: Path, jobs: int = 1) -> int:
    """Extract every document of ``folder``; returns the number of documents that failed."""
    from pipeline.outdir import prepare_corpus_root, signals_held, write_marker

    entries = documents_in(folder)
    if not entries:
        raise LitmineError(f"{folder}: no .md/.txt/.pdf documents")
    ids = doc_ids(entries)
    prepare_corpus_root(out_root, folder, (SUMMARY,))
    rows: list[dict] = []
    work = []
    for p in entries:
        why = _not_a_file(p)
        if why:
            rows.append(_row(str(p), ids[p], "error", why))
        else:
            work.append((p, ids[p]))
    console = Console(stderr=True)
    interrupted: Interrupted | None = None
    try:
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("extracting", total=len(work))
            if jobs <= 1:
                for p, d in work:
                    try:
                        rows.append(_one(str(p), str(out_root / d), d))
                    except Interrupted:
                        rows.append(_row(str(p), d, "interrupted", "stopped: the run was interrupted"))
                        raise
                    progress.advance(task)
            else:
                _run_pool(jobs, work, out_root, rows, progress, task)
    except Interrupted as exc:
        interrupted = exc
        done = {r["document"] for r in rows}
        rows.extend(_row(str(p), d, "cancelled", "not started: the run was interrupted")
                    for p, d in work if p.name not in done)
    rows.sort(key=lambda r: r["document"])
    table = Table(title=f"litmine run: {len(rows)} documents")
    for col in COLUMNS:
        table.add_column(col)
    for r in rows:
        table.add_row(*(str(r[c]) for c in COLUMNS))
    console.print(table)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    with signals_held():
        atomic_write_text(out_root / SUMMARY, buf.getvalue())
        write_marker(out_root, "corpus", [SUMMARY])
    if interrupted is not None:
        done = sum(1 for r in rows if r["status"] == "ok")
        raise Interrupted(interrupted.signum, f"{done} of {len(rows)} documents finished; "
                          f"summary in {out_root / SUMMARY}")
    return sum(1 for r in rows if r["status"] != "ok")
