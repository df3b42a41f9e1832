"""A document's own identity (DOI, title, first author, venue, year, volume, first page), read from
its front matter or a "Cite this:" line, and overridden by the corpus manifest when it has one.

Also the text helpers that reference -> document resolution (:mod:`pipeline.links`) shares:
:func:`squash` (case-, accent-, space-, hyphen- and ligature-insensitive text), :func:`find_dois`
(DOIs written with converter spaces, ``10 . 1039/c3cc49805k``) and :func:`bib_numbers` (year,
volume and first page of a bibliographic entry in the common numeric styles).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

from pipeline.resources import load_yaml
from pipeline.schema import Document, Reference


@lru_cache(maxsize=1)
def config() -> dict[str, Any]:
    return load_yaml("verify.yaml")


@dataclass
class Identity:
    """What a document says about itself. ``source`` names where each field came from."""

    doc_id: str
    doi: str = ""
    title: str = ""
    titles: list[str] = field(default_factory=list)   # title candidates (squashed)
    first_author: str = ""                              # surname, squashed
    year: str = ""
    venue: str = ""
    volume: str = ""
    first_page: str = ""
    front: str = ""                                     # squashed front matter
    words: list[list[str]] = field(default_factory=list)  # each title's words (index keys)
    source: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("front")
        d.pop("words")
        return d


# ----------------------------------------------------------------------------------------------
# text helpers

_GLYPH_RE = re.compile(r"/uniFB0[0-4]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def _deglyph(text: str) -> str:
    glyphs = config()["identity"]["glyphs"]
    return _GLYPH_RE.sub(lambda m: glyphs.get(m.group(0), ""), text) if "/uniFB" in text else text


@lru_cache(maxsize=65536)
def squash(text: str) -> str:
    """Lower-case letters and digits only: accents, ligatures, spaces, hyphens, punctuation gone.

    "Complex High -Temperature Phase" and "complex high-temperature phase" squash alike, as do
    "Duche ̂ ne" and "Duchêne"."""
    text = _deglyph(text)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NON_ALNUM.sub("", text.lower())


_WORD_RE = re.compile(r"[^\W\d_]{5,}")


def title_words(text: str) -> set[str]:
    """Words of at least five letters, squashed: the keys of the title index."""
    return {squash(w) for w in _WORD_RE.findall(_deglyph(text))}


# DOI: "10." registrant "/" suffix; converters put spaces around "." "/" "-" "(" ")"
_DOI_START = re.compile(r"10\s*\.\s*\d{4,9}\s*/")
_DOI_CHUNK = re.compile(r"\s*[A-Za-z0-9._;:()<>/\-\[\]]+")


def find_dois(text: str) -> list[str]:
    """DOIs in ``text``, lower-cased, spaces that converters inserted removed, trailing dot cut."""
    out: list[str] = []
    for m in _DOI_START.finditer(text):
        i = m.end()
        doi = re.sub(r"\s+", "", m.group(0))
        while True:
            c = _DOI_CHUNK.match(text, i)
            if not c:
                break
            chunk = c.group(0)
            gap = chunk[: len(chunk) - len(chunk.lstrip())]
            first = chunk.lstrip()[0]
            if gap and not (doi[-1] in "./-(_" or first in "./-)_"):
                break  # a space between two word pieces ends the DOI
            if gap and doi[-1] == "." and first.isupper():
                break  # "… 2014.01.006. More text": a new sentence
            if "\n" in gap:
                break
            doi += chunk.strip()
            i = c.end()
        doi = doi.rstrip(".,;:)").lower()
        if doi.count("(") < doi.count(")"):
            doi = doi.rstrip(")")
        if doi.count("<") < doi.count(">"):
            doi = doi.rstrip(">")  # "<https://doi.org/…>" Markdown autolinks
        if len(doi) > 8 and doi not in out:
            out.append(doi)
    return out


_YEAR = r"(?:19|20)\d\d"
# (year, volume, first page) in the usual orders:
#   ACS / RSC / Wiley  "2014 , 50 ( 28 ), 3750-3752"   "2015, 8, 3637"
#   Elsevier           "15 (2013) 15825"
#   Nature             "8 , 3637-3645 (2015)"
_BIB_PATTERNS = (
    re.compile(rf"(?P<year>{_YEAR})\s*,\s*(?:Vol\.\s*)?(?P<vol>\d{{1,4}})?\s*"
               r"(?:\(\s*[\w\-–]+\s*\)\s*)?,"
               r"\s*(?:No\.\s*|pp?\.\s*)?(?P<page>[A-Za-z]?\d{1,8})\b"),
    re.compile(rf"\b(?P<vol>\d{{1,4}})\s*\(\s*(?P<year>{_YEAR})\s*\)\s*,?\s*"
               r"(?P<page>[A-Za-z]?\d{1,8})\b"),
    re.compile(rf"\b(?P<vol>\d{{1,4}})\s*,\s*(?P<page>[A-Za-z]?\d{{1,8}})"
               r"(?:\s*[-–]\s*[A-Za-z]?\d+)?"
               rf"\s*\(\s*(?P<year>{_YEAR})\s*\)"),
)


def bib_numbers(text: str) -> list[tuple[str, str, str]]:
    """(year, volume, first page) triples of a bibliographic entry or a journal line."""
    out: list[tuple[str, str, str]] = []
    for pat in _BIB_PATTERNS:
        for m in pat.finditer(text):
            t = (m.group("year"), (m.group("vol") or "").lstrip("0"),
                 m.group("page").lower().lstrip("0"))
            if t[1] != t[0] and t not in out:
                out.append(t)
    return out


def first_page(pages: str) -> str:
    m = re.match(r"\s*([A-Za-z]?\d+)", pages or "")
    return m.group(1).lower().lstrip("0") if m else ""


_SURNAME_RE = re.compile(r"[^\W\d_][^\W\d_'’\-]*(?:[\-'’][^\W\d_]+)*")


def reference_first_author(ref: Reference) -> str:
    """The squashed surname of a reference's first author: the parsed field, else the first word
    of the entry that is not an initial ("Matsuo , M .;" and "M. Matsuo, Y. …" both give matsuo)."""
    if ref.first_author:
        return squash(ref.first_author)
    if ref.authors:
        return squash(ref.authors[0])
    raw = re.sub(r"^\s*[-–•]?\s*[\[(]?\s*\d+\s*[.)\]]?\s*\.?\s*(?:a\)\s*)?", "", ref.raw)
    for m in _SURNAME_RE.finditer(raw[:120]):
        w = m.group(0)
        nxt = raw[m.end(): m.end() + 2].lstrip()
        particles = config()["identity"]["surname_skip"]
        if len(squash(w)) >= 2 and not nxt.startswith(".") and w.lower() not in particles:
            return squash(w)
    return ""


# ----------------------------------------------------------------------------------------------
# identity

_CITE_RE = re.compile(r"cite\s+this\s*:?\s*(?P<rest>[^\n]{5,160})", re.I)
_DOI_LABEL_RE = re.compile(r"(?:\bdoi\b\s*[:.]?|doi\s*\.\s*org\s*/)\s*(?=10\s*\.)", re.I)


def _front_limit(doc: Document, text: str) -> int:
    return min(len(text), int(config()["identity"]["front_chars"]))


def _reference_spans(doc: Document) -> list[tuple[int, int]]:
    return [(b.char_start, b.char_end) for b in doc.blocks if b.kind == "reference"]


def _own_doi(doc: Document, text: str, refs: list[Reference], front_end: int) -> str:
    """The document's DOI: one labelled "DOI:"/doi.org in the front matter, else any DOI of the
    front matter, else a DOI in a sentence about the article's own supplementary data ("See DOI:
    …", "Supplementary data to this article … doi.org/…"), else a labelled DOI written at least
    ``footer_repeats`` times outside the reference list (running footers). Never a DOI that the
    document's own reference list cites."""
    cfg = config()["identity"]
    cited = {d for r in refs for d in ([r.doi.lower()] if r.doi else []) + find_dois(r.raw)}
    ref_spans = sorted(_reference_spans(doc))
    starts = [a for a, _ in ref_spans]

    def outside_refs(i: int) -> bool:
        k = bisect.bisect_right(starts, i) - 1
        return k < 0 or not (ref_spans[k][0] <= i < ref_spans[k][1])

    labelled: list[tuple[int, str]] = []
    for m in _DOI_LABEL_RE.finditer(text):
        if outside_refs(m.start()):
            for d in find_dois(text[m.end(): m.end() + 120])[:1]:
                if d not in cited:
                    labelled.append((m.start(), d))
    front = [d for i, d in labelled if i < front_end]
    if front:
        return front[0]
    for d in find_dois(text[:front_end]):
        if d not in cited:
            return d
    cues = re.compile(r"\b(?:" + "|".join(re.escape(c) for c in cfg["own_doi_cues"]) + r")\b", re.I)
    for i, d in labelled:
        start = text.rfind("\n", 0, i) + 1  # the DOI's own paragraph
        if cues.search(text, max(start, i - 400), i):
            return d
    counts: dict[str, int] = {}
    for _, d in labelled:
        counts[d] = counts.get(d, 0) + 1
    repeated = [d for _, d in labelled if counts[d] >= int(cfg["footer_repeats"])]
    return repeated[0] if repeated else ""


