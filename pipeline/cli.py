"""The ``litmine`` command line: extract, trace, query, check, picture, evaluate.

Every :class:`pipeline.errors.LitmineError` becomes one line on stderr and a non-zero exit code.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from pipeline.errors import LitmineError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Literature mining for solid-state battery papers.")

FORMAT_HELP = "output format: table, csv or json"
DB_HELP = "corpus database (outputs/corpus.duckdb, from `litmine database`) instead of --in"
DOC_HELP = "only this document (doc id)"


def _source(indir: Path, db: Optional[Path]):
    """The corpus database connection (``--db``) or the graph of an output folder (``--in``)."""
    from pipeline import database, queries

    return database.connect(db) if db else queries.load(indir)


def _run_query(name: str, src, **kwargs):
    from pipeline import dbqueries, queries

    module = queries if isinstance(src, queries.KG) else dbqueries
    return getattr(module, name)(src, **kwargs)


def _fail(exc: LitmineError) -> None:
    typer.echo(f"litmine: error: {exc}", err=True)
    raise typer.Exit(exc.exit_code)


@app.command()
def extract(
    path: Path = typer.Argument(..., help="a document (.md, .txt, .pdf) or a folder of them"),
    out: Optional[Path] = typer.Option(None, "-o", "--out", help="output folder"),
    doc_id: Optional[str] = typer.Option(None, "--doc-id", help="document id (default: file name)"),
    jobs: int = typer.Option(1, "--jobs", "-j", help="parallel workers for a folder"),
    scheduler: Optional[str] = typer.Option(
        None, "--scheduler", help="Dask distributed scheduler (tcp://HOST:8786): each document of "
                                  "a folder is a task on the cluster (default: local processes)"),
    force: bool = typer.Option(False, "--force", help="extract every document of a folder again, "
                                                      "also the unchanged ones"),
) -> None:
    """Extract one document into OUTDIR (default outputs/<doc_id>/), or every document of a folder."""
    from pipeline.batch import extract_folder
    from pipeline.extract import extract as extract_one
    from pipeline.outdir import on_signals

    on_signals()
    try:
        if path.is_dir():
            failures = extract_folder(path, out or Path("outputs"), jobs, scheduler, force)
            raise typer.Exit(1 if failures else 0)
        folder = extract_one(path, out, doc_id)
    except LitmineError as exc:
        _fail(exc)
    typer.echo(f"litmine: wrote {folder}", err=True)


@app.command()
def trace(
    ref: int = typer.Argument(..., help="reference number"),
    indir: Path = typer.Option(Path("outputs"), "--in", help="extract output folder"),
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
    doc: Optional[str] = typer.Option(None, "--doc", help=DOC_HELP),
    fmt: str = typer.Option("table", "--format", help=FORMAT_HELP),
) -> None:
    """Every claim and sentence supported by reference REF, with the reference's entry (per
    document: each paper has its own reference REF)."""
    from pipeline import queries

    try:
        result = _run_query("trace", _source(indir, db), ref=ref, doc=doc)
        queries.emit(result, fmt)
    except LitmineError as exc:
        _fail(exc)


@app.command()
def query(
    material: Optional[str] = typer.Option(None, "--material", "-m",
                                           help="abbreviation, formula or class (e.g. garnet)"),
    prop: Optional[str] = typer.Option(None, "--property", "-p", help="e.g. ionic_conductivity"),
    min_value: Optional[float] = typer.Option(None, "--min", help="lowest value (canonical unit)"),
    max_value: Optional[float] = typer.Option(None, "--max", help="highest value (canonical unit)"),
    rt: bool = typer.Option(False, "--rt", help="only room-temperature values"),
    year_from: Optional[int] = typer.Option(None, "--year-from", help="cited reference year >="),
    uncited: bool = typer.Option(False, "--uncited", help="claims that cite nothing"),
    compare: bool = typer.Option(False, "--compare",
                                 help="values of one material/property side by side"),
    by_year: bool = typer.Option(False, "--by-year", help="reference year vs value table"),
    credit_only: bool = typer.Option(False, "--credit-only",
                                     help="references cited only in figure credits"),
    indir: Path = typer.Option(Path("outputs"), "--in", help="extract output folder"),
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
    doc: Optional[str] = typer.Option(None, "--doc", help=DOC_HELP),
    fmt: str = typer.Option("table", "--format", help=FORMAT_HELP),
) -> None:
    """Graph queries over claims: material, property, value range, year, uncited claims; or the
    references cited only in figure credits."""
    from pipeline import queries

    try:
        src = _source(indir, db)
        result = _run_query("credit_only", src, doc=doc) if credit_only else _run_query(
            "claims", src, material=material, prop=prop, min_value=min_value,
            max_value=max_value, rt=rt, year_from=year_from, uncited=uncited, compare=compare,
            by_year=by_year, doc=doc)
        queries.emit(result, fmt)
    except LitmineError as exc:
        _fail(exc)


@app.command()
def check(
    indir: Path = typer.Option(Path("outputs"), "--in", help="extract output folder"),
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
    doc: Optional[str] = typer.Option(None, "--doc", help=DOC_HELP),
    fmt: str = typer.Option("table", "--format", help=FORMAT_HELP),
) -> None:
    """Citation-integrity and consistency findings (attributions, conflicts, missing references)."""
    from pipeline import queries

    try:
        result = _run_query("check", _source(indir, db), doc=doc)
        queries.emit(result, fmt)
    except LitmineError as exc:
        _fail(exc)


@app.command()
def database(
    indir: Path = typer.Argument(..., help="output folder of a folder run (litmine extract DIR -o OUT)"),
    out: Optional[Path] = typer.Option(None, "-o", "--out",
                                       help="database file (default OUT/../corpus.duckdb)"),
) -> None:
    """Build the corpus database (one DuckDB file) from a folder run's outputs."""
    from pipeline import database as db

    target = out or indir.parent / "corpus.duckdb"
    try:
        counts = db.build(indir, target)
    except LitmineError as exc:
        _fail(exc)
    typer.echo(f"litmine: wrote {target} ({counts.get('documents', 0)} documents, "
               f"{counts.get('measurements', 0)} claims)", err=True)


