"""DVC stage ``evaluate``: precision/recall of litmine's outputs against hand-annotated gold.

Matching rules are those of ``corpus/gold/GUIDELINES.md``. Counts are plain integers per label
(never a set of counts), so equal counts for different labels cannot collapse.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import html
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

from pipeline.corpus import doc_ids_from
from pipeline.io import atomic_write_text, read_text_exact
from pipeline.stage import run_stage

DASHES = re.compile(r"[‐‑‒–—−-]")
SUB_SUP = str.maketrans("₀₁₂₃₄₅₆₇₈₉⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻", "01234567890123456789+-")


# ------------------------------------------------------------------------------------------------
# counting


@dataclass
class PRF:
    """True positives, false positives and false negatives for one label."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "tp": self.tp, "fp": self.fp, "fn": self.fn}


def prf_from_matching(n_gold: int, n_pred: int, n_matched: int) -> PRF:
    return PRF(tp=n_matched, fp=n_pred - n_matched, fn=n_gold - n_matched)


def greedy_match(gold: list[dict], pred: list[dict],
                 tiers: list[Callable[[dict, dict], bool]]) -> list[tuple[int, int, int]]:
    """One-to-one matching, best tier first, in document order: ``(gold_i, pred_j, tier)``."""
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[int, int, int]] = []
    for tier, ok in enumerate(tiers):
        for gi, g in enumerate(gold):
            if gi in used_g:
                continue
            for pj, p in enumerate(pred):
                if pj not in used_p and ok(g, p):
                    used_g.add(gi)
                    used_p.add(pj)
                    pairs.append((gi, pj, tier))
                    break
    return sorted(pairs)


# ------------------------------------------------------------------------------------------------
# field normalisation


def norm_text(s: str) -> str:
    s = unicodedata.normalize("NFKC", s or "").translate(SUB_SUP)
    s = re.sub(r"\\text\{([^}]*)\}|[*$_{}\\]", lambda m: m.group(1) or "", s)
    s = DASHES.sub("-", s)
    return re.sub(r"\s+", " ", s).strip().rstrip(".").lower()


def norm_material(s: str) -> str:
    s = norm_text(s).replace("-doped", "-").replace("doped ", "")
    return re.sub(r"[\s·•\-%]", "", s)


def spans_overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def as_float(x: Any) -> float | None:
    try:
        return float(x) if x not in ("", None) else None
    except (TypeError, ValueError):
        return None


def same_value(a: Any, b: Any, tol: float = 0.01) -> bool:
    x, y = as_float(a), as_float(b)
    if x is None or y is None:
        return x is None and y is None
    return abs(x - y) <= tol * max(abs(x), abs(y)) or x == y


def same_temperature(a: str, b: str) -> bool:
    a, b = (a or "").strip(), (b or "").strip()
    if a.upper() == "RT" or b.upper() == "RT":
        return a.upper() == b.upper() or {a.upper(), b.upper()} <= {"RT", "25", "25.0"}
    if not a or not b:
        return a == b
    return abs(float(a) - float(b)) <= 0.5


def temperature_ok(g: dict, p: dict) -> bool:
    """Same temperature; a gold row without one (the sentence states none) also accepts a
    temperature the prediction says it took from the paragraph or document context."""
    if not (g.get("temperature_c") or "").strip() and p.get("temperature_rule") in (
            "paragraph", "document"):
        return True
    return same_temperature(g.get("temperature_c", ""), p.get("temperature_c", ""))


def int_set(s: str) -> frozenset[int]:
    return frozenset(int(x) for x in re.split(r"[;,\s]+", s or "") if x.strip().isdigit())


def conditions(s: str) -> dict:
    try:
        d = json.loads(s) if s else {}
    except json.JSONDecodeError:
        return {}
    return d if isinstance(d, dict) else {}


# ------------------------------------------------------------------------------------------------
# tasks


