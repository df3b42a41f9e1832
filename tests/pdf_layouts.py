"""Generated test PDFs that reproduce the layouts of other publishers, each with its expected text.

Real publishers' PDFs cannot be shipped with the tests, so these builders set known text with
reportlab in the layouts the PDF reader must handle:

* :func:`acs_article` - an ACS-style paper: full-width title and abstract, a two-column body whose
  right column sits a few points lower than the left one (so a superscript exponent of the left
  column is at the height of the right column's baseline), ``■ INTRODUCTION`` headings, and a
  two-column reference list split across columns and pages, in one of several reference styles
  and under one of several headings (or none).
* :func:`symbol_font_pdf` - a hand-written PDF whose minus, × and ± come from symbol fonts without
  a ToUnicode map (an Elsevier AdvP font with ``/C0``-style glyph names, a TeX CMSY font).
* :func:`figure_page_pdf` - a page with a figure of many thousand vector paths, tick labels, a
  caption and body text.

Paragraph markup: ``^{...}`` superscript, ``_{...}`` subscript; :func:`expected` gives the text the
reader should write (Unicode super/subscripts; citation lists with a comma stay ``^{...}``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SUP = str.maketrans("0123456789−-+", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁻⁺")
SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_SEG = re.compile(r"\^\{([^{}]*)\}|_\{([^{}]*)\}|([^^_]+|[\^_])")


def expected(markup: str) -> str:
    """The reader's text for a paragraph written in the markup of this module."""

    def sup(m: re.Match[str]) -> str:
        s = m.group(1)
        return "^{" + s + "}" if "," in s else s.translate(SUP)

    out = re.sub(r"\^\{([^{}]*)\}", sup, markup)
    return re.sub(r"_\{([^{}]*)\}", lambda m: m.group(1).translate(SUB), out)


def segments(word: str) -> list[tuple[str, str]]:
    """A word of markup as (kind, text) pieces; kind is "n", "sup" or "sub"."""
    out = []
    for m in _SEG.finditer(word):
        if m.group(1) is not None:
            out.append(("sup", m.group(1)))
        elif m.group(2) is not None:
            out.append(("sub", m.group(2)))
        else:
            out.append(("n", m.group(3)))
    return out


@dataclass
class Style:
    font: str = "Times-Roman"
    bold: str = "Times-Bold"
    size: float = 9.5
    leading: float = 11.5
    script: float = 6.5
    rise: float = 3.4
    drop: float = 1.8
    indent: float = 9.0


def _word_width(word: str, st: Style, pdfmetrics) -> float:
    return sum(pdfmetrics.stringWidth(t, st.font, st.size if k == "n" else st.script)
               for k, t in segments(word))


def wrap(markup: str, width: float, st: Style, first_indent: float = 0.0) -> list[list[str]]:
    """Greedy line breaking of a paragraph into lines of words."""
    from reportlab.pdfbase import pdfmetrics

    space = pdfmetrics.stringWidth(" ", st.font, st.size)
    lines: list[list[str]] = [[]]
    used = first_indent
    for w in markup.split():
        ww = _word_width(w, st, pdfmetrics)
        if lines[-1] and used + space + ww > width:
            lines.append([w])
            used = ww
        else:
            used += (space if lines[-1] else 0.0) + ww
            lines[-1].append(w)
    return lines


def draw_line(c, x: float, y: float, words: list[str], st: Style, width: float | None,
              font: str | None = None) -> None:
    """One line; justified to ``width`` when given (word by word), else with normal spaces."""
    from reportlab.pdfbase import pdfmetrics

    font = font or st.font
    widths = [_word_width(w, st, pdfmetrics) for w in words]
    space = pdfmetrics.stringWidth(" ", font, st.size)
    if width is not None and len(words) > 1:
        space = (width - sum(widths)) / (len(words) - 1)
    for w, ww in zip(words, widths):
        t = c.beginText(x, y)
        for kind, s in segments(w):
            if kind == "n":
                t.setFont(font, st.size)
                t.setRise(0)
            else:
                t.setFont(font, st.script)
                t.setRise(st.rise if kind == "sup" else -st.drop)
            t.textOut(s)
        c.drawText(t)
        x += ww + space


