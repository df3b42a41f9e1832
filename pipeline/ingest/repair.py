"""Text repair: undo PDF->text converter noise, keeping every character's source span.

Converters write characters of symbol fonts as glyph names or codes (``S cm /C0 1``,
``10 GLYPH<0> 3``, ``mS cm (cid:0) 1``, ``/uniFB01``), legacy math fonts put ``À`` for a minus sign
and ``þ`` for a plus, some pass Symbol-font Private Use code points (``25 \\uf0b0C``), line-end
hyphenation survives as ``conduc- tivity``, decimals and hyphens get spaced (``0 . 53 eV``,
``room -temperature``), a digit stands for a lost degree sign (``at 20 8 C``), the same symbol
fonts write comparison signs as letters (``( 4 0.1 S cm /C0 1 )`` is > 0.1) and formulas are spaced
at their subscripts (``Li 6 PS 5 Cl``). :func:`repair` rewrites one source segment in two composed
phases (signs, then spaced formulas); each output character carries the source span it came from,
and the normaliser (:mod:`pipeline.ingest.normalize`) composes that map with its own, so offsets
stay exact.

Tables are data in ``models/repair.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.resources import load_yaml

LIGATURES = frozenset("ﬀﬁﬂﬃﬄ")
MINUS_LIKE = frozenset("−")


@dataclass(frozen=True)
class Repaired:
    """A repaired segment: ``text[i]`` was made from ``source[starts[i]:ends[i]]``."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]


@dataclass(frozen=True)
class GlyphTables:
    """The symbol-font tables of ``models/repair.yaml``, shared by the text repair and the PDF
    reader (:mod:`pipeline.ingest.pdf`).

    Attributes:
        codes: TeX math-symbol / Elsevier AdvP position -> character (``glyph_codes``).
        forms: the forms a converter writes a code in (``/C0``, ``GLYPH<0>``, ``(cid:0)``); group 1
            is the code (``glyph_forms``).
        pua: Adobe Symbol position -> character, for private-use code points U+F0xx
            (``symbol_font_pua``).
        standalone: legacy math-font characters standing for a sign ("À" -> "−",
            ``standalone_signs``; also what the citation-marker rules treat as an operator).
    """

    codes: dict[int, str]
    forms: tuple[re.Pattern[str], ...]
    pua: dict[int, str]
    standalone: dict[str, str]


@lru_cache(maxsize=1)
def glyph_tables() -> GlyphTables:
    """The glyph codes, their written forms and the Symbol-font private-use table, loaded once."""
    cfg = load_yaml("repair.yaml")
    return GlyphTables(codes={int(k): v for k, v in cfg["glyph_codes"].items()},
                       forms=tuple(re.compile(f) for f in cfg["glyph_forms"]),
                       pua={int(k): v for k, v in cfg["symbol_font_pua"].items()},
                       standalone=dict(cfg["standalone_signs"]))


