"""Property tests: find_mentions and find_abbreviations never raise and return valid spans."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.materials import find_abbreviations, find_mentions

CHEMISTRY = st.sampled_from([
    "Li", "La", "Zr", "O", "S", "P", "Ti", "Al", "Ge", "In", "As", "I", "x", "δ", "□", "(", ")", "[", "]",
    "1", "2", "0.5", "+", "-", "−", "/", "|", "@", "·", " · ", "^", "^-1", "4+", " ", "  ", ",", ".", ";",
    "PEO", "LLZO", "LiTFSI", "doped", "-doped ", "metal", " and ", "sulfur", "lithium", "poly(", " [12]",
    "%", "=", "Figure", "S cm^-1", "γ -", "\n", "—", "é", "’",
])

chemistry_text = st.lists(CHEMISTRY, max_size=40).map("".join)


def _check(text: str) -> None:
    mentions = find_mentions(text)
    previous_end = 0
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
        assert m.start >= previous_end
        previous_end = m.end


@settings(max_examples=200, deadline=None)
@given(chemistry_text)
def test_find_mentions_on_chemistry_like_text(text: str) -> None:
    _check(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_find_mentions_on_any_text(text: str) -> None:
    _check(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(chemistry_text, max_size=4), st.dictionaries(st.sampled_from(["LLZO", "PC", "S-LRMO", "X1"]),
                                                            chemistry_text, max_size=3))
def test_abbreviations_never_raise(texts: list[str], abbreviations: dict[str, str]) -> None:
    assert isinstance(find_abbreviations(texts), dict)
    for text in texts:
        _check_with(text, abbreviations)


def _check_with(text: str, abbreviations: dict[str, str]) -> None:
    for m in find_mentions(text, abbreviations):
        assert text[m.start:m.end] == m.text
