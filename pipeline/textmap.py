"""Normalised text of each content sentence, with its map back to source offsets.

The mentions and measurements stages read ``document.json`` and re-normalise each sentence from its
source pieces, so every span they find maps back to exact source characters.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from pipeline.ingest.normalize import NormText, normalize
from pipeline.markers import find_markers
from pipeline.schema import CONTENT_KINDS, Document, Sentence


@dataclass
class SentenceText:
    sentence: Sentence
    norm: NormText
    source: str

    @property
    def text(self) -> str:
        return self.norm.text

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The source span of a normalised span, closing LaTeX braces included (``^{-1}``)."""
        a, b = self.norm.to_source(start, end)
        while b < len(self.source) and self.source[b] == "}" and "{" in self.source[a:b]:
            b += 1
        return a, b

    def source_text(self, start: int, end: int) -> str:
        """The source characters of a source span (the evidence exactly as written)."""
        return self.source[start:end]


def content_sentences(doc: Document, text: str) -> Iterator[SentenceText]:
    """Content sentences (body, captions, table rows) with normalised text, in order."""
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
