"""Source readers: converter Markdown / plain text and PDF -> one :class:`Document` model."""

from __future__ import annotations

import codecs
import hashlib
import os
import stat
from functools import lru_cache
from pathlib import Path

from pipeline.errors import InputError
from pipeline.resources import load_yaml
from pipeline.schema import Document

MARKDOWN_SUFFIXES = (".md", ".markdown", ".txt", ".mmd")
PDF_SUFFIXES = (".pdf",)
PROSE_KINDS = ("abstract", "box", "paragraph", "list_item", "caption")


def doc_id_for(path: Path) -> str:
    """Default document id: the file name without its extension."""
    return path.stem


# byte-order marks of the UTF-32 and UTF-16 encodings (UTF-32 first: its LE mark starts with UTF-16's)
_WIDE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
              (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _looks_utf16(sample: bytes) -> bool:
    """Mostly ASCII text in UTF-16 without a byte-order mark: every other byte is NUL."""
    even, odd = sample[0::2], sample[1::2]
    return len(sample) >= 4 and max(even.count(0) / len(even), odd.count(0) / max(1, len(odd))) > 0.4 \
        and min(even.count(0) / len(even), odd.count(0) / max(1, len(odd))) < 0.05


def decode_text(data: bytes, path: Path) -> str:
    """The text of a Markdown/plain-text file, or an :class:`InputError` saying what is wrong.

    UTF-8 (a byte-order mark is kept as character 0, as Python's ``utf-8`` codec reads it); UTF-16
    or UTF-32 with a byte-order mark is decoded too (its offsets then index ``text.txt``, the
    UTF-8 copy, as for PDFs)."""
    for bom, codec in _WIDE_BOMS:
        if data.startswith(bom):
            try:
                data = data.decode(codec).encode("utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(f"{path}: not {codec.upper()} text (bad byte at offset "
                                 f"{exc.start})") from None
            break
    if not data.strip() or not data.lstrip(codecs.BOM_UTF8).strip():
        raise InputError(f"{path}: file is empty")
    sample = data[:65536]
    if b"\x00" in sample:
        if _looks_utf16(sample):
            raise InputError(f"{path}: UTF-16 text without a byte-order mark; convert it to UTF-8")
        raise InputError(f"{path}: binary file (NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (bad byte at offset {exc.start})") from None
    controls = sum(1 for c in text[:65536] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > 0.01 * min(len(text), 65536):
        raise InputError(f"{path}: binary file (control characters), not text")
    return text


@lru_cache(maxsize=1)
def max_bytes() -> dict[str, int]:
    """The input size limits of ``models/input.yaml``, in bytes per format."""
    return {k: int(v * 1024 * 1024) for k, v in load_yaml("input.yaml")["max_megabytes"].items()}


def read_input(path: Path) -> tuple[bytes, str]:
    """The bytes and format (markdown, pdf) of the document ``path``; its type and size are
    checked before anything is read, so a FIFO, a device or a huge file fails at once."""
    try:
        st = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise InputError(f"{path}: broken symbolic link") from None
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{path}: is a directory, not a document")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{path}: not a regular file (a FIFO, device or socket)")
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        fmt = "pdf"
    elif suffix in MARKDOWN_SUFFIXES:
        fmt = "markdown"
    else:
        raise InputError(f"{path}: unknown file type {suffix or '(none)'}; "
                         f"expected one of {', '.join(MARKDOWN_SUFFIXES + PDF_SUFFIXES)}")
    limit = max_bytes()[fmt]
    too_big = InputError(f"{path}: file too large ({st.st_size / 1048576:.0f} MB; the limit for "
                         f"{fmt} input is {limit // 1048576} MB)")
    if st.st_size > limit:
        raise too_big
    try:
        with open(path, "rb", opener=lambda p, f: os.open(p, f | os.O_NONBLOCK)) as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    if len(data) > limit:
        raise too_big
    return data, fmt


def load_document(path: Path, doc_id: str | None = None, metadata: dict | None = None) -> tuple[Document, str]:
    """Read ``path`` into a Document; returns it with the text its offsets index.

    For Markdown/text files the offsets index the file itself; for PDFs they index the
    extracted text (written as ``text.txt`` by the ingest stage).
    """
    path = Path(path)
    data, fmt = read_input(path)
    if fmt == "pdf":
        from pipeline.ingest.pdf import read_pdf

        text, title, blocks, sections, sentences = read_pdf(path, data)
    else:
        from pipeline.ingest.markdown import read_markdown

        text = decode_text(data, path)
        title, blocks, sections, sentences = read_markdown(text)
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
