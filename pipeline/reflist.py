"""Where the reference list is when no heading announces it.

Converter Markdown often loses the ``References`` heading (Wiley, AIP and RSC layouts put the list
after the acknowledgements without one). :func:`trailing_list` finds the list as a run of numbered
entries near the end of the document: numbers that start at 1 and climb (allowing the small
swaps of a two-column layout), most entries carrying a year. The ingest stage labels those blocks
``reference``; the references stage parses them like any other list.

Pure functions; the patterns are data in ``models/references.yaml`` (``list_entry_number``,
``list_entry_evidence``, ``headingless``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from pipeline.resources import load_yaml


@dataclass(frozen=True)
class _Rules:
    number: re.Pattern[str]
    evidence: re.Pattern[str]
    min_entries: int
    min_evidence_share: float
    max_step_back: int
    max_step_forward: int
    max_gap_blocks: int


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    cfg = load_yaml("references.yaml")
    h = cfg["headingless"]
    return _Rules(re.compile(cfg["list_entry_number"]), re.compile(cfg["list_entry_evidence"]),
                  int(h["min_entries"]), float(h["min_evidence_share"]),
                  int(h["max_step_back"]), int(h["max_step_forward"]), int(h["max_gap_blocks"]))


def entry_number(text: str) -> int | None:
    """The printed number of a reference-list entry line (``- [4] a) N.``, ``(12) Kamaya``,
    ``- 9 N. Kamaya``, ``12. Kamaya``), else None."""
    m = _rules().number.match(text.strip())
    if not m:
        return None
    return int(next(g for g in m.groups() if g))


def trailing_list(texts: Sequence[str]) -> tuple[int, int] | None:
    """The blocks ``[first, last]`` (indices into ``texts``) of a headingless numbered reference
    list, or None. The list is the last run that starts at entry 1, climbs by small steps (other
    blocks may sit between entries: continuations, page furniture), has at least
    ``min_entries`` entries, and most of whose entries carry a year or a volume/pages tail."""
    r = _rules()
    numbered = [(i, n) for i, t in enumerate(texts) if (n := entry_number(t)) is not None]
    best: tuple[int, int] | None = None
    k = 0
    while k < len(numbered):
        i0, n0 = numbered[k]
        if n0 != 1:
            k += 1
            continue
        run = [numbered[k]]
        hi = 1
        j = k + 1
        while j < len(numbered):
            i, n = numbered[j]
            if i - run[-1][0] - 1 > r.max_gap_blocks or not hi - r.max_step_back <= n <= hi + r.max_step_forward:
                break
            run.append(numbered[j])
            hi = max(hi, n)
            j += 1
        evidence = sum(1 for i, _ in run if r.evidence.search(texts[i]))
        if len(run) >= r.min_entries and evidence >= r.min_evidence_share * len(run):
            best = (run[0][0], run[-1][0])
        k = j if j > k + 1 else k + 1
    return best
