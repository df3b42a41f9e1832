"""Units: litmine's one pint ``UnitRegistry``, unit spellings and normalisation to canonical units.

Spellings, canonical units and property units are data (``models/units.yaml``,
``models/properties.yaml``), loaded once on first use. A unit as written after a number
(``mS cm^-1``, ``mAh/g``, ``Ω·cm^2``, ``°C``, ``wt %``, ``C``) is read by :func:`match_unit` and
converted to a canonical unit string (``S/cm``, ``mAh/g``, ``ohm*cm2``, ``degC``, ``wt%``, ``C``)
with ``canonical = written * factor + offset``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pint

from pipeline.resources import MODELS_DIR, load_yaml  # noqa: F401 (MODELS_DIR re-exported)


#: One space-like character between a number and its unit or between unit tokens.
WS = "[ \u00a0\u2009\u202f]"
#: Unit tokens that may carry ``-1`` / ``2`` without ``^`` (``cm-1``, ``g-1``, ``cm2``).
_GLUED_MINUS_DIMS = ("[length]", "[mass]", "[length] ** 3", "[substance]", "[time]")
_GLUED_DIGIT_DIMS = ("[length]",)
_PINT_ERRORS = (pint.errors.PintError, ValueError, TypeError, ZeroDivisionError, OverflowError,
                AttributeError, KeyError)


@lru_cache(maxsize=1)
def ureg() -> pint.UnitRegistry:
    """The package's single pint unit registry (created on first use)."""
    return pint.UnitRegistry()


@lru_cache(maxsize=None)
def load_model(name: str) -> dict[str, Any]:
    """Load ``models/<name>`` (YAML) once.

    Args:
        name: File name inside ``models/``, e.g. ``"units.yaml"``.

    Returns:
        The parsed mapping.
    """
    return load_yaml(name)


def units_model() -> dict[str, Any]:
    """The unit and quantity-grammar lexicon, ``models/units.yaml``."""
    return load_model("units.yaml")


# ------------------------------------------------------------------------------------------------
# Properties and canonical units


@dataclass(frozen=True)
class PropertySpec:
    """One property of ``models/properties.yaml``."""

    name: str
    canonical_unit: str
    pint_unit: str
    dimensionality: str
    implied_by_unit: bool
    quantity_kinds: tuple[str, ...]
    triggers: tuple[str, ...]
    accept_molar: bool = False
    alternate_units: tuple[tuple[str, str], ...] = ()
    cue: str = ""  # a regular expression for the text right before a value (instead of triggers)


@lru_cache(maxsize=1)
def properties() -> tuple[PropertySpec, ...]:
    """The property schema, in file order."""
    return tuple(_property_spec(p) for p in load_model("properties.yaml")["properties"])


def _property_spec(entry: dict[str, Any]) -> PropertySpec:
    return PropertySpec(
        name=entry["name"],
        canonical_unit=entry["canonical_unit"] or "",
        pint_unit=entry.get("pint_unit") or "",
        dimensionality=entry.get("dimensionality") or "",
        implied_by_unit=bool(entry.get("implied_by_unit")),
        quantity_kinds=tuple(entry.get("quantity_kinds") or ()),
        triggers=tuple(entry.get("triggers") or ()),
        accept_molar=bool(entry.get("accept_molar")),
        alternate_units=tuple((a["unit"], a["pint"]) for a in entry.get("alternate_units") or ()),
        cue=entry.get("cue") or "",
    )


def property_cue(name: str) -> str:
    """The ``cue`` of the property ``name`` (empty when it is named by triggers)."""
    return next(p.cue for p in properties() if p.name == name)


def property_names() -> tuple[str, ...]:
    """Names of all declared properties."""
    return tuple(p.name for p in properties())


@dataclass(frozen=True)
class CanonicalUnit:
    """A canonical unit: its output string, pint expression and the quantity kind it implies."""

    unit: str
    pint: str
    kind: str
    accept_molar: bool = False


