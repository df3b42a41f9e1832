"""PDF reader: the text layer of a born-digital PDF -> Markdown-like text -> :func:`read_markdown`.

The PDF is turned into the kind of text a converter writes (title ``#``, headings ``##``, one
paragraph per line, blank lines between blocks, one reference entry per line) and that text is
parsed by the Markdown reader, so every offset of the returned Document indexes the returned text
(written as ``text.txt``).

Steps, each a small function over plain data:

1. :func:`extract_pages` reads the characters of every page with pdfminer (opened via pdfplumber).
   Path-construction operators are cut out of the content streams first (:func:`strip_paths`), so
   a figure made of tens of thousands of vector curves costs a regular-expression pass instead of a
   Python parse of every curve.
   Glyphs without a Unicode mapping are read by the font's glyph names or, in symbol fonts (TeX
   cmsy, Elsevier AdvP), by their position (:func:`glyph_text`), so ``(cid:N)`` never reaches the
   text; a glyph that cannot be mapped is written as U+FFFD, never dropped.
2. :func:`page_lines` cuts the page into regions (:func:`column_bands`: full-width bands and
   two-column bands, each with its own gutter), groups each column's characters into rows by
   baseline, attaches raised/lowered small characters (super- and subscripts) to their row in
   their own column, and writes lines whose text carries Unicode super/subscripts.
3. :func:`mark_furniture` and :func:`mark_figure_text` drop running headers/footers, page numbers,
   journal furniture and figure labels; :func:`reading_order` orders the rest region by region,
   column by column (around a wide figure the text decides whether columns run on under it).
4. :func:`compose` writes headings (ornaments such as ``■`` dropped), paragraphs (hyphenation
   undone, captions kept out of the paragraph they interrupt) and the reference list, one entry
   per line, under any usual heading or none (:func:`headless_reference_start`).

Thresholds and patterns live in ``models/pdf.yaml``.
"""

from __future__ import annotations

import io
import math
import re
import statistics
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Sequence


from pipeline.errors import PdfError
from pipeline.ingest.repair import glyph_tables
from pipeline.schema import Block, Section, Sentence
from pipeline.resources import load_yaml


# ------------------------------------------------------------------------------------------------
# configuration


@dataclass(frozen=True)
class PdfConfig:
    """``models/pdf.yaml`` with its patterns compiled."""

    raw: dict[str, Any]
    furniture: tuple[re.Pattern[str], ...]
    margin_furniture: tuple[re.Pattern[str], ...]
    bold_font: tuple[re.Pattern[str], ...]
    italic_font: tuple[re.Pattern[str], ...]
    terminal: re.Pattern[str]
    paragraph_end: re.Pattern[str]
    trailing_noise: re.Pattern[str]
    caption: re.Pattern[str]
    reference_heading: re.Pattern[str]
    reference_entry: re.Pattern[str]
    url_end: re.Pattern[str]
    citation_list: re.Pattern[str]
    charge_plus: re.Pattern[str]
    charge_minus: re.Pattern[str]
    elements: frozenset[str]
    heading_ornament: re.Pattern[str]
    year: re.Pattern[str]
    symbol_fonts: tuple[re.Pattern[str], ...]
    dingbat_fonts: tuple[re.Pattern[str], ...]
    coded_glyph_name: re.Pattern[str]

    def __getattr__(self, name: str) -> Any:
        try:
            return self.raw[name]
        except KeyError:
            raise AttributeError(name) from None


@lru_cache(maxsize=1)
def config() -> PdfConfig:
    """The reader's thresholds and patterns (``models/pdf.yaml``), loaded once."""
    cfg = load_yaml("pdf.yaml")
    c = re.compile
    out = PdfConfig(
        raw=cfg,
        furniture=tuple(c(p) for p in cfg["furniture_patterns"]),
        margin_furniture=tuple(c(p) for p in cfg["margin_furniture_patterns"]),
        bold_font=tuple(c(p) for p in cfg["bold_font_patterns"]),
        italic_font=tuple(c(p) for p in cfg["italic_font_patterns"]),
        terminal=c(cfg["terminal"]), paragraph_end=c(cfg["paragraph_end"]),
        trailing_noise=c(cfg["trailing_noise"]),
        caption=c(cfg["caption"]), reference_heading=c(cfg["reference_heading"]),
        reference_entry=c(cfg["reference_entry"]), url_end=c(cfg["url_end"]),
        citation_list=c(cfg["citation_list"]), charge_plus=c(cfg["charge_plus"]),
        charge_minus=c(cfg["charge_minus"]), elements=frozenset(cfg["elements"]),
        heading_ornament=c(cfg["heading_ornament"]), year=c(cfg["year"]),
        symbol_fonts=tuple(c(p) for p in cfg["symbol_fonts"]),
        dingbat_fonts=tuple(c(p) for p in cfg["dingbat_fonts"]),
        coded_glyph_name=c(cfg["coded_glyph_name"]),
    )
    for key, value in cfg.items():  # plain thresholds as attributes: no __getattr__ in hot loops
        if not hasattr(type(out), key) and key not in out.__dict__:
            object.__setattr__(out, key, value)
    return out


# ------------------------------------------------------------------------------------------------
# data


@dataclass(frozen=True)
class Char:
    """One glyph: its text, horizontal extent, baseline (top-down page coordinates) and size."""

    text: str
    x0: float
    x1: float
    base: float
    size: float
    bold: bool = False
    font: str = ""
    is_space: bool = False
    rsize: float = 0.0  # size rounded to ``size_step``, for modes

    @staticmethod
    def make(text: str, x0: float, x1: float, base: float, size: float, bold: bool = False,
             font: str = "") -> "Char":
        """A character with its derived fields filled in."""
        return Char(text, x0, x1, base, size, bold, font, text.isspace(),
                    round_size(size, config().size_step))


@dataclass
class PageChars:
    """The characters of one page and the page size."""

    number: int
    width: float
    height: float
    chars: list[Char]


@dataclass
class Line:
    """A line of one column: its text (super/subscripts as Unicode) and geometry."""

    page: int
    col: str  # "L", "R" (two-column page) or "F" (full width / one column)
    x0: float
    x1: float
    base: float
    size: float
    text: str
    bold: float = 0.0  # share of letters set in a bold font
    bold_prefix: int = 0  # number of leading text characters set in bold
    font: str = ""  # the font of most of its letters
    font_prefix: int = 0  # number of leading text characters in the font of its first letter
    lead_font: str = ""  # that font
    band: int = 0
    kind: str = ""  # "", "furniture", "figure"
    indent_x0: float | None = None  # x0 used for indentation (drop-cap lines)
    region: int = 0  # the band of the page (full width or two columns with one gutter) it is in
    even_gaps: bool = False  # its cell gaps (tabs) are no wider than its other word gaps

    @property
    def ix0(self) -> float:
        return self.x0 if self.indent_x0 is None else self.indent_x0


# ------------------------------------------------------------------------------------------------
# 1. characters


_NUM = rb"[-+]?(?:\d+\.?\d*|\.\d+)"
_PROTECTED = re.compile(  # literal and hex strings, inline images: never touched
    rb"\((?:\\.|[^\\()]|\((?:\\.|[^\\()])*\))*\)|(?<!<)<[0-9A-Fa-f\s]*>(?!>)|\bBI\b.*?\bEI\b",
    re.S)
_STATE = (rb"(?:(?:" + _NUM + rb"\s+){6}cm|/[^\s/\[\]()<>{}%]+\s+(?:gs|cs|CS|ri)|(?:" + _NUM
          + rb"\s+){1,4}(?:rg|RG|k|K|g|G|sc|SC|scn|SCN)|" + _NUM + rb"\s+(?:w|J|j|M|i)|\[[^\]]*\]\s*"
          + _NUM + rb"\s+d)")
# One operator per line (the usual layout): cheap line-anchored patterns do most of the work.
_LINE_PATHS = re.compile(rb"\n[ \t]*(?:(?:[-+\d.]+[ \t]+){1,6}(?:[mlcvy]|re)|[hnSsfFBb]\*?|W\*?)"
                         rb"(?:[ \t]+n)?[ \t]*(?=\r?\n)")
_LINE_EMPTY_GROUP = re.compile(rb"\n[ \t]*q[ \t]*(?:\r?\n[ \t]*" + _STATE + rb"[ \t]*)*"
                               rb"\r?\n[ \t]*Q[ \t]*(?=\r?\n)")
# Any layout: the same operators between tokens.
_PATHS = re.compile(rb"(?<![^\s\]>)])(?:(?:" + _NUM + rb"\s+){1,6}(?:m|l|c|v|y|re)\b\s*"
                    rb"|(?:h|n|W\*?|S|s|f\*?|F|B\*?|b\*?)(?![^\s\[(</])\s*)+")
_EMPTY_GROUP = re.compile(rb"(?<![^\s])q\s+(?:" + _STATE + rb"\s+)*Q(?![^\s\[(</])\s*")


def _until_stable(pattern: re.Pattern[bytes], data: bytes, repl: bytes) -> bytes:
    """Substitute until nothing changes (nested empty groups disappear from the inside out)."""
    while True:
        new = pattern.sub(repl, data)
        if len(new) == len(data):
            return new
        data = new


def _strip_segment(data: bytes) -> bytes:
    """:func:`strip_paths` on a piece of a stream that holds no string or inline image."""
    data = _LINE_PATHS.sub(b"", data)
    data = _until_stable(_LINE_EMPTY_GROUP, data, b"")
    data = _PATHS.sub(b" ", data)
    return _until_stable(_EMPTY_GROUP, data, b" ")


_PATH_LINE_ENDS = (b" m", b" l", b" c", b" v", b" y", b" re")
_PATH_LINE_START = frozenset(b"-+.0123456789")
_PAINT_LINES = frozenset({b"h", b"n", b"S", b"s", b"f", b"f*", b"F", b"B", b"B*", b"b", b"b*", b"W",
                          b"W*", b"W n", b"W* n"})


