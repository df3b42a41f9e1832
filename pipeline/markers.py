"""Find numbered citation markers in source text: superscripts, LaTeX ``^{...}``, brackets, ``( n )``.

Pure functions over the raw source string; offsets are indices into that string. The ingest stage
uses :func:`find_markers` to keep markers apart from formulas in the normalised text; the citations
stage to resolve them to reference numbers. :func:`find_flat_markers` finds the superscripts a
converter flattened into plain numbers (``garnets 3,7 show``, ``batteries. 1,2``) and ACS ``(14)``;
it needs the parsed reference list (every number must be in it) and rejects values, units, years,
labels, formulas, isotopes and charges by rules that are data in ``models/markers.yaml``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterable, Sequence

from pipeline.ingest.repair import glyph_tables
from pipeline.resources import load_yaml


SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
SUP_TO_ASCII = str.maketrans({**{c: str(i) for i, c in enumerate(SUPERSCRIPT_DIGITS)},
                              "⁻": "-", "⁺": "+", "⁽": "(", "⁾": ")", "⁼": "="})
SUP_RUN = re.compile(f"[{SUPERSCRIPT_DIGITS}⁻⁺]+")
LATEX_SUP = re.compile(r"\^\{([^{}]{0,40})\}|\^(\d+)")
HTML_SUP = re.compile(r"<sup>\s*([^<>]{0,40}?)\s*</sup>", re.IGNORECASE)
HTML_TAG = re.compile(r"</?[A-Za-z][^<>]{0,40}>")
NUMLIST = r"\d{1,4}(?:\s*[,–\-−‐]\s*\d{1,4})*"
# Wiley sub-references: "[2b]", "[ 12a,14]" (the letter names a part of entry 2, 12)
SUBLIST = r"\d{1,4}[a-h]?(?:\s*[,–\-−‐]\s*\d{1,4}[a-h]?)*"
BRACKET = re.compile(rf"\[\s*({SUBLIST})\s*\](?!\()")
# ACS text with parenthesised citations "(14)", "(3,4)", "(5-7)" (checked against the list)
# (never glued to a word: "Li(1)" and "O(2)" are crystallographic sites)
TIGHT_PAREN = re.compile(rf"(?<=[\s.,;:])\(({NUMLIST})\)(?=[\s.,;:)]|$)")
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


class MarkerIndex:
    """Markers looked up by position with bisect over their sorted starts (no scan of every marker
    per block or piece); lookups return markers in the order of the list given."""

    def __init__(self, markers: Sequence[MarkerSpan]) -> None:
        self.markers = markers
        self._order = sorted(range(len(markers)), key=lambda i: markers[i].start)
        self._starts = [markers[i].start for i in self._order]
        self._longest = max((m.end - m.start for m in markers), default=0)

    def _pick(self, lo: int, hi: int, keep: Callable[[MarkerSpan], bool]) -> list[int]:
        return [i for i in self._order[lo:hi] if keep(self.markers[i])]

    def starting_in(self, start: int, end: int) -> list[MarkerSpan]:
        """The markers with ``start <= m.start < end``."""
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_left(self._starts, end)
        return [self.markers[i] for i in sorted(self._order[lo:hi])]

    def overlapping(self, start: int, end: int) -> list[MarkerSpan]:
        """The markers with ``m.end > start`` and ``m.start < end``."""
        lo = bisect.bisect_right(self._starts, start - self._longest)
        hi = bisect.bisect_left(self._starts, end)
        return [self.markers[i] for i in sorted(self._pick(lo, hi, lambda m: m.end > start))]

    def within(self, spans: Iterable[tuple[int, int]]) -> list[MarkerSpan]:
        """The markers that lie inside one of ``spans`` (``a <= m.start`` and ``m.end <= b``)."""
        found: set[int] = set()
        for a, b in spans:
            lo = bisect.bisect_left(self._starts, a)
            hi = bisect.bisect_right(self._starts, b)
            found.update(self._pick(lo, hi, lambda m, b=b: m.end <= b))
        return [self.markers[i] for i in sorted(found)]


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


@lru_cache(maxsize=1)
def _label_words() -> tuple[frozenset[str], frozenset[str]]:
    """The abbreviations ("fig", "eq") and label words ("equation") of ``markers.yaml``."""
    cfg = _config()["flat"]
    return (frozenset(str(w).lower() for w in cfg["abbreviations"]),
            frozenset(str(w).lower() for w in cfg["labels"]))


def flat_explicit_share() -> float:
    """Flattened superscripts are searched only below this share of the list cited otherwise."""
    return float(_config()["flat"]["explicit_share"])


def _label_before(text: str, pos: int) -> bool:
    """The word right before ``pos`` is a label such as ``Eq.``, ``Fig.`` or ``equation``."""
    m = re.search(r"([A-Za-z][\w.]*)\s*$", text[max(0, pos - 30):pos])
    if not m:
        return False
    word = m.group(1).lower()
    abbreviations, labels = _label_words()
    return (word.endswith(".") and word.rstrip(".") in abbreviations) or word in labels


def _bracket_markers(text: str) -> list[MarkerSpan]:
    out = []
    for style, rx in (("bracket", BRACKET), ("paren", PAREN)):
        for m in rx.finditer(text):
            if style == "paren" and _label_before(text, m.start()):
                continue  # "Eq. ( 2 )", "Figure ( 3 )": a label, not a citation
            refs, issues = expand_numbers(re.sub(r"(?<=\d)[a-h]", "", m.group(1)))
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


# ------------------------------------------------------------------------------------------------
# Flattened superscripts (need the reference list)


@dataclass(frozen=True)
class _Flat:
    candidate: re.Pattern[str]
    words_before: frozenset[str]
    words_after: frozenset[str]
    elements: frozenset[str]
    space_group: re.Pattern[str]
    abbreviations: frozenset[str]
    element_words: frozenset[str]
    exponent_units: frozenset[str]
    sentence_starts: frozenset[str]
    unit_words: frozenset[str]
    max_jump_weak: int
    max_jump_strong: int


@lru_cache(maxsize=1)
def _flat() -> _Flat:
    cfg = _config()["flat"]
    body = cfg["body"]
    # the number list stands after a space and before a space, punctuation or the end
    candidate = re.compile(rf"(?<=\s)(?P<body>{body})(?=\s|[.,;:)\]]|$)")
    return _Flat(candidate, frozenset(str(w).lower() for w in cfg["words_before"]),
                 frozenset(str(w) for w in cfg["words_after"]),
                 frozenset(str(w) for w in cfg["elements"]), re.compile(cfg["space_group"]),
                 frozenset(str(w).lower() for w in cfg["abbreviations"]),
                 frozenset(str(w) for w in cfg["element_words"]),
                 frozenset(str(w) for w in cfg["exponent_units"]),
                 frozenset(str(w) for w in cfg["sentence_starts"]),
                 frozenset(str(w) for w in _config()["unit_words"]),
                 int(cfg["max_jump_weak"]), int(cfg["max_jump_strong"]))


TOKEN_BEFORE = re.compile(r"(\S+)\s*$")
SIGN_OR_GLYPH = re.compile(r"(?:[-−‐–]|/C0|/C\d+|\bGLYPH<[^>]*>|\(cid:\d+\))$")


@lru_cache(maxsize=1)
def _sign_starts() -> tuple[str, ...]:
    """How an operator or sign token after a number can start besides a plain sign: the legacy
    math-font signs of ``models/repair.yaml`` ("10 À3", "2 Â 10"), pdfminer's ``(cid:N)``,
    docling's ``GLYPH<N>`` and inline LaTeX ("$\\times$", "\\(\\times\\)")."""
    return (*glyph_tables().standalone, "(cid:", "GLYPH<", "$", "\\(")


