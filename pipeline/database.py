"""DVC stage ``database``: one embedded DuckDB file holding a whole corpus of litmine outputs.

``python -m pipeline.database --root OUT --out OUT.duckdb`` (or ``litmine database OUT``) loads every
document folder of a folder run (``OUT/<doc_id>/``, the ones listed in ``OUT/run_summary.csv`` when
it exists) and the corpus-level tables (``OUT/corpus/links.csv``, ``OUT/corpus/verification.csv``,
when present). The per-document CSV/JSON files stay the contract; the database is a read-only index
of them that ``litmine trace/query/check --db FILE`` query, and that pandas or the ``duckdb`` CLI
open directly.

Every table starts with ``doc_id`` (for ``links``/``verification``: ``citing_doc``) and every
record keeps its source span (``char_start``, ``char_end``) exactly as in the CSV files.

Tables (one row per):

================ ===============================================================================
documents        document: doc_id, folder, source, sha256, format, title, year, doi, counts
sections         section: doc_id, section_no, heading, level, char_start, char_end
sentences        sentence: doc_id, sentence_id, section, kind, char_start, char_end, text
refs             reference-list entry (``references.csv`` + doc_id; ``references`` is an SQL word)
citations        citation marker (``citations.csv`` + doc_id)
citation_refs    (marker, reference number) pair: doc_id, marker_id, sentence_id, ref
mentions         material mention (``mentions.csv`` + doc_id)
measurements     quantitative claim (``measurements.csv`` + doc_id; value, value_high as DOUBLE)
claim_refs       (claim, cited reference number) pair: doc_id, claim_id, ref
materials        material of a document (graph node): doc_id, canonical, formula, material_class
attributions     "X et al.ⁿ" check (``attributions.csv`` + doc_id)
nodes            knowledge-graph node (``graph.json``): doc_id, node_id, kind, name, canonical, ...
edges            knowledge-graph edge (``graph.json``): doc_id, source, target, kind, marker_id, ...
same_as          material named in two documents (``same_as`` edges of the corpus graph, if given):
                 doc_id, canonical, other_doc, other_canonical
links            ``OUT/corpus/links.csv`` (reference resolved to a corpus document), if present
verification     ``OUT/corpus/verification.csv``, if present
runs             ``OUT/run_summary.csv``, if present
litmine_meta     key/value: what wrote this file, from which folder
================ ===============================================================================
"""

from __future__ import annotations

import argparse
import csv
import os
import tempfile
from pathlib import Path

from pipeline.errors import DataError, LitmineError
from pipeline.stage import run_stage

META_TABLE = "litmine_meta"

# CSV file -> (table, numeric columns cast to DOUBLE, integer columns cast to BIGINT)
CSV_TABLES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "references.csv": ("refs", (), ("n", "year", "times_cited", "char_start", "char_end")),
    "citations.csv": ("citations", (), ("char_start", "char_end")),
    "mentions.csv": ("mentions", (), ("char_start", "char_end")),
    "measurements.csv": ("measurements", ("value", "value_high"), ("char_start", "char_end")),
    "attributions.csv": ("attributions", (), ("char_start", "char_end")),
}
CORPUS_TABLES = {"links.csv": "links", "verification.csv": "verification"}

SENTENCE_TYPE = ("STRUCT(id VARCHAR, section VARCHAR, char_start BIGINT, char_end BIGINT, "
                 "text VARCHAR, kind VARCHAR)[]")
SECTION_TYPE = "STRUCT(heading VARCHAR, level BIGINT, char_start BIGINT, char_end BIGINT)[]"
NODE_TYPE = ("STRUCT(id VARCHAR, kind VARCHAR, doc_id VARCHAR, name VARCHAR, canonical VARCHAR, "
             "formula VARCHAR, material_class VARCHAR, n VARCHAR, year VARCHAR, "
             "missing BOOLEAN)[]")
EDGE_TYPE = ("STRUCT(source VARCHAR, target VARCHAR, kind VARCHAR, key VARCHAR, "
             "marker_id VARCHAR, location VARCHAR, position BIGINT)[]")


def document_folders(root: Path) -> list[Path]:
    """The document folders of a folder run: those of ``run_summary.csv`` (status ok) when it
    exists, else every sub-folder holding a ``document.json``."""
    root = Path(root)
    if (root / "document.json").exists():
        return [root]
    if not root.is_dir():
        raise DataError(f"{root}: no such folder")
    summary = root / "run_summary.csv"
    if summary.exists():
        with summary.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        names = [r.get("doc_id") or Path(r["document"]).stem for r in rows
                 if r.get("status") == "ok"]
        folders = [root / n for n in sorted(set(names)) if (root / n / "document.json").exists()]
    else:
        folders = sorted(p for p in root.iterdir() if (p / "document.json").exists())
    if not folders:
        raise DataError(f"{root}: no litmine outputs here (run `litmine extract` first)")
    return folders


def _sql_list(paths: list[Path]) -> str:
    return "[" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths) + "]"


def _folder_of(col: str = "filename") -> str:
    return f"regexp_replace({col}, '/[^/]*$', '')"


