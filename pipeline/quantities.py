"""Quantity recogniser: numbers with units, bounds, ranges and enumerations in normalised text.

Input is a sentence (or any text) as normalised by the ingest stage (``1.2 × 10^-2 S cm^-1``,
``µAh cm^-2``, citation markers as ``[86]``). :func:`find_quantities` returns one
:class:`Quantity` per value; the grammar's words and signs live in ``models/units.yaml``, units are
read and converted by :mod:`pipeline.units`. Span rules follow ``corpus/gold/GUIDELINES.md`` §3:
a span runs from the number to the end of its unit, without bound words or signs; in an
enumeration sharing one unit each value spans its own number, the last one runs to the unit end;
a range spans the whole range with its unit.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from pipeline.units import WS, UnitMatch, match_unit, normalise_unit, units_model

__all__ = ["Quantity", "find_quantities", "parse_value", "parse_bound_value", "normalise_unit",
           "NON_PROPERTY_KINDS", "RELATIONS"]

#: Quantity kinds that are not property names (see ``Quantity.kind``).
NON_PROPERTY_KINDS = ("temperature", "c_rate", "cycle_number", "percent", "voltage", "resistance",
                      "time", "length", "loading", "composition", "relative", "count", "other",
                      "pressure")
RELATIONS = ("eq", "approx", "gt", "lt", "ge", "le", "range")

_MANTISSA = r"(?:[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|\.[0-9]+)"
_EXPONENT = r"[-+−–]?[0-9]{1,3}"


@dataclass
class Quantity:
    """A number with its unit as found in text, and its value in the canonical unit.

    Attributes:
        start: Offset of the first character of the number (bound words/signs excluded).
        end: Offset after the unit (after the number for a value that only shares a unit).
        value: The value in ``unit`` (for a range the low end).
        value_high: The high end of a range, else ``None``.
        relation: ``eq``, ``approx``, ``gt``, ``lt``, ``ge``, ``le`` or ``range``.
        unit: Canonical unit string (``S/cm``, ``mAh/g``, ``degC``, ``C``, ``%``, ...); ``""`` if
            the number has no recognised unit.
        unit_as_written: The unit as written (shared unit text for enumeration members).
        value_as_written: ``text[start:end]``.
        kind: A property name implied by the unit, or one of :data:`NON_PROPERTY_KINDS`.
        group: Id shared by the values of one enumeration, else ``None``.
        magnitude_as_written: The number text (for a range: from the first to the last number).
        is_rt: ``True`` for "RT" / "room temperature" (value 25 °C).
        bound_as_written: The bound word or sign before the number (``~``, ``over``), if any.
    """

    start: int
    end: int
    value: float
    value_high: float | None
    relation: str
    unit: str
    unit_as_written: str
    value_as_written: str
    kind: str
    group: int | None = None
    magnitude_as_written: str = ""
    is_rt: bool = False
    bound_as_written: str = ""


# ------------------------------------------------------------------------------------------------
# Grammar, compiled once from models/units.yaml


@dataclass(frozen=True)
class _Grammar:
    number: re.Pattern[str]
    value: re.Pattern[str]
    bound: re.Pattern[str]
    bound_prefix: re.Pattern[str]
    bound_relation: dict[str, str]
    masks: tuple[re.Pattern[str], ...]
    room_temperature: re.Pattern[str]
    rt_value: float
    relative: re.Pattern[str]
    relative_units: dict[str, str]
    number_words: dict[str, float]
    c_fraction: re.Pattern[str]
    cycle_prefix: re.Pattern[str]
    range_dash: re.Pattern[str]
    range_to: re.Pattern[str]
    range_and: re.Pattern[str]
    opener_to: re.Pattern[str]
    opener_and: re.Pattern[str]
    list_gap: re.Pattern[str]
    list_word: re.Pattern[str]
    year_range: tuple[int, int]


def _words(words: list[str]) -> str:
    """Alternation of phrases, longest first, with flexible spaces between words."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(r"\s+".join(re.escape(p) for p in w.split()) for w in ordered)


def _pow10(name: str) -> str:
    return rf"10{WS}?\^{WS}?\{{?(?P<{name}>{_EXPONENT})\}}?"