def _flat_context(text: str, start: int, end: int) -> str | None:
    """``"strong"`` (after punctuation), ``"weak"`` (after a word) or None (not a superscript
    position) for a candidate number list ``text[start:end]``."""
    cfg = _flat()
    before = text[max(0, start - 60):start]
    if not before.split("\n")[-1].strip():
        return None  # at the start of a line: a list number or a page number
    tok = TOKEN_BEFORE.search(before).group(1)
    prev_tokens = before.split()
    last = tok[-1]
    if last in ".,;:":
        word = tok[:-1]
        if not word.strip("()[]"):
            # "cm−1 ), 6-10" is after a parenthesis, "In 3+ . 47" after a spaced full stop;
            # a lone ":" is a ratio ("1 : 1")
            if last == ":" or (not word and len(prev_tokens) >= 2
                               and re.fullmatch(r"[\d.]+", prev_tokens[-2])):
                return None
            return "strong"
        core = word.strip("()[]").lower()
        if last == "." and core in cfg.abbreviations:
            return None  # "Fig. 3", "ca. 5", "e.g. 2", "No. 29"
        if word[:1] in "=<>~≈≤≥±×":
            return None  # "n =2, 4": a list of values
        if re.fullmatch(r"[+]?\d+(?:\.\d+)?", word):
            # a number before the punctuation: a list of values ("1, 2, 3"), a year ("2015, 8")
            # unless it is an exponent ("S cm −1 , 4", "cm -1 , 4")
            earlier = prev_tokens[-2] if len(prev_tokens) >= 2 else ""
            if not SIGN_OR_GLYPH.search(earlier):
                return None
        return "strong"
    if last in ")]":
        if _FORMULA_GROUP.search(before.rstrip()) and _formula_group_ok(before.rstrip()):
            return None  # "NaZr 2 (PO 4 ) 3": the count of a spaced formula's group
        return "strong" if not re.fullmatch(r"[(\[]\s*\d+[a-z]?\s*[)\]]", tok) else None
    if not (last.isalnum() or last in "'’*†"):
        return None  # "(", "=", "~", "±", "×", "/", "+", "−", "%", "°": a value or a charge
    word = tok.strip("([|")  # "TiS 2 |LiBH 4": a cell part is a formula too
    if word[:1] in "=<>~≈≤≥±×":
        return None  # "(<10 8 jumps", "n =2, 4": a value
    if re.fullmatch(r"[-−+]?\d+(?:\.\d+)?", word):
        return None  # "4 4 V", "333 and": a number before a number
    if word.lower() in cfg.words_before:
        # a list or range closing a clause after a function word is a citation ("inferred by
        # 25 -27"); a single number there is a quantity ("of 5 samples")
        body = text[start:end]
        label = word in cfg.abbreviations or word in _label_words()[1]
        if word.islower() and not label and re.search(r"\d\D+\d", body) \
                and re.match(r"\s*(?:$|\n|[.,;:])", text[end:]):
            return "strong"
        return None
    if word in cfg.exponent_units:
        return None  # "O cm 2", "g 1": an exponent flattened by the converter
    if cfg.space_group.fullmatch(word):
        return None  # "Pca 21", "Pnma": a space-group symbol
    after_value = len(prev_tokens) >= 2 and re.fullmatch(r"[-−]?\d+(?:\.\d+)?", prev_tokens[-2])
    unit_after_value = after_value and word in cfg.unit_words
    if len(word) == 1 and word.isalpha() and not unit_after_value:
        return None  # a variable and its exponent or index: "σ e 2", "x 3"
    if _open_formula(word) and not unit_after_value:
        return None  # "Li 7 La 3", "LiBH 4": a subscript of a spaced formula
    if SIGN_OR_GLYPH.search(word):
        return None
    return "weak"


