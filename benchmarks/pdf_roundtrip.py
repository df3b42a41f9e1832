"""Metamorphic PDF check: the claims of a paper read from Markdown and from a PDF typeset from it.

Each Markdown paper's body (headings, paragraphs and reference list; tables, figure captions and
images dropped) is typeset with reportlab in a journal layout (``tests/pdf_layouts.py`` builders):
full-width title, two justified columns, bold headings, running head and page numbers, a small
two-column reference list. The Markdown's own notation is turned into real typography where it is
recognised: formulas get lowered small subscripts (``Li6PS5Cl``, ``Li 6 PS 5 Cl``, LaTeX
``\\text{Li}_6``), exponents raised small superscripts with a U+2212 minus (``10 -3``, ``10^-3``,
``cm -1``, ``cm /C0 1``, ``Li +``); anything else stays as it is.

Three documents are extracted with litmine (``pipeline.extract``) and their ``measurements.csv``
compared as multisets of (property, value to 4 significant digits, material_canonical,
temperature_c):

* ``md``  - the typeset blocks in the Markdown's own notation (the baseline);
* ``uni`` - the text the PDF reader should produce (Unicode super/subscripts, ``expected()``);
* ``pdf`` - the generated PDF.

``md`` vs ``pdf`` is the check; ``uni`` tells a difference of notation (``md`` != ``uni``: the
text normaliser, or a conversion of this script) from a PDF-reader fragility (``uni`` != ``pdf``).

Usage: python benchmarks/pdf_roundtrip.py [PAPER.md ...] [--out DIR] [--jobs N] [--details]
       [--gutter PT] [--offset PT] [--size PT]   (--offset 3.2: ACS right column a rise lower)
Prints one table (claims md / pdf, kept, lost, changed, gained; reader-only differences) and, with
``--details``, every lost/changed/gained claim with its sentence. PDFs go to a temporary folder
(or ``--out``, which must lie outside the repository).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import tempfile
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEV = ROOT.parent / "shared" / "corpus-dev" / "papers"
DEV_IDS = ("anion_mixed_2015 borohydrides_2017 cb11h12_2015 halide_interface_2022 hopping_rate_2023 "
           "libh4_2007 lisis_natmater_2024 mixed_anion_2016 na2b10h10_2014 na2b12h12_2014 "
           "na4v_2020 nab10b12_2017 lis_cathode lirich_assb_2022 lis_low_pressure lpscl_dendrites "
           "na3v_2017 na_polyanion_transport nacbh_mechanics_2022").split()
DEFAULT = [ROOT / "corpus" / "xia2019_chem.md"] + [DEV / f"{d}.md" for d in DEV_IDS]

FONT_DIRS = ("/usr/share/fonts/truetype/dejavu",)

# ------------------------------------------------------------------------------------------------
# Markdown -> blocks


@dataclass
class Block:
    kind: str  # "title", "heading", "para", "ref"
    source: str  # as written in the Markdown
    markup: str = ""  # pdf_layouts markup (^{..} superscript, _{..} subscript)


_CAPTION = re.compile(r"^(?:\*\*)?(?:Figure|Fig\.|FIG\.|FIGURE|Scheme|Table|TABLE)\s*S?\d+")
_REFHEAD = re.compile(r"^(?:#+\s*)?(?:REFERENCES(?: AND NOTES)?|References(?: and [Nn]otes)?|"
                      r"Notes and references|NOTES AND REFERENCES|Bibliography)\s*$")
_REFENTRY = re.compile(r"^(?:-\s+|\[\d+\]\s*|\(\d+\)\s*|\d{1,3}\.\s+)(?:\d{1,3}\s+(?=\D))?|^\d{1,3}\s+(?=[A-Z])")


def blocks(md: str) -> list[Block]:
    """Headings, paragraphs and reference entries of a converter Markdown paper."""
    out: list[Block] = []
    in_refs = False
    for raw in re.split(r"\n\s*\n", md):
        text = " ".join(raw.split())
        if not text or raw.lstrip().startswith(("|", "![", "<", "```")) or "\t" in raw:
            continue
        if _CAPTION.match(text):
            continue
        if _REFHEAD.match(text):
            in_refs = True
            out.append(Block("heading", re.sub(r"^#+\s*", "", text)))
            continue
        if text.startswith("#"):
            head = re.sub(r"^#+\s*", "", text)
            if len(head.split()) > 16:  # a converter's "heading" that is a paragraph
                out.append(Block("para", head))
            else:
                out.append(Block("heading", head))
                in_refs = False if not _REFHEAD.match(head) else True
            continue
        if in_refs:
            for ln in raw.splitlines():
                ln = " ".join(ln.split())
                if ln and (_REFENTRY.match(ln) or not out or out[-1].kind != "ref"):
                    out.append(Block("ref", _REFENTRY.sub("", ln)))
                elif ln:  # a wrapped line of the entry before
                    out[-1].source += " " + ln
            continue
        if len(text.split()) <= 12 and not re.search(r"[.:;,]$", text) and text[:1].isupper():
            out.append(Block("heading", text))
            continue
        out.append(Block("para", text))
    first = out[0] if out else None  # the first block is the title when it reads like one
    if first and first.kind in ("heading", "para") and len(first.source.split()) <= 30 \
            and not first.source.endswith("."):
        first.kind = "title"
    return out


# ------------------------------------------------------------------------------------------------
# notation -> typography

MINUS = "\u2212"
_ELEMENTS = set("""H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn
Ga Ge As Se Br Kr Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd
Tb Dy Ho Er Tm Yb Lu Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U Np Pu""".split())
_GREEK = {"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "Delta": "Δ", "epsilon": "ε",
          "eta": "η", "theta": "θ", "lambda": "λ", "mu": "μ", "nu": "ν", "pi": "π", "rho": "ρ",
          "sigma": "σ", "tau": "τ", "phi": "φ", "chi": "χ", "omega": "ω", "Omega": "Ω",
          "times": "×", "cdot": "·", "sim": "∼", "approx": "≈", "pm": "±", "leq": "≤", "le": "≤",
          "geq": "≥", "ge": "≥", "square": "□", "circ": "°", "degree": "°", "rightarrow": "→",
          "to": "→", "AA": "Å", "%": "%", "infty": "∞", "langle": "⟨", "rangle": "⟩"}
_SUPU = {c: d for c, d in zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻", "0123456789+−")}
_SUBU = {c: d for c, d in zip("₀₁₂₃₄₅₆₇₈₉", "0123456789")}
_UNITS = r"(?:cm|mm|m|g|kg|s|h|K|mol|L|V|S|Hz|Wh|mAh|Ah|A|W|J|Pa|eV)"


def _script(kind: str, s: str) -> str:
    s = s.replace(" ", "").replace("-", MINUS).replace("{", "").replace("}", "")
    return f"{kind}{{{s}}}" if s else ""


def _latex(m: re.Match[str]) -> str:
    s = m.group(1)
    s = re.sub(r"\\([A-Za-z]+|%)", lambda g: _GREEK.get(g.group(1), g.group()), s)  # \mu\text{Ah}
    s = re.sub(r"\\(?:text|mathrm|textrm|mathit|mathbf|rm)\s*\{([^{}]*)\}", r"\1", s)
    s = re.sub(r"\\([A-Za-z]+)", "", s)
    s = s.replace("\\,", " ").replace("\\;", " ").replace("\\ ", " ").replace("\\", "")
    s = re.sub(r"\^\s*\{([^{}]*)\}|\^\s*(\S)", lambda g: _script("^", g.group(1) or g.group(2)), s)
    s = re.sub(r"_\s*\{([^{}]*)\}|_\s*(\S)", lambda g: _script("_", g.group(1) or g.group(2)), s)
    s = s.replace("^{°}", "°")
    s = re.sub(r"([\^_])\{([^{}]*)\}", "\\1\x01\\2\x02", s)  # markup braces kept, others dropped
    return s.replace("{", "").replace("}", "").replace("\x01", "{").replace("\x02", "}")


def _formula_token(tok: str) -> str | None:
    """``Li6PS5Cl`` -> ``Li_{6}PS_{5}Cl``; None when ``tok`` is not a formula with digits."""
    core = re.sub(r"[\d.()\[\]xyδ+\-]", "", tok)
    syms = re.findall(r"[A-Z][a-z]?", core)
    if not re.search(r"[A-Za-z)]\d", tok) or "".join(syms) != core or len(syms) < 2:
        return None
    if not all(s in _ELEMENTS for s in syms) or re.search(r"\d{3}", tok):
        return None
    return re.sub(r"(?<=[A-Za-z)\]])(\d+(?:\.\d+)?)", r"_{\1}", tok)


_EL_TOKEN = re.compile(r"^[(]*[A-Z][A-Za-z0-9.()]*$")
_NUM_TOKEN = re.compile(r"^\d{1,2}(?:\.\d+)?[()]*(?:[A-Z][a-z]?(?:\d{1,2}(?:\.\d+)?)?[()]*)*$")
_UNIT_LETTERS = ("V", "K", "C", "W")  # "3.0 V", "25 C": a unit after a number, not a formula's end


def _elements_only(tok: str) -> bool:
    core = re.sub(r"[\d.()]", "", tok)
    syms = re.findall(r"[A-Z][a-z]?", core)
    return bool(syms) and "".join(syms) == core and all(x in _ELEMENTS for x in syms)


def _spaced_formulas(text: str) -> str:
    """A converter's spaced formula joined: ``Li 6 PS 5 Cl``, ``Li 3 YCl6``, ``LiNi 0.8 Co0.15
    Al 0.05 O2``, ``Na 4 (CB 11 H 12 ) 2 (B12 H12)`` (counts follow a symbol or a bracket)."""
    toks = text.split(" ")
    out: list[str] = []
    i = 0
    while i < len(toks):
        run: list[str] = []
        tail = ""
        j = i
        while j < len(toks):
            t = toks[j]
            m = re.match(r"^(.*?)([,.;:]*)$", t)
            core, punct = m.group(1), m.group(2)
            prev = run[-1] if run else ""
            if core in ("(", ")") and run:
                ok = True
            elif _EL_TOKEN.match(core) and _elements_only(core):
                ok = True
            elif run and _NUM_TOKEN.match(core) and re.search(r"[A-Za-z)]$", prev):
                rest = re.sub(r"^[\d.]+", "", core).replace(")", "").replace("(", "")
                ok = not rest or _elements_only(rest)
            else:
                ok = False
            if not ok:
                break
            run.append(core)
            j += 1
            if punct:
                tail = punct
                break
        while run and (run[-1] == "(" or run[-1] in _UNIT_LETTERS):
            run.pop()
            j -= 1
            tail = ""
        joined = "".join(run)
        counted = any(re.match(r"^\d", t) for t in run[1:]) \
            or any(t.count("(") != t.count(")") for t in run)  # split inside brackets
        n_syms = len(re.findall(r"[A-Z]", joined))
        if len(run) > 1 and counted and n_syms >= 2 and joined.count("(") == joined.count(")"):
            out.append(joined + tail)
            i = j
        else:
            out.append(toks[i])
            i += 1
    return " ".join(out)


@lru_cache(maxsize=1)
def _pua() -> dict[str, str]:
    """Symbol-font private-use code points (U+F0xx) as the characters a PDF would show."""
    from pipeline.resources import load_yaml

    table = load_yaml("repair.yaml").get("symbol_font_pua", {})
    return {chr(0xF000 + int(k)): v for k, v in table.items()}


def to_markup(text: str) -> str:
    """The Markdown's notation as pdf_layouts markup with real super/subscripts."""
    pua = _pua()
    text = re.sub(r"[\uf000-\uf0ff]", lambda m: pua.get(m.group(), m.group()), text)
    s = re.sub(r"\$([^$]*)\$", _latex, text)
    s = re.sub(r"\*\*|__|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)", "", s)  # emphasis markers
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)  # links
    s = re.sub(r"[⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻]+", lambda m: "^{" + "".join(_SUPU[c] for c in m.group()) + "}", s)
    s = re.sub(r"[₀₁₂₃₄₅₆₇₈₉]+", lambda m: "_{" + "".join(_SUBU[c] for c in m.group()) + "}", s)
    # exponents of ten: "10 -3", "10^-3", "10 /C0 3", "10 − 3" after ×
    s = re.sub(r"\b10\s?\^\{?\s?([-−–]?\d{1,2})\}?", lambda m: "10" + _script("^", m.group(1)), s)
    s = re.sub(r"\b10 (?:[-−–]|/C0 ?)(\d{1,2})\b", lambda m: "10" + _script("^", "-" + m.group(1)), s)
    s = re.sub(r"(×|x) ?10 [-−–] (\d{1,2})\b", lambda m: m.group(1) + " 10" + _script("^", "-" + m.group(2)), s)
    # unit exponents: "cm -1", "cm^-1", "g /C0 1", "cm−2"
    s = re.sub(rf"\b({_UNITS}) ?(?:\^\{{?([-−–]?\d)\}}?|(?:[-−–]|/C0 ?)(\d)\b)",
               lambda m: m.group(1) + _script("^", m.group(2) or "-" + m.group(3)), s)
    s = re.sub(r"\b((?:Ω|ohm|Ohm) ?cm) 2\b", r"\1^{2}", s)
    s = re.sub(r"\b(Li|Na|K|Mg|Ca|Zn|Al|H) \+(?=[\s,.;)]|$)", r"\1^{+}", s)
    s = _spaced_formulas(s)
    words = []
    for w in s.split():
        if "^{" not in w and "_{" not in w:
            m = re.match(r"^([(\[]?)(.*?)([,.;:)\]]*)$", w)
            f = _formula_token(m.group(2)) if m else None
            if f:
                w = m.group(1) + f + m.group(3)
        w = re.sub(r"[\^_](?!\{)", "", w)  # a stray ^ or _ is not markup
        words.append(w)
    s = " ".join(words)
    # markup braces never hold spaces (lines are broken at spaces)
    return re.sub(r"([\^_]\{)([^{}]*)\}", lambda m: m.group(1) + m.group(2).replace(" ", "") + "}", s)


