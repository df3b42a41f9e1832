"""The corpus manifest (``corpus/manifest.yaml``): one entry per document."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from pipeline.errors import DataError


def load_manifest(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        raise DataError(f"{path}: no such manifest")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    docs = data.get("docs", [])
    ids = [d["doc_id"] for d in docs]
    if len(ids) != len(set(ids)):
        raise DataError(f"{path}: duplicate doc_id")
    return docs


def manifest_entry(manifest: Path, source: Path) -> dict[str, Any]:
    """The manifest entry whose ``path`` is ``source``: relative to the manifest's folder's parent
    (``corpus/paper.md`` in ``corpus/manifest.yaml``) or to the manifest's folder (``paper.md``)."""
    folder = manifest.resolve().parent
    target = Path(source).resolve()
    for entry in load_manifest(manifest):
        if target in ((folder.parent / entry["path"]).resolve(), (folder / entry["path"]).resolve()):
            return entry
    return {}


def doc_ids_from(spec: str) -> list[str]:
    """Doc ids listed in a YAML file under a dotted key: ``params.yaml:corpus.docs``.

    DVC cannot put a list parameter on a command line, so corpus-wide stages read it this way."""
    path, _, key = spec.partition(":")
    p = Path(path)
    if not p.exists():
        raise DataError(f"{path}: no such file")
    node: Any = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
    for part in key.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    if not isinstance(node, list) or not all(isinstance(x, str) for x in node):
        raise DataError(f"{spec}: not a list of doc ids")
    return node