def _drop_path_lines(data: bytes) -> bytes:
    """``data`` without the lines that hold exactly one path construction or painting operator
    (numbers then ``m``/``l``/``c``/``v``/``y``/``re``, or ``h``, ``S``, ``f*``, ``W n``, ...)."""
    return b"\n".join(ln for ln in data.split(b"\n")
                      if not ((ln.endswith(_PATH_LINE_ENDS) and ln[:1] and ln[0] in _PATH_LINE_START)
                              or ln in _PAINT_LINES))


def strip_paths(data: bytes) -> bytes:
    """A content stream without path construction/painting and without empty ``q ... Q`` groups.

    Text operators, strings, inline images and the graphics state that text depends on (``cm``,
    ``q``/``Q`` around text) are kept, so the characters and their positions do not change.
    """
    # Whole-line passes first, over the whole stream (one operator per line is the usual layout):
    # they shrink a figure's stream so much that the string-aware pass below only reads what is left.
    data = _drop_path_lines(data)
    data = _until_stable(_LINE_EMPTY_GROUP, data, b"")
    out = []
    pos = 0
    for m in _PROTECTED.finditer(data):
        out.append(_strip_segment(data[pos:m.start()]))
        out.append(m.group())
        pos = m.end()
    out.append(_strip_segment(data[pos:]))
    return b"".join(out)


def _is_bold_font(font: Any, patterns: Sequence[re.Pattern[str]]) -> bool:
    from pdfminer.pdftypes import resolve1

    name = str(getattr(font, "fontname", "") or "")
    if any(p.search(name) for p in patterns):
        return True
    desc = getattr(font, "descriptor", None) or {}
    try:
        weight = resolve1(desc.get("FontWeight"))
        flags = resolve1(desc.get("Flags")) or 0
    except Exception:  # noqa: BLE001 - a broken descriptor only means "not bold"
        return False
    return (isinstance(weight, (int, float)) and weight >= 600) or bool(int(flags) & (1 << 18))


def _font_kind(font: Any) -> str:
    """``"symbol"``, ``"dingbat"`` or ``""`` by the font's name (cached on the font object)."""
    kind = getattr(font, "_litmine_kind", None)
    if kind is None:
        cfg = config()
        name = str(getattr(font, "fontname", "") or "")
        kind = ("dingbat" if any(p.search(name) for p in cfg.dingbat_fonts)
                else "symbol" if any(p.search(name) for p in cfg.symbol_fonts) else "")
        try:
            font._litmine_kind = kind
        except AttributeError:  # pragma: no cover - a font class with __slots__
            pass
    return kind


def glyph_text(font_name: str, code: int, glyph_name: str | None) -> str:
    """The character of a glyph that has no Unicode mapping, or ``unmapped_glyph``.

    A glyph name that carries its code (``/C0``, ``/c15``) or a bare code in a symbol font (TeX
    cmsy, Elsevier AdvP: ``models/pdf.yaml`` ``symbol_fonts``) is read in the TeX math-symbol
    encoding (0 minus, 2 ×, 6 ±, 14 °, 15 •, 24 ∼, 25 ≈, 20 ≤, 21 ≥, 33 →).
    """
    cfg = config()
    symbol = any(p.search(font_name) for p in cfg.symbol_fonts)
    if glyph_name:
        from pdfminer.encodingdb import name2unicode

        try:
            return name2unicode(glyph_name)
        except Exception:  # noqa: BLE001 - pdfminer raises KeyError/PDFKeyError on unknown names
            pass
        m = cfg.coded_glyph_name.match(glyph_name)
        if m and symbol:
            return glyph_tables().codes.get(int(m.group(1)), cfg.unmapped_glyph)
        return cfg.unmapped_glyph
    if symbol:
        return glyph_tables().codes.get(code, cfg.unmapped_glyph)
    return cfg.unmapped_glyph


def unmapped_glyph(font: Any, cid: int) -> str:
    """:func:`glyph_text` for a pdfminer font (glyph names from its Encoding Differences)."""
    names = getattr(font, "_litmine_names", None) or {}
    return glyph_text(str(getattr(font, "fontname", "") or ""), cid, names.get(cid))


def remap_glyph(font: Any, text: str) -> str:
    """Text of a mapped glyph, corrected for symbol fonts that pdfminer misreads: dingbats read
    as ASCII (ZapfDingbats ``n`` is ■) and symbol glyphs in the private use area (U+F0xx)."""
    if len(text) != 1:
        return text
    o = ord(text)
    if text.isascii() or 0xF000 <= o <= 0xF0FF:
        kind = _font_kind(font)
        if kind == "dingbat":
            return config().dingbats.get(text, text)
        if kind == "symbol" and o >= 0xF000:
            return glyph_tables().pua.get(o - 0xF000, config().unmapped_glyph)
    return text


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # Unicode category Cc


def _char_device(rsrcmgr: Any, bold_patterns: Sequence[re.Pattern[str]]) -> Any:
    """A pdfminer device that records upright characters and ignores graphics."""
    from pdfminer.pdfdevice import PDFTextDevice
    from pdfminer.pdffont import PDFUnicodeNotDefined

    class CharDevice(PDFTextDevice):
        def __init__(self) -> None:
            super().__init__(rsrcmgr)
            self.raw: list[tuple[str, float, float, float, float, bool, str]] = []
            self._fonts: dict[int, tuple[bool, str, str]] = {}

        def render_char(self, matrix, font, fontsize, scaling, rise,  # type: ignore[no-untyped-def]
                        cid, ncs, graphicstate):
            adv = font.char_width(cid) * fontsize * scaling
            a, b, c, d, e, f = matrix
            if abs(b) > 1e-3 or abs(c) > 1e-3 or a <= 0 or d <= 0:
                return adv  # rotated or mirrored text: margins, figure axes
            info = self._fonts.get(id(font))
            if info is None:  # per font, once: bold, name, symbol/dingbat kind
                info = self._fonts[id(font)] = (_is_bold_font(font, bold_patterns),
                                                str(getattr(font, "fontname", "")),
                                                _font_kind(font))
            try:
                text = font.to_unichr(cid)
            except PDFUnicodeNotDefined:
                text = unmapped_glyph(font, cid)
            else:
                if info[2] or "\uf000" <= text <= "\uf0ff":
                    text = remap_glyph(font, text)
            if not text or _CONTROL.search(text):
                return adv
            self.raw.append((text, e, e + adv * a, f + rise * d, fontsize * d, info[0], info[1]))
            return adv

    return CharDevice()


def record_glyph_names(resources: Any, fontmap: dict[Any, Any]) -> None:
    """Keep each font's Encoding Differences (code -> glyph name) on the font object, so glyphs
    without a Unicode mapping can still be read by name (``/C0`` in an AdvP symbol font)."""
    from pdfminer.psparser import PSLiteral
    from pdfminer.pdftypes import resolve1

    try:
        fonts = resolve1((resources or {}).get("Font")) or {}
        for fid, ref in fonts.items():
            font = fontmap.get(fid)
            if font is None or hasattr(font, "_litmine_names"):
                continue
            names: dict[int, str] = {}
            enc = resolve1(resolve1(ref).get("Encoding"))
            if isinstance(enc, dict):
                code = 0
                for item in resolve1(enc.get("Differences")) or []:
                    item = resolve1(item)
                    if isinstance(item, int):
                        code = item
                    elif isinstance(item, PSLiteral):
                        names[code] = str(item.name)
                        code += 1
            try:
                font._litmine_names = names
            except AttributeError:  # pragma: no cover
                pass
    except Exception:  # noqa: BLE001 - a broken font dictionary only means "no glyph names"
        return


def _interpreter_class(min_bytes: int) -> type:
    """A pdfminer interpreter that strips paths from content streams of ``min_bytes`` or more."""
    from pdfminer.pdfinterp import PDFPageInterpreter
    from pdfminer.pdftypes import PDFStream, stream_value

    class StrippedInterpreter(PDFPageInterpreter):
        """Runs content streams through :func:`strip_paths` (Form XObjects too, via ``dup``)."""

        def init_resources(self, resources: Any) -> None:
            super().init_resources(resources)
            record_glyph_names(resources, self.fontmap)

        def execute(self, streams: Sequence[object]) -> None:
            out = []
            for obj in streams:
                s = stream_value(obj)
                data = s.get_data()
                if len(data) < min_bytes:
                    out.append(s)
                    continue
                copy = PDFStream(s.attrs, b"", None)
                copy.objid, copy.genno = s.objid, s.genno
                copy.data = strip_paths(data)
                out.append(copy)
            super().execute(out)

    return StrippedInterpreter


def _open_error(path: Path, exc: BaseException) -> PdfError:
    """A one-line :class:`PdfError` naming why pdfminer/pdfplumber could not read the file."""
    chain: list[BaseException] = []
    e: BaseException | None = exc
    while e is not None and len(chain) < 5:
        chain.append(e)
        wrapped = e.args[0] if e.args and isinstance(e.args[0], BaseException) else None
        e = e.__cause__ or e.__context__ or wrapped  # pdfplumber wraps pdfminer's exception
    names = " ".join(type(x).__name__ for x in chain)
    if "Password" in names or "Encrypt" in names:
        why = "encrypted; a password is required"
    else:
        last = chain[-1]
        why = f"corrupt or truncated: {type(last).__name__}"
        detail = str(last).splitlines()[0][:80] if str(last) else ""
        if detail:
            why += f": {detail}"
    return PdfError(f"{path}: cannot read PDF ({why})")