def read_csv(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def span(row: dict) -> tuple[int, int]:
    return int(row["char_start"]), int(row["char_end"])


REFERENCE_FIELDS = ("kind", "authors", "first_author", "year", "title", "container", "volume",
                    "pages", "doi")


def score_references(gold: list[dict], pred: list[dict]) -> dict:
    by_n = {r["n"]: r for r in pred}
    fields: dict[str, PRF] = {}
    errors = []
    for f in REFERENCE_FIELDS:
        correct = 0
        for g in gold:
            p = by_n.get(g["n"])
            ok = p is not None and _same_ref_field(f, g.get(f, ""), p.get(f, ""))
            correct += ok
            if not ok:
                errors.append({"n": g["n"], "field": f, "gold": g.get(f, ""),
                               "pred": p.get(f, "") if p else "(missing)"})
        fields[f] = PRF(tp=correct, fn=len(gold) - correct)
    entries = prf_from_matching(len(gold), len(pred), len(set(by_n) & {g["n"] for g in gold}))
    return {"entries": entries.as_dict(),
            "field_accuracy": {f: round(v.recall, 4) for f, v in fields.items()},
            "errors": errors}


def _same_ref_field(name: str, g: str, p: str) -> bool:
    if name == "authors":
        return [norm_text(x) for x in g.split(";") if x] == [norm_text(x) for x in p.split(";") if x]
    return norm_text(g) == norm_text(p)


def score_citations(gold: list[dict], pred: list[dict]) -> dict:
    def lenient(g: dict, p: dict) -> bool:
        return spans_overlap(span(g), span(p))

    def strict(g: dict, p: dict) -> bool:
        return lenient(g, p) and int_set(g["refs"]) == int_set(p["refs"])

    s_pairs = greedy_match(gold, pred, [strict])
    l_pairs = greedy_match(gold, pred, [lenient])
    matched_g = {g for g, _, _ in s_pairs}
    matched_p = {p for _, p, _ in s_pairs}
    return {
        "strict": prf_from_matching(len(gold), len(pred), len(s_pairs)).as_dict(),
        "lenient": prf_from_matching(len(gold), len(pred), len(l_pairs)).as_dict(),
        "false_negatives": [gold[i] for i in range(len(gold)) if i not in matched_g],
        "false_positives": [pred[j] for j in range(len(pred)) if j not in matched_p],
    }


def score_mentions(gold: list[dict], pred: list[dict], paragraphs: list[dict]) -> dict:
    areas = [span(p) for p in paragraphs]
    pred = [p for p in pred if any(a <= span(p)[0] and span(p)[1] <= b for a, b in areas)]
    s_pairs = greedy_match(gold, pred, [lambda g, p: span(g) == span(p)])
    l_pairs = greedy_match(gold, pred, [lambda g, p: span(g) == span(p),
                                        lambda g, p: spans_overlap(span(g), span(p))])
    matched_g = {g for g, _, _ in l_pairs}
    matched_p = {p for _, p, _ in l_pairs}
    return {
        "strict": prf_from_matching(len(gold), len(pred), len(s_pairs)).as_dict(),
        "lenient": prf_from_matching(len(gold), len(pred), len(l_pairs)).as_dict(),
        "false_negatives": [gold[i] for i in range(len(gold)) if i not in matched_g],
        "false_positives": [pred[j] for j in range(len(pred)) if j not in matched_p],
    }


def material_key(s: str) -> str:
    """A composite names the same material in any order: ``PEO/LLZO`` = ``LLZO/PEO``."""
    return "/".join(sorted(norm_material(s).split("/")))


def material_ok(g: dict, p: dict) -> bool:
    names = {material_key(g.get("material_canonical", "")), material_key(g.get("material", ""))}
    names |= {material_key(x) for x in (g.get("material_alt") or "").split(";")}
    names.discard("")
    pred = {material_key(p.get("material_canonical", "")), material_key(p.get("material", ""))}
    pred.discard("")
    return bool(names & pred)


def measurement_candidates(g: dict, p: dict) -> bool:
    return g["property"] == p["property"] and spans_overlap(span(g), span(p))


def measurement_lenient(g: dict, p: dict) -> bool:
    return (measurement_candidates(g, p) and same_value(g["value"], p["value"])
            and same_value(g.get("value_high"), p.get("value_high"))
            and norm_text(g["unit"]) == norm_text(p["unit"]))


def measurement_strict(g: dict, p: dict) -> bool:
    return (measurement_lenient(g, p) and material_ok(g, p) and temperature_ok(g, p)
            and int_set(g.get("citations", "")) == int_set(p.get("citations", "")))


FIELD_CHECKS: dict[str, Callable[[dict, dict], bool]] = {
    "material": material_ok,
    "temperature": temperature_ok,
    "citations": lambda g, p: int_set(g.get("citations", "")) == int_set(p.get("citations", "")),
    "conditions": lambda g, p: all(
        same_value(v, conditions(p.get("conditions", "")).get(k)) if not isinstance(v, str)
        else str(conditions(p.get("conditions", "")).get(k, "")) == v
        for k, v in conditions(g.get("conditions", "")).items()),
    "relation": lambda g, p: g.get("relation", "") == p.get("relation", ""),
    "cell": lambda g, p: norm_material(g.get("cell", "")) == norm_material(p.get("cell", "")),
}

CONDUCTIVITY_GROUP = ("ionic_conductivity", "activation_energy")


def score_measurements(gold: list[dict], pred: list[dict]) -> dict:
    """Strict and lenient P/R/F1 overall and per property, and per-field accuracy."""
    pairs = greedy_match(gold, pred, [measurement_strict, measurement_lenient])
    strict = [(g, p) for g, p, t in pairs if t == 0]
    props = sorted({r["property"] for r in gold} | {r["property"] for r in pred})

    def counts(keep: Callable[[str], bool], tier_max: int) -> PRF:
        n_g = sum(1 for r in gold if keep(r["property"]))
        n_p = sum(1 for r in pred if keep(r["property"]))
        n_m = sum(1 for g, _, t in pairs if t <= tier_max and keep(gold[g]["property"]))
        return prf_from_matching(n_g, n_p, n_m)

    groups: dict[str, Callable[[str], bool]] = {"all": lambda _: True,
                                                "conductivity_activation": lambda x: x in CONDUCTIVITY_GROUP,
                                                "cell_metrics": lambda x: x not in CONDUCTIVITY_GROUP}
    groups.update({p: (lambda x, p=p: x == p) for p in props})
    matched_g = {g for g, _, _ in pairs}
    matched_p = {p for _, p, _ in pairs}
    field_acc = {}
    for name, check in FIELD_CHECKS.items():
        ok = sum(1 for g, p, _ in pairs if check(gold[g], pred[p]))
        field_acc[name] = round(ok / len(pairs), 4) if pairs else 0.0
    return {
        "strict": {k: counts(f, 0).as_dict() for k, f in groups.items()},
        "lenient": {k: counts(f, 1).as_dict() for k, f in groups.items()},
        "field_accuracy": field_acc,
        "n_strict_pairs": len(strict),
        "false_negatives": [gold[i] for i in range(len(gold)) if i not in matched_g],
        "false_positives": [pred[j] for j in range(len(pred)) if j not in matched_p],
        "lenient_only": [(gold[g], pred[p]) for g, p, t in pairs if t == 1],
    }


_FOLD = {ord(c): d for c, d in zip("⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉⁻₋−–—‐’", "01234567890123456789----'-'")}


_LOOSE = frozenset("-^{}_")  # hyphenation and LaTeX sub/superscript marks differ between readers


def _folded(text: str) -> tuple[str, list[int]]:
    """``text`` without whitespace, hyphens/dashes and LaTeX ``^{}``/``_`` marks, NFKC-folded,
    sub/superscripts as digits, with the index in ``text`` of each kept character."""
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch.translate(_FOLD)).translate(_FOLD):
            if not c.isspace() and c not in _LOOSE:
                out.append(c)
                index.append(i)
    return "".join(out), index


