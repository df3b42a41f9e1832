"""Text repair of converter noise (pipeline/ingest/repair.py) and its offsets through normalize."""

from hypothesis import given, settings, strategies as st

from pipeline.ingest.normalize import normalize
from pipeline.ingest.repair import repair
from pipeline.quantities import find_quantities


def norm(s: str) -> str:
    return normalize(s, [(0, len(s))]).text


def test_glyph_minus_and_times_make_a_value():
    assert norm("of 2.1 /C2 10 /C0 3 S cm /C0 1 at") == "of 2.1 × 10^-3 S cm^-1 at"


def test_cid_and_docling_glyph_minus():
    assert norm("2.45 mS cm (cid:0) 1") == "2.45 mS cm^-1"
    assert norm("(10 GLYPH<0> 11  S cm GLYPH<0> 1 )") == "(10^-11 S cm^-1 )"


def test_glyph_degree_joins_its_unit():
    assert norm("at 25 /C14 C") == "at 25 °C"


def test_legacy_font_signs_standing_alone():
    assert norm("10 À3 S cm À1") == "10^-3 S cm^-1"
    assert norm("the Li þ ions") == "the Li + ions"
    assert norm("Ã is a letter") == "Ã is a letter"


def test_symbol_font_private_use_degree():
    assert norm("25 \uf0b0C") == "25 °C"


def test_spaced_ligature_names_join_their_word():
    assert norm("the speci /uniFB01 c capacity") == "the specific capacity"
    assert norm("e/uniFB00ect") == "effect"


def test_line_end_hyphenation():
    assert norm("high conduc- tivity") == "high conductivity"
    assert norm("solid- state") == "solid-state"  # a compound keeps its hyphen
    assert norm("high- and low-temperature") == "high- and low-temperature"  # suspended hyphen
    assert norm("Li-ion") == "Li-ion"


def test_names_that_only_look_like_glyphs_are_left_alone():
    assert norm("fitted with R1/C1+R2/Q1") == "fitted with R1/C1+R2/Q1"
    assert repair("plain text without noise") is None
    assert norm("an unknown /C99 glyph") == "an unknown /C99 glyph"


def test_repaired_value_maps_back_to_its_source_span():
    src = "conductivity of 2.1 /C2 10 /C0 3 S cm /C0 1 at RT"
    n = normalize(src, [(0, len(src))])
    i = n.text.index("2.1")
    j = n.text.index("cm^-1") + len("cm^-1")
    a, b = n.to_source(i, j)
    assert src[a:b] == "2.1 /C2 10 /C0 3 S cm /C0 1"


def test_quantity_found_in_repaired_text():
    qs = find_quantities(norm("a conductivity of 2.1 /C2 10 /C0 3 S cm /C0 1"))
    assert any(abs(q.value - 2.1e-3) < 1e-9 for q in qs)


NOISE = st.sampled_from([" /C0 ", " /C2 ", "(cid:0)", " GLYPH<0> ", "/uniFB01", " À", " þ ",
                         "\uf0b0", "- ", "conduc- tivity", " 10 ", "S cm", "x"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(NOISE, st.text(alphabet="ab c1-", max_size=5)), max_size=12))
def test_offsets_always_index_the_source(parts):
    src = "".join(parts)
    n = normalize(src, [(0, len(src))])
    assert len(n.starts) == len(n.ends) == len(n.text)
    for a, b in zip(n.starts, n.ends):
        assert 0 <= a <= b <= len(src)
    assert n.starts == sorted(n.starts)


