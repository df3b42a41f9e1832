"""DVC stage ``references``: the reference list of a document -> ``OUTDIR/references.csv``.

Three pure steps, each usable on its own:

- :func:`split_entries` groups the lines of a reference-list section into entries (an entry broken
  over a page boundary is merged back into one; page furniture is dropped);
- :func:`parse_reference` parses one entry into a :class:`~pipeline.schema.Reference` (kind,
  surnames, year, title, container, volume, pages, DOI) and never raises;
- :func:`parse_reference_list` does both, numbers the entries (printed numbers, else position) and
  reports numbering gaps, duplicates and out-of-order numbers.

Supported styles: Cell Press (``Surname, I., and Surname, I. (2007). Title. *Journal* 46, 1–5.``),
Nature (``Surname, I. & Surname, I. Title. Journal 160, A1–A4 (2013).``), Science
(``I. Surname, I. Surname, Title. Journal 34, 2110337 (2022).``), ACS (``- (12) Surname, I.; ...
Journal 2011 , 10 , 682.``, with or without titles), RSC (``- 9 I. Surname and I. Surname, Journal,
2011, 10, 682.``), Wiley (``[4] a) ...; b) ...``: one entry, the fields of part a), Elsevier
(``Journal 7 (1) (2014) 627 e 632``), AIP/APS (``Journal 88 , 112104 ( 2006 ) .``), Springer,
Vancouver and Harvard, and author-year lists. The numbering style most lines of a list use
(``[n]``, ``(n)``, ``n.``, bare ``n``) decides which lines open entries; lines in another style are
converter debris. Converter spacing (``V .  Palomares  ,``, ``Da ´valos``, ``https : //doi . org``)
is repaired before parsing. All patterns and word lists are data in ``models/references.yaml``.

Usage as a stage::

    python -m pipeline.references --doc OUTDIR/document.json --out OUTDIR/references.csv
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

import yaml

from pipeline.errors import DataError, InputError
from pipeline.ingest.normalize import normalize
from pipeline.citations import cite_counts, document_markers
from pipeline.markers import MarkerSpan
from pipeline.schema import Document, Reference, read_document, write_records
from pipeline.stage import run_stage
from pipeline.resources import model_path
from pipeline.io import read_text_exact

PATTERNS_FILE = model_path("references.yaml")

Line = tuple[int, int, str]
Piece = tuple[int, int]
Entry = tuple[int, int, str, list[Piece]]

#: Entries longer than this are parsed from their first characters only (and flagged).
MAX_PARSE_CHARS = 2000
DASHES = "–—‐-"


# ----------------------------------------------------------------------------------------------
# Patterns (models/references.yaml), loaded once


@dataclass(frozen=True)
class _Patterns:
    numbered: re.Pattern[str]
    min_bare_numbered: int
    sub_reference: re.Pattern[str]
    bullet: re.Pattern[str]
    furniture: tuple[re.Pattern[str], ...]
    entry_start: tuple[re.Pattern[str], ...]
    complete_tail: re.Pattern[str]
    terminal: re.Pattern[str]
    authors: tuple[tuple[str, re.Pattern[str]], ...]
    author_separator: re.Pattern[str]
    et_al: re.Pattern[str]
    particles: frozenset[str]
    leading_year: re.Pattern[str]
    paren_year: re.Pattern[str]
    any_year: re.Pattern[str]
    doi: re.Pattern[str]
    links: tuple[re.Pattern[str], ...]
    patent: re.Pattern[str]
    chapter_in: re.Pattern[str]
    chapter_evidence: tuple[re.Pattern[str], ...]
    chapter_book_end: re.Pattern[str]
    chapter_pages: re.Pattern[str]
    chapter_volume: re.Pattern[str]
    thesis_words: re.Pattern[str]
    institution_words: re.Pattern[str]
    publisher_words: re.Pattern[str]
    italic_title_paren: re.Pattern[str]
    italic: re.Pattern[str]
    after_container: re.Pattern[str]
    plain_tails: tuple[re.Pattern[str], ...]
    title_end: re.Pattern[str]
    journal_connectors: frozenset[str]
    journal_lowercase_words: frozenset[str]
    title_end_abbreviations: frozenset[str]
    max_plain_journal_words: int
    journal_initials: frozenset[str]
    min_one_word_title: int


def _words_regex(words: list[str]) -> re.Pattern[str]:
    """A pattern matching any of ``words`` as a whole word (longest first)."""
    alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)")


@lru_cache(maxsize=1)
def patterns() -> _Patterns:
    """Compile the patterns of ``models/references.yaml`` (once per process)."""
    cfg: dict[str, Any] = yaml.safe_load(PATTERNS_FILE.read_text(encoding="utf-8"))
    particle = "(?:" + "|".join(map(re.escape, cfg["surname_particles"])) + ")"
    slots = {"<<year>>": cfg["year"], "<<pages>>": cfg["pages"],
             "<<initials>>": cfg["initials"], "<<particle>>": particle}

    def c(pattern: str) -> re.Pattern[str]:
        for slot, value in slots.items():
            pattern = pattern.replace(slot, value)
        return re.compile(pattern)

    return _Patterns(
        numbered=c(cfg["numbered_marker"]), min_bare_numbered=int(cfg["min_bare_numbered"]),
        sub_reference=c(cfg["sub_reference"]), bullet=c(cfg["bullet_marker"]),
        furniture=tuple(map(c, cfg["furniture"])), entry_start=tuple(map(c, cfg["entry_start"])),
        complete_tail=c(cfg["complete_tail"]), terminal=c(cfg["terminal"]),
        authors=tuple((k, c(v)) for k, v in cfg["author_patterns"].items()),
        author_separator=c(cfg["author_separator"]), et_al=c(cfg["et_al"]),
        particles=frozenset(cfg["surname_particles"]),
        leading_year=c(cfg["leading_year"]), paren_year=c(cfg["paren_year"]),
        any_year=c(cfg["any_year"]), doi=c(cfg["doi"]), links=tuple(map(c, cfg["links"])),
        patent=c(cfg["patent"]), chapter_in=c(cfg["chapter_in"]),
        chapter_evidence=tuple(map(c, cfg["chapter_evidence"])),
        chapter_book_end=c(cfg["chapter_book_end"]), chapter_pages=c(cfg["chapter_pages"]),
        chapter_volume=c(cfg["chapter_volume"]),
        thesis_words=_words_regex(cfg["thesis_words"]),
        institution_words=_words_regex(cfg["institution_words"]),
        publisher_words=_words_regex(cfg["publisher_words"]),
        italic_title_paren=c(cfg["italic_title_paren"]), italic=c(cfg["italic"]),
        after_container=c(cfg["after_container"]),
        plain_tails=tuple(map(c, cfg["plain_tails"])), title_end=c(cfg["title_end"]),
        journal_connectors=frozenset(cfg["journal_connectors"]),
        journal_lowercase_words=frozenset(cfg["journal_lowercase_words"]),
        title_end_abbreviations=frozenset(cfg["title_end_abbreviations"]),
        journal_initials=frozenset(cfg["journal_initials"]),
        max_plain_journal_words=int(cfg["max_plain_journal_words"]),
        min_one_word_title=int(cfg["min_one_word_title"]),
    )


# ----------------------------------------------------------------------------------------------
# Splitting a reference list into entries


@dataclass
class _Draft:
    """An entry being assembled by :func:`split_entries`."""

    text: str
    pieces: list[Piece]
    number: int | None


def _sublines(start: int, end: int, text: str) -> list[Line]:
    """The non-blank physical lines of one input line, stripped, with offsets clamped to it."""
    out: list[Line] = []
    pos = 0
    for part in text.split("\n"):
        stripped = part.strip()
        if stripped:
            a0 = start + pos + (len(part) - len(part.lstrip()))
            a = min(max(a0, start), end)
            b = min(max(a0 + len(stripped), start), end)
            sub = stripped[a - a0:b - a0]  # == stripped unless the text and the span disagree
            piece = sub.strip()
            if piece:
                a += len(sub) - len(sub.lstrip())
                out.append((a, a + len(piece), piece))
        pos += len(part) + 1
    return out


def is_furniture(text: str) -> bool:
    """True for page furniture inside a reference list (running headers, page numbers, ...)."""
    return any(p.search(text) for p in patterns().furniture)


def looks_like_entry_start(text: str) -> bool:
    """True if ``text`` begins with an author list ("Surname, I.", "I. Surname,", "Surname IJ,")."""
    return any(p.match(text) for p in patterns().entry_start)


def looks_complete(text: str) -> bool:
    """True if an entry ends like a finished reference (final full stop or a year/pages/DOI tail)."""
    t = text[-300:].rstrip().rstrip("*").rstrip()  # the end is enough (and keeps this linear)
    pat = patterns()
    return bool(pat.terminal.search(t) or pat.complete_tail.search(t))


def _starts_lower(text: str) -> bool:
    return bool(text) and text[0].islower()


def _continues(prev: str, nxt: str) -> bool:
    """Whether a bullet/plain line ``nxt`` continues the entry ``prev`` (a page-broken entry)."""
    incomplete = not looks_complete(prev)
    if looks_like_entry_start(nxt):
        # an author list broken after a comma goes on with more names ("Marbella, L.," +
        # "Steingart, D., 2021. ...")
        return incomplete and (_starts_lower(nxt) or prev.rstrip().endswith((",", "&", " and")))
    return incomplete or _starts_lower(nxt)


def _marker_number(m: re.Match[str]) -> int:
    return int(m.group("n") or m.group("bn") or m.group("pn") or m.group("sn"))


def _marker_style(m: re.Match[str]) -> str:
    """Which numbering style a list marker uses: ``n`` (``12.``), ``bn`` (``[12]``), ``pn``
    (``(12)``) or ``sn`` (a bare ``12``)."""
    return next(k for k in ("bn", "pn", "n", "sn") if m.group(k))


def list_style(texts: Sequence[str]) -> str | None:
    """The numbering style most lines of a reference list use (None: not numbered)."""
    pat = patterns()
    counts = Counter(_marker_style(m) for t in texts if (m := pat.numbered.match(t)))
    if counts.get("sn", 0) < pat.min_bare_numbered:
        counts.pop("sn", None)
    if not counts:
        return None
    style, n = counts.most_common(1)[0]
    others = sum(1 for t in texts if not pat.numbered.match(t)
                 and (pat.bullet.match(t) or looks_like_entry_start(t)))
    # a few numbered lines among many un-numbered entries are a converter's fake list ("2. Geers")
    return style if n >= others else None


def _append(draft: _Draft, start: int, end: int, text: str) -> None:
    """Add a continuation piece; a word hyphenated at the line end is joined without a space."""
    glue = "" if re.search(r"[^\W\d_]-$", draft.text[-2:]) and _starts_lower(text) else " "
    draft.text = f"{draft.text}{glue}{text}"
    draft.pieces.append((start, end))


def split_entries(lines: list[Line]) -> list[Entry]:
    """Group the lines of a reference-list section into entries.

    Args:
        lines: ``(char_start, char_end, text)`` per line, in order, ``text`` being the source
            slice. Lines may be bullets (``- Author...``), numbered (``46. Author...``) or
            continuation lines; blank lines and page furniture are skipped.

    Returns:
        Per entry ``(char_start, char_end, joined_text, pieces)``: the outer span, the text of the
        pieces joined by one space (the first piece keeps its list marker, continuation bullets
        lose theirs) and the ``(start, end)`` source spans of the pieces.
    """
    pat = patterns()
    physical = [sub for s, e, t in lines for sub in _sublines(s, e, t)]
    physical = [ln for ln in physical if not is_furniture(ln[2])]
    style = list_style([t for _, _, t in physical])
    marked = style is not None or any(pat.bullet.match(t) for _, _, t in physical)
    drafts: list[_Draft] = []
    for start, end, text in physical:
        cur = drafts[-1] if drafts else None
        bare = re.fullmatch(r"\[(\d{1,4})\]", text) if style == "bn" else None
        if bare:  # "[120]" set on a line of its own, the entry's text on the next
            drafts.append(_Draft(text, [(start, end)], int(bare.group(1))))
            continue
        num = pat.numbered.match(text)
        bullet = None
        if num and _marker_style(num) != style:
            # another numbering style than the list's (or a list without numbers): converter
            # debris, read like a bullet ("17. in Li-rich ..." continues the entry before it)
            bullet, num = num, None
        bullet = bullet or (None if num else pat.bullet.match(text))
        if cur is None:
            drafts.append(_Draft(text, [(start, end)], _marker_number(num) if num else None))
        elif num:
            n = _marker_number(num)
            expected = (cur.number + 1) if cur.number is not None else len(drafts) + 1
            body_at = num.end() + len(text[num.end():]) - len(text[num.end():].lstrip())
            if not looks_complete(cur.text) and _starts_lower(text[body_at:]):
                # a wrapped line the converter numbered ("... amorphous Li-La-Zr-O solid" +
                # "9. electrolyte. Commun. Mater. 2, 76."): its text continues the entry
                _append(cur, start + body_at, end, text[body_at:])
            elif looks_complete(cur.text) or n == expected:
                drafts.append(_Draft(text, [(start, end)], n))
            else:
                _append(cur, start, end, text)
        elif bullet:
            body = text[bullet.end():]
            if _continues(cur.text, body):
                _append(cur, start + bullet.end(), end, body)
            else:
                drafts.append(_Draft(text, [(start, end)], None))
        elif (style is not None or (marked and not looks_like_entry_start(text))
              or _continues(cur.text, text)):
            _append(cur, start, end, text)
        else:
            drafts.append(_Draft(text, [(start, end)], None))
    return [(d.pieces[0][0], d.pieces[-1][1], d.text, d.pieces) for d in drafts]


def strip_marker(text: str, style: str | None = None) -> tuple[int | None, str]:
    """Split a list marker off an entry: ``"46. Li, Y. ..."`` -> ``(46, "Li, Y. ...")``;
    with ``style`` (see :func:`list_style`) only a marker of that numbering style counts."""
    pat = patterns()
    m = pat.numbered.match(text)
    if m and style is not None and _marker_style(m) != style:
        m = None
    if m:
        return _marker_number(m), text[m.end():].strip()
    b = pat.bullet.match(text)
    if b:
        return None, text[b.end():].strip()
    return None, text.strip()


# ----------------------------------------------------------------------------------------------
# Parsing one entry


@dataclass
class _Fields:
    """Fields found in the part of an entry after the authors (and the leading year)."""

    kind: str = "other"
    title: str = ""
    container: str = ""
    volume: str = ""
    pages: str = ""
    year: str = ""
    issues: list[str] = field(default_factory=list)


def _prepare(text: str) -> str:
    """One line, single spaces, converter spacing before commas repaired (``34 , 5`` -> ``34, 5``)."""
    t = _repair_doi(re.sub(r"\s+", " ", text).strip())
    t = _join_accents(t)
    t = re.sub(r" ,", ",", t)
    t = re.sub(r"\(\s+", "(", re.sub(r"\s+\)", ")", t))  # AIP converter "( 2006 )"
    t = re.sub(r"(?<=\b[A-Z]) \.", ".", t)  # spaced initials "V . Palomares", "Y ."
    t = re.sub(r"\b([B-HJ-Z]) ([a-z]{2,})(?=\s?[,;])", r"\1\2", t)  # kerning "T arascon,"
    t = _elsevier_dashes(t)
    t = re.sub(r"(?<=, )No\. (?=[A-Za-z]?\d)", "", t)  # ACS article number "2019, 9, No. 1902373"
    return re.sub(r"(?<=\w) ([.,;:]) ?(?=\s|$)", r"\1", t)  # "Palomares , " (spaced converter)


_E_DASH = re.compile(r"(?<=\d) ?e ?(?=\d)")


def _elsevier_dashes(text: str) -> str:
    """Elsevier PDF en dashes (``627 e 632`` -> ``627–632``), found outside DOIs first, so a DOI
    with an ``e`` between digits (``10.1016/j.x.2019e12345``) is kept as written."""
    dois = [m.span() for m in patterns().doi.finditer(text)]
    return _E_DASH.sub(lambda m: m.group() if any(a < m.end() and m.start() < b for a, b in dois)
                       else "–", text)


#: PDF spacing accents ("Da ´valos", "Ku ¨hnel") as combining marks of the letter before them.
_SPACING_ACCENTS = {"´": "\u0301", "ˇ": "\u030c", "¨": "\u0308", "ˆ": "\u0302", "˜": "\u0303",
                    "`": "\u0300", "˚": "\u030a", "¸": "\u0327"}


def _join_accents(text: str) -> str:
    """Names split by a converter around an accent: ``Da ´valos`` -> ``Dávalos``,
    ``C ̌ erny ́`` -> ``Černý``."""
    if not any(c in text for c in _SPACING_ACCENTS) and not re.search("[\u0300-\u036f]", text):
        return text
    t = re.sub(r"(?<=[^\W\d_]) ?([´ˇ¨ˆ˜`˚¸]) ?(?=[^\W\d_])",
               lambda m: _SPACING_ACCENTS[m.group(1)], text)
    t = re.sub(r"(?<=[^\W\d_]) ?([\u0300-\u036f]) ?", r"\1", t)
    return unicodedata.normalize("NFC", t)


def _repair_doi(text: str) -> str:
    """A DOI or link written with converter spaces (``https : //doi . org/10 . 1021/acs . x``)."""
    def join(m: re.Match[str]) -> str:
        return re.sub(r"\s+", "", m.group())
    t = re.sub(r"https?\s?:\s?//\s?(?:dx\s?\.\s?)?doi\s?\.\s?org\s?/\s?", join, text)
    t = re.sub(r"\b10\s?\.\s?\d{4,9}\s?/\s?", join, t)
    # spaces around the full stops inside a DOI's suffix: "10.1021/acs . chemmater . 5b"
    prev = None
    while prev != t:
        prev = t
        t = re.sub(r"(\b10\.\d{4,9}/[^\s]*?\w) \. (?=\w)", r"\1.", t)
    return t


def _extract_doi(text: str) -> tuple[str, str]:
    """The DOI (unescaped, lower case) and the text with every link and DOI removed."""
    pat = patterns()
    doi = ""
    m = pat.doi.search(text)
    if m:
        doi = re.sub(r"\\(.)", r"\1", m.group("doi")).rstrip(".,;")
        while doi.endswith(")") and doi.count(")") > doi.count("("):
            doi = doi[:-1]
        doi = doi.rstrip(".,;").lower()
    for link in pat.links:
        text = link.sub(" ", text)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s*,\s*(?=[.,;]|$)", "", text)  # "1, ." -> "1."
    text = re.sub(r"(?<=[\w)])[\s.,;:+]*[+][\s.,;:+]*$", ".", text)  # "ja062027 + ." debris
    return doi, text.strip()


def _valid_surname(name: str) -> bool:
    """A plausible surname: 1-4 words, capitalised or particles, no digits or full stops."""
    words = name.split()
    particles = patterns().particles
    if not 1 <= len(words) <= 4 or len(name) > 40 or words[-1] in particles:
        return False
    for w in words:
        if w in particles:
            continue
        if not w[0].isupper() or any(ch.isdigit() or ch in ".:/[]{}=+" for ch in w):
            return False
    return True


def _scan_authors(text: str, author_re: re.Pattern[str]) -> tuple[list[str], int]:
    """Read an author list with one name pattern; returns the surnames and where the list ends."""
    pat = patterns()
    authors: list[str] = []
    pos = end = 0
    while True:
        m = author_re.match(text, pos)
        if not m or not _valid_surname(m.group("sur").strip()):
            break
        authors.append(m.group("sur").strip())
        end = m.end()
        etal = pat.et_al.match(text, end)
        if etal:
            return authors, etal.end()
        sep = pat.author_separator.match(text, end)
        if not sep:
            break
        pos = sep.end()
    return authors, end


def _journal_initial(text: str, end: int) -> int:
    """Where the author list really ends when its last "initial" is the journal's first word
    (ACS without titles: ``Daemen, L. L. J. Am. Chem. Soc.``: "J." opens the journal)."""
    initials = "".join(patterns().journal_initials)
    m = re.search(rf"(?<=[A-Z]\.\s)[{initials}]\.\s?(?=[A-Z][a-z]+\.)(?:[A-Z][a-z]?\.\s?)*$",
                  text[:end])
    return m.start() if m else end


def parse_authors(text: str) -> tuple[list[str], int]:
    """Surnames of the author list at the start of ``text`` and the offset where the list ends.

    The name orders of ``author_patterns`` are tried and the one that reads most authors wins.
    """
    best: tuple[list[str], int] = ([], 0)
    for _, author_re in patterns().authors:
        authors, end = _scan_authors(text, author_re)
        if len(authors) > len(best[0]):
            best = (authors, end)
    return best


def _journal_like(text: str) -> bool:
    """True if ``text`` reads as a journal name ("J. Electrochem. Soc.", "Nature", "npj Comput. Mater.")."""
    pat = patterns()
    words = text.split()
    if not 1 <= len(words) <= 14:
        return False
    for w in words:
        core = w.strip("()[],;")
        if not core or core in pat.journal_connectors or core in pat.journal_lowercase_words:
            continue
        if not any(ch.isupper() for ch in core):  # "Chem.", "eTrans", "2D"; not "batteries"
            return False
    return True


def _title_can_end(title: str) -> bool:
    """Whether ``title`` (ending with its ``.``/``?``/``!``) may end here.

    Not after an initial (``J.``), an abbreviation such as ``vs.``, or inside a journal name.
    """
    pat = patterns()
    words = title[:-1].split()
    if not words:
        return False
    if words[-1] in pat.title_end_abbreviations or re.search(r"(?:^|\s)[A-Z]\.$", title):
        return False
    last_part = title[:-1].rsplit(",", 1)[-1].split()
    if len(last_part) == 1 and len(last_part[0]) < pat.min_one_word_title:
        return False  # "Nat." of "Nat. Energy" (also in RSC "Title, Nat. Energy")
    if "," in title and _abbreviated_journal(" ".join(last_part) + "."):
        return False  # "Title, Angew. Chem." + "Int. Ed.": the journal started at the comma
    # "J. Mater." is the start of a journal name, not a title.
    return not (_journal_like(title) and any(w.endswith(".") for w in words))


def _abbreviated_journal(text: str) -> bool:
    """A journal name with at least one abbreviated word ("Nat. Energy", not "Energy")."""
    return _journal_like(text) and any(w.endswith(".") for w in text.split())


def split_title_container(front: str) -> tuple[str, str]:
    """Split ``"Title. Journal"`` at the first sentence end after which a journal name follows."""
    pat = patterns()
    whole_journal = _abbreviated_journal(front)
    for m in pat.title_end.finditer(front):
        title, journal = front[:m.end()], front[m.end():].strip()
        if whole_journal and len(journal.split()) == 1 and len(title.split()) <= 2:
            continue  # "Energy Environ. Sci.": one journal name, not "Title. Journal"
        if journal and _journal_like(journal) and _title_can_end(title):
            return title, journal
    if _abbreviated_journal(front):
        # Elsevier "Title In Title Case, Adv. Mater.": a long title before the last comma
        m = re.search(r",\s(?=[^,]+$)", front)
        if m and len(front[:m.start()].split()) >= 4 and _abbreviated_journal(front[m.end():]) \
                and not _abbreviated_journal(front[:m.start()]):
            return front[:m.start()], front[m.end():].strip()
        return "", front
    # RSC style "Title, J. Name": a comma, then an abbreviated journal name.
    for m in re.finditer(r",\s", front):
        title, journal = front[:m.start()], front[m.end():].strip()
        if _abbreviated_journal(journal) and not _abbreviated_journal(title):
            return title, journal
    # Elsevier style with a full journal name: "Title, Nano Energy" (the last comma)
    m = re.search(r",\s(?=[^,]+$)", front)
    if m:
        title, journal = front[:m.start()], front[m.end():].strip()
        if _journal_like(journal) and len(journal.split()) <= 6 and len(title.split()) >= 3:
            return title, journal
    if _journal_like(front) and len(front.split()) <= patterns().max_plain_journal_words:
        return "", front  # a journal without a title or an abbreviation: "Solid State Ionics"
    return front, ""


def _parse_patent(rest: str) -> _Fields | None:
    m = patterns().patent.search(rest)
    if not m:
        return None
    return _Fields(kind="patent", title=rest[:m.start()], container=m.group("patent"))


def _parse_chapter(rest: str) -> _Fields | None:
    pat = patterns()
    m = pat.chapter_in.search(rest)
    if not m:
        return None
    book_part = rest[m.end():]
    italic = pat.italic.match(book_part)
    if not italic and not any(e.search(book_part) for e in pat.chapter_evidence):
        return None
    if italic:
        book, after = italic.group("content"), book_part[italic.end():]
    else:
        stop = pat.chapter_book_end.search(book_part)
        cut = stop.start() if stop else len(book_part)
        book, after = book_part[:cut], book_part[cut:]
    f = _Fields(kind="book_chapter", title=rest[:m.start()], container=book)
    pages = pat.chapter_pages.search(after)
    if pages:
        f.pages = pages.group("pages") or pages.group("range")
    vol = pat.chapter_volume.search(after)
    if vol:
        f.volume = vol.group("vol")
    return f


def _institution(text: str) -> str:
    """The comma-separated part of ``text`` that names an institution ("" if none)."""
    pat = patterns()
    text = pat.paren_year.sub("", text)
    for part in text.split(","):
        if pat.institution_words.search(part):
            return pat.thesis_words.sub("", part).strip(" .()")
    return ""


def _parse_thesis_or_book(rest: str) -> _Fields | None:
    """``*Title* (Institution).`` (thesis) or ``*Title* (Publisher).`` (book), or a thesis keyword.

    A thesis keyword counts only where a sentence or clause starts (``A Title. PhD thesis, ...``),
    so that a title merely mentioning a thesis stays an article.
    """
    pat = patterns()
    m = pat.italic_title_paren.match(rest)
    if m:
        paren = m.group("paren")
        if not pat.publisher_words.search(paren) and (
                pat.institution_words.search(paren) or pat.thesis_words.search(paren)):
            return _Fields(kind="thesis", title=m.group("title"),
                           container=_institution(paren) or paren)
        return _Fields(kind="other", title=m.group("title"))
    for word in pat.thesis_words.finditer(rest):
        before = rest[:word.start()]
        if before and not re.search(r"[.?!*,]\s$", before):
            continue
        cut = max(before.rfind(". "), before.rfind("* "), before.rfind(", "))
        return _Fields(kind="thesis", title=before[:cut + 1] if cut >= 0 else "",
                       container=_institution(rest[word.start():]))
    return None


def _parse_italic_article(rest: str) -> _Fields | None:
    pat = patterns()
    for m in reversed(list(pat.italic.finditer(rest))):
        content = m.group("content").strip()
        if content.replace(",", "").strip().isdigit():
            continue  # an italic volume number
        tail = pat.after_container.match(rest, m.end())
        if tail:
            return _Fields(kind="article", title=rest[:m.start()], container=content,
                           volume=tail.group("vol") or "", pages=tail.group("pages") or "",
                           year=tail.group("year") or "")
    return None


def _parse_plain_article(rest: str) -> _Fields | None:
    for tail_re in patterns().plain_tails:
        m = tail_re.match(rest)
        if not m:
            continue
        title, container = split_title_container(m.group("front").strip())
        if not container:
            continue
        groups = m.groupdict()
        return _Fields(kind="article", title=title, container=container,
                       volume=groups.get("vol") or "", pages=groups.get("pages") or "",
                       year=groups.get("year") or "")
    return None


def _parse_rest(rest: str) -> _Fields:
    """Kind, title, container, volume, pages (and a tail year) of the text after the authors."""
    for parser in (_parse_patent, _parse_chapter, _parse_thesis_or_book, _parse_italic_article,
                   _parse_plain_article):
        fields = parser(rest)
        if fields is not None:
            return fields
    # A book, report or web page: the title is the first sentence, before any "(Publisher, 2005)".
    first = patterns().title_end.search(rest)
    title = rest[:first.start()] if first else rest
    publisher = patterns().paren_year.search(title)
    return _Fields(kind="other", title=title[:publisher.start()] if publisher else title,
                   issues=["format not recognised"])


def clean_title(title: str) -> str:
    """Plain-text title: formula markup flattened to ASCII, emphasis removed, no final full stop."""
    t = title.strip()
    if not t:
        return ""
    t = normalize(t, [(0, len(t))]).text.replace("^", "")
    t = re.sub(r"\\([()\[\]*_#])", r"\1", t)
    t = re.sub(r"\s+", " ", t).strip(" ,;:")
    if len(t) > 2 and t[0] in "\"“‘'" and t[-1] in "\"”’'":
        t = t[1:-1].strip()
    if t.endswith(".") and not t.endswith(".."):
        t = t[:-1].rstrip()
    return t.rstrip(",;: ")


def _clean_field(text: str) -> str:
    """Container/volume text without emphasis markers and stray separators."""
    return re.sub(r"\s+", " ", text.replace("*", "")).strip(" ,;:")


def _clean_range(text: str) -> str:
    """Volume or pages: no ``pp.``, no spaces, every dash an en dash (``A1120–A1124``)."""
    t = re.sub(r"^pp?\.\s?", "", _clean_field(text))
    return re.sub(rf"\s?[{DASHES}]\s?", "–", t).replace(" ", "")


def _find_year(text: str) -> str:
    """The publication year when it is not right after the authors: last in parentheses, else last."""
    pat = patterns()
    found = list(pat.paren_year.finditer(text)) or list(pat.any_year.finditer(text))
    return found[-1].group("year") if found else ""


def _issues(ref: Reference) -> list[str]:
    issues = []
    if not ref.authors:
        issues.append("no authors")
    if not ref.year:
        issues.append("no year")
    needs = {"article": ("title", "container", "volume"), "book_chapter": ("container",),
             "thesis": ("title", "container"), "patent": ("container",),
             "other": ("title",)}[ref.kind]
    issues += [f"no {name}" for name in needs if not getattr(ref, name)]
    if ref.kind == "article" and not (ref.pages or ref.doi):
        issues.append("no pages")
    return issues


def _parse(text: str, n: int) -> Reference:
    """:func:`parse_reference` without the safety net (may raise on a bug; tested by fuzzing)."""
    ref = Reference(n=n, raw=text)
    work = _prepare(text)
    _, work = strip_marker(work)
    sub = patterns().sub_reference.match(work)
    if sub:  # Wiley "a) first work; b) second work": the entry's fields are the first work's
        work = re.split(r";\s?[b-h]\)\s", work[sub.end():], maxsplit=1)[0]
    if len(work) > MAX_PARSE_CHARS:
        work = work[:MAX_PARSE_CHARS]
        ref.issues.append(f"entry longer than {MAX_PARSE_CHARS} characters, parsed in part")
    ref.doi, work = _extract_doi(work)
    authors, end = parse_authors(work)
    end = _journal_initial(work, end) if authors else end
    rest = work[end:] if authors else work
    lead = patterns().leading_year.match(rest) if authors else None
    if lead:
        ref.year = lead.group("y1") or lead.group("y2")
        rest = rest[lead.end():]
    rest = rest.strip(" ,.;:")
    f = _parse_rest(rest)
    ref.kind = f.kind
    ref.authors = [a.replace("*", "") for a in authors]
    ref.first_author = ref.authors[0] if ref.authors else ""
    ref.year = ref.year or f.year or _find_year(rest)
    ref.title = clean_title(f.title)
    ref.container = _clean_field(f.container)
    ref.volume = _clean_range(f.volume)
    ref.pages = _clean_range(f.pages)
    ref.issues += f.issues + _issues(ref)
    ref.parse_ok = bool(ref.authors and ref.year and (ref.title or ref.container))
    return ref


def parse_reference(text: str, n: int) -> Reference:
    """Parse one reference-list entry; never raises.

    Args:
        text: the entry text (a leading list marker such as ``46.`` or ``-`` is ignored).
        n: the entry's number.

    Returns:
        A :class:`Reference` with ``raw=text`` and every field that could be read; fields that
        could not be read are empty and named in ``issues``; ``parse_ok`` is False when authors,
        year or both title and container are missing.
    """
    try:
        return _parse(text, n)
    except Exception as exc:  # the stage must survive any entry; the failure is recorded
        return Reference(n=n, kind="other", raw=text, parse_ok=False,
                         issues=[f"parser error: {type(exc).__name__}: {exc}"])


# ----------------------------------------------------------------------------------------------
# The whole list


def numbering_findings(numbers: list[int], printed: list[bool]) -> list[str]:
    """Gaps, duplicates and out-of-order numbers in a reference list (in list order)."""
    findings: list[str] = []
    seen: dict[int, int] = {}
    prev = 0
    seen_printed = False
    for pos, (n, is_printed) in enumerate(zip(numbers, printed), 1):
        if not is_printed and seen_printed:
            findings.append(f"entry {pos} has no printed number after numbered entries "
                            f"(numbered {n} by position)")
        seen_printed = seen_printed or is_printed
        if n in seen:
            findings.append(f"duplicate reference number {n} (entries {seen[n]} and {pos})")
        elif n < prev:
            findings.append(f"reference {n} out of order (after {prev}, entry {pos})")
        elif n > prev + 1:
            missing = f"{prev + 1}" if n == prev + 2 else f"{prev + 1}–{n - 1}"
            findings.append(f"gap in numbering: {missing} missing before {n} (entry {pos})")
        seen.setdefault(n, pos)
        prev = max(prev, n)
    return findings


def parse_reference_list(lines: list[Line]) -> tuple[list[Reference], list[str]]:
    """Split, number and parse a reference list.

    Entries take their printed number, or their position in the list when none is printed.

    Args:
        lines: the reference-list lines, as for :func:`split_entries`.

    Returns:
        The references (``char_start``/``char_end`` = the entry's outer span) and findings:
        numbering gaps, duplicates, out-of-order numbers and entries that could not be parsed.
    """
    refs: list[Reference] = []
    printed: list[bool] = []
    entries = split_entries(lines)
    style = list_style([text for _, _, text, _ in entries])
    stripped = [strip_marker(text, style) for _, _, text, _ in entries]
    printed_numbers = [n for n, _ in stripped if n is not None]
    if len(printed_numbers) >= 3 and len(set(printed_numbers)) * 2 <= len(printed_numbers):
        # Markdown renumbering ("1." before every item): the numbers say nothing, use positions
        stripped = [(None, body) for _, body in stripped]
    # in a list without numbering, a run of printed numbers below their positions ("2. Geers" at
    # entry 7, "3. Jolly" at entry 8) is a converter's fake list, not the entries' numbers
    fake = style is None and sum(1 for pos, (n, _) in enumerate(stripped, 1)
                                 if n is not None and n < pos) >= 2
    for pos, ((start, end, text, _pieces), (number, body)) in enumerate(zip(entries, stripped), 1):
        if fake and number is not None and number < pos:
            number = None
        ref = parse_reference(body, number if number is not None else pos)
        ref.char_start, ref.char_end = start, end
        refs.append(ref)
        printed.append(number is not None)
    findings = numbering_findings([r.n for r in refs], printed)
    findings += [f"reference {r.n} not parsed ({', '.join(r.issues)}): {r.raw[:80]}"
                 for r in refs if not r.parse_ok]
    return refs, findings


# ----------------------------------------------------------------------------------------------
# Stage


def _source_text(doc: Document, doc_path: Path, text_path: Path | None) -> str:
    """The text that the document's offsets index: ``--text``, ``text.txt`` or the source file."""
    candidates = [text_path] if text_path else [doc_path.parent / "text.txt"]
    if not text_path and doc.format != "pdf":
        candidates.append(Path(doc.source))
    for path in candidates:
        if path.is_file():
            try:
                return read_text_exact(path)
            except UnicodeDecodeError as exc:
                raise InputError(f"{path}: not UTF-8 text (bad byte at offset {exc.start})") from None
    raise DataError(f"text of {doc_path} not found (tried {', '.join(map(str, candidates))})")


def reference_lines(doc: Document, text: str) -> list[Line]:
    """The reference-list lines of ``doc``: its ``reference`` blocks, sliced from ``text``."""
    lines: list[Line] = []
    for block in doc.blocks:
        if block.kind != "reference":
            continue
        for start, end in block.spans or [(block.char_start, block.char_end)]:
            if not 0 <= start <= end <= len(text):
                raise DataError(f"reference block {block.id} span {start}-{end} lies outside the "
                                f"text ({len(text)} characters): re-run the ingest stage")
            lines.append((start, end, text[start:end]))
    return lines


def run(doc_path: Path, out_path: Path, text_path: Path | None = None,
        found: Sequence[MarkerSpan] | None = None) -> list[Reference]:
    """Read ``document.json``, parse its reference list and write ``references.csv``;
    ``found`` is ``find_markers`` of the document's text when the caller has it already."""
    doc = read_document(doc_path)
    has_refs = any(block.kind == "reference" for block in doc.blocks)
    text = _source_text(doc, doc_path, text_path) if has_refs else ""
    lines = reference_lines(doc, text) if has_refs else []
    if not lines:
        print(f"litmine: warning: {doc.doc_id}: no reference list found; "
              f"writing an empty {out_path.name}", file=sys.stderr)
        write_records(out_path, [], Reference)
        return []
    refs, findings = parse_reference_list(lines)
    counts = cite_counts(document_markers(doc, text, found, refs))
    for ref in refs:
        ref.times_cited = counts.get(ref.n, 0)
    for finding in findings:
        print(f"litmine: references: {doc.doc_id}: {finding}", file=sys.stderr)
    write_records(out_path, refs, Reference)
    return refs


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m pipeline.references", description=__doc__.split("\n")[0])
    ap.add_argument("--doc", type=Path, required=True, help="document.json written by the ingest stage")
    ap.add_argument("--out", type=Path, required=True, help="references.csv to write")
    ap.add_argument("--text", type=Path,
                    help="text the offsets index (default: the document's source, for PDFs text.txt)")
    args = ap.parse_args(argv)
    run_stage(lambda: run(args.doc, args.out, args.text))


if __name__ == "__main__":
    main()
