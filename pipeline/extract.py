"""``litmine extract``: run every stage for one document into one output folder, atomically.

The stages write into a temporary sibling folder that replaces ``OUTDIR`` only when all of them
succeeded, so a failed run never leaves half a dataset behind; which folders may be written at all
is decided by :mod:`pipeline.outdir` (the output-safety rule).
"""

from __future__ import annotations

from pathlib import Path

from pipeline import citations, graph, measurements, mentions, references
from pipeline.ingest import doc_id_for
from pipeline.ingest.__main__ import ingest
from pipeline.markers import find_markers
from pipeline.outdir import building, write_marker
from pipeline.schema import CitationMarker, read_document, read_records
from pipeline.textmap import citation_spans, content_sentences
from pipeline.io import read_text_exact


def run_all(source: Path, out: Path, doc_id: str | None = None,
            manifest: Path | None = None) -> None:
    """All stages for ``source`` writing into ``out`` (which must be a fresh folder).

    The citation markers are found once (references, citations and the content sentences use
    them) and the content sentences normalised once (the mentions and measurements stages use them).
    """
    ingest(source, out, doc_id, manifest)
    doc, text = out / "document.json", out / "text.txt"
    source_text = read_text_exact(text)
    found = find_markers(source_text)
    references.run(doc, out / "references.csv", text, found)
    citations.run(doc, text, out / "references.csv", out, found)
    # every marker the citations stage resolved, flattened superscripts included, becomes a
    # marker token in the sentences, so its digits are never read as values or formulas
    resolved = citation_spans(read_records(out / "citations.csv", CitationMarker))
    sentences = list(content_sentences(read_document(doc), source_text, resolved or found))
    mentions.run(doc, text, out / "mentions.csv", sentences)
    measurements.run(doc, text, out / "citations.csv", out / "mentions.csv", out,
                     out / "references.csv", sentences)
    graph.run([out], out)


def extract(source: Path, out: Path | None = None, doc_id: str | None = None,
            manifest: Path | None = None, marker_info: dict[str, str] | None = None) -> Path:
    """Extract ``source`` into ``out`` (default ``outputs/<doc_id>``); returns the folder.

    ``marker_info`` is recorded in the folder's marker (a folder run's cache key)."""
    source = Path(source)
    out = Path(out) if out else Path("outputs") / (doc_id or doc_id_for(source))
    with building(out, [source]) as tmp:
        run_all(source, tmp, doc_id, manifest)
        write_marker(tmp, "document", source=str(source), **(marker_info or {}))
    return out
