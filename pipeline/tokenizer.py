"""A spaCy tokenizer that keeps chemistry whole.

On top of spaCy's English rules it keeps as one token: chemical formulas (``Li7La3Zr2O12``,
``Li1+xAlxTi2-x(PO4)3``, ``75Li2S·24P2S5·P2O5``), material composites of formula/abbreviation parts
(``Li2S-P2S5``, ``PEO-LiClO4/TiO2``, ``Ta-LLZO``), cell notations (``Li|PEO/LATP|LFP``), citation
brackets (``[18]``, ``[13,14]``, also before punctuation: ``[13,14].``), powers of ten (``10^-2``), unit powers (``cm^-1``) and charges
(``Ti^4+``). A citation glued to a word (``PMMA[69]``) is split off as a suffix.
Regex fragments are in ``models/material_patterns.yaml`` (section ``tokenizer``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

from pipeline.formulas import looks_like_formula, patterns

_ABBREVIATION = re.compile(r"[A-Za-z]*[A-Z][A-Za-z0-9]*")
_COEFFICIENT = re.compile(r"\d+(?:\.\d+)?%?")
_POLYMER_PREFIX = re.compile(r"[A-Z]{2,}\d*(?=[A-Z])")
# Connectors between parts; "-" and "/" between a digit and a digit/variable are stoichiometry.
_SPLIT = re.compile(r"[@·•:]|(?<![\d)])[\-−–/]|(?<=[\d)])[\-−–/](?=[A-Z\[(])")


@lru_cache(maxsize=1)
def _whole_patterns() -> re.Pattern[str]:
    cfg = patterns()["tokenizer"]
    alternatives = (cfg["citation"], cfg["power_of_ten"], cfg["unit_power"], cfg["charge"])
    return re.compile("|".join(f"(?:{a})" for a in alternatives))


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _material_part(part: str) -> bool:
    part = part[_COEFFICIENT.match(part).end():] if _COEFFICIENT.match(part) else part
    if not part:
        return False
    if looks_like_formula(part) or _ABBREVIATION.fullmatch(part) is not None:
        return True
    polymer_salt = _POLYMER_PREFIX.match(part)  # "PEO18Li(CF3SO2)2N"
    return polymer_salt is not None and looks_like_formula(part[polymer_salt.end():])


def is_material_expression(text: str) -> bool:
    """A formula or a composite of formula/abbreviation parts ("PEO-LiClO4/TiO2", "Ta-LLZO")."""
    if not _balanced(text) or not re.search(r"\d|[A-Z].*[A-Z]", text):
        return False
    parts = _SPLIT.split(text)
    return all(_material_part(p) for p in parts)


def is_cell_notation(text: str) -> bool:
    """"Li|LLZO|LCO", "Li|PEO/LATP|LFP", also the fragments "Li|" and "|LFP"."""
    if "|" not in text or not text.strip("|") or not _balanced(text):
        return False
    return text[-1] not in ".,;:!?" and re.fullmatch(r"\|?[^\s|]+(?:\|[^\s|]+)*\|?", text) is not None


def _wrapped(text: str) -> bool:
    """"(LLZO)" or "(Li|LLZO|LCO)": brackets around the whole are punctuation, not chemistry."""
    if not text or text[0] not in "([":
        return False
    depth = 0
    for i, ch in enumerate(text):
        depth += ch in "(["
        depth -= ch in ")]"
        if depth == 0:
            return i == len(text) - 1
    return False


def keep_whole(text: str) -> bool:
    """The tokenizer's ``token_match``: strings that must stay one token."""
    if _wrapped(text):
        return False
    return bool(_whole_patterns().fullmatch(text) or is_cell_notation(text)
                or is_material_expression(text))


def make_tokenizer(nlp: Language) -> Tokenizer:
    """spaCy's tokenizer for ``nlp``'s language with chemistry-aware ``token_match``.

    Args:
        nlp: The pipeline whose vocab, exceptions and affix rules are extended.

    Returns:
        A :class:`spacy.tokenizer.Tokenizer`.
    """
    defaults = nlp.Defaults
    citation = patterns()["tokenizer"]["citation"]
    prefixes = [citation, *defaults.prefixes]
    suffixes = [citation, *defaults.suffixes]
    return Tokenizer(
        nlp.vocab,
        rules=defaults.tokenizer_exceptions,
        prefix_search=compile_prefix_regex(prefixes).search,
        suffix_search=compile_suffix_regex(suffixes).search,
        infix_finditer=compile_infix_regex(defaults.infixes).finditer,
        token_match=keep_whole,
        url_match=defaults.url_match,
    )