class Flow:
    """Paragraphs flowed into columns of pages (top-down coordinates for the column boxes)."""

    def __init__(self, c, page_h: float, columns: list[tuple[float, float]], top: float,
                 bottom: float, st: Style, offsets: tuple[float, ...] = (), on_page=None) -> None:
        self.c, self.h, self.columns, self.top, self.bottom, self.st = c, page_h, columns, top, bottom, st
        self.offsets = offsets or tuple(0.0 for _ in columns)
        self.col = 0
        self.y = top + self.offsets[0]
        self.on_page = on_page

    def _next_column(self) -> None:
        self.col += 1
        if self.col == len(self.columns):
            self.c.showPage()
            if self.on_page:
                self.on_page()
            self.col = 0
            self.top = self.first_top
            self.bottom = self.page_bottom
        self.y = self.top + self.offsets[self.col]

    first_top = 60.0
    page_bottom = 732.0

    def _room(self) -> None:
        if self.y > self.bottom:
            self._next_column()

    def heading(self, text: str, size: float | None = None, gap: float = 6.0) -> None:
        self.y += gap
        self._room()
        x, _ = self.columns[self.col]
        self.c.setFont(self.st.bold, size or self.st.size)
        self.c.drawString(x, self.h - self.y, text)
        self.y += self.st.leading + 2

    def paragraph(self, markup: str, indent: float | None = None, hanging: float = 0.0,
                  gap: float = 0.0) -> None:
        st = self.st
        indent = st.indent if indent is None else indent
        x0, width = self.columns[self.col]
        lines = wrap(markup, width - hanging, st, indent)
        self.y += gap
        for i, words in enumerate(lines):
            self._room()
            x0, width = self.columns[self.col]
            dx = indent if i == 0 else hanging
            last = i == len(lines) - 1
            draw_line(self.c, x0 + dx, self.h - self.y, words, st, None if last else width - dx)
            self.y += st.leading


# ------------------------------------------------------------------------------------------------
# an ACS-style article


TITLE = "Thin-Film Lithium Thiophosphate Electrolytes with Fast Ion Transport"
ABSTRACT = ("ABSTRACT: Thin films of lithium thiophosphate were grown by pulsed laser deposition "
            "and reach a high ionic conductivity of 2.1 × 10^{−4} S cm^{−1} at 25 °C. The films "
            "are amorphous, dense and stable against lithium metal over 500 cycles. Impedance "
            "spectroscopy between 25 and 100 °C gives an activation energy of 0.38 eV for the "
            "bulk transport.")
BODY = [
    ("INTRODUCTION", [
        "All-solid-state batteries replace the flammable liquid electrolyte by a solid ion "
        "conductor.^{1,2} Sulfide electrolytes such as Li_{10}GeP_{2}S_{12} show a high ionic "
        "conductivity (>10^{−3} S cm^{−1} at room temperature) and are soft enough to be cold "
        "pressed into dense pellets.^{3} Their stability window is narrow, however, and thin "
        "protective films are needed at both electrodes.^{4−6}",
        "Thin films of Li_{3}PS_{4} have been prepared by sputtering and by evaporation, with "
        "conductivities between 10^{−6} and 10^{−5} S cm^{−1} at 25 °C.^{7,8} Here we show that "
        "pulsed laser deposition gives dense amorphous films with an activation energy of 0.38 eV "
        "and a conductivity of 2.1 × 10^{−4} S cm^{−1} at 25 °C, considerably higher than "
        "that of earlier films.^{9}",
    ]),
    ("EXPERIMENTAL SECTION", [
        "Targets were pressed from ball-milled Li_{2}S and P_{2}S_{5} powders in a molar ratio of "
        "3:1 and sintered at 250 °C. Films of 300 nm were deposited on heated substrates in an "
        "argon background pressure of 0.1 Pa with a fluence of 2 J cm^{−2} at 10 Hz.^{10}",
        "Impedance spectra were recorded between 1 MHz and 0.1 Hz on films with blocking gold "
        "electrodes from 25 to 100 °C. The conductivity follows the Arrhenius law with a "
        "prefactor of 10^{3} S cm^{−1} K and no change of slope over the whole range.^{11,12}",
    ]),
    ("RESULTS AND DISCUSSION", [
        "The films are amorphous in X-ray diffraction and show the PS_{4}^{3−} stretching band "
        "at 420 cm^{−1} in Raman spectra. Their density is 97% of that of the crystalline "
        "phase. The total conductivity of 2.1 × 10^{−4} S cm^{−1} at 25 °C is ten times higher "
        "than that of sputtered films, and the electronic conductivity is below 10^{−9} S "
        "cm^{−1}.^{13−15}",
        "Symmetric Li|Li_{3}PS_{4}|Li cells cycle at 0.1 mA cm^{−2} for 500 cycles without short "
        "circuit. The interfacial resistance grows from 40 to 65 ohm cm^{2} during the first ten "
        "cycles and then stays constant, which we attribute to a passivating Li_{2}S and Li_{3}P "
        "interphase.^{16,17}",
        "The activation energy of 0.38 eV is close to that of glassy Li_{3}PS_{4} and lower than "
        "that of the crystalline beta phase.^{18} Dense films of a few hundred nanometres therefore "
        "offer an area specific resistance low enough for thin-film batteries.^{19,20}",
        "Full cells with a LiCoO_{2} cathode, a lithium anode and a 300 nm film deliver 128 mAh "
        "g^{−1} at 0.1 C and keep 91% of this capacity after 200 cycles. The coulombic efficiency "
        "exceeds 99.5% after the third cycle, and the cell voltage curves do not change shape, "
        "so that no side reaction consumes lithium at the cathode interface.^{21}",
    ]),
    ("STABILITY AGAINST LITHIUM METAL", [
        "Lithium was evaporated on top of the films in the deposition chamber so that no air "
        "reached the interface. X-ray photoelectron spectra taken through the lithium layer "
        "show Li_{2}S and Li_{3}P as the only reduction products, and their amount does not grow "
        "after the first day of storage at room temperature. The interphase is thus thin, "
        "electronically insulating and self-limiting, as expected for a passivating layer.^{25}",
        "Impedance spectra of Li|film|Li cells confirm this picture. A second semicircle "
        "appears at low frequency after the lithium deposition and stops growing after ten "
        "hours; its capacitance of 10^{−6} F cm^{−2} points to a layer of a few nanometres. "
        "Critical current densities of 1.2 mA cm^{−2} were reached before the cells failed, "
        "higher than for pellets of the same composition, which we relate to the absence of "
        "grain boundaries and pores in which lithium filaments could grow.^{26,27}",
        "Films stored for four weeks in an argon glovebox with less than 0.1 ppm of water keep "
        "their conductivity within 5%. Exposure to dry air with a dew point of 233 K lowers the "
        "conductivity by a factor of two within one hour, so that the films must be protected "
        "during the assembly of cells; a thin lithium phosphate cap layer of 20 nm removes this "
        "sensitivity without adding a measurable resistance.^{28}",
    ]),
    ("CONCLUSIONS", [
        "Pulsed laser deposition yields dense amorphous Li_{3}PS_{4} films with a conductivity of "
        "2.1 × 10^{−4} S cm^{−1} at 25 °C and an activation energy of 0.38 eV. The films are "
        "stable against lithium metal and LiCoO_{2}, and thin-film cells cycle for 200 cycles "
        "with little loss of capacity. Their low area specific resistance makes them candidates "
        "for protective interlayers in bulk all-solid-state batteries as well.^{22−24}",
        "Further work will address the growth of films on rough composite cathodes, the effect "
        "of moisture during the transfer of the films and the scale-up of the deposition to "
        "large substrates, which decide whether such films can be used in practical cells.",
    ]),
]