def extract_pages(path: Path, data: bytes, strip_min_bytes: int | None = None,
                  pages: Sequence[int] | None = None) -> list[PageChars]:
    """The characters of every page; :class:`PdfError` when the file cannot be read.

    Args:
        path: the file name, for messages.
        data: the file's bytes.
        strip_min_bytes: content streams this long lose their path operators before parsing
            (default: ``strip_min_bytes`` of ``models/pdf.yaml``).
        pages: page numbers (from 1) to read; all when None.
    """
    import pdfplumber

    if b"%PDF-" not in data[:1024]:
        raise PdfError(f"{path}: cannot read PDF (no %PDF header)")
    if b"%%EOF" not in data[-4096:]:
        raise PdfError(f"{path}: cannot read PDF (truncated: no %%EOF marker at the end)")
    cfg = config()
    interp_cls = _interpreter_class(cfg.strip_min_bytes if strip_min_bytes is None else strip_min_bytes)
    out: list[PageChars] = []
    try:
        with pdfplumber.open(io.BytesIO(data), pages=pages) as pdf:
            for page in pdf.pages:
                number = page.page_number
                device = _char_device(pdf.rsrcmgr, cfg.bold_font)
                interp_cls(pdf.rsrcmgr, device).process_page(page.page_obj)
                x0, y0, x1, y1 = page.page_obj.mediabox
                height = abs(y1 - y0)
                chars = [Char.make(t, cx0, cx1, height - cy, size, bold, font)
                         for t, cx0, cx1, cy, size, bold, font in device.raw]
                out.append(PageChars(number, abs(x1 - x0), height, chars))
    except PdfError:
        raise
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds; all mean "unreadable"
        raise _open_error(path, exc) from None
    if not out:
        raise PdfError(f"{path}: cannot read PDF (no pages)")
    if not any(any(not c.is_space for c in p.chars) for p in out):
        raise PdfError(f"{path}: no text layer (scanned PDF?); run OCR first")
    return out


# ------------------------------------------------------------------------------------------------
# 2. rows, scripts, columns, lines


def round_size(size: float, step: float) -> float:
    """``size`` rounded to a multiple of ``step`` (9.4646 -> 9.5 for a step of 0.1)."""
    return round(round(size / step) * step, 3)


def body_size(pages: Iterable[PageChars]) -> float:
    """The most common character size of the document (the body text)."""
    counts = Counter(c.rsize for p in pages for c in p.chars if not c.is_space)
    return counts.most_common(1)[0][0] if counts else 10.0


def modal_size(chars: Sequence[Char]) -> float:
    """The most common (rounded) size of the characters; the larger one on a tie."""
    counts = Counter(c.rsize for c in chars if not c.is_space)
    if not counts:
        return max((c.size for c in chars), default=1.0)
    top = max(counts.values())
    return max(s for s, n in counts.items() if n == top)


def main_baseline(chars: Sequence[Char], size: float) -> float:
    """Median baseline of the characters of about ``size`` (super/subscripts left out)."""
    core = [c.base for c in chars if not c.is_space and abs(c.size - size) <= 0.1 * size]
    return statistics.median(core or [c.base for c in chars])


def cluster_rows(chars: Sequence[Char], tolerance: float) -> list[list[Char]]:
    """Characters grouped by baseline: a row takes chars within ``tolerance`` em of its first."""
    rows: list[list[Char]] = []
    ref = size = 0.0
    for c in sorted(chars, key=lambda c: c.base):
        if rows and c.base - ref <= tolerance * max(size, c.size):
            rows[-1].append(c)
            size = max(size, c.size)
        else:
            rows.append([c])
            ref, size = c.base, c.size
    return rows


def split_drop_caps(chars: list[Char], body: float) -> tuple[list[Char], list[Char]]:
    """Separate drop caps (one big letter with no big neighbour) from the other characters."""
    ratio = config().drop_cap_ratio
    big = [c for c in chars if c.size >= ratio * body and c.text.isalpha() and len(c.text) == 1]
    caps = []
    for c in big:
        near = [o for o in chars if o is not c and o.size >= 0.7 * c.size and not o.is_space
                and abs(o.base - c.base) < c.size and min(abs(o.x0 - c.x1), abs(c.x0 - o.x1)) < c.size]
        if not near:
            caps.append(c)
    ids = {id(c) for c in caps}
    return [c for c in chars if id(c) not in ids], caps


def _runs(chars: list[Char], max_gap: float) -> list[list[Char]]:
    """Characters in x order cut where the gap exceeds ``max_gap`` em of the next character."""
    runs: list[list[Char]] = []
    for c in sorted(chars, key=lambda c: c.x0):
        if runs and c.x0 - max(o.x1 for o in runs[-1]) <= max_gap * c.size:
            runs[-1].append(c)
        else:
            runs.append([c])
    return runs


def _distance(run: list[Char], xs: list[tuple[float, float]]) -> float:
    """Horizontal distance from a run of characters to the nearest of the extents ``xs``."""
    rx0, rx1 = min(c.x0 for c in run), max(c.x1 for c in run)
    return min((max(0.0, a - rx1, rx0 - b) for a, b in xs), default=1e9)


def _within(run: list[Char], xs: list[tuple[float, float]], size: float) -> bool:
    """The run lies inside the horizontal extent of a row (a script set after a wide gap of a
    justified line still belongs to it rather than being lost)."""
    if not xs:
        return False
    mid = (min(c.x0 for c in run) + max(c.x1 for c in run)) / 2
    return min(a for a, _ in xs) - size <= mid <= max(b for _, b in xs) + size


def attach_scripts(rows: list[list[Char]]) -> list[list[Char]]:
    """Merge rows of small raised/lowered characters into the row they belong to.

    A row is *minor* when a row of clearly bigger text lies just below it (superscripts) or just
    above it (subscripts); each run of its characters joins the nearest such row that has a
    character close by horizontally, else the nearest such row it lies within horizontally (an
    exponent is not dropped for a wide gap). Runs that fit nowhere stay rows of their own.
    """
    cfg = config()
    info = []
    for r in rows:
        size = modal_size(r)
        info.append((size, main_baseline(r, size)))
    minor = set()
    for i, (size, base) in enumerate(info):
        for j, (s2, b2) in enumerate(info):
            if j != i and size <= cfg.script_size_ratio * s2 \
                    and -cfg.attach_raise_max * s2 <= base - b2 <= cfg.attach_drop_max * s2:
                minor.add(i)
                break
    out = {i: list(r) for i, r in enumerate(rows) if i not in minor}
    spans = {i: [(c.x0, c.x1) for c in r if not c.is_space and c.size >= 0.9 * info[i][0]]
             for i, r in out.items()}
    extra: list[list[Char]] = []
    for i in sorted(minor):
        for run in _runs(rows[i], cfg.script_run_gap):
            size = modal_size(run)
            base = main_baseline(run, size)
            best = None
            for j, r in out.items():
                s2, b2 = info[j]
                if size > cfg.script_size_ratio * s2:
                    continue
                if not -cfg.attach_raise_max * s2 <= base - b2 <= cfg.attach_drop_max * s2:
                    continue
                dist = _distance(run, spans[j])
                if dist > cfg.attach_gap_max * s2 and not _within(run, spans[j], s2):
                    continue
                key = (dist > cfg.attach_gap_max * s2, abs(base - b2))
                if best is None or key < best[0]:
                    best = (key, j)
            if best is None:
                extra.append(run)
            else:
                out[best[1]].extend(run)
    return list(out.values()) + extra


def _solid_extents(row: list[Char], join: float) -> list[tuple[float, float]]:
    """x-extents of a row's text, pieces closer than ``join`` merged."""
    spans = sorted((c.x0, c.x1) for c in row if not c.is_space)
    out: list[tuple[float, float]] = []
    for a, b in spans:
        if out and a - out[-1][1] < join:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def free_gaps(row: list[Char], lo: float, hi: float, min_gap: float) -> list[tuple[float, float]]:
    """Stretches of ``[lo, hi]`` at least ``min_gap`` wide where the row has no text."""
    gaps, x = [], lo
    for a, b in _solid_extents(row, min_gap):
        if b <= lo:
            continue
        if a >= hi:
            break
        if a - x >= min_gap:
            gaps.append((x, a))
        x = max(x, b)
    if hi - x >= min_gap:
        gaps.append((x, hi))
    return gaps


def _intersect(a: list[tuple[float, float]], b: list[tuple[float, float]],
               min_gap: float) -> list[tuple[float, float]]:
    out = []
    for a0, a1 in a:
        for b0, b1 in b:
            lo, hi = max(a0, b0), min(a1, b1)
            if hi - lo >= min_gap:
                out.append((lo, hi))
    return out


@dataclass
class Band:
    """Consecutive rows of a page and the gutter they all leave empty (None: full width)."""

    rows: list[list[Char]]
    gaps: list[tuple[float, float]]
    gutter: tuple[float, float] | None = None


def _two_sided(band: Band, gap: tuple[float, float], body: float) -> bool:
    """The band has enough rows on both sides of ``gap`` and one of its columns is set like
    text: its lines fill the column's width (the left column's lines end at the gutter, or the
    right column's lines end at its right edge) - the cells of a table do neither."""
    cfg = config()
    g0, g1 = gap
    lefts = [[c for c in r if not c.is_space and c.x1 <= g0 + 1] for r in band.rows]
    rights = [[c for c in r if not c.is_space and c.x0 >= g1 - 1] for r in band.rows]
    lefts, rights = [r for r in lefts if r], [r for r in rights if r]
    if min(len(lefts), len(rights)) < cfg.gutter_min_rows:
        return False
    reach = cfg.gutter_fill_em * body
    left_full = sum(1 for r in lefts if g0 - max(c.x1 for c in r) <= reach)
    edge = max(max(c.x1 for c in r) for r in rights)
    right_full = sum(1 for r in rights if edge - max(c.x1 for c in r) <= reach
                     and max(c.x1 for c in r) - min(c.x0 for c in r) >= 0.5 * (edge - g1))
    return (left_full >= cfg.gutter_fill_share * len(lefts)
            or right_full >= cfg.gutter_fill_share * len(rights))


