"""Property tests of the citation-marker parser (pipeline/markers.py).

Any string: no exception, sorted non-overlapping spans inside the input, ``text[start:end] == raw``,
positive reference numbers. A marker rendered by a strategy (``^{3,5–7}``, ``[3, 5–7]``, ``( 3 )``,
``³,⁵⁻⁷``) parses back to exactly the numbers rendered.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.markers import SUPERSCRIPT_DIGITS, _config, expand_numbers, find_markers

# CI-deterministic: the same examples on every run, no example database on disk.
FUZZ = settings(max_examples=300, deadline=None, derandomize=True, database=None)

PIECES = [
    "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹", "⁰", "⁻", "⁺", "^", "^{", "}", "{", "[", "]", "(",
    ")", "( ", " )", "1", "2", "12", "0", "001", "9999", "12345", ",", ", ", "–", "-", "−", "‐",
    " ", "\n", "\t", "et al.", " et al.", "Li", "cm", " cm", "g ", "10", "sp", "S", "$", "\\text{",
    "Figure ", "Ti", "al.", ".", ";", "*", "a", "é", "\u00a0", "[Figure 1](#)", "](", "^{-1}",
]

texts = st.one_of(
    st.text(max_size=120),
    st.lists(st.sampled_from(PIECES), max_size=30).map("".join),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=25).map("".join),
)


@FUZZ
@given(texts)
def test_find_markers_on_any_text(text: str) -> None:
    markers = find_markers(text)
    previous_end = 0
    for m in markers:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.raw
        assert m.start >= previous_end  # sorted and never overlapping
        previous_end = m.end
        assert m.refs and list(m.refs) == sorted(set(m.refs))
        assert all(isinstance(n, int) and n > 0 for n in m.refs)
        assert m.label.replace(",", "").replace("-", "").isdigit()


@FUZZ
@given(st.text(max_size=60))
def test_expand_numbers_never_raises(body: str) -> None:
    refs, issues = expand_numbers(body)
    assert all(isinstance(n, int) and n > 0 for n in refs)
    assert all(isinstance(i, str) for i in issues)


# -- rendered markers parse back -------------------------------------------------------------------

SUP = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)


@st.composite
def citation_items(draw: st.DrawFn) -> list[tuple[int, int]]:
    """1-4 items, each a single number ``(n, n)`` or a range ``(lo, hi)`` no wider than allowed."""
    width = _config()["max_range_width"]
    items = []
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        lo = draw(st.integers(min_value=1, max_value=9999 - width))
        hi = lo if draw(st.booleans()) else draw(st.integers(min_value=lo + 1, max_value=lo + width))
        items.append((lo, hi))
    return items


def _expected(items: list[tuple[int, int]]) -> tuple[int, ...]:
    return tuple(sorted({n for lo, hi in items for n in range(lo, hi + 1)}))


def _render(items: list[tuple[int, int]], style: str, sep: str, dash: str) -> str:
    parts = [str(lo) if lo == hi else f"{lo}{dash}{hi}" for lo, hi in items]
    if style == "latex":
        return "^{" + sep.join(parts) + "}"
    if style == "bracket":
        return "[" + sep.join(parts) + "]"
    if style == "paren":
        return "( " + sep.join(parts) + " )"
    # superscript digits: a range uses the superscript minus; items are separated by an ASCII
    # comma, as converters write them (there is no superscript comma), so one marker per item.
    return ",".join(p.replace(dash, "⁻").translate(SUP) for p in parts)


CONTEXTS = [("Murugan et al.", " reported"), ("as shown before", " and"), ("in LLZO.", " Figure 3"),
            ("Kanno's group", " first"), ("the electrolyte,", "\n")]


@FUZZ
@given(items=citation_items(),
       style=st.sampled_from(["latex", "bracket", "paren", "superscript"]),
       sep=st.sampled_from([",", ", ", " , "]),
       dash=st.sampled_from(["–", "-", "−", "‐"]),
       context=st.sampled_from(CONTEXTS))
def test_rendered_marker_parses_back(items, style, sep, dash, context) -> None:
    marker = _render(items, style, sep, dash)
    before, after = context
    if style == "bracket":
        before += " "  # "[12]" is written after a space
    text = before + marker + after
    found = find_markers(text)
    assert found, text
    assert found[0].start == len(before) and found[-1].end == len(before) + len(marker), text
    refs = tuple(sorted({n for m in found for n in m.refs}))
    assert refs == _expected(items), text
    assert all(not m.issues for m in found), text
    if style != "superscript":
        assert len(found) == 1 and found[0].raw == marker and found[0].style == style


@FUZZ
@given(n=st.integers(min_value=1, max_value=9999), exponent=st.sampled_from(["-1", "-2", "2", "3"]))
def test_unit_exponents_are_never_markers(n: int, exponent: str) -> None:
    sup = exponent.replace("-", "⁻").translate(SUP)
    for text in (f"{n} S cm{sup} at", f"{n} mAh g^{{{exponent}}} and", f"a value of 10{sup} S"):
        assert find_markers(text) == [], text


FLAT_PIECES = PIECES + [" 1,2", ". 3", ", 4 -6", " (7)", " 8e9", " K", " Li", " and ", " 5 - ",
                        "Fig. ", " /C0 ", "\n\n", " ( 2 )", "(1)", " 1 : 1"]
flat_texts = st.lists(st.sampled_from(FLAT_PIECES), max_size=40).map("".join)


@FUZZ
@given(flat_texts, st.integers(min_value=0, max_value=60))
def test_find_flat_markers_on_any_text(text: str, top: int) -> None:
    from pipeline.markers import find_flat_markers
    markers = find_flat_markers(text, [(0, len(text))], top)
    previous_end = 0
    for m in markers:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.raw
        assert m.start >= previous_end
        assert all(1 <= r <= top for r in m.refs)
        previous_end = m.end


AY_PIECES = ["(", ")", "Takada", " et al.", ", ", "2013", "2017a", ", b", "; ", " and ", "Roy",
             " (2021)", "e.g., ", " ", "\n", "van ", "Ağ", "1931"]


@FUZZ
@given(st.lists(st.sampled_from(AY_PIECES), max_size=40).map("".join))
def test_find_author_year_on_any_text(text: str) -> None:
    from pipeline.markers import find_author_year
    for m in find_author_year(text, [(0, len(text))]):
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.raw
        assert m.works and all(len(w.year) == 4 for w in m.works)