AUTHORS = ["Zhang", "Müller", "Okafor", "Larsen", "Silva", "Kowalski", "Tanaka", "Dubois",
           "Novak", "Rossi", "Ivanova", "Haddad"]
JOURNALS = [("Chem. Mater.", "Chemistry of Materials"), ("J. Am. Chem. Soc.", "Journal"),
            ("ACS Energy Lett.", "Letters"), ("Phys. Rev. B: Condens. Matter Mater. Phys.", "PRB"),
            ("J. Power Sources", "JPS"), ("Solid State Ionics", "SSI")]
TITLES = ["Lithium superionic conductors for all-solid-state batteries",
          "Interfacial stability of sulfide electrolytes against lithium metal anodes",
          "Thin-film electrolytes by pulsed laser deposition",
          "Amorphous thiophosphates with high ionic conductivity"]
N_REFS = 28


def reference(n: int, style: str, with_title: bool) -> str:
    """Reference ``n`` as printed in ``style`` (acs, nature, elsevier, wiley, rsc)."""
    a, b = AUTHORS[n % len(AUTHORS)], AUTHORS[(3 * n + 1) % len(AUTHORS)]
    journal = JOURNALS[n % len(JOURNALS)][0]
    year, vol, page = 2000 + n % 23, 10 + n, 100 + 7 * n
    title = TITLES[n % len(TITLES)] if with_title else ""
    if style == "acs":
        body = f"{a}, A.; {b}, B.; Lee, C. " + (f"{title}. " if title else "") \
            + f"{journal} {year}, {vol}, {page}–{page + 9}."
        return f"({n}) {body}"
    if style == "nature":
        return f"{n}. {a}, A., {b}, B. & Lee, C. " + (f"{title}. " if title else "") \
            + f"{journal} {vol}, {page}–{page + 9} ({year})."
    if style in ("elsevier", "wiley"):
        return f"[{n}] A. {a}, B. {b}, C. Lee, " + (f"{title}, " if title else "") \
            + f"{journal} {vol} ({year}) {page}–{page + 9}."
    if style == "rsc":
        return f"{n} A. {a}, B. {b} and C. Lee, " + (f"{title}, " if title else "") \
            + f"{journal}, {year}, {vol}, {page}–{page + 9}."
    raise ValueError(style)


