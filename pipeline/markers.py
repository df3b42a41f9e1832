"""Find numbered citation markers in source text: superscripts, LaTeX ``^{...}``, brackets, ``( n )``.

Pure functions over the raw source string; offsets are indices into that string. The ingest stage
uses them to keep markers apart from formulas in the normalised text; the citations stage to
resolve them to reference numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.resources import load_yaml


SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
SUP_TO_ASCII = str.maketrans({**{c: str(i) for i, c in enumerate(SUPERSCRIPT_DIGITS)},
                              "⁻": "-", "⁺": "+", "⁽": "(", "⁾": ")", "⁼": "="})
SUP_RUN = re.compile(f"[{SUPERSCRIPT_DIGITS}⁻⁺]+")
LATEX_SUP = re.compile(r"\^\{([^{}]{0,40})\}|\^(\d+)")
HTML_SUP = re.compile(r"<sup>\s*([^<>]{0,40}?)\s*</sup>", re.IGNORECASE)
HTML_TAG = re.compile(r"</?[A-Za-z][^<>]{0,40}>")
NUMLIST = r"\d{1,4}(?:\s*[,–\-−‐]\s*\d{1,4})*"
BRACKET = re.compile(rf"\[\s*({NUMLIST})\s*\](?!\()")
PAREN = re.compile(rf"\(\s+({NUMLIST})\s+\)")
# "(ref. 7)", "(refs. 7, 8)", "see refs 12-14 and 20": the word says it is a citation
REF_WORD = re.compile(rf"\((?:[Rr]efs?\.?|[Rr]eferences?)[ \t]*({NUMLIST}(?:[ \t]+and[ \t]+{NUMLIST})?)[ \t]*\)"
                      rf"|\b(?:[Rr]efs?\.?|[Rr]eferences?)[ \t]+({NUMLIST}(?:[ \t]+and[ \t]+{NUMLIST})?)\b"
                      rf"(?![.,]?\d)")
DASHES = "–\\-−‐"  # a regex character-class body


@dataclass(frozen=True)
class MarkerSpan:
    """A citation marker found in text: ``text[start:end]`` is ``raw``."""

    start: int
    end: int
    raw: str
    refs: tuple[int, ...]
    style: str
    issues: tuple[str, ...] = field(default=())

    @property
    def label(self) -> str:
        """The marker's numbers as plain ASCII (``51-56``, ``18,87``), for normalised text."""
        body = HTML_TAG.sub("", self.raw).translate(SUP_TO_ASCII)
        body = re.sub(r"[\^{}\[\]()\s]", "", body)
        return re.sub(f"[{DASHES}]", "-", body)


@lru_cache(maxsize=1)
def _config() -> dict:
    return load_yaml("markers.yaml")


def expand_numbers(body: str) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """``"51–56, 60"`` -> ``(51, ..., 56, 60)``; returns the numbers and any problems found."""
    width = _config()["max_range_width"]
    nums: list[int] = []
    issues: list[str] = []
    for part in re.split(r"\s*,\s*", body.strip()):
        if not part:
            continue
        ends = [p for p in re.split(f"\\s*[{DASHES}]\\s*", part) if p]
        if not all(e.isdecimal() for e in ends):  # isdigit() accepts "²", int() does not
            issues.append(f"unreadable part {part!r}")
            continue
        if any(e[0] == "0" for e in ends):
            # reference numbers start at 1 and are never zero-padded: "[0]", "^{0}", "[001]"
            # (a Miller index) are not citations
            issues.append(f"not a reference number {part!r}")
            continue
        if len(ends) == 2:
            lo, hi = int(ends[0]), int(ends[1])
            if lo < hi <= lo + width:
                nums.extend(range(lo, hi + 1))
                continue
            issues.append(f"odd range {part!r}")
        nums.extend(int(e) for e in ends)
    return tuple(sorted(set(nums))), tuple(issues)