def row_info(row: list[Char]) -> tuple[float, float, float, float]:
    """A row's size (the most common), main baseline and horizontal extent."""
    size = modal_size(row)
    solid = [c for c in row if not c.is_space] or row
    return size, main_baseline(row, size), min(c.x0 for c in solid), max(c.x1 for c in solid)


def script_rows(rows: list[list[Char]],
                info: list[tuple[float, float, float, float]] | None = None) -> set[int]:
    """Indices of rows of small characters set just above or below a row of bigger text
    (super- and subscripts): they take no part in cutting the page into bands. ``info`` is
    :func:`row_info` of every row when known."""
    cfg = config()
    if info is None:
        info = [row_info(r) for r in rows]
    order = sorted(range(len(rows)), key=lambda i: info[i][1])
    out = set()
    for k, i in enumerate(order):
        size, base, x0, x1 = info[i]
        for j in order[max(0, k - 4):k + 5]:
            s2, b2, x0b, x1b = info[j]
            if j != i and size <= cfg.script_size_ratio * s2 \
                    and x0 <= x1b + s2 and x0b - s2 <= x1 \
                    and -cfg.attach_raise_max * s2 <= base - b2 <= cfg.attach_drop_max * s2:
                out.add(i)
                break
    return out


def _survival(gaps: list[list[tuple[float, float]]], i: int,
              min_gap: float) -> tuple[int, tuple[float, float] | None]:
    """How many rows from row ``i`` on keep one of row i's empty stretches free, and the
    stretch they all leave empty."""
    best: tuple[int, tuple[float, float] | None] = (1, None)
    for g in gaps[i]:
        cur, k = [g], i + 1
        while k < len(gaps):
            nxt = _intersect(cur, gaps[k], min_gap)
            if not nxt:
                break
            cur, k = nxt, k + 1
        if k - i > best[0]:
            best = (k - i, max(cur, key=lambda x: x[1] - x[0]))
    return best


def column_bands(rows: list[list[Char]], width: float, body: float,
                 known: Sequence[tuple[float, float]] = ()) -> list[Band]:
    """The page cut top to bottom into full-width bands and two-column bands (see
    ``models/pdf.yaml``).

    From each row on, the empty stretch of the gutter window that the most following rows also
    leave empty makes a two-column band when it lasts ``gutter_min_rows`` rows and has text on both
    sides; other rows are full width, unless they leave the gutter of such a band of the page
    empty too (a few lines of two columns under a figure), or a gutter ``known`` from other pages
    (the few lines of a last page). Rows of super/subscripts and of small
    text (figure labels) join the band of the nearest row of body text.
    """
    cfg = config()
    lo, hi = cfg.gutter_window[0] * width, cfg.gutter_window[1] * width
    min_gap = cfg.gutter_min_gap * body
    rows = sorted(rows, key=lambda r: min(c.base for c in r))
    info = [row_info(r) for r in rows]
    minor = script_rows(rows, info)
    big = [r for i, r in enumerate(rows)
           if i not in minor and info[i][0] >= cfg.gutter_row_size * body]
    if not big:
        return [Band(rows, [])]
    gaps = [free_gaps(r, lo, hi, min_gap) for r in big]
    spans: list[tuple[int, int, tuple[float, float] | None]] = []
    i = 0
    while i < len(big):
        n, gap = _survival(gaps, i, min_gap)
        if n >= cfg.gutter_min_rows and gap is not None \
                and _two_sided(Band(big[i:i + n], [gap]), gap, body):
            spans.append((i, i + n, gap))
            i += n
        else:
            spans.append((i, i + 1, None))
            i += 1
    confirmed = [g for _, _, g in spans if g is not None] + list(known)
    bands: list[Band] = []
    for a, b, gap in spans:
        if gap is None:
            held = next((inter[0] for g in confirmed
                         for inter in [_intersect(gaps[a], [g], min(min_gap, g[1] - g[0]))]
                         if inter), None)
            gap = held
        last = bands[-1] if bands else None
        if last is not None and gap is None and last.gutter is None:
            last.rows.extend(big[a:b])
        elif last is not None and gap is not None and last.gutter is not None and b - a == 1 \
                and _intersect([last.gutter], [gap], min(min_gap, gap[1] - gap[0])):
            last.rows.extend(big[a:b])
        else:
            bands.append(Band(list(big[a:b]), [gap] if gap else [], gap))
    # script rows and small rows: the band of the nearest row of body text
    base_of = {id(r): inf[1] for r, inf in zip(rows, info)}
    anchors = [(base_of[id(r)], k) for k, band in enumerate(bands) for r in band.rows]
    ids = {id(r) for band in bands for r in band.rows}
    for r in rows:
        if id(r) in ids:
            continue
        base = base_of[id(r)]
        k = min(anchors, key=lambda a: abs(a[0] - base))[1]
        bands[k].rows.append(r)
    return bands


def page_rows(chars: list[Char], width: float, body: float,
              known: Sequence[tuple[float, float]] = ()) -> list[tuple[str, int, list[Char]]]:
    """Rows of a page with their column - "F" (one column / full width), "L" or "R" - and the
    index of their band (region) on the page.

    The page is cut into bands (:func:`column_bands`); in a two-column band each column is grouped
    into rows on its own, so a line never takes words, superscripts or subscripts from the other
    column even when the two columns' baselines are at the same height.
    """
    tol = config().row_tolerance

    def rows_of(part: list[Char]) -> list[list[Char]]:
        rows = attach_scripts(cluster_rows(part, tol))
        return [r for r in rows if any(not c.is_space for c in r)]

    rows = [r for r in cluster_rows(chars, tol) if any(not c.is_space for c in r)]
    out: list[tuple[str, int, list[Char]]] = []
    bands = column_bands(rows, width, body, known)
    for k, band in enumerate(bands):
        if band.gutter is not None:  # two-column bands with one gutter are one region
            k = next(i for i, b in enumerate(bands) if b.gutter is not None
                     and max(b.gutter[0], band.gutter[0]) <= min(b.gutter[1], band.gutter[1]))
        band_chars = [c for r in band.rows for c in r]
        if band.gutter is None:
            out.extend(("F", k, r) for r in rows_of(band_chars))
            continue
        centre = (band.gutter[0] + band.gutter[1]) / 2
        out.extend(("L", k, r) for r in rows_of([c for c in band_chars if (c.x0 + c.x1) / 2 < centre]))
        out.extend(("R", k, r) for r in rows_of([c for c in band_chars if (c.x0 + c.x1) / 2 >= centre]))
    return out


def _script_kind(c: Char, size: float, base: float, cfg: PdfConfig | None = None) -> str:
    """``"sup"``, ``"sub"`` or ``""`` for a character of a line of ``size`` on ``base``."""
    cfg = cfg or config()
    if c.size > cfg.script_size_ratio * size or c.is_space:
        return ""
    delta = c.base - base
    if delta <= -cfg.superscript_raise * size:
        return "sup"
    if delta >= cfg.subscript_drop * size:
        return "sub"
    return ""


def _dedupe(chars: list[Char]) -> list[Char]:
    """Sort by x (combining marks after their base letter) and drop overprinted duplicates."""
    tol = config().overprint_tolerance

    def key(c: Char) -> float:
        return (c.x0 + c.x1) / 2 if unicodedata.combining(c.text[0]) else c.x0

    out: list[Char] = []
    for c in sorted(chars, key=key):
        if out and c.text == out[-1].text and abs(c.x0 - out[-1].x0) < tol * c.size \
                and abs(c.base - out[-1].base) < tol * c.size:
            continue
        out.append(c)
    return out


def render_superscript(run: str, before: str) -> str:
    """A superscript run as text: Unicode superscripts, or ``^{...}`` for lists and letters.

    ``before`` is the text right before the run; a charge (``2+``, or ``2–`` after an element
    symbol) at the start of a run is split from citations that follow it (``Mg2+25, 21``).
    """
    cfg = config()
    s = re.sub(r"\s+", " ", run).strip()
    if not s:
        return ""
    compact = s.replace(" ", "")
    m = cfg.charge_plus.match(compact)
    if not m:
        word = re.search(r"([A-Z][a-z]?)\)?$", before)
        if word and word.group(1) in cfg.elements:
            m = cfg.charge_minus.match(compact)
    if m and m.end() < len(compact):
        return (render_superscript(compact[:m.end()], before)
                + render_superscript(compact[m.end():], before + compact[:m.end()]))
    sup = cfg.superscripts
    listed = re.sub(r"[\[\]]", "", compact)  # stray brackets printed inside a list: 58[,59
    if "," in listed and cfg.citation_list.match(listed):
        return "^{" + listed + "}"
    if all(ch in sup for ch in compact):
        return "".join(sup[ch] for ch in compact)
    return "^{" + compact + "}"


def render_subscript(run: str) -> str:
    """A subscript run: Unicode subscripts when every character has one, else the plain text."""
    sub = config().subscripts
    compact = re.sub(r"\s+", "", run)
    if compact and all(ch in sub for ch in compact) and any(ch.isdigit() for ch in compact):
        return "".join(sub[ch] for ch in compact)
    return compact


@dataclass(frozen=True)
class LineText:
    """The text of a line and what :func:`line_text` learnt about its characters."""

    text: str
    size: float  # the size of most characters
    base: float  # the baseline of the characters of that size
    font: str  # the font of most letters
    bold: float  # share of letters set bold
    bold_prefix: int  # length of the leading text set bold
    font_prefix: int  # length of the leading text set in the font of the first letter
    lead_font: str  # that font
    even_gaps: bool = False  # every word gap about as wide as the others (a justified line)


