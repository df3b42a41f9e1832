"""Material mentions in normalised sentence text: formulas, names, abbreviations, composites.

The input is the ingest stage's normalised text: subscripts as ASCII digits (``Li7La3Zr2O12``),
superscripts after ``^`` (``Ti^4+``, ``S cm^-1``), citation markers as `` [n]``, ``·`` for adducts.

Rules, each recorded in :attr:`MaterialInfo.rule`:

- ``formula``: chemical formulas by grammar (element symbols, decimal/fractional/variable
  stoichiometry such as ``1+x``, parentheses, hydrates ``·6H2O``, mixtures ``75Li2S·24P2S5·P2O5``,
  pseudo-binaries ``Li2S-P2S5``), validated with pymatgen after substituting the variables.
- ``lexicon``: names and abbreviations from ``models/materials.jsonl``.
- ``name``: chemical names by grammar (``poly(...)``, ``lithium sulfate``, ``Li peroxides``).
- ``abbreviation``: abbreviations the document defines for a material (``(LICF)``).
- ``composite`` / ``dopant``: ``PEO-LiClO4/TiO2``, ``S@LLZO@C``; ``Ta-LLZO``, ``Al-doped LLZO``.
- ``element``: an element used as a substance (``Li metal``, ``Au thin film``, cell components,
  ``amorphous Si``, elements listed with other materials, a standalone ``S``).

Patterns and word lists live in ``models/material_patterns.yaml``, classes in
``models/material_classes.yaml``, stop words in ``models/stopwords_materials.txt``.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from pipeline.formulas import (ascii_text, class_config, class_from_composition,
                               class_from_triggers, combine_classes, formula_key, formula_status,
                               grammar, load_stopwords, looks_like_formula, parse_formula, patterns,
                               word_alternation)
from pipeline.formulas import _composition
from pipeline.resources import MODELS_DIR

LEXICON_FILE = "materials.jsonl"
LEXICON_KINDS = ("electrolyte", "polymer", "salt", "cathode", "anode", "filler", "other")

# Priority of rules when two candidates cover the same span (higher wins).
_PRIORITY = {"abbreviation": 6, "lexicon": 5, "dopant": 4, "composite": 4, "formula": 3,
             "name": 2, "element": 1}


@dataclass(frozen=True)
class MaterialInfo:
    """What a mention denotes.

    Attributes:
        canonical: Abbreviation if known or defined, else the ASCII formula or name.
        formula: ASCII formula ("" if none, e.g. polymers, composites).
        material_class: One of the classes in ``models/material_classes.yaml``.
        rule: Which rule found it (formula, lexicon, name, abbreviation, composite, dopant, element).
    """

    canonical: str
    formula: str = ""
    material_class: str = "other"
    rule: str = ""


@dataclass(frozen=True)
class MentionSpan:
    """A material mention: ``text == source[start:end]``."""

    start: int
    end: int
    text: str
    info: MaterialInfo


@dataclass(frozen=True)
class LexiconEntry:
    """One line of ``models/materials.jsonl``."""

    name: str
    aliases: tuple[str, ...]
    formula: str
    material_class: str
    kind: str


# ------------------------------------------------------------------------------------------
# Data files (loaded once)

@lru_cache(maxsize=None)
def load_lexicon(path: Path | None = None) -> tuple[LexiconEntry, ...]:
    """Read the curated lexicon (one JSON object per line)."""
    path = path or MODELS_DIR / LEXICON_FILE
    entries = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                d = json.loads(line)
                entries.append(LexiconEntry(d["name"], tuple(d.get("aliases", ())),
                                            d.get("formula", ""), d["material_class"], d["kind"]))
    return tuple(entries)


# ------------------------------------------------------------------------------------------
# Lexicon index


def _is_symbol(alias: str) -> bool:
    return alias in grammar().elements


def _is_name(alias: str) -> bool:
    """Names are matched in running text case-insensitively; abbreviations exactly."""
    return " " in alias or not re.search(r"[A-Z]", alias)


@dataclass(frozen=True)
class _Lexicon:
    exact: dict[str, LexiconEntry]
    names: dict[str, LexiconEntry]
    name_regex: re.Pattern[str]
    by_formula: dict[str, LexiconEntry]
    by_symbol: dict[str, LexiconEntry]


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    """Index the lexicon by exact abbreviation, lower-case name, formula key and symbol."""
    exact: dict[str, LexiconEntry] = {}
    names: dict[str, LexiconEntry] = {}
    by_symbol: dict[str, LexiconEntry] = {}
    formula_count: dict[str, list[LexiconEntry]] = {}
    for entry in load_lexicon():
        for alias in (entry.name, *entry.aliases):
            if _is_symbol(alias):
                by_symbol[alias] = entry
            elif _is_name(alias):
                names[alias.lower()] = entry
            else:
                exact[alias] = entry
        if entry.formula and "·" not in entry.formula and formula_status(entry.formula) == "formula":
            formula_count.setdefault(formula_key(entry.formula), []).append(entry)
    by_formula = {k: v[0] for k, v in formula_count.items() if len(v) == 1}
    name_regex = re.compile(f"(?<![\\w\\-])(?:{word_alternation(names)})(?:e?s)?(?!\\w)", re.IGNORECASE)
    return _Lexicon(exact, names, name_regex, by_formula, by_symbol)


def _entry_info(entry: LexiconEntry, rule: str = "lexicon") -> MaterialInfo:
    return MaterialInfo(entry.name, entry.formula, entry.material_class, rule)


def _lookup_exact(token: str) -> LexiconEntry | None:
    lex = lexicon().exact
    if token in lex:
        return lex[token]
    if len(token) > 3 and token.endswith("s") and token[:-1] in lex:
        return lex[token[:-1]]
    return None


# ------------------------------------------------------------------------------------------
# Helpers on text


def _symbol_class(symbol: str) -> str:
    entry = lexicon().by_symbol.get(symbol) or lexicon().exact.get(symbol)
    return entry.material_class if entry else class_config()["combination"]["default"]


def _element_info(symbol: str) -> MaterialInfo:
    return MaterialInfo(symbol, symbol, _symbol_class(symbol), "element")


def _formula_info(text: str, doc: "_DocAbbreviations") -> MaterialInfo:
    """Info for a single formula: defined abbreviation, lexicon entry or the formula itself."""
    key = formula_key(text)
    written = ascii_text(text)
    pf = parse_formula(text)
    entry = lexicon().by_formula.get(key)
    comp_class = class_from_composition(_composition(pf)) if pf else "other"
    short = doc.long_index.get(key)
    if short:
        info = doc.materials.get(short)
        cls = info.material_class if info else (entry.material_class if entry else comp_class)
        return MaterialInfo(info.canonical if info else short, written, cls, "formula")
    if entry and pf and pf.text == pf.body:
        return MaterialInfo(written, written, entry.material_class, "formula")
    if pf and len(pf.amounts) == 1 and not pf.placeholders:
        comp_class = _symbol_class(written)
    return MaterialInfo(written, written, comp_class, "formula")


# ------------------------------------------------------------------------------------------
# Document abbreviations


@dataclass(frozen=True)
class _DocAbbreviations:
    materials: dict[str, MaterialInfo]
    non_materials: frozenset[str]
    long_index: dict[str, str]


_NO_ABBREVIATIONS = _DocAbbreviations({}, frozenset(), {})


def _variants(short: str) -> tuple[str, ...]:
    if len(short) > 2 and short.endswith("s") and short[-2].isupper():
        return short, short[:-1]
    return short, short + "s"


def _last_word(text: str) -> str:
    words = re.findall(r"[A-Za-z]+", text)
    return words[-1].lower() if words else ""


def _long_form_info(short: str, long: str) -> MaterialInfo | None:
    """The material a definition's long form denotes, or None if it is not a material."""
    long = long.strip().rstrip(".,;:")
    mentions = find_mentions(long)
    last = mentions[-1] if mentions else None
    entry = _lookup_exact(short)
    if last is not None and last.end >= len(long) and last.info.rule != "element":
        whole = last.start == 0
        formula = last.info.formula if whole else ""
        if entry:
            return MaterialInfo(entry.name, formula or entry.formula, entry.material_class, "abbreviation")
        return MaterialInfo(short, formula, last.info.material_class, "abbreviation")
    head = _last_word(long)
    pats = patterns()
    if head in pats["generic_heads"] and short not in pats["generic_abbreviations"] and any(
            m.info.rule != "element" for m in mentions):
        # a named specific electrolyte/membrane: "PEO-based polymer electrolyte membranes (S-BSMs)"
        return MaterialInfo(short, "", class_from_triggers(long) or "composite", "abbreviation")
    if head in pats["generic_heads"] or head not in pats["chemical_nouns"]:
        return None
    if entry:
        return MaterialInfo(entry.name, entry.formula, entry.material_class, "abbreviation")
    return MaterialInfo(short, "", class_from_triggers(long) or "other", "abbreviation")


