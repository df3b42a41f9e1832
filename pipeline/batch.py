"""Corpus runs: ``litmine extract FOLDER`` with a process pool, a progress bar, per-document error
isolation and a summary table (also written as ``OUTDIR/run_summary.csv``).

Doc ids are the file stems; files whose stems collide (ignoring case) get their extension
appended (``p.md`` -> ``p_md``, ``p.txt`` -> ``p_txt``), and a name still taken gets ``-2``,
``-3``, ... in file-name order. SIGINT/SIGTERM cancel the documents not started, stop the running
ones (their temporary folders are removed) and still write the summary of what finished.

A folder run is incremental: each document folder's marker records a cache key (the SHA-256 of the
source file, of litmine's code and ``models/``, of the doc id and of the document's manifest entry),
and a document whose key is unchanged and whose folder is intact is not extracted again
(``cached`` = ``yes`` in the summary). An optional ``manifest.yaml`` in the input folder adds
bibliographic metadata. With ``scheduler`` (a Dask distributed scheduler address) each document is
a task on the cluster: the worker extracts into a temporary folder and sends the files back, and
they are written here exactly as a local run writes them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import multiprocessing
import os
import signal
import stat
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from functools import lru_cache
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, Callable

from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                           TimeElapsedColumn, TimeRemainingColumn)
from rich.table import Table

from pipeline.errors import Interrupted, LitmineError
from pipeline.ingest import MARKDOWN_SUFFIXES, PDF_SUFFIXES
from pipeline.io import atomic_write_text

SUMMARY = "run_summary.csv"
COLUMNS = ["document", "status", "seconds", "claims", "error", "doc_id", "cached"]
MANIFEST = "manifest.yaml"
# a summary table longer than this lists only the documents that did not succeed
FULL_TABLE_ROWS = 30
# names a document folder may not take: the corpus-level outputs beside them
RESERVED = {"corpus"}

_state: dict = {"busy": False, "stopping": False, "pending": 0}


def _worker_signal(signum: int, frame: object) -> None:
    if _state["stopping"]:
        return  # already stopping: a second signal must not cut the clean-up short
    _state["stopping"] = True
    if _state["busy"]:
        raise Interrupted(signum)


def _worker_init() -> None:
    """Pool workers: a signal stops the running document (cleanly) and cancels the queued ones."""
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, _worker_signal)


def _row(path: str, doc_id: str, status: str, error: str = "") -> dict:
    return {"document": Path(path).name, "status": status, "seconds": 0.0, "claims": 0,
            "error": error, "doc_id": doc_id, "cached": "no"}


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """SHA-256 over litmine's version, its Python files and its ``models/`` data."""
    from pipeline import __version__
    from pipeline.resources import MODELS_DIR

    h = hashlib.sha256(__version__.encode())
    for base in (Path(__file__).resolve().parent, MODELS_DIR):
        for f in sorted(base.rglob("*")):
            if f.is_file() and "__pycache__" not in f.parts and f.suffix != ".pyc":
                h.update(f.relative_to(base).as_posix().encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


def cache_key(path: Path, doc_id: str, entry: dict[str, Any]) -> str:
    h = hashlib.sha256()
    for part in (code_fingerprint(), str(path), doc_id, json.dumps(entry, sort_keys=True,
                                                                    default=str)):
        h.update(part.encode() + b"\0")
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _claims_in(folder: Path) -> int:
    with (folder / "measurements.csv").open(encoding="utf-8") as fh:
        return max(0, sum(1 for _ in fh) - 1)


def cached_row(path: Path, out_dir: Path, doc_id: str, key: str) -> dict | None:
    """The summary row of a document whose output is up to date (same cache key, files
    unchanged), or None."""
    from pipeline.outdir import foreign_entries, read_marker

    marker = read_marker(out_dir)
    if not marker or marker.get("kind") != "document" or marker.get("cache_key") != key:
        return None
    try:
        if foreign_entries(out_dir) or not (out_dir / "measurements.csv").is_file():
            return None
        row = _row(str(path), doc_id, "ok")
        row.update(claims=_claims_in(out_dir), cached="yes")
    except OSError:
        return None
    return row


def run_one(path: str, out_dir: str, doc_id: str | None = None,
            marker_info: dict[str, str] | None = None, manifest: str | None = None) -> dict:
    """Extract one document into ``out_dir``; returns its summary row (never raises for a bad
    document; :class:`Interrupted` passes through). What a pool (or another scheduler) runs."""
    from pipeline.extract import extract

    doc_id = doc_id or Path(path).stem
    row = _row(path, doc_id, "ok")
    if _state["stopping"]:
        return _row(path, doc_id, "cancelled", "not started: the run was interrupted")
    t0 = time.perf_counter()
    _state["busy"] = True
    try:
        try:
            folder = extract(Path(path), Path(out_dir), doc_id,
                             Path(manifest) if manifest else None, marker_info)
        except Interrupted as exc:
            if not exc.completed:
                raise
            folder = Path(out_dir)  # finished just as the signal came: stop after this one
            _state.update(stopping=True, pending=exc.signum)
        _state["busy"] = False
        row["claims"] = _claims_in(folder)
    except LitmineError as exc:
        row.update(status="error", error=str(exc))
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop a corpus run
        row.update(status="crash", error=f"{type(exc).__name__}: {exc}")
    finally:
        _state["busy"] = False
    row["seconds"] = round(time.perf_counter() - t0, 2)
    return row


_one = run_one  # the function the pool runs (tests replace it)


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


def _one_remote(path: str, doc_id: str, marker_info: dict[str, str],
                manifest: str | None) -> tuple[dict, dict[str, bytes]]:
    """A Dask task: extract one document into a temporary folder of the worker and return its
    summary row and its files (name -> bytes)."""
    import shutil
    import tempfile

    tmp = Path(tempfile.mkdtemp(prefix="litmine-task-"))
    try:
        row = _one(path, str(tmp / doc_id), doc_id, marker_info, manifest)
        folder = tmp / doc_id
        files = ({f.name: f.read_bytes() for f in sorted(folder.iterdir()) if f.is_file()}
                 if row["status"] == "ok" else {})
        return row, files
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _install(out: Path, source: Path, files: dict[str, bytes]) -> None:
    """Write a document's files gathered from a worker as ``OUT/<doc_id>/`` (same safety rules as
    a local run)."""
    from pipeline.outdir import building

    with building(out, [source]) as tmp:
        for name, data in files.items():
            (tmp / name).write_bytes(data)


def _dask_client(address: str):
    """A client of the Dask scheduler at ``address`` (one clear error if there is none)."""
    try:
        from distributed import Client
    except ImportError:
        raise LitmineError("--scheduler needs dask[distributed] (pip install litmine's "
                           "dependencies)") from None
    try:
        return Client(address, timeout="10s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise LitmineError(f"cannot connect to the Dask scheduler at {address} "
                           f"({type(exc).__name__}: {exc})") from None


def _run_dask(client, work: list[tuple[Path, str, dict, str | None]], out_root: Path,
              rows: list[dict], done: Callable[[dict], None]) -> None:
    from distributed import as_completed as dask_completed

    futures = {}
    try:
        for p, d, info, manifest in work:
            fut = client.submit(_one_remote, str(p), d, info, manifest, pure=False,
                                key=f"litmine-extract-{d}-{info['cache_key'][:12]}")
            futures[fut] = (p, d)
        for fut in dask_completed(list(futures)):
            p, d = futures[fut]
            try:
                row, files = fut.result()
            except Exception as exc:  # noqa: BLE001 - a lost worker fails one document only
                row, files = _row(str(p), d, "crash", f"{type(exc).__name__}: {exc}"), {}
            if row["status"] == "ok":
                try:
                    _install(out_root / d, p, files)
                except LitmineError as exc:
                    row.update(status="error", error=str(exc))
            rows.append(row)
            done(row)
    except BaseException:
        client.cancel(list(futures))
        raise


def _run_pool(jobs: int, work: list[tuple[Path, str, dict, str | None]], out_root: Path,
              rows: list[dict], done: Callable[[dict], None]) -> None:
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init)
    futures = {pool.submit(_one, str(p), str(out_root / d), d, info, manifest): (p, d)
               for p, d, info, manifest in work}
    try:
        for fut in as_completed(futures):
            try:
                rows.append(fut.result())
            except BrokenProcessPool:
                p, d = futures[fut]
                rows.append(_row(str(p), d, "crash", "its worker process died (killed, or out "
                                                     "of memory?)"))
            done(rows[-1])
    except BaseException:
        from pipeline.outdir import signals_held

        with signals_held():
            pool.shutdown(wait=False, cancel_futures=True)
            for child in multiprocessing.active_children():
                os.kill(child.pid, signal.SIGTERM)  # stops the running documents cleanly
            pool.shutdown(wait=True)
            finished = {r["document"] for r in rows}
            for fut, (p, d) in futures.items():
                if p.name in finished or fut.cancelled():
                    continue  # the cancelled ones are filled in by the caller
                if fut.exception() is None:
                    rows.append(fut.result())
                else:
                    rows.append(_row(str(p), d, "interrupted", "stopped: the run was interrupted"))
        raise
    finally:
        pool.shutdown(wait=True)