def anchor_by_context(gold: list[dict], text: str) -> list[dict]:
    """Gold rows written for a PDF carry a ``context`` snippet instead of offsets (offsets into a
    PDF's extracted text change with the reader). Give each row the span of its
    ``value_as_written`` inside the first occurrence of its context in ``text`` (comparison
    ignores whitespace, ligatures, sub/superscripts and dash variants); rows whose context is not
    found get an empty span (-1, -1) and can only be false negatives."""
    folded, index = _folded(text)
    out = []
    for g in gold:
        ctx, _ = _folded(g["context"])
        at = folded.find(ctx) if ctx else -1
        a, b = _span_in_context(folded, index, at, ctx, g.get("value_as_written", ""))
        out.append({**g, "char_start": str(a), "char_end": str(b)})
    return out


def _span_in_context(folded: str, index: list[int], at: int, ctx: str, value: str
                     ) -> tuple[int, int]:
    """The source span of ``value`` inside the context found at folded position ``at`` (the
    whole context if the value is not in it); (-1, -1) when the context was not found."""
    if at < 0:
        return -1, -1
    val, _ = _folded(value)
    inner = folded.find(val, at, at + len(ctx)) if val else -1
    lo, hi = (inner, inner + len(val)) if inner >= 0 else (at, at + len(ctx))
    return index[lo], index[hi - 1] + 1


