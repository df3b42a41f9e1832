"""Corpus runs: ``litmine extract FOLDER`` with a process pool, a progress bar, per-document error
isolation and a summary table (also written as ``OUTDIR/run_summary.csv``)."""

from __future__ import annotations

import csv
import io
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from pipeline.errors import LitmineError
from pipeline.ingest import MARKDOWN_SUFFIXES, PDF_SUFFIXES
from pipeline.io import atomic_write_text


def _one(path: str, out_root: str) -> dict:
    from pipeline.extract import extract

    t0 = time.perf_counter()
    row = {"document": Path(path).name, "status": "ok", "seconds": 0.0, "claims": 0, "error": ""}
    try:
        folder = extract(Path(path), Path(out_root) / Path(path).stem)
        with (folder / "measurements.csv").open(encoding="utf-8") as fh:
            row["claims"] = max(0, sum(1 for _ in fh) - 1)
    except LitmineError as exc:
        row.update(status="error", error=str(exc))
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop a corpus run
        row.update(status="crash", error=f"{type(exc).__name__}: {exc}")
    row["seconds"] = round(time.perf_counter() - t0, 2)
    return row


def documents_in(folder: Path) -> list[Path]:
    suffixes = MARKDOWN_SUFFIXES + PDF_SUFFIXES
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in suffixes)


def extract_folder(folder: Path, out_root: Path, jobs: int = 1) -> int:
    """Extract every document of ``folder``; returns the number of documents that failed."""
    docs = documents_in(folder)
    if not docs:
        raise LitmineError(f"{folder}: no .md/.txt/.pdf documents")
    console = Console(stderr=True)
    rows: list[dict] = []
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("extracting", total=len(docs))
        if jobs <= 1:
            for p in docs:
                rows.append(_one(str(p), str(out_root)))
                progress.advance(task)
        else:
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                futures = [pool.submit(_one, str(p), str(out_root)) for p in docs]
                for fut in as_completed(futures):
                    rows.append(fut.result())
                    progress.advance(task)
    rows.sort(key=lambda r: r["document"])
    table = Table(title=f"litmine run: {len(rows)} documents")
    for col in ("document", "status", "seconds", "claims", "error"):
        table.add_column(col)
    for r in rows:
        table.add_row(*(str(r[c]) for c in ("document", "status", "seconds", "claims", "error")))
    console.print(table)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=["document", "status", "seconds", "claims", "error"],
                       lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    atomic_write_text(out_root / "run_summary.csv", buf.getvalue())
    from pipeline.verify import corpus_step  # links.csv, verification.csv (issue 17)
    console.print(corpus_step(out_root, [r["document"] for r in rows if r["status"] == "ok"]))
    return sum(1 for r in rows if r["status"] != "ok")
