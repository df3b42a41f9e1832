"""Normalised text for NLP, with an offset map back to the source.

The normaliser reads the pieces of a sentence or paragraph (``[(start, end), ...]`` spans of the
source) and writes plain text: LaTeX math unwrapped (``$10^{-3} \\text{ S cm}^{-1}$`` ->
``10^-3 S cm^-1``), Unicode subscripts as digits (``Li₇La₃Zr₂O₁₂`` -> ``Li7La3Zr2O12``), other
superscripts as ``^`` + ASCII (``cm⁻¹`` -> ``cm^-1``, ``Ti⁴⁺`` -> ``Ti^4+``), converter split minus
signs repaired (``cm -1`` -> ``cm^-1``), ligatures and minus/mu variants unified, Markdown emphasis
and links removed, and citation markers written as tokens of their own (``et al.¹⁸`` ->
``et al. [18]``).

Converter noise (glyph codes, spaced formulas, hyphenation, ...) is repaired first by
:mod:`pipeline.ingest.repair`, whose character map is composed with this one. Every output character
``i`` comes with the source span ``(starts[i], ends[i])`` it was made from, so any normalised span
maps back with :meth:`NormText.to_source`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Sequence


from pipeline.ingest.repair import Repaired, repair
from pipeline.markers import MarkerIndex, MarkerSpan
from pipeline.resources import load_yaml



@dataclass
class NormText:
    """Normalised text and, per character, the source span it came from."""

    text: str
    starts: list[int]
    ends: list[int]

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Map the normalised span ``[start, end)`` to a source span."""
        if not self.text:
            return (0, 0)
        start = min(max(start, 0), len(self.text) - 1)
        end = min(max(end, start + 1), len(self.text))
        return self.starts[start], self.ends[end - 1]


@dataclass(frozen=True)
class _Rules:
    wrappers: frozenset[str]
    symbols: dict[str, str]
    char_map: dict[str, str]
    subscripts: dict[str, str]
    superscripts: dict[str, str]
    split_minus: re.Pattern[str]
    spaced_area: re.Pattern[str]
    spaced_sub_follow: re.Pattern[str]
    plain_run: re.Pattern[str]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    cfg = load_yaml("normalize.yaml")
    bases = "|".join(sorted(map(re.escape, cfg["exponent_bases"]), key=len, reverse=True))
    # "Scm -1", "mAhg -1": a unit glued before the base, after a space or a number
    glued = "|".join(f"(?<=\\b{re.escape(u)})|(?<=\\d{re.escape(u)})" for u in cfg["glued_numerators"])
    # "10 -3" (split), "1.2×10−3" (glued after a times sign: a text layer that lost its
    # superscripts), "10−4" glued with a true minus sign (U+2212; an en dash there is a range),
    # "cm -1" / "cm–1" after a unit symbol
    split_minus = re.compile(
        rf"(?:(?<![\w.])10(?=\s[-–−]\d)|(?:(?<=×)|(?<=×\s))10(?=[-–−]\d)"
        rf"|(?<![\w.,])10(?=−\d{{1,2}}(?![\d.,]\d))"
        # "10-3 S cm-1" glued with a hyphen: a one-digit "range" would run downwards, so it is a
        # power of ten; "10-12 S cm-1" only before a conductivity unit ("10-12 cycles" is a range)
        rf"|(?<![\w.,\-–−])10(?=-[1-9](?![\d.,]?\d))|(?<![\w.,\-–−])10(?=-1\d\s?m?S(?:\b|cm))"
        rf"|(?:(?<![\w])|{glued})(?:{bases})"  # also "Scm -1"
        rf"(?=\s?[-–−]\s?\d(?![\d.,]\d))"
        # "× 10 - 6": spaced on both sides in a table, a power of ten after a times sign
        rf"|(?<=×\s)10(?=\s[-–−]\s\d{{1,2}}(?![\d.,]?\d)))"
        rf"(\s?[-–−]\s?)(?=\d)"
    )
    subs = "".join(cfg["subscripts"])
    # characters that _step copies unchanged: not whitespace, LaTeX syntax or a mapped character
    special = {"\\", "{", "}", "$", "_", "^", *cfg["subscripts"], *cfg["superscripts"],
               *cfg["char_map"]}
    special_class = "".join(re.escape(c) for c in sorted(special) if len(c) == 1)
    return _Rules(
        wrappers=frozenset(cfg["latex_wrappers"]),
        symbols=cfg["latex_symbols"],
        char_map=cfg["char_map"],
        subscripts=cfg["subscripts"],
        superscripts=cfg["superscripts"],
        split_minus=split_minus,
        spaced_area=re.compile(
            "(?:" + "|".join(f"(?<={re.escape(a)})" for a in cfg["spaced_area_after"]) + ")"
            r"cm(\s)(?=2(?![\d.,]?\d))"),
        spaced_sub_follow=re.compile(rf" (?=[A-Z][a-z]?(?: [{subs}]|[•·])|[•·])"),
        plain_run=re.compile(rf"[^\s{special_class}]+"),
    )


