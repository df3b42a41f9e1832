#!/usr/bin/env python3
"""Inter-annotator agreement for two measurements.csv files (GUIDELINES.md section 3).

Usage:
    python corpus/gold/agreement.py A.csv B.csv [--details]

Pairing: a row of A and a row of B are candidates when they have the same `property` and their
value spans (char_start, char_end) overlap. Candidates are paired one-to-one, greedily, best first:
equal value (1 % relative tolerance) and unit before unequal, then larger overlap, then document
order.

Printed numbers:
- rows in A, rows in B, paired (span+property), A-only, B-only;
- record-level agreement on "same span+property+value+unit": matched = paired rows whose value
  (1 % relative tolerance), value_high and unit are equal; F1 = 2*matched / (|A| + |B|);
  also F1 over span+property pairing alone;
- for paired rows, per-field agreement rates: material_canonical identical (normalised), and
  material (A's material_canonical is among B's canonical/material/alt names, or vice versa,
  after normalisation), temperature_c (numbers within 0.5 degC, RT = 25), citations (as sets),
  conditions (as JSON objects; numbers compared with 1 % tolerance), cell, relation.
With --details: the unpaired rows of each side and every differing field of paired rows.
Standard library only.
"""
import csv
import json
import re
import sys

SUB = str.maketrans("₀₁₂₃₄₅₆₇₈₉⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻", "0123456789" "0123456789" "+-")


def norm_name(x):
    x = (x or "").translate(SUB).lower()
    x = x.replace("-doped", "-")
    x = re.sub(r"[\s_{}$\\]", "", x)
    return x


def names(r):
    out = {norm_name(r["material_canonical"]), norm_name(r["material"])}
    out |= {norm_name(a) for a in (r["material_alt"] or "").split(";")}
    out.discard("")
    return out


def num(x):
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def close(a, b, tol=0.01):
    fa, fb = num(a), num(b)
    if fa is None or fb is None:
        return (a or "").strip() == (b or "").strip()
    if fa == fb:
        return True
    return abs(fa - fb) <= tol * max(abs(fa), abs(fb))


def temp(x):
    x = (x or "").strip()
    if x.upper() == "RT":
        return 25.0
    return num(x) if x else None


def temp_eq(a, b):
    ta, tb = temp(a), temp(b)
    if ta is None or tb is None:
        return ta is None and tb is None
    return abs(ta - tb) <= 0.5


def cites(x):
    return {c.strip() for c in (x or "").split(";") if c.strip()}


def conds(x):
    x = (x or "").strip()
    if not x:
        return {}
    try:
        return json.loads(x)
    except json.JSONDecodeError:
        return {"__unparsable__": x}


def cond_eq(a, b):
    ca, cb = conds(a), conds(b)
    if set(ca) != set(cb):
        return False
    for k in ca:
        va, vb = ca[k], cb[k]
        if isinstance(va, (int, float)) and isinstance(vb, (int, float)):
            if not close(va, vb):
                return False
        elif str(va) != str(vb):
            return False
    return True


def norm_cell(x):
    return norm_name(x).replace("/", "/")


def mat_eq(a, b):
    return (norm_name(a["material_canonical"]) in names(b)
            or norm_name(b["material_canonical"]) in names(a))


def value_eq(a, b):
    return (close(a["value"], b["value"]) and close(a["value_high"], b["value_high"])
            and a["unit"].strip() == b["unit"].strip())


FIELDS = [
    ("material", mat_eq),
    ("temperature_c", lambda a, b: temp_eq(a["temperature_c"], b["temperature_c"])),
    ("citations", lambda a, b: cites(a["citations"]) == cites(b["citations"])),
    ("conditions", lambda a, b: cond_eq(a["conditions"], b["conditions"])),
    ("cell", lambda a, b: norm_cell(a["cell"]) == norm_cell(b["cell"])),
    ("relation", lambda a, b: a["relation"].strip() == b["relation"].strip()),
]