def _load_documents(con, folders: list[Path]) -> None:
    files = _sql_list([f / "document.json" for f in folders])
    con.execute(f"""
        CREATE TEMP TABLE doc_raw AS
        SELECT doc_id, source, sha256, format, title, metadata, sections, sentences,
               {_folder_of()} AS folder
        FROM read_json({files}, filename=true, maximum_object_size=1073741824,
             columns={{'doc_id': 'VARCHAR', 'source': 'VARCHAR', 'sha256': 'VARCHAR',
                       'format': 'VARCHAR', 'title': 'VARCHAR', 'metadata': 'JSON',
                       'sections': '{SECTION_TYPE}', 'sentences': '{SENTENCE_TYPE}'}})""")
    dup = con.execute("SELECT doc_id FROM doc_raw GROUP BY doc_id HAVING count(*) > 1 "
                      "ORDER BY 1 LIMIT 1").fetchone()
    if dup:
        raise DataError(f"doc_id {dup[0]!r} appears in two output folders")
    con.execute("""
        CREATE TABLE documents AS
        SELECT doc_id, folder, source, sha256, format, title,
               TRY_CAST(json_extract_string(metadata, '$.year') AS BIGINT) AS year,
               json_extract_string(metadata, '$.doi') AS doi,
               len(sections) AS n_sections, len(sentences) AS n_sentences
        FROM doc_raw ORDER BY doc_id""")
    con.execute("""
        CREATE TABLE sections AS
        SELECT doc_id, generate_subscripts(sections, 1) AS section_no,
               unnest(sections, recursive := true)
        FROM doc_raw ORDER BY doc_id, section_no""")
    con.execute("""
        CREATE TABLE sentences AS
        SELECT doc_id, s.id AS sentence_id, s.section, s.kind, s.char_start, s.char_end, s.text
        FROM (SELECT doc_id, unnest(sentences) AS s FROM doc_raw)""")


def _load_csv(con, folders: list[Path], name: str, table: str, doubles: tuple[str, ...],
              ints: tuple[str, ...]) -> None:
    present = [f / name for f in folders if (f / name).exists()]
    if not present:
        return
    con.execute(f"""
        CREATE TEMP TABLE raw_{table} AS
        SELECT * FROM read_csv({_sql_list(present)}, all_varchar=true, filename=true,
                               union_by_name=true, header=true, quote='"', escape='"',
                               strict_mode=false, null_padding=true)""")
    cols = [r[0] for r in con.execute(f"DESCRIBE raw_{table}").fetchall() if r[0] != "filename"]
    exprs = []
    for c in cols:
        q = '"' + c.replace('"', '""') + '"'
        if c in doubles:
            exprs.append(f"TRY_CAST(nullif(r.{q}, '') AS DOUBLE) AS {q}")
        elif c in ints:
            exprs.append(f"TRY_CAST(nullif(r.{q}, '') AS BIGINT) AS {q}")
        else:
            exprs.append(f"coalesce(r.{q}, '') AS {q}")
    con.execute(f"""
        CREATE TABLE {table} AS
        SELECT d.doc_id, {', '.join(exprs)}
        FROM raw_{table} r JOIN documents d ON d.folder = {_folder_of('r.filename')}""")
    con.execute(f"DROP TABLE raw_{table}")


def _load_graph(con, folders: list[Path]) -> None:
    present = [f / "graph.json" for f in folders if (f / "graph.json").exists()]
    if not present:
        return
    con.execute(f"""
        CREATE TEMP TABLE graph_raw AS
        SELECT d.doc_id, g.nodes, g.edges
        FROM read_json({_sql_list(present)}, filename=true, maximum_object_size=1073741824,
                       columns={{'nodes': '{NODE_TYPE}', 'edges': '{EDGE_TYPE}'}}) g
        JOIN documents d ON d.folder = {_folder_of('g.filename')}""")
    con.execute("""
        CREATE TABLE nodes AS
        SELECT doc_id, n.id AS node_id, n.kind, n.name, n.canonical,
               n.formula, n.material_class, n.n, n.year, coalesce(n.missing, false) AS missing
        FROM (SELECT doc_id, unnest(nodes) AS n FROM graph_raw)""")
    con.execute("""
        CREATE TABLE edges AS
        SELECT doc_id, e.source, e.target, e.kind, e.key, e.marker_id, e.location, e.position
        FROM (SELECT doc_id, unnest(edges) AS e FROM graph_raw)""")
    con.execute("DROP TABLE graph_raw")


def _derived(con) -> None:
    """Exploded reference lists (``51;52`` -> two rows) and per-document counts."""
    tables = {r[0] for r in con.execute("SHOW TABLES").fetchall()}
    if "nodes" in tables:
        con.execute("""
            CREATE TABLE materials AS
            SELECT doc_id, canonical, coalesce(formula, '') AS formula,
                   coalesce(material_class, '') AS material_class
            FROM nodes WHERE kind = 'material'""")
    if "citations" in tables:
        con.execute("""
            CREATE TABLE citation_refs AS
            SELECT doc_id, marker_id, sentence_id, TRY_CAST(ref AS BIGINT) AS ref
            FROM (SELECT doc_id, marker_id, sentence_id,
                         unnest(string_split(nullif(refs, ''), ';')) AS ref FROM citations)""")
    if "measurements" in tables:
        con.execute("""
            CREATE TABLE claim_refs AS
            SELECT doc_id, claim_id, TRY_CAST(ref AS BIGINT) AS ref
            FROM (SELECT doc_id, claim_id,
                         unnest(string_split(nullif(citations, ''), ';')) AS ref
                  FROM measurements)""")


