"""Metamorphic converter-form check: the same paper in the notations of many PDF converters.

Usage: python benchmarks/converter_forms.py [--papers NAME ...] [--styles NAME ...] [--jobs 2]
       [--out outputs/converter-forms]

Each input Markdown paper (default: every ``../shared/corpus-dev/papers/*.md`` except the held-back
evaluation papers, and ``corpus/xia2019_chem.md``) is read into a small notation model: plain text plus the notation
litmine has to see through -- superscripts (``10⁻³``, ``cm -1``, ``S cm /C0 1``, ``$^{-1}$``,
``<sup>−1</sup>``), subscripts of formulas (``Li6PS5Cl``, ``Li$_6$``, ``Li₆``), multiplication
signs, degree signs and minus signs in any of the forms the corpus already contains. Each style in
``STYLES`` writes that model back the way one converter family does; only notation changes, never a
word. litmine extracts the original and every rewritten text, and the claims of
``measurements.csv`` are compared as a multiset of ``(property, value to 4 significant digits,
value_high, material_canonical, temperature_c)``: every difference is a converter fragility.

Writes ``report.md`` (per style: claims of the original, kept, lost, changed, new; then each
difference with its sentence) and ``summary.json`` under ``--out``.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import math
import multiprocessing
import re
import sys
import tempfile
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing
# held-back evaluation papers (corpus/gold/heldout2, heldout3) are never rewritten or read here:
# fixing what this check finds in them would make their scores a development score
HELD_BACK = {d.name for g in ("heldout2", "heldout3")
             for d in (ROOT / "corpus" / "gold" / g).glob("*") if d.is_dir()}
DEFAULT_PAPERS = ([p for p in sorted((ROOT.parent / "shared" / "corpus-dev" / "papers").glob("*.md"))
                   if p.stem not in HELD_BACK]
                  + [ROOT / "corpus" / "xia2019_chem.md"])

# ---------------------------------------------------------------------------------------------
# The notation model: a paper is a list of tokens (kind, payload).
#   ("t", text)   plain text, written unchanged by every style
#   ("sup", s)    a superscript: "−3", "−1", "2", "+", "18" (a citation marker)
#   ("sub", s)    a subscript of a formula: "6", "0.5", "1+x"
#   ("times", "") a multiplication sign
#   ("deg", "")   a degree sign (the unit letter that follows is plain text)
#   ("minus", "") a minus sign before a number
# ---------------------------------------------------------------------------------------------
Token = tuple[str, str]

SUP_MAP = str.maketrans("0123456789+−=()nix", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱˣ")
SUB_MAP = str.maketrans("0123456789+−-=()xnaeoy", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₓₙₐₑₒᵧ")
SUP_CHARS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻"
SUB_CHARS = "₀₁₂₃₄₅₆₇₈₉"
UNSUP = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻", "0123456789+−")
UNSUB = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")


@dataclass(frozen=True)
class Style:
    """How one converter family writes the notation of the model (each field: a pure function
    of the payload and the character written just before it)."""

    name: str
    about: str
    sup: Callable[[str, str], str]
    sub: Callable[[str, str], str]
    times: str
    deg: Callable[[str], str]
    minus: str


def _uni_sup(s: str, prev: str) -> str:
    t = s.translate(SUP_MAP)
    return t if all(c in SUP_CHARS + "⁼⁽⁾ⁿⁱˣ" for c in t) else "^" + s


def _sp(prev: str) -> str:
    """A space unless one was just written."""
    return "" if prev in ("", " ", "\n") else " "


def _glyph_sup(code: str, glued: bool) -> Callable[[str, str], str]:
    """A superscript in a symbol-font glyph code style: the minus is the code, digits follow."""
    def render(s: str, prev: str) -> str:
        if s.startswith("−"):
            return (code + s[1:]) if glued else _sp(prev) + code + " " + s[1:] + " "
        return s if glued else _sp(prev) + s + " "
    return render


def _spaced_sub(s: str, prev: str) -> str:
    return _sp(prev) + s + " "


# The styles: each models what one real converter family writes.
STYLES: tuple[Style, ...] = (
    Style("unicode", "Unicode super/subscripts (publisher HTML to text, pandoc): 2.1 × 10⁻³ S cm⁻¹, Li₆PS₅Cl, 25 °C",
          _uni_sup, lambda s, p: s.translate(SUB_MAP), "×", lambda p: "°", "−"),
    Style("flat_minus", "text layer that lost its superscripts (pypdf, pdftotext): 2.1 × 10−3 S cm−1, Li6PS5Cl",
          lambda s, p: s, lambda s, p: s, "×", lambda p: "°", "−"),
    Style("ascii_caret", "ASCII export: 2.1 x 10^-3 S cm^-1, Li6PS5Cl, 25 °C",
          lambda s, p: "^" + s.replace("−", "-"), lambda s, p: s, "x", lambda p: "°", "-"),
    Style("latex_dollar", "Marker/MinerU inline math: 2.1 $\\times$ 10$^{-3}$ S cm$^{-1}$, Li$_{6}$PS$_{5}$Cl, 25 $^\\circ$C",
          lambda s, p: "$^{" + s.replace("−", "-") + "}$", lambda s, p: "$_{" + s.replace("−", "-") + "}$",
          "$\\times$", lambda p: "$^\\circ$", "$-$"),
    Style("latex_paren", "Nougat/Mathpix inline math: 2.1 \\(\\times\\) 10\\({}^{-3}\\) S cm\\({}^{-1}\\), Li\\({}_{6}\\)PS\\({}_{5}\\)Cl",
          lambda s, p: "\\({}^{" + s.replace("−", "-") + "}\\)", lambda s, p: "\\({}_{" + s.replace("−", "-") + "}\\)",
          "\\(\\times\\)", lambda p: "\\({}^{\\circ}\\)", "\\(-\\)"),
    Style("html", "publisher XML/HTML: 2.1 × 10<sup>−3</sup> S cm<sup>−1</sup>, Li<sub>6</sub>PS<sub>5</sub>Cl",
          lambda s, p: "<sup>" + s + "</sup>", lambda s, p: "<sub>" + s + "</sub>", "×", lambda p: "°", "−"),
    Style("pymupdf_C", "PyMuPDF/Elsevier glyph names: 2.1 /C2 10 /C0 3 S cm /C0 1, Li 6 PS 5 Cl, 25 /C14C",
          _glyph_sup("/C0", False), _spaced_sub, " /C2 ", lambda p: _sp(p) + "/C14", "/C0 "),
    Style("pdfminer_cid", "pdfminer cid codes: 2.1 (cid:2) 10(cid:0)3 S cm(cid:0)1, Li6PS5Cl, 25 (cid:14)C",
          _glyph_sup("(cid:0)", True), lambda s, p: s, "(cid:2)", lambda p: _sp(p) + "(cid:14)", "(cid:0)"),
    Style("docling_glyph", "docling glyph codes: 2.1 GLYPH<2> 10 GLYPH<0> 3 S cm GLYPH<0> 1, Li6PS5Cl, 25 GLYPH<14> C",
          _glyph_sup("GLYPH<0>", False), lambda s, p: s, " GLYPH<2> ", lambda p: _sp(p) + "GLYPH<14> ", "GLYPH<0> "),
    Style("legacy_font", "Wiley/RSC legacy math font: 2.1 Â 10 À3 S cm À1, Li6PS5Cl, 25 8C (lost degree glyph)",
          lambda s, p: _sp(p) + s.replace("−", "À").replace("+", "þ"), lambda s, p: s, " Â ",
          lambda p: _sp(p) + "8", "À"),
    Style("split_spaced", "pdfplumber words: 2.1 × 10 -3 S cm -1, Li 6 PS 5 Cl, 25 ° C",
          lambda s, p: _sp(p) + s.replace("−", "-") + " ", _spaced_sub, "×", lambda p: _sp(p) + "° ", "-"),
)
STYLE_NAMES = tuple(s.name for s in STYLES)

# --- reading the notation of the original --------------------------------------------------
UNIT_BASE = r"(?:cm|g|kg(?:cathode|cell|electrode)?|mg|s|h|K|mol|L)"
# a unit symbol that takes a power: after a space, a digit or the unit letters glued before it
# ("Scm -1", "mAcm -2")
UNIT_POWER = re.compile(
    rf"(?:(?<=[\s\d])|(?<=[a-zµ]S)|(?<=\bS)|(?<=mA)|(?<=mAh)|(?<=Wh)|(?<=\d)|(?<=µA))({UNIT_BASE})"
    r"(?:\s?[-−–]\s?|\s?(?:/C0|GLYPH<0>|\(cid:0\)|À)\s?)(\d{1,2})(?![\d.,]\d)(?!\w)")
TEN_POWER = re.compile(
    r"(?:(?<=^)|(?<=[\s(×~≈><*]))(?<![\d.][-–] )(10)"
    r"(?:\s[-−–]\s?(\d{1,2})|−(\d{1,2})|-([1-9])|\s?(?:/C0|GLYPH<0>|\(cid:0\)|À)\s?(\d{1,2}))"
    r"(?![\d.,]\d)(?!\w)")
GLYPH = r"(?:/C{n}(?!\d)|GLYPH<{n}>|\(cid:{n}\))"
TIMES = re.compile(rf"×|{GLYPH.format(n=2)}|(?<=\d )Â(?= \d)|(?<=\d )x(?= 10\b)")
DEGREE = re.compile(rf"(?:°|◦|˚|{GLYPH.format(n=14)})(?: ?(?=[CFK]\b))")
MINUS = re.compile(rf"−(?= ?\d)|{GLYPH.format(n=0)} ?(?=\d)|(?<= )À(?=\d)")
MATH = re.compile(r"\$(?=[^\s$])([^$\n]{1,300}?)(?<=[^\s$])\$|\\\((.{1,300}?)\\\)")
# LaTeX sub/superscripts outside math ("Li_{6.4}La₃", "Li_3N", "10^{-4}")
BARE_TEX = re.compile(r"(?<=[A-Za-z0-9)\]])\s?([_^])(?:\{([^{}\\]{1,8})\}|(\d))")
HTML = re.compile(r"<(sup|sub)>([^<>]{1,20})</\1>", re.IGNORECASE)
UNI_SUP = re.compile(f"[{SUP_CHARS}]+")
UNI_SUB = re.compile(f"[{SUB_CHARS}]+")
FORMULA = re.compile(r"(?<![\w/.\-])[A-Z][A-Za-z0-9().\[\]]*\d[A-Za-z0-9().\[\]]*(?![\w])")
FORMULA_SUB = re.compile(r"(?<=[A-Za-z)\]])\d+(?:\.\d+)?")
# a compact token inside a formula the converter spaced ("Li 3 YCl6", "Li 4 ( BH4 ) 3 I") stays as
# written: no converter writes one formula in two notations
SPACED_BEFORE = re.compile(r"(?:[A-Za-z)\]] ?\d+(?:\.\d+)?|[(\[]|(?<![\w])[xyzδ]|[+−-]) ?$")
SPACED_AFTER = re.compile(r" ?[)\]]| \d+(?:\.\d+)?(?![\d.]*\s*(?:°|[A-Za-z%]))|\d")

LATEX_TEXT = {"text", "mathrm", "rm", "textrm", "mathit", "textit", "mathbf", "mathsf"}
LATEX_SYMBOLS = {"cdot": "·", "sim": "~", "approx": "≈", "pm": "±", "mu": "µ", "le": "≤",
                 "leq": "≤", "ge": "≥", "geq": "≥", "%": "%", ",": " ", " ": " ", ";": " ",
                 "square": "□", "Box": "□"}


def _latex(s: str) -> list[Token] | None:
    """The tokens of simple inline math (``10^{-3} \\text{ S cm}^{-1}``, ``\\text{Li}_7``);
    None when it holds anything else (then it is left as written)."""
    out: list[Token] = []
    i = 0

    def group(j: int) -> tuple[str, int] | None:
        if j < len(s) and s[j] == "{":
            k = s.find("}", j)
            return (s[j + 1:k], k + 1) if k > 0 and "{" not in s[j + 1:k] else None
        if j < len(s) and s[j] == "\\":
            m = re.match(r"\\([A-Za-z]+)", s[j:])
            return (m.group(0), j + m.end()) if m else None
        return (s[j], j + 1) if j < len(s) else None

    while i < len(s):
        c = s[i]
        if c == "\\":
            m = re.match(r"\\([A-Za-z]+|.)", s[i:])
            name = m.group(1)
            if name in LATEX_TEXT:
                g = group(i + m.end())
                if g is None:
                    return None
                inner = _latex(g[0])
                if inner is None:
                    return None
                out += inner
                i = g[1]
            elif name == "times":
                out.append(("times", ""))
                i += m.end()
            elif name == "circ":
                out.append(("deg", ""))
                i += m.end()
            elif name in LATEX_SYMBOLS:
                out.append(("t", LATEX_SYMBOLS[name]))
                i += m.end()
            else:
                return None
        elif c in "^_":
            g = group(i + 1)
            if g is None:
                return None
            body = g[0].strip()
            if body in ("\\circ", "{\\circ}"):
                out.append(("deg", ""))
            elif re.fullmatch(r"[-−+]?[0-9.x+\-−]*[0-9x+\-−]", body) and "\\" not in body:
                out.append(("sup" if c == "^" else "sub", body.replace("-", "−") if c == "^" else body))
            else:
                return None
            i = g[1]
        elif c in "{}":
            i += 1
        elif c == "~":
            out.append(("t", " "))
            i += 1
        else:
            out.append(("t", c))
            i += 1
    return out


@lru_cache(maxsize=100_000)
def _is_formula(tok: str) -> bool:
    from pipeline.formulas import formula_status
    return len(re.findall(r"[A-Z]", tok)) >= 2 and formula_status(tok) == "formula"


def _plain_formulas(text: str) -> list[Token]:
    """Plain text with the subscripts of compact formulas ("Li6PS5Cl") as sub tokens."""
    out: list[Token] = []
    i = 0
    for m in FORMULA.finditer(text):
        tok = m.group().rstrip(".)")
        if tok.count("(") != tok.count(")") or not _is_formula(tok):
            continue
        end = m.start() + len(tok)
        if SPACED_BEFORE.search(text, max(0, m.start() - 8), m.start()) \
                or SPACED_AFTER.match(text, end):
            continue
        out.append(("t", text[i:m.start()]))
        j = m.start()
        for s in FORMULA_SUB.finditer(text, m.start(), m.start() + len(tok)):
            out.append(("t", text[j:s.start()]))
            out.append(("sub", s.group()))
            j = s.end()
        out.append(("t", text[j:m.start() + len(tok)]))
        i = m.start() + len(tok)
    out.append(("t", text[i:]))
    return [t for t in out if t != ("t", "")]


POWER_BASE = re.compile(r"(?:\b10|cm|m|g|kg|mg|s|h|K|L|mol|Å|nm|µm|mm|Hz|V|A|W)\s?$")


def _power(text: str, at: int, body: str) -> bool:
    """Whether a superscript is a power or a charge (not a citation marker)."""
    return bool(re.search(r"[−+]", body)) or bool(POWER_BASE.search(text, max(0, at - 4), at))


def _notation(text: str) -> list[Token]:
    """Plain text with the notation the style renderers rewrite (see the token kinds above)."""
    finds: list[tuple[int, int, list[Token]]] = []
    for m in MATH.finditer(text):
        body = m.group(1) if m.group(1) is not None else m.group(2)
        if m.group(1) is not None and not re.search(r"[\\^_]", body):
            continue  # "$3000/kg and $": money
        toks = _latex(body)
        if toks is not None:
            finds.append((m.start(), m.end(), toks))
    for m in BARE_TEX.finditer(text):
        body = m.group(2) or m.group(3)
        if m.group(1) == "^":
            body = body.replace("-", "−")
            if not _power(text, m.start(), body):
                continue  # "^{13,14}": citation markers
        elif not re.fullmatch(r"[0-9.x+\-−]+", body):
            continue
        finds.append((m.start(), m.end(), [("sup" if m.group(1) == "^" else "sub", body)]))
    for m in HTML.finditer(text):
        body = m.group(2).replace("-", "−")
        if m.group(1).lower() == "sup" and not _power(text, m.start(), body):
            continue  # a citation marker
        finds.append((m.start(), m.end(), [(m.group(1).lower(), body)]))
    for m in UNI_SUP.finditer(text):
        if not _power(text, m.start(), m.group().translate(UNSUP)):
            continue  # a citation marker ("et al.¹⁸"): left as written, it is no notation
        finds.append((m.start(), m.end(), [("sup", m.group().translate(UNSUP))]))
    for m in UNI_SUB.finditer(text):
        finds.append((m.start(), m.end(), [("sub", m.group().translate(UNSUB))]))
    for m in UNIT_POWER.finditer(text):
        finds.append((m.start(), m.end(), [("t", m.group(1)), ("sup", "−" + m.group(2))]))
    for m in TEN_POWER.finditer(text):
        exp = next(g for g in m.groups()[1:] if g)
        finds.append((m.start(), m.end(), [("t", "10"), ("sup", "−" + exp)]))
    for rx, kind in ((TIMES, "times"), (DEGREE, "deg"), (MINUS, "minus")):
        for m in rx.finditer(text):
            finds.append((m.start(), m.end(), [(kind, "")]))
    finds.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out: list[Token] = []
    i = 0
    for a, b, toks in finds:
        if a < i:
            continue  # inside an earlier find
        out += _plain_formulas(text[i:a])
        out += toks
        i = b
    out += _plain_formulas(text[i:])
    return out


def render(tokens: Iterable[Token], style: Style) -> str:
    """The text of ``tokens`` as ``style`` writes it."""
    parts: list[str] = []
    prev = ""
    for kind, s in tokens:
        if kind == "t":
            piece = s
            if parts and parts[-1].endswith(" ") and piece.startswith(" "):
                piece = piece[1:]
        elif kind == "sup":
            piece = style.sup(s, prev)
        elif kind == "sub":
            piece = style.sub(s, prev)
        elif kind == "times":
            piece = style.times
            if piece.startswith(" ") and prev == " ":
                piece = piece[1:]
        elif kind == "deg":
            piece = style.deg(prev)
        else:
            piece = style.minus
        if piece:
            parts.append(piece)
            prev = piece[-1]
    return "".join(parts)


def rewrite(text: str, style: str) -> str:
    """``text`` in the notation of the style named ``style``."""
    return render(_notation(text), next(s for s in STYLES if s.name == style))


# --- extraction and comparison -----------------------------------------------------------
def _sig(x: str) -> str:
    if not x:
        return ""
    try:
        v = float(x)
    except ValueError:
        return x
    return "0" if v == 0 else f"{v:.4g}" if math.isfinite(v) else x


def _temp(x: str) -> str:
    try:
        return f"{float(x):.1f}"
    except ValueError:
        return x


def _sentence(text: str, a: int, b: int) -> str:
    lo = max(text.rfind("\n", 0, a), text.rfind(". ", 0, a) + 1, a - 250)
    hi = [p for p in (text.find("\n", b), text.find(". ", b)) if p >= 0]
    hi = min(hi + [b + 250, len(text)])
    return " ".join(text[lo:hi + 1].split())


def run_one(paper: str, style: str | None, litmine: str | None = None) -> dict:
    """Extract ``paper`` (rewritten into ``style``; None: as written) with the litmine checkout
    ``litmine`` (None: this one); its claims."""
    if litmine:
        sys.path.insert(0, litmine)
    import pipeline
    from pipeline.extract import extract

    src = Path(paper)
    text = src.read_text(encoding="utf-8")
    if style:
        text = rewrite(text, style)
    with tempfile.TemporaryDirectory() as tmp:
        doc = Path(tmp) / src.name
        doc.write_text(text, encoding="utf-8")
        try:
            with contextlib.redirect_stderr(io.StringIO()):  # litmine's warnings about the paper
                out = extract(doc, Path(tmp) / "out")
        except Exception as exc:  # noqa: BLE001 - a crash is a finding too
            return {"paper": src.stem, "style": style, "error": repr(exc), "claims": []}
        source = (out / "text.txt").read_text(encoding="utf-8")
        claims = []
        with (out / "measurements.csv").open(encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                a, b = int(r["char_start"]), int(r["char_end"])
                claims.append({"key": [r["property"], _sig(r["value"]), _sig(r["value_high"]),
                                       r["material_canonical"], _temp(r["temperature_c"])],
                               "written": r["value_as_written"],
                               "sentence": _sentence(source, a, b)})
    return {"paper": src.stem, "style": style, "error": "", "claims": claims,
            "litmine": str(Path(pipeline.__file__).parent.parent)}


def _pair(lost: list[dict], new: list[dict]) -> list[tuple[dict, dict]]:
    """Lost and new claims that are the same claim read differently: same property and the same
    value or the same material; the best match first."""
    pairs = []
    for want in (lambda l, n: l["key"][:3] == n["key"][:3],
                 lambda l, n: l["key"][0] == n["key"][0] and l["key"][3] == n["key"][3],
                 lambda l, n: l["key"][0] == n["key"][0] and l["sentence"][:40] == n["sentence"][:40]):
        for c in list(lost):
            for d in new:
                if want(c, d):
                    pairs.append((c, d))
                    lost.remove(c)
                    new.remove(d)
                    break
    return pairs


def compare(orig: list[dict], styled: list[dict]) -> dict:
    """Kept, lost, changed and new claims of a rewritten paper against the original."""
    left = Counter(tuple(c["key"]) for c in styled)
    lost, kept = [], 0
    for c in orig:
        k = tuple(c["key"])
        if left[k]:
            left[k] -= 1
            kept += 1
        else:
            lost.append(c)
    new = []
    for c in styled:
        k = tuple(c["key"])
        if left[k]:
            left[k] -= 1
            new.append(c)
    changed = _pair(lost, new)
    return {"orig": len(orig), "kept": kept, "lost": lost, "changed": changed, "new": new}


def _key(c: dict) -> str:
    p, v, hi, mat, t = c["key"]
    return f"{p} {v}{'-' + hi if hi else ''} | {mat or '-'} | T={t or '-'}"


def report(results: dict, papers: list[str], styles: list[str], errors: list[str]) -> tuple[str, dict]:
    lines = ["# Converter-form check", "",
             f"{len(papers)} papers; claims compared as (property, value, value_high, "
             "material_canonical, temperature_c).", "",
             "| style | claims (original) | kept | lost | changed | new |",
             "|---|---|---|---|---|---|"]
    summary: dict = {"papers": papers, "styles": {}, "errors": errors}
    for st in styles:
        n = {"orig": 0, "kept": 0, "lost": 0, "changed": 0, "new": 0}
        for p in papers:
            r = results.get((p, st))
            if r is None:
                continue
            n["orig"] += r["orig"]
            n["kept"] += r["kept"]
            n["lost"] += len(r["lost"])
            n["changed"] += len(r["changed"])
            n["new"] += len(r["new"])
        summary["styles"][st] = n
        lines.append(f"| {st} | {n['orig']} | {n['kept']} | {n['lost']} | {n['changed']} | {n['new']} |")
    lines += ["", "Styles:", ""] + [f"- `{s.name}`: {s.about}" for s in STYLES if s.name in styles]
    if errors:
        lines += ["", "## Errors", ""] + [f"- {e}" for e in errors]
    lines += ["", "## Differences", ""]
    for st in styles:
        lines += [f"### {st}", ""]
        for p in papers:
            r = results.get((p, st))
            if not r or not (r["lost"] or r["changed"] or r["new"]):
                continue
            lines.append(f"**{p}**")
            lines.append("")
            for c in r["lost"]:
                lines.append(f"- lost `{_key(c)}` ({c['written']}): {c['sentence']}")
            for c, d in r["changed"]:
                lines.append(f"- changed `{_key(c)}` -> `{_key(d)}` ({c['written']} -> {d['written']}): "
                             f"{c['sentence']}  \n  now: {d['sentence']}")
            for d in r["new"]:
                lines.append(f"- new `{_key(d)}` ({d['written']}): {d['sentence']}")
            lines.append("")
    return "\n".join(lines) + "\n", summary


def _task(args: tuple[str, str | None, str | None]) -> dict:
    return run_one(*args)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("inputs", nargs="*", type=Path, help="papers (default: corpus-dev + xia2019)")
    ap.add_argument("--papers", nargs="*", default=None, help="only papers whose stem is listed")
    ap.add_argument("--styles", nargs="*", default=None, choices=STYLE_NAMES)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--out", type=Path, default=ROOT / "outputs" / "converter-forms")
    ap.add_argument("--litmine", type=Path, default=None,
                    help="the litmine checkout to run (default: this one), e.g. a worktree of main")
    ap.add_argument("--show", metavar="STYLE", help="print the first paper rewritten into STYLE")
    args = ap.parse_args(argv)
    litmine = str(args.litmine.resolve()) if args.litmine else None
    papers = [p for p in (args.inputs or DEFAULT_PAPERS)
              if args.papers is None or p.stem in args.papers]
    if args.show:
        sys.stdout.write(rewrite(papers[0].read_text(encoding="utf-8"), args.show))
        return 0
    styles = list(args.styles or STYLE_NAMES)
    tasks = [(str(p), st, litmine) for p in papers for st in [None, *styles]]
    # one fresh process per extraction: litmine's in-process caches must not carry one
    # document's state into the next, or the comparison would measure the order of the runs
    with ProcessPoolExecutor(max_workers=args.jobs, mp_context=multiprocessing.get_context("spawn"),
                             max_tasks_per_child=1) as pool:
        done = list(pool.map(_task, tasks, chunksize=1))
    claims = {(d["paper"], d["style"]): d for d in done}
    print("litmine:", sorted({d.get("litmine", "?") for d in done}), file=sys.stderr)
    errors = [f"{d['paper']} / {d['style'] or 'original'}: {d['error']}" for d in done if d["error"]]
    results = {}
    for p in papers:
        for st in styles:
            results[(p.stem, st)] = compare(claims[(p.stem, None)]["claims"], claims[(p.stem, st)]["claims"])
    md, summary = report(results, [p.stem for p in papers], styles, errors)
    summary["original_claims"] = {p.stem: len(claims[(p.stem, None)]["claims"]) for p in papers}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "report.md").write_text(md, encoding="utf-8")
    (args.out / "summary.json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    print(md.split("\n## Differences")[0])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