@lru_cache(maxsize=1)
def canonical_units() -> tuple[CanonicalUnit, ...]:
    """Canonical units in matching order: unit-implied properties first, then units.yaml."""
    out: list[CanonicalUnit] = []
    for p in properties():
        if p.implied_by_unit and p.pint_unit:
            out.append(CanonicalUnit(p.canonical_unit, p.pint_unit, p.name, p.accept_molar))
            out.extend(CanonicalUnit(u, expr, p.name) for u, expr in p.alternate_units)
    out.extend(CanonicalUnit(e["unit"], e["pint"], e["kind"])
               for e in units_model()["canonical_units"])
    return tuple(out)


# ------------------------------------------------------------------------------------------------
# Resolving a sequence of unit tokens


@dataclass(frozen=True)
class Resolved:
    """A unit expression resolved to a unit string, conversion and kind."""

    unit: str
    factor: float
    offset: float
    kind: str
    canonical: bool


def round_sig(x: float, digits: int = 12) -> float:
    """Round ``x`` to ``digits`` significant digits (removes float noise from conversions)."""
    if x == 0 or not math.isfinite(x):
        return x
    return float(f"{x:.{digits}g}")


@lru_cache(maxsize=4096)
def resolve_tokens(tokens: tuple[tuple[str, int], ...]) -> Resolved | None:
    """Resolve ``((pint_expr, exponent), ...)`` to a canonical unit, or its own compact name.

    Returns:
        The resolved unit, or ``None`` when pint cannot build it.
    """
    reg = ureg()
    try:
        unit = reg.Unit(tokens[0][0]) ** tokens[0][1]
        for expr, exp in tokens[1:]:
            unit = unit * reg.Unit(expr) ** exp
        best: tuple[int, CanonicalUnit, tuple[float, float]] | None = None
        for cu in canonical_units():
            found = _convert_to(unit, cu)
            score = len(_root_names(unit) & _root_names(reg.Unit(cu.pint)))
            if found is not None and (best is None or score > best[0]):
                best = (score, cu, found)
        if best is None:
            return Resolved(compact_unit_name(unit), 1.0, 0.0, "other", False)
        return Resolved(best[1].unit, best[2][0], best[2][1], best[1].kind, True)
    except _PINT_ERRORS:
        return None


def _root_names(unit: pint.Unit) -> set[str]:
    """Unit names without prefixes (``megapascal`` -> ``pascal``), to break dimensional ties.

    ``Wh L^-1`` and ``GPa`` share a dimensionality; the canonical unit sharing most root names
    with the written one wins (ties: the first in matching order).
    """
    reg = ureg()
    return {reg.parse_unit_name(name)[0][1] for name in unit._units if reg.parse_unit_name(name)}


def _convert_to(unit: pint.Unit, cu: CanonicalUnit) -> tuple[float, float] | None:
    """``(factor, offset)`` from ``unit`` to ``cu`` when their dimensionalities agree."""
    reg = ureg()
    target = reg.Unit(cu.pint)
    if unit.dimensionality == target.dimensionality:
        low = reg.Quantity(0.0, unit).to(target).magnitude
        high = reg.Quantity(1.0, unit).to(target).magnitude
        return round_sig(high - low), round_sig(low)
    molar = target.dimensionality / reg.get_dimensionality("[substance]")
    if cu.accept_molar and unit.dimensionality == molar:
        per_particle = reg.Quantity(1.0, unit) / reg.Quantity(1.0, "avogadro_constant")
        return round_sig(per_particle.to(target).magnitude), 0.0
    return None


def compact_unit_name(unit: pint.Unit) -> str:
    """ASCII compact name of a pint unit (``g/cm3``, ``mV/s``, ``uA``)."""
    text = format(unit, "~C").replace("**", "")
    for symbol, ascii_name in (("µ", "u"), ("Ω", "ohm"), ("Å", "angstrom")):
        text = text.replace(symbol, ascii_name)
    return text or "1"