@dataclass(frozen=True)
class _Rules:
    pattern: re.Pattern[str]
    glyph_forms: tuple[re.Pattern[str], ...]
    glyph_codes: dict[int, str]
    standalone: dict[str, str]
    pua: dict[int, str]
    stems: tuple[str, ...]
    suspended: frozenset[str]
    noise: re.Pattern[str]
    comparator: re.Pattern[str]
    comparators: dict[str, str]
    not_comparator_after: re.Pattern[str]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    cfg = load_yaml("repair.yaml")
    tables = glyph_tables()
    forms = tables.forms
    glyph = "|".join(f"(?:{f.pattern})" for f in forms)  # their groups are unnamed: unused here
    # a bare glyph name ("/C0") stands apart from words; a bracketed code may touch them
    # ("10(cid:0)3", "cmGLYPH<0>1")
    apart = "|".join(f"(?:{f.pattern})" for f in forms if f.pattern.startswith("/"))
    touching = "|".join(f"(?:{f.pattern})" for f in forms if not f.pattern.startswith("/"))
    standalone = "".join(re.escape(c) for c in tables.standalone)
    degree = "".join(re.escape(c) for c in cfg["lost_degree_glyphs"])
    lookalike = "".join(re.escape(c) for c in cfg["degree_lookalikes"])
    pattern = re.compile(
        rf"(?P<glyph>(?<![\w/])(?:{apart})(?:(?!\w)|(?={cfg['glyph_name_touches']}))|{touching})"
        rf"|(?P<uni>/uni(?P<hex>[0-9A-Fa-f]{{4}}))"
        rf"|(?P<sign>(?<=\s)[{standalone}](?=\s|\d|$))"
        rf"|(?P<pua>[\uf020-\uf0ff])"
        rf"|(?P<hyph>(?<=[a-z]{{2}})-[ \t]?\n?[ \t]?(?=[a-z]{{2}}))"
        rf"|(?P<prehyph>(?<=[a-z]) -(?=[a-z]{{2}}))"
        rf"|(?P<lostminus>(?<=\d )(?:{cfg['lost_minus_numerators']}) {cfg['lost_minus_denominators']} "
        rf"(?=[123](?![\d.])(?!\s*C\b)))"
        rf"|(?P<point>(?<![.]\d)(?<=\d) \. (?=\d))"
        rf"|(?P<degree>(?:(?<=\d\d )|(?<=[-−]\d ))[{degree}](?= ?[CF]\b)(?!.[-‐ ]?rate))"
        rf"|(?P<lookalike>(?<=\d)[ ]?[{lookalike}](?= ?[CFK]\b))"
    )
    return _Rules(pattern=pattern, glyph_forms=forms,
                  glyph_codes=tables.codes,
                  standalone=tables.standalone,
                  pua=tables.pua,
                  stems=tuple(cfg["dehyphenate_stems"]),
                  suspended=frozenset(cfg["suspended_hyphen_followers"]),
                  noise=re.compile(glyph),
                  comparator=re.compile(
                      r"(?:(?<=^)|(?<=[\s(]))([" + "".join(map(re.escape, cfg["symbol_font_comparators"]))
                      + r"]) (?=\d)"),
                  comparators=dict(cfg["symbol_font_comparators"]),
                  not_comparator_after=re.compile(cfg["not_comparator_after"]))


def _glyph_char(token: str, rules: _Rules) -> str | None:
    for form in rules.glyph_forms:
        m = form.fullmatch(token)
        if m:
            return rules.glyph_codes.get(int(m.group(1)))
    return None


def _word_before(s: str, i: int) -> str:
    j = i
    while j > 0 and s[j - 1].isalpha():
        j -= 1
    return s[j:i]


def _word_after(s: str, i: int) -> str:
    j = i
    while j < len(s) and s[j].isalpha():
        j += 1
    return s[i:j]


def _hyphen_repl(source: str, m: re.Match[str], rules: _Rules) -> str | None:
    """"" (join), "-" (keep the hyphen, drop the break) or None (leave as written)."""
    if m.group() == "-":
        return None  # an ordinary hyphen
    after = _word_after(source, m.end())
    if after.lower() in rules.suspended:
        return None
    joined = (_word_before(source, m.start()) + after).lower()
    return "" if joined.startswith(rules.stems) else "-"


SPACED_HINT = re.compile(r"[A-Za-z)] {1,2}\d")
# a trailing comma, semicolon or full stop ends a token ("Li 3 YCl6, ...", "LiBH 4. The"), so
# do a cell separator ("Li 2 S//Li 0.5 In", "Li | Li 6 PS 5 Cl") and the links of pseudo-binaries,
# glasses and ratios ("Li 2 S-P 2 S 5", "75Li 2 S·24P 2 S 5", "Li4MS4:Li 3 PS 4"); one "/" joins a
# composite ("S/LPSCl/C")
_TOKEN = re.compile(r"(?:[^\s,;|/.:·\-]+|\.(?=[^\s,;|/:·\-])|(?<!/)/(?!/))+")
# (a bracket's count may be a fraction: "(B12 H12)0.5 (B10 H10)0.5")
_ELEM = re.compile(r"[(\[)\]]*(?:[A-Z][a-z]?\d{0,3}(?:\.\d{1,3})?(?:[()\[\]]+(?:\d{1,2}(?:\.\d{1,3})?(?![\d.]))?)*)+")
_SUB = re.compile(r"\d{1,2}(?:\.\d{1,3})?")
_SUB_ELEM = re.compile(r"\d{1,2}(?:\.\d{1,3})?(?:[A-Z][a-z]?\d{0,3}(?:\.\d{1,3})?[()\[\]]*)+")
_PAREN = re.compile(r"[()\[\]]+\d{0,2}(?:\.\d{1,3})?")


