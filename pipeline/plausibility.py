"""Plausibility flags for measurement claims: values no solid-state battery paper can mean.

A flag marks a claim, it never removes it: an ionic conductivity of 1 S cm⁻¹ or more at room
temperature or below (usually a lost exponent: "10⁻³ S cm⁻¹" read as "10 S cm"), an activation
energy above 3 eV, a negative capacity, a value next to a glyph no reader could map
(``uncertain_text``) or to a converter's glyph code that the text repair read as a sign
(``repaired_text``: "S cm /C0 1"), or a value span that a repair step reports as changed. Rules and thresholds live in ``models/plausibility.yaml``.

Usage (one claim)::

    from pipeline.plausibility import claim_flags
    flags = claim_flags(m.property, m.value, m.value_high, m.unit, m.temperature_c,
                        m.value_as_written, span=(m.char_start, m.char_end),
                        uncertain_spans=spans, context=uncertain_context(text, m.char_start, m.char_end))
    cell = ";".join(flags)          # the `flags` column of measurements.csv
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Sequence

from pipeline.resources import load_yaml


@dataclass(frozen=True)
class Rule:
    flag: str
    property: str
    unit: str
    ge: float | None = None
    gt: float | None = None
    lt: float | None = None
    room_temperature: bool = False


@dataclass(frozen=True)
class Plausibility:
    """``models/plausibility.yaml`` with its rules built and patterns compiled."""

    rules: tuple[Rule, ...]
    room_temperature_max_c: float
    nonnegative: frozenset[str]
    negative_flag: str
    uncertain_flag: str
    uncertain: tuple[re.Pattern[str], ...]
    uncertain_context: int
    repaired_text_flag: str
    repaired: tuple[re.Pattern[str], ...]
    repaired_flag: str


@lru_cache(maxsize=1)
def plausibility() -> Plausibility:
    """The rules of ``models/plausibility.yaml``, loaded once."""
    cfg: dict[str, Any] = load_yaml("plausibility.yaml")
    return Plausibility(
        rules=tuple(Rule(**r) for r in cfg["rules"]),
        room_temperature_max_c=float(cfg["room_temperature_max_c"]),
        nonnegative=frozenset(cfg["nonnegative"]),
        negative_flag=cfg["negative_flag"],
        uncertain_flag=cfg["uncertain_flag"],
        uncertain=tuple(re.compile(p) for p in cfg["uncertain_patterns"]),
        uncertain_context=int(cfg["uncertain_context"]),
        repaired_text_flag=cfg["repaired_flag_text"],
        repaired=tuple(re.compile(p) for p in cfg["repaired_patterns"]),
        repaired_flag=cfg["repaired_flag"],
    )


def at_room_temperature(temperature_c: str | float | None, max_c: float) -> bool:
    """True for ``"RT"``, no temperature, or a number of at most ``max_c`` °C."""
    if temperature_c is None:
        return True
    text = str(temperature_c).strip()
    if not text or text.upper() == "RT":
        return True
    try:
        return float(text) <= max_c
    except ValueError:
        return False


def _hit(rule: Rule, value: float | None, high: float | None) -> bool:
    top = max(v for v in (value, high) if v is not None)
    low = min(v for v in (value, high) if v is not None)
    return ((rule.ge is not None and top >= rule.ge) or (rule.gt is not None and top > rule.gt)
            or (rule.lt is not None and low < rule.lt))


def claim_flags(prop: str, value: float | None, value_high: float | None, unit: str,
                temperature_c: str | float | None = None, value_as_written: str = "",
                span: tuple[int, int] | None = None,
                uncertain_spans: Iterable[tuple[int, int]] = (), context: str = "") -> list[str]:
    """The plausibility flags of one claim (empty when it looks sound), in rule order.

    Args:
        prop, value, value_high, unit: the claim's property and value in its canonical unit.
        temperature_c: the ``temperature_c`` cell (a number, ``RT`` or empty).
        value_as_written: the value's text in the document.
        context: the text around the value (a few characters either side): an unmapped glyph
            there ("4.6 \ufffd 10⁻⁴": the factor's sign was lost) makes the value uncertain too.
        span: the value's ``(char_start, char_end)``; with ``uncertain_spans`` (spans a repair
            step changed or marked uncertain) an overlap gives the ``repaired_span`` flag.
    """
    p = plausibility()
    flags: list[str] = []
    if value is not None or value_high is not None:
        for rule in p.rules:
            if rule.property != prop or rule.unit != unit:
                continue
            if rule.room_temperature and not at_room_temperature(temperature_c,
                                                                 p.room_temperature_max_c):
                continue
            if _hit(rule, value, value_high):
                flags.append(rule.flag)
        if prop in p.nonnegative and any(v is not None and v < 0 for v in (value, value_high)):
            flags.append(p.negative_flag)
    texts = [t for t in (value_as_written, context) if t]
    if any(r.search(t) for t in texts for r in p.uncertain):
        flags.append(p.uncertain_flag)
    if any(r.search(t) for t in texts for r in p.repaired):
        flags.append(p.repaired_text_flag)
    if span is not None and any(a < span[1] and span[0] < b for a, b in uncertain_spans):
        flags.append(p.repaired_flag)
    return flags


def uncertain_context(text: str, start: int, end: int) -> str:
    """The text of a value span with ``uncertain_context`` characters either side."""
    n = plausibility().uncertain_context
    return text[max(0, start - n):end + n]


def flags_cell(flags: Sequence[str]) -> str:
    """The ``flags`` cell of measurements.csv (``;``-separated, empty when none)."""
    return ";".join(flags)