# ------------------------------------------------------------------------------------------------
# typesetting


def _fonts() -> tuple[str, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for d in FONT_DIRS:
        reg, bold = Path(d) / "DejaVuSerif.ttf", Path(d) / "DejaVuSerif-Bold.ttf"
        if reg.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont("LMSerif", str(reg)))
            pdfmetrics.registerFont(TTFont("LMSerif-Bold", str(bold)))
            return "LMSerif", "LMSerif-Bold"
    return "Times-Roman", "Times-Bold"


def _fit_words(markup: str, width: float, st) -> str:
    """Words wider than the column broken after a hyphen or bracket (else anywhere), the way
    a compositor breaks a long chemical name; pieces end with a hyphen when cut inside a word."""
    from reportlab.pdfbase import pdfmetrics

    from tests.pdf_layouts import _word_width

    out = []
    for w in markup.split():
        while _word_width(w, st, pdfmetrics) > width and "{" not in w:
            cut = 0
            for i in range(1, len(w)):
                if _word_width(w[:i] + "-", st, pdfmetrics) > width:
                    break
                if w[i - 1] in "-)]/":
                    cut = i
            if cut == 0:
                cut = max(1, i - 1)
                out.append(w[:cut] + "-")
            else:
                out.append(w[:cut])
            w = w[cut:]
        out.append(w)
    return " ".join(out)