class Reporter:
    """Progress of a folder run on stderr: a bar with n/N, the current document, elapsed time and
    ETA on a terminal; one plain line per document otherwise (logs, pipes, CI)."""

    def __init__(self, console: Console, total: int, offset: int = 0) -> None:
        self.console, self.total, self.n = console, total, offset
        self.t0 = time.perf_counter()
        self.todo = total - offset
        self.progress: Progress | None = None

    def __enter__(self) -> "Reporter":
        if self.console.is_terminal:
            self.progress = Progress(
                TextColumn("extracting"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[current]}"), TimeElapsedColumn(),
                TextColumn("ETA"), TimeRemainingColumn(), console=self.console, transient=True)
            self.progress.__enter__()
            self.task = self.progress.add_task("extracting", total=self.total,
                                               completed=self.n, current="")
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.__exit__(*exc)

    def started(self, name: str) -> None:
        if self.progress is not None:
            self.progress.update(self.task, current=name)

    def done(self, row: dict) -> None:
        self.n += 1
        if self.progress is not None:
            self.progress.update(self.task, advance=1, current=row["document"])
            return
        elapsed = time.perf_counter() - self.t0
        finished = self.n - (self.total - self.todo)
        eta = elapsed / finished * (self.total - self.n) if finished else 0.0
        what = f"{row['claims']} claims" if row["status"] == "ok" else row["error"]
        self.console.print(f"litmine: [{self.n}/{self.total}] {row['document']} {row['status']} "
                           f"{row['seconds']:.2f} s, {what} (elapsed {_clock(elapsed)}, "
                           f"ETA {_clock(eta)})", markup=False, highlight=False, soft_wrap=True)