def anchor_paragraphs(paragraphs: list[dict], text: str) -> list[dict]:
    """Sampled PDF paragraphs given by their first and last words -> spans in ``text``."""
    folded, index = _folded(text)
    out = []
    for p in paragraphs:
        first, _ = _folded(p["first_words"])
        last, _ = _folded(p["last_words"])
        a = folded.find(first) if first else -1
        b = folded.find(last, max(a, 0)) if a >= 0 and last else -1
        span_ = (index[a], index[b + len(last) - 1] + 1) if a >= 0 and b >= 0 else (-1, -1)
        out.append({**p, "char_start": str(span_[0]), "char_end": str(span_[1])})
    return out


def anchor_mentions(gold: list[dict], paragraphs: list[dict], text: str) -> list[dict]:
    """Context-anchored mention rows -> spans, each searched inside its own paragraph, after the
    previous row of the same paragraph (so a repeated context finds its next occurrence)."""
    folded, index = _folded(text)
    starts = {p["paragraph_id"]: span(p) for p in paragraphs}
    cursor: dict[str, int] = {}
    out = []
    for g in gold:
        a, b = starts.get(g["paragraph_id"], (-1, -1))
        lo = bisect.bisect_left(index, a) if a >= 0 else len(folded)
        hi = bisect.bisect_left(index, b) if b >= 0 else len(folded)
        ctx, _ = _folded(g["context"])
        at = folded.find(ctx, max(lo, cursor.get(g["paragraph_id"], lo)), hi) if ctx else -1
        if at < 0 and ctx:
            at = folded.find(ctx, lo, hi)
        if at >= 0:
            cursor[g["paragraph_id"]] = at + 1
        x, y = _span_in_context(folded, index, at, ctx, g["text"])
        out.append({**g, "char_start": str(x), "char_end": str(y)})
    return out


def score_quantity_spans(gold: list[dict], quantities: list[dict]) -> dict:
    """Recall of gold values among all recognised quantities (value and unit right)."""
    def ok(g: dict, q: dict) -> bool:
        return (spans_overlap(span(g), span(q)) and same_value(g["value"], q["value"])
                and norm_text(g["unit"]) == norm_text(q["unit"]))

    pairs = greedy_match(gold, quantities, [ok])
    matched = {g for g, _, _ in pairs}
    return {"recall": round(len(pairs) / len(gold), 4) if gold else 0.0, "found": len(pairs),
            "gold": len(gold), "missed": [gold[i] for i in range(len(gold)) if i not in matched]}


# ------------------------------------------------------------------------------------------------
# reports


SPAN_TASKS = ("citations", "mentions", "mentions_heldout")


def evaluate(gold_dir: Path, pred_dir: Path, baseline: list[dict] | None = None) -> dict:
    """All task scores for one document."""
    out: dict[str, Any] = {"doc_id": pred_dir.name}
    g_refs = read_csv(gold_dir / "references.csv")
    if g_refs:
        out["references"] = score_references(g_refs, read_csv(pred_dir / "references.csv"))
    g_cit = read_csv(gold_dir / "citations.csv")
    if g_cit:
        out["citations"] = score_citations(g_cit, read_csv(pred_dir / "citations.csv"))
    g_men = read_csv(gold_dir / "mentions.csv")
    if g_men:
        out["mentions"] = score_mentions(g_men, read_csv(pred_dir / "mentions.csv"),
                                         read_csv(gold_dir / "paragraphs.csv"))
    g_held = read_csv(gold_dir / "heldout_mentions.csv")
    if g_held:  # annotated after the recogniser was written: the honest mention score
        out["mentions_heldout"] = score_mentions(g_held, read_csv(pred_dir / "mentions.csv"),
                                                 read_csv(gold_dir / "heldout_paragraphs.csv"))
    g_pdf = read_csv(gold_dir / "heldout_mentions_pdf.csv")
    if g_pdf:  # PDF gold is anchored by context (offsets into extracted text are not stable)
        text = read_text_exact(pred_dir / "text.txt")
        paragraphs = anchor_paragraphs(read_csv(gold_dir / "heldout_paragraphs_pdf.csv"), text)
        out["mentions_heldout"] = score_mentions(anchor_mentions(g_pdf, paragraphs, text),
                                                 read_csv(pred_dir / "mentions.csv"), paragraphs)
    g_mea = read_csv(gold_dir / "measurements.csv")
    if not g_mea and (gold_dir / "measurements_pdf.csv").exists():
        text = read_text_exact(pred_dir / "text.txt")
        g_mea = anchor_by_context(read_csv(gold_dir / "measurements_pdf.csv"), text)
    if g_mea:
        out["measurements"] = score_measurements(g_mea, read_csv(pred_dir / "measurements.csv"))
        out["quantity_spans"] = score_quantity_spans(g_mea, read_csv(pred_dir / "quantities.csv"))
        if baseline is not None:
            out["baseline_measurements"] = score_measurements(g_mea, baseline)
    return out