def line_text(chars: list[Char]) -> LineText:
    """Text of one line's characters: word spaces from gaps, super/subscripts rendered."""
    cfg = config()
    chars = _dedupe(chars)
    size = modal_size(chars)
    base = main_baseline(chars, size)
    groups: list[tuple[str, list[Char]]] = []
    for c in chars:
        kind = _script_kind(c, size, base, cfg)
        if groups and groups[-1][0] == kind:
            groups[-1][1].append(c)
        else:
            groups.append((kind, [c]))
    lead_font = next((c.font for c in chars if c.text.isalnum()), "")
    text = ""
    bold_prefix = font_prefix = -1
    prev: Char | None = None
    gaps: list[float] = []  # word gaps between characters of the line's size
    for kind, group in groups:
        solid = [c for c in group if not c.is_space]
        if not solid:
            text += " " if text and not text.endswith(" ") else ""
            continue
        if kind:
            gap = solid[0].x0 - prev.x1 if prev else 0.0
            spaced = prev is not None and gap > cfg.script_space_gap * size
            lead = " " if spaced and not text.endswith(" ") else ""
            body = _plain(group, group[0].size, cfg.word_gap)
            piece = render_superscript(body, text) if kind == "sup" else render_subscript(body)
            text += lead + piece
            prev = solid[-1]
            continue
        for c in group:
            if c.is_space:
                if text and not text.endswith((" ", "\t")):
                    text += " "
                continue
            if prev is not None and text and not text.endswith((" ", "\t")):
                gap = c.x0 - prev.x1
                if gap > cfg.word_gap * size:
                    gaps.append(gap)
                if gap > cfg.cell_gap * size:
                    text += "\t"
                elif gap > cfg.word_gap * size:
                    text += " "
            if bold_prefix < 0 and not c.bold and c.text.strip():
                bold_prefix = len(text.rstrip())
            if font_prefix < 0 and c.font != lead_font and c.text.isalnum():
                font_prefix = len(text.rstrip())
            text += c.text
            prev = c
    letters = [c for c in chars if c.text.isalpha()]
    bold = sum(c.bold for c in letters) / len(letters) if letters else 0.0
    font = Counter(c.font for c in letters).most_common(1)[0][0] if letters else ""
    text = unicodedata.normalize("NFC", re.sub(r" +", " ", text).strip())
    n = len(text)
    even = bool(gaps) and max(gaps) <= cfg.justified_gap_ratio * statistics.median(gaps)
    return LineText(text, size, base, font, bold, n if bold_prefix < 0 else min(bold_prefix, n),
                    n if font_prefix < 0 else min(font_prefix, n), lead_font, even)


def _plain(chars: list[Char], size: float, word_gap: float) -> str:
    """Characters in x order with a space wherever the gap exceeds ``word_gap`` em."""
    out = ""
    prev: Char | None = None
    for c in sorted(chars, key=lambda c: c.x0):
        if c.is_space:
            out += " "
            continue
        if prev is not None and c.x0 - prev.x1 > word_gap * size:
            out += " "
        out += c.text
        prev = c
    return out


def document_gutters(pages: Sequence[Sequence[Line]]) -> list[tuple[float, float]]:
    """The gutters of the document's two-column regions: the space between the ends of their
    left-column lines and the starts of their right-column lines."""
    regions: dict[tuple[int, int], tuple[float, float]] = {}
    for lines in pages:
        for ln in lines:
            if ln.col in ("L", "R"):
                g0, g1 = regions.get((ln.page, ln.region), (0.0, 1e9))
                regions[(ln.page, ln.region)] = (max(g0, ln.x1), g1) if ln.col == "L" \
                    else (g0, min(g1, ln.x0))
    return sorted({g for g in regions.values() if 0.0 < g[0] < g[1] < 1e9})


def page_lines(page: PageChars, body: float,
               known: Sequence[tuple[float, float]] = ()) -> list[Line]:
    """The lines of one page, column by column, with drop caps glued to their line."""
    chars, caps = split_drop_caps(page.chars, body)
    lines = []
    for col, region, row in page_rows(chars, page.width, body, known):
        if not any(not c.is_space for c in row):
            continue
        lt = line_text(row)
        if not lt.text:
            continue
        solid = [c for c in row if not c.is_space]
        lines.append(Line(page.number, col, min(c.x0 for c in solid), max(c.x1 for c in solid),
                          lt.base, lt.size, lt.text, lt.bold, lt.bold_prefix, lt.font,
                          font_prefix=lt.font_prefix, lead_font=lt.lead_font, region=region,
                          even_gaps=lt.even_gaps))
    for cap in caps:
        _glue_drop_cap(cap, lines, body)
    lines.sort(key=lambda ln: (ln.base, ln.x0))
    untab_justified(lines)
    return lines


def untab_justified(lines: list[Line]) -> None:
    """Loose justified lines keep word spaces, not cell gaps (tabs).

    A line of a narrow justified column whose next word did not fit (a long formula) stretches
    its few word spaces beyond ``cell_gap``. It is prose, not table cells, when its wide gaps are
    no wider than its other word gaps and it ends where a tab-free prose line of its column ends,
    one line pitch above or below it.
    """
    cfg = config()

    def prose(ln: Line) -> bool:
        return "\t" not in ln.text and len(re.findall(r"[^\W\d_]{2,}", ln.text)) >= cfg.prose_min_words

    for _ in range(2):  # a second pass reaches a loose line next to another one
        changed = False
        for ln in lines:
            if "\t" not in ln.text or not ln.even_gaps:
                continue
            if any(nb is not ln and nb.col == ln.col and nb.region == ln.region and prose(nb)
                   and 0 < abs(nb.base - ln.base) <= cfg.paragraph_gap * 1.2 * ln.size
                   and abs(nb.size - ln.size) <= cfg.size_tolerance * ln.size
                   and abs(nb.x1 - ln.x1) <= cfg.justified_edge * ln.size for nb in lines):
                ln.text = ln.text.replace("\t", " ")
                changed = True
        if not changed:
            break


def _glue_drop_cap(cap: Char, lines: list[Line], body: float) -> None:
    """Prefix the drop cap to the first line beside it; lines beside it indent from its x0."""
    beside = [ln for ln in lines if cap.x1 - 0.5 * body <= ln.x0 <= cap.x1 + 2 * body
              and cap.base - 1.1 * cap.size <= ln.base <= cap.base + 0.3 * body]
    if not beside:
        return
    beside.sort(key=lambda ln: ln.base)
    first = beside[0]
    first.text = cap.text + first.text
    if first.bold_prefix:
        first.bold_prefix += 1
    if first.font_prefix:
        first.font_prefix += 1
    for ln in beside:
        ln.indent_x0 = cap.x0


# ------------------------------------------------------------------------------------------------
# 3. furniture, figure text, reading order


@dataclass(frozen=True)
class Style:
    """The body text's size and fonts (the fonts carrying most body-sized characters)."""

    body: float
    fonts: frozenset[str]


def body_style(pages: Sequence[PageChars]) -> Style:
    """Body size (the most common size) and body fonts (each carrying >= 10 % of that text)."""
    body = body_size(pages)
    counts = Counter(c.font for p in pages for c in p.chars
                     if c.text.isalpha() and abs(c.size - body) <= 0.05 * body)
    total = sum(counts.values()) or 1
    return Style(body, frozenset(f for f, n in counts.items() if n >= 0.1 * total))


def furniture_key(text: str) -> str:
    """Text of a header/footer line with digits and spaces removed, for comparing across pages."""
    return re.sub(r"[\d\s]+", "", text.lower())


def mark_furniture(pages: list[list[Line]], heights: list[float]) -> None:
    """Mark running headers/footers, page numbers and journal furniture (``kind = "furniture"``).

    A line in the top or bottom margin band is furniture when the same text (digits ignored)
    sits in a margin band of other pages too; a short line matching one of the furniture
    patterns (page number, ``ARTICLE``, ``DOI: ...``) is furniture anywhere.
    """
    cfg = config()
    in_band = {}
    seen: dict[str, set[int]] = defaultdict(set)
    for lines, height in zip(pages, heights):
        for ln in lines:
            top, bottom = cfg.margin_band * height, (1 - cfg.margin_band) * height
            band = ln.base < top or ln.base - ln.size > bottom
            in_band[id(ln)] = band
            if band:
                for key in _furniture_keys(ln.text):
                    seen[key].add(ln.page)

    def recurs(text: str) -> bool:
        # the whole line, or each of its cells: a running head is one line with a tab on a
        # one-column page and two lines (one per column) on two-column pages
        keys = _furniture_keys(text)
        return len(seen[keys[0]]) >= cfg.furniture_min_pages or (
            len(keys) > 2 and all(len(seen[k]) >= cfg.furniture_min_pages for k in keys[1:]))

    for lines in pages:
        for ln in lines:
            short = len(ln.text.split()) <= cfg.furniture_max_words
            if short and any(p.match(ln.text) for p in cfg.furniture):
                ln.kind = "furniture"
            elif in_band[id(ln)] and (recurs(ln.text)
                                      or any(p.match(ln.text) for p in cfg.margin_furniture)):
                ln.kind = "furniture"


def _furniture_keys(text: str) -> list[str]:
    """The furniture key of a margin line, then those of its cells when it has several."""
    cells = [c for c in text.split("\t") if c.strip()]
    return [furniture_key(text)] + ([furniture_key(c) for c in cells] if len(cells) > 1 else [])