ALL_FIELDS = ["value_as_written", "material", "material_canonical", "material_alt", "relation",
              "value", "value_high", "unit", "temperature_c", "conditions", "cell", "citations",
              "source"]


def field_differs(f, a, b):
    if f in ("value", "value_high"):
        return not close(a[f], b[f])
    if f in ("material", "material_canonical"):
        return norm_name(a[f]) != norm_name(b[f])
    if f == "material_alt":
        return ({norm_name(x) for x in a[f].split(";") if x.strip()}
                != {norm_name(x) for x in b[f].split(";") if x.strip()})
    if f == "citations":
        return cites(a[f]) != cites(b[f])
    if f == "conditions":
        return not cond_eq(a[f], b[f])
    if f == "temperature_c":
        return not temp_eq(a[f], b[f])
    return (a[f] or "").strip() != (b[f] or "").strip()


def load(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def overlap(a, b):
    s = max(int(a["char_start"]), int(b["char_start"]))
    e = min(int(a["char_end"]), int(b["char_end"]))
    return e - s


def pair(A, B):
    cands = []
    for i, a in enumerate(A):
        for j, b in enumerate(B):
            if a["property"].strip() != b["property"].strip():
                continue
            ov = overlap(a, b)
            if ov <= 0:
                continue
            cands.append((0 if value_eq(a, b) else 1, -ov, i, j))
    cands.sort()
    ua, ub, pairs = set(), set(), []
    for _, _, i, j in cands:
        if i in ua or j in ub:
            continue
        ua.add(i)
        ub.add(j)
        pairs.append((i, j))
    pairs.sort()
    a_only = [i for i in range(len(A)) if i not in ua]
    b_only = [j for j in range(len(B)) if j not in ub]
    return pairs, a_only, b_only


def short(r):
    return (f'{r["claim_id"]} [{r["char_start"]}:{r["char_end"]}] {r["property"]} '
            f'{r["relation"]} {r["value"]}{("-" + r["value_high"]) if r["value_high"] else ""} '
            f'{r["unit"]} | {r["material_canonical"]} | T={r["temperature_c"]} '
            f'| cit={r["citations"]} | {r["conditions"]} | cell={r["cell"]}')


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    A, B = load(argv[1]), load(argv[2])
    details = "--details" in argv
    pairs, a_only, b_only = pair(A, B)
    matched = sum(1 for i, j in pairs if value_eq(A[i], B[j]))
    n = len(A) + len(B)
    print(f"A rows: {len(A)}")
    print(f"B rows: {len(B)}")
    print(f"paired (span overlap + property): {len(pairs)}")
    print(f"A-only: {len(a_only)}")
    print(f"B-only: {len(b_only)}")
    print(f"paired with equal value+unit: {matched}")
    print(f"record-level F1 (span+property+value+unit): {2 * matched / n:.4f}")
    print(f"record-level F1 (span+property only): {2 * len(pairs) / n:.4f}")
    print("per-field agreement over paired rows:")
    k = sum(1 for i, j in pairs
            if norm_name(A[i]["material_canonical"]) == norm_name(B[j]["material_canonical"]))
    if pairs:
        print(f"  material_canonical identical: {k}/{len(pairs)} = {k / len(pairs):.4f}")
    for name, fn in FIELDS:
        k = sum(1 for i, j in pairs if fn(A[i], B[j]))
        print(f"  {name}: {k}/{len(pairs)} = {k / len(pairs):.4f}" if pairs else f"  {name}: n/a")
    if details:
        print("\n# A-only")
        for i in a_only:
            print("  " + short(A[i]))
        print("\n# B-only")
        for j in b_only:
            print("  " + short(B[j]))
        print("\n# paired rows with differing fields")
        for i, j in pairs:
            diff = [f for f in ALL_FIELDS if field_differs(f, A[i], B[j])]
            if diff:
                print(f"  {A[i]['claim_id']} ~ {B[j]['claim_id']}:")
                for f in diff:
                    print(f"    {f}: A={A[i][f]!r} B={B[j][f]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
