"""A deliberately simple baseline for the evaluation report: every number followed by a
conductivity unit is an ionic-conductivity claim about the nearest formula-like token to its left.
No temperature, no citations, no other properties.
"""

from __future__ import annotations

import re

SUP = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻−–", "0123456789---")
# number [× 10^-n] or 10^-n, then (m)S cm^-1, in Unicode, LaTeX or plain spelling
VALUE = re.compile(
    r"(?P<num>\d+(?:\.\d+)?(?:\s*(?:×|x|\\times)\s*10\s*(?:\^\{?\s*[-−–]?\d+\s*\}?|[⁻−–-]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+))?"
    r"|10\s*(?:\^\{?\s*[-−–]\d+\s*\}?|⁻[⁰¹²³⁴⁵⁶⁷⁸⁹]+))"
    r"\$?\s*(?:\\text\{\s*)?(?P<unit>m?S)\s*(?:cm|/cm)"
)
FORMULA = re.compile(r"(?:[A-Z][a-z]?[\d₀-₉.]*){2,}|[A-Z]{3,5}")


def _number(num: str) -> float:
    s = num.translate(SUP).replace("\\times", "×").replace(" ", "")
    s = re.sub(r"[{}^]", "", s)
    m = re.match(r"(?:(\d+(?:\.\d+)?)(?:[×x]10(-?\d+))?|10(-\d+))$", s)
    if not m:
        return float("nan")
    if m.group(3):
        return 10.0 ** int(m.group(3))
    base = float(m.group(1))
    return base * 10.0 ** int(m.group(2)) if m.group(2) else base


def baseline_measurements(text: str) -> list[dict]:
    out = []
    for m in VALUE.finditer(text):
        value = _number(m.group("num"))
        if value != value:
            continue
        if m.group("unit") == "mS":
            value *= 1e-3
        left = text[max(0, m.start() - 300):m.start()]
        formulas = FORMULA.findall(left)
        material = formulas[-1] if formulas else ""
        out.append({"char_start": str(m.start()), "char_end": str(m.end()),
                    "property": "ionic_conductivity", "value": repr(value), "value_high": "",
                    "unit": "S/cm", "relation": "eq", "material": material,
                    "material_canonical": material, "temperature_c": "", "citations": "",
                    "conditions": "{}", "cell": "", "value_as_written": m.group()})
    return out
