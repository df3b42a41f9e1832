"""Reader for converter Markdown (marker, docling, MinerU, nougat output) -> :class:`Document`.

Steps, each a pure function:

1. :func:`raw_blocks` cuts the source into blocks (paragraph lines, table rows, list items).
2. :func:`classify` labels each block (heading, caption, affiliation, table_row, reference, ...),
   separating front matter (title, authors, abstract, boxes) from the body.
3. :func:`stitch` rejoins body paragraphs that page furniture interrupted mid-sentence; the
   inserted blocks stay elements of their own.
4. :func:`build_sentences` normalises each content block and splits it into sentences whose pieces
   map back to exact source spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache


from pipeline.ingest.normalize import normalize
from pipeline.ingest.sentences import split_sentences
from pipeline.markers import MarkerIndex, MarkerSpan, find_markers
from pipeline.reflist import trailing_list
from pipeline.schema import CONTENT_KINDS, Block, Section, Sentence, Span
from pipeline.resources import load_yaml

TERMINAL = re.compile(r"[.!?:][\"”’')\]]*$")
TRAILING_NOISE = re.compile(r"(?:\s|[⁰¹²³⁴⁵⁶⁷⁸⁹,⁻–]|\^\{[\d,–\-\s]+\}|\(\s*\d+(?:\s*[-–,]\s*\d+)*\s*\)"
                            r"|<sup>[\d,–\-\s]+</sup>)+$")
INTERRUPTING = ("furniture", "affiliation", "caption", "table", "table_row", "table_note",
                "equation", "box")


@dataclass(frozen=True)
class Layout:
    caption: re.Pattern[str]
    caption_panel: re.Pattern[str]
    caption_credit: re.Pattern[str]
    table_caption: re.Pattern[str]
    affiliation: tuple[re.Pattern[str], ...]
    furniture: tuple[re.Pattern[str], ...]
    equation: re.Pattern[str]
    reference_heading: re.Pattern[str]
    back_matter_heading: re.Pattern[str]
    box_heading: re.Pattern[str]
    abstract_heading: re.Pattern[str]
    run_in_heading: re.Pattern[str]
    small_words: frozenset[str]
    heading_max_words: int
    not_heading: tuple[re.Pattern[str], ...]
    heading_min_letters: int
    heading_max_chars: int
    table_row_min_tabs: int


@lru_cache(maxsize=1)
def layout() -> Layout:
    cfg = load_yaml("layout.yaml")
    c = re.compile
    return Layout(
        caption=c(cfg["caption"]), caption_panel=c(cfg["caption_panel"]),
        caption_credit=c(cfg["caption_credit"]), table_caption=c(cfg["table_caption"]),
        affiliation=tuple(c(p) for p in cfg["affiliation"]),
        furniture=tuple(c(p) for p in cfg["furniture"]),
        equation=c(cfg["equation"]), reference_heading=c(cfg["reference_heading"]),
        back_matter_heading=c(cfg["back_matter_heading"]), box_heading=c(cfg["box_heading"]),
        abstract_heading=c(cfg["abstract_heading"]), run_in_heading=c(cfg["run_in_heading"]),
        small_words=frozenset(cfg["small_words"]), heading_max_words=cfg["heading_max_words"],
        not_heading=tuple(c(p) for p in cfg["not_heading"]),
        heading_min_letters=cfg["heading_min_letters"],
        heading_max_chars=cfg["heading_max_chars"], table_row_min_tabs=cfg["table_row_min_tabs"],
    )


@dataclass
class RawBlock:
    start: int
    end: int
    text: str
    kind: str = ""
    level: int = 0
    heading: str = ""
    spans: list[Span] = field(default_factory=list)


# ------------------------------------------------------------------------------------------------
# 1. blocks


def raw_blocks(source: str) -> list[RawBlock]:
    """Cut the source into blocks: runs of non-blank lines; table rows and list items alone."""
    blocks: list[RawBlock] = []
    pos = 1 if source.startswith("\ufeff") else 0  # a byte-order mark stays character 0
    current: list[tuple[int, int]] = []

    def flush() -> None:
        if current:
            a, b = current[0][0], current[-1][1]
            blocks.append(RawBlock(a, b, source[a:b]))
            current.clear()

    for line in source[pos:].splitlines(keepends=True):
        a = pos
        pos += len(line)
        body = line.rstrip("\r\n")
        b = a + len(body)
        stripped = body.strip()
        if not stripped:
            flush()
            continue
        # trim surrounding spaces so the block span is the text itself
        a += len(body) - len(body.lstrip())
        b -= len(body) - len(body.rstrip())
        if _is_table_line(body) or re.match(r"\s*(?:[-*+]\s|\d{1,4}\.\s)", body):
            flush()
            blocks.append(RawBlock(a, b, source[a:b]))
            continue
        current.append((a, b))
    flush()
    return blocks


def _is_table_line(line: str) -> bool:
    s = line.strip()
    return line.count("\t") >= layout().table_row_min_tabs or (
        s.startswith("|") and s.endswith("|") and s.count("|") >= 3)


# ------------------------------------------------------------------------------------------------
# 2. classification


def _matches_any(patterns: tuple[re.Pattern[str], ...], text: str) -> bool:
    return any(p.match(text) for p in patterns)


def looks_like_heading(text: str) -> bool:
    """A bare heading line: short, no final punctuation, Title Case or ALL CAPS."""
    lay = layout()
    s = text.strip()
    if not s or len(s) > lay.heading_max_chars or TERMINAL.search(s) or s[-1] in ",;":
        return False
    words = re.findall(r"[^\s]+", s)
    if not words or len(words) > lay.heading_max_words or not s[0].isupper():
        return False
    if sum(ch.isalpha() for ch in s) < lay.heading_min_letters or any(
            p.search(s) for p in lay.not_heading):
        return False  # an address, a journal's furniture, a drop capital
    if words[-1].lower() in lay.small_words or "$" in s or "=" in s:
        return False
    content = [w for w in words if w.lower() not in lay.small_words]
    capital = sum(1 for w in content if w[0].isupper() or not w[0].isalpha())
    return capital == len(content)


def heading_level(text: str) -> int:
    letters = [c for c in text if c.isalpha()]
    return 1 if letters and all(c.isupper() for c in letters) else 2


def classify(blocks: list[RawBlock]) -> list[RawBlock]:
    """Label every block; see :data:`pipeline.schema.BLOCK_KINDS`."""
    lay = layout()
    in_refs = False
    seen_body_heading = False
    title_found = False
    prev_kind = ""
    for i, blk in enumerate(blocks):
        s = blk.text.strip()
        md = re.match(r"^(#{1,6})\s+(.*)$", s)
        heading_text = md.group(2).strip() if md else s
        kind = ""
        if _matches_any(lay.furniture, s):
            kind = "furniture"
        elif lay.reference_heading.match(s):
            kind, blk.level, in_refs = "heading", 1, True
        elif in_refs and (lay.back_matter_heading.match(s)
                          or (md and not re.match(r"^\d", heading_text))):
            in_refs = False
        if not kind and in_refs:
            kind = "reference"
        if not kind and prev_kind == "title" and _looks_like_authors(s):
            kind = "authors"
        if not kind:
            kind = _classify_one(blk, s, md, heading_text, prev_kind, title_found,
                                 seen_body_heading, blocks[i + 1:i + 2])
        if kind == "title":
            title_found = True
        if kind == "heading":
            blk.heading = heading_text
            if not blk.level:
                blk.level = 1 if md and len(md.group(1)) == 1 else heading_level(heading_text)
            if title_found:
                seen_body_heading = True
        blk.kind = kind
        if kind not in ("furniture",):
            prev_kind = kind
    _headingless_references(blocks)
    _front_matter(blocks)
    _heading_levels(blocks)
    return blocks


def _headingless_references(blocks: list[RawBlock]) -> None:
    """No reference heading: the trailing run of numbered entries is the list (pipeline.reflist)."""
    if any(b.kind == "reference" for b in blocks):
        return
    found = trailing_list([b.text for b in blocks])
    if found:
        for b in blocks[found[0]:found[1] + 1]:
            if b.kind not in ("heading", "title"):
                b.kind = "reference"


def _classify_one(blk: RawBlock, s: str, md: re.Match[str] | None, heading_text: str,
                  prev_kind: str, title_found: bool, seen_body_heading: bool,
                  nxt: list[RawBlock]) -> str:
    lay = layout()
    if _is_table_line(blk.text):
        if re.fullmatch(r"[|\s:\-]+", s):
            return "furniture"
        return "table_row"
    if lay.equation.match(s):
        return "equation"
    if _matches_any(lay.affiliation, s) and (not seen_body_heading or _affiliation_words(s)):
        return "affiliation"
    if re.match(r"^\*\s?(?:Correspondence|Corresponding)", s) or s.startswith("*Corresponding"):
        return "affiliation"
    if lay.caption.match(s) and not lay.table_caption.match(s):
        return "caption"
    if lay.table_caption.match(s):
        return "caption"
    if prev_kind in ("caption",) and (lay.caption_panel.match(s) or lay.caption_credit.match(s)):
        return "caption"
    if prev_kind in ("table_row",) and len(s) < 200 and not nxt_is_paragraph_start(s):
        return "table_note"
    if lay.box_heading.match(heading_text):
        return "heading"
    if md:
        if any(p.search(heading_text) for p in lay.not_heading):
            return "furniture"  # "## PAPER", "## Quai Ernest-Ansermet 24"
        if title_found:
            return "heading"
        words = len(heading_text.split())
        top = len(md.group(1)) == 1  # "# Title": the document title even when short
        return "title" if words >= 4 or (top and words >= 2) else "furniture"
    if not title_found and len(s.split()) >= 4 and not TERMINAL.search(TRAILING_NOISE.sub("", s)) \
            and len(s) < 300 \
            and not _several_sentences(s):
        return "title"
    if looks_like_heading(s) and nxt and not nxt[0].text.strip()[:1].islower():
        return "heading"
    if re.match(r"^[-*+]\s", s):
        return "list_item"
    return "paragraph"


def _several_sentences(s: str) -> bool:
    """Running text, not a title: a sentence end followed by another sentence, or a trailing
    citation ("... solid electrolyte.[1] Table 1 compares ...")."""
    return bool(re.search(r"[.!?](?:\[[\d,\s–-]+\]|[⁰¹²³⁴⁵⁶⁷⁸⁹]+)?\s+[A-Z]", s)
                or re.search(r"\[[\d,\s–-]+\]$", s))


def _looks_like_authors(s: str) -> bool:
    """The line after the title: names separated by commas/"and", often with affiliation marks."""
    return len(s) < 800 and not TERMINAL.search(s) and (s.count(",") >= 1 or " and " in s)


def nxt_is_paragraph_start(s: str) -> bool:
    return len(s) > 120


def _affiliation_words(s: str) -> bool:
    return bool(re.search(r"University|Institute|Laboratory|Department|School|College|Center|"
                          r"Centre|Academy|These authors|contributed equally|Lead [Cc]ontact", s))


def _front_matter(blocks: list[RawBlock]) -> None:
    """Blocks before the first body heading: title, authors, abstract; boxes anywhere."""
    lay = layout()
    first_heading = next((i for i, b in enumerate(blocks) if b.kind == "heading"
                          and not lay.box_heading.match(b.heading)), len(blocks))
    title_idx = next((i for i, b in enumerate(blocks[:first_heading]) if b.kind == "title"), None)
    abstract_state = "before"  # -> "in" (a run of paragraphs) -> "after" (something else came)
    for i, b in enumerate(blocks[:first_heading]):
        if b.kind == "title" and i != title_idx:
            b.kind = "paragraph"
        if b.kind == "paragraph":
            if abstract_state == "after":
                continue  # an introduction without a heading (Nature style): body text
            b.kind, abstract_state = "abstract", "in"
        elif abstract_state == "in" and b.kind not in ("furniture", "box"):
            abstract_state = "after"
    for i, b in enumerate(blocks):
        if b.kind == "heading" and lay.box_heading.match(b.heading):
            b.kind = "furniture"
            b.heading = ""
            for nb in blocks[i + 1:]:
                if nb.kind == "paragraph":
                    nb.kind = "box"
                    break
                if nb.kind == "heading":
                    break


def _heading_levels(blocks: list[RawBlock]) -> None:
    """Bare Title Case headings: a heading right after a heading is one level deeper."""
    prev: RawBlock | None = None
    for b in blocks:
        if b.kind == "furniture":
            continue
        if b.kind == "heading" and prev is not None and prev.kind == "heading" \
                and b.level <= prev.level and not re.match(r"^#", b.text) \
                and prev.level >= 1 and not layout().reference_heading.match(prev.text.strip()):
            b.level = prev.level + 1
        elif b.kind == "heading" and b.level == 2 and prev is not None:
            last = _last_heading_level(blocks, b)
            if last and last > 2:
                b.level = last
        prev = b


def _last_heading_level(blocks: list[RawBlock], current: RawBlock) -> int:
    """Level of the previous Title Case heading under the same top-level heading."""
    level = 0
    for b in blocks:
        if b is current:
            return level
        if b.kind == "heading":
            level = b.level if b.level > 1 else 0
    return level


# ------------------------------------------------------------------------------------------------
# 3. stitching and run-in headings


def ends_incomplete(text: str) -> bool:
    """True when a paragraph stops mid-sentence (no final punctuation after trailing markers)."""
    core = TRAILING_NOISE.sub("", text.rstrip())
    return bool(core) and not TERMINAL.search(core)


def stitch(blocks: list[RawBlock]) -> list[RawBlock]:
    """Join paragraphs interrupted by page furniture; drop the continuation blocks."""
    out: list[RawBlock] = []
    open_para: RawBlock | None = None
    for b in blocks:
        if b.kind in ("paragraph", "list_item") and open_para is not None:
            open_para.spans.append((b.start, b.end))
            open_para.end = b.end
            if not ends_incomplete(b.text):
                open_para = None
            continue
        if b.kind == "paragraph":
            b.spans = [(b.start, b.end)]
            out.append(b)
            open_para = b if ends_incomplete(b.text) else None
            continue
        if b.kind not in INTERRUPTING:
            open_para = None
        b.spans = [(b.start, b.end)]
        out.append(b)
    return out


def split_run_in_headings(blocks: list[RawBlock]) -> list[RawBlock]:
    """``Oxides. The general formula ...`` -> a level-4 heading block and the paragraph."""
    out: list[RawBlock] = []
    lay = layout()
    level = 1
    for b in blocks:
        if b.kind == "heading":
            level = b.level
        m = lay.run_in_heading.match(b.text) if b.kind == "paragraph" else None
        if m and len(m.group(1).split()) <= 8 and not _is_sentence_start(m.group(1)) \
                and not any(p.search(b.text[:m.end()]) for p in lay.not_heading):  # "Prof. A. B"
            h_end = b.start + m.end(1) + 1
            out.append(RawBlock(b.start, h_end, b.text[:m.end(1) + 1], "heading", level + 1, m.group(1),
                                [(b.start, h_end)]))
            p_start = b.start + m.end()
            b.spans = [(p_start, b.spans[0][1])] + b.spans[1:]
            b.start = p_start
            b.text = b.text[m.end():]
        out.append(b)
    return out


def _is_sentence_start(words: str) -> bool:
    """A short real sentence ("In 2015 it failed.") is not a heading."""
    return bool(re.search(r"\d", words)) or words.split()[0] in {"In", "The", "This", "These",
                                                                  "However", "It", "We", "As"}


# ------------------------------------------------------------------------------------------------
# 4. sections and sentences


def build_sections(blocks: list[RawBlock], text_end: int) -> list[Section]:
    heads = [b for b in blocks if b.kind == "heading"]
    sections: list[Section] = []
    for i, h in enumerate(heads):
        end = text_end
        for nh in heads[i + 1:]:
            if nh.level <= h.level:
                end = nh.start
                break
        sections.append(Section(h.heading, h.level, h.start, end))
    return sections


def _pieces_of(span: tuple[int, int], starts: list[int], ends: list[int],
               pieces: list[Span]) -> list[Span]:
    """Source pieces covered by the normalised span (clipped to each block piece)."""
    a, b = span
    src_a, src_b = starts[a], ends[b - 1]
    out = []
    for p_start, p_end in pieces:
        lo, hi = max(src_a, p_start), min(src_b, p_end)
        if lo < hi:
            out.append((lo, hi))
    return out


def build_sentences(source: str, blocks: list[RawBlock],
                    markers: list[MarkerSpan]) -> tuple[list[Block], list[Sentence]]:
    out_blocks: list[Block] = []
    sentences: list[Sentence] = []
    section = ""
    front = {"abstract": "Abstract", "box": "Box"}
    index = MarkerIndex(markers)
    for bi, b in enumerate(blocks):
        bid = f"b{bi + 1}"
        if b.kind == "heading":
            section = b.heading
        sec = front.get(b.kind, section)
        out_blocks.append(Block(bid, b.kind, b.start, b.end, sec, list(b.spans), b.level))
        if b.kind not in CONTENT_KINDS:
            continue
        inside = index.within(b.spans)
        norm = normalize(source, b.spans, inside)
        spans = [(0, len(norm.text))] if b.kind == "table_row" else split_sentences(norm.text)
        for a, z in spans:
            pieces = _pieces_of((a, z), norm.starts, norm.ends, b.spans)
            if not pieces:
                continue
            sid = f"s{len(sentences) + 1}"
            text = " ".join(source[p:q] for p, q in pieces)
            sentences.append(Sentence(sid, sec, pieces[0][0], pieces[-1][1], text, pieces, bid,
                                      b.kind, norm.text[a:z]))
    return out_blocks, sentences


_CR = re.compile(r"\r(\n)?")


def lf_view(text: str) -> str:
    """``text`` with every line ending made a ``\n`` without moving any offset: ``\r\n`` becomes
    `` \n`` and a lone ``\r`` ``\n`` (so CRLF, CR and mixed files read like LF files)."""
    if "\r" not in text:
        return text
    return _CR.sub(lambda m: " \n" if m.group(1) else "\n", text)


def read_markdown(source: str) -> tuple[str, list[Block], list[Section], list[Sentence]]:
    """Parse converter Markdown; returns (title, blocks, sections, sentences).

    The layout is read on :func:`lf_view` of ``source`` (same offsets); sentence texts are the
    source's own characters."""
    view = lf_view(source)
    blocks = classify(raw_blocks(view))
    blocks = split_run_in_headings(stitch(blocks))
    markers = find_markers(view)
    out_blocks, sentences = build_sentences(view, blocks, markers)
    sections = build_sections(blocks, len(view))
    title = next((_plain_title(b.text) for b in blocks if b.kind == "title"), "")
    if view is not source:
        for s in sentences:
            s.text = " ".join(source[a:b] for a, b in s.spans)
    return title, out_blocks, sections, sentences


def _plain_title(text: str) -> str:
    return re.sub(r"^#+\s*", "", text).strip()
