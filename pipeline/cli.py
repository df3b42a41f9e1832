"""The ``litmine`` command line: extract, trace, query, check, verify, crosscheck, picture,
evaluate.

One error path for every command (:meth:`App.__call__`): a :class:`pipeline.errors.LitmineError`,
a usage error, a signal, a file-system error or anything unexpected becomes one line
``litmine: error: ...`` on stderr and a non-zero exit code, never a traceback
(``LITMINE_DEBUG=1`` shows it).
"""

from __future__ import annotations

import errno
import json
import math
import os
import sys
from pathlib import Path
from typing import Any, Optional

import typer
from typer._click import exceptions as click_errors  # typer 0.29 vendors click

from pipeline.errors import Interrupted, LitmineError

INTERNAL_ERROR = 70  # EX_SOFTWARE


def _say(message: str) -> None:
    sys.stderr.write("litmine: error: " + " ".join(str(message).split()) + "\n")


class App(typer.Typer):
    """The typer app, run with one error path (see the module docstring)."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("prog_name", "litmine")
        kwargs["standalone_mode"] = False
        try:
            code = typer.main.get_command(self).main(*args, **kwargs)
        except click_errors.NoArgsIsHelpError as exc:
            sys.stderr.write(exc.format_message() + "\n")
            code = 2
        except click_errors.UsageError as exc:
            _say(exc.format_message())
            code = exc.exit_code
        except typer.Abort:
            _say("interrupted (SIGINT)")
            code = 130
            sys.unraisablehook = _quiet_closed_pipe
        except Interrupted as exc:
            _say(str(exc))
            code = exc.exit_code
            sys.unraisablehook = _quiet_closed_pipe
        except LitmineError as exc:
            _say(str(exc))
            code = exc.exit_code
        except MemoryError:
            _say("out of memory")
            code = 1
        except OSError as exc:
            if exc.errno == errno.EPIPE:  # `litmine query ... | head`
                code = 0
                sys.stderr.close()
            else:
                where = f"{exc.filename}: " if exc.filename else ""
                _say(f"{where}{exc.strerror or exc}")
                code = 1
        except Exception as exc:  # noqa: BLE001 - the one place that turns a bug into one line
            if os.environ.get("LITMINE_DEBUG"):
                raise
            _say(f"internal error ({type(exc).__name__}: {exc}); please report it "
                 f"(LITMINE_DEBUG=1 shows the traceback)")
            code = INTERNAL_ERROR
        sys.exit(code if isinstance(code, int) else 0)


def _quiet_closed_pipe(unraisable: Any) -> None:
    """At the exit of an interrupted run, the interpreter's shutdown hooks may wake a process
    pool's manager thread through a pipe the interruption already closed (a CPython 3.11 race in
    concurrent.futures, "Bad file descriptor"): nothing is lost then, so nothing is printed; any
    other unraisable error is reported as usual."""
    exc = unraisable.exc_value
    if isinstance(exc, OSError) and exc.errno == errno.EBADF:
        return
    sys.__unraisablehook__(unraisable)


app = App(add_completion=False, no_args_is_help=True,
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


FORMATS = ("table", "csv", "json")


def _format(value: str) -> str:
    if value not in FORMATS:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(FORMATS)}")
    return value


def _plain_name(value: Optional[str]) -> Optional[str]:
    if value is not None and (not value.strip() or value in (".", "..") or "/" in value
                              or "\\" in value or "\0" in value):
        raise typer.BadParameter(f"{value!r} is not a plain name (no '/', not '.' or '..')")
    return value


def _finite(value: Optional[float]) -> Optional[float]:
    if value is not None and not math.isfinite(value):
        raise typer.BadParameter(f"{value} is not a finite number")
    return value


def _fail(exc: LitmineError) -> None:
    typer.echo(f"litmine: error: {exc}", err=True)
    raise typer.Exit(exc.exit_code)


@app.command()
def extract(
    path: Path = typer.Argument(..., help="a document (.md, .txt, .pdf) or a folder of them"),
    out: Optional[Path] = typer.Option(None, "-o", "--out", help="output folder"),
    doc_id: Optional[str] = typer.Option(None, "--doc-id", help="document id (default: file name)",
                                          callback=_plain_name),
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

    try:
        with on_signals():
            if path.is_dir():
                failures = extract_folder(path, out or Path("outputs"), jobs, scheduler,
                                          force)
                raise typer.Exit(1 if failures else 0)
            folder = extract_one(path, out, doc_id)
    except Interrupted as exc:
        if not exc.completed:
            raise
        folder = out or Path("outputs") / (doc_id or path.stem)  # written just before the signal
    except LitmineError as exc:
        _fail(exc)
    typer.echo(f"litmine: wrote {folder}", err=True)


@app.command()
def trace(
    ref: int = typer.Argument(..., help="reference number"),
    indir: Path = typer.Option(Path("outputs"), "--in", help="extract output folder"),
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
    doc: Optional[str] = typer.Option(None, "--doc", help=DOC_HELP),
    fmt: str = typer.Option("table", "--format", help=FORMAT_HELP, callback=_format),
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
    min_value: Optional[float] = typer.Option(None, "--min", help="lowest value (canonical unit)",
                                             callback=_finite),
    max_value: Optional[float] = typer.Option(None, "--max", help="highest value (canonical unit)",
                                             callback=_finite),
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
    fmt: str = typer.Option("table", "--format", help=FORMAT_HELP, callback=_format),
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
    fmt: str = typer.Option("table", "--format", help=FORMAT_HELP, callback=_format),
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
def verify(
    indir: Path = typer.Option(Path("outputs"), "--in", help="folder run output (OUT)"),
    fmt: str = typer.Option("table", "--format", help=FORMAT_HELP),
    links: bool = typer.Option(False, "--links", help="the reference -> document links instead"),
    verdict: Optional[str] = typer.Option(None, "--verdict",
                                          help="only this verdict (supported, different_value, "
                                               "different_conditions, not_found)"),
    manifest: Optional[Path] = typer.Option(None, "--manifest",
                                            help="corpus manifest supplying document identities "
                                                 "(recomputes instead of reading OUT/corpus)"),
) -> None:
    """Claims checked against the cited corpus documents' own claims (OUT/corpus/verification.csv),
    or the reference -> document links (--links)."""
    from pipeline import queries
    from pipeline.verify import verification_result

    try:
        result = verification_result(indir, links=links, verdict=verdict, manifest=manifest,
                                     short=fmt == "table")
        queries.emit(result, fmt)
    except LitmineError as exc:
        _fail(exc)


@app.command()
def crosscheck(
    dataset: Path = typer.Option(..., "--dataset", help="curated conductivity dataset (CSV, "
                                                        "OBELiX format)"),
    indir: Path = typer.Option(Path("outputs"), "--in", help="extract output folder(s)"),
    fmt: str = typer.Option("table", "--format", help=FORMAT_HELP),
) -> None:
    """Ionic-conductivity claims vs a curated dataset: within its spread, outside it by N orders
    of magnitude, or absent."""
    from pipeline import queries
    from pipeline.crosscheck import CROSSCHECK_COLUMNS, run

    try:
        rows = run(indir, dataset)
    except LitmineError as exc:
        _fail(exc)
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["verdict"]] = counts.get(r["verdict"], 0) + 1
    notes = [", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))]
    try:
        queries.emit(queries.Result(f"Conductivity claims vs {dataset.name}",
                                    list(CROSSCHECK_COLUMNS), rows, notes), fmt)
    except LitmineError as exc:
        _fail(exc)


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
    try:
        if out:
            if gold.name != pred.name:
                _fail(LitmineError("with --out, GOLD and PRED folders must have the same name"))
            ev.run(gold.parent, pred.parent, [pred.name], out, inputs=(gold, pred))
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
