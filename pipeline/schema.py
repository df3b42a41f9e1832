"""Typed records that flow between stages, and their CSV / JSON (de)serialisation.

Every record carries the character span of its evidence in the source (``char_start``/``char_end``,
Python string indices, end exclusive). Column names and order follow ``shared/docs/OUTPUTS.md``;
extra columns are appended after the contract ones.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence, TypeVar

from pipeline.errors import DataError
from pipeline.io import atomic_write_text

T = TypeVar("T")

Span = tuple[int, int]


@dataclass
class Block:
    """A layout element of the source: paragraph, heading, caption, table row, reference, ...

    ``kind`` is one of :data:`BLOCK_KINDS`. ``spans`` holds the pieces of a stitched paragraph
    (a paragraph that page furniture interrupted); for other blocks it is ``[(char_start, char_end)]``.
    """

    id: str
    kind: str
    char_start: int
    char_end: int
    section: str = ""
    spans: list[Span] = field(default_factory=list)
    level: int = 0


BLOCK_KINDS = (
    "title", "authors", "affiliation", "abstract", "box", "heading", "paragraph", "list_item",
    "caption", "table", "table_row", "table_note", "equation", "reference", "furniture",
)
#: Block kinds whose sentences are document content (searched for citations, mentions, claims).
CONTENT_KINDS = ("abstract", "box", "paragraph", "list_item", "caption", "table_row", "table_note")


@dataclass
class Section:
    heading: str
    level: int
    char_start: int
    char_end: int


@dataclass
class Sentence:
    """A sentence; ``text`` is the source text of its pieces joined by one space."""

    id: str
    section: str
    char_start: int
    char_end: int
    text: str
    spans: list[Span]
    block_id: str
    kind: str
    norm_text: str = ""


@dataclass
class Document:
    doc_id: str
    source: str
    sha256: str
    format: str
    title: str
    sections: list[Section]
    sentences: list[Sentence]
    blocks: list[Block]
    metadata: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), ensure_ascii=False, indent=1, sort_keys=False)

    @classmethod
    def from_json(cls, text: str) -> "Document":
        d = json.loads(text)
        return cls(
            doc_id=d["doc_id"], source=d["source"], sha256=d["sha256"], format=d["format"],
            title=d["title"],
            sections=[Section(**s) for s in d["sections"]],
            sentences=[Sentence(**{**s, "spans": [tuple(p) for p in s["spans"]]})
                       for s in d["sentences"]],
            blocks=[Block(**{**b, "spans": [tuple(p) for p in b["spans"]]}) for b in d["blocks"]],
            metadata=d.get("metadata", {}),
        )


@dataclass
class Reference:
    n: int
    kind: str = "article"
    authors: list[str] = field(default_factory=list)
    first_author: str = ""
    year: str = ""
    title: str = ""
    container: str = ""
    volume: str = ""
    pages: str = ""
    doi: str = ""
    raw: str = ""
    times_cited: int = 0
    char_start: int = 0
    char_end: int = 0
    parse_ok: bool = True
    issues: list[str] = field(default_factory=list)


@dataclass
class CitationMarker:
    marker_id: str
    sentence_id: str
    char_start: int
    char_end: int
    raw: str
    refs: list[int]
    style: str = ""
    location: str = ""
    missing_refs: list[int] = field(default_factory=list)


@dataclass
class Mention:
    sentence_id: str
    char_start: int
    char_end: int
    text: str
    canonical: str
    formula: str = ""
    material_class: str = ""
    source_rule: str = ""


@dataclass
class Measurement:
    claim_id: str
    sentence_id: str
    char_start: int
    char_end: int
    material: str
    material_canonical: str
    property: str
    relation: str
    value: float | None
    value_high: float | None
    unit: str
    value_as_written: str
    temperature_c: str = ""
    conditions: dict[str, Any] = field(default_factory=dict)
    cell: str = ""
    citations: list[int] = field(default_factory=list)
    source: str = "text"
    citation_rule: str = ""
    material_rule: str = ""
    material_class: str = ""
    # where the temperature was read: "sentence", or the context a reader uses when the
    # sentence gives none - "paragraph" (an earlier sentence of the paragraph) or "document"
    # (the temperature the paper's cells were tested at)
    temperature_rule: str = ""
    # the composition behind the material's name (an abbreviation or a sample label the paper
    # defines: "LYC-BM" -> "Li3YCl6"), when known
    material_formula: str = ""
    flags: list[str] = field(default_factory=list)  # plausibility flags (pipeline/plausibility.py)
    # where the cell came from when the sentence names none: "document" (the cell the paper
    # writes out most often, for its own cell metrics)
    cell_rule: str = ""


# ----------------------------------------------------------------------------------------------
# CSV (de)serialisation


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, (list, tuple)):
        return ";".join(_cell(v) for v in value)
    return str(value)


def format_number(x: float) -> str:
    """Shortest round-trip text for a float; integers without a decimal point."""
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return repr(x)


def records_to_csv(records: Sequence[Any], record_type: type) -> str:
    names = [f.name for f in dataclasses.fields(record_type)]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(names)
    for r in records:
        writer.writerow([_cell(getattr(r, n)) for n in names])
    return buf.getvalue()


def write_records(path: Path, records: Sequence[Any], record_type: type) -> None:
    atomic_write_text(path, records_to_csv(records, record_type))


def _parse_field(f: dataclasses.Field, text: str) -> Any:
    t = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", str(f.type))
    if t == "int":
        return int(text) if text else 0
    if t == "bool":
        return text == "true"
    if t == "float | None":
        return float(text) if text else None
    if t == "list[int]":
        return [int(x) for x in text.split(";") if x]
    if t == "list[str]":
        return [x for x in text.split(";") if x]
    if t.startswith("dict"):
        return json.loads(text) if text else {}
    return text


def damaged(path: Path, why: str | BaseException = "") -> DataError:
    """The error for an output file that exists but cannot be read back (truncated, edited)."""
    if isinstance(why, UnicodeDecodeError):
        why = "not UTF-8 text"
    elif isinstance(why, json.JSONDecodeError):
        why = "not valid JSON: truncated?"
    elif isinstance(why, BaseException):
        why = "unexpected content"
    detail = f" ({why})" if why else ""
    return DataError(f"{path} is damaged{detail}: re-run litmine extract")


def read_records(path: Path, record_type: type[T]) -> list[T]:
    """Read a table written by :func:`write_records` back into records."""
    if not path.exists():
        raise DataError(f"missing input table {path} (run the previous stage first)")
    fields = {f.name: f for f in dataclasses.fields(record_type)}
    out = []
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            text = fh.read()
        if text and not text.endswith("\n"):  # litmine ends every table with a line end
            raise damaged(path, "cut off in the middle of a line")
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
        for i, row in enumerate(rows, 2):
            if None in row or None in row.values():
                raise damaged(path, f"line {i} has {'too many' if None in row else 'too few'} cells")
            kwargs = {k: _parse_field(fields[k], v) for k, v in row.items() if k in fields}
            out.append(record_type(**kwargs))
    except (UnicodeDecodeError, ValueError, TypeError, csv.Error) as exc:
        raise damaged(path, exc) from None
    return out


def read_document(path: Path) -> Document:
    if not path.exists():
        raise DataError(f"missing {path} (run the ingest stage first)")
    try:
        return Document.from_json(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise damaged(path, exc) from None