@lru_cache(maxsize=64)
def _doc_abbreviations(items: tuple[tuple[str, str], ...]) -> _DocAbbreviations:
    materials: dict[str, MaterialInfo] = {}
    non_materials: set[str] = set()
    long_index: dict[str, str] = {}
    for short, long in items:
        if formula_status(short) != "reject":
            continue
        info = _long_form_info(short, long)
        if info is None:
            non_materials.update(_variants(short))
            continue
        for variant in _variants(short):
            materials.setdefault(variant, info)
        bare = short.replace("-", "")
        if bare != short and len(bare) >= 4 and formula_status(bare) == "reject":
            materials.setdefault(bare, info)  # "SGLPSCl": a converter dropped the label's hyphen
        if isinstance(long, SampleOf):
            continue
        long_text = ascii_text(long.strip().rstrip(".,;:"))
        long_index.setdefault(long_text, short)
        if parse_formula(long_text):
            long_index.setdefault(formula_key(long_text), short)
    non_materials -= set(materials)
    return _DocAbbreviations(materials, frozenset(non_materials), long_index)


def _doc_context(abbreviations: dict[str, str] | None) -> _DocAbbreviations:
    if not abbreviations:
        return _NO_ABBREVIATIONS
    return _doc_abbreviations(tuple(sorted(abbreviations.items())))


# ------------------------------------------------------------------------------------------
# Candidates


@dataclass(frozen=True)
class _Cand:
    start: int
    end: int
    info: MaterialInfo

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class _Weak:
    """An element symbol or name that is a mention only in a substance context."""

    start: int
    end: int
    symbol: str
    is_name: bool


@dataclass(frozen=True)
class _Part:
    start: int
    end: int
    text: str
    kind: str  # material | element | ion | word
    info: MaterialInfo | None = None


def _connectors() -> str:
    return patterns()["connectors"]


@lru_cache(maxsize=1)
def _connector_regex() -> re.Pattern[str]:
    """Any one connector character."""
    return re.compile(f"[{re.escape(_connectors())}]")


@lru_cache(maxsize=1)
def _internal_after() -> re.Pattern[str]:
    """After a "-", "+" or "/": what continues a stoichiometry ("2-x", "1+x", "(1/3)-2x")."""
    return re.compile(f"[\\d({patterns()['formula']['variables']}]")


_RATIO_NEXT = re.compile(r"\d+(?:\.\d+)?[A-Z(\-−–]")
_PERCENT_NEXT = re.compile(r"\d+(?:\.\d+)?%")
_POLYMER_COUNT = re.compile(r"([A-Za-z]{2,}?)(\d+)")


def _split_component(comp: str, offset: int) -> tuple[list[tuple[int, int, str]], list[str], set[int]]:
    """Split a component into parts at connectors that are not stoichiometry.

    Returns:
        parts (start, end, text), the connector before each part but the first, and the
        end offsets of parts followed by a charge sign ("Li+", "O2-").
    """
    parts: list[tuple[int, int, str]] = []
    connectors: list[str] = []
    charged: set[int] = set()
    if not _connector_regex().search(comp):
        return [_strip_part(offset, offset + len(comp), comp)], [], charged
    connector_chars = _connectors()
    depth, start = 0, 0
    i = 0
    while i < len(comp):
        c = comp[i]
        if c in "([":
            depth += 1
        elif c in ")]":
            depth = max(0, depth - 1)
        elif c in connector_chars and depth == 0:
            prev, nxt = comp[i - 1:i], comp[i + 1:i + 2]
            internal = c in "-−–+/" and (prev.isdigit() or prev == ")") and _internal_after().match(nxt or " ")
            if c == "/" and not (prev.isdigit() and nxt.isdigit()
                                 and _RATIO_NEXT.match(comp, i + 1)):
                internal = False
            if _PERCENT_NEXT.match(comp, i + 1):
                internal = False
            if not internal:
                if (not nxt or nxt in connector_chars) and _is_charge(c, comp[start:i]):
                    charged.add(offset + i)
                parts.append((offset + start, offset + i, comp[start:i]))
                connectors.append(c)
                start = i + 1
        i += 1
    parts.append((offset + start, offset + len(comp), comp[start:]))
    parts = [_strip_part(s, e, t) for s, e, t in parts]
    return parts, connectors[: len(parts) - 1], charged


def _strip_part(start: int, end: int, text: str) -> tuple[int, int, str]:
    lead = len(text) - len(text.lstrip())
    stripped = text.strip()
    return start + lead, start + lead + len(stripped), stripped


def _merge_known(text: str, parts: list[tuple[int, int, str]], connectors: list[str],
                 doc: _DocAbbreviations) -> tuple[list[tuple[int, int, str]], list[str]]:
    """Re-join parts that together spell a known material ("S-LRMO" in "S-LRMO/LICF")."""
    i = 0
    while i < len(parts):
        for j in range(len(parts) - 1, i, -1):
            joined = text[parts[i][0]:parts[j][1]]
            if joined in doc.materials or _lookup_exact(joined):
                parts = parts[:i] + [(parts[i][0], parts[j][1], joined)] + parts[j + 1:]
                connectors = connectors[:i] + connectors[j:]
                break
        i += 1
    return parts, connectors


def _is_charge(sign: str, part: str) -> bool:
    """A trailing sign is a charge: "Li+", "Cl-", "O2-", "(PO4)3-" (not "PEO-" or "Li2S-")."""
    if sign == "+":
        return True
    return sign in "-−–" and (part in grammar().elements or part[-1:].isdigit())