def test_spaced_formulas_join_at_their_subscripts():
    assert norm("Li 6 PS 5 Cl") == "Li6PS5Cl"
    assert norm("respect  to Na 2 B 10 H  10 (470 meV)") == "respect to Na2B10H10 (470 meV)"
    assert norm("Na 2B10H10") == "Na2B10H10"
    assert norm("Li 2 (BH  4 )(NH  2 )") == "Li2(BH4)(NH2)"
    assert norm("LiBH 4 and Li 0.5 La 0.5 TiO 3") == "LiBH4 and Li0.5La0.5TiO3"
    # a cell separator ends a formula: both electrodes join
    assert norm("the Li 2 S//Li 0.5 In half-cell") == "the Li2S//Li0.5In half-cell"
    assert norm("Li | Li 6 PS 5 Cl | Li") == "Li | Li6PS5Cl | Li"
    # a full stop after a formula ends the sentence, not the formula
    assert norm("LiBH 4. The Li 6 PS 5 Cl.") == "LiBH4. The Li6PS5Cl."
    assert norm("in the Li 3 (B11H14)(CB9H10)2. Therefore") == \
        "in the Li3(B11H14)(CB9H10)2. Therefore"
    # a bracket's count may be a fraction
    assert norm("namely, Na 2 (B12 H12)0.5 (B10 H10)0.5 , that") == \
        "namely, Na2(B12H12)0.5(B10H10)0.5 , that"
    # a formula glued after "-", ":" or "/" to the word before
    assert norm("PEO-LiClO 4 /Al 2 O 3") == "PEO-LiClO4 /Al2O3"
    assert norm("Li4MS4:Li 3 PS 4 frameworks") == "Li4MS4:Li3PS4 frameworks"
    assert norm("the Li 2 S-P 2 S 5 glass") == "the Li2S-P2S5 glass"
    assert norm("with LiNbO 3 -coated LCO") == "with LiNbO3-coated LCO"
    assert norm("from 10 -3 to Li 2 S - the") == "from 10^-3 to Li2S - the"
    assert norm("of 75Li2S·24P2S5·P 2 O 5 glass") == "of 75Li2S·24P2S5·P2O5 glass"


def test_an_ohm_takes_its_minus_one_exponent():
    assert norm("2 × 10−4 Ω−1 cm−1") == "2 × 10^-4 Ω^-1 cm^-1"


def test_bracketed_glyph_codes_may_touch_their_neighbours():
    assert norm("2.1 (cid:2) 10(cid:0)3 S cm(cid:0)1") == "2.1 × 10^-3 S cm^-1"
    assert norm("10GLYPH<0>4 S cmGLYPH<0>1") == "10^-4 S cm^-1"
    assert norm("the and/C0 1 form") == "the and/C0 1 form"  # a bare name inside a word stays


def test_spaced_formula_traps_stay_apart():
    assert norm("In 2015 Li") == "In 2015 Li"  # a year is no subscript
    assert norm("Fig. 2 C and at 300 K In 2 h") == "Fig. 2 C and at 300 K In 2 h"
    assert norm("under N 2 flow") == "under N 2 flow"  # one element: not a compound
    assert norm("the B12H12 2 /C0 anion") == "the B12H12 2 - anion"  # a charge, not a subscript


def test_spaced_decimal_points_and_prefix_hyphens():
    assert norm("an activation energy of 0 . 53 eV") == "an activation energy of 0.53 eV"
    assert norm("Na 2 . 9 Sb 0 . 9 W 0 . 1 S 4") == "Na2.9Sb0.9W0.1S4"
    assert norm("room -temperature conductivity") == "room-temperature conductivity"
    assert norm("from 10 -3 to") == "from 10^-3 to"  # a minus before a digit is no hyphen


def test_lost_degree_sign_between_number_and_celsius():
    assert norm("0.9 mS cm /C0 1 at 20 8 C and at /C0 40 1 C") == "0.9 mS cm^-1 at 20 °C and at -40 °C"
    assert norm("Table 1 C") == "Table 1 C"


def test_spaced_formula_with_parenthesised_groups():
    assert norm("Na 2 ( CB9 H 10 )( CB11 H 12 ) with") == "Na2(CB9H10)(CB11H12) with"


GLYPH_DOC = " /C0 /C0 /C0"  # a converter that wrote symbol-font glyph codes


def norm_noisy(s: str) -> str:
    src = s + GLYPH_DOC
    return normalize(src, [(0, len(s))]).text


