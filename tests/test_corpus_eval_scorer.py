"""The corpus-dev scorer (pipeline/corpus_eval.py) on hand-made gold and predictions, with the
counts worked out by hand."""

from __future__ import annotations

from pipeline.corpus_eval import Gold, material_matches, score_paper, temperature_matches


def gold(gid: str, value: float, pos: int, material: str = "LLZO", temperature: str = "",
         optional: bool = False, prop: str = "ionic_conductivity") -> Gold:
    return Gold(gid, "conductivity_activation", prop, value, None, pos, pos + 20, (material,),
                temperature, frozenset(), frozenset(), optional, "quote")


def pred(value: float, start: int, material: str = "LLZO", temperature: str = "",
         prop: str = "ionic_conductivity") -> dict:
    return {"claim_id": f"m{start}", "property": prop, "value": str(value), "value_high": "",
            "char_start": str(start), "material": material, "material_canonical": material,
            "temperature_c": temperature, "citations": ""}


def test_strict_and_lenient_counts():
    g = [gold("A1", 1e-3, 100, temperature="RT"), gold("A2", 2e-4, 1000), gold("A3", 5e-4, 3000)]
    p = [pred(1e-3, 120, temperature="25"),  # strict: RT accepts 20-27 °C
         pred(2e-4, 1010, material="LGPS"),  # lenient only: wrong material
         pred(7e-4, 3000),                   # wrong value: a false positive, A3 missed
         pred(0.5, 50, prop="specific_capacity")]  # a property the gold does not cover: ignored
    s = score_paper("doc", g, p).groups["conductivity_activation"]
    assert (s["strict"].tp, s["strict"].fp, s["strict"].fn) == (1, 2, 2)
    assert (s["lenient"].tp, s["lenient"].fp, s["lenient"].fn) == (2, 1, 1)


def test_window_and_value_tolerance():
    g = [gold("A1", 1.0e-3, 1000)]
    far = score_paper("doc", g, [pred(1.0e-3, 1000 + 20 + 251)]).groups["conductivity_activation"]
    near = score_paper("doc", g, [pred(1.01e-3, 1000 + 20 + 250)]).groups["conductivity_activation"]
    assert far["lenient"].tp == 0 and near["lenient"].tp == 1  # 1 % off is within 1.1 %


def test_optional_rows_are_neither_missed_nor_required():
    g = [gold("A1", 1e-3, 100, optional=True), gold("A2", 2e-3, 900)]
    s = score_paper("doc", g, [pred(1e-3, 100)]).groups["conductivity_activation"]
    assert (s["strict"].tp, s["strict"].fp, s["strict"].fn) == (0, 0, 1)


def test_material_and_temperature_rules():
    assert material_matches(["Li6PS5Cl"], ["Li 6 PS 5 Cl"])
    assert material_matches(["LiIn|LPSCl|S/LPSCl/C"], ["LPSCl"])  # containment, both >= 3 chars
    assert not material_matches(["LiIn|LPSCl|S"], ["S"])
    assert temperature_matches("", "60") and temperature_matches("RT", "RT")
    assert temperature_matches("26.85", "26") and not temperature_matches("26.85", "30")
    assert not temperature_matches("RT", "")


def test_never_replaces_a_file_it_did_not_write(tmp_path):
    import pytest

    from pipeline.corpus_eval import run
    from pipeline.errors import LitmineError

    (tmp_path / "gold").mkdir()
    (tmp_path / "pred").mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.md").write_text("mine", encoding="utf-8")
    with pytest.raises(LitmineError):
        run([tmp_path / "gold"], tmp_path / "pred", out, "t")
    assert (out / "report.md").read_text(encoding="utf-8") == "mine"
    fresh = tmp_path / "fresh"
    run([tmp_path / "gold"], tmp_path / "pred", fresh, "t")
    run([tmp_path / "gold"], tmp_path / "pred", fresh, "t")  # its own files: replaced
    assert (fresh / "summary.json").exists()