def _classify_part(text: str, start: int, end: int, doc: _DocAbbreviations) -> _Part:
    """Decide what one part of a component is."""
    if not text:
        return _Part(start, end, text, "word")
    if text in doc.non_materials and formula_status(text) == "reject":
        return _Part(start, end, text, "word")
    if text in doc.materials:
        return _Part(start, end, text, "material", doc.materials[text])
    entry = _lookup_exact(text)
    if entry:
        return _Part(start, end, text, "material", _entry_info(entry))
    if "^" in text:
        return _Part(start, end, text, "ion")
    m = _POLYMER_COUNT.fullmatch(text)
    if m and (entry := _lookup_exact(m.group(1))) and entry.material_class == "polymer":
        return _Part(start, end, text, "material", MaterialInfo(text, "", "polymer", "lexicon"))
    status = formula_status(text)
    if status == "element":
        return _Part(start, end, text, "element", _element_info(text))
    if status in ("formula", "molecule"):
        return _Part(start, end, text, "material", _formula_info(text, doc))
    return _Part(start, end, text, "word")


def _polymer_prefix_split(part: _Part, doc: _DocAbbreviations) -> list[_Part]:
    """Split "PEO18Li(CF3SO2)2N" into the polymer "PEO18" and the salt formula."""
    if part.kind != "word":
        return [part]
    m = re.match(r"([A-Z]{2,}\d*)(?=[A-Z][a-z]?)", part.text)
    if not m:
        return [part]
    head = _classify_part(m.group(1), part.start, part.start + m.end(), doc)
    tail = _classify_part(part.text[m.end():], part.start + m.end(), part.end, doc)
    if head.kind == "material" and head.info and head.info.material_class == "polymer" and tail.kind == "material":
        return [head, tail]
    return [part]


def _pf_composition(text: str) -> dict[str, float]:
    pf = parse_formula(text)
    return _composition(pf) if pf else {}


def _combined_info(text: str, parts: Sequence[_Part], connectors: Sequence[str], doc: _DocAbbreviations) -> MaterialInfo:
    """Info for a multi-part run."""
    written = ascii_text(text)
    if written in doc.long_index:
        short = doc.long_index[written]
        info = doc.materials.get(short)
        if info:
            return MaterialInfo(info.canonical, info.formula, info.material_class, "composite")
    all_formulas = all(formula_status(p.text) in ("formula", "molecule") for p in parts)
    if all_formulas and set(connectors) <= set("-−–·•:"):
        comp: dict[str, float] = {}
        for p in parts:
            for el, n in _pf_composition(p.text).items():
                comp[el] = comp.get(el, 0.0) + n
        return MaterialInfo(written, written, class_from_composition(comp), "formula")
    classes = [p.info.material_class for p in parts if p.info]
    return MaterialInfo(written, "", combine_classes(classes), "composite")


def _host_elements(part: _Part) -> frozenset[str]:
    formula = part.info.formula if part.info else ""
    pf = parse_formula(formula) if formula else None
    return pf.elements if pf else frozenset()


def _dopant_info(text: str, run: Sequence[_Part], connectors: Sequence[str], lead: int,
                 doc: _DocAbbreviations) -> MaterialInfo:
    """"Ta-LLZO", "Ga-Rb-LLZO": element dopants keep the host's class."""
    host = run[lead:]
    host_info = host[0].info if len(host) == 1 else _combined_info(
        text[host[0].start:host[-1].end], host, connectors[lead:], doc)
    written = ascii_text(text[run[0].start:run[-1].end])
    short = doc.long_index.get(written)
    if short in doc.materials:
        return doc.materials[short]
    return MaterialInfo(written, "", host_info.material_class if host_info else "other", "dopant")


def _run_candidates(run: list[_Part], connectors: list[str], text: str, doc: _DocAbbreviations,
                    battery_after: bool) -> tuple[list[_Cand], list[_Weak]]:
    """Mentions from one run of material parts joined by connectors."""
    cands: list[_Cand] = []
    weak: list[_Weak] = []
    elements = [p for p in run if p.kind == "element"]
    if len(elements) == len(run):
        if len(run) == 1:
            p = run[0]
            weak.append(_Weak(p.start, p.end, p.text, False))
        elif set(connectors) == {"@"} and not battery_after:
            cands.append(_Cand(run[0].start, run[-1].end, _combined_info(text[run[0].start:run[-1].end], run, connectors, doc)))
        return cands, weak
    lead = 0
    while run[lead].kind == "element":
        lead += 1
    if lead and set(connectors[:lead]) <= set("-−–"):
        host = run[lead]
        if battery_after or (lead == 1 and run[0].text in _host_elements(host)):
            if not battery_after and run[0].text in patterns()["anode_metals"]:
                cands.append(_Cand(run[0].start, run[0].end, _element_info(run[0].text)))
            run, connectors = run[lead:], connectors[lead:]
            if battery_after and len(run) == 1 and run[0].info and len(_host_elements(run[0])) <= 1:
                return cands, weak
        else:
            cands.append(_Cand(run[0].start, run[-1].end, _dopant_info(text, run, connectors, lead, doc)))
            return cands, weak
    if len(run) == 1:
        p = run[0]
        if p.info:
            cands.append(_Cand(p.start, p.end, p.info))
        return cands, weak
    span_text = text[run[0].start:run[-1].end]
    cands.append(_Cand(run[0].start, run[-1].end, _combined_info(span_text, run, connectors, doc)))
    return cands, weak


_COATING_LABEL = re.compile(r"\d*(?:\.\d+)?(?:wt%?)?[A-Z][A-Za-z0-9\-]*")


def _component_candidates(text: str, start: int, end: int, doc: _DocAbbreviations,
                          in_cell: bool) -> tuple[list[_Cand], list[_Weak]]:
    """Mentions in one component of a word (a cell component or the whole word)."""
    comp = text[start:end]
    if comp in doc.non_materials:
        return [], []
    whole = _classify_part(comp, start, end, doc) if comp else None
    if in_cell and whole is not None and whole.kind == "element":
        return [_Cand(start, end, whole.info)], []
    if whole is not None and whole.kind == "material" and whole.info:
        return [_Cand(start, end, whole.info)], []
    raw_parts, connectors, charged = _split_component(comp, start)
    raw_parts, connectors = _merge_known(text, raw_parts, connectors, doc)
    single = whole is not None and not charged and raw_parts == [(start, end, comp)]
    parts: list[_Part] = []
    conns: list[str] = []
    for idx, (s, e, t) in enumerate(raw_parts):
        part = whole if single else _classify_part(t, s, e, doc)
        if e in charged and part.kind in ("element", "material"):
            part = _Part(s, e, t, "ion")
        if idx > 0 and connectors[idx - 1] == "@" and part.kind == "word" \
                and _COATING_LABEL.fullmatch(t) and parts and parts[-1].kind == "material":
            # a core@shell sample whose shell is a label: "LRCo10@5LN", "NCM@LNO"
            core = parts[-1].info.material_class if parts[-1].info else "other"
            part = _Part(s, e, t, "material", MaterialInfo(t, "", core, "composite"))
        split = _polymer_prefix_split(part, doc)
        if idx > 0:
            conns.append(connectors[idx - 1])
        conns.extend([""] * (len(split) - 1))
        parts.extend(split)
    if not any(p.kind in ("material", "element") for p in parts):
        return [], []  # nothing for _runs to look at
    battery_after = _context_regexes()["battery_after"].match(text[end:]) is not None
    return _runs(text, parts, conns, doc, battery_after)


