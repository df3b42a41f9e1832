"""The corpus database (DuckDB) and the queries over it: the same answers as the graph path, one
document named on every row, each paper's own "reference 1"."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from pipeline import database, dbqueries, queries
from pipeline.batch import extract_folder
from pipeline.cli import app

PAPER_A = """A Paper About Garnets

INTRODUCTION

Murugan et al.¹ reported that Li₇La₃Zr₂O₁₂ (LLZO) shows an ionic conductivity of 3 × 10⁻⁴ S cm⁻¹ at 25 °C. Kamaya et al.² reported LGPS with an ionic conductivity of 1.2 × 10⁻² S cm⁻¹ at RT. Generally, PEO shows an ionic conductivity of 10⁻⁵ S cm⁻¹ at RT. Later, LLZO was reported at 1 × 10⁻³ S cm⁻¹ at RT.²

REFERENCES

1. Murugan, R., Thangadurai, V., and Weppner, W. (2007). Fast lithium ion conduction in garnet-type Li7La3Zr2O12. *Angew. Chem. Int. Ed.* 46, 7778–7781.
2. Kamaya, N., Homma, K., and Kanno, R. (2011). A lithium superionic conductor. *Nat. Mater.* 10, 682–686.
"""

PAPER_B = """A Paper About Sulfides

INTRODUCTION

Smith et al.¹ reported that Li₆PS₅Cl shows an ionic conductivity of 2 × 10⁻³ S cm⁻¹ at RT. The garnet LLZO reaches 5 × 10⁻⁴ S cm⁻¹ at RT.¹

REFERENCES

1. Smith, A., and Jones, B. (2019). Argyrodite electrolytes. *J. Mater. Chem. A* 7, 100–110.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpusdb")
    src = root / "papers"
    src.mkdir()
    (src / "paper_a.md").write_text(PAPER_A, encoding="utf-8")
    (src / "paper_b.md").write_text(PAPER_B, encoding="utf-8")
    out = root / "out"
    assert extract_folder(src, out) == 0
    db = root / "corpus.duckdb"
    database.build(out, db)
    return out, db


def _csv(result: queries.Result) -> list[str]:
    buf = io.StringIO()
    queries.emit(result, "csv", file=buf)
    return buf.getvalue().splitlines()


def test_tables_hold_every_document_with_spans(corpus):
    out, db = corpus
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT doc_id FROM documents ORDER BY 1").fetchall() == [
        ("paper_a",), ("paper_b",)]
    for table in ("sentences", "refs", "citations", "mentions", "measurements", "edges", "nodes"):
        cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
        assert cols[0] == "doc_id", table
    # a claim's span is the value expression in the source file
    start, end, written = con.execute(
        "SELECT char_start, char_end, value_as_written FROM measurements "
        "WHERE doc_id = 'paper_b' AND material_canonical = 'Li6PS5Cl'").fetchone()
    assert PAPER_B[start:end] == written
    assert con.execute("SELECT count(*) FROM claim_refs WHERE doc_id = 'paper_a' AND ref = 2"
                       ).fetchone()[0] == 2


@pytest.mark.parametrize("call", [
    ("trace", {"ref": 1}), ("trace", {"ref": 2}), ("claims", {}),
    ("claims", {"material": "garnet", "prop": "ionic_conductivity", "min_value": 1e-4, "rt": True}),
    ("claims", {"uncited": True}), ("claims", {"year_from": 2011}),
    ("claims", {"by_year": True, "prop": "ionic_conductivity"}),
    ("claims", {"compare": True, "material": "LLZO"}), ("credit_only", {}), ("check", {}),
    ("claims", {"material": "LLZO", "doc": "paper_b"}), ("trace", {"ref": 1, "doc": "paper_a"}),
])
def test_database_answers_equal_the_graph_answers(corpus, call):
    out, db = corpus
    name, kwargs = call
    from_graph = getattr(queries, name)(queries.load(out), **kwargs)
    from_db = getattr(dbqueries, name)(database.connect(db), **kwargs)
    assert _csv(from_db) == _csv(from_graph)
    assert from_db.notes == from_graph.notes


def test_each_paper_has_its_own_reference_one(corpus):
    _, db = corpus
    result = dbqueries.trace(database.connect(db), 1)
    assert [n.split(" [1] ")[0] for n in result.notes] == ["paper_a", "paper_b"]
    assert "Murugan" in result.notes[0] and "Smith" in result.notes[1]
    assert {r["doc"] for r in result.rows} == {"paper_a", "paper_b"}
    assert all(r["doc"] for r in result.rows)
    llzo = dbqueries.claims(database.connect(db), material="LLZO", doc="paper_b").rows
    assert [(r["doc"], r["value"]) for r in llzo] == [("paper_b", 0.0005)]


