"""DVC stage ``mentions``: material mentions of every content sentence -> ``mentions.csv``.

Abbreviations are collected over the whole document first (``Li7La3Zr2O12 (LLZO)``), so every
later ``LLZO`` resolves to its long form and class.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.materials import find_abbreviations, find_mentions
from pipeline.schema import Mention, read_document, write_records
from pipeline.stage import run_stage
from pipeline.textmap import SentenceText, content_sentences
from pipeline.io import read_text_exact


def document_mentions(doc_path: Path, text_path: Path,
                      sentences: list[SentenceText] | None = None) -> list[Mention]:
    """Mentions of every content sentence; ``sentences`` (from :func:`content_sentences` on the
    same document) saves normalising them again."""
    text = read_text_exact(text_path)
    if sentences is None:
        sentences = list(content_sentences(read_document(doc_path), text))
    abbreviations = find_abbreviations([st.text for st in sentences])
    out: list[Mention] = []
    for st in sentences:
        for m in find_mentions(st.text, abbreviations):
            a, b = st.source_span(m.start, m.end)
            out.append(Mention(st.sentence.id, a, b, text[a:b], m.info.canonical, m.info.formula,
                               m.info.material_class, m.info.rule))
    return out


def run(doc_path: Path, text_path: Path, out_path: Path,
        sentences: list[SentenceText] | None = None) -> None:
    write_records(out_path, document_mentions(doc_path, text_path, sentences), Mention)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m pipeline.mentions", description=__doc__)
    ap.add_argument("--doc", type=Path, required=True)
    ap.add_argument("--text", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args(argv)
    run_stage(lambda: run(a.doc, a.text, a.out))


if __name__ == "__main__":
    main()