def _core_number(signs: dict[str, list[str]]) -> str:
    """Number as written: ``10^-3``, ``1.2 × 10^-2``, ``1.2e-3``, ``1,600``, ``0.5`` (+ ``± x``)."""
    times = _words(signs["times"])
    plus_minus = _words(signs["plus_minus"])
    # "0.21(1) eV", "311(2) meV": a standard uncertainty in parentheses, glued to the number
    return (rf"(?:{_pow10('e3')}|(?P<mant>{_MANTISSA})(?:\([0-9]{{1,3}}\)(?![\w(]))?"
            rf"(?:{WS}?(?:{times}){WS}?{_pow10('e1')}|[eE](?P<e2>[-+]?[0-9]{{1,3}})(?![\w]))?)"
            rf"(?P<unc>{WS}?(?:(?:{plus_minus}){WS}?{_MANTISSA}"
            rf"|\({WS}?(?:{plus_minus}){WS}?{_MANTISSA}{WS}?\)))?")  # "1.56 (± 0.11) mS cm^-1"


def _number_regex(signs: dict[str, list[str]], ordinals: list[str]) -> re.Pattern[str]:
    minus = "".join(re.escape(s) for s in signs["minus"])
    return re.compile(
        # not after "/" ("C/10"), except after a unit's exponent: "3.4 mA cm^-2/3.4 mAh cm^-2",
        # "3.4 mA cm^-2 /3.4 mAh cm^-2"
        rf"(?:(?<![^\s(\[=:;,~<>≈≤≥])(?P<sign>[{minus}])(?=\.?[0-9]))?(?<![\w.^\\])"
        rf"(?<!(?<!\^-\d)(?<!\^-\d )/)"
        rf"{_core_number(signs)}(?P<ord>(?:{_words(ordinals)})(?![A-Za-z]))?"
    )


def _bound_regexes(relation_words: dict[str, list[str]]
                   ) -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """Bound word/sign ending at a number, the same at the start of a cell, relation by word."""
    relation = {w.lower(): rel for rel, ws in relation_words.items() for w in ws}
    words = [w for w in relation if w[0].isalpha()]
    signs = [w for w in relation if not w[0].isalpha()]
    bound = rf"(?:(?<![A-Za-z])(?P<w>{_words(words)})\s+|(?P<s>{_words(signs)}){WS}?)"
    return (re.compile(bound + r"\Z", re.IGNORECASE), re.compile(r"\A\s*" + bound, re.IGNORECASE),
            relation)


def _mask_regexes(label_words: list[str]) -> tuple[re.Pattern[str], ...]:
    sep = r"\s*[,;–—\-]\s*"
    item = r"S?[0-9]+[A-Za-z]?"
    return (
        re.compile(rf"\[\s*[0-9]+(?:{sep}[0-9]+)*\s*\]"),
        # (a parenthesis glued to a number is its uncertainty, "0.21(1)", not a citation)
        re.compile(rf"(?<![0-9])\(\s*[0-9]{{1,4}}(?:{sep}[0-9]{{1,4}})*\s*\)"),
        re.compile(rf"(?<![\w])(?:{_words(label_words)}){WS}?\(?{item}"
                   rf"(?:(?:{sep}|\s+and\s+){item})*"),
        # a bare degree sign inside a list ("-10°, -20°, and -30°C"): the members share the
        # unit that closes the list
        re.compile(r"(?<=\d)°(?![ \u00a0]?[CFK]\b)(?=\s*(?:,|and\b|or\b|to\b|[–-]))"),
    )


def _room_temperature_regex(rt: dict[str, Any]) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w])(?:{_words(rt['case_sensitive'])}"
                      rf"|(?i:{_words(rt['case_insensitive'])}))(?![\w])")


def _relative_regex(units: dict[str, list[str]], number_words: dict[str, float]
                    ) -> tuple[re.Pattern[str], dict[str, str]]:
    """Relative expressions; suffix spellings keep their leading space or hyphen (`` times``)."""
    unit_of = {s.lower(): u for u, spellings in units.items() for s in spellings}
    suffixes = "|".join(re.escape(s) for s in sorted(unit_of, key=len, reverse=True))
    pattern = (rf"(?<![\w.])(?P<num>[0-9]+(?:\.[0-9]+)?|(?i:{_words(list(number_words))}))"
               rf"(?P<unit>(?i:{suffixes}))(?![\w])")
    return re.compile(pattern), unit_of