def test_symbol_font_comparators_in_a_glyph_code_document():
    assert norm_noisy("( 4 0.1 S cm /C0 1 )") == "( > 0.1 S cm^-1 )"
    assert norm_noisy("lower ( o 10 /C0 5 S cm /C0 1 )") == "lower ( < 10^-5 S cm^-1 )"
    assert norm_noisy("Z 100 cycles and B 3 V") == "≥ 100 cycles and ~ 3 V"


def test_symbol_font_comparator_traps():
    assert norm("( 4 0.1 S cm -1 )") == "( 4 0.1 S cm^-1 )"  # no glyph codes: digits stay digits
    assert norm_noisy("Z 0 = 5") == "Z 0 = 5"
    assert norm_noisy("Phys. Rev. B 1999 , 12") == "Phys. Rev. B 1999 , 12"
    assert norm_noisy("the B 12 H 12 anion") == "the B12H12 anion"


def test_repair_traps_found_in_review():
    assert norm_noisy("values 1 2 3 4 5 in a row") == "values 1 2 3 4 5 in a row"
    assert norm("rates of 0.2 0.5 1 C and at 20 8 C") == "rates of 0.2 0.5 1 C and at 20 °C"
    assert norm("the /uniFB01rst cell") == "the first cell"


def test_a_citation_marker_after_a_full_stop_is_no_decimal_part():
    from pipeline.markers import MarkerSpan

    src = "conductivity of 2 S cm /C0 1 . 12 Then 0 . 53 eV"
    at = src.index("12")
    n = normalize(src, [(0, len(src))], [MarkerSpan(at, at + 2, "12", (12,), "flat")])
    assert n.text == "conductivity of 2 S cm^-1 . [12] Then 0.53 eV"


def test_a_lost_minus_in_a_per_unit_exponent():
    assert norm("up to 11 mAh cm 2 delivered") == "up to 11 mAh cm^-2 delivered"
    assert norm("a conductivity of 3 mS cm 1 at") == "a conductivity of 3 mS cm^-1 at"
    assert norm("of 150 mAh g 1 C rate") == "of 150 mAh g 1 C rate"  # "1 C" is a C-rate


def test_spaced_formulas_in_a_comma_list_are_joined_one_by_one() -> None:
    text = "are 2.19 × 10 -3 S cm -1 for Li 3 YCl6, Li 3 HoCl6, and Li6PS5Cl, respectively."
    assert "for Li3YCl6, Li3HoCl6, and Li6PS5Cl," in norm(text)


def test_spaced_anion_formulas_in_brackets_join() -> None:
    assert "phases of [B10H10]2 -and [B12H12]2 -," in norm(
        "phases of [ B10 H 10 ] 2 -and [ B12 H 12 ] 2 -, respectively")
    assert "anions ([B12H12]2 -up to" in norm("the anions ([ B12 H 12 ] 2 -up to 3.4 V)")
    assert "values [ 12 ] and ( 3 ) here" in norm("values [ 12 ] and ( 3 ) here")


def test_degree_glyph_name_touching_its_unit():
    assert norm("at 25 /C14C and 60 /C14 C") == "at 25 °C and 60 °C"
    assert norm("the /C14Cx name") == "the /C14Cx name"  # not a unit letter: left as written


def test_lost_degree_glyph_touching_its_unit():
    assert norm("cycled at 25 8C for") == "cycled at 25 °C for"
    assert norm("at 30 1C and") == "at 30 °C and"
    assert norm("rates of 1C and 8C") == "rates of 1C and 8C"  # C-rates
    assert norm("at 25 8C-rate") == "at 25 8C-rate"


def test_degree_lookalike_characters():
    assert norm("transition (256 ◦ C) and 90 ◦C") == "transition (256°C) and 90°C"
    assert norm("at 25 ºC and 30˚C") == "at 25°C and 30°C"
    assert norm("a ◦ bullet") == "a ◦ bullet"
    src = "at 256 ◦ C now"
    n = normalize(src, [(0, len(src))])
    i = n.text.index("°")
    assert src[slice(*n.to_source(i, i + 1))] == " ◦ "