def test_by_year_says_why_a_claim_repeats(corpus):
    out, _ = corpus
    result = queries.claims(queries.load(out), by_year=True)
    assert result.notes and "once per year" not in result.notes[0] or len(result.rows) > len(
        {(r["doc"], r["claim"]) for r in result.rows})
    assert "One row per (claim, year" in result.notes[0]


def test_cli_db_option_and_bad_database(corpus, tmp_path):
    _, db = corpus
    res = CliRunner().invoke(app, ["query", "-m", "LLZO", "--db", str(db), "--format", "csv"])
    assert res.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert {r["doc"] for r in rows} == {"paper_a", "paper_b"}
    res = CliRunner().invoke(app, ["trace", "1", "--db", str(tmp_path / "none.duckdb")])
    assert res.exit_code != 0 and res.stderr.startswith("litmine: error: ")
    assert "Traceback" not in res.stderr and len(res.stderr.strip().splitlines()) == 1
    res = CliRunner().invoke(app, ["query", "--db", str(db), "--doc", "nope"])
    assert res.exit_code != 0 and "not in the database" in res.stderr


def test_database_never_overwrites_a_foreign_file(corpus, tmp_path):
    out, _ = corpus
    foreign = tmp_path / "mine.duckdb"
    foreign.write_text("not a database\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["database", str(out), "-o", str(foreign)])
    assert res.exit_code != 0 and "not a litmine database" in res.stderr
    assert foreign.read_text(encoding="utf-8") == "not a database\n"
    assert [p.name for p in tmp_path.iterdir()] == ["mine.duckdb"]
    # its own file it rebuilds
    target = tmp_path / "corpus.duckdb"
    for _ in range(2):
        res = CliRunner().invoke(app, ["database", str(out), "-o", str(target)])
        assert res.exit_code == 0, res.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus.duckdb", "mine.duckdb"]


def test_corpus_tables_are_loaded_when_present(corpus, tmp_path):
    import shutil

    out = tmp_path / "out"
    shutil.copytree(corpus[0], out)
    with (out / "corpus" / "verification.csv").open(encoding="utf-8") as fh:
        n_verdicts = sum(1 for _ in csv.DictReader(fh))
    (out / "corpus" / "links.csv").write_text(
        "citing_doc,ref,cited_doc,method,score\npaper_b,1,paper_a,title,0.9\n", encoding="utf-8")
    database.build(out, tmp_path / "c.duckdb")
    con = database.connect(tmp_path / "c.duckdb")
    assert con.execute("SELECT citing_doc, ref, cited_doc FROM links").fetchall() == [
        ("paper_b", "1", "paper_a")]
    assert con.execute("SELECT count(*) FROM verification").fetchone()[0] == n_verdicts


def test_tables_fit_the_terminal_and_latex_is_read():
    from rich.console import Console  # noqa: F401

    result = queries.Result("Claims", ["doc", "claim", "material", "property", "value", "sentence"],
                            [{"doc": "paper_a", "claim": "m1", "material": "LGPS",
                              "property": "ionic_conductivity", "value": 0.012,
                              "sentence": r"A conductor of $\text{Li}_{10}\text{GeP}_2\text{S}_{12}$"
                                          r" shows $1.2 \times 10^{-2}$ S cm⁻¹ " * 4}])
    for width in (60, 80, 120):
        buf = io.StringIO()
        import os

        old = os.environ.get("COLUMNS")
        os.environ["COLUMNS"] = str(width)
        try:
            queries.emit(result, "table", file=buf)
        finally:
            if old is None:
                del os.environ["COLUMNS"]
            else:
                os.environ["COLUMNS"] = old
        text = buf.getvalue()
        assert max(len(line) for line in text.splitlines()) <= width
        assert "Li10GeP2S12" in text.replace("\n", "").replace(" ", "").replace("│", "")
        assert "\\text" not in text


def test_check_names_a_paper_by_its_doc_id_whatever_the_folder(tmp_path):
    from pipeline.extract import extract

    src = tmp_path / "paper_a.md"
    src.write_text(PAPER_A.replace("Murugan et al.¹ reported", "Weppner et al.¹ reported"),
                   encoding="utf-8")
    folder = extract(src, tmp_path / "review")  # folder name differs from the doc id
    result = queries.check(queries.load(folder))
    assert result.rows and {r["doc"] for r in result.rows} == {"paper_a"}
    assert any(r["finding"].startswith("attribution_") for r in result.rows)