@lru_cache(maxsize=1)
def _substance_nouns() -> frozenset[str]:
    """The substance nouns of ``models/material_patterns.yaml``, lower-cased."""
    return frozenset(w.lower() for w in patterns()["substance_nouns"])


def _runs(text: str, parts: list[_Part], conns: list[str], doc: _DocAbbreviations,
          battery_after: bool) -> tuple[list[_Cand], list[_Weak]]:
    cands: list[_Cand] = []
    weak: list[_Weak] = []
    nouns = _substance_nouns()
    i = 0
    while i < len(parts):
        if parts[i].kind not in ("material", "element"):
            i += 1
            continue
        j = i
        while j + 1 < len(parts) and parts[j + 1].kind in ("material", "element") and conns[j] != "+":
            j += 1
        run, run_conns = parts[i:j + 1], conns[i:j]
        if len(run) == 1 and run[0].kind == "element" and j + 1 < len(parts) \
                and parts[j + 1].text.lower() in nouns and not battery_after \
                and run[0].text not in load_stopwords():
            cands.append(_Cand(run[0].start, run[0].end, _element_info(run[0].text)))
        else:
            c, w = _run_candidates(run, run_conns, text, doc, battery_after)
            cands.extend(c)
            weak.extend(w)
        i = j + 1
    return cands, weak


_LEAD_STRIP = "\"'“‘<>~≈*"
_TRAIL_STRIP = ".,;:!?\"'”’*"