def _clock(seconds: float) -> str:
    m, s = divmod(int(round(seconds)), 60)
    h, m = divmod(m, 60)
    return f"{h}:{m:02d}:{s:02d}"


def _summary_table(rows: list[dict], console: Console) -> None:
    ok = sum(1 for r in rows if r["status"] == "ok")
    cached = sum(1 for r in rows if r.get("cached") == "yes")
    shown = rows if len(rows) <= FULL_TABLE_ROWS else [r for r in rows if r["status"] != "ok"]
    if shown:
        table = Table(title=f"litmine run: {len(rows)} documents"
                            + ("" if shown is rows else " (those that failed)"))
        cols = ["document", "status", "seconds", "claims", "cached", "error"]
        if any(r["doc_id"] != Path(r["document"]).stem for r in shown):
            cols.insert(1, "doc_id")
        for col in cols:
            table.add_column(col, overflow="fold")
        for r in shown:
            table.add_row(*(str(r[c]) for c in cols))
        console.print(table)
    console.print(f"litmine: {len(rows)} documents: {ok} ok ({cached} unchanged, not extracted "
                  f"again), {len(rows) - ok} failed", markup=False, highlight=False)


def extract_folder(folder: Path, out_root: Path, jobs: int = 1, scheduler: str | None = None,
                   force: bool = False) -> int:
    """Extract every document of ``folder`` (only new and changed ones unless ``force``);
    returns the number of documents that failed."""
    from pipeline.outdir import prepare_folder

    entries = documents_in(folder)
    if not entries:
        raise LitmineError(f"{folder}: no .md/.txt/.pdf documents")
    ids = doc_ids(entries)
    manifest = folder / MANIFEST
    manifest_arg = str(manifest) if manifest.is_file() else None
    _state.update(busy=False, stopping=False, pending=0)
    client = _dask_client(scheduler) if scheduler else None  # before anything is written
    try:
        prepare_folder(out_root, "corpus", (SUMMARY,), (folder,))
        return _extract_folder(folder, out_root, entries, ids, manifest_arg, jobs, client, force)
    finally:
        if client is not None:
            client.close()