@dataclass
class Article:
    path: Path
    title: str
    abstract: str
    paragraphs: list[str]  # expected text of every body paragraph, in order
    headings: list[str]
    references: list[str]  # expected entries, in order


FOOTNOTE = ["Received: March 3, 2024; revised manuscript received in its final form on May 2,",
            "2024; published as an article in this issue of the journal on May 20, 2024."]


def acs_article(path: Path, ref_style: str = "acs", heading: str | None = "■ REFERENCES",
                with_title: bool = True, n_refs: int = N_REFS, footnote: bool = False) -> Article:
    """An ACS-style two-column article (see the module docstring); returns what it holds."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=letter)
    w, h = letter
    margin, gutter = 50.0, 14.0
    colw = (w - 2 * margin - gutter) / 2
    cols = [(margin, colw), (margin + colw + gutter, colw)]
    page = [1]

    def furniture() -> None:
        c.setFont("Times-Roman", 7)
        c.drawString(margin, h - 30, "Chem. Test. 2024, 36, 1234−1240")
        c.drawString(w - margin - 40, h - 30, "Article")
        c.drawString(w / 2 - 10, 28, f"{1233 + page[0]}")
        page[0] += 1

    furniture()
    c.setFont("Helvetica-Bold", 15)
    c.drawString(margin, h - 70, TITLE)
    c.setFont("Helvetica", 9)
    c.drawString(margin, h - 90, "Wei Zhang, Anna Müller and Chidi Okafor")
    st = Style()
    wide = Flow(c, h, [(margin, w - 2 * margin)], 115, h - 60, st)
    wide.paragraph(ABSTRACT, indent=0)
    body_top = wide.y + 14
    # the first page's columns end half-way down (a footnote area below), so body text of both
    # columns stands at the same heights; the right column is 3.4 pt lower than the left one
    flow = Flow(c, h, cols, body_top, 462, st, offsets=(0.0, st.rise), on_page=furniture)
    flow.first_top, flow.page_bottom = 60.0, h - 60
    if footnote:  # the foot of the first page's left column, under the body text
        c.setFont("Times-Roman", 7)
        for i, note in enumerate(FOOTNOTE):
            c.drawString(margin, h - 480 - 8.5 * i, note)
    paragraphs, headings = [], []
    for head, paras in BODY:
        flow.heading("■ " + head, gap=4.0)
        headings.append(head)
        for i, p in enumerate(paras):
            flow.paragraph(p)
            paragraphs.append(expected(p))
    refs = [reference(n, ref_style, with_title) for n in range(1, n_refs + 1)]
    if heading:
        flow.heading(heading, gap=8.0)
    rst = Style(size=7.5, leading=9.0, script=5.5, indent=0.0)
    flow.st = rst
    for r in refs:
        flow.paragraph(r, indent=0.0, hanging=0.0 if ref_style in ("elsevier", "wiley") else 9.0,
                       gap=1.0)
    c.showPage()
    c.save()
    return Article(path, TITLE, expected(ABSTRACT), paragraphs, headings, refs)


# ------------------------------------------------------------------------------------------------
# symbol fonts without ToUnicode, written by hand


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF file of ``objects`` (object 1 is the catalog) with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def _descriptor(name: bytes) -> bytes:
    return (b"<< /Type /FontDescriptor /FontName /" + name + b" /Flags 4 /FontBBox [0 -250 1000 750]"
            b" /ItalicAngle 0 /Ascent 750 /Descent -250 /CapHeight 700 /StemV 80 >>")


def _esc(s: str) -> bytes:
    return s.encode("latin-1").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


SYMBOL_LINES = [
    # (text as drawn: list of (font, size, rise, string)), expected text
    ([("F1", 10, 0, "The films conduct with 4.6 "), ("F2", 10, 0, "\x02"), ("F1", 10, 0, " 10"),
      ("F2", 7, 4, "\x00"), ("F1", 7, 4, "4"), ("F1", 10, 0, " S cm"), ("F2", 7, 4, "\x00"),
      ("F1", 7, 4, "1"), ("F1", 10, 0, " at 25 "), ("F2", 10, 0, "\x0e"), ("F1", 10, 0, "C and")],
     "The films conduct with 4.6 × 10⁻⁴ S cm⁻¹ at 25 °C and"),
    ([("F1", 10, 0, "an activation energy of 0.41 "), ("F3", 10, 0, "\x06"),
      ("F1", 10, 0, " 0.02 eV between "), ("F3", 10, 0, "\x00"), ("F1", 10, 0, "20 and 80 "),
      ("F2", 10, 0, "\x0e"), ("F1", 10, 0, "C, with x "), ("F3", 10, 0, "\x19"),
      ("F1", 10, 0, " 0.5 and y "), ("F3", 10, 0, "\x14"), ("F1", 10, 0, " 1.")],
     "an activation energy of 0.41 ± 0.02 eV between −20 and 80 °C, with x ≈ 0.5 and y ≤ 1."),
]


def symbol_font_pdf(path: Path) -> tuple[Path, list[str]]:
    """One page whose symbols come from an AdvP font (``/C0`` glyph names, no ToUnicode) and a
    TeX CMSY font (no encoding, no ToUnicode); returns the path and the expected lines."""
    ops = [b"BT"]
    y = 700
    for parts, _ in SYMBOL_LINES:
        x = 72.0
        for font, size, rise, s in parts:
            ops.append(b"/%s %d Tf %d Ts 1 0 0 1 %.2f %d Tm (%s) Tj"
                       % (font.encode(), size, rise, x, y, _esc(s)))
            x += 0.6 * size * len(s) if font == "F1" else 0.78 * size
        y -= 14
    ops.append(b"ET")
    content = b"\n".join(ops)
    widths = b"[" + b" ".join([b"780"] * 34) + b"]"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R /F2 6 0 R /F3 7 0 R >> >> >>",
        _stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /ABCDEF+AdvP4C4E74 /FirstChar 0 /LastChar 33 "
        b"/Widths " + widths + b" /FontDescriptor 8 0 R /Encoding << /Type /Encoding /Differences "
        b"[0 /C0 2 /C2 6 /C6 14 /C14 15 /C15 20 /C20 21 /C21 24 /C24 25 /C25 33 /C33] >> >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /GHIJKL+CMSY10 /FirstChar 0 /LastChar 33 "
        b"/Widths " + widths + b" /FontDescriptor 9 0 R >>",
        _descriptor(b"ABCDEF+AdvP4C4E74"),
        _descriptor(b"GHIJKL+CMSY10"),
    ]
    path.write_bytes(_pdf(objects))
    return path, [e for _, e in SYMBOL_LINES]


# ------------------------------------------------------------------------------------------------
# a figure of many vector paths


FIGURE_BODY = [
    "The conductivity of the films rises with the substrate temperature during growth and "
    "reaches 2.1 × 10^{−4} S cm^{−1} for films grown at 200 °C, as the density of the films "
    "increases and the grain boundaries close.",
    "Films grown at room temperature are porous and conduct ten times less. The activation "
    "energy does not change with the growth temperature and stays at 0.38 eV for all films.",
]
FIGURE_CAPTION = ("Figure 2. Conductivity of the films at 25 °C against the substrate "
                  "temperature during growth.")


def figure_page_pdf(path: Path, curves: int = 12000) -> tuple[Path, list[str], str]:
    """A page with a figure of ``curves`` vector paths (a content stream of several hundred kB),
    axis tick labels and a caption over a paragraph of body text; then a second text page."""
    import random

    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    rnd = random.Random(7)
    c = canvas.Canvas(str(path), pagesize=letter)
    w, h = letter
    st = Style(size=10, leading=12.5)
    x0, y0, fw, fh = 120, h - 380, 360, 280
    c.setLineWidth(0.3)
    for _ in range(curves):
        x, y = x0 + rnd.random() * fw, y0 + rnd.random() * fh
        c.bezier(x, y, x + 3, y + 2, x + 5, y - 2, x + 8, y + 1)
    c.rect(x0, y0, fw, fh)
    c.setFont("Helvetica", 7)
    for i in range(6):
        c.drawString(x0 - 18, y0 + i * fh / 5 - 2, f"10{-7 + i}")
        c.drawString(x0 + i * fw / 5 - 6, y0 - 10, f"{50 * i}")
    c.drawString(x0 + fw / 2 - 30, y0 - 22, "T (°C)")
    flow = Flow(c, h, [(72, w - 144)], h - y0 + 36, h - 60, Style(size=8.5, leading=10.5))
    flow.paragraph(FIGURE_CAPTION, indent=0)
    flow.st = st
    flow.y += 10
    for p in FIGURE_BODY:
        flow.paragraph(p)
    c.showPage()
    c.save()
    return path, [expected(p) for p in FIGURE_BODY], FIGURE_CAPTION


# ------------------------------------------------------------------------------------------------
# a wide figure in the middle of two-column text


WIDE_TEXT = [
    "The garnet pellets were sintered in covered alumina crucibles under mother powder to limit "
    "the loss of lithium at high temperature, and their relative density was measured by the "
    "Archimedes method in dry toluene after polishing both faces with silicon carbide paper. "
    "Pellets sintered for twelve hours reach a density of ninety six percent and show no second "
    "phase in diffraction, while shorter treatments leave a porous network between the grains "
    "that lowers the total conductivity and favours the growth of lithium filaments along the "
    "grain boundaries during plating at high current density in symmetric cells with lithium "
    "metal electrodes on both faces of the pellet and a thin gold interlayer between them.",
    "The impedance of the pellets was measured between seven megahertz and one hertz with "
    "sputtered gold electrodes, and the spectra were fitted with two parallel resistor and "
    "constant phase elements for the bulk and the grain boundaries of the ceramic. The bulk "
    "contribution dominates above room temperature, whereas the grain boundary arc grows at low "
    "temperature and for pellets with a lower density, so that the total resistance of porous "
    "pellets is up to three times that of dense pellets at the same temperature and thickness "
    "under the same conditions of measurement in the dry argon atmosphere of the glovebox used "
    "for the whole series of experiments reported in this section of the present work.",
]
WIDE_CAPTION = "Figure 3. Impedance spectra of dense and porous garnet pellets at 25 °C."


def wide_figure_pdf(path: Path, order: str = "bands", caption: bool = True) -> tuple[Path, list[str]]:
    """Two-column text above and below a full-width figure of vector paths and small labels
    (with a caption unless ``caption`` is False). ``order`` is how the text flows: "bands" (left
    then right column above the figure, then below it) or "columns" (each column runs on under
    the figure). Returns the path and the expected paragraphs."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=letter)
    w, h = letter
    st = Style(size=10, leading=12.5)
    margin, gutter = 54.0, 18.0
    colw = (w - 2 * margin - gutter) / 2
    xl, xr = margin, margin + colw + gutter
    upper, lower = (72.0, 72.0 + 8 * st.leading), (440.0, 440.0 + 8 * st.leading)
    boxes = {"UL": (xl, upper), "UR": (xr, upper), "LL": (xl, lower), "LR": (xr, lower)}
    seq = ["UL", "UR", "LL", "LR"] if order == "bands" else ["UL", "LL", "UR", "LR"]
    k, y = 0, boxes[seq[0]][1][0]
    for pi, p in enumerate(WIDE_TEXT):
        if pi:  # the second paragraph opens the third piece: the joins tell the order
            k, y = 2, boxes[seq[2]][1][0]
        lines = wrap(p, colw, st, st.indent)
        for i, words in enumerate(lines):
            if y >= boxes[seq[k]][1][1]:
                k += 1
                y = boxes[seq[k]][1][0]
            x = boxes[seq[k]][0]
            dx = st.indent if i == 0 else 0.0
            last = i == len(lines) - 1
            draw_line(c, x + dx, h - y, words, st, None if last else colw - dx)
            y += st.leading
    # the figure: curves and labels across both columns
    top = upper[1] + 10
    c.setLineWidth(0.4)
    for j in range(400):
        x0 = margin + (j % 40) * (w - 2 * margin) / 40
        y0 = h - top - 10 - (j // 40) * 13
        c.bezier(x0, y0, x0 + 4, y0 + 6, x0 + 8, y0 - 6, x0 + 12, y0)
    c.setFont("Helvetica", 6)
    for j in range(8):
        c.drawString(margin + j * (w - 2 * margin) / 8, h - top - 150, f"{j * 50}")
    c.drawString(w / 2 - 20, h - top - 160, "Z' (ohm cm)")
    if caption:
        c.setFont("Times-Roman", 8)
        c.drawString(margin, h - (lower[0] - 22), WIDE_CAPTION)
    c.showPage()
    c.save()
    return path, list(WIDE_TEXT)


# ------------------------------------------------------------------------------------------------
# an Elsevier-style first page: a narrow "article info" column beside the abstract, and a table


ELS_ABSTRACT = ("Sodium closo-borate electrolytes combine a high ionic conductivity with a wide "
                "stability window. We report a mixed-anion phase that keeps its disordered "
                "high-temperature structure down to room temperature and conducts sodium ions "
                "with 4.1 × 10^{−3} S cm^{−1} at 25 °C and an activation energy of 0.25 eV. "
                "Symmetric cells cycle for 300 hours at 0.2 mA cm^{−2} without short circuit, "
                "and full cells with a layered oxide cathode keep 90% of their capacity after "
                "100 cycles at room temperature.")
ELS_KEYWORDS = ["Keywords:", "Solid electrolyte", "closo-Borate", "Sodium battery",
                "Ionic conductivity", "Disorder", "Interface"]
ELS_BODY = [
    "Sodium batteries are attractive for stationary storage because sodium is abundant and "
    "cheap. Solid electrolytes could make them safer, but few sodium conductors combine a high "
    "conductivity with a low density and mechanical softness. The closo-borates are an exception: "
    "their large cage anions rotate in the disordered phases and open wide pathways for the "
    "cations between the cages.^{1,2}",
    "The disordered phases are usually stable only above room temperature. Mixing anions of "
    "different size frustrates the ordering of the cages, and several mixed-anion phases keep "
    "the disorder down to room temperature, with conductivities above 10^{−3} S cm^{−1}.^{3−5} "
    "Here we describe such a phase and its behaviour in sodium cells with an oxide cathode.",
]
TABLE = [("Sample", "σ (S cm−1)", "Ea (eV)", "Density (%)"),
         ("A", "4.1e-3", "0.25", "96"), ("B", "2.0e-3", "0.28", "94"),
         ("C", "8.5e-4", "0.31", "91"), ("D", "3.2e-4", "0.35", "88"),
         ("E", "1.1e-4", "0.39", "85"), ("F", "6.0e-5", "0.42", "83")]


def elsevier_first_page(path: Path) -> tuple[Path, str, list[str], list[str]]:
    """Title, a narrow keyword column beside a prose abstract, a two-column body and a table of
    four columns under it; returns the path, the abstract, the body paragraphs and the keywords."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    w, h = A4
    st = Style(size=9, leading=11)
    margin = 40.0
    c.setFont("Times-Bold", 16)
    c.drawString(margin, h - 80, "A mixed-anion sodium closo-borate electrolyte")
    info_w, gap = 140.0, 16.0
    y = 120.0
    c.setFont("Times-Roman", 8)
    for k in ELS_KEYWORDS:
        c.drawString(margin, h - y, k)
        y += 10
    absx, absw = margin + info_w + gap, w - 2 * margin - info_w - gap
    flow = Flow(c, h, [(absx, absw)], 120.0, h - 60, st)
    flow.paragraph(ELS_ABSTRACT, indent=0)
    top = max(flow.y, y) + 24
    colw = (w - 2 * margin - 18) / 2
    body = Flow(c, h, [(margin, colw), (margin + colw + 18, colw)], top, top + 8 * st.leading, st)
    for p in ELS_BODY:
        body.paragraph(p)
    ty = top + 8 * st.leading + 40
    c.setFont("Times-Roman", 8)
    xs = [margin, margin + 120, margin + 260, margin + 400]
    for i, row in enumerate(TABLE):
        for x, cell in zip(xs, row):
            c.drawString(x, h - ty - i * 11, cell)
    c.showPage()
    c.save()
    return path, expected(ELS_ABSTRACT), [expected(p) for p in ELS_BODY], ELS_KEYWORDS


# ------------------------------------------------------------------------------------------------
# a last page with only a few lines in each column


SHORT_LAST = [
    "The last entries of the list continue on the final page of the article and are set in "
    "two short columns that share their baselines with each other.",
    "A second paragraph fills the right column of that page with three lines of text so "
    "that no column is long enough to show its gutter on its own page.",
]


def short_last_page_pdf(path: Path) -> tuple[Path, list[str]]:
    """Page 1: two full columns; page 2: three lines in each column on the same baselines.
    Returns the path and page 2's two paragraphs (left column, then right column)."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=letter)
    w, h = letter
    st = Style(size=10, leading=12.5)
    margin, gutter = 54.0, 18.0
    colw = (w - 2 * margin - gutter) / 2
    cols = [(margin, colw), (margin + colw + gutter, colw)]
    flow = Flow(c, h, cols, 72, 72 + 20 * st.leading, st)
    for p in WIDE_TEXT * 2:
        flow.paragraph(p)
    c.showPage()
    for (x, width), p in zip(cols, SHORT_LAST):
        lines = wrap(p, width, st, st.indent)
        for i, words in enumerate(lines):
            last = i == len(lines) - 1
            dx = st.indent if i == 0 else 0.0
            draw_line(c, x + dx, h - 72 - i * st.leading, words, st, None if last else width - dx)
    c.showPage()
    c.save()
    return path, list(SHORT_LAST)


# ------------------------------------------------------------------------------------------------
# a journal article whose text strains the layout: loose justified lines, a heading wrapped over
# two lines, a running head split by the gutter, and a last page with text in its left column only


LOOSE_BODY = [
    "Composite electrolytes combine a soft polymer with a ceramic filler, and the ions move "
    "along the interfaces between the two phases rather than through either of them.",
    "Films of the composite Li_{6.4}La_{3}Zr_{1.4}Ta_{0.6}O_{12}-poly(vinylidene-fluoride) "
    "reach a conductivity of 5 × 10^{−4} S cm^{−1} at 25 °C, five times more than the polymer "
    "alone. They stay intact for the first hundred cycles, and the resistance of the symmetric "
    "cells grows by less than ten percent over that period.",
]
WRAPPED_HEADING = ("Transport in the Sodium, Potassium and", "Lithium Salts, Their Hydrates, and Solvates")
WRAPPED_BODY = ("The hydrates of the three salts lose their water below 150 °C and conduct ions only "
                "after drying, with an activation energy of 0.45 eV for the sodium salt.")
LAST_PAGE = [reference(n, "rsc", True) for n in range(1, 6)]


def strained_article_pdf(path: Path) -> tuple[Path, list[str], str, str]:
    """Page 1: a running head (journal left, "Article" right: one row cut in two by the gutter),
    two justified columns; a paragraph whose long formula leaves the line before it with a few
    stretched word spaces wider than a table's cell gap; a bold heading wrapped over two lines
    (the second with two commas). Page 2: the same running head and the end of the reference list
    in small type in the left column only. Returns the path, the body paragraphs, the heading and
    the entries of page 2."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=letter)
    w, h = letter
    st = Style(size=9.5, leading=11.5)
    margin, gutter = 50.0, 14.0
    colw = (w - 2 * margin - gutter) / 2
    cols = [(margin, colw), (margin + colw + gutter, colw)]

    def furniture(n: int) -> None:
        c.setFont("Times-Roman", 7)
        c.drawString(margin, h - 30, "J. Test. Mater. 2025, 12, 345−360")
        c.drawRightString(w - margin, h - 30, "Article")
        c.drawCentredString(w / 2, 28, f"{344 + n}")

    furniture(1)
    flow = Flow(c, h, cols, 60, h - 60, st)  # body close under the head: one band with it
    for p in LOOSE_BODY:
        flow.paragraph(p)
    flow.y += 6
    c.setFont(st.bold, st.size)
    for line in WRAPPED_HEADING:
        c.drawString(flow.columns[flow.col][0], h - flow.y, line)
        flow.y += st.leading
    flow.y += 2
    flow.paragraph(WRAPPED_BODY)
    for p in WIDE_TEXT * 3:  # enough text to fill both columns of the page
        flow.paragraph(p)
    c.showPage()
    furniture(2)
    last = Flow(c, h, [cols[0]], 60, h - 60, Style(size=7.5, leading=9.0, script=5.5, indent=0.0))
    last.heading("References", size=9.5)
    for r in LAST_PAGE:
        last.paragraph(r, indent=0.0, hanging=9.0, gap=1.0)
    c.showPage()
    c.save()
    return (path, [expected(p) for p in LOOSE_BODY + [WRAPPED_BODY]], " ".join(WRAPPED_HEADING),
            list(LAST_PAGE))


NUMBERED_SECTIONS = [
    ("1. Introduction", "Sodium closo-borates were first studied as ion conductors in 2014, when "
     "the disordered phase of the dodecaborate was found to conduct above 250 °C."),
    ("2. Results", "The mixed-anion phase made in 2019 keeps the disordered structure down to "
     "room temperature and conducts with 4 × 10^{−3} S cm^{−1} at 25 °C."),
    ("3. Discussion", "As in the lithium analogues reported in 2017, the rotation of the cage "
     "anions opens the pathways of the cations between the cages."),
    ("4. Conclusions", "The phase is a candidate electrolyte for sodium batteries, as proposed "
     "for closo-borates in 2016, and is stable against sodium metal."),
    ("5. Experimental Section", "Samples were ball milled as described in 2015 and pressed into "
     "pellets of 6 mm diameter for impedance spectroscopy."),
]


def numbered_sections_pdf(path: Path) -> tuple[Path, list[str], list[str]]:
    """Bold numbered section headings ("1. Introduction" ... "5. Experimental Section"), each
    followed by a paragraph that names a year, and no reference list: the headings are no
    headless reference list. Returns the path, the headings and the paragraphs."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=letter)
    w, h = letter
    st = Style(size=10, leading=12.5)
    flow = Flow(c, h, [(72, w - 144)], 72, h - 72, st)
    for head, para in NUMBERED_SECTIONS:
        flow.heading(head)
        flow.paragraph(para)
    c.showPage()
    c.save()
    return path, [hd for hd, _ in NUMBERED_SECTIONS], [expected(p) for _, p in NUMBERED_SECTIONS]


ONE_LINERS = [
    "Electrochemical stability of the sulfide family of electrolytes.",
    "The cells were cycled at 0.1 mA cm^{−2} between 2.5 and 4.2 V at 25 °C, and their capacity "
    "of 140 mAh g^{−1} stayed constant for the first fifty cycles before it slowly decreased.",
    "A second one-line paragraph of the same length follows here.",
]


def one_line_paragraphs_pdf(path: Path) -> tuple[Path, list[str]]:
    """Indented paragraphs of one line that (nearly) fill their line and end with a full stop,
    each followed by another indented paragraph: the column is as wide as the first one-liner
    plus 2 pt. Returns the path and the paragraphs."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=letter)
    w, h = letter
    st = Style(size=10, leading=12.5)
    width = st.indent + pdfmetrics.stringWidth(ONE_LINERS[0], st.font, st.size) + 2.0
    flow = Flow(c, h, [(72, width)], 72, h - 72, st)
    for p in ONE_LINERS:
        flow.paragraph(p)
    c.showPage()
    c.save()
    return path, [expected(p) for p in ONE_LINERS]
