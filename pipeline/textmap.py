"""Normalised text of each content sentence, with its map back to source offsets.

The mentions and measurements stages read ``document.json`` and re-normalise each sentence from its
source pieces, so every span they find maps back to exact source characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Sequence

from pipeline.ingest.normalize import NormText, normalize
from pipeline.markers import MarkerSpan, find_markers
from pipeline.schema import CONTENT_KINDS, CitationMarker, Document, Sentence


LATEX_OPEN = re.compile(r"\\(?:text|mathrm|rm|mathit|textit)\{")


@dataclass
class SentenceText:
    sentence: Sentence
    norm: NormText
    source: str

    @property
    def text(self) -> str:
        return self.norm.text

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The source span of a normalised span, with its LaTeX wrappers: a ``\\text{`` that opens
        it and the braces that close it (``\\text{Li}_7...\\text{O}_{12}``, ``^{-1}``)."""
        a, b = self.norm.to_source(start, end)
        m = LATEX_OPEN.search(self.source, max(0, a - 12), a)
        if m and m.end() == a:
            a = m.start()
        depth = self.source.count("{", a, b) - self.source.count("}", a, b)
        while depth > 0 and b < len(self.source) and self.source[b] == "}":
            b += 1
            depth -= 1
        # an HTML sub/superscript left open ("Li<sub>10</sub>...S<sub>12") closes with its tag
        for tag in ("</sub>", "</sup>"):
            opened = self.source.count(tag[0] + tag[2:], a, b) - self.source.count(tag, a, b)
            if opened > 0 and self.source.startswith(tag, b):
                b += len(tag)
        return a, b

    def source_text(self, start: int, end: int) -> str:
        """The source characters of a source span (the evidence exactly as written)."""
        return self.source[start:end]


def citation_spans(markers: Sequence[CitationMarker]) -> list[MarkerSpan]:
    """The citation stage's markers as marker spans, in text order."""
    return sorted((MarkerSpan(m.char_start, m.char_end, m.raw, tuple(m.refs), m.style)
                   for m in markers), key=lambda m: (m.start, m.end))


def content_sentences(doc: Document, text: str,
                      markers: Sequence[MarkerSpan] | None = None) -> Iterator[SentenceText]:
    """Content sentences (body, captions, table rows) with normalised text, in order;
    ``markers`` is ``find_markers(text)`` when the caller has it already."""
    if markers is None:
        markers = find_markers(text)
    j = 0
    for s in doc.sentences:
        if s.kind not in CONTENT_KINDS:
            continue
        while j < len(markers) and markers[j].end <= s.char_start:
            j += 1
        inside = []
        k = j
        while k < len(markers) and markers[k].start < s.char_end:
            inside.append(markers[k])
            k += 1
        yield SentenceText(s, normalize(text, s.spans, inside), text)