def is_heading_like(ln: Line, style: Style) -> bool:
    """A short line set bold, larger than the body, or body-sized in a font of its own."""
    cfg = config()
    text = ln.text.strip()
    words = text.split()
    if not words or len(words) > cfg.heading_max_words or not re.search(r"[^\W\d_]{3,}", text):
        return False
    if text.endswith((",", ";")) or text.count(",") > cfg.heading_max_commas:
        return False
    if ln.bold >= cfg.heading_bold_share or ln.size >= cfg.heading_size_ratio * style.body:
        return True
    return (bool(style.fonts) and ln.font not in style.fonts and not _italic(ln.font)
            and abs(ln.size - style.body) <= cfg.body_size_tolerance * style.body
            and len(words) <= cfg.font_heading_max_words and text[0].isupper()
            and ":" not in text and not ends_sentence(text)
            and bool(re.search(r"[^\W\d_]{3,}", text)))


def _italic(font: str) -> bool:
    return any(p.search(font) for p in config().italic_font)


def _is_prose(ln: Line, col_width: float) -> bool:
    cfg = config()
    if "\t" in ln.text:
        return False  # cells of a table or labels of a figure
    words = re.findall(r"[^\W\d_]{2,}", ln.text)
    return len(words) >= cfg.prose_min_words and (ln.x1 - ln.x0) >= cfg.prose_min_width * col_width


def _is_wordy(ln: Line, style: Style) -> bool:
    cfg = config()
    return (abs(ln.size - style.body) <= cfg.body_size_tolerance * style.body
            and bool(re.search(r"[^\W\d_]{2,}", ln.text)))


def column_widths(lines: list[Line]) -> dict[str, float]:
    """Width of each column kind on a page (extent of its lines)."""
    out = {}
    for col in ("L", "R", "F"):
        xs = [ln for ln in lines if ln.col == col]
        if xs:
            out[col] = max(ln.x1 for ln in xs) - min(ln.x0 for ln in xs)
    return out