def _extract_folder(folder: Path, out_root: Path, entries: list[Path], ids: dict[Path, str],
                    manifest_arg: str | None, jobs: int, client, force: bool) -> int:
    from pipeline.corpus import manifest_entry
    from pipeline.outdir import signals_held, write_marker

    manifest = Path(manifest_arg) if manifest_arg else None
    rows: list[dict] = []
    work = []
    for p in entries:
        why = _not_a_file(p)
        if why:
            rows.append(_row(str(p), ids[p], "error", why))
            continue
        d = ids[p]
        try:
            entry = manifest_entry(manifest, p) if manifest_arg else {}
            key = cache_key(p, d, entry)
        except OSError as exc:
            rows.append(_row(str(p), d, "error", f"{p}: cannot read ({exc.strerror})"))
            continue
        hit = None if force else cached_row(p, out_root / d, d, key)
        if hit:
            rows.append(hit)
        else:
            work.append((p, d, {"cache_key": key}, manifest_arg))
    console = Console(stderr=True)
    unchanged = sum(1 for r in rows if r["cached"] == "yes")
    if unchanged:
        console.print(f"litmine: {unchanged} of {len(entries)} documents unchanged since the last "
                      f"run, {len(work)} to extract", markup=False, highlight=False)
    interrupted: Interrupted | None = None
    try:
        with Reporter(console, len(entries), len(rows)) as report:
            if client is not None:
                _run_dask(client, work, out_root, rows, report.done)
            elif min(jobs, len(work)) <= 1:
                for p, d, info, man in work:
                    report.started(p.name)
                    try:
                        rows.append(_one(str(p), str(out_root / d), d, info, man))
                    except Interrupted:
                        rows.append(_row(str(p), d, "interrupted", "stopped: the run was interrupted"))
                        raise
                    if _state["pending"]:
                        raise Interrupted(_state["pending"])
                    report.done(rows[-1])
            else:
                _run_pool(min(jobs, len(work)), work, out_root, rows, report.done)
    except Interrupted as exc:
        interrupted = exc
        done = {r["document"] for r in rows}
        rows.extend(_row(str(p), d, "cancelled", "not started: the run was interrupted")
                    for p, d, _, _ in work if p.name not in done)
    rows.sort(key=lambda r: r["document"])
    _summary_table(rows, console)
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
    from pipeline.verify import corpus_step  # links.csv, verification.csv (issue 17)
    console.print(corpus_step(out_root, [r["document"] for r in rows if r["status"] == "ok"]))
    return sum(1 for r in rows if r["status"] != "ok")