@lru_cache(maxsize=1)
def _grammar() -> _Grammar:
    """The quantity grammar compiled from ``models/units.yaml``."""
    model = units_model()
    signs = model["number_signs"]
    bound, bound_prefix, bound_relation = _bound_regexes(model["relation_words"])
    relative, relative_units = _relative_regex(model["relative_units"], model["number_words"])
    openers = model["range_openers"]
    lists = _words(model["list_words"])
    dashes = "".join(re.escape(d) for d in model["range_dashes"])
    return _Grammar(
        number=_number_regex(signs, model["ordinal_suffixes"]),
        value=re.compile(rf"\s*(?P<sign>[-−+])?{WS}?{_core_number(signs)}\s*"),
        bound=bound,
        bound_prefix=bound_prefix,
        bound_relation=bound_relation,
        masks=_mask_regexes(model["label_words"]),
        room_temperature=_room_temperature_regex(model["room_temperature"]),
        rt_value=float(model["room_temperature"]["value_c"]),
        relative=relative,
        relative_units=relative_units,
        number_words={k.lower(): float(v) for k, v in model["number_words"].items()},
        c_fraction=re.compile(rf"(?<![\w/])C{WS}?/{WS}?(?P<n>[0-9]+(?:\.[0-9]+)?)(?![\w.])"),
        cycle_prefix=re.compile(rf"(?<![\w-])(?i:{_words(model['cycle_prefixes'])}){WS}\Z"),
        range_dash=re.compile(rf"\A\s*[{dashes}]\s*\Z"),
        range_to=re.compile(r"\A\s+to\s+\Z", re.IGNORECASE),
        range_and=re.compile(r"\A\s+and\s+\Z", re.IGNORECASE),
        opener_to=re.compile(rf"(?<![\w])(?:{_words(openers['to'])})\s+\Z", re.IGNORECASE),
        opener_and=re.compile(rf"(?<![\w])(?:{_words(openers['and'])})\s+\Z", re.IGNORECASE),
        list_gap=re.compile(rf"\A\s*(?:,\s*(?:(?:{lists})\s+)?|(?:{lists})\s+)\Z",
                            re.IGNORECASE),
        list_word=re.compile(rf"(?<![\w])(?:{lists})(?![\w])", re.IGNORECASE),
        year_range=(int(model["year_range"][0]), int(model["year_range"][1])),
    )


# ------------------------------------------------------------------------------------------------
# Numbers


def _exp_text(text: str) -> str:
    return text.replace("−", "-").replace("–", "-").replace(" ", "")


def _value_of(m: re.Match[str]) -> float:
    """The float of a number match of :func:`_core_number` (sign included)."""
    if m.group("e3") is not None:
        value = float("1e" + _exp_text(m.group("e3")))
    else:
        exponent = m.group("e1") or m.group("e2")
        mantissa = m.group("mant").replace(",", "")
        value = float(f"{mantissa}e{_exp_text(exponent)}" if exponent else mantissa)
    sign = m.group("sign")
    return -value if sign and sign != "+" else value


_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")


def _unsuperscript(text: str) -> str:
    return re.sub(r"[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+", lambda m: "^" + m.group(0).translate(_SUPERSCRIPTS),
                  text)


def parse_value(text: str) -> float | None:
    """The number in a string as written, e.g. in a table cell.

    Handles ``1,020``, ``0.5``, ``-30``, ``10^-3``, ``10⁻³``, ``1.3 × 10^-3``, ``1.2e-3`` and
    ``94.7 ± 0.3`` (the central value).

    Args:
        text: The number only (surrounding spaces allowed).

    Returns:
        The value, or ``None`` if ``text`` is not a single number.
    """
    m = _grammar().value.fullmatch(_unsuperscript(text))
    if m is None:
        return None
    value = _value_of(m)
    return value if math.isfinite(value) else None


