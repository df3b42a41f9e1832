"""Rule-based sentence splitting of normalised text (robust to et al., Fig., decimals, citations)."""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.resources import load_yaml, read_model_text


# A full stop / ! / ? , closing quotes or brackets, then citation tokens " [12]" that belong to the
# sentence before, then white space, then something that can start a sentence.
BOUNDARY = re.compile(
    r"(?P<end>[.!?])(?P<close>[\"”’')\]]*)(?P<cites>(?:\s?\[[\d,\-– ]+\])*)\s+"
    r"(?=[A-Z\d(\"“‘$~<>≥≤γβαδ]|[a-z]+[A-Z])"
)
INITIAL = re.compile(r"(?:^|[\s(])[A-Z]$")
DIGIT_CAPITAL = re.compile(r"\d\s?[A-Z]$")
TWO_INITIALS = re.compile(r"(?:^|\s)[A-Z]\.\s[A-Z]$")
NEXT_INITIAL = re.compile(r"\s+[A-Z]\.")
# "e . g ." / "i . e .": a spaced two-letter abbreviation before the full stop
SPACED_ABBREVIATION = re.compile(r"(?:^|[\s(])[a-z] \. [a-z] $")


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    lines = read_model_text("abbreviations.txt").splitlines()
    return frozenset(ln.strip() for ln in lines if ln.strip() and not ln.startswith("#"))


@lru_cache(maxsize=1)
def max_sentence_chars() -> int:
    return int(load_yaml("layout.yaml")["max_sentence_chars"])


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at ``dot`` ends an abbreviation or an initial, not a sentence.

    Every look-back is bounded (the word before ``dot``, or a few characters), so the cost per
    full stop does not grow with the paragraph: a 2 MB single-line paragraph stays linear.
    """
    start = dot
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    if start == dot:  # a converter that spaces its punctuation: "e . g .", "et al ."
        before = text[max(0, dot - 12):dot]
        if SPACED_ABBREVIATION.search(before):
            return True
        word = before.split()[-1] if before.strip() else ""
        return word in abbreviations()
    word = text[start:dot].lstrip("([\"“")
    if word in abbreviations() or word.rstrip(".") in abbreviations():
        return True
    if re.fullmatch(r"(?:[a-z]\.)+[a-z]", word):  # e.g, i.e
        return True
    # an initial next to another initial: "J. B. Goodenough" (not "5 V. Thus" or "0.2 C. Good")
    if not INITIAL.search(text, max(0, dot - 2), dot) or DIGIT_CAPITAL.search(text, max(0, dot - 3), dot):
        return False
    return bool(NEXT_INITIAL.match(text, dot + 1) or TWO_INITIALS.search(text, max(0, dot - 5), dot))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of ``text``; leading/trailing spaces are excluded."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in BOUNDARY.finditer(text):
        dot = m.start("end")
        if m.group("end") == "." and not m.group("close") and _is_abbreviation(text, dot):
            continue
        end = m.end("cites")
        if end > start:
            spans.append((start, end))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    spans = [piece for a, b in spans for piece in _cap(text, a, b, max_sentence_chars())]
    return [(a, b) for a, b in (_strip(text, a, b) for a, b in spans) if b > a]


def _cap(text: str, a: int, b: int, limit: int) -> list[tuple[int, int]]:
    """A run-on "sentence" longer than ``limit`` (a table or list flattened into one line, a
    converter error) cut after the last "; ", ", " or space before each limit, so that no later
    stage ever works on an unbounded sentence."""
    out: list[tuple[int, int]] = []
    while b - a > limit:
        window = text[a:a + limit]
        cut = max(window.rfind("; "), window.rfind(", "))
        if cut < limit // 2:
            cut = window.rfind(" ")
        cut = a + cut + 1 if cut > 0 else a + limit
        out.append((a, cut))
        a = cut
    out.append((a, b))
    return out


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b