def identify(doc: Document, text: str, refs: list[Reference] | None = None,
             manifest: dict[str, Any] | None = None) -> Identity:
    """The identity of ``doc`` (its source ``text``); ``manifest`` fields override the text's."""
    refs = refs or []
    cfg = config()["identity"]
    front_end = _front_limit(doc, text)
    front_text = text[:front_end]
    ident = Identity(doc_id=doc.doc_id, front=squash(front_text))
    ident.doi = _own_doi(doc, text, refs, front_end)
    if ident.doi:
        ident.source["doi"] = "text"
    # title candidates: the ingest title, title blocks and headings of the front matter
    cands: list[str] = []
    if doc.title:
        cands.append(doc.title)
    for b in doc.blocks:
        if b.char_start >= front_end:
            break
        if b.kind in ("title", "heading", "paragraph"):
            piece = text[b.char_start:b.char_end].lstrip("#").strip()
            # a paragraph may be a title the converter did not mark; author and affiliation
            # lines (commas) and sentences (a final full stop) are not
            if b.kind != "paragraph" or (len(piece) < 300 and piece.count(",") <= 2
                                         and not piece.endswith(".")):
                cands.append(piece)
    min_chars = int(cfg["min_title_chars"])
    seen: set[str] = set()
    for c in cands:
        s = squash(c)
        if len(s) >= min_chars and s not in seen:
            seen.add(s)
            ident.titles.append(s)
            ident.words.append(sorted(title_words(c)))
    ident.title = doc.title
    # "Cite this: Energy Environ. Sci., 2015, 8, 3637" or a journal line "Chem. Mater. 2017, 29, 9308"
    m = _CITE_RE.search(front_text)
    triples = bib_numbers(m.group("rest")) if m else []
    if m:
        ident.venue = re.split(r"[,\d]", m.group("rest"), maxsplit=1)[0].strip(" .,")
    if not triples:
        triples = bib_numbers(text[: int(cfg["citation_line_chars"])])
    if triples:
        ident.year, ident.volume, ident.first_page = triples[0]
        ident.source.update(year="text", volume="text", first_page="text")
    if manifest:
        _apply_manifest(ident, manifest)
    return ident


def _apply_manifest(ident: Identity, entry: dict[str, Any]) -> None:
    if entry.get("doi"):
        ident.doi = str(entry["doi"]).lower()
        ident.source["doi"] = "manifest"
    if entry.get("title"):
        ident.title = str(entry["title"])
        s = squash(ident.title)
        if s not in ident.titles:
            ident.titles.insert(0, s)
            ident.words.insert(0, sorted(title_words(ident.title)))
        ident.source["title"] = "manifest"
    authors = entry.get("authors") or []
    if authors:
        ident.first_author = squash(str(authors[0]).split()[-1])
        ident.source["first_author"] = "manifest"
    for key, attr in (("year", "year"), ("volume", "volume"), ("journal", "venue")):
        if entry.get(key):
            setattr(ident, attr, str(entry[key]))
            ident.source[attr] = "manifest"
    if entry.get("pages"):
        ident.first_page = first_page(str(entry["pages"]))
        ident.source["first_page"] = "manifest"
