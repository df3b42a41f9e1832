"""``trace``, ``query`` and ``check`` answered by the corpus database (``--db FILE``).

Same questions and the same :class:`pipeline.queries.Result` rows as the graph path
(:mod:`pipeline.queries`), computed with SQL over the tables of :mod:`pipeline.database`, so a
query over thousands of papers reads only the rows it needs. Every row names its document.
"""

from __future__ import annotations

from typing import Any

from pipeline import queries
from pipeline.errors import LitmineError
from pipeline.ingest.markdown import layout
from pipeline.queries import CLASS_ALIASES, Result

RT_VALUES = ("RT", "25", "25.0", "20", "22")

# one row per claim, in the columns of queries._claim_row; references in the graph's order
# (node ids sorted as text), their years in the same order
CLAIM_SQL = """
WITH cr AS (
    SELECT c.doc_id, c.claim_id,
           string_agg(CAST(c.ref AS VARCHAR), ';' ORDER BY CAST(c.ref AS VARCHAR)) AS refs,
           string_agg(coalesce(CAST(f.year AS VARCHAR), ''), ';'
                      ORDER BY CAST(c.ref AS VARCHAR)) AS years,
           max(f.year) AS max_year
    FROM (SELECT DISTINCT doc_id, claim_id, ref FROM claim_refs WHERE ref IS NOT NULL {cr_where}) c
    LEFT JOIN refs f ON f.doc_id = c.doc_id AND f.n = c.ref
    GROUP BY c.doc_id, c.claim_id)
SELECT m.doc_id, m.claim_id, m.material_canonical, m.property, m.value, m.value_high,
       m.relation, m.unit, m.temperature_c, m.cell, coalesce(cr.refs, '') AS refs,
       coalesce(cr.years, '') AS years, m.value_as_written, m.char_start, m.char_end,
       coalesce(s.text, '') AS sentence, m.sentence_id
FROM measurements m
LEFT JOIN cr ON cr.doc_id = m.doc_id AND cr.claim_id = m.claim_id
LEFT JOIN sentences s ON s.doc_id = m.doc_id AND s.sentence_id = m.sentence_id
WHERE {where}
ORDER BY m.doc_id, m.char_start, m.claim_id
"""

MATERIAL_SQL = """(
    lower(m.material_canonical) = $q OR lower(m.material) = $q
    OR (length($q) >= 3 AND (contains(lower(m.material_canonical), $q)
                             OR contains(lower(m.material), $q)))
    OR EXISTS (SELECT 1 FROM materials t
               WHERE t.doc_id = m.doc_id AND t.canonical = m.material_canonical
                 AND m.material_canonical <> ''
                 AND (lower(t.canonical) = $q OR lower(t.formula) = $q
                      OR lower(t.material_class) = $q
                      OR (length($q) >= 3 AND (contains(lower(t.canonical), $q)
                                               OR contains(lower(t.formula), $q)
                                               OR contains(lower(t.material_class), $q))))))"""


