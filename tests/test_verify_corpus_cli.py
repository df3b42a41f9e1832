"""Folder runs write OUT/corpus (links, verdicts, graph edges); `litmine verify`, `crosscheck`
and `trace` show them. Two hand-made documents: a paper and a review citing it by DOI."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app

PAPER = """## Superionic conduction in a sodium dodecaborate solid electrolyte at high temperature

Alice Quistorp, Bob Jones

Cite this: J. Imag. Mater., 2019, 7, 1234

DOI: 10.9999/jim.2019.0042

## Abstract

We report the sodium conductor Na2B12H12 for solid-state batteries. After its order-disorder transition, Na2B12H12 shows an ionic conductivity of 0.1 S cm⁻¹ at 267 °C. At room temperature the conductivity of Na2B12H12 is only 1 × 10⁻⁷ S cm⁻¹.

## Introduction

Solid electrolytes are needed for safe batteries.¹

## References

1. C. Other, J. Other Stuff, 2010, 3, 45.
"""

REVIEW = """## A review of hydroborate solid electrolytes for sodium batteries

Carol Reviewer

## Introduction

Hydroborates are an emerging class of solid electrolytes.¹ Na2B12H12 exhibits an ionic conductivity of 0.1 S cm⁻¹ at 267 °C.² Na2B12H12 also reaches 1 × 10⁻³ S cm⁻¹ at room temperature.² The conductivity of Li7La3Zr2O12 is 3 × 10⁻⁴ S cm⁻¹ at room temperature.²

## References