def _load_corpus_tables(con, root: Path) -> None:
    for name, table in CORPUS_TABLES.items():
        path = root / "corpus" / name
        if path.exists():
            con.execute(f"CREATE TABLE {table} AS SELECT * FROM read_csv({_sql_list([path])}, "
                        "all_varchar=true, header=true)")
    summary = root / "run_summary.csv"
    if summary.exists():
        con.execute(f"CREATE TABLE runs AS SELECT * FROM read_csv({_sql_list([summary])}, "
                    "all_varchar=true, header=true)")


def _check_target(out: Path) -> None:
    """litmine never overwrites a file it did not write: an existing target must be a litmine
    database."""
    import duckdb

    if not out.exists():
        return
    try:
        con = duckdb.connect(str(out), read_only=True)
        try:
            ok = con.execute("SELECT count(*) FROM information_schema.tables "
                             f"WHERE table_name = '{META_TABLE}'").fetchone()[0] == 1
        finally:
            con.close()
    except duckdb.Error:
        ok = False
    if not ok:
        raise LitmineError(f"{out}: exists and is not a litmine database (not overwritten)")


def _load_same_as(con, corpus_graph: Path) -> None:
    """The cross-document ``same_as`` edges of the corpus graph (``pipeline.graph --corpus``)."""
    if not Path(corpus_graph).is_file():
        raise DataError(f"{corpus_graph}: no such corpus graph")
    con.execute(f"""
        CREATE TABLE same_as AS
        SELECT a.doc_id, a.canonical, b.doc_id AS other_doc, b.canonical AS other_canonical
        FROM (SELECT unnest(edges) AS e
              FROM read_json({_sql_list([Path(corpus_graph).resolve()])},
                             maximum_object_size=1073741824,
                             columns={{'edges': '{EDGE_TYPE}'}})) g
        JOIN nodes a ON a.node_id = g.e.source AND a.kind = 'material'
        JOIN nodes b ON b.node_id = g.e.target AND b.kind = 'material'
        WHERE g.e.kind = 'same_as'""")


def build(root: Path, out: Path, corpus_graph: Path | None = None) -> dict[str, int]:
    """Build the database of the folder run ``root`` into ``out`` (atomically); returns the row
    count of each table. ``corpus_graph`` (the corpus ``graph.json``) adds the ``same_as``
    table."""
    import duckdb

    root, out = Path(root), Path(out)
    folders = [f.resolve() for f in document_folders(root)]
    _check_target(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(fd)
    os.unlink(tmp_name)  # duckdb creates the file itself
    tmp = Path(tmp_name)
    try:
        con = duckdb.connect(str(tmp))
        try:
            _load_documents(con, folders)
            for name, (table, doubles, ints) in CSV_TABLES.items():
                _load_csv(con, folders, name, table, doubles, ints)
            _load_graph(con, folders)
            _derived(con)
            if corpus_graph is not None:
                _load_same_as(con, corpus_graph)
            _load_corpus_tables(con, root.resolve())
            con.execute(f"CREATE TABLE {META_TABLE} (key VARCHAR, value VARCHAR)")
            con.execute(f"INSERT INTO {META_TABLE} VALUES ('writer', 'litmine'), "
                        "('root', ?), ('documents', ?)", [str(root), str(len(folders))])
            con.execute("DROP TABLE doc_raw")
            counts = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
                      for (t,) in con.execute("SHOW TABLES").fetchall()}
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    except duckdb.Error as exc:
        raise DataError(f"{root}: could not build the database: {str(exc).splitlines()[0]}")
    finally:
        for p in (tmp, tmp.with_name(tmp.name + ".wal")):
            if p.exists():
                p.unlink()
    return counts


def connect(path: Path):
    """A read-only connection to a litmine database (one clear error otherwise)."""
    import duckdb

    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: no such database (build it with `litmine database OUT`)")
    try:
        con = duckdb.connect(str(path), read_only=True)
        con.execute(f"SELECT 1 FROM {META_TABLE} LIMIT 1")
    except duckdb.Error:
        raise DataError(f"{path}: not a litmine database")
    return con


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m pipeline.database", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, required=True, help="output folder of a folder run")
    ap.add_argument("--out", type=Path, required=True, help="database file to write")
    ap.add_argument("--corpus-graph", type=Path,
                    help="the corpus graph.json: its same_as edges become the same_as table")
    a = ap.parse_args(argv)
    run_stage(lambda: build(a.root, a.out, a.corpus_graph) and None)


if __name__ == "__main__":
    main()