# ------------------------------------------------------------------------------------------------
# Reading a unit as written


@dataclass(frozen=True)
class UnitMatch:
    """A unit found in text: ``text[start:end]`` as written and its canonical form."""

    start: int
    end: int
    text: str
    unit: str
    factor: float
    offset: float
    kind: str
    canonical: bool = True

    def convert(self, value: float) -> float:
        """``value`` (in the written unit) in the canonical unit."""
        if self.factor == 1.0 and self.offset == 0.0:
            return value
        return round_sig(value * self.factor + self.offset)


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    spelling: str
    pint: str
    exponent: int
    explicit_exponent: bool
    glued_next: bool


@dataclass(frozen=True)
class _Lexicon:
    aliases: dict[str, str]
    token_re: re.Pattern[str]
    special_re: re.Pattern[str]
    special: dict[str, tuple[str, str]]
    sep_re: re.Pattern[str]
    gap_re: re.Pattern[str]
    glued_minus: frozenset[str]
    glued_digit: frozenset[str]
    space_required: frozenset[str]


def _alternation(words: list[str], boundary: bool = False) -> str:
    """Regex alternation of ``words``, longest first; ``boundary`` adds a word end after words."""
    parts = []
    for w in sorted(set(words), key=lambda s: (-len(s), s)):
        tail = r"(?![\w])" if boundary and w[-1:].isalnum() else ""
        parts.append(re.escape(w) + tail)
    return "|".join(parts)


def _token_regex(aliases: dict[str, str]) -> re.Pattern[str]:
    return re.compile(
        rf"(?P<tok>{_alternation(list(aliases))})"
        r"(?:\^\{?(?P<e1>[-–−+]?[0-9]{1,2})\}?|(?P<e2>[-–−][1-4])(?![0-9.,])"
        r"|(?P<e3>[1-4])(?![0-9.,]))?"
    )


def _dims_in(expr: str, dims: tuple[str, ...]) -> bool:
    reg = ureg()
    return reg.Unit(expr).dimensionality in {reg.get_dimensionality(d) for d in dims}


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    """Compiled unit lexicon from ``models/units.yaml``."""
    model = units_model()
    aliases = {str(k): str(v) for k, v in model["pint_aliases"].items()}
    special = {s: (e["unit"], e["kind"]) for e in model["special_units"] for s in e["spellings"]}
    per = _alternation(model["per_words"])
    return _Lexicon(
        aliases=aliases,
        token_re=_token_regex(aliases),
        special_re=re.compile(_alternation(list(special), boundary=True)),
        special=special,
        sep_re=re.compile(rf"(?P<div>{WS}?/{WS}?|{WS}(?:{per}){WS})|{WS}?[·*⋅]{WS}?|\.(?=\w)|{WS}"),
        gap_re=re.compile(f"{WS}?"),
        glued_minus=frozenset(s for s, e in aliases.items() if _dims_in(e, _GLUED_MINUS_DIMS)),
        glued_digit=frozenset(s for s, e in aliases.items() if _dims_in(e, _GLUED_DIGIT_DIMS)),
        space_required=frozenset(model["space_required"]),
    )


def _exponent(m: re.Match[str], lex: _Lexicon) -> tuple[int, int, bool]:
    """``(exponent, end, explicit)`` of a token match, honouring which tokens may glue exponents."""
    tok = m.group("tok")
    if m.group("e1"):
        return int(m.group("e1").replace("–", "-").replace("−", "-")), m.end(), True
    if m.group("e2") and tok in lex.glued_minus:
        return -int(m.group("e2")[1:]), m.end(), True
    if m.group("e3") and tok in lex.glued_digit:
        return int(m.group("e3")), m.end(), True
    return 1, m.end("tok"), False


