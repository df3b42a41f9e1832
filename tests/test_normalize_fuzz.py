"""Property tests of the normaliser and its offset map (pipeline/ingest/normalize.py).

Any source and any ordered pieces of it: no exception; one (start, end) source span per output
character; the map is monotone; every mapped span lies inside one of the pieces (or is the empty
span where two pieces are joined); ``to_source`` stays inside the source.
Plain ASCII prose without the characters the normaliser rewrites comes back unchanged.
"""

from __future__ import annotations

import string

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pipeline.ingest.normalize import _rules, normalize
from pipeline.markers import find_markers

FUZZ = settings(max_examples=300, deadline=None, derandomize=True, database=None)

PIECES = [
    "$", "\\text{", "\\times", "\\sim", "\\mathrm{", "\\,", "\\", "\\unknown", "}", "{", "^", "^{-1}",
    "_{", "_", "10", " 10 -3", "cm -1", " cm–1", "mS", " S", "₇", "₂", " ₂ ", "⁻", "¹", "⁸⁶", "⁴⁺",
    "−", "–", "ﬁ", "μ", "Ω", "\u00a0", "\u200b", "\ufeff", "•", " · ", "*", "**", "*ex situ*",
    "[Figure 1](#)", "[", "](", ")", "<https://doi.org/10.1/x>", "<", ">", " ", "  ", "\n", "\t",
    "et al.", "¹⁸", "[12]", "( 24 )", "Li", "La", "O", "0.5", ".", ",", "a", "é", "\r",
]

sources = st.one_of(
    st.text(max_size=120),
    st.lists(st.sampled_from(PIECES), max_size=30).map("".join),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=25).map("".join),
)


@st.composite
def source_and_pieces(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    """A source and ordered, non-overlapping pieces of it (possibly empty, possibly all of it)."""
    source = draw(sources)
    cuts = sorted(draw(st.lists(st.integers(min_value=0, max_value=len(source)), max_size=8)))
    if draw(st.booleans()) or len(cuts) < 2:
        return source, [(0, len(source))]
    pairs = list(zip(cuts[0::2], cuts[1::2]))
    return source, [(a, b) for a, b in pairs if a < b]


def _check(source: str, pieces: list[tuple[int, int]], with_markers: bool) -> None:
    markers = find_markers(source) if with_markers else ()
    n = normalize(source, pieces, markers)
    assert len(n.starts) == len(n.ends) == len(n.text)
    assert n.text == n.text.strip(" ") and "  " not in n.text
    assert n.starts == sorted(n.starts) and n.ends == sorted(n.ends)  # monotone
    for s, e in zip(n.starts, n.ends):
        assert 0 <= s <= e <= len(source)
        assert any(a <= s and e <= b for a, b in pieces), (s, e, pieces)
    for i in range(len(n.text)):
        a, b = n.to_source(i, i + 1)
        assert 0 <= a <= b <= len(source)
    if n.text:
        a, b = n.to_source(0, len(n.text))
        assert pieces[0][0] <= a <= b <= pieces[-1][1]


@FUZZ
@given(source_and_pieces(), st.booleans())
def test_normalize_offset_map(sp: tuple[str, list[tuple[int, int]]], with_markers: bool) -> None:
    source, pieces = sp
    _check(source, pieces, with_markers)


@FUZZ
@given(st.text(max_size=60), st.integers(-5, 80), st.integers(-5, 80))
def test_to_source_clamps_any_span(source: str, start: int, end: int) -> None:
    n = normalize(source, [(0, len(source))])
    a, b = n.to_source(start, end)
    assert 0 <= a <= b <= len(source)


# -- plain ASCII text is left alone ----------------------------------------------------------------
# Characters the normaliser rewrites on purpose, and why (module docstring of normalize.py):
#   \ { } $ ^ _   LaTeX (commands dropped or mapped, braces and math delimiters removed)
#   * [ ] < >     Markdown emphasis, links and autolinks
#   whitespace    runs of spaces, tabs and newlines collapse to one space; ends are stripped
#   "cm -1", "g-1", "10 -3"   converter-split exponents are repaired to "cm^-1", "10^-3" (the
#                 split_minus rule) -- so ASCII containing those patterns is excluded below.
# Citation markers are only rewritten when passed in (``markers=``); none are passed here.
PLAIN = string.ascii_letters + string.digits + ".,;:()-+=/%'\"!?&#@~|`"
words = st.text(alphabet=PLAIN, min_size=1, max_size=12)
plain_text = st.lists(words, min_size=1, max_size=15).map(" ".join)


@FUZZ
@given(plain_text)
def test_plain_ascii_is_unchanged(text: str) -> None:
    assume(not _rules().split_minus.search(text))
    n = normalize(text, [(0, len(text))])
    assert n.text == text
    assert n.starts == list(range(len(text))) and n.ends == list(range(1, len(text) + 1))


@FUZZ
@given(plain_text)
def test_plain_ascii_changes_only_at_split_minus(text: str) -> None:
    """With a split exponent (``cm-1``) the only change is ``-`` -> ``^-`` at each such site."""
    expected = _rules().split_minus.sub(lambda m: m.group(0).replace(m.group(1), "^-"), text)
    assert normalize(text, [(0, len(text))]).text == expected