_FORMULA_GROUP = re.compile(r"[(\[]\s*((?:[A-Z][a-z]?\s*(?:\d+(?:\.\d+)?)?\s*)+)[)\]]$")


def _formula_group_ok(before: str) -> bool:
    """The bracket closing ``before`` holds element symbols and counts only ("(PO 4 )")."""
    m = _FORMULA_GROUP.search(before)
    return bool(m) and all(x in _flat().elements for x in re.findall(r"[A-Z][a-z]?", m.group(1)))


def _open_formula(word: str) -> bool:
    """True for a formula that ends with an element symbol still waiting for its count
    (``Li``, ``LiBH``, ``Zr``), read as element symbols and counts only."""
    elements = _flat().elements
    parts = re.findall(r"[A-Z][a-z]?|\d+(?:\.\d+)?|.", word)
    return bool(parts) and parts[-1] in elements \
        and all(p in elements or p[0].isdigit() or p in "-–·()[]{}=≡" for p in parts)


def _formula_after(text: str, end: int) -> bool:
    """The text after a candidate continues a formula: an element symbol and more ("Cl", "InCl6")."""
    m = re.match(r"\s+([A-Z][a-z]?)(?=[A-Z\d\s)]|$)", text[end:end + 8])
    return bool(m and m.group(1) in _flat().elements)


