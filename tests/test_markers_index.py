"""MarkerIndex (bisect over marker starts) finds exactly what a scan of every marker finds."""

import random

from pipeline.citations import _in_spans
from pipeline.markers import MarkerIndex, MarkerSpan


def _markers(rng: random.Random) -> list[MarkerSpan]:
    out = []
    for _ in range(rng.randint(0, 30)):
        a = rng.randint(0, 200)
        out.append(MarkerSpan(a, a + rng.randint(1, 12), "x", (1,), "sup"))
    return out  # unsorted, overlapping, repeated starts: the index keeps the list's order


def test_index_lookups_match_a_full_scan() -> None:
    rng = random.Random(7)
    for _ in range(300):
        ms = _markers(rng)
        index = MarkerIndex(ms)
        a = rng.randint(0, 210)
        b = a + rng.randint(0, 60)
        assert index.starting_in(a, b) == [m for m in ms if a <= m.start < b]
        assert index.overlapping(a, b) == [m for m in ms if m.end > a and m.start < b]
        spans = sorted((x, x + rng.randint(0, 40)) for x in rng.sample(range(210), 4))
        assert index.within(spans) == [m for m in ms
                                       if any(p <= m.start and m.end <= q for p, q in spans)]
        triples = [(p, q, None) for p, q in spans]
        assert _in_spans(ms, triples) == [m for m in ms
                                          if any(p <= m.start and m.end <= q for p, q in spans)]
