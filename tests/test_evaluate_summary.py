"""The small DVC metrics summary and the `litmine evaluate` summary table."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.evaluate import summary_rows, summary_view


def _m(refs=None, cites=None, strict=None, lenient=None) -> dict:
    m: dict = {}
    if refs is not None:
        m["references"] = {"entries_f1": refs}
    if cites is not None:
        m["citations"] = {t: {"precision": 1.0, "recall": 1.0, "f1": cites}
                          for t in ("strict", "lenient")}
    if strict is not None:
        m["measurements"] = {
            "strict": {"all": {"precision": 0.5, "recall": 0.5, "f1": strict}},
            "lenient": {"all": {"precision": 0.9, "recall": 0.9, "f1": lenient}}}
    return m


def test_summary_averages_over_the_documents_with_gold():
    s = summary_view({"a": _m(refs=1.0, cites=0.8, strict=0.5, lenient=0.9),
                      "b": _m(strict=0.7, lenient=1.0)})
    assert s == {"docs": 2, "refs": 1.0, "cites": 0.8, "claims": 0.95, "strict": 0.6}
    rows = summary_rows({"b": _m(strict=0.7, lenient=1.0)})
    assert [(r["task"], r["f1"]) for r in rows] == [("measurements (strict)", 0.7),
                                                    ("measurements (lenient)", 1.0)]


def test_evaluate_prints_a_table_or_json(tmp_path):
    from pipeline.extract import extract

    src = tmp_path / "p.md"
    src.write_text("# P\n\nLLZO shows an ionic conductivity of 3 × 10⁻⁴ S cm⁻¹ at RT.\n",
                   encoding="utf-8")
    pred = extract(src, tmp_path / "out" / "p")
    gold = tmp_path / "gold" / "p"
    gold.mkdir(parents=True)
    res = CliRunner().invoke(app, ["evaluate", "--gold", str(gold), "--pred", str(pred),
                                   "--format", "csv"])
    assert res.exit_code == 0, res.stderr
    assert res.stdout.splitlines()[0] == "doc,task,precision,recall,f1"
    res = CliRunner().invoke(app, ["evaluate", "--gold", str(gold), "--pred", str(pred),
                                   "--format", "json"])
    assert isinstance(json.loads(res.stdout), dict)