_TRAILING_CITATION = re.compile(r"\s?\[\d[\d,\s–\-−]*\]$|(?<=[A-Za-z\d)\]])\^\d+(?:[,–\-−]\d+)*$")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip punctuation around a word; brackets only when unbalanced."""
    while start < end:
        m = _TRAILING_CITATION.search(text[start:end])
        if m and m.start() > 0 and not text[start:start + m.start()].isdigit():
            end = start + m.start()
            continue
        word = text[start:end]
        if word[-1] in _TRAIL_STRIP:
            end -= 1
        elif word[0] in _LEAD_STRIP:
            start += 1
        elif word[0] in "([{" and word.count(word[0]) > word.count({"(": ")", "[": "]", "{": "}"}[word[0]]):
            start += 1
        elif word[-1] in ")]}" and word.count(word[-1]) > word.count({")": "(", "]": "[", "}": "{"}[word[-1]]):
            end -= 1
        elif word[0] in "([{" and _closing(word) == len(word) - 1:
            start, end = start + 1, end - 1
        else:
            break
    return start, end


def _closing(word: str) -> int:
    """Index of the bracket closing ``word[0]``, or -1."""
    pairs = {"(": ")", "[": "]", "{": "}"}
    depth = 0
    for i, c in enumerate(word):
        if c in pairs:
            depth += 1
        elif c in pairs.values():
            depth -= 1
            if depth == 0:
                return i
    return -1


def _word_spans(text: str) -> Iterator[tuple[int, int]]:
    """Whitespace-separated words; " · " joins ("75Li2S · 24P2S5 · P2O5" is one word)."""
    for m in re.finditer(r"[^\s—]+(?:\s+[·•]\s+[^\s—]+)*", text):
        start, end = _trim(text, m.start(), m.end())
        word = text[start:end]
        if word.startswith("("):
            k = _closing(word)
            if 0 < k < len(word) - 1 and word[k + 1] in "-/":
                yield _trim(text, start, start + k + 1)
                yield _trim(text, start + k + 2, end)
                continue
        if start < end:
            yield start, end


_ELEMENT_COUNT = re.compile(r"[A-Z][a-z]?\d+(?:\.\d+)?")


def _spaced_formula(text: str, spans: Sequence[tuple[int, int]], i: int) -> tuple[int, int]:
    """Index of the last span of a formula split by spaces ("LiNi0.5 Mn1.5 O4") and where the
    formula ends, else ``(i, end of span i)``. A bracket the split left open closes right after
    the last span ("Na4(B12H12)(B10 H10)")."""
    j = i
    while (j + 1 < len(spans) and text[spans[j][1]:spans[j + 1][0]] == " "
           and _ELEMENT_COUNT.fullmatch(text[spans[j + 1][0]:spans[j + 1][1]])):
        j += 1
    first = text[spans[i][0]:spans[i][1]]
    if first.count("(") == first.count(")") + 1:
        first += ")"
    if j == i or not looks_like_formula(first):
        return i, spans[i][1]
    end = spans[j][1]
    joined = text[spans[i][0]:end].replace(" ", "")
    if joined.count("(") == joined.count(")") + 1 and text.startswith(")", end):
        end += 1
        joined += ")"
    return (j, end) if formula_status(joined) == "formula" else (i, spans[i][1])


def _word_candidates(text: str, doc: _DocAbbreviations) -> tuple[list[_Cand], list[_Weak]]:
    cands: list[_Cand] = []
    weak: list[_Weak] = []
    spans = list(_word_spans(text))
    i = 0
    while i < len(spans):
        start, end = spans[i]
        j, stop = _spaced_formula(text, spans, i)
        if j > i:
            joined = text[start:stop].replace(" ", "")
            cands.append(_Cand(start, stop, _formula_info(joined, doc)))
            i = j + 1
            continue
        i += 1
        pieces = text[start:end].split(patterns()["cell_separator"])
        in_cell = len(pieces) > 1
        pos = start
        for piece in pieces:
            s, e = pos, pos + len(piece)
            pos = e + 1
            s, e = _strip_connectors(text, s, e)
            if s < e:
                c, w = _component_candidates(text, s, e, doc, in_cell)
                cands.extend(c)
                weak.extend(w)
    return cands, weak


def _strip_connectors(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start] in _connectors() or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in "/@·•:" or text[end - 1].isspace()):
        end -= 1
    return _trim(text, start, end) if start < end else (start, end)


# -- names ------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _ionic_name_regex() -> re.Pattern[str]:
    pats = patterns()
    cation_names = word_alternation(pats["cations"])
    cation_symbols = word_alternation({v[0] for v in pats["cations"].values()})
    anions = word_alternation(pats["anions"])
    return re.compile(f"(?<![\\w\\-])(?:(?i:{cation_names})|{cation_symbols})\\s+(?i:({anions}))s?(?!\\w)")


def ionic_formula(cation: str, anion: str) -> str:
    """Charge-balanced formula: ("lithium", "sulfate") -> "Li2SO4"."""
    pats = patterns()
    symbol, charge = pats["cations"].get(cation.lower(), [cation, None])
    if charge is None:
        charge = next((c for s, c in pats["cations"].values() if s == cation), 1)
    group, anion_charge = pats["anions"][anion.lower()]
    anion_charge = -anion_charge
    g = math.gcd(charge, anion_charge)
    n_cat, n_an = anion_charge // g, charge // g
    polyatomic = len(re.findall(r"[A-Z]", group)) > 1
    an_text = group if n_an == 1 else (f"({group}){n_an}" if polyatomic else _multiply(group, n_an))
    return f"{symbol}{n_cat if n_cat > 1 else ''}{an_text}"


def _multiply(group: str, n: int) -> str:
    m = re.fullmatch(r"([A-Z][a-z]?)(\d*)", group)
    return f"{m.group(1)}{int(m.group(2) or 1) * n}" if m else f"({group}){n}"


def _name_candidates(text: str, doc: _DocAbbreviations) -> list[_Cand]:
    """Lexicon names, poly(...) names and ionic names ("lithium sulfate")."""
    cands: list[_Cand] = []
    lex = lexicon()
    for m in lex.name_regex.finditer(text):
        key = m.group().lower()
        entry = lex.names.get(key) or lex.names.get(re.sub(r"e?s$", "", key))
        if entry:
            cands.append(_Cand(m.start(), m.end(), _name_info(m.group(), _entry_info(entry), doc)))
    for m in re.finditer(patterns()["polymer_name"], text):
        entry = lex.names.get(m.group().lower())
        info = _entry_info(entry) if entry else MaterialInfo(ascii_text(m.group()), "", "polymer", "name")
        cands.append(_Cand(m.start(), m.end(), _name_info(m.group(), info, doc)))
    for m in _ionic_name_regex().finditer(text):
        cation = m.group().split()[0]
        formula = ionic_formula(cation, m.group(1))
        info = _formula_info(formula, doc)
        cands.append(_Cand(m.start(), m.end(), MaterialInfo(info.canonical, formula, info.material_class, "name")))
    return cands


def _name_info(written: str, info: MaterialInfo, doc: _DocAbbreviations) -> MaterialInfo:
    short = doc.long_index.get(ascii_text(written))
    if short and short in doc.materials:
        d = doc.materials[short]
        return MaterialInfo(d.canonical, d.formula or info.formula, info.material_class, info.rule)
    return info


@lru_cache(maxsize=1)
def _element_name_regex() -> re.Pattern[str]:
    names = patterns()["element_names"]
    return re.compile(f"(?<![\\w\\-])(?i:{word_alternation(names)})(?!\\w)")


def _element_name_weak(text: str) -> list[_Weak]:
    names = patterns()["element_names"]
    out = []
    for m in _element_name_regex().finditer(text):
        out.append(_Weak(m.start(), m.end(), names[m.group().lower()], True))
    return out


# -- sentence-level rules --------------------------------------------------------------------


def _after_citation(text: str, pos: int) -> int:
    m = re.match(r"\s*\[[^\]]{1,40}\]", text[pos:])
    return pos + m.end() if m else pos


@lru_cache(maxsize=1)
def _context_regexes() -> dict[str, re.Pattern[str]]:
    p = patterns()
    nouns = word_alternation(p["substance_nouns"])
    strong = word_alternation(p["strong_substance_nouns"])
    adjectives = word_alternation(p["substance_adjectives"])
    battery = word_alternation(p["battery_words"][:2])
    return {
        "noun": re.compile(f"^(?:\\s+|[\\-−–])(?:as\\s+(?:the\\s+|an?\\s+)?)?"
                           f"(?:(?:ultra)?thin\\s+|(?:{word_alternation(p['electrode_roles'])})\\s+|"
                           f"metal(?:lic)?[\\s\\-−–]+)?(?:{nouns})\\b"),
        "before": re.compile(p["substance_before"] + "$"),
        "structure_type": re.compile(p["structure_type_after"]),
        "name_noun": re.compile(f"^\\s+(?:{word_alternation(p['name_substance_nouns'])})\\b"),
        "strong_noun": re.compile(f"^(?:\\s+|[\\-−–])(?:as\\s+(?:the\\s+|an?\\s+)?)?(?:{strong})\\b"),
        "battery": re.compile(f"^[\\s\\-−–]*(?:[\\w]+[\\s\\-−–]+)?(?:{battery})\\b"),
        "battery_after": re.compile(f"^\\s+(?:[\\w\\-]+\\s+)?(?:{word_alternation(p['battery_words'])})\\b"),
        "adjective": re.compile(f"(?:^|[\\s(])(?i:{adjectives})[\\s\\-−–]+$"),
        "sulfur_noun": re.compile(f"^\\s+(?:{word_alternation(p['sulfur_nouns'])})\\b"),
        "sulfur_verb": re.compile(f"\\b(?:{word_alternation(p['sulfur_verbs'])})\\s+$"),
        "ion_suffix": re.compile(p["ion_suffix"]),
        "label_before": re.compile(p["label_before"]),
        "dopant_follow": re.compile(f"^(?:\\s+|[\\-−–])(?:{'|'.join(p['dopant_list_followers'])})\\b"),
        "glue_before": re.compile(p["list_glue"] + "$"),
        "item_end": re.compile(p["list_item_end"]),
        "glue_after": re.compile("^" + p["list_glue"]),
        "formula_block": re.compile(f"^\\s+(?:{word_alternation(p['formula_blockers'])})\\b"),
        "dopant_verb": re.compile(f"^[\\-−–](?:{word_alternation(p['dopant_verbs'])})\\s+"),
        "phase": re.compile(p["phase_prefix"]),
    }


def _sentence_start(text: str, pos: int) -> bool:
    return re.search(r"(?:^|[.!?]\s+|\n\s*)$", text[:pos]) is not None


def _substance_context(text: str, w: _Weak, stop: bool) -> bool:
    rx = _context_regexes()
    after = text[_after_citation(text, w.end):] if not stop else text[w.end:]
    m = (rx["strong_noun"] if stop else rx["noun"]).match(after)
    if m and not rx["battery"].match(after[m.end():]):
        return True
    if w.is_name and rx["name_noun"].match(after):  # "oxygen cathodes"; not "Mg cathodes"
        return True
    before = text[max(0, w.start - 60):w.start]
    return rx["before"].search(before) is not None or (
        not stop and rx["adjective"].search(before) is not None)


_CITATION = re.compile(r"\[[^\]]{1,40}\]")


def _list_end(text: str, pos: int) -> int:
    """Position after the last item of a list that continues at ``pos`` ("Al, Ga, or Te")."""
    rx = _context_regexes()["glue_after"]
    pos = _after_citation(text, pos)
    for _ in range(8):
        g = rx.match(text[pos:])
        head = re.match(r"(?:[a-z][\w\-]*\s+){0,2}[^\s,;:()\[\]]+", text[pos + g.end():]) if g else None
        if not head:
            break
        pos = _after_citation(text, pos + g.end() + head.end())
    return pos


_SHORT_PAREN = re.compile(r"\s\((?=[^()]{1,20}\))[^()]*\d[^()]*\)")


def _coordinated(text: str, w: _Weak, cands: Sequence[_Cand]) -> bool:
    """Whether a bare element is listed together with a clear material mention.

    "ZnO [54], amorphous Si [55], polymer layer [56], Ge [51], and Al [52]" lists Si, Ge and Al
    as materials; site lists ("A = Ca, Mg") and dopant lists ("Ta, Al, or Te was doped") do not.
    """
    rx = _context_regexes()
    # a short parenthesis after an item ("MgSe (7.4 wt%), Mg (3.6 wt%)") does not end the list
    text = _SHORT_PAREN.sub(lambda m: " " * len(m.group()), text)
    if rx["dopant_follow"].match(text[_list_end(text, w.end):]) or not rx["item_end"].match(text[w.end:]):
        return False
    item_start = w.start
    m = re.search(r"(?:^|[\s(])((?:[a-z][\w\-]*\s+){1,2})$", text[:w.start])
    if m and rx["glue_before"].search(text[:w.start - len(m.group(1))]):
        item_start = w.start - len(m.group(1))
    pos = item_start
    for _ in range(5):
        g = rx["glue_before"].search(text[:pos])
        if not g:
            break
        item_end = g.start()
        k = max(text.rfind(c, 0, item_end) for c in ",;:()=")
        item_begin = k + 1
        if k >= 0 and text[k] == "=":
            return False
        stripped_end = _strip_citation_end(text, item_begin, item_end)
        if any(c.end == stripped_end and c.start >= item_begin for c in cands):
            return True
        pos = item_begin
        if k >= 0 and text[k] in "();:" or len(text[item_begin:stripped_end].split()) > 3:
            break
    pos = _after_citation(text, w.end)
    for _ in range(5):
        g = rx["glue_after"].match(text[pos:])
        if not g:
            break
        item_begin = pos + g.end()
        mod = re.match(r"(?:[a-z][\w\-]*\s+){0,2}", text[item_begin:])
        head = item_begin + (mod.end() if mod else 0)
        if any(c.start in (item_begin, head) for c in cands):
            return True
        nxt = re.search(r"[,;:()=]|\s(?:and|or)\s", text[item_begin:])
        if not nxt or text[item_begin + nxt.start()] in ";:()=" \
                or len(_CITATION.sub("", text[item_begin:item_begin + nxt.start()]).split()) > 3:
            break
        pos = item_begin + nxt.start()
    return False


def _strip_citation_end(text: str, start: int, end: int) -> int:
    m = re.search(r"\s*\[[^\]]{1,40}\]\s*$", text[start:end])
    end = start + m.start() if m else end
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _in_substance_list(text: str, w: _Weak) -> bool:
    """An element symbol in a parenthesised list of substances: "blocking electrodes (e.g., Au,
    Ag, C, In, Pt, Ta, and W)" — also the symbols that are English words or single letters."""
    opened = text.rfind("(", max(0, w.start - 80), w.start)
    if opened < 0:
        return False
    rx = _context_regexes()
    items = text[opened + 1:w.start]
    return (rx["before"].search(text[max(0, opened - 60):opened + 1]) is not None
            and re.fullmatch(r"(?:(?:e\.g\.,?|such as|i\.e\.,?)\s*)?(?:[A-Z][a-z]?(?:,\s*|\s+(?:and|or)\s+|,\s*(?:and|or)\s+))*",
                             items) is not None)