def _match_token(text: str, pos: int, lex: _Lexicon, need_exponent: bool = False,
                 depth: int = 0) -> _Token | None:
    """One unit token at ``pos``; a token glued to the next needs an explicit exponent there."""
    m = lex.token_re.match(text, pos)
    if m is None or depth > 8:
        return None
    exponent, end, explicit = _exponent(m, lex)
    if need_exponent and not explicit:
        return None
    glued = end < len(text) and (text[end].isalnum() or text[end] in "_°")
    if glued and _match_token(text, end, lex, need_exponent=True, depth=depth + 1) is None:
        return None
    spelling = m.group("tok")
    return _Token(pos, end, spelling, lex.aliases[spelling], exponent, explicit, glued)


def _read_tokens(text: str, pos: int, lex: _Lexicon) -> list[_Token]:
    """The run of unit tokens starting at ``pos`` (``mA h g^-1``, ``S/cm``, ``Ω·cm^2``)."""
    first = _match_token(text, pos, lex)
    if first is None:
        return []
    tokens, sign = [first], 1
    while True:
        last = tokens[-1]
        sep = None if last.glued_next else lex.sep_re.match(text, last.end)
        if sep is None and not last.glued_next:
            break
        nxt = _match_token(text, sep.end() if sep else last.end, lex)
        if nxt is None:
            break
        if sep is not None and sep.group("div"):
            sign = -1
        tokens.append(_Token(nxt.start, nxt.end, nxt.spelling, nxt.pint, nxt.exponent * sign,
                             nxt.explicit_exponent, nxt.glued_next))
    return tokens


def _special_at(text: str, pos: int, lex: _Lexicon) -> UnitMatch | None:
    m = lex.special_re.match(text, pos)
    if m is None:
        return None
    unit, kind = lex.special[m.group(0)]
    return UnitMatch(pos, m.end(), m.group(0), unit, 1.0, 0.0, kind)


def _pint_unit_at(text: str, pos: int, lex: _Lexicon, glued: bool) -> UnitMatch | None:
    tokens = _read_tokens(text, pos, lex)
    if not tokens or (glued and tokens[0].spelling in lex.space_required):
        return None
    key = tuple((t.pint, t.exponent) for t in tokens)
    for k in range(len(tokens), 0, -1):
        res = resolve_tokens(key[:k])
        if res is not None and res.canonical:
            return _unit_match(text, pos, tokens[k - 1].end, res)
    res = resolve_tokens(key[:1])
    return None if res is None else _unit_match(text, pos, tokens[0].end, res)


def _unit_match(text: str, start: int, end: int, res: Resolved) -> UnitMatch:
    return UnitMatch(start, end, text[start:end], res.unit, res.factor, res.offset, res.kind,
                     res.canonical)


def match_unit(text: str, pos: int) -> UnitMatch | None:
    """The unit written at ``pos`` (after at most one space), e.g. right after a number.

    Args:
        text: The sentence text.
        pos: Where the unit may start (typically the end of a number).

    Returns:
        The unit with its canonical form; ``None`` when no known unit starts there.
    """
    lex = lexicon()
    start = lex.gap_re.match(text, pos).end()
    special = _special_at(text, start, lex)
    if special is not None:
        return special
    glued = start == pos and pos > 0 and text[pos - 1].isalnum()
    return _pint_unit_at(text, start, lex, glued=glued)


def normalise_unit(unit_text: str) -> tuple[str, float, float] | None:
    """Canonical unit, factor and offset for a whole unit string as written.

    ``canonical_value = value * factor + offset``; e.g. ``"mS cm^-1"`` -> ``("S/cm", 0.001, 0.0)``,
    ``"K"`` -> ``("degC", 1.0, -273.15)``. Units without a canonical form keep their compact name.

    Args:
        unit_text: The unit only, e.g. ``"mAh g^-1"``.

    Returns:
        ``(unit, factor, offset)``, or ``None`` if the text is not (entirely) a known unit.
    """
    text = unit_text.strip()
    if not text:
        return None
    m = match_unit(text, 0)
    if m is None or m.start != 0 or m.end != len(text):
        return None
    return m.unit, m.factor, m.offset
