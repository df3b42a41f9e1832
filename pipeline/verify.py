"""Claim <-> claim verification across a corpus: does the cited paper really say that?

For every claim of a document that cites a reference resolved to another document of the corpus
(:mod:`pipeline.links`), the cited document's own claims of the same property about the same
material are compared with it:

``supported``             a value agrees (tolerances in ``models/verify.yaml``; bounds and ranges:
                          ">10⁻⁴" is supported by 2 × 10⁻⁴) at a compatible temperature
``different_value``       values at compatible temperatures, none agreeing (both values and the
                          ratio in the note)
``different_conditions``  a value agrees, but only at another temperature (a 30 °C value quoted
                          as room temperature)
``not_found``             the cited document states nothing comparable

Materials are the same when their compositions are (pymatgen reduced formula, via
:func:`pipeline.formulas.formula_key`, also through the formula an abbreviation stands for in
either document) or their canonical names are; a doped compound and its parent have different
compositions and names, so they stay apart.

``run_corpus`` writes ``OUT/corpus/``: ``links.csv``, ``verification.csv``, ``identities.json``
and the corpus graph with ``resolves_to``, ``verified_by`` and ``contradicted_by`` edges.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.corpus import load_manifest
from pipeline.errors import DataError
from pipeline.formulas import class_member, formula_key
from pipeline.identity import Identity, config, identify, squash
from pipeline.io import atomic_write_text
from pipeline.links import CorpusDoc, Link, links_to_csv, resolve
from pipeline.schema import Measurement, Reference, read_document, read_records
from pipeline.subjects import is_class_phrase

VERDICTS = ("supported", "different_value", "different_conditions", "not_found")
VERIFY_COLUMNS = ("citing_doc", "claim_id", "ref", "cited_doc", "verdict", "material", "property",
                  "value", "unit", "cited_claims", "cited_values", "note",
                  # extra columns (after the contract ones)
                  "relation", "value_high", "temperature_c", "char_start", "char_end",
                  "cited_temperatures", "cited_spans", "ratio", "link_method")


@dataclass
class DocData:
    doc_id: str
    folder: Path
    ident: Identity
    refs: list[Reference]
    claims: list[Measurement]
    formulas: dict[str, str] = field(default_factory=dict)   # canonical name -> formula
    #: sentence id -> canonical names of the materials the sentence mentions
    sentence_materials: dict[str, set[str]] = field(default_factory=dict)
    #: every quantity of the text (quantities.csv), as claims without a material; None: not
    #: read yet (read when a verdict first needs them)
    quantities: list[Measurement] | None = field(default_factory=list)
    #: the material the document mentions most (its subject)
    subject: str = ""


@dataclass
class Verdict:
    citing_doc: str
    claim_id: str
    ref: int
    cited_doc: str
    verdict: str
    material: str
    property: str
    value: float | None
    unit: str
    cited_claims: list[str]
    cited_values: list[str]
    note: str
    relation: str = ""
    value_high: float | None = None
    temperature_c: str = ""
    char_start: int = 0
    char_end: int = 0
    cited_temperatures: list[str] = field(default_factory=list)
    cited_spans: list[str] = field(default_factory=list)
    ratio: float | None = None
    link_method: str = ""


# ----------------------------------------------------------------------------------------------
# loading


def output_folders(root: Path) -> list[Path]:
    """The per-document output folders under ``root`` (a folder run's OUT)."""
    root = Path(root)
    if not root.is_dir():
        raise DataError(f"{root}: no such folder")
    return sorted(p for p in root.iterdir() if (p / "document.json").exists())


def load_doc(folder: Path, manifest: dict[str, Any] | None = None) -> DocData:
    doc = read_document(folder / "document.json")
    text = (folder / "text.txt").read_text(encoding="utf-8")
    refs = read_records(folder / "references.csv", Reference)
    claims = read_records(folder / "measurements.csv", Measurement)
    formulas: dict[str, str] = {}
    in_sentence: dict[str, set[str]] = {}
    if (folder / "mentions.csv").exists():
        with (folder / "mentions.csv").open(encoding="utf-8", newline="") as fh:
            for m in csv.DictReader(fh):
                canonical, formula = m.get("canonical", ""), m.get("formula", "")
                if formula and canonical not in formulas:
                    formulas[canonical] = formula
                in_sentence.setdefault(m.get("sentence_id", ""), set()).add(canonical)
    entry = manifest or (doc.metadata if doc.metadata.get("doi") or doc.metadata.get("title")
                         else None)
    counts: dict[str, int] = {}
    for names in in_sentence.values():
        for n in names:
            counts[n] = counts.get(n, 0) + 1
    subject = max(sorted(counts), key=lambda n: counts[n]) if counts else ""
    return DocData(doc.doc_id, folder, identify(doc, text, refs, entry), refs, claims, formulas,
                   in_sentence, None, subject)


def _read_quantities(path: Path) -> list[Measurement]:
    """quantities.csv rows as material-less claims (``property`` = the quantity's kind)."""
    if not path.exists():
        return []
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for i, r in enumerate(csv.DictReader(fh)):
            try:
                value = float(r["value"]) if r.get("value") else None
                high = float(r["value_high"]) if r.get("value_high") else None
                start, end = int(r["char_start"]), int(r["char_end"])
            except (KeyError, ValueError):
                continue
            out.append(Measurement(f"q{i + 1}", r.get("sentence_id", ""), start, end, "", "",
                                   r.get("kind", ""), r.get("relation", "eq") or "eq", value, high,
                                   r.get("unit", ""), r.get("value_as_written", "")))
    return out


def _manifest_by_id(manifest: Path | None) -> dict[str, dict[str, Any]]:
    if manifest is None:
        return {}
    return {str(e["doc_id"]): e for e in load_manifest(manifest)}


def load_corpus(root: Path, manifest: Path | None = None) -> dict[str, DocData]:
    entries = _manifest_by_id(manifest)
    docs: dict[str, DocData] = {}
    for f in output_folders(root):
        d = load_doc(f, entries.get(f.name))
        docs[d.doc_id] = d
    return docs


# ----------------------------------------------------------------------------------------------
# comparison


def material_keys(name: str, formulas: dict[str, str]) -> set[str]:
    """Keys under which a material is the same in two documents: its composition (also through
    the formula an abbreviation stands for) and its squashed canonical name."""
    if not name:
        return set()
    keys = {"name:" + squash(name)}
    for text in (name, formulas.get(name, "")):
        if text:
            k = formula_key(text)
            if k.startswith("comp:"):
                keys.add(k)
    return keys


def _in_class(phrase: str, name: str, formulas: dict[str, str]) -> bool | None:
    """``formulas.class_member`` for a material named ``name`` in a document whose ``formulas``
    give its composition."""
    return class_member(phrase, _elements(name, formulas), formulas.get(name) or name)


def _agreeing(citing: Measurement, cited: list[Measurement]) -> list[Measurement]:
    """The cited claims whose temperature and value agree with the citing claim's."""
    return [c for c in cited if claim_temperatures_compatible(citing, c)
            and values_agree(citing, c)]


def _elements(name: str, formulas: dict[str, str]) -> frozenset[str]:
    from pipeline.formulas import parse_formula

    for text in (formulas.get(name, ""), name):
        pf = parse_formula(text) if text else None
        if pf is not None:
            return pf.elements
    return frozenset()


def related_materials(a: str, fa: dict[str, str], b: str, fb: dict[str, str]) -> bool:
    """Two different materials where one is a variant of the other (a doped compound and its
    parent: "Ta-LLZO" and "LLZO", Li6.4La3Zr1.4Ta0.6O12 and Li7La3Zr2O12): one name contains the
    other, or one's elements are a strict superset of the other's."""
    sa, sb = squash(a), squash(b)
    if len(sa) >= 3 and len(sb) >= 3 and sa != sb and (sa in sb or sb in sa):
        return True
    ea, eb = _elements(a, fa), _elements(b, fb)
    return bool(ea and eb) and (ea < eb or eb < ea)


def same_material(a: set[str], b: set[str]) -> bool:
    """Key sets of :func:`material_keys` name the same material: by composition when both have
    one (an abbreviation a paper defines for its doped sample is not the parent's), else by name."""
    ca, cb = {k for k in a if k.startswith("comp:")}, {k for k in b if k.startswith("comp:")}
    if ca and cb:
        return bool(ca & cb)
    return bool(a & b)


def _temp_value(t: str) -> float | None:
    try:
        return float(t)
    except ValueError:
        return None


def temperatures_compatible(a: str, b: str) -> bool:
    """Unknown temperatures are compatible with anything; "RT" with 20-27 °C."""
    cfg = config()["verify"]
    if not a or not b or a == b:
        return True
    lo, hi = cfg["rt_range"]
    va, vb = _temp_value(a), _temp_value(b)
    if a == "RT" and vb is not None:
        return lo <= vb <= hi
    if b == "RT" and va is not None:
        return lo <= va <= hi
    if va is not None and vb is not None:
        return abs(va - vb) <= cfg["temperature_tol"]
    return False


def _stated_temperature(c: Measurement) -> str:
    """The claim's temperature if its own sentence states it; a temperature taken from the
    paragraph or the document (``temperature_rule``) is too weak to call conditions different."""
    rule = getattr(c, "temperature_rule", "")
    return c.temperature_c if rule in ("", "sentence") else ""


def claim_temperatures_compatible(a: Measurement, b: Measurement) -> bool:
    """:func:`temperatures_compatible` of two claims' stated temperatures, honouring a bound
    (``conditions.temperature_bound``): "above 480 K" agrees with 540 K, "at T >= 383 K" does not
    with room temperature."""
    ta, tb = _stated_temperature(a), _stated_temperature(b)
    ba = (a.conditions or {}).get("temperature_bound", "")
    bb = (b.conditions or {}).get("temperature_bound", "")
    if not (ba or bb) or not ta or not tb:
        return temperatures_compatible(ta, tb)
    cfg = config()["verify"]
    rt = sum(cfg["rt_range"]) / 2
    va = rt if ta == "RT" else _temp_value(ta)
    vb = rt if tb == "RT" else _temp_value(tb)
    if va is None or vb is None:
        return True
    tol = cfg["temperature_tol"]

    def within(v: float, bound: str, ref: float) -> bool:
        if bound in ("gt", "ge"):
            return v >= ref - tol
        if bound in ("lt", "le"):
            return v <= ref + tol
        return abs(v - ref) <= tol

    if ba and bb:  # two open intervals: same direction, or they overlap
        return ba[0] == bb[0] or within(vb, ba, va) and within(va, bb, vb)
    return within(vb, ba, va) if ba else within(va, bb, vb)


def _close(a: float, b: float, approx: bool, prop: str = "") -> bool:
    cfg = config()["verify"]
    abs_tol = (cfg.get("abs_tol") or {}).get(prop)
    if abs_tol is not None:
        return abs(a - b) <= float(abs_tol) * (2 if approx else 1)
    if approx:
        if a <= 0 or b <= 0 or prop not in cfg["log_scale_properties"]:
            return abs(a - b) <= 2 * cfg["eq_rel_tol"] * max(abs(a), abs(b))
        return max(a, b) / min(a, b) <= cfg["approx_factor"]
    # (a relative 1e-9 more: 1e-3 vs 9e-4 is exactly at the 10 % edge, not past it by rounding)
    return abs(a - b) <= cfg["eq_rel_tol"] * max(abs(a), abs(b)) * (1 + 1e-9) + 1e-300


def _slack(x: float, prop: str) -> float:
    """How far a value may fall outside a bound or range and still agree."""
    cfg = config()["verify"]
    abs_tol = (cfg.get("abs_tol") or {}).get(prop)
    return float(abs_tol) if abs_tol is not None else abs(x) * cfg["eq_rel_tol"]


def _interval(c: Measurement) -> tuple[float, float]:
    v = c.value if c.value is not None else math.nan
    if c.relation == "range" and c.value_high is not None:
        return min(v, c.value_high), max(v, c.value_high)
    if c.relation in ("gt", "ge"):
        return v, math.inf
    if c.relation in ("lt", "le"):
        return -math.inf, v
    return v, v


def values_agree(citing: Measurement, cited: Measurement) -> bool:
    """Does ``cited`` support ``citing``'s value? Bounds and ranges as intervals, with the
    tolerance of ``models/verify.yaml`` ("~" claims: a factor)."""
    if citing.value is None or cited.value is None or citing.unit != cited.unit:
        return False
    if citing.value <= 0 < cited.value or cited.value <= 0 < citing.value:
        return False
    approx = "approx" in (citing.relation, cited.relation)
    prop = citing.property

    a_lo, a_hi = _interval(citing)
    b_lo, b_hi = _interval(cited)
    if citing.relation in ("gt", "ge"):
        best = b_hi if math.isfinite(b_hi) else b_lo
        return best >= a_lo - _slack(a_lo, prop) or (approx and _close(best, a_lo, True, prop))
    if citing.relation in ("lt", "le"):
        best = b_lo if math.isfinite(b_lo) else b_hi
        return best <= a_hi + _slack(a_hi, prop) or (approx and _close(best, a_hi, True, prop))
    if a_lo == a_hi:  # a point value
        v = a_lo
        if b_lo == b_hi:
            return _close(v, b_lo, approx, prop)
        lo_ok = (not math.isfinite(b_lo) or v >= b_lo - _slack(b_lo, prop)
                 or _close(v, b_lo, approx, prop))
        hi_ok = (not math.isfinite(b_hi) or v <= b_hi + _slack(b_hi, prop)
                 or _close(v, b_hi, approx, prop))
        return lo_ok and hi_ok
    # a range: overlaps the cited value or range
    return b_hi >= a_lo - _slack(a_lo, prop) and b_lo <= a_hi + _slack(a_hi, prop)


def describe(c: Measurement) -> str:
    v = "" if c.value is None else f"{c.value:g}"
    if c.relation == "range" and c.value_high is not None:
        v = f"{v}-{c.value_high:g}"
    prefix = {"gt": ">", "ge": ">=", "lt": "<", "le": "<=", "approx": "~"}.get(c.relation, "")
    return f"{prefix}{v}"


def _ratio(citing: Measurement, cited: Measurement) -> float | None:
    if citing.value and cited.value:
        return citing.value / cited.value
    return None


def compare(citing: Measurement, citing_doc: DocData, cited_doc: DocData, ref: int,
            link: Link) -> Verdict:
    """The verdict for one claim and one resolved reference it cites."""
    base = dict(citing_doc=citing_doc.doc_id, claim_id=citing.claim_id, ref=ref,
                cited_doc=cited_doc.doc_id, material=citing.material_canonical,
                property=citing.property, value=citing.value, unit=citing.unit,
                relation=citing.relation, value_high=citing.value_high,
                temperature_c=citing.temperature_c, char_start=citing.char_start,
                char_end=citing.char_end, link_method=link.method)
    same_prop = [c for c in cited_doc.claims if c.property == citing.property]
    keys = material_keys(citing.material_canonical, citing_doc.formulas)
    if (citing.property in config()["verify"]["positive_properties"] and citing.value is not None
            and citing.value <= 0):
        return Verdict(**base, verdict="not_found", cited_claims=[], cited_values=[],
                       note=f"the citing value {citing.value:g} cannot be a {citing.property} "
                            "(an extraction error?)")
    if not keys:
        return Verdict(**base, verdict="not_found", cited_claims=[], cited_values=[],
                       note="the citing claim names no material")
    cands = [c for c in same_prop
             if same_material(keys, material_keys(c.material_canonical, cited_doc.formulas))]
    if not cands:
        # the cited sentence states the value and names the material, but extraction gave the
        # value to another material of the sentence (or the material is the cited paper's title
        # subject): supported, said so in the note
        titles = [squash(cited_doc.ident.title)] + cited_doc.ident.titles
        mat = squash(citing.material_canonical)
        named = [c for c in same_prop
                 if claim_temperatures_compatible(citing, c)
                 and values_agree(citing, c)
                 and not related_materials(citing.material_canonical, citing_doc.formulas,
                                           c.material_canonical, cited_doc.formulas)
                 and (any(same_material(keys, material_keys(n, cited_doc.formulas))
                          for n in cited_doc.sentence_materials.get(c.sentence_id, ()))
                      or (len(mat) >= 4 and any(mat in t for t in titles)))]
        if not named:
            named = _stated_quantities(citing, keys, cited_doc, titles, citing_doc.formulas)
        if not named and is_class_phrase(citing.material_canonical):
            # a statement about a class ("mixed carborate phases reach 70 mS cm-1", "some mixed
            # hydroborates show activation energies >= 0.60 eV") holds when the cited paper
            # reports an agreeing value for a member (by its elements, formulas.class_member)
            named = _agreeing(citing, [
                c for c in same_prop
                if _in_class(citing.material_canonical, c.material_canonical, cited_doc.formulas)])
        if not named:
            # the cited paper states it (as its own result) for a class the citing material
            # belongs to ("the BH4--containing phases are oxidized at ~2 V" for "[BH4]- ...
            # above 2 V")
            named = _agreeing(citing, [
                c for c in same_prop
                if not c.citations and is_class_phrase(c.material_canonical)
                and _in_class(c.material_canonical, citing.material_canonical,
                              citing_doc.formulas)])
        if named:
            v = Verdict(**base, verdict="supported", cited_claims=[c.claim_id for c in named],
                        cited_values=[describe(c) for c in named],
                        note=_evidence_note(citing, named),
                        cited_temperatures=[c.temperature_c for c in named],
                        cited_spans=[f"{c.char_start}-{c.char_end}" for c in named])
            return v
        others = sorted({c.material_canonical for c in same_prop if c.material_canonical})
        note = (f"cited document has no {citing.property} claim about "
                f"{citing.material_canonical}")
        if others:
            note += f" (it has: {', '.join(others[:5])})"
        return Verdict(**base, verdict="not_found", cited_claims=[], cited_values=[], note=note)

    def pack(cs: list[Measurement], verdict: str, note: str, ratio: float | None = None) -> Verdict:
        return Verdict(**base, verdict=verdict, cited_claims=[c.claim_id for c in cs],
                       cited_values=[describe(c) for c in cs], note=note,
                       cited_temperatures=[c.temperature_c for c in cs],
                       cited_spans=[f"{c.char_start}-{c.char_end}" for c in cs], ratio=ratio)

    compatible = [c for c in cands if claim_temperatures_compatible(citing, c)]
    agree = [c for c in compatible if values_agree(citing, c)]
    if agree:
        return pack(agree, "supported", "")
    agree_other_t = [c for c in cands if c not in compatible and values_agree(citing, c)]
    if agree_other_t:
        temps = ", ".join(sorted({c.temperature_c or "?" for c in agree_other_t}))
        return pack(agree_other_t, "different_conditions",
                    f"same value at another temperature: cited {temps}, citing "
                    f"{citing.temperature_c or 'unstated'}")
    if compatible:
        best = min(compatible, key=lambda c: abs(math.log10(abs(_ratio(citing, c) or 1e300))))
        r = _ratio(citing, best)
        note = f"citing {describe(citing)} vs cited {describe(best)} {citing.unit}"
        if r is not None:
            note += f" (ratio {r:.3g})"
        return pack(compatible, "different_value", note, r)
    temps = ", ".join(sorted({c.temperature_c or "?" for c in cands}))
    return pack(cands, "not_found",
                f"only values at other temperatures ({temps}) in the cited document")


def _evidence_note(citing: Measurement, found: list[Measurement]) -> str:
    others = sorted({c.material_canonical for c in found if c.material_canonical})
    if others and all(is_class_phrase(o) for o in others):
        return (f"the cited paper states it for a class {citing.material_canonical} belongs to "
                f"({', '.join(others)})")
    if others and is_class_phrase(citing.material_canonical):
        return (f"a statement about a class ({citing.material_canonical}): the cited paper "
                f"reports it for {', '.join(others)}")
    if others:
        return (f"value stated where the cited paper names {citing.material_canonical} "
                f"(extracted as about {', '.join(others)})")
    return (f"value stated in the cited text about {citing.material_canonical}, its subject or "
            f"named in the sentence (a quantity, not extracted as a claim)")


def _stated_quantities(citing: Measurement, keys: set[str], cited_doc: DocData,
                       titles: list[str], citing_formulas: dict[str, str]) -> list[Measurement]:
    """Quantities of the cited text (not claims) of the citing claim's property whose value
    agrees, in a sentence that names the material, or anywhere when the material is the cited
    paper's subject (in its title, or its most-mentioned material); never at an incompatible
    temperature written in the same sentence."""
    mat = squash(citing.material_canonical)
    is_subject = (len(mat) >= 4 and any(mat in t for t in titles)) or bool(
        cited_doc.subject and same_material(keys, material_keys(cited_doc.subject, cited_doc.formulas)))
    if cited_doc.quantities is None:
        cited_doc.quantities = _read_quantities(cited_doc.folder / "quantities.csv")
    temps: dict[str, list[str]] = {}
    for q in cited_doc.quantities:
        if q.property == "temperature" and q.value is not None:
            temps.setdefault(q.sentence_id, []).append(f"{q.value:g}")
    kinds = (config()["verify"].get("quantity_kinds") or {}).get(citing.property, [citing.property])
    out = []
    for q in cited_doc.quantities:
        if q.property not in kinds:
            continue
        as_prop = dataclasses.replace(q, property=citing.property)
        if not values_agree(citing, as_prop):
            continue
        in_sentence = cited_doc.sentence_materials.get(q.sentence_id, set())
        named = any(same_material(keys, material_keys(n, cited_doc.formulas)) for n in in_sentence)
        if not (named or is_subject):
            continue
        if any(related_materials(citing.material_canonical, citing_formulas, n, cited_doc.formulas)
               for n in in_sentence):
            continue  # the sentence also names a doped or parent variant: whose value is it?
        ts = temps.get(q.sentence_id, [])
        t_citing = _stated_temperature(citing)
        if t_citing and ts and not any(temperatures_compatible(t_citing, t) for t in ts):
            continue
        out.append(q)
    return out


def verify(docs: dict[str, DocData], links: list[Link]) -> list[Verdict]:
    """A verdict for every claim that cites a resolved reference (one per claim and link)."""
    by_ref: dict[tuple[str, int], list[Link]] = {}
    for lk in links:
        by_ref.setdefault((lk.citing_doc, lk.ref), []).append(lk)
    out: list[Verdict] = []
    for d, dd in docs.items():
        for c in dd.claims:
            for n in c.citations:
                for lk in by_ref.get((d, n), []):
                    if lk.cited_doc in docs:
                        out.append(compare(c, dd, docs[lk.cited_doc], n, lk))
    return out


# ----------------------------------------------------------------------------------------------
# output


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.6g}"
    if isinstance(v, list):
        return ";".join(str(x) for x in v)
    return str(v)


