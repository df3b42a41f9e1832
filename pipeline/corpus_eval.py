"""Scores litmine's outputs on a corpus of papers against corpus-dev-format gold.

The gold format and matching rules are those of ``shared/corpus-dev/README.md``: one folder per
paper with ``conductivity.csv`` (ionic conductivity + activation energy), optionally ``cells.csv``
(cell metrics) and ``references.txt`` (the reference-list size, counted by reading).

A prediction matches a gold row when the property agrees, the value agrees within 1.1 % (both ends
of a range) and the prediction starts within 250 characters of the gold quote. Strict matching also
needs the material and the temperature. Each prediction matches at most one gold row; a closer one
with the right material is preferred. Optional gold rows are neither missed nor required: a
prediction that matches one is not counted at all. Precision counts only predictions of the
properties the gold file covers.

Usage (DVC stage ``corpus_eval``; ``--gold`` repeats, one folder of papers each)::

    python -m pipeline.corpus_eval --gold ../shared/corpus-dev/gold --gold corpus/gold/corpus-dev \
        --pred outputs/corpus-dev --out outputs/eval-corpus-dev
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from pipeline.errors import DataError
from pipeline.evaluate import PRF, as_float, int_set
from pipeline.io import atomic_write_text, read_text_exact
from pipeline.stage import run_stage

WINDOW = 250  # characters between a prediction's start and the gold quote
MIN_ROWS = 5  # a paper counts in a group's means with at least this many required gold rows
VALUE_TOL = 0.011
CONDUCTIVITY = ("ionic_conductivity", "activation_energy")
# gold metric -> litmine property
METRIC_PROPERTY = {"cycles": "cycle_life", "current_density_limit": "current_density"}
MATERIAL_DROP = re.compile(r"[\s\-‐‑–—−()\[\]{}·•$\\_^*]")


@dataclass
class Gold:
    """One gold row, in the fields the matcher needs."""

    id: str
    group: str  # conductivity_activation | cell_metrics
    property: str
    value: float
    value_high: float | None
    pos: int
    end: int
    names: tuple[str, ...]
    temperature: str
    citations: frozenset[int]
    context_citations: frozenset[int]
    optional: bool
    quote: str


@dataclass
class PaperScore:
    doc_id: str
    groups: dict[str, dict[str, PRF]] = field(default_factory=dict)
    citations_ok: int = 0
    citations_n: int = 0
    n_gold_required: dict[str, int] = field(default_factory=dict)
    references_found: int = 0
    references_true: int | None = None
    cited_fraction: float | None = None
    errors: list[dict] = field(default_factory=list)


def material_norm(s: str) -> str:
    return MATERIAL_DROP.sub("", (s or "").lower())


def material_matches(gold_names: Iterable[str], pred_names: Iterable[str]) -> bool:
    g = {material_norm(x) for x in gold_names} - {""}
    p = {material_norm(x) for x in pred_names} - {""}
    for a in g:
        for b in p:
            if a == b or (len(a) >= 3 and len(b) >= 3 and (a in b or b in a)):
                return True
    return False


def temperature_matches(gold: str, pred: str) -> bool:
    gold, pred = (gold or "").strip(), (pred or "").strip()
    if not gold:
        return True
    t = as_float(pred)
    if gold.upper() == "RT":
        return pred.upper() == "RT" or (t is not None and 20 <= t <= 27)
    g = as_float(gold)
    if g is None:
        return True
    if pred.upper() == "RT":
        return 20 <= g <= 27
    return t is not None and abs(t - g) <= 1.5


def value_matches(g: Gold, p: dict) -> bool:
    def close(a: float | None, b: float | None) -> bool:
        if a is None or b is None:
            return a is None and b is None
        return abs(a - b) <= VALUE_TOL * max(abs(a), abs(b)) or a == b

    pv, ph = as_float(p.get("value")), as_float(p.get("value_high"))
    if g.value_high is not None:
        return close(g.value, pv) and close(g.value_high, ph)
    return close(g.value, pv)


def read_rows(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def load_gold(gold_dir: Path, source: str) -> list[Gold]:
    """The paper's gold rows; a quote's position is its ``pos`` (or where it is found)."""
    rows: list[Gold] = []
    for r in read_rows(gold_dir / "conductivity.csv"):
        value = as_float(r.get("value"))
        if value is None:
            continue
        pos = _locate(r, source)
        names = (r.get("material", ""), *[a for a in (r.get("aliases") or "").split(";")])
        rows.append(Gold(r["id"], "conductivity_activation", r["property"], value,
                         as_float(r.get("value_high")), pos, pos + len(r.get("quote", "")),
                         tuple(n.strip() for n in names if n.strip()),
                         r.get("temperature_c", ""), int_set(r.get("citations", "")),
                         int_set(r.get("context_citations", "")),
                         (r.get("optional") or "").strip().lower() == "y", r.get("quote", "")))
    for r in read_rows(gold_dir / "cells.csv"):
        value = as_float(r.get("value"))
        if value is None:
            continue
        pos = _locate(r, source)
        prop = METRIC_PROPERTY.get(r["metric"], r["metric"])
        rows.append(Gold(r["id"], "cell_metrics", prop, value, as_float(r.get("value_high")), pos,
                         pos + len(r.get("quote", "")), (r.get("cell", ""),),
                         r.get("temperature_c", ""), int_set(r.get("citations", "")),
                         frozenset(), (r.get("optional") or "").strip().lower() == "y",
                         r.get("quote", "")))
    return rows


def _locate(row: dict, source: str) -> int:
    pos = as_float(row.get("pos"))
    if pos is not None and pos >= 0:
        return int(pos)
    quote = row.get("quote", "")
    return source.find(quote) if quote else -1


def _near(g: Gold, p: dict) -> bool:
    start = int(p["char_start"])
    return g.pos >= 0 and g.pos - WINDOW <= start <= g.end + WINDOW


def _pred_names(p: dict) -> tuple[str, ...]:
    return (p.get("material", ""), p.get("material_canonical", ""), p.get("cell", ""),
            p.get("material_formula", ""))


def lenient_ok(g: Gold, p: dict) -> bool:
    return p.get("property") == g.property and _near(g, p) and value_matches(g, p)


def strict_ok(g: Gold, p: dict) -> bool:
    return (lenient_ok(g, p) and material_matches(g.names, _pred_names(p))
            and temperature_matches(g.temperature, p.get("temperature_c", "")))


def match(gold: list[Gold], pred: list[dict]) -> list[tuple[int, int, bool]]:
    """One-to-one pairs ``(gold_i, pred_j, strict)``: strict pairs first, nearest first."""
    cands: list[tuple[int, int, int, int]] = []  # (tier, distance, gi, pj)
    for gi, g in enumerate(gold):
        for pj, p in enumerate(pred):
            if lenient_ok(g, p):
                tier = 0 if strict_ok(g, p) else 1
                cands.append((tier, abs(int(p["char_start"]) - g.pos), gi, pj))
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for tier, _, gi, pj in sorted(cands):
        if gi in used_g or pj in used_p:
            continue
        used_g.add(gi)
        used_p.add(pj)
        pairs.append((gi, pj, tier == 0))
    return sorted(pairs)


def score_paper(doc_id: str, gold: list[Gold], pred: list[dict]) -> PaperScore:
    score = PaperScore(doc_id)
    covered = {g.property for g in gold}
    if any(g.group == "conductivity_activation" for g in gold):
        covered |= set(CONDUCTIVITY)
    pred = [p for p in pred if p.get("property") in covered]
    pairs = match(gold, pred)
    by_pred = {pj: (gi, strict) for gi, pj, strict in pairs}
    by_gold = {gi: (pj, strict) for gi, pj, strict in pairs}
    for group in sorted({g.group for g in gold}):
        props = {g.property for g in gold if g.group == group}
        if group == "conductivity_activation":
            props |= set(CONDUCTIVITY)
        in_group = [i for i, g in enumerate(gold) if g.group == group]
        required = [i for i in in_group if not gold[i].optional]
        score.n_gold_required[group] = len(required)
        tiers = {}
        for tier_strict in (True, False):
            tp = sum(1 for i in required if i in by_gold and (by_gold[i][1] or not tier_strict))
            fp = 0
            for pj, p in enumerate(pred):
                if p.get("property") not in props:
                    continue
                if pj in by_pred:
                    gi, strict = by_pred[pj]
                    if gold[gi].optional:
                        continue  # neither rewarded nor penalised
                    if strict or not tier_strict:
                        continue
                fp += 1
            tiers["strict" if tier_strict else "lenient"] = PRF(tp=tp, fp=fp, fn=len(required) - tp)
        score.groups[group] = tiers
    for gi, (pj, strict) in by_gold.items():
        g = gold[gi]
        if not strict or g.optional:
            continue
        got = int_set(pred[pj].get("citations", ""))
        score.citations_n += 1
        score.citations_ok += got == g.citations or got == (g.citations | g.context_citations)
    for gi, g in enumerate(gold):
        if g.optional:
            continue
        if gi not in by_gold:
            score.errors.append({"kind": "missed", "gold": g.id, "property": g.property,
                                 "value": g.value, "material": g.names[0] if g.names else "",
                                 "quote": g.quote})
        elif not by_gold[gi][1]:
            p = pred[by_gold[gi][0]]
            score.errors.append({"kind": "wrong_fields", "gold": g.id, "property": g.property,
                                 "value": g.value, "material": g.names[0] if g.names else "",
                                 "temperature": g.temperature, "pred_material": p.get("material", ""),
                                 "pred_temperature": p.get("temperature_c", ""),
                                 "quote": g.quote, "claim": p.get("claim_id", "")})
    for pj, p in enumerate(pred):
        if pj not in by_pred:
            score.errors.append({"kind": "spurious", "claim": p.get("claim_id", ""),
                                 "property": p["property"], "value": p.get("value", ""),
                                 "material": p.get("material", ""),
                                 "written": p.get("value_as_written", "")})
    return score


def references_info(gold_dir: Path) -> int | None:
    path = gold_dir / "references.txt"
    if not path.exists():
        return None
    text = path.read_text(encoding="utf-8")
    m = re.search(r"reference_count:\s*(\d+)", text) or re.match(r"\s*(\d+)\s*$", text.split("\n")[0])
    return int(m.group(1)) if m else None


def reference_coverage(pred_dir: Path) -> tuple[int, float | None]:
    refs = read_rows(pred_dir / "references.csv")
    cited: set[int] = set()
    for c in read_rows(pred_dir / "citations.csv"):
        cited |= int_set(c.get("refs", ""))
    numbers = {int(r["n"]) for r in refs if str(r.get("n", "")).isdigit()}
    return len(refs), (len(cited & numbers) / len(numbers) if numbers else None)


def score_corpus(gold_roots: list[Path], pred_root: Path) -> list[PaperScore]:
    try:
        return _score_corpus(gold_roots, pred_root)
    except (KeyError, ValueError) as exc:
        raise DataError(f"a gold or prediction table is malformed ({type(exc).__name__}: {exc})") from None


def _score_corpus(gold_roots: list[Path], pred_root: Path) -> list[PaperScore]:
    scores = []
    for root in gold_roots:
        if not root.is_dir():
            raise DataError(f"{root}: no such gold folder")
        for gold_dir in sorted(p for p in root.iterdir() if p.is_dir()):
            doc_id = gold_dir.name
            pred_dir = pred_root / doc_id
            text_path = pred_dir / "text.txt"
            if not text_path.exists():
                raise DataError(f"{pred_dir}: no litmine output for gold paper {doc_id}")
            source = read_text_exact(text_path)  # offsets index it as stored (CRLF kept)
            gold = load_gold(gold_dir, source)
            s = score_paper(doc_id, gold, read_rows(pred_dir / "measurements.csv"))
            s.references_true = references_info(gold_dir)
            s.references_found, s.cited_fraction = reference_coverage(pred_dir)
            scores.append(s)
    return scores


def _f(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}"


def summary(scores: list[PaperScore]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for group in ("conductivity_activation", "cell_metrics"):
        rows = [s for s in scores if group in s.groups and s.n_gold_required.get(group, 0) >= MIN_ROWS]
        if not rows:
            continue
        for tier in ("strict", "lenient"):
            f1s = [s.groups[group][tier].f1 for s in rows]
            out[f"{group}_{tier}_f1_mean"] = round(sum(f1s) / len(f1s), 4)
            out[f"{group}_{tier}_f1_min"] = round(min(f1s), 4)
        out[f"{group}_papers"] = len(rows)
    return out


def metrics(scores: list[PaperScore]) -> dict[str, Any]:
    per_paper = {}
    for s in scores:
        d: dict[str, Any] = {}
        for group, tiers in s.groups.items():
            for tier, prf in tiers.items():
                d[f"{group}_{tier}_f1"] = round(prf.f1, 4)
        d["citations_acc"] = round(s.citations_ok / s.citations_n, 4) if s.citations_n else None
        d["references_found"] = s.references_found
        d["references_true"] = s.references_true
        d["cited_fraction"] = None if s.cited_fraction is None else round(s.cited_fraction, 4)
        per_paper[s.doc_id] = d
    return {"summary": summary(scores), "papers": per_paper}


def report(scores: list[PaperScore], title: str) -> str:
    lines = [f"# {title}", "", "Produced by `python -m pipeline.corpus_eval`; matching rules in its "
             f"docstring (= `shared/corpus-dev/README.md`). Groups with fewer than {MIN_ROWS} required gold "
             "rows are shown but left out of the means.", "",
             "| paper | cond. gold | cond. strict P/R/F1 | cond. lenient F1 | cells gold | cells strict "
             "F1 | cells lenient F1 | citations ok | refs found / true | list cited |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for s in scores:
        c = s.groups.get("conductivity_activation")
        k = s.groups.get("cell_metrics")
        cs = (f"{c['strict'].precision:.2f}/{c['strict'].recall:.2f}/{c['strict'].f1:.2f}"
              if c else "—")
        lines.append(
            f"| {s.doc_id} | {s.n_gold_required.get('conductivity_activation', 0)} | {cs} | "
            f"{_f(c['lenient'].f1) if c else '—'} | {s.n_gold_required.get('cell_metrics', '—')} | "
            f"{_f(k['strict'].f1) if k else '—'} | {_f(k['lenient'].f1) if k else '—'} | "
            f"{s.citations_ok}/{s.citations_n} | {s.references_found} / "
            f"{s.references_true if s.references_true is not None else '?'} | "
            f"{_f(s.cited_fraction)} |")
    lines += ["", "## Summary", ""]
    lines += [f"- {k}: {v}" for k, v in summary(scores).items()]
    for s in scores:
        if not s.errors:
            continue
        lines += ["", f"## {s.doc_id}: errors ({len(s.errors)})", ""]
        for e in s.errors:
            lines.append("- " + "; ".join(f"{k}: `{v}`" for k, v in e.items()))
    return "\n".join(lines) + "\n"


OUT_FILES = ("summary.json", "papers.json", "report.md")


def run(gold_roots: list[Path], pred_root: Path, out_dir: Path, title: str) -> list[PaperScore]:
    """Score and write ``OUT_FILES`` into ``out_dir`` (the output-safety rule of
    :mod:`pipeline.outdir`: a new folder, or one whose files litmine wrote)."""
    from pipeline.outdir import prepare_folder, write_marker

    scores = score_corpus(gold_roots, pred_root)
    prepare_folder(out_dir, "evaluation", OUT_FILES, (*gold_roots, pred_root))
    m = metrics(scores)
    atomic_write_text(out_dir / "summary.json", json.dumps(m["summary"], indent=1) + "\n")
    atomic_write_text(out_dir / "papers.json", json.dumps(m["papers"], indent=1) + "\n")
    atomic_write_text(out_dir / "report.md", report(scores, title))
    write_marker(out_dir, "evaluation", list(OUT_FILES))
    return scores


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m pipeline.corpus_eval", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, action="append", required=True,
                    help="a gold root: one folder per paper (repeatable)")
    ap.add_argument("--pred", type=Path, required=True, help="litmine outputs, one folder per paper")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--title", default="litmine on corpus-dev papers")
    a = ap.parse_args(argv)

    def go() -> None:
        scores = run(a.gold, a.pred, a.out, a.title)
        print(report(scores, a.title).split("\n## ")[0])
        print("\n".join(f"{k}: {v}" for k, v in summary(scores).items()))

    run_stage(go)


if __name__ == "__main__":
    main()
