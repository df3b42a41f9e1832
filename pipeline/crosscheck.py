"""Plausibility of ionic-conductivity claims against a user-supplied curated dataset.

``litmine crosscheck --dataset FILE --in OUT`` compares every ionic-conductivity claim of the
outputs in ``OUT`` with a dataset of measured room-temperature values: OBELiX's CSV (columns
``Reduced Composition``/``True Composition``, ``Ionic conductivity (S cm-1)``, ``DOI``) or any CSV
with ``composition``, ``conductivity`` (S/cm) and ``doi`` columns. Claims and dataset rows meet by
reduced composition (pymatgen, through :func:`pipeline.formulas.formula_key`); a dataset row whose
DOI is the claim's document's or one of its cited references' is named as a DOI match.

Verdicts: ``within_spread`` (between the dataset's lowest and highest value for the composition,
widened by ``spread_factor``), ``outside`` (with ``orders``: how many orders of magnitude beyond
that spread, signed), ``absent`` (the composition is not in the dataset), ``not_compared`` (the
claim is not at room temperature, or names no composition). Nothing is downloaded.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import DataError
from pipeline.formulas import formula_key
from pipeline.identity import config, find_dois
from pipeline.verify import DocData, load_doc, material_keys

CROSSCHECK_COLUMNS = ("doc", "claim_id", "material", "composition", "value", "relation",
                      "temperature_c", "refs", "verdict", "orders", "dataset_n", "dataset_min",
                      "dataset_max", "match", "dataset_dois", "note", "char_start", "char_end")

@dataclass
class Row:
    key: str
    composition: str
    value: float
    doi: str


def _pick(header: list[str], what: str) -> str | None:
    low = {h.strip().lower(): h for h in header}
    for name in config()["crosscheck"]["columns"][what]:
        if name in low:
            return low[name]
    return None


def _number(text: str) -> float | None:
    t = (text or "").strip().lstrip("<>~≈ ").replace(",", "")
    try:
        v = float(t)
    except ValueError:
        return None
    return v if math.isfinite(v) and v > 0 else None


def load_dataset(path: Path) -> list[Row]:
    """Rows of a conductivity dataset CSV; one-line :class:`DataError` for a bad file."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: no such dataset file")
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            header = list(reader.fieldnames or [])
            comp_col, val_col = _pick(header, "composition"), _pick(header, "conductivity")
            doi_col = _pick(header, "doi")
            if not comp_col or not val_col:
                raise DataError(f"{path}: not a conductivity dataset (need a composition and a "
                                "conductivity column, e.g. OBELiX's CSV)")
            rows = []
            for rec in reader:
                v = _number(rec.get(val_col, ""))
                comp = (rec.get(comp_col) or "").strip()
                if v is None or not comp:
                    continue
                key = formula_key(comp.replace(" ", ""))
                if not key.startswith("comp:"):
                    continue
                doi = (rec.get(doi_col) or "").strip().lower() if doi_col else ""
                rows.append(Row(key, comp, v, doi))
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: not UTF-8 text (bad byte at offset {exc.start})") from None
    except csv.Error as exc:
        raise DataError(f"{path}: not a CSV file ({exc})") from None
    if not rows:
        raise DataError(f"{path}: no rows with a composition and a conductivity value")
    return rows


def _claim_dois(dd: DocData, refs: list[int]) -> set[str]:
    out = {dd.ident.doi} if dd.ident.doi else set()
    by_n = {r.n: r for r in dd.refs}
    for n in refs:
        r = by_n.get(n)
        if r is not None:
            if r.doi:
                out.add(r.doi.lower())
            out.update(find_dois(r.raw))
    return out


def crosscheck(docs: list[DocData], rows: list[Row]) -> list[dict[str, Any]]:
    cfg = config()["crosscheck"]
    f = float(cfg["spread_factor"])
    lo_rt, hi_rt = cfg["rt_range"]
    by_key: dict[str, list[Row]] = {}
    for r in rows:
        by_key.setdefault(r.key, []).append(r)
    out: list[dict[str, Any]] = []
    for dd in docs:
        for c in dd.claims:
            if c.property != "ionic_conductivity" or c.value is None or c.unit != "S/cm":
                continue
            keys = sorted(k for k in material_keys(c.material_canonical, dd.formulas)
                          if k.startswith("comp:"))
            row = {"doc": dd.doc_id, "claim_id": c.claim_id, "material": c.material_canonical,
                   "composition": keys[0][5:] if keys else "", "value": c.value,
                   "relation": c.relation, "temperature_c": c.temperature_c,
                   "refs": ";".join(str(n) for n in c.citations), "verdict": "", "orders": "",
                   "dataset_n": 0, "dataset_min": "", "dataset_max": "", "match": "",
                   "dataset_dois": "", "note": "", "char_start": c.char_start,
                   "char_end": c.char_end}
            t = c.temperature_c
            tv = _number(t) if t not in ("", "RT") else None
            rt_ok = t in ("", "RT") or (tv is not None and lo_rt <= tv <= hi_rt)
            if rt_ok and c.value > float(cfg["implausible_above"]):
                row["note"] = (f"above {cfg['implausible_above']:g} S/cm at room temperature: "
                               "no solid electrolyte conducts that well (an extraction error?)")
            if not keys:
                row["verdict"] = "not_compared"
                row["note"] = row["note"] or "no composition for the material"
                out.append(row)
                continue
            if not rt_ok:
                row["verdict"] = "not_compared"
                row["note"] = row["note"] or "not a room-temperature value"
                out.append(row)
                continue
            matches = [r for k in keys for r in by_key.get(k, [])]
            if not matches:
                row["verdict"] = "absent"
                out.append(row)
                continue
            dois = _claim_dois(dd, c.citations)
            doi_rows = [r for r in matches if r.doi and r.doi in dois]
            use = doi_rows or matches
            vmin, vmax = min(r.value for r in use), max(r.value for r in use)
            row.update(dataset_n=len(use), dataset_min=vmin, dataset_max=vmax,
                       match="doi" if doi_rows else "composition",
                       dataset_dois=";".join(sorted({r.doi for r in use if r.doi})[:3]))
            lo_c, hi_c = c.value, c.value
            if c.relation == "range" and c.value_high is not None:
                hi_c = max(c.value, c.value_high)
            if c.relation in ("gt", "ge"):
                hi_c = math.inf
            if c.relation in ("lt", "le"):
                lo_c = 0.0
            if hi_c < vmin / f:
                row["verdict"], row["orders"] = "outside", round(math.log10(hi_c / vmin), 2)
            elif lo_c > vmax * f:
                row["verdict"], row["orders"] = "outside", round(math.log10(lo_c / vmax), 2)
            else:
                row["verdict"] = "within_spread"
            out.append(row)
    return out


def run(indir: Path, dataset: Path) -> list[dict[str, Any]]:
    from pipeline.verify import output_folders

    indir = Path(indir)
    folders = [indir] if (indir / "document.json").exists() else output_folders(indir)
    if not folders:
        raise DataError(f"{indir}: no litmine outputs here (run `litmine extract` first)")
    rows = load_dataset(dataset)
    return crosscheck([load_doc(f) for f in folders], rows)