def verdicts_to_csv(verdicts: list[Verdict]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(VERIFY_COLUMNS)
    for v in verdicts:
        w.writerow([_cell(getattr(v, c)) for c in VERIFY_COLUMNS])
    return buf.getvalue()


def read_verification(path: Path) -> list[dict[str, str]]:
    with Path(path).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def run_corpus(root: Path, manifest: Path | None = None) -> tuple[list[Link], list[Verdict]]:
    """Resolve links and verify claims over the document folders of ``root``; write
    ``root/corpus/`` (links.csv, verification.csv, identities.json, graph.json/.graphml).

    The corpus ``graph.json`` holds the corpus-level nodes and edges only (``resolves_to``,
    ``verified_by``, ``contradicted_by`` and their end points, ids as in the documents' graphs:
    :func:`pipeline.graph.compose` joins them), so a corpus run does not rewrite every graph."""
    docs = load_corpus(root, manifest)
    links = resolve({d: CorpusDoc(dd.ident, dd.refs) for d, dd in docs.items()})
    verdicts = verify(docs, links)
    _write_corpus(Path(root) / "corpus", docs, links, verdicts)
    return links, verdicts


def corpus_step(out_root: Path, doc_ids: list[str]) -> str:
    """The corpus-level step of a folder run (``litmine extract DIR -o OUT``): links and
    verdicts over the documents of this run in ``OUT`` (``doc_ids``: their folder names or input
    file names; older folders in ``OUT`` are left out). Returns a one-line message;
    never raises for bad input (a corpus run's per-document outputs are already written)."""
    out_root = Path(out_root)
    if (out_root / "corpus" / "document.json").exists():
        return "corpus outputs skipped: a document of this run is named 'corpus'"
    wanted = set(doc_ids)
    try:
        docs: dict[str, DocData] = {}
        for f in output_folders(out_root):
            if f.name not in wanted:
                # the folder of an input file whose stem was made unique: match its source name
                source = json.loads((f / "document.json").read_text(encoding="utf-8")).get("source", "")
                if Path(source).name not in wanted:
                    continue
            dd = load_doc(f)
            docs[dd.doc_id] = dd
        if len(docs) < 2:
            return "corpus outputs skipped: links need at least two documents"
        links = resolve({d: CorpusDoc(dd.ident, dd.refs) for d, dd in docs.items()})
        verdicts = verify(docs, links)
        _write_corpus(out_root / "corpus", docs, links, verdicts)
    except Exception as exc:  # noqa: BLE001 - the per-document outputs are written; report, go on
        return f"corpus outputs not written: {type(exc).__name__}: {exc}"
    return (f"corpus: {len(links)} links, {len(verdicts)} verdicts "
            f"-> {out_root / 'corpus'}")


CORPUS_FILES = ("links.csv", "verification.csv", "identities.json", "graph.json",
                "graph.graphml")


def _write_corpus(out: Path, docs: dict[str, DocData], links: list[Link],
                  verdicts: list[Verdict]) -> None:
    from pipeline.graph import corpus_edges_graph, to_graphml, to_json

    texts = {"links.csv": links_to_csv(links), "verification.csv": verdicts_to_csv(verdicts),
             "identities.json": json.dumps([dd.ident.to_dict() for dd in docs.values()],
                                           indent=1, ensure_ascii=False) + "\n"}
    g = corpus_edges_graph(docs.keys(), links, verdicts)
    texts.update({"graph.json": to_json(g), "graph.graphml": to_graphml(g)})
    try:  # the output-safety rule, where it exists: never replace a file litmine did not write
        from pipeline.outdir import prepare_folder, write_marker
    except ImportError:
        prepare_folder = write_marker = None
    if prepare_folder is not None:
        prepare_folder(out, "corpus_links", CORPUS_FILES)
    for name in CORPUS_FILES:
        atomic_write_text(out / name, texts[name])
    if write_marker is not None:
        write_marker(out, "corpus_links", list(CORPUS_FILES))


SHORT_COLUMNS = ("citing_doc", "claim_id", "ref", "cited_doc", "verdict", "material", "property",
                 "value", "unit", "temperature_c", "cited_claims", "cited_values", "note")


def verification_result(indir: Path, links: bool = False, verdict: str | None = None,
                        manifest: Path | None = None, short: bool = False) -> Any:
    """``litmine verify``: the verdicts (or links) of a folder run, as a :class:`queries.Result`.

    Reads ``OUT/corpus/verification.csv`` / ``links.csv``; computes them in memory (writing
    nothing) when they are missing or a manifest is given."""
    from pipeline.queries import Result

    indir = Path(indir)
    if verdict and verdict not in VERDICTS:
        raise DataError(f"unknown verdict {verdict!r} ({', '.join(VERDICTS)})")
    corpus = indir / "corpus"
    if manifest is None and (corpus / "verification.csv").exists() and (corpus / "links.csv").exists():
        if links:
            with (corpus / "links.csv").open(encoding="utf-8", newline="") as fh:
                rows = list(csv.DictReader(fh))
        else:
            rows = read_verification(corpus / "verification.csv")
    else:
        if (indir / "document.json").exists():
            raise DataError(f"{indir}: one document's output; verify compares the documents of a "
                            f"folder run (litmine extract DIR -o OUT, then --in OUT)")
        if not output_folders(indir):
            raise DataError(f"{indir}: no litmine outputs here (run `litmine extract DIR -o "
                            f"{indir}` first)")
        docs = load_corpus(indir, manifest)
        lks = resolve({d: CorpusDoc(dd.ident, dd.refs) for d, dd in docs.items()})
        if links:
            rows = list(csv.DictReader(io.StringIO(links_to_csv(lks))))
        else:
            rows = list(csv.DictReader(io.StringIO(verdicts_to_csv(verify(docs, lks)))))
    if links:
        from pipeline.links import LINK_COLUMNS

        return Result("Reference -> document links", list(LINK_COLUMNS), rows)
    if verdict:
        rows = [r for r in rows if r["verdict"] == verdict]
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["verdict"]] = counts.get(r["verdict"], 0) + 1
    notes = [", ".join(f"{k}: {counts.get(k, 0)}" for k in VERDICTS)]
    return Result("Claims checked against the cited documents",
                  list(SHORT_COLUMNS if short else VERIFY_COLUMNS), rows, notes)