def metrics_view(result: dict) -> dict:
    """The numbers only (what ``dvc metrics show`` prints)."""
    m: dict[str, Any] = {}
    if "references" in result:
        m["references"] = {"entries_f1": result["references"]["entries"]["f1"],
                           **{f"field_{k}": v for k, v in result["references"]["field_accuracy"].items()}}
    for task in SPAN_TASKS:
        if task in result:
            m[task] = {tier: {k: result[task][tier][k] for k in ("precision", "recall", "f1")}
                       for tier in ("strict", "lenient")}
    if "measurements" in result:
        r = result["measurements"]
        m["measurements"] = {
            tier: {k: {x: v[x] for x in ("precision", "recall", "f1")} for k, v in r[tier].items()}
            for tier in ("strict", "lenient")}
        m["measurements"]["field_accuracy"] = r["field_accuracy"]
        m["quantity_span_recall"] = result["quantity_spans"]["recall"]
    if "baseline_measurements" in result:
        b = result["baseline_measurements"]
        m["baseline_measurements"] = {tier: {k: b[tier][k]["f1"] for k in
                                             ("all", "conductivity_activation")}
                                      for tier in ("strict", "lenient")}
    return m


# key, task, tier: short keys, so that `dvc metrics show` fits an 80-column terminal
SUMMARY_KEYS = (("refs", "references", None), ("cites", "citations", "strict"),
                ("mentions", "mentions", "strict"), ("claims", "measurements", "lenient"),
                ("strict", "measurements", "strict"))


def _summary_value(m: dict, task: str, tier: str | None) -> float | None:
    if task not in m:
        return None
    if task == "references":
        return m[task]["entries_f1"]
    if task == "measurements":
        return m[task][tier]["all"]["f1"]
    return m[task][tier]["f1"]


def summary_view(metrics: dict[str, dict]) -> dict[str, Any]:
    """A few numbers for ``dvc metrics show``: F1 per task averaged over the documents that have
    gold for it: ``refs`` (reference entries), ``cites`` (citation markers, strict), ``mentions``
    (strict), ``claims`` (measurements, lenient) and ``strict`` (measurements, strict)."""
    out: dict[str, Any] = {"docs": len(metrics)}
    for key, task, tier in SUMMARY_KEYS:
        vals = [v for m in metrics.values() if (v := _summary_value(m, task, tier)) is not None]
        if vals:
            out[key] = round(sum(vals) / len(vals), 3)
    return out


def summary_rows(metrics: dict[str, dict]) -> list[dict[str, Any]]:
    """One row per (document, task): precision, recall, F1 (the ``litmine evaluate`` table)."""
    rows = []
    for doc, m in metrics.items():
        if "references" in m:
            rows.append({"doc": doc, "task": "references (entries)", "precision": "",
                         "recall": "", "f1": m["references"]["entries_f1"]})
        for task in (*SPAN_TASKS, "measurements"):
            if task not in m:
                continue
            for tier in ("strict", "lenient"):
                v = m[task][tier]["all"] if task == "measurements" else m[task][tier]
                rows.append({"doc": doc, "task": f"{task} ({tier})", "precision": v["precision"],
                             "recall": v["recall"], "f1": v["f1"]})
        if "quantity_span_recall" in m:
            rows.append({"doc": doc, "task": "quantity spans", "precision": "",
                         "recall": m["quantity_span_recall"], "f1": ""})
    return rows