def _rows(con, sql: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    cur = con.execute(sql, params or {})
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def _claim_rows(con, where: list[str], params: dict[str, Any],
                cr_where: str = "") -> list[dict[str, Any]]:
    out = []
    for r in _rows(con, CLAIM_SQL.format(where=" AND ".join(where) or "true", cr_where=cr_where),
                   params):
        out.append({
            "doc": r["doc_id"], "claim": r["claim_id"], "material": r["material_canonical"],
            "property": r["property"], "value": "" if r["value"] is None else r["value"],
            "value_high": "" if r["value_high"] is None else r["value_high"],
            "relation": r["relation"], "unit": r["unit"], "temperature_c": r["temperature_c"],
            "cell": r["cell"], "refs": r["refs"], "years": r["years"],
            "as_written": r["value_as_written"], "char_start": r["char_start"],
            "char_end": r["char_end"], "sentence": r["sentence"]})
    return out


def _doc_filter(doc: str | None, alias: str, params: dict[str, Any]) -> list[str]:
    if doc is None:
        return []
    params["doc"] = doc
    return [f"{alias}.doc_id = $doc"]


def require_doc(con, doc: str | None) -> None:
    if doc is None:
        return
    if not con.execute("SELECT count(*) FROM documents WHERE doc_id = ?", [doc]).fetchone()[0]:
        raise LitmineError(f"document {doc!r} is not in the database")


def trace(con, ref: int, doc: str | None = None) -> Result:
    require_doc(con, doc)
    params: dict[str, Any] = {"ref": ref}
    dwhere = "AND doc_id = $doc" if doc is not None else ""
    if doc is not None:
        params["doc"] = doc
    docs = [r[0] for r in con.execute(f"""
        SELECT DISTINCT doc_id FROM (
            SELECT doc_id FROM refs WHERE n = $ref {dwhere}
            UNION SELECT doc_id FROM citation_refs WHERE ref = $ref {dwhere}
            UNION SELECT doc_id FROM claim_refs WHERE ref = $ref {dwhere})
        ORDER BY doc_id""", params).fetchall()]
    if not docs:
        raise LitmineError(f"reference {ref} not found" + (f" in {doc}" if doc else ""))
    entries = dict(con.execute(f"SELECT doc_id, raw FROM refs WHERE n = $ref {dwhere}",
                               params).fetchall())
    years = dict(con.execute(f"SELECT doc_id, year FROM refs WHERE n = $ref {dwhere}",
                             params).fetchall())
    notes = [queries.reference_note(d, ref, entries.get(d), len(docs)) for d in docs]
    claims = _claim_rows(con, ["EXISTS (SELECT 1 FROM claim_refs x WHERE x.doc_id = m.doc_id "
                               "AND x.claim_id = m.claim_id AND x.ref = $ref)"]
                         + _doc_filter(doc, "m", params), params)
    claims.sort(key=lambda r: (r["doc"], r["claim"]))
    verdicts = _verdicts(con)
    rows = [{"what": "claim", **r} for r in claims]
    if verdicts:
        for r in rows:
            r["verdict"] = "; ".join(verdicts.get((r["doc"], r["claim"]), []))
    sentences = _rows(con, f"""
        SELECT DISTINCT c.doc_id, c.sentence_id, s.text
        FROM citation_refs c JOIN sentences s USING (doc_id, sentence_id)
        WHERE c.ref = $ref {dwhere.replace('doc_id', 'c.doc_id')}
          AND NOT EXISTS (SELECT 1 FROM measurements m JOIN claim_refs x
                              ON x.doc_id = m.doc_id AND x.claim_id = m.claim_id
                          WHERE m.doc_id = c.doc_id AND m.sentence_id = c.sentence_id
                            AND x.ref = $ref)
        ORDER BY c.doc_id, c.sentence_id""", params)
    for s in sentences:
        y = years.get(s["doc_id"])
        rows.append({"what": "sentence", "doc": s["doc_id"], "claim": "", "material": "",
                     "property": "", "value": "", "unit": "", "temperature_c": "",
                     "refs": str(ref), "years": "" if y is None else y, "as_written": "",
                     "sentence": s["text"]})
    return queries.trace_result(ref, rows, notes, len(docs), bool(verdicts))


def _verdicts(con) -> dict[tuple[str, str], list[str]]:
    """(doc, claim id) -> "verdict (cited_doc ref n)" from the ``verification`` table (a folder
    run's ``corpus/verification.csv``), as the graph path reads them."""
    if not con.execute("SELECT count(*) FROM information_schema.tables "
                       "WHERE table_name = 'verification'").fetchone()[0]:
        return {}
    out: dict[tuple[str, str], list[str]] = {}
    for doc, claim, verdict, cited, ref in con.execute(
            "SELECT citing_doc, claim_id, verdict, cited_doc, ref FROM verification").fetchall():
        out.setdefault((doc or "", claim or ""), []).append(
            f"{verdict or ''} ({cited or ''} ref {ref or ''})")
    return out


def claims(con, material: str | None = None, prop: str | None = None,
           min_value: float | None = None, max_value: float | None = None, rt: bool = False,
           year_from: int | None = None, uncited: bool = False, compare: bool = False,
           by_year: bool = False, doc: str | None = None) -> Result:
    require_doc(con, doc)
    where: list[str] = []
    params: dict[str, Any] = {}
    if material:
        params["q"] = CLASS_ALIASES.get(material.lower(), material.lower())
        where.append(MATERIAL_SQL)
    if prop:
        params["prop"] = prop
        where.append("m.property = $prop")
    if min_value is not None:
        params["lo"] = min_value
        where.append("m.value IS NOT NULL AND m.value >= $lo")
    if max_value is not None:
        params["hi"] = max_value
        where.append("m.value IS NOT NULL AND m.value <= $hi")
    if rt:
        where.append("m.temperature_c IN (" + ", ".join(f"'{t}'" for t in RT_VALUES) + ")")
    if uncited:
        where.append("cr.refs IS NULL")
    if year_from is not None:
        params["y"] = year_from
        where.append("cr.max_year >= $y")
    where += _doc_filter(doc, "m", params)
    return queries.claims_result(_claim_rows(con, where, params), compare, by_year)


def credit_only(con, doc: str | None = None) -> Result:
    require_doc(con, doc)
    params: dict[str, Any] = {}
    dwhere = _doc_filter(doc, "c", params)
    rows = _rows(con, f"""
        SELECT c.doc_id, c.ref, f.first_author, f.year, f.title,
               list(DISTINCT s.text ORDER BY s.text) AS texts,
               count(DISTINCT c.sentence_id) AS n_sentences,
               min(c.sentence_id) AS first_sentence
        FROM citation_refs c
        JOIN sentences s USING (doc_id, sentence_id)
        LEFT JOIN refs f ON f.doc_id = c.doc_id AND f.n = c.ref
        WHERE c.ref IS NOT NULL {'AND ' + dwhere[0] if dwhere else ''}
        GROUP BY c.doc_id, c.ref, f.first_author, f.year, f.title""", params)
    credit = layout().caption_credit
    found = []
    for r in rows:
        if all(credit.match(t) for t in r["texts"]):
            first = con.execute("SELECT text FROM sentences WHERE doc_id = ? AND sentence_id = ?",
                                [r["doc_id"], r["first_sentence"]]).fetchone()[0]
            found.append({"doc": r["doc_id"], "n": r["ref"], "first_author": r["first_author"] or "",
                          "year": "" if r["year"] is None else r["year"],
                          "title": r["title"] or "", "credits": r["n_sentences"],
                          "sentence": first})
    return queries.credit_result(found)


def check(con, doc: str | None = None) -> Result:
    require_doc(con, doc)
    params: dict[str, Any] = {}
    rows: list[dict[str, Any]] = []
    tables = {r[0] for r in con.execute("SHOW TABLES").fetchall()}
    if "attributions" in tables:
        for r in _rows(con, f"""
                SELECT doc_id, verdict, name, refs, ref_first_authors, context FROM attributions a
                WHERE verdict <> 'match' {'AND ' + _doc_filter(doc, 'a', params)[0] if doc else ''}
                ORDER BY doc_id, char_start, marker_id""", params):
            rows.append(queries.attribution_finding(r["doc_id"], r))
    missing = _rows(con, f"""
        SELECT c.doc_id, c.ref, s.text FROM (SELECT DISTINCT doc_id, sentence_id, ref
                                             FROM citation_refs) c
        JOIN sentences s USING (doc_id, sentence_id)
        WHERE c.ref IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM refs f WHERE f.doc_id = c.doc_id AND f.n = c.ref)
          {'AND ' + _doc_filter(doc, 'c', params)[0] if doc else ''}
        ORDER BY c.doc_id, c.ref, c.sentence_id""", params)
    for r in missing:
        rows.append({"finding": "citation_to_missing_reference", "doc": r["doc_id"],
                     "detail": f"cites [{r['ref']}], not in the reference list",
                     "quote": r["text"]})
    claim_rows = _claim_rows(con, ["m.material_canonical <> ''"] + _doc_filter(doc, "m", params),
                             params)
    rows += queries.value_findings(claim_rows)
    return queries.check_result(rows)
