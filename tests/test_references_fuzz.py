"""Property tests: the reference parser never raises, and entry spans stay inside the input lines."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.references import _parse, parse_reference, parse_reference_list, split_entries

# Pieces of real reference entries, so that generated text reaches the deeper parsing paths.
FRAGMENTS = [
    "Murugan, R.", ", ", "and ", " & ", "X. Yue", "C.-Z. Zhao", "et al.", "(2007).", " (2013).",
    "2011", "Fast lithium ion conduction", ". ", "*", "**", "*Angew. Chem. Int. Ed.*", " 46",
    ", 7778–7781", "**21**", "*5*", "J. Electrochem. Soc.", "A1120–A1124", "eaao0713",
    "<https://doi.org/10.1038/nenergy.2015.9>", "[https://doi.org/10.1016/0032-3861\\(73\\)90146-8]",
    "(https://doi.org/10.1016/0032-3861(73)90146-8)", "US Patent 4224390A", " In ", "in ",
    "eds.", "(Elsevier)", "p. 131", "(Institut National Polytechnique de Grenoble)", "PhD thesis",
    "$\\text{Li}_{7-x}$", "Li₇La₃Zr₂O₁₂", "Li^+", "sp^3", "_{", "^{", "\\", "$", "(", ")", "[",
    "]", "?", "46. ", "- ", "\n", "  ", "—", "Van Den Broek, J.", "(26 Pt 1)", "; ", ":",
]

reference_like = st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join)
any_text = st.one_of(st.text(max_size=300), reference_like)


@settings(max_examples=200, deadline=None)
@given(text=any_text, n=st.integers(min_value=0, max_value=10_000))
def test_parse_reference_never_raises(text: str, n: int) -> None:
    ref = _parse(text, n)  # the parser itself, without parse_reference's safety net
    assert ref.n == n and ref.raw == text
    assert ref.kind in ("article", "book_chapter", "patent", "thesis", "other")
    assert ref.first_author == (ref.authors[0] if ref.authors else "")
    assert ref.parse_ok == bool(ref.authors and ref.year and (ref.title or ref.container))
    assert parse_reference(text, n) == ref


@st.composite
def consistent_lines(draw: st.DrawFn) -> list[tuple[int, int, str]]:
    """Lines cut from one generated source text, as ingest gives them."""
    texts = draw(st.lists(any_text, max_size=12))
    lines, pos = [], draw(st.integers(min_value=0, max_value=1000))
    for t in texts:
        lines.append((pos, pos + len(t), t))
        pos += len(t) + draw(st.integers(min_value=0, max_value=3))
    return lines


arbitrary_lines = st.lists(
    st.tuples(st.integers(min_value=0, max_value=500), st.integers(min_value=0, max_value=500),
              any_text),
    max_size=8)


@settings(max_examples=200, deadline=None)
@given(lines=st.one_of(consistent_lines(), arbitrary_lines))
def test_split_entries_spans_lie_inside_inputs(lines: list[tuple[int, int, str]]) -> None:
    entries = split_entries(lines)
    for start, end, text, pieces in entries:
        assert pieces and start == pieces[0][0] and end == pieces[-1][1]
        assert text.strip()
        for a, b in pieces:
            assert a < b
            assert any(s <= a and b <= e for s, e, _ in lines)


@settings(max_examples=200, deadline=None)
@given(lines=consistent_lines())
def test_split_entries_pieces_are_source_text(lines: list[tuple[int, int, str]]) -> None:
    source = {}
    for s, _e, t in lines:
        for i, ch in enumerate(t):
            source[s + i] = ch
    for _start, _end, text, pieces in split_entries(lines):
        for a, b in pieces:
            piece = "".join(source[i] for i in range(a, b))
            assert piece.strip() == piece and piece in text


@settings(max_examples=100, deadline=None)
@given(lines=consistent_lines())
def test_parse_reference_list_never_raises(lines: list[tuple[int, int, str]]) -> None:
    refs, findings = parse_reference_list(lines)
    assert len(refs) == len(split_entries(lines))
    assert all(isinstance(f, str) and f for f in findings)