def parse_bound_value(text: str) -> tuple[str, float | None]:
    """Relation and value of a number with an optional bound, e.g. ``">900"``, ``"~10^-4"``.

    A range ``"2.0–4.2"`` gives ``("range", 2.0)`` (the low end; use :func:`find_quantities` for
    both ends).

    Args:
        text: A bound word or sign followed by a number, or a number.

    Returns:
        ``(relation, value)``; ``value`` is ``None`` when no number can be read.
    """
    g = _grammar()
    relation, rest = "eq", text
    m = g.bound_prefix.match(text)
    if m is not None:
        written = m.group("w") or m.group("s")
        relation, rest = g.bound_relation[re.sub(r"\s+", " ", written.lower())], text[m.end():]
    value = parse_value(rest)
    if value is not None:
        return relation, value
    values = [parse_value(p) for p in re.split(r"\s*[–—]\s*|(?<=[0-9])-(?=[0-9.])", rest)]
    if len(values) == 2 and values[0] is not None and values[1] is not None:
        return "range", min(values[0], values[1])
    return relation, None


# ------------------------------------------------------------------------------------------------
# Scanning


@dataclass
class _Atom:
    """One number with its bound and its own unit (or none), before ranges/enumerations."""

    start: int
    end: int
    num_start: int
    num_end: int
    value: float
    unit: UnitMatch | None
    relation: str = "eq"
    bound_text: str = ""
    bound_start: int = -1
    ordinal: bool = False
    negative: bool = False
    plain_int: bool = False
    times_pow10: int | None = None  # n of a "× 10^n" written after the mantissa
    high: _Atom | None = None
    shared_unit: UnitMatch | None = None
    group: int | None = None

    @property
    def lead(self) -> int:
        """Where the atom's text begins including its bound."""
        return self.bound_start if self.bound_start >= 0 else self.start

    @property
    def any_unit(self) -> UnitMatch | None:
        return self.unit or self.shared_unit


def _mask(text: str, patterns: tuple[re.Pattern[str], ...]) -> str:
    """``text`` with every match of ``patterns`` blanked out (same length, same offsets)."""
    for p in patterns:
        text = p.sub(lambda m: " " * len(m.group(0)), text)
    return text


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    if not spans:
        return text
    pieces, last = [], 0
    for s, e in sorted(spans):
        pieces.append(text[last:s])
        pieces.append(" " * (e - s))
        last = e
    pieces.append(text[last:])
    return "".join(pieces)


def _bound_before(work: str, pos: int) -> tuple[str, str, int]:
    """``(relation, bound text, bound start)`` of a bound word/sign ending at ``pos``."""
    g = _grammar()
    lo = max(0, pos - 40)
    m = g.bound.search(work, lo, pos)
    if m is None:
        return "eq", "", -1
    written = m.group("w") or m.group("s")
    relation = g.bound_relation.get(re.sub(r"\s+", " ", written.lower()), "eq")
    if relation == "approx":  # "above around 480 K": the outer bound is the relation
        outer = g.bound.search(work, max(0, m.start() - 30), m.start())
        if outer is not None and outer.end() == m.start():
            word = outer.group("w") or outer.group("s")
            rel = g.bound_relation.get(re.sub(r"\s+", " ", word.lower()), "eq")
            if rel in ("gt", "lt", "ge", "le"):
                return rel, work[outer.start():m.end()].strip(), outer.start()
    return relation, written, m.start()


def _looks_like_exponent(work: str, m: re.Match[str]) -> bool:
    """A bare ``1``..``4`` right after ``^-``, ``^{`` or ``<letter>-`` is a unit exponent."""
    if not re.fullmatch(r"[1-4]", m.group(0)):
        return False
    before = work[max(0, m.start() - 3):m.start()]
    return bool(re.search(r"(?:\^\{?[-−–+]?|[A-Za-z][-−–])\Z", before))