@dataclass(frozen=True)
class Layout:
    """Page geometry of the typeset article (the options of the command line)."""

    gutter: float = 16.0  # pt between the columns
    offset: float = 0.0  # the right column stands this much lower (pt; ACS: a superscript's rise)
    size: float = 9.0  # body size (pt)


def typeset(bls: list[Block], path: Path, layout: Layout = Layout(),
            journal: str = "J. Solid State Test. 2025, 12, 345−360") -> None:
    """A two-column journal article of ``bls`` (markup set) at ``path``."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    from tests.pdf_layouts import Flow, Style, draw_line, wrap

    font, bold = _fonts()
    c = canvas.Canvas(str(path), pagesize=letter)
    w, h = letter
    margin, gutter = 50.0, layout.gutter
    colw = (w - 2 * margin - gutter) / 2
    page = [1]

    def furniture() -> None:
        c.setFont(font, 7)
        c.drawString(margin, h - 30, journal)
        c.drawRightString(w - margin, h - 30, "Article")
        c.drawCentredString(w / 2, 28, f"{344 + page[0]}")
        page[0] += 1

    furniture()
    k = layout.size / 9.0
    st = Style(font=font, bold=bold, size=layout.size, leading=11.0 * k, script=6.2 * k,
               rise=3.2 * k, drop=1.7 * k)
    top = 70.0
    title = next((b for b in bls if b.kind == "title"), None)
    if title:
        tst = Style(font=bold, bold=bold, size=14.0, leading=17.0, script=9.5, rise=5.0, drop=2.5)
        for words in wrap(title.markup, w - 2 * margin, tst):
            draw_line(c, margin, h - top, words, tst, None)
            top += tst.leading
        top += 12
    flow = Flow(c, h, [(margin, colw), (margin + colw + gutter, colw)], top, h - 60, st,
                offsets=(0.0, layout.offset), on_page=furniture)
    flow.first_top, flow.page_bottom = 60.0, h - 60
    hst = Style(font=bold, bold=bold, size=9.5, leading=11.5, script=6.5, rise=3.3, drop=1.7)
    rst = Style(font=font, bold=bold, size=7.5, leading=9.0, script=5.5, rise=2.6, drop=1.3, indent=0.0)
    n_ref = 0
    for b in bls:
        if b.kind == "title":
            continue
        if b.kind == "heading":  # ragged right, kept in its column
            flow.st = hst
            flow.y += 6
            for words in wrap(_fit_words(b.markup, colw, hst), colw, hst):
                flow._room()
                draw_line(c, flow.columns[flow.col][0], h - flow.y, words, hst, None)
                flow.y += hst.leading
            flow.y += 2
        elif b.kind == "para":
            flow.st = st
            flow.paragraph(_fit_words(b.markup, colw - st.indent, st))
        else:
            n_ref += 1
            flow.st = rst
            flow.paragraph(f"({n_ref}) {b.markup}", indent=0.0, hanging=9.0, gap=1.0)
    c.showPage()
    c.save()


# ------------------------------------------------------------------------------------------------
# extraction and comparison


def _sig(v: str) -> str:
    try:
        return f"{float(v):.4g}"
    except ValueError:
        return v


@dataclass
class Claim:
    key: tuple[str, str, str, str]
    sentence: str


def claims(folder: Path) -> list[Claim]:
    text = (folder / "text.txt").read_text(encoding="utf-8")
    out = []
    with open(folder / "measurements.csv", newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            a, b = int(r["char_start"]), int(r["char_end"])
            s0 = max(text.rfind(". ", 0, a), text.rfind("\n", 0, a)) + 1
            e = [i for i in (text.find(". ", b), text.find("\n", b)) if i >= 0]
            sent = " ".join(text[s0:min(e) + 1 if e else len(text)].split())
            out.append(Claim((r["property"], _sig(r["value"]), r["material_canonical"],
                              r["temperature_c"]), sent))
    return out


@dataclass
class Diff:
    kept: int = 0
    lost: list[Claim] = field(default_factory=list)
    gained: list[Claim] = field(default_factory=list)
    changed: list[tuple[Claim, Claim]] = field(default_factory=list)


def compare(a: list[Claim], b: list[Claim]) -> Diff:
    ca, cb = Counter(x.key for x in a), Counter(x.key for x in b)
    d = Diff(kept=sum((ca & cb).values()))
    rest_a, rest_b = ca - cb, cb - ca
    lost = [x for x in a if rest_a[x.key] > 0 and not rest_a.subtract([x.key])]
    gained = [x for x in b if rest_b[x.key] > 0 and not rest_b.subtract([x.key])]
    for same in (lambda x, y: x.key[:2] == y.key[:2], lambda x, y: x.key[0] == y.key[0]
                 and x.key[2] == y.key[2]):
        for x in list(lost):
            y = next((y for y in gained if same(x, y)), None)
            if y is not None:
                d.changed.append((x, y))
                lost.remove(x)
                gained.remove(y)
    d.lost, d.gained = lost, gained
    return d


def run_paper(md_path: Path, work: Path, layout: Layout = Layout()) -> dict:
    from tests.pdf_layouts import expected

    from pipeline.extract import extract

    doc_id = md_path.stem
    bls = blocks(md_path.read_text(encoding="utf-8"))
    for b in bls:
        b.markup = to_markup(b.source)
    base = work / doc_id
    base.mkdir(parents=True, exist_ok=True)
    body = [b for b in bls if b.kind != "ref"]
    refs = [b for b in bls if b.kind == "ref"]

    def md_of(text_of) -> str:
        parts = []
        for b in body:
            parts.append(("# " if b.kind == "title" else "## " if b.kind == "heading" else "")
                         + text_of(b))
        if refs:
            parts.append("\n".join(f"{i}. {text_of(r)}" for i, r in enumerate(refs, 1)))
        return "\n\n".join(parts) + "\n"

    (base / "md").mkdir(exist_ok=True)
    (base / "uni").mkdir(exist_ok=True)
    (base / "md" / f"{doc_id}.md").write_text(md_of(lambda b: b.source), encoding="utf-8")
    (base / "uni" / f"{doc_id}.md").write_text(md_of(lambda b: expected(b.markup)), encoding="utf-8")
    pdf = base / f"{doc_id}.pdf"
    typeset(bls, pdf, layout)
    res = {}
    for kind, src in (("md", base / "md" / f"{doc_id}.md"), ("uni", base / "uni" / f"{doc_id}.md"),
                      ("pdf", pdf)):
        out = base / f"out-{kind}"
        extract(src, out, doc_id=doc_id)
        res[kind] = claims(out)
    return {"doc": doc_id, "pdf": str(pdf), **res}


def _run(args: tuple[str, str, Layout]) -> dict:
    return run_paper(Path(args[0]), Path(args[1]), args[2])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("papers", nargs="*", type=Path, help="Markdown papers (default: xia2019_chem "
                    "and the 19 corpus-dev papers listed in DEV_IDS)")
    ap.add_argument("--out", type=Path, default=None, help="work folder (default: a temp dir)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--details", action="store_true", help="print every difference")
    ap.add_argument("--gutter", type=float, default=Layout.gutter, help="gutter width (pt)")
    ap.add_argument("--offset", type=float, default=Layout.offset,
                    help="the right column this much lower (pt), as in ACS journals")
    ap.add_argument("--size", type=float, default=Layout.size, help="body font size (pt)")
    args = ap.parse_args(argv)
    papers = args.papers or DEFAULT
    work = args.out or Path(tempfile.mkdtemp(prefix="pdf-roundtrip-"))
    if ROOT in work.resolve().parents or work.resolve() == ROOT:
        ap.error("--out must lie outside the repository")
    with ProcessPoolExecutor(max_workers=args.jobs) as ex:
        layout = Layout(args.gutter, args.offset, args.size)
        results = list(ex.map(_run, [(str(p), str(work), layout) for p in papers]))
    print(f"work folder: {work}\n")
    print("| paper | md | pdf | kept | lost | changed | gained | reader-only (uni≠pdf) |")
    print("|---|---|---|---|---|---|---|---|")
    tot = Counter()
    for r in results:
        d, u = compare(r["md"], r["pdf"]), compare(r["uni"], r["pdf"])
        reader = len(u.lost) + len(u.gained) + len(u.changed)
        row = dict(md=len(r["md"]), pdf=len(r["pdf"]), kept=d.kept, lost=len(d.lost),
                   changed=len(d.changed), gained=len(d.gained), reader=reader)
        tot.update(row)
        print(f"| {r['doc']} | " + " | ".join(str(v) for v in row.values()) + " |")
    print("| **total** | " + " | ".join(str(tot[k]) for k in
                                         ("md", "pdf", "kept", "lost", "changed", "gained", "reader")) + " |")
    if args.details:
        for r in results:
            for label, a in (("md->pdf", r["md"]), ("uni->pdf", r["uni"])):
                d = compare(a, r["pdf"])
                if not (d.lost or d.gained or d.changed):
                    continue
                print(f"\n### {r['doc']} ({label})")
                for x in d.lost:
                    print(f"- LOST {x.key}\n    {x.sentence[:300]}")
                for x, y in d.changed:
                    print(f"- CHANGED {x.key} -> {y.key}\n    md:  {x.sentence[:300]}\n    pdf: {y.sentence[:300]}")
                for y in d.gained:
                    print(f"- GAINED {y.key}\n    {y.sentence[:300]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
