"""Chemical formulas and material classes: the formula grammar (element symbols, decimal,
fractional and variable stoichiometry, parentheses, hydrates, adducts), validation with pymatgen,
and the class of a composition or a name (``models/material_classes.yaml``).

Used by the material recogniser (:mod:`pipeline.materials`); patterns live in
``models/material_patterns.yaml``.
"""

from __future__ import annotations

import ast
import math
import operator
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Sequence

from pipeline.resources import MODELS_DIR, load_yaml

CLASSES_FILE = "material_classes.yaml"
PATTERNS_FILE = "material_patterns.yaml"
STOPWORDS_FILE = "stopwords_materials.txt"

# ------------------------------------------------------------------------------------------
# Data files (loaded once)


@lru_cache(maxsize=None)
def _load_yaml(filename: str) -> dict[str, Any]:
    return load_yaml(filename)


def patterns() -> dict[str, Any]:
    """The regex fragments and word lists of ``models/material_patterns.yaml``."""
    return _load_yaml(PATTERNS_FILE)


def class_config() -> dict[str, Any]:
    """The class definitions of ``models/material_classes.yaml``."""
    return _load_yaml(CLASSES_FILE)


@lru_cache(maxsize=1)
def class_names() -> tuple[str, ...]:
    """All material class names, in rule order."""
    return tuple(c["name"] for c in class_config()["classes"])


@lru_cache(maxsize=1)
def load_stopwords() -> frozenset[str]:
    """Formula-like English words and acronyms (case-sensitive)."""
    words = set()
    with open(MODELS_DIR / STOPWORDS_FILE, encoding="utf-8") as fh:
        for line in fh:
            word = line.split("#", 1)[0].strip()
            if word:
                words.add(word)
    return frozenset(words)


def ascii_text(text: str) -> str:
    """Canonical spelling of a mention: minus signs as "-", "·" without spaces, one space."""
    text = re.sub(r"[−–]", "-", text).replace("•", "·")
    text = re.sub(r"\s*·\s*", "·", text)
    return re.sub(r"\s+", " ", text).strip()


def word_alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


# ------------------------------------------------------------------------------------------
# Formula grammar


@dataclass(frozen=True)
class _Grammar:
    stoich: str
    formula: re.Pattern[str]
    token: re.Pattern[str]
    elements: frozenset[str]
    placeholders: frozenset[str]


@lru_cache(maxsize=1)
def _element_symbols() -> tuple[str, ...]:
    from pymatgen.core.periodic_table import Element

    cfg = patterns()["formula"]
    excluded = set(cfg["excluded_symbols"])
    return tuple(e.symbol for e in Element
                 if e.Z <= cfg["max_atomic_number"] and e.symbol not in excluded)


@lru_cache(maxsize=1)
def _chemical_name() -> tuple[re.Pattern[str], dict[str, str], dict[str, frozenset[str]]]:
    """A compound named in words by its elements: one to three element names (pymatgen's) and an
    anion name of ``material_patterns.yaml`` ("magnesium scandium selenide")."""
    from pymatgen.core.periodic_table import Element

    cfg = patterns()["formula"]
    names = {e.long_name.lower(): e.symbol for e in Element if e.Z <= cfg["max_atomic_number"]}
    names["aluminum"] = "Al"
    names["sulphur"] = "S"
    anions: dict[str, frozenset[str]] = {}
    for word, (group, _) in patterns()["anions"].items():
        pf = parse_formula(group) if len(group) > 1 or group.isupper() else None
        anions[word] = pf.elements if pf is not None else frozenset(
            re.findall(r"[A-Z][a-z]?", group))
    metal = word_alternation(names)
    anion = word_alternation(anions)
    rx = re.compile(rf"\b((?:(?:{metal})[\s-]+){{1,3}})({anion})s?\b", re.IGNORECASE)
    return rx, names, anions


def named_compositions(text: str) -> list[frozenset[str]]:
    """The element sets of compounds ``text`` names in words ("the magnesium scandium selenide
    spinel" -> {Mg, Sc, Se}): names of two or more elements only."""
    rx, names, anions = _chemical_name()
    out = []
    for m in rx.finditer(text):
        els = {names[w.lower()] for w in re.split(r"[\s-]+", m.group(1).strip())}
        els |= anions[m.group(2).lower()]
        if len(els) >= 3:
            out.append(frozenset(els))
    return out