def _atom_at(m: re.Match[str], work: str) -> _Atom | None:
    """Turn a number match into an atom (with its unit), or ``None`` if it is not a quantity."""
    value = _value_of(m)
    if not math.isfinite(value):
        return None
    num_end = m.end()
    after = work[num_end:num_end + 2]
    if re.match(r"[.,][0-9]|\^", after):
        return None
    ordinal = m.group("ord") is not None
    if ordinal and not (m.group("mant") or "").isdigit():
        return None
    unit = match_unit(work, num_end)
    if ordinal and unit is not None and unit.kind != "cycle_number":
        unit = None
    if unit is None and num_end < len(work) and (work[num_end].isalnum() or work[num_end] == "_"):
        return None
    if unit is None and _looks_like_exponent(work, m):
        return None
    relation, bound_text, bound_start = _bound_before(work, m.start())
    return _Atom(
        start=m.start(), end=unit.end if unit else num_end, num_start=m.start(), num_end=num_end,
        value=value, unit=unit, relation=relation, bound_text=bound_text,
        bound_start=bound_start, ordinal=ordinal, negative=m.group("sign") is not None,
        plain_int=m.group(0).isdigit(),
        times_pow10=int(_exp_text(m.group("e1"))) if m.group("e1") else None,
    )


def _with_cycle_prefix(atom: _Atom, work: str) -> _Atom:
    """``cycle 30``: a unitless number after the word ``cycle`` is a cycle number."""
    if atom.unit is not None or atom.ordinal or atom.bound_start >= 0:
        return atom
    m = _grammar().cycle_prefix.search(work, max(0, atom.start - 12), atom.start)
    if m is None:
        return atom
    word_end = m.start() + len(m.group(0).rstrip())
    unit = UnitMatch(m.start(), word_end, work[m.start():word_end], "cycles", 1.0, 0.0,
                     "cycle_number")
    return replace(atom, start=m.start(), unit=unit)


def _scan_atoms(work: str) -> list[_Atom]:
    """Numbers with their own units, left to right; digits inside a unit (``cm^-1``) are skipped."""
    atoms: list[_Atom] = []
    for m in _grammar().number.finditer(work):
        if atoms and m.start() < atoms[-1].end:
            continue
        if _ION_CHARGE.search(work, max(0, m.start() - 3), m.start()) \
                and _ION_CHARGE_SIGN.match(work, m.end()):
            continue  # the charge of an anion: "[B12H12]2- up to 3.4 V", "[ B10 H 10 ] 2 -and"
        atom = _atom_at(m, work)
        if atom is not None:
            atoms.append(_with_cycle_prefix(atom, work))
    return atoms


# ------------------------------------------------------------------------------------------------
# Ranges and enumerations


def _same_unit(a: UnitMatch | None, b: UnitMatch | None) -> bool:
    return a is None or (b is not None and a.unit == b.unit)


def _range_gap_ok(a: _Atom, b: _Atom, work: str) -> bool:
    g = _grammar()
    gaps = (work[a.end:b.num_start], work[a.end:b.lead])
    if any(g.range_dash.match(gap) or g.range_to.match(gap) for gap in gaps):
        return True
    if b.negative and gaps[0] and not gaps[0].strip() and (
            abs(b.value) > a.value or _POWER_ONLY.match(work, a.num_start)
            and _POWER_ONLY.match(work, b.num_start)):
        return True  # "2 -5 V"; "10^-6 -10^-8 S cm^-1" (powers of ten, either order)
    return bool(g.range_and.match(gaps[1])
                and g.opener_and.search(work, max(0, a.lead - 20), a.lead))


_ION_CHARGE = re.compile(r"\]\s?$")  # a number right after a closing bracket ...
_ION_CHARGE_SIGN = re.compile(r"\s?[-+−–](?!\s?\d)")  # ... with a sign and no number after it
_PLAIN_DECIMAL = re.compile(r"[-−]?[0-9][0-9,]*(?:\.[0-9]+)?")  # no power of ten of its own
_POWER_ONLY = re.compile(r"[-−]?10\s?\^")  # a bare power of ten ("10^-6")


BOUNDS = ("gt", "lt", "ge", "le")


def _open_upper_end(a: _Atom, b: _Atom, work: str) -> bool:
    """A range whose upper end is a lower bound: "ranging from 0.22 eV to more than 2.0 eV"."""
    g = _grammar()
    return b.relation in ("gt", "ge") and bool(g.range_to.match(work[a.end:b.lead])) \
        and bool(g.opener_to.search(work, max(0, a.lead - 20), a.lead))