def _previous_token(text: str, pos: int) -> str:
    """The non-space run that ends right before ``pos`` (LaTeX ``\\text{`` wrappers removed)."""
    start = pos
    while start > 0 and not text[start - 1].isspace() and pos - start < 40:
        start -= 1
    token = text[start:pos]
    token = re.sub(r"\\(?:text|mathrm|rm)\{", "", token).replace("}", "").replace("{", "")
    return HTML_TAG.sub("", token)


def _is_exponent_context(prev: str) -> bool:
    """True when the token before a superscript makes it an exponent or a label."""
    cfg = _config()
    core = prev.rstrip("$")
    if not core:
        return False
    if core[-1] in ",.;:)]":
        return False
    if re.fullmatch(r"[\d.]+", core) or re.search(r"(?:[×x·*]|\\times|\\cdot)10$", core):
        return True  # 10³, 10^{3}, and glued 2×10⁵, $1.2\times10^{5}$
    word = re.split(r"[^A-Za-zµμÅΩ]", core)[-1]
    return word in cfg["unit_words"] or word in cfg["label_words"]


def _superscript_markers(text: str) -> list[MarkerSpan]:
    out = []
    for m in SUP_RUN.finditer(text):
        run = m.group()
        if run[0] == "⁻" or run[-1] in "⁻⁺" or "⁺" in run:
            continue  # exponent (⁻¹) or charge (⁴⁺)
        after = text[m.end():m.end() + 1]
        if after.isalpha():
            continue  # affiliation mark or isotope: ¹School, ⁶Li
        before = text[m.start() - 1:m.start()] if m.start() else ""
        if not before:
            continue
        if not before.isspace() and _is_exponent_context(_previous_token(text, m.start())):
            continue
        if before.isspace() and _is_exponent_context(_previous_token(text, m.start() - 1)):
            continue  # "mAh g ⁻¹"-style spaced exponent after a unit
        refs, issues = expand_numbers(run.translate(SUP_TO_ASCII))
        if refs:
            out.append(MarkerSpan(m.start(), m.end(), run, refs, "superscript", issues))
    return out


def _latex_markers(text: str) -> list[MarkerSpan]:
    """``^{12}``, ``^{51–56}``, ``^3`` and the HTML ``<sup>12</sup>`` of some converters."""
    out = []
    found = [(m, "latex") for m in LATEX_SUP.finditer(text)]
    found += [(m, "html") for m in HTML_SUP.finditer(text)] if "<" in text else []
    for m, style in found:
        body = m.group(1) if m.group(1) is not None else m.group(2)
        if not re.fullmatch(rf"\s*{NUMLIST}\s*", body):
            continue  # ^{-1}, ^{3+}, ^{*}, ^{1,*}
        if _is_exponent_context(_previous_token(text, m.start())):
            continue
        if text[m.end():m.end() + 1].isalpha():
            continue
        refs, issues = expand_numbers(body)
        if refs:
            out.append(MarkerSpan(m.start(), m.end(), m.group(), refs, style, issues))
    return out


def _bracket_markers(text: str) -> list[MarkerSpan]:
    out = []
    for style, rx in (("bracket", BRACKET), ("paren", PAREN)):
        for m in rx.finditer(text):
            refs, issues = expand_numbers(m.group(1))
            if refs:
                out.append(MarkerSpan(m.start(), m.end(), m.group(), refs, style, issues))
    for m in REF_WORD.finditer(text):
        refs, issues = expand_numbers(re.sub(r"\s+and\s+", ",", m.group(1) or m.group(2)))
        if refs:
            out.append(MarkerSpan(m.start(), m.end(), m.group(), refs, "ref_word", issues))
    return out


def find_markers(text: str) -> list[MarkerSpan]:
    """All citation markers in ``text``, sorted by position, never overlapping."""
    found = _superscript_markers(text) + _latex_markers(text) + _bracket_markers(text)
    found.sort(key=lambda s: (s.start, -s.end))
    out: list[MarkerSpan] = []
    for span in found:
        if out and span.start < out[-1].end:
            continue
        out.append(span)
    return out
