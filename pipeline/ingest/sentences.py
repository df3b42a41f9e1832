"""Rule-based sentence splitting of normalised text (robust to et al., Fig., decimals, citations)."""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.resources import read_model_text


# A full stop / ! / ? , closing quotes or brackets, then citation tokens " [12]" that belong to the
# sentence before, then white space, then something that can start a sentence.
BOUNDARY = re.compile(
    r"(?P<end>[.!?])(?P<close>[\"”’')\]]*)(?P<cites>(?:\s?\[[\d,\-– ]+\])*)\s+"
    r"(?=[A-Z\d(\"“‘$~<>≥≤γβαδ]|[a-z]+[A-Z])"
)
WORD_BEFORE = re.compile(r"(\S+)$")
INITIAL = re.compile(r"(?:^|[\s(])[A-Z]$")


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    lines = read_model_text("abbreviations.txt").splitlines()
    return frozenset(ln.strip() for ln in lines if ln.strip() and not ln.startswith("#"))


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at ``dot`` ends an abbreviation or an initial, not a sentence."""
    m = WORD_BEFORE.search(text, 0, dot)
    if not m:
        return False
    word = m.group(1).lstrip("([\"“")
    if word in abbreviations() or word.rstrip(".") in abbreviations():
        return True
    if re.fullmatch(r"(?:[a-z]\.)+[a-z]", word):  # e.g, i.e
        return True
    # an initial next to another initial: "J. B. Goodenough" (not "5 V. Thus" or "0.2 C. Good")
    if not INITIAL.search(text, 0, dot) or re.search(r"\d\s?[A-Z]$", text[:dot]):
        return False
    return bool(re.match(r"\s+[A-Z]\.", text[dot + 1:]) or re.search(r"(?:^|\s)[A-Z]\.\s[A-Z]$", text[:dot]))


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
    return [(a, b) for a, b in (_strip(text, a, b) for a, b in spans) if b > a]


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b