def _join_range(a: _Atom, b: _Atom, work: str) -> _Atom | None:
    """``a`` and ``b`` as one range atom (``2.0–4.2 V``, ``from 20 to 100 ohms``), else ``None``."""
    if a.ordinal or b.ordinal or not _same_unit(a.unit, b.unit) or not _range_gap_ok(a, b, work):
        return None
    if b.relation in BOUNDS and not _open_upper_end(a, b, work):
        return None  # "between ≥ 0.60 eV and < 0.35 eV": two bounds, not a range
    high = b
    if b.negative and not work[a.end:b.num_start].strip():
        high = replace(b, value=abs(b.value))
        if high.value < a.value:  # written from the high end down: "10^-6 -10^-8"
            a, high = replace(a, value=high.value), replace(high, value=a.value)
    if b.times_pow10 is not None and _PLAIN_DECIMAL.fullmatch(work, a.num_start, a.num_end) \
            and a.value != 0:
        # "1.2-3.4 × 10^-3 S cm-1": the power of ten is both ends'
        a = replace(a, value=a.value * 10.0 ** b.times_pow10)
    return replace(a, end=b.end, unit=b.unit, high=high, relation="range")


def _join_ranges(atoms: list[_Atom], work: str) -> list[_Atom]:
    out, i = [], 0
    while i < len(atoms):
        joined = _join_range(atoms[i], atoms[i + 1], work) if i + 1 < len(atoms) else None
        out.append(joined or atoms[i])
        i += 2 if joined else 1
    return out


def _chains(items: list[_Atom], work: str) -> list[list[_Atom]]:
    """Runs of items joined by list separators (``, ``, ``, and ``, `` or ``)."""
    g = _grammar()
    chains: list[list[_Atom]] = []
    for item in items:
        if chains and g.list_gap.match(work[chains[-1][-1].end:item.lead]):
            chains[-1].append(item)
        else:
            chains.append([item])
    return chains


def _is_year(atom: _Atom) -> bool:
    lo, hi = _grammar().year_range
    return atom.plain_int and atom.any_unit is None and lo <= atom.value <= hi


def _can_share(pending: list[_Atom], owner: _Atom, work: str) -> bool:
    """May the unitless ``pending`` values take ``owner``'s unit?"""
    if any(_is_year(p) for p in pending):
        return False
    if owner.unit is None or any(p.ordinal for p in pending) and owner.unit.kind != "cycle_number":
        return False
    joined = work[pending[0].end:owner.lead]
    return len(pending) >= 2 or bool(_grammar().list_word.search(joined))


def _share_units(chain: list[_Atom], work: str) -> list[list[_Atom]]:
    """Give unitless members the unit that closes their run; return groups of equal units."""
    groups: list[list[_Atom]] = []
    pending: list[_Atom] = []
    for item in chain:
        if item.unit is None:
            pending.append(item)
            continue
        members = [item]
        if pending and _can_share(pending, item, work):
            for p in pending:
                p.shared_unit = item.unit
            members = pending + [item]
        pending = []
        previous = groups[-1][-1].unit if groups else None
        if previous is not None and previous.unit == item.unit.unit:
            groups[-1].extend(members)
        else:
            groups.append(members)
    return groups


def _enumerate(items: list[_Atom], work: str) -> None:
    """Share units inside enumerations and number the groups (in place)."""
    group_id = 0
    for chain in _chains(items, work):
        for members in _share_units(chain, work):
            if len(members) > 1:
                for member in members:
                    member.group = group_id
                group_id += 1


# ------------------------------------------------------------------------------------------------
# Building quantities


def _kind(unit: UnitMatch | None) -> str:
    return unit.kind if unit is not None else "count"


def _to_quantity(atom: _Atom, text: str) -> Quantity:
    unit = atom.any_unit
    convert = unit.convert if unit is not None else (lambda v: v)
    end = atom.end if atom.unit is not None or atom.high is not None else atom.num_end
    value, high = convert(atom.value), None
    num_end = atom.num_end
    if atom.high is not None:
        value, high = sorted((value, convert(atom.high.value)))
        num_end = atom.high.num_end
    return Quantity(
        start=atom.start, end=end, value=value, value_high=high, relation=atom.relation,
        unit=unit.unit if unit else "", unit_as_written=unit.text if unit else "",
        value_as_written=text[atom.start:end], kind=_kind(unit), group=atom.group,
        magnitude_as_written=text[atom.num_start:num_end], bound_as_written=atom.bound_text,
    )