def verification_html(doc_id: str, rows: list[dict[str, str]]) -> str:
    """The pictures page's section for a document's checked claims: verdict counts, then each
    claim's value next to the cited document's values (rows of ``verification.csv``)."""
    from html import escape

    mine = [r for r in rows if r.get("citing_doc") == doc_id]
    if not mine:
        return ""
    counts = {v: sum(1 for r in mine if r["verdict"] == v) for v in VERDICTS}
    cols = ["claim", "material", "property", "value", "unit", "T (°C)", "ref", "cited document",
            "verdict", "cited claims", "cited values", "cited T", "note"]
    body = []
    for r in sorted(mine, key=lambda r: (int(r.get("char_start") or 0), int(r["ref"]))):
        value = r["value"] + (f"–{r['value_high']}" if r.get("value_high") else "")
        signs = {"gt": ">", "ge": "≥", "lt": "<", "le": "≤", "approx": "~"}
        prefix = signs.get(r.get("relation", ""), "")
        cells = [r["claim_id"], r["material"], r["property"], prefix + value, r["unit"],
                 r.get("temperature_c", ""), r["ref"], r["cited_doc"], r["verdict"],
                 r["cited_claims"], r["cited_values"], r.get("cited_temperatures", ""), r["note"]]
        tds = "".join(f'<td class="{escape(r["verdict"])}">{escape(c)}</td>' if i == 8
                      else f"<td>{escape(c)}</td>" for i, c in enumerate(cells))
        body.append(f"<tr>{tds}</tr>")
    head = "".join(f"<th>{escape(c)}</th>" for c in cols)
    summary = ", ".join(f"{v.replace('_', ' ')}: {n}" for v, n in counts.items())
    return "\n".join([
        "<section><h2>Claims checked against the cited papers</h2>",
        f'<p class="note">Claims of <code>{escape(doc_id)}</code> that cite a reference resolved to '
        f"another document of the corpus (<code>corpus/links.csv</code>), next to the cited "
        f"document's own claims of the same property about the same material "
        f"(<code>corpus/verification.csv</code>). {escape(summary)}.</p>",
        f'<div class="scroll"><table><thead><tr>{head}</tr></thead>\n<tbody>\n'
        + "\n".join(body) + "\n</tbody></table></div>",
        "</section>",
    ])
