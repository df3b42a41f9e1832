"""Measure find_mentions against the hand-annotated gold sample (skipped if it is absent).

The ingest stage normalises text for litmine; this test carries a small stand-in normaliser
(LaTeX unwrapped, Unicode sub/superscripts, citation superscripts -> " [n]") with an offset map
back to the source, so predicted spans can be compared with the gold character offsets.

Run ``python -m pytest -q -s tests/test_materials_gold.py`` to print precision/recall.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from pipeline.materials import MentionSpan, find_abbreviations, find_mentions

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "corpus" / "xia2019_chem.md"
GOLD = ROOT / "corpus" / "gold" / "xia2019_chem"

_SUB = str.maketrans("₀₁₂₃₄₅₆₇₈₉₊₋", "0123456789+-")
_SUP = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻", "0123456789+-")
_MATH_WORDS = {r"\cdot": "·", r"\times": "×", r"\sim": "~", r"\square": "□", r"\mu": "µ",
               r"\Omega": "Ω", r"\approx": "≈", r"\pm": "±", r"\sigma": "σ", r"\alpha": "α",
               r"\beta": "β", r"\gamma": "γ", r"\delta": "δ", r"\,": " ", r"\ ": " ", r"\%": "%"}


class _Builder:
    """Accumulates normalised text with, per character, its source start and end."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []

    def emit(self, text: str, start: int, end: int) -> None:
        for i, ch in enumerate(text):
            self.chars.append(ch)
            self.starts.append(start if i == 0 else end - 1)
            self.ends.append(end if i == len(text) - 1 else start + 1)


def _is_citation(content: str, prev: str) -> bool:
    return re.fullmatch(r"\d+(?:[,–\-]\d+)*", content) is not None and not prev.isdigit()


def _emit_superscript(b: _Builder, content: str, start: int, end: int) -> None:
    prev = b.chars[-1] if b.chars else " "
    if _is_citation(content, prev):
        b.emit(f" [{content.replace('-', '–')}]", start, end)
    else:
        b.emit("^" + content, start, end)


_MATH_TOKEN = re.compile(
    r"\\(?:text|mathrm|mathbf|textit|mathit)\{(?P<text>[^{}]*)\}"
    r"|_\{(?P<sub>[^{}]*)\}|_(?P<sub1>[A-Za-z0-9])"
    r"|\^\{(?P<sup>[^{}]*)\}|\^(?P<sup1>[A-Za-z0-9+\-])"
    r"|(?P<cmd>\\[A-Za-z]+|\\[,% ])|(?P<brace>[{}])|(?P<ch>.)", re.S)


def _inner_text(content: str) -> str:
    return re.sub(r"\\(?:text|mathrm)\{([^{}]*)\}", r"\1", content).replace("{", "").replace("}", "")


def _emit_math(b: _Builder, src: str, start: int, end: int) -> None:
    for m in _MATH_TOKEN.finditer(src, start, end):
        s, e = m.start(), m.end()
        if m.group("text") is not None:
            b.emit(m.group("text"), s, e)
        elif m.group("sub") is not None or m.group("sub1") is not None:
            b.emit(_inner_text(m.group("sub") if m.group("sub") is not None else m.group("sub1")), s, e)
        elif m.group("sup") is not None or m.group("sup1") is not None:
            content = _inner_text(m.group("sup") if m.group("sup") is not None else m.group("sup1"))
            _emit_superscript(b, content.replace(" ", ""), s, e)
        elif m.group("cmd"):
            word = _MATH_WORDS.get(m.group("cmd"))
            if word:
                b.emit(word, s, e)
        elif m.group("brace"):
            continue
        else:
            b.emit(m.group("ch"), s, e)


def normalise(src: str) -> tuple[str, list[int], list[int]]:
    """Normalised text and, per character, the source start and end offsets."""
    b = _Builder()
    i = 0
    n = len(src)
    while i < n:
        ch = src[i]
        if ch == "$":
            j = src.find("$", i + 1)
            if j > i + 1 and "\n\n" not in src[i:j]:
                _emit_math(b, src, i + 1, j)
                i = j + 1
                continue
        if ch in "_^" and i + 1 < n:
            m = re.match(r"[_^](?:\{([^{}]*)\}|([A-Za-z0-9+\-]))", src[i:])
            if m:
                content = _inner_text(m.group(1) if m.group(1) is not None else m.group(2))
                if ch == "_":
                    b.emit(content, i, i + m.end())
                else:
                    _emit_superscript(b, content, i, i + m.end())
                i += m.end()
                continue
        if ch in "₀₁₂₃₄₅₆₇₈₉₊₋":
            b.emit(ch.translate(_SUB), i, i + 1)
            i += 1
            continue
        if ch in "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻":
            j = i
            while j < n and src[j] in "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻":
                j += 1
            _emit_superscript(b, src[i:j].translate(_SUP), i, j)
            i = j
            continue
        b.emit("·" if ch == "•" else ch, i, i + 1)
        i += 1
    return "".join(b.chars), b.starts, b.ends