def _keep(atom: _Atom) -> bool:
    if atom.ordinal and atom.any_unit is None:
        return False
    if atom.high is not None:
        return not (_is_year(atom) and _is_year(atom.high))
    return not _is_year(atom)


def _room_temperatures(work: str, text: str) -> list[Quantity]:
    g = _grammar()
    return [Quantity(m.start(), m.end(), g.rt_value, None, "eq", "degC", m.group(0),
                     text[m.start():m.end()], "temperature", magnitude_as_written=m.group(0),
                     is_rt=True)
            for m in g.room_temperature.finditer(work)]


def _relatives(work: str, text: str) -> list[Quantity]:
    g = _grammar()
    out = []
    for m in g.relative.finditer(work):
        num = m.group("num")
        value = g.number_words.get(num.lower()) if num[0].isalpha() else float(num)
        if value is None:
            continue
        relation, bound, _ = _bound_before(work, m.start())
        out.append(Quantity(m.start(), m.end(), value, None, relation,
                            g.relative_units[m.group("unit").lower()], m.group("unit").strip(" -"),
                            text[m.start():m.end()], "relative", magnitude_as_written=num,
                            bound_as_written=bound))
    return out


def _c_fractions(work: str, text: str) -> list[Quantity]:
    out = []
    for m in _grammar().c_fraction.finditer(work):
        n = float(m.group("n"))
        if n == 0:
            continue
        relation, bound, _ = _bound_before(work, m.start())
        out.append(Quantity(m.start(), m.end(), 1.0 / n, None, relation, "C", "C",
                            text[m.start():m.end()], "c_rate", magnitude_as_written=m.group(0),
                            bound_as_written=bound))
    return out


def find_quantities(text: str) -> list[Quantity]:
    """All quantities in ``text``, sorted by start.

    Args:
        text: Normalised sentence text (see the module docstring).

    Returns:
        One :class:`Quantity` per value; never raises on any string.
    """
    work = _mask(text, _grammar().masks)
    fixed = _room_temperatures(work, text) + _relatives(work, text) + _c_fractions(work, text)
    work = _blank(work, [(q.start, q.end) for q in fixed])
    items = _join_ranges(_scan_atoms(work), work)
    _enumerate(items, work)
    found = fixed + [_to_quantity(a, text) for a in items if _keep(a)]
    return _share_across_a_temperature(sorted(found, key=lambda q: (q.start, q.end)), text)


_FROM_BEFORE = re.compile(r"\bfrom\s+(?:[~≈]\s*)?$")
_AT_TO_GAP = re.compile(r"\s+at\s+$")


def _share_across_a_temperature(qs: list[Quantity], text: str) -> list[Quantity]:
    """"decreases from 0.7 at -40 °C to 0.4 eV at 100 °C": the bare number after "from" takes the
    unit of the value after "to" (scaled as that value is), across the temperature between them."""
    out = list(qs)
    for i, q in enumerate(qs):
        if q.unit or q.kind != "count" or not _FROM_BEFORE.search(text, max(0, q.start - 12),
                                                                  q.start):
            continue
        rest = qs[i + 1:i + 3]
        if len(rest) < 2 or rest[0].kind != "temperature" or not rest[1].unit \
                or rest[1].kind == "temperature" \
                or not _AT_TO_GAP.fullmatch(text, q.end, rest[0].start) \
                or not re.fullmatch(r"\s+to\s+", text[rest[0].end:rest[1].start]):
            continue
        u = rest[1]
        number = re.match(r"\d+(?:\.\d+)?", u.magnitude_as_written or "")
        if number is None or not float(number.group()) or u.value is None or q.value is None:
            continue
        scale = u.value / float(number.group())
        out[i] = replace(q, value=q.value * scale, unit=u.unit, kind=u.kind,
                         unit_as_written=u.unit_as_written)
    return out