def _flat_follow_ok(text: str, end: int, weak: bool = False) -> bool:
    """What follows a candidate allows a citation: not a unit, a number, a charge or an operator;
    after a bare word (``weak``) also not the rest of a spaced formula (``Li/Li 7 La3 Zr2 O12``)."""
    cfg = _flat()
    after = text[end:end + 40]
    if not after:
        return True
    after = after.split("\n", 1)[0] + ("\n" if "\n" in after else "")  # this line only
    c = after[0]
    if c in ".,;:":
        return not after[1:2].isdigit()
    if c in ")]":
        return True
    if re.match(r"\s[-−–]\s", after) and re.search(r"[\])]\s\d{1,2}$", text[max(0, end - 4):end]):
        return False  # "[B12H12] 2 - anion": a charge
    if c == "\n":
        return True
    rest = after.lstrip(" \t")
    if not rest:
        return True
    if rest[0] == "\n":
        return True
    tok = rest.split()[0]
    if tok in cfg.sentence_starts and re.search(r"[.!?]\s+\S+\s*$", text[max(0, end - 30):end]):
        return True  # "batteries. 1-3 A conductivity": a new sentence, not the unit ampere
    if tok[0].isdigit():
        return False  # "4 4 V", "1 8"
    if tok[0] in "-−‐–+±×=/°%'′″~<>^*" and tok not in ("-", "–", "—") or tok.startswith("/C") \
            or tok.startswith(_sign_starts()):
        return False  # a charge, a hyphenated compound, an operator, a unit symbol
    core = tok.rstrip(".,;:)")
    if tok in cfg.words_after or core in cfg.words_after:
        return False
    if core in ("and", "or", "to", "-", "–", "—"):
        # "5 and 10 K" is a pair of values; "9 and 0.61(1) eV" a citation before a value
        nxt = rest.split()[1:2]
        return not (nxt and re.match(r"\d+(?![.,]\d)", nxt[0]))
    if re.sub(r"[-–][\w-]+$", "", core) in cfg.elements - cfg.element_words:
        return False  # an isotope ("7 Li", "11 B-enriched") or a spaced formula
    if tok in (":", "/"):
        return False  # a ratio "1 : 1"
    if re.fullmatch(r"[b-z][,)]?", tok):
        return False  # a Wyckoff position "8 c", a label "2 b"
    if weak and re.match(r"(?:[A-Z][a-z]?)\d", tok) and re.match(r"[A-Z][a-z]?", tok).group() in cfg.elements:
        return False  # "Li 7 La3 Zr2 O12": the formula goes on
    return True


def _tight_paren_markers(text: str, a: int, b: int, top: int) -> list[tuple]:
    """ACS-style ``(14)`` citations in ``text[a:b]``: not a label's number (``Eq. (2)``), not an
    equation number (a line with ``=``), not an enumeration (``(1) ... (2) ...``)."""
    out: list[tuple] = []
    found = list(TIGHT_PAREN.finditer(text, a, b))
    numbers = {m.group(1) for m in found}
    for m in found:
        body = m.group(1)
        refs, issues = expand_numbers(body)
        if not refs or issues or any(r > top for r in refs) or _label_before(text, m.start()):
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        if re.search(r"[:;]\s*$", text[max(0, m.start() - 3):m.start()]) \
                or re.fullmatch(r"\s*(?:[-*•]\s*)?", text[line_start:m.start()]):
            continue  # "identified: (1) ...", "- (1) Defects ...": an enumeration
        if len(refs) == 1 and ({str(refs[0] - 1), str(refs[0] + 1)} & numbers or refs[0] == 1
                               and re.search(r"\(2\)", text[m.end():m.end() + 400])):
            continue  # "(1) SS ... (2) copper": an enumeration
        before = text[max(text.rfind("\n", 0, m.start()) + 1, m.start() - 60):m.start()]
        if "=" in before:
            continue  # an equation number
        if not _flat_follow_ok(text, m.end()):
            continue
        out.append((m.start(), m.end(), MarkerSpan(m.start(), m.end(), m.group(), refs, "paren"),
                    "weak"))
    return out


