"""DVC stage ``ingest``: one source document -> ``OUTDIR/document.json`` and ``OUTDIR/text.txt``."""

from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.corpus import manifest_entry
from pipeline.ingest import load_document
from pipeline.io import atomic_write_text
from pipeline.stage import run_stage


def ingest(source: Path, out: Path, doc_id: str | None = None, manifest: Path | None = None) -> None:
    """Read ``source`` and write ``document.json`` and ``text.txt`` into ``out``."""
    metadata = manifest_entry(manifest, source) if manifest else {}
    doc, text = load_document(source, doc_id or metadata.get("doc_id"), metadata)
    atomic_write_text(out / "text.txt", text)
    atomic_write_text(out / "document.json", doc.to_json())


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m pipeline.ingest", description=__doc__)
    ap.add_argument("--source", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True, help="output folder")
    ap.add_argument("--doc-id")
    ap.add_argument("--manifest", type=Path, help="corpus manifest with bibliographic metadata")
    args = ap.parse_args(argv)
    run_stage(lambda: ingest(args.source, args.out, args.doc_id, args.manifest))


if __name__ == "__main__":
    main()