def _standalone_sulfur(text: str, w: _Weak) -> bool:
    """A lone "S" is sulfur when a noun or verb says so ("S cathode", "held S in")."""
    if w.is_name or w.symbol != "S":
        return False
    before, after = text[:w.start], text[w.end:]
    if before and not re.search(r"[\s(]$", before) or after and not re.match(r"[\s,.;:)\[]|$", after):
        return False
    rx = _context_regexes()
    return bool(rx["sulfur_noun"].match(after) or rx["sulfur_verb"].search(before))


def _cell_row_metal(text: str, w: _Weak, cands: Sequence[_Cand]) -> bool:
    """"Li PEO/LATP LFP": a cell written without "|" (tables)."""
    if w.is_name or w.symbol not in patterns()["anode_metals"]:
        return False
    m = re.match(r"[ \t]{1,2}", text[w.end:])
    return m is not None and any(c.start == w.end + m.end() and c.info.rule != "element" for c in cands)


def _accept_weak(text: str, weak: Sequence[_Weak], cands: Sequence[_Cand]) -> list[_Cand]:
    """Element candidates that have a substance context."""
    out: list[_Cand] = []
    stopwords = load_stopwords()
    taken = [(c.start, c.end) for c in cands]
    for w in weak:
        if any(s < w.end and w.start < e for s, e in taken):
            continue
        stop = (not w.is_name and w.symbol in stopwords)
        if stop and _sentence_start(text, w.start):
            continue
        single_letter = not w.is_name and len(w.symbol) == 1
        ok = _substance_context(text, w, stop or (single_letter and w.symbol != "S"))
        ok = ok or _in_substance_list(text, w)
        if not ok and not stop and not single_letter:
            ok = _coordinated(text, w, cands) or _cell_row_metal(text, w, cands)
        if not ok and not stop:
            ok = _standalone_sulfur(text, w)
        if ok:
            out.append(_Cand(w.start, w.end, _element_info(w.symbol)))
    return out


def _drop_blocked_formulas(text: str, cands: Sequence[_Cand]) -> list[_Cand]:
    """Formulas that are structural units ("PS4 tetrahedra"), structure types ("MgAl2O4-type
    spinel"), ions ("SO3 2-") or labels ("fig. S9C")."""
    rx = _context_regexes()
    out = []
    for c in cands:
        after, before = text[c.end:], text[:c.start]
        if c.info.rule == "formula" and "·" not in c.info.canonical and (
                rx["formula_block"].match(after) or rx["ion_suffix"].match(after)
                or rx["structure_type"].match(after)):
            continue
        if c.info.rule in ("formula", "element") and rx["label_before"].search(before):
            continue
        out.append(c)
    return out


def _merge_dopant_phrases(text: str, cands: list[_Cand], weak: Sequence[_Weak],
                          doc: _DocAbbreviations) -> list[_Cand]:
    """"Al-doped LLZO", "LiNbO3-coated LCO", "ZrO2-doped PEO" as one mention."""
    rx = _context_regexes()["dopant_verb"]
    starts: dict[int, _Cand] = {}
    for c in cands:
        if c.start not in starts or c.length > starts[c.start].length:
            starts[c.start] = c
    heads = [(c.start, c.end, c.info) for c in cands] + [(w.start, w.end, None) for w in weak if not w.is_name]
    merged: list[_Cand] = []
    for start, end, info in heads:
        m = rx.match(text[end:])
        if not m or (end + m.end()) not in starts:
            continue
        host = starts[end + m.end()]
        written = ascii_text(text[start:host.end])
        cls = host.info.material_class
        if info is not None and cls == "polymer" and info.material_class != "polymer":
            cls = combine_classes([info.material_class, cls])
        new = MaterialInfo(written, "", cls, "dopant")
        if written in doc.long_index and doc.long_index[written] in doc.materials:
            new = doc.materials[doc.long_index[written]]
        merged.append(_Cand(start, host.end, new))
    return cands + merged