def _read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _norm_range(starts: list[int], a: int, b: int) -> tuple[int, int]:
    lo = next(i for i, s in enumerate(starts) if s >= a)
    hi = max(i for i, s in enumerate(starts) if s < b) + 1
    return lo, hi


def predict(src: str) -> tuple[list[tuple[int, int, MentionSpan]], list[dict[str, str]]]:
    """Predicted mentions (source offsets) inside the gold paragraphs."""
    text, starts, ends = normalise(src)
    paragraphs = _read_csv(GOLD / "paragraphs.csv")
    blocks = [blk for blk in re.split(r"\n\s*\n", text) if blk.strip()]
    abbreviations = find_abbreviations(blocks)
    out = []
    for p in paragraphs:
        lo, hi = _norm_range(starts, int(p["char_start"]), int(p["char_end"]))
        for m in find_mentions(text[lo:hi], abbreviations):
            out.append((starts[lo + m.start], ends[lo + m.end - 1], m))
    return out, paragraphs


def score(pred: list[tuple[int, int, MentionSpan]], gold: list[dict[str, str]]) -> dict[str, float]:
    """Strict (exact span) and lenient (overlap) precision/recall/F1, and class accuracy."""
    gold_spans = [(int(g["char_start"]), int(g["char_end"]), g) for g in gold]
    strict_tp = sum(1 for s, e, _ in pred if any(s == gs and e == ge for gs, ge, _ in gold_spans))
    lenient_p = sum(1 for s, e, _ in pred if any(s < ge and gs < e for gs, ge, _ in gold_spans))
    lenient_r = sum(1 for gs, ge, _ in gold_spans if any(s < ge and gs < e for s, e, _ in pred))
    cls_ok = sum(1 for s, e, m in pred for gs, ge, g in gold_spans
                 if s == gs and e == ge and m.info.material_class == g["material_class"])
    canon_ok = sum(1 for s, e, m in pred for gs, ge, g in gold_spans
                   if s == gs and e == ge and m.info.canonical == g["canonical"])

    def f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    sp, sr = strict_tp / max(len(pred), 1), strict_tp / max(len(gold), 1)
    lp, lr = lenient_p / max(len(pred), 1), lenient_r / max(len(gold), 1)
    return {"pred": len(pred), "gold": len(gold), "strict_p": sp, "strict_r": sr, "strict_f1": f1(sp, sr),
            "lenient_p": lp, "lenient_r": lr, "lenient_f1": f1(lp, lr),
            "class_acc": cls_ok / max(strict_tp, 1), "canonical_acc": canon_ok / max(strict_tp, 1)}


@pytest.mark.skipif(not (GOLD / "mentions.csv").exists() or not SOURCE.exists(), reason="no gold sample")
def test_mentions_against_gold_sample() -> None:
    src = SOURCE.read_text(encoding="utf-8")
    pred, _ = predict(src)
    gold = _read_csv(GOLD / "mentions.csv")
    result = score(pred, gold)
    print("\nmaterial mentions vs gold:", {k: round(v, 3) if isinstance(v, float) else v
                                          for k, v in result.items()})
    # Loose floors: the gold is still being annotated; these only catch a broken recogniser.
    assert result["lenient_f1"] >= 0.75
    assert result["strict_f1"] >= 0.65


def test_normaliser_maps_latex_back_to_source() -> None:
    src = r"of $\text{Li}_{0.5}\text{La}_{0.5}\text{TiO}_3$ (LLTO) and Li₃PO₄,⁵⁴ at 10⁻⁵ S cm⁻¹"
    text, starts, ends = normalise(src)
    assert text == "of Li0.5La0.5TiO3 (LLTO) and Li3PO4, [54] at 10^-5 S cm^-1"
    i = text.index("Li0.5")
    j = i + len("Li0.5La0.5TiO3")
    assert src[starts[i]:ends[j - 1]] == r"\text{Li}_{0.5}\text{La}_{0.5}\text{TiO}_3"