@lru_cache(maxsize=1)
def grammar() -> _Grammar:
    """Compile the formula grammar from the fragments in ``material_patterns.yaml``."""
    cfg = patterns()["formula"]
    num, var, minus = cfg["number"], f"[{cfg['variables']}]", f"[{cfg['minus_signs']}]"
    term = f"(?:{num}/{num}|{num}?{var}|{num})"
    expr = f"{term}(?:(?:\\+|{minus}){term})*+"
    stoich = f"(?:\\({expr}\\)(?:(?:\\+|{minus}){term})*+|{expr})"
    elements = _element_symbols()
    placeholders = tuple(cfg["placeholders"])
    sym = f"(?>{word_alternation(elements + placeholders)}|{cfg['vacancy']})"
    group = f"{sym}(?>{stoich})?"
    paren1 = f"[(\\[](?:{group})++[)\\]](?>{stoich})?"
    paren2 = f"[(\\[](?:{group}|{paren1})++[)\\]](?>{stoich})?"
    body = f"(?:{group}|{paren2})++"
    coef = f"(?:{num}%?|{num}?{var}|\\({expr}\\))"
    formula = re.compile(f"(?P<coef>{coef})?(?P<body>{body})")
    token = re.compile(f"(?P<sym>{sym})(?P<st>{stoich})?|(?P<open>[(\\[])|(?P<close>[)\\]])(?P<cst>{stoich})?")
    return _Grammar(stoich, formula, token, frozenset(elements), frozenset(placeholders))


def looks_like_formula(text: str) -> bool:
    """Whether ``text`` matches the formula grammar (no chemical validation; fast)."""
    return grammar().formula.fullmatch(text) is not None


_BINOPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
           ast.Div: operator.truediv}


def _eval_node(node: ast.AST) -> float:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return float(node.value)
    if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
        return _BINOPS[type(node.op)](_eval_node(node.left), _eval_node(node.right))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_eval_node(node.operand)
    raise ValueError("unsupported expression")


def eval_stoichiometry(expr: str, values: dict[str, float] | None = None) -> float | None:
    """Evaluate a stoichiometry such as ``"7-3x"`` or ``"(2/3-x)"`` with small variable values
    (or the given ``values``; a variable left without one fails).

    Returns:
        The value, or None if it cannot be evaluated or is not positive.
    """
    cfg = patterns()["formula"]
    values = cfg["variable_values"] if values is None else values
    s = re.sub(f"[{cfg['minus_signs']}]", "-", expr.rstrip("%"))
    s = re.sub(f"(?<=[\\d.)])(?=[{cfg['variables']}(])", "*", s)
    for name, value in values.items():
        s = s.replace(name, f"({value})")
    try:
        value = _eval_node(ast.parse(s, mode="eval").body)
    except (SyntaxError, ValueError, ZeroDivisionError, RecursionError, MemoryError):
        return None
    return value if value > 0 and math.isfinite(value) else None


def substitute_variable(formula: str, name: str, value: float) -> str | None:
    """``formula`` with the variable ``name`` set to ``value``: ("Li3-xY1-xZrxCl6", "x", 0.5)
    -> "Li2.5Y0.5Zr0.5Cl6"; None when it does not parse or another variable is left."""
    g = grammar()
    out: list[str] = []
    pos = 0

    def count(st: str) -> str | None:
        if not st:
            return ""
        n = eval_stoichiometry(st, {name: value})
        if n is None:
            return None
        return "" if abs(n - 1) < 1e-9 else f"{round(n, 4):g}"

    for m in g.token.finditer(formula):
        if m.start() != pos:
            return None
        pos = m.end()
        if m.group("sym"):
            n = count(m.group("st") or "")
            if n is None:
                return None
            out.append(m.group("sym") + n)
        elif m.group("open"):
            out.append("(")
        else:
            n = count(m.group("cst") or "")
            if n is None:
                return None
            out.append(")" + n)
    return "".join(out) if pos == len(formula) and out else None


@dataclass(frozen=True)
class ParsedFormula:
    """A formula that passed the grammar and pymatgen.

    Attributes:
        text: As written (coefficient included).
        coefficient: Leading coefficient as a number (``75Li2S`` -> 75), 1.0 if none.
        amounts: Real elements per formula unit, variables substituted.
        placeholders: Site symbols used (M, X, ...).
        variable: Whether the stoichiometry contains variables (x, y, z, δ).
        body: The formula without its coefficient.
    """

    text: str
    coefficient: float
    amounts: tuple[tuple[str, float], ...]
    placeholders: frozenset[str]
    variable: bool
    body: str

    @property
    def elements(self) -> frozenset[str]:
        return frozenset(el for el, _ in self.amounts)