def _resolve(cands: Iterable[_Cand]) -> list[_Cand]:
    """Longest match wins; ties go to the more specific rule; no overlaps."""
    ordered = sorted(cands, key=lambda c: (-c.length, -_PRIORITY.get(c.info.rule, 0), c.start))
    chosen: list[_Cand] = []
    for c in ordered:
        if c.length > 0 and all(c.end <= o.start or o.end <= c.start for o in chosen):
            chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


def _extend_phase_prefix(text: str, cands: list[_Cand]) -> list[_Cand]:
    rx = _context_regexes()["phase"]
    out = []
    prev_end = 0
    for c in cands:
        m = rx.search(text[prev_end:c.start])
        out.append(_Cand(prev_end + m.start(), c.end, c.info) if m else c)
        prev_end = c.end
    return out


_DEFINITION = re.compile(r"^\s*\(\s*([A-Za-z0-9][A-Za-z0-9\-+/@]{1,14})\s*[,;)=]")


def _local_definitions(text: str, cands: list[_Cand], doc: _DocAbbreviations) -> list[_Cand]:
    """"Li0.5La0.5TiO3 (LLTO)": the formula's canonical name is the abbreviation it defines."""
    out = []
    for c in cands:
        m = _DEFINITION.match(text[c.end:])
        short = m.group(1) if m else ""
        if (c.info.rule in ("formula", "dopant") and short and re.search(r"[A-Z].*[A-Z]", short)
                and not short.endswith("s")
                and formula_status(short) == "reject" and short not in doc.non_materials
                and definition_overlap(short, c.info.canonical) >= 0.5):
            entry = _lookup_exact(short)
            info = doc.materials.get(short)
            cls = (entry.material_class if entry else info.material_class if info else c.info.material_class)
            c = _Cand(c.start, c.end, MaterialInfo(entry.name if entry else short, c.info.formula, cls, c.info.rule))
        out.append(c)
    return out


def definition_overlap(short: str, long: str) -> float:
    """Share of the short form's capital letters that occur in the long form (case-folded)."""
    letters = [ch for ch in short if ch.isupper()]
    if not letters:
        return 0.0
    folded = long.lower()
    return sum(ch.lower() in folded for ch in letters) / len(letters)


def find_mentions(text: str, abbreviations: dict[str, str] | None = None) -> list[MentionSpan]:
    """Material mentions in one (normalised) sentence.

    Args:
        text: Normalised sentence text.
        abbreviations: Document-level short -> long forms (see :func:`find_abbreviations`).

    Returns:
        Sorted, non-overlapping mentions; the longest match wins.
    """
    doc = _doc_context(abbreviations)
    cands, weak = _word_candidates(text, doc)
    cands = _drop_blocked_formulas(text, cands + _name_candidates(text, doc))
    weak = weak + _element_name_weak(text)
    cands = _merge_dopant_phrases(text, cands, weak, doc)
    chosen = _resolve(cands)
    chosen = _resolve(chosen + _accept_weak(text, weak, chosen))
    chosen = _resolve(chosen + _accept_weak(text, weak, chosen))  # lists of accepted elements
    chosen = _local_definitions(text, _extend_phase_prefix(text, chosen), doc)
    found = [MentionSpan(c.start, c.end, text[c.start:c.end], c.info) for c in chosen]
    found = _split_interfaces(text, found, abbreviations)
    return sorted(found + _symmetric_metal_cells(text, found, abbreviations),
                  key=lambda m: (m.start, m.end))


def _symmetric_metal_cells(text: str, found: list[MentionSpan],
                           abbreviations: dict[str, str] | None) -> list[MentionSpan]:
    """"symmetrical Li/Li cells", "Li|Li": a metal on both sides of a cell notation is the
    electrode substance twice (a bare symbol is otherwise not a mention)."""
    out: list[MentionSpan] = []
    taken = [(m.start, m.end) for m in found]
    for m in re.finditer(patterns()["symmetric_metal_cell"], text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        symbol = m.group(1)
        if re.search(patterns()["reference_electrode_before"], text[:m.start()]):
            continue  # "2.3 to 4.6 V versus Li/Li": a reference electrode, not a cell
        sub = _as_substance(symbol, abbreviations)
        if len(sub) != 1:
            continue
        for start in (m.start(1), m.start(2)):
            out.append(MentionSpan(start, start + len(symbol), symbol, sub[0].info))
    return out


def _split_interfaces(text: str, found: list[MentionSpan],
                      abbreviations: dict[str, str] | None) -> list[MentionSpan]:
    """"the LCO-LiPON interface", "Li/Li cells": materials in contact, each its own mention."""
    after = re.compile(patterns()["interface_after"], re.IGNORECASE)
    out: list[MentionSpan] = []
    for m in found:
        pieces = re.split(r"[/|]", m.text)
        symmetric = len(pieces) > 1 and len(set(pieces)) == 1  # "symmetric S-LRMO/S-LRMO cells"
        symmetric |= len(pieces) == 3 and pieces[0] == pieces[2]  # "Ta/MgSc2Se4/Ta" sandwich
        metals = m.info.material_class == "anode" and "/" in m.text  # "LiIn/In" alloy anode
        if not (symmetric or metals) and (
                m.info.material_class != "composite" or not after.match(text, m.end)):
            out.append(m)
            continue
        out.extend(_components(m, abbreviations) or [m])
    return out


def _as_substance(symbol: str, abbreviations: dict[str, str] | None) -> list[MentionSpan]:
    """The mention a bare element symbol is when the context makes it a substance ("Li metal",
    "In foil anode"), or []."""
    lead = "the "  # so that a sentence-initial "In" is not read as the English word
    for suffix in patterns()["substance_suffixes"]:
        sub = [x for x in find_mentions(lead + symbol + suffix, abbreviations)
               if (x.start, x.end) == (len(lead), len(lead) + len(symbol))]
        if sub:
            return sub
    return []


def _components(m: MentionSpan, abbreviations: dict[str, str] | None) -> list[MentionSpan]:
    """``m`` split at its top-level connector ("/", then "|", then "-") into single mentions."""
    for sep in "/|-":
        if sep not in m.text:
            continue
        parts: list[MentionSpan] = []
        pos = m.start
        for piece in m.text.split(sep):
            sub = find_mentions(piece, abbreviations) if piece else []
            if not sub and piece:  # a bare element symbol is a mention when it is a substance
                sub = _as_substance(piece, abbreviations)
            if len(sub) != 1 or sub[0].text != piece:
                parts = []
                break
            parts.append(MentionSpan(pos, pos + len(piece), piece, sub[0].info))
            pos += len(piece) + 1
        if len(parts) >= 2:
            return parts
    return []


# ------------------------------------------------------------------------------------------
# Abbreviation definitions


_ABBR_SHAPE = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-+/@·]{0,14}")


def _abbreviation_like(token: str) -> bool:
    return (_ABBR_SHAPE.fullmatch(token) is not None and len(token) >= 2
            and re.search(r"[A-Z]", token) is not None and not token.isdigit())