def find_flat_markers(text: str, spans: list[tuple[int, int]], top: int,
                      taken: list[MarkerSpan] = ()) -> list[MarkerSpan]:
    """Flattened superscript citations inside ``spans`` of ``text`` (style ``flat``), and ACS
    ``(14)`` citations (style ``paren``, see :func:`_tight_paren_markers`).

    A candidate is a number list after a space (``1,2``, ``9,14 -17``, ``2-5``) where a
    superscript would stand: after a word, a formula or punctuation, not after a label (``Fig.``),
    a function word, a number or an element symbol, and not before a unit, a number, a charge or
    an operator. Every number must lie in ``1..top`` (the reference list), and a number not cited
    before may be only a little above the highest number cited so far (references are numbered
    in order of first citation). ``taken`` are markers found otherwise (counted for that order,
    never overlapped).
    """
    if top < 1:
        return []
    cfg = _flat()
    events: list[tuple[int, int, MarkerSpan | None, str]] = []
    for a, b in spans:
        for m in cfg.candidate.finditer(text, a, b):
            strength = _flat_context(text, m.start(), m.end())
            if strength is None or not _flat_follow_ok(text, m.end(), strength == "weak"):
                continue
            body = m.group("body")
            refs, issues = expand_numbers(body.replace("e", "-"))
            if not refs or issues or any(r > top for r in refs):
                continue
            if len(refs) > 1:
                strength = "strong"
            events.append((m.start(), m.end(), MarkerSpan(m.start(), m.end(), body, refs, "flat"),
                           strength))
        events += _tight_paren_markers(text, a, b, top)
    for t in taken:
        events.append((t.start, t.end, t, "taken"))
    events.sort(key=lambda e: (e[0], -e[1]))
    out: list[MarkerSpan] = []
    seen: set[int] = set()
    hi = 0
    last_end = -1
    for start, end, span, strength in events:
        if strength == "taken":
            seen.update(span.refs)
            hi = max([hi, *[r for r in span.refs if r <= top]])
            last_end = max(last_end, end)
            continue
        if start < last_end:
            continue
        new = [r for r in span.refs if r not in seen]
        jump = cfg.max_jump_weak if strength == "weak" else cfg.max_jump_strong
        if new and min(new) > hi + jump:
            continue
        out.append(span)
        seen.update(span.refs)
        hi = max(hi, *span.refs)
        last_end = end
    return out


# ------------------------------------------------------------------------------------------------
# Author-year citations (need an unnumbered reference list to resolve)


@dataclass(frozen=True)
class AuthorYear:
    """One cited work of an author-year marker: first surname, whether the text names two
    authors (the second) or "et al.", the year and its letter ("2017a")."""

    surname: str
    second: str
    et_al: bool
    year: str
    letter: str


@dataclass(frozen=True)
class AuthorYearSpan:
    start: int
    end: int
    raw: str
    works: tuple[AuthorYear, ...]


@lru_cache(maxsize=1)
def _author_year() -> dict[str, re.Pattern[str]]:
    cfg = _config()["author_year"]

    def c(p: str) -> str:
        return (p.replace("<<years>>", cfg["years"]).replace("<<year>>", cfg["year"])
                .replace("<<surname>>", cfg["surname"]))
    return {"item": re.compile(c(cfg["item"])), "narrative": re.compile(c(cfg["narrative"])),
            "year": re.compile(c(cfg["year"])), "prefix": re.compile(cfg["item_prefixes"], re.I),
            "surname": re.compile(c(cfg["surname"]))}


def _works(names: str, years: str) -> tuple[AuthorYear, ...]:
    pat = _author_year()
    names = re.sub(r"\s+", " ", names).strip()
    et_al = bool(re.search(r"\bet al\b", names))
    parts = re.split(r"\s+(?:and|&)\s+", re.sub(r"\s+et al\.?$", "", names))
    first, second = parts[0], (parts[1] if len(parts) > 1 else "")
    out = []
    year = ""
    for y in re.split(r"\s*,\s*", years.strip()):
        m = re.fullmatch(rf"({pat['year'].pattern})?([a-z]?)", y)
        if not m:
            continue
        year = m.group(1) or year
        if year:
            out.append(AuthorYear(first, second, et_al, year, m.group(2)))
    return tuple(out)


def find_author_year(text: str, spans: list[tuple[int, int]]) -> list[AuthorYearSpan]:
    """Author-year citations inside ``spans``: parenthetical groups ``(Takada, 2013; Wang et al.,
    2021)`` (one marker) and narrative ``Roy et al. (2021)``; not yet resolved to entries."""
    pat = _author_year()
    out: list[AuthorYearSpan] = []
    for a, b in spans:
        piece = text[a:b]
        taken: list[tuple[int, int]] = []
        for m in pat["narrative"].finditer(piece):
            works = _works(m.group("names"), m.group("years"))
            if works:
                out.append(AuthorYearSpan(a + m.start(), a + m.end(), m.group(), works))
                taken.append((m.start(), m.end()))
        for m in re.finditer(r"\(([^()]{4,400})\)", piece):
            if any(s < m.end() and m.start() < e for s, e in taken) or not pat["year"].search(m.group(1)):
                continue
            works: list[AuthorYear] = []
            for item in m.group(1).split(";"):
                item = pat["prefix"].sub("", re.sub(r"\s+", " ", item).strip())
                im = pat["item"].search(item)
                if im:
                    works.extend(_works(im.group("names"), im.group("years")))
            if works:
                out.append(AuthorYearSpan(a + m.start(), a + m.end(), m.group(), tuple(works)))
    out.sort(key=lambda s: s.start)
    return out