def _numeric_body(body: str) -> tuple[str, frozenset[str]] | None:
    """Rewrite a formula body with numeric counts and without placeholders/vacancies."""
    g = grammar()
    out: list[str] = []
    seen: set[str] = set()
    pos = 0
    for m in g.token.finditer(body):
        if m.start() != pos:
            return None
        pos = m.end()
        if m.group("sym"):
            sym, st = m.group("sym"), m.group("st")
            count = eval_stoichiometry(st) if st else 1.0
            if count is None:
                return None
            if sym in g.elements:
                out.append(f"{sym}{count:g}")
            elif sym != patterns()["formula"]["vacancy"]:
                seen.add(sym)
        elif m.group("open"):
            out.append("(")
        else:
            cst = m.group("cst")
            count = eval_stoichiometry(cst) if cst else 1.0
            if count is None:
                return None
            out.append(f"){count:g}")
    if pos != len(body):
        return None
    text = "".join(out)
    while True:
        stripped = re.sub(r"\(\)[\d.e+-]*", "", text)
        if stripped == text:
            break
        text = stripped
    return text, frozenset(seen)


@lru_cache(maxsize=8192)
def parse_formula(text: str) -> ParsedFormula | None:
    """Parse and validate one formula (no mixtures); None if it is not a formula."""
    m = grammar().formula.fullmatch(text)
    if m is None:
        return None
    coef_text, body = m.group("coef") or "", m.group("body")
    coefficient = eval_stoichiometry(coef_text) if coef_text else 1.0
    numeric = _numeric_body(body)
    if coefficient is None or numeric is None or not numeric[0]:
        return None
    try:
        from pymatgen.core import Composition

        comp = Composition(numeric[0])
        amounts = tuple((el.symbol, float(n)) for el, n in comp.items())
    except Exception:  # pymatgen raises several types for malformed formulas
        return None
    if not amounts or any(n <= 0 for _, n in amounts):
        return None
    variable = re.search(f"[{patterns()['formula']['variables']}]", coef_text + body) is not None
    return ParsedFormula(text, coefficient, amounts, numeric[1], variable, body)


def formula_status(text: str) -> str:
    """Classify a formula-like string.

    Returns:
        ``"formula"`` (a compound), ``"molecule"`` (O2, S8, ...), ``"element"`` (a bare symbol
        such as ``Li``), or ``"reject"`` (not a formula, an acronym like ``CV``, a stop word,
        a single element with a count such as ``Li2``/``S1``, a site formula without Li/Na).
    """
    if text in load_stopwords() and text not in grammar().elements:
        return "reject"
    pf = parse_formula(text)
    if pf is None:
        return "reject"
    cfg = patterns()["formula"]
    body_is_symbol = pf.body in grammar().elements
    if re.match(r"1(?![\d.%])", pf.text):  # an explicit coefficient 1 ("1W1B" is a label)
        return "reject"
    if pf.placeholders:
        real = pf.elements
        ok = len(real) >= 2 and real & set(cfg["working_ions"]) and re.search(r"\d", pf.body)
        return "formula" if ok else "reject"
    if len(pf.amounts) == 1:
        if body_is_symbol and pf.text == pf.body:
            return "element"
        return "molecule" if pf.text in cfg["molecules"] else "reject"
    if re.fullmatch(r"[A-Z]{2,}s?", pf.body):  # acronyms: CV, SOC, OCV, CPEs (C+P+Es), SSEs
        return "reject"
    return "formula"


def _composition(pf: ParsedFormula) -> dict[str, float]:
    comp = {el: n * pf.coefficient for el, n in pf.amounts}
    for ph in pf.placeholders:
        comp[ph] = comp.get(ph, 0.0) + pf.coefficient
    return comp


@lru_cache(maxsize=4096)
def formula_key(text: str) -> str:
    """A key equal for equal compositions (``Li[N(SO2CF3)2]`` == ``LiN(SO2CF3)2``)."""
    pf = parse_formula(text)
    if pf is None or pf.variable or pf.placeholders:
        return "written:" + ascii_text(text)
    from pymatgen.core import Composition

    return "comp:" + Composition(dict(pf.amounts)).reduced_formula