def _spaced_formula_edits(source: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Deletions of the spaces inside formulas a converter spaced out at its subscripts:
    "Li 6 PS 5 Cl", "Na 2B10H10", "Li 2 (BH  4 )(NH  2 )", "LiBH 4". A run starts at element
    symbols, a number follows only a letter or ")" (a subscript), symbols follow only a subscript
    or ")"; the joined run must be a compound of the formula grammar."""
    from pipeline.formulas import formula_status  # the formula grammar (models/)

    if not SPACED_HINT.search(source, start, end):
        return []
    toks = [(m.start(), m.end()) for m in _TOKEN.finditer(source, start, end)]
    edits: list[tuple[int, int, str]] = []
    i = 0
    while i < len(toks):
        a, b = toks[i]
        glued = source.rfind("/", a, b) + 1
        if glued > a and _ELEM.fullmatch(source, glued, b) and not _ELEM.fullmatch(source, a, b):
            a = glued  # "PEO/LiClO 4": the formula after a "/"
            toks[i] = (a, b)
        if re.fullmatch(r"[(\[]{1,2}", source[a:b]) and i + 1 < len(toks) \
                and toks[i + 1][0] == b + 1 \
                and _ELEM.fullmatch(source, *toks[i + 1]):
            pass  # "[ B12 H 12 ]": a bracket set apart opens the formula
        elif not _ELEM.fullmatch(source, a, b) or not (source[b - 1].isalpha() or (
                "(" in source[a:b] and i + 1 < len(toks)
                and _ELEM.fullmatch(source, *toks[i + 1]))):
            i += 1
            continue
        j, subs = i, 0
        while j + 1 < len(toks):
            gap = source[toks[j][1]:toks[j + 1][0]]
            if gap not in (" ", "  "):
                break
            prev = source[toks[j][1] - 1]
            x, y = toks[j + 1]
            if (prev.isalpha() or prev in ")]") and (_SUB.fullmatch(source, x, y)
                                                     or _SUB_ELEM.fullmatch(source, x, y)):
                subs += 1
            elif (prev.isdigit() or prev in "()[]") and _ELEM.fullmatch(source, x, y):
                pass
            elif _PAREN.fullmatch(source, x, y) and (prev.isalnum() or prev in "()[]"):
                subs += source[y - 1].isdigit()
            else:
                break
            j += 1
        while subs and j > i:  # the longest prefix of the run that is a compound
            joined = "".join(source[x:y] for x, y in toks[i:j + 1])
            if joined.startswith("(["):  # "([ B12 H 12 ] ...": the "(" is the text's own
                joined = joined[1:]
            if formula_status(joined) == "formula":
                edits += [(toks[k][1], toks[k + 1][0], "") for k in range(i, j)]
                end = toks[j][1]
                if re.match(r" -[a-z]", source[end:end + 3]) and joined[-1].isalnum() \
                        and "]" not in joined:  # ("[B12H12]2 -and": a charge)
                    edits.append((end, end + 1, ""))  # "LiNbO 3 -coated": the hyphen joins too
                break
            j -= 1
        else:
            i += 1
            continue
        i = j + 1
    return edits


@lru_cache(maxsize=8)
def _symbol_font_noise(source: str) -> bool:
    """Whether the converter wrote symbol-font glyph codes in this document (then its other
    symbol-font letters are trusted too: "4 95%" is "> 95%")."""
    hits = _rules().noise.finditer(source)  # anywhere: a thesis joins papers of many converters
    return sum(1 for _ in zip(range(3), hits)) >= 3


def _comparator_edits(source: str, start: int, end: int) -> list[tuple[int, int, str]]:
    rules = _rules()
    out = []
    for m in rules.comparator.finditer(source, start, end):
        after = source[m.end():min(end, m.end() + 12)]
        if rules.not_comparator_after.match(after):
            continue
        if re.search(r"\d[\s,;]*$", source[max(start, m.start() - 8):m.start()]):
            continue  # "1 2 3 4 5": a member of a list of numbers
        out.append((m.start(1), m.end(1), rules.comparators[m.group(1)]))
    return out


def _sign_edits(source: str, start: int, end: int,
                marker_starts: frozenset[int] = frozenset()) -> list[tuple[int, int, str]]:
    """Phase 1: glyph codes and names, standalone signs, private-use symbols, hyphenation,
    spaced decimal points and lost degree signs."""
    rules = _rules()
    edits: list[tuple[int, int, str]] = []
    for m in rules.pattern.finditer(source, start, end):
        kind = m.lastgroup
        if m.group("glyph"):
            repl = _glyph_char(m.group("glyph"), rules)
        elif m.group("uni"):
            repl = chr(int(m.group("hex"), 16))
        elif m.group("sign"):
            repl = rules.standalone[m.group("sign")]
        elif m.group("pua"):
            repl = rules.pua.get(ord(m.group("pua")) - 0xF000)
        elif m.group("point"):
            # "0 . 53 eV" -> "0.53 eV"; but "cm -1 . 12 Then" ends a sentence before marker 12
            repl = None if m.end() in marker_starts else "."
        elif m.group("degree") or m.group("lookalike"):
            repl = "°"  # "at 20 8 C" -> "at 20 °C", "256 ◦ C" -> "256 °C"
        elif m.group("lostminus"):
            edits.append((m.end(), m.end(), "−"))  # "mAh cm 2" -> "mAh cm −2"
            continue
        elif m.group("prehyph"):
            repl = "-"  # "room -temperature" -> "room-temperature"
        else:
            repl = _hyphen_repl(source, m, rules)
        if repl is None:
            continue
        a, b = m.start(), m.end()
        if kind in ("glyph", "sign") and repl in MINUS_LIKE and source[b:b + 1] == " " \
                and source[b + 1:b + 2].isdigit() and b + 1 < end:
            b += 1  # "cm /C0 1" -> "cm −1": the sign takes its number
        if repl == "°" and re.match(r" [CFK]\b", source[b:min(b + 3, end)]):
            b += 1  # "25 /C14 C" -> "25 °C"
        if kind == "uni" and repl in LIGATURES:
            # "speci /uniFB01 c" -> "specific": a spaced ligature joins its word
            if source[b:b + 1] == " " and b + 1 < end and source[b + 1].islower():
                b += 1  # the rest of the word follows after a space
                if a - 2 >= start and source[a - 1] == " " and source[a - 2].isalpha():
                    edits.append((a - 1, a, ""))  # ... and its start came before one
        edits.append((a, b, repl))
    if _symbol_font_noise(source):
        edits += _comparator_edits(source, start, end)
    return edits


def _apply(source: str, start: int, end: int, edits: list[tuple[int, int, str]]) -> Repaired:
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i = start
    for a, b, repl in sorted(edits):
        if a < i:
            continue
        chars.extend(source[i:a])
        starts.extend(range(i, a))
        ends.extend(range(i + 1, a + 1))
        chars.extend(repl)
        starts.extend([a] * len(repl))
        ends.extend([b] * len(repl))
        i = b
    chars.extend(source[i:end])
    starts.extend(range(i, end))
    ends.extend(range(i + 1, end + 1))
    return Repaired("".join(chars), tuple(starts), tuple(ends))


def _compose(first: Repaired, second: Repaired) -> Repaired:
    """``second`` repairs ``first.text``: map its spans through ``first`` to the source."""
    n = len(first.starts)
    starts = tuple(first.starts[a] if a < n else first.ends[-1] for a in second.starts)
    ends = tuple(first.ends[b - 1] if b > 0 else first.starts[0] for b in second.ends)
    return Repaired(second.text, starts, ends)


def repair(source: str, start: int = 0, end: int | None = None,
           marker_starts: frozenset[int] = frozenset()) -> Repaired | None:
    """The repaired text of ``source[start:end]``, or None when nothing needs repair.
    ``marker_starts``: where citation markers start (a number there is no decimal part)."""
    end = len(source) if end is None else end
    edits = _sign_edits(source, start, end, marker_starts)
    first = _apply(source, start, end, edits) if edits else None
    text, a, b = (first.text, 0, len(first.text)) if first else (source, start, end)
    joins = _spaced_formula_edits(text, a, b)
    if not joins:
        return first
    second = _apply(text, a, b, joins)
    return _compose(first, second) if first else second