1. D. Someone, Some J., 2012, 4, 10.
2. Quistorp, A.; Jones, B. Superionic Conduction in a Sodium Dodecaborate Solid Electrolyte at High Temperature. J. Imag. Mater. 2019, 7, 1234-1240. https://doi.org/10.9999/jim.2019.0042.
"""

# an excerpt in OBELiX's format (columns as in the CC BY 4.0 OBELiX dataset, Therrien et al.
# 2025); the rows are made up for the test
DATASET = """ID,Reduced Composition,True Composition,Ionic conductivity (S cm-1),DOI
a1,Li7La3Zr2O12,Li7La3Zr2O12,2e-4,10.1002/anie.200701144
a2,Li7La3Zr2O12,Li7La3Zr2O12,5e-4,10.1000/other
a3,Li3PS4,Li3PS4,1.6e-4,10.1000/lps
"""


@pytest.fixture(scope="module")
def corpus_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    src = root / "in"
    src.mkdir()
    (src / "paper_a.md").write_text(PAPER, encoding="utf-8")
    (src / "review_b.md").write_text(REVIEW, encoding="utf-8")
    out = root / "out"
    res = CliRunner().invoke(app, ["extract", str(src), "-o", str(out)])
    assert res.exit_code == 0, res.output
    return out


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_folder_run_writes_links_and_verdicts(corpus_out: Path) -> None:
    links = _rows(corpus_out / "corpus" / "links.csv")
    assert [(r["citing_doc"], r["ref"], r["cited_doc"], r["method"]) for r in links] == \
        [("review_b", "2", "paper_a", "doi")]
    verdicts = {r["claim_id"]: r for r in _rows(corpus_out / "corpus" / "verification.csv")}
    assert {k: v["verdict"] for k, v in verdicts.items()} == \
        {"m1": "supported", "m2": "different_value", "m3": "not_found"}
    assert verdicts["m1"]["cited_claims"] == "m1" and verdicts["m1"]["cited_spans"]
    review = (corpus_out / "review_b" / "text.txt").read_text(encoding="utf-8")
    paper = (corpus_out / "paper_a" / "text.txt").read_text(encoding="utf-8")
    m2 = verdicts["m2"]
    assert review[int(m2["char_start"]):int(m2["char_end"])] == "1 × 10⁻³ S cm⁻¹"
    a, b = map(int, m2["cited_spans"].split("-"))
    assert paper[a:b] == "1 × 10⁻⁷ S cm⁻¹"


def test_corpus_graph_edges(corpus_out: Path) -> None:
    g = json.loads((corpus_out / "corpus" / "graph.json").read_text(encoding="utf-8"))
    kinds = {(e["source"], e["target"], e["kind"]) for e in g["edges"]}
    assert ("reference:review_b:2", "document:paper_a", "resolves_to") in kinds
    assert ("claim:review_b:m1", "claim:paper_a:m1", "verified_by") in kinds
    assert ("claim:review_b:m2", "claim:paper_a:m2", "contradicted_by") in kinds


def test_verify_command_formats(corpus_out: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(app, ["verify", "--in", str(corpus_out), "--format", "csv"])
    assert res.exit_code == 0
    rows = list(csv.DictReader(res.stdout.splitlines()))
    assert [r["verdict"] for r in rows] == ["supported", "different_value", "not_found"]
    res = runner.invoke(app, ["verify", "--in", str(corpus_out), "--format", "json",
                              "--verdict", "supported"])
    assert [r["claim_id"] for r in json.loads(res.stdout)["rows"]] == ["m1"]
    res = runner.invoke(app, ["verify", "--in", str(corpus_out), "--links", "--format", "csv"])
    assert "review_b,2,paper_a,doi" in res.stdout
    res = runner.invoke(app, ["verify", "--in", str(corpus_out)])
    assert res.exit_code == 0 and "different_value" in res.stdout


def test_verify_recomputes_without_writing(corpus_out: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "out"
    shutil.copytree(corpus_out, copy)
    shutil.rmtree(copy / "corpus")
    res = CliRunner().invoke(app, ["verify", "--in", str(copy), "--format", "csv"])
    assert res.exit_code == 0 and res.stdout.count("paper_a") == 3
    assert not (copy / "corpus").exists()


def test_trace_shows_the_verdict(corpus_out: Path) -> None:
    res = CliRunner().invoke(app, ["trace", "2", "--in", str(corpus_out), "--format", "csv"])
    rows = [r for r in csv.DictReader(res.stdout.splitlines()) if r["what"] == "claim"]
    assert [r["verdict"] for r in rows] == ["supported (paper_a ref 2)",
                                            "different_value (paper_a ref 2)",
                                            "not_found (paper_a ref 2)"]


def test_crosscheck(corpus_out: Path, tmp_path: Path) -> None:
    ds = tmp_path / "obelix.csv"
    ds.write_text(DATASET, encoding="utf-8")
    res = CliRunner().invoke(app, ["crosscheck", "--dataset", str(ds), "--in", str(corpus_out),
                                   "--format", "csv"])
    assert res.exit_code == 0, res.output
    rows = {(r["doc"], r["claim_id"]): r for r in csv.DictReader(res.stdout.splitlines())}
    llzo = rows[("review_b", "m3")]
    assert (llzo["verdict"], llzo["dataset_n"], llzo["match"]) == ("within_spread", "2", "composition")
    assert rows[("paper_a", "m1")]["verdict"] == "not_compared"   # 267 °C
    assert rows[("paper_a", "m2")]["verdict"] == "absent"         # no Na2B12H12 in the dataset


def test_crosscheck_outside_by_orders_of_magnitude(tmp_path: Path) -> None:
    from pipeline.crosscheck import Row, crosscheck
    from pipeline.identity import Identity
    from pipeline.schema import Measurement
    from pipeline.verify import DocData

    lost_exponent = Measurement("m1", "s1", 0, 5, "LLZO", "Li7La3Zr2O12", "ionic_conductivity",
                                "eq", 10.0, None, "S/cm", "10 S cm-1", "RT")
    dd = DocData("d", tmp_path, Identity("d", doi="10.1000/other"), [], [lost_exponent])
    rows = [Row("comp:Li7La3Zr2O12", "Li7La3Zr2O12", 2e-4, "10.1002/x"),
            Row("comp:Li7La3Zr2O12", "Li7La3Zr2O12", 5e-4, "10.1000/other")]
    [r] = crosscheck([dd], rows)
    assert r["verdict"] == "outside" and r["match"] == "doi" and r["orders"] == pytest.approx(4.3, abs=0.01)
    assert "extraction error" in r["note"]


@pytest.mark.parametrize("content, message", [
    (None, "no such dataset file"),
    ("a,b\n1,2\n", "not a conductivity dataset"),
    ("composition,conductivity\nLLZO?,x\n", "no rows"),
])
def test_crosscheck_bad_dataset_is_one_line(corpus_out: Path, tmp_path: Path, content, message) -> None:
    ds = tmp_path / "ds.csv"
    if content is not None:
        ds.write_text(content, encoding="utf-8")
    res = CliRunner().invoke(app, ["crosscheck", "--dataset", str(ds), "--in", str(corpus_out)])
    assert res.exit_code != 0
    assert res.output.strip().startswith("litmine: error:") and message in res.output
    assert "Traceback" not in res.output


def test_verify_without_outputs_is_one_line(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["verify", "--in", str(tmp_path)])
    assert res.exit_code != 0 and res.output.startswith("litmine: error:")
    res = CliRunner().invoke(app, ["verify", "--in", str(tmp_path / "missing")])
    assert res.exit_code != 0 and res.output.startswith("litmine: error:")


def test_pictures_page_shows_the_checked_claims(corpus_out: Path, tmp_path: Path) -> None:
    target = tmp_path / "p.html"
    res = CliRunner().invoke(app, ["picture", "--in", str(corpus_out / "review_b"), "-o", str(target)])
    assert res.exit_code == 0, res.output
    html = target.read_text(encoding="utf-8")
    assert "Claims checked against the cited papers" in html
    assert "supported: 1, different value: 1, different conditions: 0, not found: 1" in html
    # the claim's value and the cited value side by side in one row
    row = next(line for line in html.splitlines() if '<td class="different_value">' in line)
    assert "<td>0.001</td>" in row and "<td>1e-07</td>" in row
    # a document page without a corpus run has no such section
    res = CliRunner().invoke(app, ["picture", "--in", str(corpus_out / "paper_a"), "-o", str(target)])
    assert "Claims checked" not in target.read_text(encoding="utf-8")


def test_corpus_step_never_raises(tmp_path: Path) -> None:
    from pipeline.verify import corpus_step

    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "document.json").write_text("{not json", encoding="utf-8")
    msg = corpus_step(tmp_path, ["broken"])
    assert msg.startswith("corpus outputs not written")
    assert not (tmp_path / "corpus").exists()


def test_verify_on_one_documents_folder_says_so(corpus_out: Path) -> None:
    res = CliRunner().invoke(app, ["verify", "--in", str(corpus_out / "paper_a")])
    assert res.exit_code != 0 and "folder run" in res.output and "Traceback" not in res.output


def test_trace_in_one_documents_folder_shows_the_verdict(corpus_out: Path) -> None:
    res = CliRunner().invoke(app, ["trace", "2", "--in", str(corpus_out / "review_b"), "--format", "csv"])
    rows = [r for r in csv.DictReader(res.stdout.splitlines()) if r["what"] == "claim"]
    assert rows and all(r["verdict"].endswith("(paper_a ref 2)") for r in rows)


def test_corpus_step_takes_only_this_runs_documents(corpus_out: Path, tmp_path: Path) -> None:
    import shutil

    from pipeline.verify import corpus_step

    copy = tmp_path / "out"
    shutil.copytree(corpus_out, copy)
    shutil.rmtree(copy / "corpus")
    # by input file name (as batch passes them) or folder name; one document: nothing to link
    assert corpus_step(copy, ["review_b.md"]).startswith("corpus outputs skipped")
    assert not (copy / "corpus").exists()
    assert corpus_step(copy, ["review_b.md", "paper_a"]).startswith("corpus: 1 links")


def test_crosscheck_matches_the_cited_references_doi(tmp_path: Path) -> None:
    from pipeline.crosscheck import Row, crosscheck
    from pipeline.identity import Identity
    from pipeline.schema import Measurement, Reference
    from pipeline.verify import DocData

    c = Measurement("m1", "s1", 0, 5, "LLZO", "Li7La3Zr2O12", "ionic_conductivity", "eq", 3e-4,
                    None, "S/cm", "3 × 10⁻⁴ S cm⁻¹", "RT", citations=[3])
    ref = Reference(n=3, raw="Murugan, R. et al. Angew. Chem. 2007. https : //doi . org/10 . 1002/anie . 200701144")
    dd = DocData("review", tmp_path, Identity("review"), [ref], [c])
    rows = [Row("comp:Li7La3Zr2O12", "Li7La3Zr2O12", 2e-4, "10.1002/anie.200701144"),
            Row("comp:Li7La3Zr2O12", "Li7La3Zr2O12", 1e-6, "10.1000/other")]
    [r] = crosscheck([dd], rows)
    # the row of the cited paper decides: within its value, not the whole spread
    assert (r["match"], r["dataset_n"], r["verdict"]) == ("doi", 1, "within_spread")


def test_corpus_outputs_never_replace_a_file_litmine_did_not_write(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "paper_a.md").write_text(PAPER, encoding="utf-8")
    (src / "review_b.md").write_text(REVIEW, encoding="utf-8")
    out = tmp_path / "out"
    assert CliRunner().invoke(app, ["extract", str(src), "-o", str(out)]).exit_code == 0
    mine = out / "corpus" / "links.csv"
    mine.write_text("my own notes\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["extract", str(src), "-o", str(out)])
    assert "corpus outputs not written" in res.output and "Traceback" not in res.output
    assert mine.read_text(encoding="utf-8") == "my own notes\n"