# ------------------------------------------------------------------------------------------
# Classes


def _rule_matches(rule: dict[str, Any], comp: dict[str, float]) -> bool:
    present = {el for el, n in comp.items() if n > 0}
    real = present - set(grammar().placeholders)
    checks = (
        all(el in present for el in rule.get("all", ())),
        not rule.get("any") or any(el in present for el in rule["any"]),
        not any(el in present for el in rule.get("none", ())),
        not rule.get("only") or present <= set(rule["only"]),
        len(real) >= rule.get("min_elements", 0),
        all(abs(comp.get(el, 0.0) - n) <= 0.3 for el, n in rule.get("counts", {}).items()),
        all(comp.get(el, 0.0) >= n for el, n in rule.get("min", {}).items()),
    )
    if not all(checks):
        return False
    if "at_least" in rule:
        spec = rule["at_least"]
        if sum(el in present for el in spec["of"]) < spec["n"]:
            return False
    if "ratio" in rule:
        a, b, r = rule["ratio"]
        if comp.get(b, 0.0) <= 0 or abs(comp.get(a, 0.0) / comp[b] - r) > 0.1 * r:
            return False
    if "more" in rule:
        a, b = rule["more"]
        if comp.get(a, 0.0) <= comp.get(b, 0.0):
            return False
    return True


def class_from_composition(comp: dict[str, float]) -> str:
    """The first class in ``material_classes.yaml`` whose composition rule matches."""
    for cls in class_config()["classes"]:
        for rule in cls.get("composition") or ():
            if _rule_matches(rule, comp):
                return cls["name"]
    return class_config()["combination"]["default"]


@lru_cache(maxsize=1)
def _trigger_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    out = []
    for cls in class_config()["classes"]:
        if cls.get("triggers"):
            alt = word_alternation(cls["triggers"])
            out.append((cls["name"], re.compile(f"(?<![A-Za-z])(?:{alt})", re.IGNORECASE)))
    return tuple(out)


def class_from_triggers(text: str) -> str | None:
    """The class whose trigger word occurs in ``text`` (first in file order), else None."""
    for name, pattern in _trigger_patterns():
        if pattern.search(text):
            return name
    return None


def combine_classes(classes: Sequence[str]) -> str:
    """Class of a composite: polymer + salt -> polymer; polymer + inorganic -> composite."""
    comb = class_config()["combination"]
    polymers = [c for c in classes if c in comb["polymer"]]
    others = [c for c in classes if c not in comb["polymer"] and c not in comb["salt"]]
    if polymers:
        return comb["polymer_inorganic"] if others else comb["polymer_salt"]
    distinct = set(classes)
    if len(distinct) == 1:
        return classes[0]
    return comb["polymer_inorganic"]


def class_member(phrase: str, elements: frozenset[str], formula: str) -> bool | None:
    """Whether a material (its ``elements``, its ``formula`` as written) is a member of the class
    ``phrase`` names ("mixed carborate phases" -> Na2(CB9H10)(CB11H12), "NaBH4-based SSEs" ->
    Na3(BH4)(B12H12)); None when the phrase has no class word of ``class_phrase_elements`` and is
    not based on a formula (membership unknown)."""
    cfg = class_config()
    words = re.findall(r"[a-z]+", phrase.lower())
    needs = [set(els) for w, els in cfg["class_phrase_elements"].items()
             if any(x.startswith(w) or x.endswith(w) or x.endswith(w + "s") for x in words)]
    halide = any(x.rstrip("s") in cfg["class_phrase_halides"] for x in words)
    base = re.match(r"\s*\[?([A-Z][A-Za-z0-9().]*)\]?\s?[-−]{0,2}\s?(?:based|containing)\b",
                    phrase)
    parsed = parse_formula(base.group(1)) if base else None
    if parsed is not None:  # "NaBH4-based SSEs", "BH4--containing phases": its elements
        needs.append(set(parsed.elements))
    if not (needs or halide):
        return None
    if not elements:
        return False
    if halide and not elements & {"F", "Cl", "Br", "I"}:
        return False
    if "mixed" in words and len(re.findall(r"\([^()]+\)", formula)) < 2:
        return False
    return all(n <= elements for n in needs)