def mark_figure_text(lines: list[Line], style: Style) -> None:
    """Mark labels, legends and axis ticks of figures (``kind = "figure"``).

    Lines that touch (small vertical gap, overlapping in x, similar size) form blocks; a block is
    text when it holds a prose line (several words across much of its column) or a caption start.
    In other blocks only body-sized words and heading-like lines are kept.
    """
    cfg = config()
    live = [ln for ln in lines if ln.kind == ""]
    widths = column_widths(live)
    parent = list(range(len(live)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    order = sorted(range(len(live)), key=lambda i: live[i].base)
    for k, i in enumerate(order):
        a = live[i]
        for j in order[k + 1:]:
            b = live[j]
            if b.base - a.base > cfg.block_gap * max(a.size, b.size):
                break
            if b.x0 <= a.x1 and a.x0 <= b.x1 \
                    and abs(a.size - b.size) <= cfg.block_size_tolerance * max(a.size, b.size):
                parent[find(i)] = find(j)
    groups: dict[int, list[Line]] = defaultdict(list)
    for i, ln in enumerate(live):
        groups[find(i)].append(ln)
    for group in groups.values():
        if any(_is_prose(ln, widths.get(ln.col, 1.0)) or is_caption_start(ln, style) for ln in group):
            continue
        for ln in group:
            if not (_is_wordy(ln, style) or is_heading_like(ln, style)):
                ln.kind = "figure"


def _flows_into(a: Line, b: Line) -> bool:
    """``a`` ends mid-sentence and ``b`` goes on with a lower-case word: ``b`` follows ``a``."""
    return not ends_sentence(a.text) and bool(re.match(r"[^\W\d_A-Z]", b.text)) \
        and b.text[:1].islower()


def _joins(a: Line, b: Line) -> bool:
    """Line ``b`` can follow line ``a``: mid-sentence into a lower-case word, or a finished
    sentence into a capital."""
    return _flows_into(a, b) or (ends_sentence(a.text) and b.text[:1].isupper())


def _column_first(above: list[Line], below: list[Line]) -> bool | None:
    """How two-column text above and below a wide figure is read: True when each column runs on
    under the figure (left above, left below, right above, right below), False when the text
    above is read before the text below, None when the text does not tell (the joins between
    the four pieces read equally well both ways)."""
    cap = config().caption

    def text_lines(part: list[Line], col: str) -> list[Line]:
        return [ln for ln in part if ln.col == col and not cap.match(ln.text)]

    al, ar = text_lines(above, "L"), text_lines(above, "R")
    bl, br = text_lines(below, "L"), text_lines(below, "R")
    if not (al and ar and bl):
        return None
    tail = br[:1]
    by_bands = _joins(al[-1], ar[0]) + _joins(ar[-1], bl[0]) + sum(_joins(bl[-1], x) for x in tail)
    by_columns = _joins(al[-1], bl[0]) + _joins(bl[-1], ar[0]) + sum(_joins(ar[-1], x) for x in tail)
    if by_bands == by_columns:
        return None
    return by_columns > by_bands


def _split_at_figure(band: list[Line]) -> tuple[list[Line], list[Line]] | None:
    """A two-column band cut where both columns leave the same tall empty stretch (a wide figure
    whose labels are not text): the lines above and below it, or None."""
    cfg = config()
    cols = {c: [ln for ln in band if ln.col == c] for c in ("L", "R")}
    if not cols["L"] or not cols["R"]:
        return None
    gaps = []
    for c, lines in cols.items():
        for x, y in zip(lines, lines[1:]):
            if y.base - x.base > cfg.figure_gap * max(x.size, y.size):
                gaps.append((c, x.base, y.base))
    for c1, a1, b1 in gaps:
        for c2, a2, b2 in gaps:
            if c1 == "L" and c2 == "R" and max(a1, a2) < min(b1, b2):
                top, bottom = max(a1, a2), min(b1, b2)
                above = [ln for ln in band if ln.base <= top]
                below = [ln for ln in band if ln.base >= bottom]
                if len(above) + len(below) == len(band):
                    return above, below
    return None


def reading_order(lines: list[Line]) -> list[Line]:
    """Lines of one page in reading order.

    Bands of full-width lines and of two-column text follow each other top to bottom; inside a
    two-column band the left column is read before the right one. Around a wide figure (a band of
    captions between two two-column bands, or a tall empty stretch across both columns) the text
    decides whether each column runs on under the figure (:func:`_column_first`).
    """
    live = sorted((ln for ln in lines if ln.kind == ""), key=lambda ln: (ln.base, ln.x0))
    bands: list[list[Line]] = []
    for ln in live:  # two-column regions with another gutter are other bands
        full = ln.col == "F"
        if bands and (bands[-1][0].col == "F") == full \
                and (full or bands[-1][-1].region == ln.region):
            bands[-1].append(ln)
        else:
            bands.append([ln])
    out: list[Line] = []
    i = 0
    n = 0

    def columns(band: list[Line]) -> list[Line]:
        return [ln for ln in band if ln.col == "L"] + [ln for ln in band if ln.col == "R"]

    while i < len(bands):
        band = bands[i]
        if band[0].col == "F":
            for ln in band:
                ln.band = n
            out.extend(band)
            i, n = i + 1, n + 1
            continue
        j, middle = i + 1, []
        if j < len(bands) and bands[j][0].col == "F" and config().caption.match(bands[j][0].text):
            middle, j = bands[j], j + 1  # the caption of a wide figure between the two
        if j < len(bands) and bands[j][0].col != "F" and _column_first(band, bands[j]):
            above, below = band, bands[j]
            pieces = [[ln for ln in part if ln.col == c] for c in ("L", "R")
                      for part in (above, below)] + [middle]
            for piece in pieces:
                for ln in piece:
                    ln.band = n
                out.extend(piece)
                n += 1
            i = j + 1
            continue
        split = _split_at_figure(band)
        if split:  # pieces above and below a wide figure: bands of their own
            above, below = split
            if _column_first(above, below) is False:
                pieces = [[ln for ln in above], [ln for ln in below]]
            else:
                pieces = [[ln for ln in part if ln.col == c] for c in ("L", "R")
                          for part in (above, below)]
            for piece in pieces:
                for ln in piece:
                    ln.band = n
                out.extend(columns(piece))
                n += 1
            i += 1
            continue
        for ln in band:
            ln.band = n
        out.extend(columns(band))
        i, n = i + 1, n + 1
    return out


# ------------------------------------------------------------------------------------------------
# 4. composition


@dataclass
class Geometry:
    """Per page, column and region: left/right text edges; per font size: the usual baseline pitch."""

    left: dict[tuple[int, str, int], float]
    right: dict[tuple[int, str, int], float]
    pitch: dict[float, float]

    def pitch_for(self, size: float) -> float:
        return self.pitch.get(round_size(size, config().size_step), 1.2 * size)


def geometry(lines: list[Line]) -> Geometry:
    """Column edges (robust extremes of line starts/ends) and line pitch per font size."""
    step = config().size_step
    starts: dict[tuple[int, str, int], list[float]] = defaultdict(list)
    ends: dict[tuple[int, str, int], list[float]] = defaultdict(list)
    pitches: dict[float, list[float]] = defaultdict(list)
    prev: Line | None = None
    for ln in lines:
        starts[(ln.page, ln.col, ln.region)].append(ln.ix0)
        ends[(ln.page, ln.col, ln.region)].append(ln.x1)
        if prev and (prev.page, prev.col, prev.band) == (ln.page, ln.col, ln.band) \
                and abs(prev.size - ln.size) < 0.3 and 0.8 * ln.size < ln.base - prev.base < 2 * ln.size:
            pitches[round_size(ln.size, step)].append(ln.base - prev.base)
        prev = ln

    def low(xs: list[float]) -> float:
        return sorted(xs)[len(xs) // 10]

    def high(xs: list[float]) -> float:
        return sorted(xs)[-1 - len(xs) // 10]

    return Geometry({k: low(v) for k, v in starts.items()}, {k: high(v) for k, v in ends.items()},
                    {k: statistics.median(v) for k, v in pitches.items()})


def ends_sentence(text: str, pattern: re.Pattern[str] | None = None) -> bool:
    """True when ``text`` ends with sentence punctuation (trailing citation marks ignored)."""
    cfg = config()
    core = cfg.trailing_noise.sub("", text.rstrip())
    return bool((pattern or cfg.terminal).search(core))


def is_caption_start(ln: Line, style: Style, prev: Line | None = None) -> bool:
    """A line opening a figure/table caption (``Fig. 2``, ``Table 1.``).

    The label must stand out: set bold, or in another size than the line before it (or than the
    body text when there is no line before), or be followed by ``.``/``:``/``|`` after a finished
    sentence; "Fig. 1c shows ..." inside a paragraph is no caption.
    """
    cfg = config()
    m = cfg.caption.match(ln.text)
    if not m:
        return False
    if ln.bold_prefix >= m.end() - 1:
        return True
    if prev is None:
        return ln.size < 0.95 * style.body
    if abs(ln.size - prev.size) > cfg.size_tolerance * max(ln.size, prev.size):
        return True
    return ends_sentence(prev.text) and bool(re.match(r"\s*[.:|]", ln.text[m.end():]))


def caption_label(text: str) -> str:
    """``Fig. 1 First-principles ...`` -> ``Fig. 1 | First-principles ...``.

    Nature-style labels have no punctuation after the number; the Markdown reader recognises a
    caption (and keeps it out of the paragraph it interrupts) only by ``Fig. 1.``, ``Fig. 1:`` or
    ``Fig. 1 |``, so a bar is put after a bare label.
    """
    from pipeline.ingest.markdown import layout

    m = config().caption.match(text)
    if not m or layout().caption.match(text):
        return text
    return text[:m.end()] + " |" + text[m.end():]


def vocabulary(lines: Iterable[Line]) -> set[str]:
    """Lower-case words printed anywhere (hyphenated compounds and their parts too)."""
    vocab: set[str] = set()
    for ln in lines:
        for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", ln.text.lower()):
            parts = w.split("-")
            vocab.update(parts)
            vocab.update("-".join(parts[i:j]) for i in range(len(parts))
                         for j in range(i + 2, len(parts) + 1))
    return vocab


_SUP_ASCII = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789–")


def _merge_split_marker(a: str, b: str) -> tuple[str, str] | None:
    """``…^{22,}`` + ``²³ …`` -> ``…^{22,23}`` + ``…``: a citation list broken over lines."""
    m = re.search(r"\^\{([^{}]*),\}$", a)
    if not m:
        return None
    n = re.match(r"\^\{([^{}]*)\}|([⁰¹²³⁴⁵⁶⁷⁸⁹][⁰¹²³⁴⁵⁶⁷⁸⁹⁻]*)", b)
    if not n:
        return None
    rest = n.group(1) if n.group(1) is not None else n.group(2).translate(_SUP_ASCII)
    return a[:m.start()] + "^{" + m.group(1) + "," + rest + "}", b[n.end():]


def join_lines(a: str, b: str, vocab: set[str]) -> str:
    """Join two lines of a paragraph, undoing hyphenation (``electro-`` + ``lyte``).

    The hyphen goes when the word before it is lower case and the next line starts with a lower-
    case word, unless the document prints the hyphenated form elsewhere and never the joined one,
    the next word is itself hyphenated (``all-`` + ``solid-state``) or the fragment is a prefix
    that keeps its hyphen (``self-``, ``well-``).
    """
    cfg = config()
    if not a:
        return b
    merged = _merge_split_marker(a, b)
    if merged:
        return merged[0] + merged[1]
    if a.endswith("\u00ad"):
        return a[:-1] + b
    if a.endswith(("-", "\u2010")):
        left = re.search(r"([^\W\d_]+)[-\u2010]$", a)
        right = re.match(r"[^\W\d_]+", b)
        if not (left and right and right.group().islower()):
            return a + b
        joined = (left.group(1) + right.group()).lower()
        hyphenated = f"{left.group(1)}-{right.group()}".lower()
        if joined in vocab and hyphenated not in vocab:
            return a[:-1] + b
        if not left.group(1).islower() or hyphenated in vocab or b[right.end():right.end() + 1] == "-" \
                or left.group(1).lower() in cfg.hyphen_keep_prefixes:
            return a + b
        return a[:-1] + b
    if a.endswith(("—", "–", "/")) or cfg.url_end.search(a):
        return a + b
    return a + " " + b


@dataclass
class Para:
    """A block being assembled: its kind and lines; a reference list also its finished entries."""

    kind: str  # "paragraph", "caption", "heading", "title", "references"
    lines: list[Line] = field(default_factory=list)
    entries: list[str] = field(default_factory=list)

    @property
    def last(self) -> Line:
        return self.lines[-1]


class Composer:
    """Writes the Markdown-like text of lines in reading order (see :func:`compose`).

    Captions that interrupt a paragraph (page or column break around a figure) are written after
    the paragraph ends, so the paragraph stays one block of text.
    """

    def __init__(self, lines: list[Line], style: Style) -> None:
        self.lines = lines
        self.style = style
        self.geo = geometry(lines)
        self.vocab = vocabulary(lines)
        self.blocks: list[str] = []
        self.current: Para | None = None
        self.suspended: Para | None = None
        self.floats: list[Para] = []
        self.title_done = False
        self.prev: Line | None = None
        self.in_refs = False
        self.last_ref = 0
        self.title_size = self._title_size()

    # -- output ----------------------------------------------------------------------------------

    def _title_size(self) -> float:
        if not self.lines:
            return 0.0
        first = self.lines[0].page
        sizes = [ln.size for ln in self.lines
                 if ln.page == first and re.search(r"[^\W\d_]{2,}", ln.text)]
        top = max(sizes, default=0.0)
        return top if top >= config().title_size_ratio * self.style.body else 0.0

    def _text(self, p: Para) -> str:
        text = ""
        for ln in p.lines:
            text = join_lines(text, ln.text.strip(), self.vocab)
        return text.strip()

    def _emit(self, p: Para | None) -> None:
        if p is None or not (p.lines or p.entries):
            return
        if p.kind == "references":
            entries = p.entries + ([self._text(p)] if p.lines else [])
            numbered = all(re.match(r"\d{1,4}\.\s", e) for e in entries)
            self.blocks.append(("\n" if numbered else "\n\n").join(entries))
            return
        text = self._text(p)
        if p.kind == "caption":
            text = caption_label(text)
        if p.kind == "title":
            self.blocks.append("# " + text)
        elif p.kind == "heading":
            text = heading_text(text)
            self.blocks.append(("### " if text.endswith(".") else "## ") + text)
        else:
            self.blocks.append(text)

    def _close(self) -> None:
        """Write the current block and the captions deferred after it.

        While a paragraph is suspended (a caption interrupted it), the current block is one of
        those captions: the paragraph is written first.
        """
        if self.suspended is not None:
            order = [self.suspended, *self.floats, self.current]
        else:
            order = [self.current, *self.floats]
        for p in order:
            self._emit(p)
        self.current, self.suspended, self.floats = None, None, []

    # -- geometry tests --------------------------------------------------------------------------

    def _indented(self, ln: Line) -> bool:
        left = self.geo.left.get((ln.page, ln.col, ln.region), ln.ix0)
        return ln.ix0 - left > config().indent * ln.size

    def _short_end(self, a: Line, lines: list[Line], b: Line | None = None) -> bool:
        """``a`` ends a sentence well short of the right edge of its paragraph/column."""
        cfg = config()
        if not ends_sentence(a.text, cfg.paragraph_end):
            return False
        region = (a.page, a.col, a.band)
        same = [ln.x1 for ln in lines if (ln.page, ln.col, ln.band) == region]
        if b is not None and (b.page, b.col, b.band) == region:
            same.append(b.x1)
        right = max(same) if len(same) >= 2 else self.geo.right.get((a.page, a.col, a.region), a.x1)
        return right - a.x1 > cfg.short_line * a.size

    def continues(self, p: Para, b: Line, refs: bool = False) -> bool:
        """True when line ``b`` goes on paragraph ``p``."""
        cfg = config()
        a = p.last
        if abs(a.size - b.size) > cfg.size_tolerance * max(a.size, b.size):
            return False
        gap = b.base - a.base
        if (a.page, a.band, a.col) == (b.page, b.band, b.col):
            if gap > cfg.paragraph_gap * self.geo.pitch_for(a.size):
                return False
        elif a.page == b.page and (a.col == "F") != (b.col == "F"):
            below = 0 < gap <= cfg.paragraph_gap * self.geo.pitch_for(a.size)
            if not (below and b.x0 < a.x1 and a.x0 < b.x1):
                return False
        if refs:
            return True
        if self._indented(b) and not self._indented(a) or self._short_end(a, p.lines, b):
            return False
        if self._indented(b) and len(p.lines) == 1 and ends_sentence(a.text, cfg.paragraph_end):
            return False  # a one-line paragraph filling its line; the indented next line opens one

        return not b.text.startswith(("•", "▪", "■", "●"))

    # -- line kinds ------------------------------------------------------------------------------

    def _caption(self, ln: Line) -> bool:
        return is_caption_start(ln, self.style, self.prev)

    def _run_in(self, ln: Line) -> str | None:
        """Bold words ending with a full stop that open a paragraph (``Ion diffusion.``)."""
        if self._caption(ln):
            return None
        prefix = ln.bold_prefix
        if not 0 < prefix < len(ln.text) and ln.lead_font not in self.style.fonts \
                and not _italic(ln.lead_font):
            prefix = ln.font_prefix  # run-in heading set in a heading font rather than bold
        if not 0 < prefix < len(ln.text):
            return None
        head = re.sub(r"[\s⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+$", "", ln.text[:prefix])
        head += re.match(r"[.:]?", ln.text[len(head):]).group()
        if not head.endswith((".", ":")) or len(head.split()) > config().heading_max_words \
                or not re.search(r"[^\W\d_]{3,}", head) or not ln.text[len(head):].strip():
            return None
        cur = self.current
        if cur is not None and cur.kind in ("paragraph", "caption") and self.continues(cur, ln) \
                and not ends_sentence(cur.last.text):
            return None
        return head

    def _is_heading(self, ln: Line) -> bool:
        if self.in_refs and entry_number(ln.text) is not None:
            return False
        return not self._caption(ln) and is_heading_like(ln, self.style)

    # -- main loop -------------------------------------------------------------------------------

    def run(self) -> str:
        """The text: blocks separated by blank lines, ending with a newline."""
        refs_at = headless_reference_start(self.lines)
        for i, ln in enumerate(self.lines):
            if i == refs_at and not self.in_refs:
                self._close()
                self.blocks.append("## References")
                self.in_refs, self.last_ref = True, 0
                self._reference(ln)
                self.prev = ln
                continue
            head = self._run_in(ln)
            if head is not None:
                self._close()
                self.in_refs = False
                self.blocks.append("### " + head)
                self.current = Para("paragraph", [replace(ln, text=ln.text[len(head):].strip(),
                                                          bold_prefix=0, font_prefix=0)])
            elif self._is_heading(ln) or self._continues_heading(ln):
                self._heading(ln)
            elif self.in_refs and self._reference(ln):
                pass
            else:
                self._text_line(ln)
            self.prev = ln
        self._close()
        return "\n\n".join(b for b in self.blocks if b.strip()) + "\n"

    def _continues_heading(self, ln: Line) -> bool:
        """A bold line right under an unfinished bold heading in the same font continues it,
        even when it ends with a comma or holds several (a long heading wrapped in a column)."""
        cfg = config()
        cur = self.current
        if cur is None or cur.kind != "heading" or self.in_refs or self._caption(ln):
            return False
        a = cur.last
        return ((a.page, a.col, a.region) == (ln.page, ln.col, ln.region) and a.font == ln.font
                and abs(a.size - ln.size) < 0.3 and 0 < ln.base - a.base <= 1.8 * ln.size
                and min(a.bold, ln.bold) >= cfg.heading_bold_share and not ends_sentence(a.text)
                and len(ln.text.split()) <= cfg.heading_max_words)

    def _heading(self, ln: Line) -> None:
        cfg = config()
        cur = self.current
        if cur is not None and cur.kind in ("title", "heading") and cur.last.page == ln.page \
                and abs(cur.last.size - ln.size) < 0.3 and 0 < ln.base - cur.last.base <= 1.8 * ln.size \
                and not cur.last.text.endswith("."):
            cur.lines.append(ln)
            return
        self._close()
        title = not self.title_done and self.title_size and ln.size >= 0.95 * self.title_size
        self.title_done = self.title_done or bool(title)
        self.in_refs = is_reference_heading(ln.text)
        self.last_ref = 0
        self.current = Para("title" if title else "heading", [ln])

    def _text_line(self, ln: Line) -> None:
        cur = self.current
        if cur is not None and cur.kind in ("title", "heading", "references"):
            self._close()
            cur = None
        if cur is None:
            self.current = Para("caption" if self._caption(ln) else "paragraph", [ln])
        elif not self._caption(ln) and self.continues(cur, ln):
            cur.lines.append(ln)
        else:
            self._break(ln)

    def _break(self, ln: Line) -> None:
        """``ln`` starts a new block: captions and notes in a smaller font (footnotes, the
        article history at the foot of a column) met inside an open paragraph are deferred."""
        cur = self.current
        assert cur is not None
        caption = self._caption(ln)
        new = Para("caption" if caption else "paragraph", [ln])
        note = cur.kind == "paragraph" and ln.size < config().note_size_ratio * cur.last.size
        if (caption or note) and cur.kind == "paragraph" and self.suspended is None \
                and not ends_sentence(cur.last.text):
            self.suspended, self.current = cur, new
            return
        if self.suspended is not None:
            self.floats.append(cur)
            if not caption and self.continues(self.suspended, ln):
                self.suspended.lines.append(ln)
                self.current, self.suspended = self.suspended, None
                return
            if caption:
                self.current = new
                return
            self.current = None
            self._close()
            self.current = new
            return
        self._close()
        self.current = new

    def _reference(self, ln: Line) -> bool:
        """Add ``ln`` to the reference list; False when the list has ended before it.

        A line starting with the number that follows the previous entry's starts an entry; other
        lines continue the entry, unless they are far from it (then the list is over).
        """
        cfg = config()
        cur = self.current
        if cur is not None and cur.kind in ("title", "heading"):
            self._close()
            cur = None
        if cur is None or cur.kind != "references":
            self._close()
            cur = self.current = Para("references")
        number = entry_number(ln.text)
        if number is not None and (self.last_ref == 0 or number == self.last_ref + 1):
            if cur.lines:
                cur.entries.append(self._text(cur))
            cur.lines = [replace(ln, text=plain_entry_number(ln.text))]
            self.last_ref = number
            return True
        if not cur.lines:
            if self.last_ref == 0 and not cur.entries:
                cur.lines = [ln]  # unnumbered list
                return True
            return False
        if self.continues(cur, ln, refs=True):
            cur.lines.append(ln)
            return True
        if self.last_ref:
            self.in_refs = False
            self._close()
            return False
        cur.entries.append(self._text(cur))
        cur.lines = [ln]
        return True


def heading_text(text: str) -> str:
    """A heading without its ornament (``■ REFERENCES`` -> ``REFERENCES``); a reference-list
    heading the Markdown reader would not know (``Literature Cited:``) becomes ``References``."""
    from pipeline.ingest.markdown import layout

    text = config().heading_ornament.sub("", text.strip())
    if is_reference_heading(text) and not layout().reference_heading.match(text):
        return "References"
    return text


def is_reference_heading(text: str) -> bool:
    """True for the heading of a reference list (any usual wording, ornaments ignored)."""
    cfg = config()
    return bool(cfg.reference_heading.match(cfg.heading_ornament.sub("", text.strip())))


_SUP_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def entry_number(text: str) -> int | None:
    """The number opening a reference-list entry (``(12)``, ``12.``, ``[12]``, ``¹²``), or None."""
    m = config().reference_entry.match(text)
    if not m:
        return None
    return int(m.group(1) if m.group(1) else m.group(2).translate(_SUP_DIGITS))


def plain_entry_number(text: str) -> str:
    """An entry opened by a superscript number written with plain digits (``¹² A.`` -> ``12 A.``)."""
    m = config().reference_entry.match(text)
    if m and m.group(2):
        rest = text[len(m.group(2)):].lstrip()
        return m.group(2).translate(_SUP_DIGITS) + " " + rest
    return text


def headless_reference_start(lines: list[Line]) -> int | None:
    """Index of the first entry of a reference list printed without a heading, or None.

    The list is the last run of lines opening entries numbered 1, 2, 3, ... in order (other lines
    may continue an entry) with at least ``headless_min_entries`` entries, most of them with a
    year; a reference heading before it makes the search needless. Bold lines are numbered
    section headings ("1. Introduction" ... "5. Experimental Section"), never entries.
    """
    cfg = config()
    best: tuple[int, int] | None = None
    start, expect, count, years, dated = None, 1, 0, 0, False
    for i, ln in enumerate(lines):
        if ln.kind or ln.bold >= cfg.heading_bold_share:
            continue
        n = entry_number(ln.text)
        if n == 1:
            start, expect, count, years, dated = i, 2, 1, 0, False
        elif start is not None and n == expect:
            expect, count = expect + 1, count + 1
            years, dated = years + dated, False
        elif start is None:
            continue
        dated = dated or bool(cfg.year.search(ln.text))
        if count >= cfg.headless_min_entries \
                and years + dated >= cfg.headless_year_share * count:
            best = (start, count)
    if best is None:
        return None
    if any(is_reference_heading(ln.text) for ln in lines[:best[0]]):
        return None
    return best[0]


def compose(lines: list[Line], style: Style) -> str:
    """The Markdown-like text of lines in reading order."""
    return Composer(lines, style).run()


# ------------------------------------------------------------------------------------------------
# entry point


def pdf_text(path: Path, data: bytes) -> str:
    """The Markdown-like text of a PDF (what ``text.txt`` holds).

    Raises:
        PdfError: encrypted, corrupt or truncated file, or no text layer.
    """
    pages = extract_pages(path, data)
    style = body_style(pages)
    per_page = [page_lines(p, style.body) for p in pages]
    heights = [p.height for p in pages]
    mark_furniture(per_page, heights)
    for lines in per_page:
        mark_figure_text(lines, style)
    known = document_gutters(per_page)
    redo = [k for k, lines in enumerate(per_page)
            if known and any(ln.kind == "" and ln.col == "F" and "\t" in ln.text for ln in lines)]
    for k in redo:  # text lines with a wide gap: a page too short to show its gutter
        per_page[k] = page_lines(pages[k], style.body, known)
    if redo:
        mark_furniture(per_page, heights)
        for k in redo:
            mark_figure_text(per_page[k], style)
    ordered: list[Line] = []
    for lines in per_page:
        ordered.extend(reading_order(lines))
    if not ordered:
        raise PdfError(f"{path}: no text layer (scanned PDF?); run OCR first")
    return compose(ordered, style)


def read_pdf(path: Path, data: bytes) -> tuple[str, str, list[Block], list[Section], list[Sentence]]:
    """Read a PDF into ``(text, title, blocks, sections, sentences)``.

    ``text`` is the Markdown-like text (written as ``text.txt``) that the offsets of blocks,
    sections and sentences index.

    Raises:
        PdfError: encrypted, corrupt or truncated file, or no text layer.
    """
    from pipeline.ingest.markdown import read_markdown

    text = pdf_text(Path(path), data)
    title, blocks, sections, sentences = read_markdown(text)
    return text, title, blocks, sections, sentences
