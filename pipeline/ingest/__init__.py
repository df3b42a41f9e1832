"""Source readers: converter Markdown / plain text and PDF -> one :class:`Document` model."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.errors import InputError
from pipeline.schema import Document

MARKDOWN_SUFFIXES = (".md", ".markdown", ".txt", ".mmd")
PDF_SUFFIXES = (".pdf",)
PROSE_KINDS = ("abstract", "box", "paragraph", "list_item", "caption")


def doc_id_for(path: Path) -> str:
    """Default document id: the file name without its extension."""
    return path.stem


def decode_text(data: bytes, path: Path) -> str:
    """UTF-8 text of a Markdown/plain-text file, or an :class:`InputError` saying what is wrong."""
    if not data.strip():
        raise InputError(f"{path}: file is empty")
    sample = data[:65536]
    if b"\x00" in sample:
        raise InputError(f"{path}: binary file (NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (bad byte at offset {exc.start})") from None
    controls = sum(1 for c in text[:65536] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > 0.01 * min(len(text), 65536):
        raise InputError(f"{path}: binary file (control characters), not text")
    return text


def load_document(path: Path, doc_id: str | None = None, metadata: dict | None = None) -> tuple[Document, str]:
    """Read ``path`` into a Document; returns it with the text its offsets index.

    For Markdown/text files the offsets index the file itself; for PDFs they index the
    extracted text (written as ``text.txt`` by the ingest stage).
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a document")
    suffix = path.suffix.lower()
    data = path.read_bytes()
    if suffix in PDF_SUFFIXES:
        from pipeline.ingest.pdf import read_pdf

        text, title, blocks, sections, sentences = read_pdf(path, data)
        fmt = "pdf"
    elif suffix in MARKDOWN_SUFFIXES:
        from pipeline.ingest.markdown import read_markdown

        text = decode_text(data, path)
        title, blocks, sections, sentences = read_markdown(text)
        fmt = "markdown"
    else:
        raise InputError(f"{path}: unknown file type {suffix or '(none)'}; "
                         f"expected one of {', '.join(MARKDOWN_SUFFIXES + PDF_SUFFIXES)}")
    if not any(s.kind in PROSE_KINDS for s in sentences):
        raise InputError(f"{path}: no sentences found")
    metadata = dict(metadata or {})
    doc = Document(
        doc_id=doc_id or doc_id_for(path),
        source=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        format=fmt,
        title=metadata.get("title") or title,
        sections=sections,
        sentences=sentences,
        blocks=blocks,
        metadata=metadata,
    )
    return doc, text