def _row_text(r: dict, source: str) -> str:
    a, b = span(r)
    ctx = source[max(0, a - 100):min(len(source), b + 60)].replace("\n", " ")
    return f"`{r.get('value_as_written') or r.get('raw') or r.get('text', '')}` — …{ctx}…"


def report_markdown(results: list[dict], sources: dict[str, str]) -> str:
    lines = ["# litmine evaluation report", "",
             "Produced by `python -m pipeline.evaluate` (DVC stage `evaluate`). Matching rules: "
             "`corpus/gold/GUIDELINES.md`.", ""]
    for res in results:
        src = sources.get(res["doc_id"], "")
        lines += [f"## {res['doc_id']}", ""]
        lines += ["| task | tier | precision | recall | F1 | tp | fp | fn |", "|---|---|---|---|---|---|---|---|"]
        for task in SPAN_TASKS:
            if task in res:
                for tier in ("strict", "lenient"):
                    v = res[task][tier]
                    lines.append(f"| {task} | {tier} | {v['precision']:.3f} | {v['recall']:.3f} | "
                                 f"{v['f1']:.3f} | {v['tp']} | {v['fp']} | {v['fn']} |")
        if "measurements" in res:
            for tier in ("strict", "lenient"):
                for k, v in res["measurements"][tier].items():
                    lines.append(f"| measurements:{k} | {tier} | {v['precision']:.3f} | "
                                 f"{v['recall']:.3f} | {v['f1']:.3f} | {v['tp']} | {v['fp']} | {v['fn']} |")
        if "baseline_measurements" in res:
            for tier in ("strict", "lenient"):
                for k in ("all", "conductivity_activation"):
                    v = res["baseline_measurements"][tier][k]
                    lines.append(f"| baseline:{k} | {tier} | {v['precision']:.3f} | {v['recall']:.3f} | "
                                 f"{v['f1']:.3f} | {v['tp']} | {v['fp']} | {v['fn']} |")
        lines.append("")
        if "references" in res:
            r = res["references"]
            lines += ["### References: field accuracy", "",
                      "| field | accuracy |", "|---|---|"]
            lines += [f"| {k} | {v:.3f} |" for k, v in r["field_accuracy"].items()]
            lines += ["", f"Field errors ({len(r['errors'])}):", ""]
            lines += [f"- ref {e['n']} `{e['field']}`: gold `{e['gold']}` / predicted `{e['pred']}`"
                      for e in r["errors"]]
            lines.append("")
        if "measurements" in res:
            r = res["measurements"]
            lines += ["### Measurements: per-field accuracy over matched pairs", ""]
            lines += [f"- {k}: {v:.3f}" for k, v in r["field_accuracy"].items()]
            lines += ["", f"Quantity-span recall: {res['quantity_spans']['recall']:.3f} "
                      f"({res['quantity_spans']['found']}/{res['quantity_spans']['gold']})", ""]
            lines += [f"#### False negatives ({len(r['false_negatives'])})", ""]
            lines += [f"- {g['property']} {g['value']} {g['unit']} ({g.get('material_canonical', '')}): "
                      f"{_row_text(g, src)}" for g in r["false_negatives"]]
            lines += ["", f"#### False positives ({len(r['false_positives'])})", ""]
            lines += [f"- {p['property']} {p['value']} {p['unit']} ({p.get('material_canonical', '')}): "
                      f"{_row_text(p, src)}" for p in r["false_positives"]]
            lines += ["", f"#### Lenient-only matches ({len(r['lenient_only'])}): value right, "
                      "material/temperature/citations differ", ""]
            for g, p in r["lenient_only"]:
                diffs = [k for k in ("material", "temperature", "citations")
                         if not FIELD_CHECKS[k](g, p)]
                lines.append(f"- {g['property']} `{g['value_as_written']}`: "
                             + "; ".join(f"{k} gold `{_field(g, k)}` / pred `{_field(p, k)}`" for k in diffs))
            lines.append("")
        for task in SPAN_TASKS:
            if task in res:
                lines += [f"### {task}: false negatives ({len(res[task]['false_negatives'])})", ""]
                lines += [f"- {_row_text(g, src)}" for g in res[task]["false_negatives"]]
                lines += ["", f"### {task}: false positives ({len(res[task]['false_positives'])})", ""]
                lines += [f"- {_row_text(p, src)}" for p in res[task]["false_positives"]]
                lines.append("")
    return "\n".join(lines) + "\n"