@app.command()
def picture(
    indir: Path = typer.Option(Path("outputs"), "--in", help="extract output folder"),
    out: Optional[Path] = typer.Option(None, "--out", "-o",
                                       help="HTML file to write (default <folder>/pictures.html)"),
    reference: Optional[int] = typer.Option(None, "--reference", "-r",
                                            help="reference number at the centre of a picture "
                                                 "(default: the most-cited)"),
    material: Optional[str] = typer.Option(None, "--material", "-m",
                                           help="material (canonical name or formula) at the "
                                                "centre of a picture (default: most claims)"),
) -> None:
    """A static HTML page: conductivity vs year by material class, and graph neighbourhoods."""
    from pipeline import pictures

    try:
        target = pictures.run(indir, out, reference, material)
    except LitmineError as exc:
        _fail(exc)
    typer.echo(f"litmine: wrote {target}", err=True)


@app.command()
def evaluate(
    gold: Path = typer.Option(..., "--gold", help="gold folder of one document"),
    pred: Path = typer.Option(..., "--pred", help="extract output folder of that document"),
    out: Optional[Path] = typer.Option(None, "--out", help="write metrics/report here"),
    fmt: str = typer.Option("table", "--format", help="output format: table, csv or json (the "
                                                     "full metrics)"),
) -> None:
    """Precision/recall of PRED against GOLD (same scorer as the DVC evaluate stage): a summary
    table, or every metric with --format json."""
    from pipeline import evaluate as ev
    from pipeline import queries

    if not gold.is_dir():
        _fail(LitmineError(f"{gold}: no such gold folder"))
    if not (pred / "document.json").exists():
        _fail(LitmineError(f"{pred}: not a litmine output folder (no document.json)"))
    if fmt not in ("table", "csv", "json"):
        _fail(LitmineError(f"unknown format {fmt!r} (table, csv, json)"))
    try:
        if out:
            if gold.name != pred.name:
                _fail(LitmineError("with --out, GOLD and PRED folders must have the same name"))
            ev.run(gold.parent, pred.parent, [pred.name], out)
            typer.echo(f"litmine: wrote {out}/metrics.json, summary.json and report", err=True)
            return
        result = ev.evaluate(gold, pred)
    except LitmineError as exc:
        _fail(exc)
    metrics = ev.metrics_view(result)
    if fmt == "json":
        json.dump(metrics, sys.stdout, indent=1)
        sys.stdout.write("\n")
        return
    rows = ev.summary_rows({result.get("doc_id") or pred.name: metrics})
    queries.emit(queries.Result(f"Scores of {pred} against {gold}",
                                ["doc", "task", "precision", "recall", "f1"], rows,
                                ["Per-field accuracies, per-property scores and every false "
                                 "positive/negative: --format json, or --out DIR (report.md)."]),
                 fmt)


if __name__ == "__main__":
    app()