def schwartz_hearst(short: str, long: str) -> str | None:
    """The shortest suffix of ``long`` whose letters spell ``short`` (Schwartz & Hearst 2003)."""
    s_i, l_i = len(short) - 1, len(long) - 1
    while s_i >= 0:
        c = short[s_i].lower()
        if not c.isalnum():
            s_i -= 1
            continue
        while l_i >= 0 and (long[l_i].lower() != c or (s_i == 0 and l_i > 0 and long[l_i - 1].isalnum())):
            l_i -= 1
        if l_i < 0:
            return None
        l_i -= 1
        s_i -= 1
    start = max(long.rfind(" ", 0, l_i + 1), long.rfind("(", 0, l_i + 1)) + 1
    while start > 0 and long[start:].count("(") != long[start:].count(")"):
        start = long.rfind(" ", 0, start - 1) + 1
    return long[start:].strip() or None


def _window_before(text: str, end: int, n_words: int) -> str:
    """Up to ``n_words`` words before ``end``, not crossing ";", ":" or an unbalanced "("."""
    depth = 0
    i = end
    while i > 0:
        c = text[i - 1]
        if c == ")":
            depth += 1
        elif c == "(":
            if depth == 0:
                break
            depth -= 1
        elif c in ";:" or (c == "." and i >= 2 and text[i - 2].islower() and depth == 0 and i < end - 1):
            break
        i -= 1
    words = text[i:end].split()
    return " ".join(words[-n_words:])


class SampleOf(str):
    """The material a sample label stands for: the label resolves to it, but the material's other
    mentions keep their own name (the label names one sample of it, not the composition)."""


@lru_cache(maxsize=1)
def _label_regex() -> re.Pattern[str]:
    return re.compile(patterns()["label_definition"])


_LABEL_LIST_NEXT = re.compile(r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?P<label>[A-Za-z0-9][\w\-+/@.]*[\w+])")


_DOPANT_LINK = re.compile(r"\s*(?:[\w-]+\s+){0,2}(?:doped|substituted|coated|modified|mixed)\s+"
                          r"with\s+(?:(?:\d+(?:\.\d+)?|x)\s*(?:mol|wt)?\s*%?\s*)?")
_VARIABLE_LABEL = re.compile(r"(.*[-_])([xyn])")


def _label_family(text: str, pos: int, labels: list[str]) -> list[str]:
    """The members of a label with a variable: "LPSF-x, x = 1, 3 and 5" -> LPSF-1, LPSF-3,
    LPSF-5 (the values written within the next 60 characters)."""
    out = []
    for label in labels:
        m = _VARIABLE_LABEL.fullmatch(label)
        if m is None:
            continue
        values = re.compile(rf"\b{m.group(2)}\s*=\s*(\d+(?:\.\d+)?(?:\s*(?:,|and|or|,\s*and)\s*"
                            rf"\d+(?:\.\d+)?)*)").search(text, pos, pos + 60)
        if values:
            out += [m.group(1) + v for v in re.findall(r"\d+(?:\.\d+)?", values.group(1))]
    return out


def _label_definitions(text: str) -> Iterator[tuple[str, str]]:
    """Sample labels a paper defines for a material: "Li3YCl6 ball-milled for 3 h (denoted as
    LYC-BM)", "a glass ceramic, hereafter referred to as GC-270" -> the material right before."""
    for m in _label_regex().finditer(text):
        labels = [m.group("label").rstrip(".,;:)")]
        # a list of labels: "samples are denoted LRCo0, LRCo05 and LRCo10 for x = 0, ..."
        pos = m.end("label")
        while (more := _LABEL_LIST_NEXT.match(text, pos)) is not None:
            labels.append(more.group("label").rstrip(".,;:)"))
            pos = more.end("label")
        labels = [x for x in labels if _abbreviation_like(x) and formula_status(x) != "formula"]
        labels += _label_family(text, pos, labels)
        if not labels:
            continue
        window = text[max(0, m.start() - 160):m.start()]
        found = [x for x in find_mentions(window) if x.info.rule != "element"]
        if found:
            host = found[-1]
            if len(found) >= 2 and _DOPANT_LINK.fullmatch(window, found[-2].end, found[-1].start):
                host = found[-2]  # "Li7P3S11 glass-ceramics doped with LiF (denoted LPSF-x)"
            for label in labels:
                yield label, SampleOf(host.text)


def _definitions_in(text: str) -> Iterator[tuple[str, str]]:
    yield from _label_definitions(text)
    for m in re.finditer(r"\(([^()]{1,100})\)", text):
        inner = m.group(1).strip()
        eq = re.fullmatch(r"([A-Za-z0-9][\w\-+/@]*)\s*=\s*(\S+)", inner)
        if eq and _abbreviation_like(eq.group(1)) and formula_status(eq.group(2)) == "formula":
            yield eq.group(1), eq.group(2)
            continue
        first = re.split(r"[,;]\s", inner)[0].strip()
        before = text[:m.start()].rstrip()
        if _abbreviation_like(first) and not re.fullmatch(r"\d+[A-Za-z]?", first) \
                and (formula_status(first) == "reject" or _lookup_exact(first)):
            long = _long_form(first, before)
            if long:
                yield first, long
            continue
        token = before.split()[-1] if before.split() else ""
        if _abbreviation_like(token) and " " in inner and schwartz_hearst(token, inner) == inner:
            yield token, inner


def _long_form(short: str, before: str) -> str | None:
    """Long form for "long form (SHORT)": a material expression right before, else Schwartz-Hearst."""
    tail = _window_before(before, len(before), 12)
    mentions = find_mentions(tail)
    if mentions and mentions[-1].end == len(tail) and mentions[-1].info.rule != "element":
        candidate = _best_long_part(short, mentions[-1].text)
        if candidate != short and definition_overlap(short, candidate) >= 0.5:
            return candidate
    n = min(len(short) + 5, 2 * len(short))
    window = _window_before(before, len(before), n)
    long = schwartz_hearst(short, window)
    if long and long != short and len(long) > len(short) and short not in long.split():
        return long
    return None


def _best_long_part(short: str, mention: str) -> str:
    """The part of a composite mention an abbreviation defines.

    "PEO-Li[N(SO2CF3)2] (LiTFSI)" defines the salt and "S-coated reduced graphene oxide (rGO)"
    the carbon: prefer the lexicon name at the end, or the last formula part when the whole does
    not start like the abbreviation.
    """
    entry = _lookup_exact(short)
    if entry:
        for alias in sorted(entry.aliases, key=len, reverse=True):
            if len(alias) < len(mention) and mention.lower().endswith(" " + alias.lower()):
                return mention[-len(alias):]
    parts = re.split(r"[/\-](?![^()\[\]]*[)\]])(?=[A-Z(\[])", mention)
    last = parts[-1]
    if len(parts) > 1 and short[:1].lower() != mention[:1].lower() \
            and definition_overlap(short, last) >= definition_overlap(short, mention) \
            and formula_status(last) == "formula":
        return last
    return mention


def find_abbreviations(texts: Iterable[str]) -> dict[str, str]:
    """Document-level abbreviation definitions: short form -> long form (first definition wins).

    Handles "long form (ABBR)", "formula (ABBR)", "ABBR (long form)" and "(ABBR = formula)".
    """
    result: dict[str, str] = {}
    for text in texts:
        for short, long in _definitions_in(text):
            result.setdefault(short, long)
    return result