def _field(r: dict, k: str) -> str:
    return {"material": r.get("material_canonical", ""), "temperature": r.get("temperature_c", ""),
            "citations": r.get("citations", "")}[k]


def report_html(markdown: str, results: list[dict]) -> str:
    bars = []
    for res in results:
        if "measurements" not in res:
            continue
        for k, v in res["measurements"]["strict"].items():
            bars.append((f"{res['doc_id']}: {k}", v["precision"], v["recall"]))
    rows = "".join(
        f"<tr><td>{html.escape(n)}</td><td><div class=b style='width:{p * 300:.0f}px'></div>{p:.2f}</td>"
        f"<td><div class='b r' style='width:{r * 300:.0f}px'></div>{r:.2f}</td></tr>"
        for n, p, r in bars)
    return (
        "<!doctype html><meta charset=utf-8><title>litmine evaluation</title><style>"
        "body{font-family:sans-serif;max-width:1100px;margin:2em auto}"
        ".b{display:inline-block;height:12px;background:#3b7dd8;margin-right:6px}"
        ".r{background:#d8833b}td{padding:2px 8px}pre{white-space:pre-wrap}</style>"
        "<h1>litmine evaluation</h1><h2>Measurements: strict precision (blue) and recall (orange) "
        f"per property</h2><table>{rows}</table><h2>Full report</h2><pre>{html.escape(markdown)}</pre>")


EVALUATION_FILES = ("metrics.json", "summary.json", "report.md", "report.html",
                    "per_property.json")


def run(gold_root: Path, pred_root: Path, doc_ids: Iterable[str], out_dir: Path,
        inputs: tuple[Path, ...] | None = None) -> list[dict]:
    """Score ``doc_ids`` and write ``EVALUATION_FILES`` into ``out_dir`` by the output-safety rule
    of :mod:`pipeline.outdir` (``inputs``, default the two roots, may not lie inside it)."""
    from pipeline.baseline import baseline_measurements
    from pipeline.outdir import prepare_folder, write_marker

    prepare_folder(out_dir, "evaluation", EVALUATION_FILES,
                   inputs if inputs is not None else (gold_root, pred_root))

    results, sources = [], {}
    for doc_id in doc_ids:
        gold_dir, pred_dir = gold_root / doc_id, pred_root / doc_id
        text_path = pred_dir / "text.txt"
        text = read_text_exact(text_path) if text_path.exists() else ""
        sources[doc_id] = text
        results.append(evaluate(gold_dir, pred_dir, baseline_measurements(text) if text else None))
    md = report_markdown(results, sources)
    metrics = {r["doc_id"]: metrics_view(r) for r in results}
    atomic_write_text(out_dir / "metrics.json", json.dumps(metrics, indent=1) + "\n")
    atomic_write_text(out_dir / "summary.json", json.dumps(summary_view(metrics), indent=1) + "\n")
    atomic_write_text(out_dir / "report.md", md)
    atomic_write_text(out_dir / "report.html", report_html(md, results))
    plot = [{"doc": r["doc_id"], "property": k, "precision": v["precision"], "recall": v["recall"]}
            for r in results if "measurements" in r for k, v in r["measurements"]["strict"].items()]
    atomic_write_text(out_dir / "per_property.json", json.dumps(plot, indent=1) + "\n")
    write_marker(out_dir, "evaluation", list(EVALUATION_FILES))
    return results


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m pipeline.evaluate", description=__doc__)
    ap.add_argument("--gold", type=Path, required=True, help="gold root (corpus/gold)")
    ap.add_argument("--pred", type=Path, required=True, help="outputs root (outputs)")
    ap.add_argument("--docs", nargs="+", default=[], help="doc ids with gold")
    ap.add_argument("--docs-from", help="doc ids from FILE:KEY (params.yaml:evaluate.docs)")
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args(argv)
    if not a.docs and not a.docs_from:
        ap.error("give --docs ID... or --docs-from FILE:KEY")
    run_stage(lambda: run(a.gold, a.pred, list(a.docs) + (doc_ids_from(a.docs_from)
                                                          if a.docs_from else []), a.out) and None)


if __name__ == "__main__":
    main()