class _Writer:
    """Accumulates output characters with their source spans."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []

    def emit(self, text: str, start: int, end: int) -> None:
        for ch in text:
            if ch == " " and (not self.chars or self.chars[-1] == " "):
                continue  # collapse whitespace, no leading space
            self.chars.append(ch)
            self.starts.append(start)
            self.ends.append(end)

    def emit_plain(self, text: str, start: int) -> None:
        """Copy ``text`` (no spaces), which is ``source[start:start + len(text)]``."""
        self.chars.extend(text)
        self.starts.extend(range(start, start + len(text)))
        self.ends.extend(range(start + 1, start + len(text) + 1))

    def emit_spans(self, text: str, starts: Sequence[int], ends: Sequence[int]) -> None:
        """Copy ``text`` with one given source span per character."""
        self.chars.extend(text)
        self.starts.extend(starts)
        self.ends.extend(ends)

    def pop_space(self) -> None:
        if self.chars and self.chars[-1] == " ":
            self.chars.pop()
            self.starts.pop()
            self.ends.pop()

    def last(self) -> str:
        return self.chars[-1] if self.chars else ""

    def result(self) -> NormText:
        self.pop_space()
        return NormText("".join(self.chars), self.starts, self.ends)


LATEX_CMD = re.compile(r"\\([A-Za-z]+)\*?|\\(.)")
MD_LINK = re.compile(r"\[([^\]\n]{1,200})\]\(([^)\s]{0,300})\)")
AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
DEGREE = re.compile(r"\^\s*\{\s*\\circ\s*\}|\^\s*\\circ\b")
INLINE_MATH = re.compile(r"\\\((.{0,200}?)\\\)")
MATH_SIGN = re.compile(r"\s*[-−+±=<>~]\s*")  # "\(-\)0.5": a sign set alone as math
HTML_TAG = re.compile(r"</?(?:sub|sup|i|b|em|strong|span|br|u|small)\b[^<>]{0,40}>", re.IGNORECASE)
EMPHASIS = re.compile(r"(?<![\w*])\*{1,3}(?=\S)|(?<=\S)\*{1,3}(?![\w*])")


_MINUS_BEFORE_DIGIT = re.compile(r"[-–−]\s?\d")


def _split_minus(rx: re.Pattern[str], seg: str) -> list[re.Match[str]]:
    """The matches of the split-minus pattern, looked for only around a minus before a digit (the
    pattern's many look-behinds are slow to try at every position of a long paragraph)."""
    found: dict[int, re.Match[str]] = {}
    for hint in _MINUS_BEFORE_DIGIT.finditer(seg):
        lo = max(0, hint.start() - 18)
        m = rx.search(seg, lo, min(len(seg), hint.end() + 6))
        while m is not None and m.start(1) <= hint.start():
            if m.start(1) <= hint.start() < m.end(1) or m.end(1) == hint.start() + 1:
                found.setdefault(m.start(1), m)
            m = rx.search(seg, m.end(), min(len(seg), hint.end() + 6))
    return [found[k] for k in sorted(found)]


def _events(source: str, start: int, end: int) -> dict[int, tuple[int, str]]:
    """Source positions where a multi-character rewrite starts: pos -> (end, replacement)."""
    rules = _rules()
    seg = source[start:end]
    ev: dict[int, tuple[int, str]] = {}
    for m in MD_LINK.finditer(seg):
        a = start + m.start()
        ev[a] = (a + 1, "")  # drop "[" and keep the link text
        close = start + m.end(1)
        ev[close] = (start + m.end(), "")
    for m in AUTOLINK.finditer(seg):
        ev[start + m.start()] = (start + m.start() + 1, "")
        ev[start + m.end() - 1] = (start + m.end(), "")
    for m in EMPHASIS.finditer(seg):
        ev.setdefault(start + m.start(), (start + m.end(), ""))
    for m in _split_minus(rules.split_minus, seg):
        ev[start + m.start(1)] = (start + m.end(1), "^-")
    for m in rules.spaced_area.finditer(seg):  # "Ω cm 2" -> "Ω cm^2"
        ev[start + m.start(1)] = (start + m.end(1), "^")
    for m in DEGREE.finditer(seg):  # ^{\circ}C -> °C
        ev[start + m.start()] = (start + m.end(), "°")
    if "\\(" in seg:  # inline math \( ... \) (nougat, Mathpix): the delimiters go, like $
        for m in INLINE_MATH.finditer(seg):
            if re.search(r"[_^\\{]", m.group(1)) or MATH_SIGN.fullmatch(m.group(1)):
                ev[start + m.start()] = (start + m.start(1), "")
                ev[start + m.end(1)] = (start + m.end(), "")
    if "<" in seg:  # HTML markup of some converters: <sub>12</sub> -> 12, <sup>-1</sup> -> ^-1
        for m in HTML_TAG.finditer(seg):
            ev[start + m.start()] = (start + m.end(), "^" if m.group(0).lower() == "<sup>" else "")
    return ev


def normalize(source: str, pieces: Sequence[tuple[int, int]],
              markers: Sequence[MarkerSpan] = ()) -> NormText:
    """Normalise the source pieces (joined by one space) into plain text with an offset map.

    Args:
        source: the whole source text.
        pieces: ``(start, end)`` spans of ``source``, in order.
        markers: citation markers (from :func:`pipeline.markers.find_markers`) that may fall inside
            the pieces; each becomes `` [label]`` in the output.
    """
    rules = _rules()
    out = _Writer()
    index = MarkerIndex(markers)
    for start, end in pieces:
        if out.chars:
            out.emit(" ", start, start)
        here = index.starting_in(start, end)
        fixed = repair(source, start, end, frozenset(m.start for m in here))
        if fixed is None:
            _normalize_piece(source, start, end, here, out, rules)
        else:  # converter noise: normalise the repaired text, mapped back through its spans
            near = index.overlapping(fixed.starts[0], fixed.ends[-1]) if fixed.starts else []
            _normalize_piece(fixed.text, 0, len(fixed.text), _markers_in(fixed, near),
                             _MappedWriter(out, fixed), rules)
    return out.result()


def _normalize_piece(source: str, start: int, end: int, markers: Sequence[MarkerSpan],
                     out: "_Writer", rules: _Rules) -> None:
    marker_at = {m.start: m for m in markers}
    events = _events(source, start, end)
    # positions where a run of plain characters must stop: markers and rewrites
    stops = sorted({p for p in marker_at if start <= p < end} | {p for p in events if p < end})
    k = 0
    i = start
    while i < end:
        while k < len(stops) and stops[k] < i:
            k += 1
        if k == len(stops) or stops[k] > i:
            m = rules.plain_run.match(source, i, stops[k] if k < len(stops) else end)
            if m:
                out.emit_plain(m.group(), i)
                i = m.end()
                continue
        if i in marker_at and marker_at[i].end <= end:
            m = marker_at[i]
            out.emit(" ", m.start, m.end)
            out.emit(f"[{m.label}]", m.start, m.end)
            i = m.end
            continue
        if i in events:
            stop, repl = events[i]
            if repl == "^-":
                out.pop_space()
            out.emit(repl, i, stop)
            i = max(stop, i + 1)
            continue
        i = _step(source, i, end, out, rules)


def _markers_in(fixed: Repaired, markers: Sequence[MarkerSpan]) -> list[MarkerSpan]:
    """The markers inside the repaired piece, in repaired offsets: each starts at the first
    repaired character made from its first source character (or after it) and ends before the
    first one made from after its end."""
    out = []
    starts = fixed.starts
    if not starts:
        return out
    for m in markers:
        if m.end <= starts[0] or m.start >= fixed.ends[-1]:
            continue
        a = bisect.bisect_left(starts, m.start)
        b = bisect.bisect_left(starts, m.end)
        if a < b:
            out.append(replace(m, start=a, end=b))
    return out


class _MappedWriter:
    """A writer over repaired text: positions are translated to the source before writing."""

    def __init__(self, out: "_Writer", fixed: Repaired) -> None:
        self.out = out
        self.fixed = fixed

    def _start(self, a: int) -> int:
        f = self.fixed
        return f.starts[a] if a < len(f.starts) else f.ends[-1]

    def _end(self, a: int, b: int) -> int:
        f = self.fixed
        return self._start(a) if b <= a else f.ends[min(b, len(f.ends)) - 1]

    def emit(self, text: str, start: int, end: int) -> None:
        self.out.emit(text, self._start(start), self._end(start, end))

    def emit_plain(self, text: str, start: int) -> None:
        f = self.fixed
        stop = start + len(text)
        self.out.emit_spans(text, f.starts[start:stop], f.ends[start:stop])

    def pop_space(self) -> None:
        self.out.pop_space()

    def last(self) -> str:
        return self.out.last()


def _step(source: str, i: int, end: int, out: _Writer, rules: _Rules) -> int:
    """Normalise the construct starting at ``source[i]``; return the next position."""
    ch = source[i]
    if ch == "\\":
        m = LATEX_CMD.match(source, i, end)
        if m and m.group(1):
            name = m.group(1)
            if name in rules.symbols:
                if rules.symbols[name] == "·":
                    out.pop_space()
                    out.emit("·", i, m.end())
                    j = m.end()
                    while j < end and source[j] in " \t":
                        j += 1
                    return j
                out.emit(rules.symbols[name], i, m.end())
            elif name not in rules.wrappers:
                out.emit("", i, m.end())  # unknown command: dropped
            return m.end()
        if m and m.group(2):
            sym = m.group(2)
            out.emit(" " if sym in ",;: " else ("" if sym == "!" else sym), i, m.end())
            return m.end()
        return i + 1
    if ch in "{}$":
        return i + 1
    if ch == "_" and i + 1 < end and (source[i + 1] == "{" or source[i + 1].isalnum()):
        if out.last() == " " and i >= 2 and source[i - 2].isalnum():
            out.pop_space()  # "LiNi _{0.5}" -> "LiNi0.5"
        return i + 1
    if ch == "^":
        out.emit("^", i, i + 1)
        return i + 1
    if ch in rules.subscripts:
        if out.last() == " ":
            out.pop_space()  # "Li ₂ S" -> "Li2 S"
        j = i
        while j < end and source[j] in rules.subscripts:
            out.emit(rules.subscripts[source[j]], j, j + 1)
            j += 1
        if rules.spaced_sub_follow.match(source, j) and source[i - 1:i] == " ":
            return j + 1  # table-style "Li ₂ S ₅ •P" -> drop the space after the subscript too
        return j
    if ch in rules.superscripts:
        if out.last() == " ":
            out.pop_space()  # "mAh g ⁻¹" -> "mAh g^-1"
        out.emit("^", i, i + 1)
        j = i
        while j < end and source[j] in rules.superscripts:
            out.emit(rules.superscripts[source[j]], j, j + 1)
            j += 1
        return j
    if ch in rules.char_map:
        repl = rules.char_map[ch]
        if repl == "·":  # adducts stay one token: "75Li2S · 24P2S5" -> "75Li2S·24P2S5"
            out.pop_space()
            out.emit(repl, i, i + 1)
            j = i + 1
            while j < end and source[j] in " \t":
                j += 1
            return j
        out.emit(repl, i, i + 1)
        return i + 1
    if ch.isspace():
        out.emit(" ", i, i + 1)
        return i + 1
    out.emit(ch, i, i + 1)
    return i + 1
