"""DVC stage ``measurements``: quantities + materials + citations -> measurement claims.

For every content sentence (body text, captions, table rows) the quantity recogniser finds values;
this stage decides each value's property (from its unit, or from trigger words for units shared by
several properties), its material or cell, its conditions (temperature, rate, cycles, current
density) and the citations that support it, and writes ``measurements.csv``. Every recognised
quantity is also written to ``quantities.csv`` (for the quantity-span recall metric).
"""

from __future__ import annotations

import argparse
import bisect
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable


from pipeline.ingest.normalize import normalize
from pipeline.markers import NUMLIST, MarkerSpan, expand_numbers
from pipeline.context import DocumentContext, document_context, study_scopes
from pipeline.citations import fold, named_references
from pipeline.formulas import substitute_variable
from pipeline.plausibility import claim_flags, uncertain_context
from pipeline.quantities import Quantity, find_quantities, parse_bound_value
from pipeline.schema import (CitationMarker, Measurement, Mention, Reference, format_number,
                             read_document,
                             read_records, write_records)
from pipeline.stage import run_stage
from pipeline.subjects import (Anchor, ValueSite, choose_subject, clause_bounds, compose,
                               distinct_mentions, in_comparison, ion_subject, listed_runs,
                               rank, sentence_subject, shared_subjects)
from pipeline.textmap import SentenceText, citation_spans, content_sentences
from pipeline.units import property_cue
from pipeline.resources import load_yaml
from pipeline.io import read_text_exact

UNIT_PROPERTIES = {"S/cm": "ionic_conductivity", "mAh/g": "specific_capacity",
                   "mAh/cm2": "areal_capacity", "Wh/kg": "energy_density", "Wh/L": "energy_density",
                   "kW/kg": "power_density", "ohm*cm2": "interfacial_resistance"}
SOURCE_OF_KIND = {"caption": "caption", "table_row": "table", "table_note": "table"}


@dataclass(frozen=True)
class Rules:
    processing: re.Pattern[str]
    follow_up: tuple[str, ...]
    clause_split: re.Pattern[str]
    percent: dict[str, re.Pattern[str]]
    window: re.Pattern[str]
    not_window: re.Pattern[str]
    current_claim: re.Pattern[str]
    cycle_cue: re.Pattern[str]
    cycle_strong_lead: re.Pattern[str]
    change: re.Pattern[str]
    research_follow_up: tuple[str, ...]
    review_density: float
    textbook: re.Pattern[str]
    transference: re.Pattern[str]
    modulus: re.Pattern[str]
    activation: re.Pattern[str]
    general_starts: tuple[str, ...]
    definite_start: re.Pattern[str]
    temperature_properties: frozenset[str]
    interfacial: re.Pattern[str]
    cycling_voltage: re.Pattern[str]
    strong_window: re.Pattern[str]
    temperature_prefix: re.Pattern[str]
    literature: re.Pattern[str]
    intro_section: re.Pattern[str]
    own_work: re.Pattern[str]
    enumeration_gap: int
    cell_role: re.Pattern[str]
    symmetric_cell: re.Pattern[str]
    symmetric_metals: dict[str, str]
    cell_properties: frozenset[str]
    interface_after: re.Pattern[str]
    work_marker: re.Pattern[str]
    electronic: re.Pattern[str]
    sigma_temperature: re.Pattern[str]
    cycling_time_lead: re.Pattern[str]
    cycling_time_after: re.Pattern[str]
    cycle_length_after: re.Pattern[str]
    ev_conduction: re.Pattern[str]
    review_title: re.Pattern[str]
    shared_value: re.Pattern[str]
    sample_label: re.Pattern[str]
    unit_continues: re.Pattern[str]
    percent_composition: re.Pattern[str]
    percent_other_noun: re.Pattern[str]
    percent_of_other: re.Pattern[str]
    former_latter: re.Pattern[str]
    paired_percent: re.Pattern[str]
    per_cycle: re.Pattern[str]
    not_a_result: re.Pattern[str]
    reference_line: re.Pattern[str]
    retention_loss: re.Pattern[str]
    areal_level_before: re.Pattern[str]
    per_cycle_before: re.Pattern[str]
    condition_current_before: re.Pattern[str]
    areal_pair_between: re.Pattern[str]
    areal_after_time: re.Pattern[str]
    current_condition_before: re.Pattern[str]
    table_retention: re.Pattern[str]
    review_heading: re.Pattern[str]
    ev_other_energy: re.Pattern[str]
    ev_noun: re.Pattern[str]
    ev_other_noun: re.Pattern[str]


@lru_cache(maxsize=1)
def rules() -> Rules:
    cfg = load_yaml("claims.yaml")
    i = re.IGNORECASE
    return Rules(
        processing=re.compile("|".join(map(re.escape, cfg["processing_words"])), i),
        follow_up=tuple(cfg["follow_up_starts"]),
        clause_split=re.compile(cfg["clause_split"]),
        percent={k: re.compile(v, i) for k, v in cfg["percent_properties"].items()},
        window=re.compile(cfg["voltage_properties"]["electrochemical_window"], i),
        not_window=re.compile(cfg["voltage_not_window"], i),
        current_claim=re.compile(cfg["current_density_claim"], i),
        cycle_cue=re.compile(cfg["cycle_life_cue"], i),
        cycle_strong_lead=re.compile(cfg["cycle_life_strong_lead"], i),
        change=re.compile(cfg["change_words"], i),
        research_follow_up=tuple(cfg["research_follow_up_starts"]),
        review_density=float(cfg["review_citation_density"]),
        textbook=re.compile(cfg["textbook_value"], i),
        transference=re.compile(cfg["transference"]),
        modulus=re.compile(cfg["modulus"], i),
        activation=re.compile(cfg["activation"], i),
        general_starts=tuple(cfg["general_starts"]),
        definite_start=re.compile(cfg["definite_start"]),
        temperature_properties=frozenset(cfg["temperature_properties"]),
        interfacial=re.compile(cfg["interfacial_resistance_cue"], i),
        cycling_voltage=re.compile(cfg["cycling_voltage"], i),
        strong_window=re.compile(cfg["strong_window"], i),
        temperature_prefix=re.compile(cfg["temperature_prefix"], i),
        literature=re.compile(cfg["literature_cue"], i),
        intro_section=re.compile(cfg["intro_section"], i),
        own_work=re.compile(cfg["own_work"], i),
        enumeration_gap=int(cfg["enumeration_gap"]),
        cell_role=re.compile(cfg["cell_role"]),
        symmetric_cell=re.compile(cfg["symmetric_cell"]),
        symmetric_metals=dict(cfg["symmetric_metals"]),
        cell_properties=frozenset(cfg["cell_properties"]),
        interface_after=re.compile(cfg["interface_after"], i),
        work_marker=re.compile(cfg["work_marker_before"] + "$"),
        electronic=re.compile(property_cue("electronic_conductivity"), i),
        sigma_temperature=re.compile(cfg["sigma_temperature"]),
        cycling_time_lead=re.compile(property_cue("cycling_time"), i),
        cycling_time_after=re.compile(cfg["cycling_time_after"], i),
        cycle_length_after=re.compile(cfg["cycle_length_after"], i),
        ev_conduction=re.compile(cfg["ev_conduction_context"], i),
        review_title=re.compile(cfg["review_title"]),
        shared_value=re.compile(cfg["shared_value"], i),
        sample_label=re.compile(cfg["subjects"]["sample_label"]),
        unit_continues=re.compile(cfg["unit_continues"]),
        percent_composition=re.compile(cfg["percent_composition"]),
        percent_other_noun=re.compile(cfg["percent_other_noun"], i),
        percent_of_other=re.compile(cfg["percent_of_other"], i),
        former_latter=re.compile(cfg["former_latter"], i),
        paired_percent=re.compile(cfg["paired_percent"], i),
        per_cycle=re.compile(cfg["per_cycle"], i),
        not_a_result=re.compile(cfg["not_a_result"], i),
        reference_line=re.compile(cfg["reference_line"], i),
        retention_loss=re.compile(cfg["retention_loss"], i),
        areal_level_before=re.compile(cfg["areal_level_before"], i),
        per_cycle_before=re.compile(cfg["per_cycle_before"], i),
        condition_current_before=re.compile(cfg["condition_current_before"], i),
        areal_pair_between=re.compile(cfg["areal_pair_between"], i),
        areal_after_time=re.compile(cfg["areal_after_time"], i),
        current_condition_before=re.compile(cfg["current_condition_before"], i),
        table_retention=re.compile(cfg["table_retention"], i),
        review_heading=re.compile(cfg["review_heading"]),
        ev_other_energy=re.compile(cfg["ev_other_energy"], i),
        ev_noun=re.compile(cfg["ev_noun"], i),
        ev_other_noun=re.compile(cfg["ev_other_noun"], i),
    )


# ------------------------------------------------------------------------------------------------
# positions


def to_norm(st: SentenceText, src_start: int, src_end: int) -> tuple[int, int]:
    """Map a source span into the sentence's normalised text."""
    starts = st.norm.starts
    a = bisect.bisect_left(starts, src_start)
    b = bisect.bisect_left(starts, src_end)
    return a, max(b, a + 1)


# ------------------------------------------------------------------------------------------------
# property decision


VERB_CUE = re.compile(r"(?:remain|retain|maintain)\w*$", re.IGNORECASE)


def _list_head(q: Quantity, all_q: list[Quantity], text: str) -> int:
    """Where the list of values of ``q``'s unit that ``q`` closes starts ("(90.6%, 97.3%, and
    94.5%", "89% after 400 cycles and 76%"): the start of its first value."""
    start = q.start
    for x in sorted((x for x in all_q if x.unit == q.unit and x.end <= q.start),
                    key=lambda x: -x.end):
        if not re.fullmatch(r"\s*(?:(?:after|for|over|in|at)\s+[^,;%()]{1,25}?)?\s*,?\s*"
                            r"(?:and\s+|or\s+)?", text[x.end:start]):
            break
        start = x.start
    return start


def _paired_condition(q: Quantity, all_q: list[Quantity], text: str) -> bool:
    """An areal capacity written with the current density a test runs at ("at 0.2 mA cm-2 and
    0.1 mAh cm-2", "at 50 µA cm-2 (up to 0.5 mAh cm-2)") or right after a test time ("after
    620 h (up to 0.5 mAh cm-2)"): the test's condition, as its current density is."""
    r = rules()
    before = [x for x in all_q if x.end <= q.start and q.start - x.end <= 40]
    if not before:
        return False
    x = max(before, key=lambda x: x.end)
    if x.unit == "h":
        return bool(r.areal_after_time.fullmatch(text, x.end, q.start))
    return x.unit == "mA/cm2" and bool(r.areal_pair_between.fullmatch(text, x.end, q.start)) \
        and bool(r.condition_current_before.search(text, max(0, x.start - 50), x.start))


def decide_property(q: Quantity, text: str, all_q: list[Quantity]) -> str | None:
    """The property a quantity reports, or None when it is a condition or not a claim."""
    r = rules()
    unit = q.unit
    if getattr(q, "kind", "") == "relative":
        return None
    if unit in UNIT_PROPERTIES and r.unit_continues.match(text, q.end):
        return None  # "10^-8 S cm^-1 Hz^-1 K": a different quantity
    if unit == "%" and r.percent_composition.match(text, q.end):
        return None  # "Li(1% Mg)", "80% S": a composition
    head = _list_head(q, all_q, text) if unit == "%" else q.start
    if unit == "%" and r.percent_other_noun.search(text, max(0, head - 60), head):
        return None  # "minimal volume changes (< 0.3 %)", "energy efficiency (90.6%, 97.3%)"
    if unit == "%" and r.percent_of_other.match(text, q.end):
        return None  # "retains 92% of its initial conductivity"
    if unit == "%":
        pair = next(reversed(list(r.paired_percent.finditer(text, 0, q.start))), None)
        if pair is not None and "respectively" in text[q.end:q.end + 80]:
            # "capacity and energy retention of 78% and 76%, respectively": the value's noun
            shares = [x for x in all_q if x.unit == "%" and x.start >= pair.end()]
            idx = shares.index(q) if q in shares else -1
            if idx in (0, 1):
                noun = f"{pair.group(idx + 1)} {pair.group(3)}".lower()
                return ("capacity_retention" if noun.startswith("capacity retention") else
                        "coulombic_efficiency" if noun.startswith("coulombic efficienc")
                        else None)
    if unit == "mAh/cm2" and (r.per_cycle.match(text, q.end) or r.areal_level_before.search(
            text, max(0, q.start - 30), q.start)):
        return None  # "0.161 mA h cm-2 per half cycle", "at the 6.8 mAh cm-2 level": a condition
    if unit == "mAh/cm2" and (r.per_cycle_before.search(text, max(0, q.start - 90), q.start)
                              or _paired_condition(q, all_q, text)):
        return None  # "the same capacity per half cycle (0.161 mA h cm-2)", "at 0.2 mA cm-2 and
        # 0.1 mAh cm-2": the charge each cycle of a plating test passes
    if r.not_a_result.search(text, max(0, q.start - 30), q.start):
        return None  # "with an RMS error of ~±38 meV": an error, not a property value
    if r.reference_line.search(text, max(0, q.start - 60), q.start):
        return None  # "The red dash lines indicate σ = 10^-4 and 10^-3 S cm^-1": a figure's guide
    if unit == "S/cm":
        if re.search(r"\belectronic\s*\(\s*[~≈∼<>]?\s*$", text[max(0, q.start - 20):q.start]):
            return "electronic_conductivity"  # "extremely low electronic (~10^-9 S cm^-1) and ..."
        nouns = [m.end() for m in re.finditer(r"conductivit\w*", text[:q.start])]
        if nouns and r.electronic.search(text, max(0, nouns[-1] - 40), nouns[-1]) \
                and q.start - nouns[-1] < 200:
            return "electronic_conductivity"
    if unit in UNIT_PROPERTIES:
        return UNIT_PROPERTIES[unit]
    lo, hi = clause_bounds(text, q.start)
    clause = text[lo:hi]
    window = text[max(0, q.start - 80):min(len(text), q.end + 60)]
    if unit == "eV":
        nouns = list(r.ev_noun.finditer(text, max(lo, q.start - 60), q.start))
        if nouns and r.ev_other_noun.search(nouns[-1].group(0)):
            return None  # "the vacancy formation energy in LLZO (3.6 eV)": another energy's value
        if r.activation.search(text):
            return "activation_energy"
        conduction = r.ev_conduction.search(text) and not r.ev_other_energy.search(text)
        return "activation_energy" if conduction else None
    if unit == "GPa":
        return "modulus" if r.modulus.search(text) else None
    if unit == "mA/cm2":
        if r.current_condition_before.search(text, max(0, q.start - 80), q.start):
            return None  # "cycled with a nominal current density of 1.4 mA cm-2": the condition
        if re.search(r"\b(?:at|under|with)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?$", text[max(0, q.start - 30):q.start]) \
                and not r.current_claim.search(text[max(0, q.start - 40):q.start]):
            return None  # "cycles stably for 1,000 h at 0.5 mA cm-2": the test condition
        # a capacity written after a current density and "/" is its pair ("CCD 3.4 mA/3.4 mAh")
        paired = {id(x) for x in all_q for y in all_q
                  if y.unit == "mA/cm2" and re.fullmatch(r"\s?/\s?", text[y.end:x.start])}
        others = [x for x in all_q if x is not q and x.unit in UNIT_PROPERTIES
                  and id(x) not in paired]
        # ... or the cue is before an earlier current density the value is enumerated with
        # ("raised the CCD to >2.3 mA cm-2 for X and >3.4 mA cm-2 for Y")
        cues = [m.end() for m in r.current_claim.finditer(text, 0, q.start)]
        listed = bool(cues) and any(x is not q and x.unit == "mA/cm2" and cues[-1] <= x.start
                                    < q.start for x in all_q)
        return "current_density" if (r.current_claim.search(window) or listed) and not others \
            else None
    if unit == "%":
        best, best_d, best_word = None, 10**9, ""
        named_before = set()
        for prop, rx in r.percent.items():
            for m in rx.finditer(clause):
                d = abs((lo + m.start()) - q.start)
                if lo + m.end() <= q.start and not VERB_CUE.match(m.group()):
                    named_before.add(prop)
                if d < best_d:
                    best, best_d, best_word = prop, d, m.group()
        if VERB_CUE.match(best_word) and best not in named_before and len(named_before) == 1:
            return named_before.pop()  # "The Coulombic efficiency remains > 99%": the noun's
        return best
    if unit == "ohm":  # a bare resistance is a claim only when the sentence says interfacial
        return "interfacial_resistance" if r.interfacial.search(text) else None
    if unit == "V":
        if r.cycling_voltage.search(text[max(0, q.start - 60):q.start]) and \
                not r.strong_window.search(window):
            return None  # the voltage range of a cycling test is a condition
        if r.not_window.search(window) or re.search(r"vers[eu]s|vs\.?", text[q.end:q.end + 12]):
            if not r.window.search(window):
                return None
        return "electrochemical_window" if r.window.search(window) else None
    if unit == "h":
        if re.fullmatch(r"\s*(?:m?s|sec\w*|min\w*)", q.unit_as_written or ""):
            return None  # seconds and minutes are pulse, rest or dwell times, not cycling times
        if r.cycle_length_after.match(text, q.end):
            return None  # "for 1 h charge-discharge cycles", "1 h in each direction": one cycle
        lead = r.cycling_time_lead.search(text, max(lo, q.start - 90), q.start) \
            or r.cycling_time_after.match(text, q.end)
        return "cycling_time" if lead else None
    if unit == "cycles":
        if re.match(r"\d+\s*(?:st|nd|rd|th)\b", q.value_as_written):
            return None  # "the 2nd to 5th cycles": which cycle, not how many
        before = text[max(0, q.start - 25):q.start]
        if r.cycle_strong_lead.search(text, max(0, q.start - 40), q.start):
            return "cycle_life"
        metric = [x for x in all_q if x.unit in ("mAh/g", "mAh/cm2", "%")
                  and 0 <= q.start - x.end <= 100
                  and not re.search(r"\band\b[^,;]*\b(?:cycl|stab)|[,;][^,;]*\b(?:cycl|stab)",
                                    text[x.end:q.start])]
        if metric:  # "a capacity of 130 mAh/g for 100 cycles": the cycles are a condition
            return None
        if re.search(r"\bafter\b|\bcycle\s*$|\bthe\s*$", before):
            return None
        of_lead = re.search(r"\bof\s+(?:[~>≥]\s*)?$", before)  # "cycling stability of >300 cycles"
        if of_lead and not r.cycle_cue.search(before):
            return None
        lead = of_lead or re.search(r"(?:for|over|than|to|as many as|up to|achiev\w*|reach\w*|"
                                    r"exceed\w*|surpass\w*|beyond|sustain\w*|last\w*)\s+(?:[~>≥]\s*)?$",
                                    before)
        if lead and r.cycle_cue.search(text):
            return "cycle_life"
    return None


def _written_number(s: str) -> float | None:
    """The number a side of a range writes, with its power of ten: "2.1 × 10^-4", "1,710"."""
    m = re.match(r"\s*[~≈]?\s*(\d[\d,]*(?:\.\d+)?)(?:\s*[×x]\s*10\^([-−]?\d+))?", s)
    if m is None:
        return None
    return float(m.group(1).replace(",", "")) * 10.0 ** int((m.group(2) or "0").replace("−", "-"))


def split_changes(qs: list[Quantity], text: str) -> list[Quantity]:
    """"decreasing from 1,710 to 1 ohm cm2": two values (before and after), not a range."""
    out: list[Quantity] = []
    for q in qs:
        # the range's "to" or dash, not an exponent's minus ("from 2.1 × 10^-4 to 8.7 × 10^-4")
        m = re.match(r"(.+?)\s*(?:\bto\b|(?<!\^)[–-])\s*(?=[~≈]?\s*\d)", q.value_as_written)
        if q.relation == "range" and q.value_high is not None and m and \
                re.search(r"\bfrom\s*$", text[:q.start]) and \
                rules().change.search(text[max(0, q.start - 80):q.start]):
            a_end, b_start = q.start + len(m.group(1)), q.start + m.end()
            first, second = q.value, q.value_high
            nums = [_written_number(x) for x in (m.group(1), text[b_start:q.end])]
            if None not in nums and nums[0] > nums[1]:
                first, second = second, first  # "decreasing from 1,710 to 1"
            out.append(replace(q, end=a_end, value=first, relation="eq", value_high=None,
                               value_as_written=text[q.start:a_end]))
            out.append(replace(q, start=b_start, value=second, relation="eq",
                               value_high=None, value_as_written=text[b_start:q.end]))
        else:
            out.append(q)
    return out


# ------------------------------------------------------------------------------------------------
# conditions


def is_processing_temperature(text: str, q: Quantity) -> bool:
    before = text[max(0, q.start - 45):q.start]
    cut = max(before.rfind(","), before.rfind(";"), before.rfind(" and "))
    return bool(rules().processing.search(before[cut + 1:] if cut >= 0 else before))


def _nearest(q: Quantity, cands: list[Quantity], text: str, max_dist: int = 160) -> Quantity | None:
    """Nearest candidate after the value (preferred), else before, within ``max_dist``."""
    after = [c for c in cands if c.start >= q.end and c.start - q.end <= max_dist]
    if after:
        return min(after, key=lambda c: c.start)
    before = [c for c in cands if c.end <= q.start and q.start - c.end <= max_dist]
    return max(before, key=lambda c: c.end) if before else None


def _prefix_temperature(q: Quantity, temps: list[Quantity], text: str) -> Quantity | None:
    """A temperature that modifies the property noun before the value ("the room temperature
    (298 K) ionic conductivity ... is 0.01 mS cm-1", "RT ionic conductivity of ...") is the
    value's measurement temperature, whatever temperatures follow. The last such one wins."""
    lo, _ = clause_bounds(text, q.start)
    hits = [t for t in temps if lo <= t.start and t.end <= q.start
            and rules().temperature_prefix.match(text, t.end)]
    return max(hits, key=lambda t: t.end) if hits else None


def _paren_temperature(q: Quantity, temps: list[Quantity], text: str) -> Quantity | None:
    """A temperature right before the parenthesis that holds the value ("at 350 K (≈ 0.04 S
    cm-1) and above ... above 380 K") is its own, whatever temperatures follow."""
    hits = [t for t in temps if t.end <= q.start
            and re.fullmatch(r"\s*[(\[]\s*(?:[~≈<>≥≤]\s*)?", text[t.end:q.start])]
    return hits[-1] if hits else None


def _symbol_temperature(q: Quantity, text: str) -> str:
    """The temperature written in the conductivity symbol before the value ("σ25 = ...",
    "σ_RT", "σ 300K of ..."), within its clause."""
    lo, _ = clause_bounds(text, q.start)
    hits = list(rules().sigma_temperature.finditer(text, lo, q.start))
    return _sigma_text(hits[-1]) if hits else ""


def _sigma_text(hit: re.Match[str]) -> str:
    """The temperature of a conductivity symbol match: "RT", or degrees C ("σ 300K" -> 26.85)."""
    t, unit = hit.group("t"), hit.group("k") or ""
    if t.lower().startswith("r"):
        return "RT"
    return format_number(round(float(t) - 273.15 if unit == "K" else float(t), 2))


def temperature_text(t: Quantity) -> str:
    if getattr(t, "is_rt", False):
        return "RT"
    return format_number(round(t.value, 2))


def _aligned_temperature(q: Quantity, temps: list[Quantity], index: int, text: str
                         ) -> Quantity | None:
    """Enumerated values take enumerated temperatures in order ("150, 106 and 50 ... at 50, 40
    and 30 °C") when the two lists have the same length, or "respectively" pairs them."""
    after = [t for t in temps if t.start > q.start]
    groups: dict[object, list[Quantity]] = {}
    for t in after:
        if getattr(t, "group", None) is not None:
            groups.setdefault(t.group, []).append(t)
    for members in groups.values():
        if len(members) > index:
            return members[index]
    if "respectively" in text and len(after) > index:
        return after[index]
    return None


# between a value and a temperature written right after it: "0.27 eV at ∼ 70 °C"
_AT_TEMPERATURE = re.compile(r"\s*(?:at|above|below|near)\s+(?:[~≈∼]\s*|(?:about|around|approximately|ca\.)\s+)?")


def conditions_for(q: Quantity, prop: str, text: str, qs: list[Quantity],
                   index_in_group: int | None) -> tuple[str, dict[str, Any]]:
    temps = [t for t in qs if t.kind == "temperature" and not is_processing_temperature(text, t)
             and t.relation != "range"]
    temp, t = "", None
    if index_in_group is not None:
        t = _aligned_temperature(q, temps, index_in_group, text)
        temp = temperature_text(t) if t else ""
    if not temp and prop in rules().temperature_properties:
        # a later temperature that modifies a property noun ("... but high room temperature
        # conductivity has remained elusive") belongs to that noun, not to this value
        own = [x for x in temps
               if not (x.start >= q.end and rules().temperature_prefix.match(text, x.end))]
        t = _prefix_temperature(q, temps, text) or _paren_temperature(q, own, text) \
            or _nearest(q, own, text)
        temp = temperature_text(t) if t else ""
        if not temp:  # "... 0.1 S cm-1 between 540 K and 573 K": the range's low end
            spans = [x for x in qs if x.kind == "temperature" and x.relation == "range"
                     and re.search(r"\b(?:between|from)\s+$", text[max(0, x.start - 10):x.start])
                     and not is_processing_temperature(text, x)]
            r = _nearest(q, spans, text)
            temp = temperature_text(r) if r else ""
        if not temp and prop == "ionic_conductivity":
            temp = _symbol_temperature(q, text)
    elif not temp:  # "0.4 eV at 100 °C": a temperature written right after the value is its own,
        # or one its clause states after it ("... (610 meV) show comparable activation energies
        # even at RT")
        lo, hi = clause_bounds(text, q.start)
        after = [t for t in temps if _AT_TEMPERATURE.fullmatch(text, q.end, t.start)] or \
            [t for t in temps if q.end <= t.start and t.end <= hi
             and re.search(r"\b(?:at|near)\s+(?:[~≈∼]\s*)?$",
                           text[max(q.end, t.start - 10):t.start])
             and not any(q.end <= x.start < t.start and (
                 x.unit not in ("", q.unit)  # "(370 meV) and Mg jump rate (~10^8 Hz) at 450 K"
                 # "from 0.5 eV in low temperatures to 0.3 eV at ~40 °C": the later value's
                 or (x.unit == q.unit and re.search(r"\bto\s+(?:[~≈∼]\s*)?$",
                                                    text[q.end:x.start])))
                 for x in qs)]
        temp = temperature_text(after[0]) if after else ""
    cond: dict[str, Any] = {}
    if t is not None and temp and t.relation in ("gt", "lt", "ge", "le"):
        cond["temperature_bound"] = t.relation  # "0.1 S cm-1 above around 480 K"
    c = _nearest(q, [x for x in qs if x.kind == "c_rate"], text)
    if c:
        cond["c_rate"] = c.value
    cd = _nearest(q, [x for x in qs if x.unit == "mA/cm2" and x is not q], text)
    if cd:
        cond["current_density"] = cd.value
    cm = _nearest(q, [x for x in qs if x.unit == "mA/g"], text)
    if cm:
        cond["current_density_mass"] = cm.value
    if prop in ("capacity_retention", "specific_capacity", "coulombic_efficiency", "areal_capacity"):
        cyc = [x for x in qs if x.kind == "cycle_number"]
        metrics = [x for x in qs if x is not q and x.unit in ("%", "mAh/g", "mAh/cm2")]
        after = [x for x in cyc if x.start >= q.end and x.start - q.end <= 120
                 and not any(q.end <= y.start and y.end <= x.start for y in metrics)]
        before = [x for x in cyc if x.end <= q.start and q.start - x.end <= 60
                  and prop == "capacity_retention"]
        pick = min(after, key=lambda x: x.start) if after else (max(before, key=lambda x: x.end)
                                                                 if before else None)
        if pick is not None:
            cond["cycles"] = int(pick.value)
    vr = [x for x in qs if x.unit == "V" and x.relation == "range" and x is not q]
    if vr and prop != "electrochemical_window":
        cond["voltage_range"] = f"{format_number(vr[0].value)}-{format_number(vr[0].value_high)}"
    return temp, cond


# ------------------------------------------------------------------------------------------------
# materials, cells, citations


# a cell's components are parted by "|", "||" or "//" ("Li2S//Li0.5In half-cells"); one "/" joins
# the parts of a composite ("S/LPSCl/C")
CELL_SEP = re.compile(r" ?(\|\||//|\|)(?!/) ?")
CELL_START = re.compile(r"(?<![\w|/:])(?:\([^()]{1,40}\)|(?:[^\s|,;/(]|/(?!/))(?:[^\s|,;/]|/(?!/))*)"
                        r" ?(?:\|\||//|\|)(?!/) ?\S")
COMPONENT = re.compile(r"(?:[^\s|,;/]|/(?!/))+")
# a spaced notation ("Li || DPF LPSC || Li") may have a component of a few words
SPACED_COMPONENT = r"(?:[^\s|,;/]|/(?!/))+(?: (?:[^\s|,;/]|/(?!/))+){0,2}(?= ?%s)"


@dataclass(frozen=True)
class Cell:
    """A cell notation (``Li|LLZO|LCO``) in a sentence's normalised text."""

    text: str  # components as written, joined by the paper's separator without spaces
    start: int
    end: int
    components: tuple[tuple[int, int], ...]


def cell_parts(cell: str) -> list[str]:
    """The components of a cell notation: "NCA||DPFLPSC||Li" -> ["NCA", "DPFLPSC", "Li"]; a
    notation with slashes only ("LiCoO2/Li3InCl6/Li-In") splits at them."""
    if not cell:
        return []
    return re.split(r"\|\||//|\|" if re.search(r"\||//", cell) else "/", cell)


def cell_separator(cell: str) -> str:
    return next((s for s in ("||", "//", "|") if s in cell), "/" if "/" in cell else "|")


# "LiCoO2/Li3InCl6/Li-In cell", "Li/LLZO/Li symmetric cells": a slash chain is a cell notation
# when a cell noun follows it
_SLASH_PART = r"(?:[^\s/|,;()]|\([^()]{0,15}\))+"
SLASH_CELL = re.compile(rf"(?<![\w/])((?:{_SLASH_PART}/ ?)+{_SLASH_PART})\s+(?:(?:symmetric(?:al)?|full|"
                        r"half|coin|pouch|Swagelok|all-solid-state|solid-state|model|test|lithium|"
                        r"sodium|metal|lithium-metal|Li-metal|Li-ion|Na-ion|Li-S|ion)[- ]?)*"
                        r"(?:cells?|batter(?:y|ies)|configurations?)\b")


_CELL_NOUN = re.compile(r"cells?\b|batter(?:y|ies)|configuration", re.I)


def _slash_cell(text: str, anchors: list[Anchor]) -> Cell | None:
    if "/" not in text or not _CELL_NOUN.search(text):
        return None
    for m in SLASH_CELL.finditer(text):
        parts, pos = [], m.start(1)
        for piece in re.split(r"/ ?", m.group(1)):
            pos = text.index(piece, pos)
            parts.append((pos, pos + len(piece)))
            pos += len(piece)
        if all(re.search(r"[A-Z]", text[x:y]) for x, y in parts):
            return Cell("/".join(text[x:y] for x, y in parts), m.start(1), m.end(1), tuple(parts))
    return None


def _component_end(text: str, pos: int, anchors: list[Anchor], sep: str | None) -> int:
    """Where the cell component starting at ``pos`` ends: at the next separator (or space,
    comma); a material mention that starts in it may carry it further ("single-walled carbon
    nanotubes"), and in a spaced notation so may a few words before the next separator."""
    group = re.compile(r"\([^()]{1,40}\)(?= ?(?:\|\||//|\|)(?!/))").match(text, pos)
    if group:  # "(DPF NCA with LPSC) || DPF LPSC || Li": a composite electrode in brackets
        return group.end()
    tok = COMPONENT.match(text, pos)
    end = tok.end() if tok else pos
    if sep is not None:
        words = re.compile(SPACED_COMPONENT % re.escape(sep)).match(text, pos)
        if words:
            end = max(end, words.end())
    end = max([end, *[a.end for a in anchors if a.start <= pos < a.end]])
    while end > pos and text[end - 1] in ".)" and text[pos:end].count("(") < \
            text[pos:end].count(")") + (text[end - 1] == "."):
        end -= 1
    return end


def find_cell(text: str, anchors: list[Anchor] = ()) -> Cell | None:
    """The first cell notation of ``text``, as written ("NCM811|Li6PS5Cl|Li-In",
    "Li || DPF LPSC || Li", "Li2S//Li0.5In"); one notation keeps one separator."""
    for m in CELL_START.finditer(text):
        pos, comps, sep = m.start(), [], None
        while True:
            end = _component_end(text, pos, anchors, sep if comps and " " in text[
                comps[-1][1]:pos] else None)
            if end == pos:
                break
            comps.append((pos, end))
            bar = CELL_SEP.match(text, end)
            if not bar or (sep is not None and bar.group(1) != sep) \
                    or bar.end() >= len(text) or text[bar.end()].isspace():
                break
            sep, pos = bar.group(1), bar.end()
        if len(comps) == 2 and rules().interface_after.match(text, comps[-1][1]):
            continue  # "the LRMO|solid electrolyte interface" is an interface, not a cell
        if len(comps) >= 2 and not all(re.search(r"[A-Z]", text[x:y])
                                       or any(a.start <= x < a.end for a in anchors)
                                       for x, y in comps):
            continue  # "in | the", "7 | 12": table rules or prose, not cell components
        if len(comps) >= 2:
            cell = (sep or "|").join(" ".join(text[x:y].split()) for x, y in comps)
            return Cell(cell, comps[0][0], comps[-1][1], tuple(comps))
    return _slash_cell(text, anchors)


# a sentence without a bar or a slash writes no cell notation
_CELL_HINT = re.compile(r"[|/]")


def find_cells(text: str, anchors: list[Anchor] = ()) -> list[Cell]:
    """Every cell notation of ``text``, in order."""
    out: list[Cell] = []
    pos = 0
    while (cell := find_cell(text[pos:], [Anchor(a.start - pos, a.end - pos, a.payload)
                                          for a in anchors if a.start >= pos])) is not None:
        out.append(Cell(cell.text, cell.start + pos, cell.end + pos,
                        tuple((x + pos, y + pos) for x, y in cell.components)))
        pos += cell.end
    return out


def _inside(mat: Mention | None, anchors: list[Anchor], cell: Cell) -> bool:
    """``mat`` is a mention that begins inside the cell notation."""
    return mat is not None and any(a.payload.char_start == mat.char_start
                                   and cell.start <= a.start < cell.end for a in anchors)


def cell_electrolyte(cell: Cell, text: str, anchors: list[Anchor]) -> Mention | None:
    """The electrolyte of a cell: the best mention written in its middle component(s); of a
    two-part cell, its electrolyte-class component."""
    if len(cell.components) < 3:  # "S-LRMO|LICF": the electrolyte-class component, if any
        middle = [a for a in anchors if cell.start <= a.start < cell.end and rank(a.payload) == 0]
    else:
        lo, hi = cell.components[1][0], cell.components[-2][1]
        middle = [a for a in anchors if lo <= a.start < hi]
    if not middle:
        return None
    best = min(middle, key=lambda a: (rank(a.payload), a.start))
    return compose(text, best, middle)


def main_cell(sentences: Iterable[SentenceText]) -> str:
    """The full cell (anode|electrolyte|cathode) a research article writes out most often; failing
    one, the two-electrode notation of its half-cells ("Li2S//Li0.5In") written more than once
    (a symmetric "Li||Li" cell is a test of the electrolyte, not the paper's cell)."""
    full: dict[str, int] = {}
    half: dict[str, int] = {}
    for st in sentences:
        cell = find_cell(st.text) if _CELL_HINT.search(st.text) else None
        parts = cell_parts(cell.text) if cell is not None else []
        if len(parts) >= 3:
            full[cell.text] = full.get(cell.text, 0) + 1
        elif len(parts) == 2 and parts[0] != parts[1]:
            half[cell.text] = half.get(cell.text, 0) + 1
    half = {k: n for k, n in half.items() if n >= 2}
    seen = full or half
    return max(seen, key=lambda k: (seen[k], k)) if seen else ""


def cells_in_words(sentences: Iterable[SentenceText], text: str,
                   mentions: dict[str, list[Mention]]) -> dict[str, str]:
    """Cells a research article describes in words ("B-LRMO and S-LRMO as the cathodes, LICF as
    the SE, and LiIn/In as the anode"): cathode (and, with one cathode, electrolyte) canonical
    name -> "anode|electrolyte|cathode"."""
    r = rules()
    for st in sentences:
        roles: dict[str, list[str]] = {}
        for hit in r.cell_role.finditer(st.text):
            a, _ = st.source_span(hit.start(), hit.start())
            names = [m for m in mentions.get(st.sentence.id, [])
                     if m.char_end <= a and a - m.char_end <= 80
                     and " as " not in text[m.char_end:a].strip(" ,")
                     and not r.cell_role.search(text[m.char_end:a])]
            if hit.group("as") is None:  # "a Li-In alloy anode": the name right before the noun
                names = [m for m in names if a - m.char_end <= 25
                         and not re.search(r"[,;()]", text[m.char_end:a])][-1:]
            role = hit.group("role").lower()
            key = "anode" if role.startswith("anode") else (
                "cathode" if role.startswith("cathode") else "electrolyte")  # or separator
            if names:
                roles.setdefault(key, []).extend(_joined(text, names))
        if all(k in roles for k in ("anode", "electrolyte", "cathode")):
            anode, se = roles["anode"][-1], roles["electrolyte"][-1]
            cells = {c: f"{anode}|{se}|{c}" for c in roles["cathode"]}
            if len(roles["cathode"]) == 1:
                cells[se] = next(iter(cells.values()))
            return cells
    return {}


def _joined(text: str, names: list[Mention]) -> list[str]:
    """Mentions written as one name ("LiIn/In") joined; others kept apart ("B-LRMO and S-LRMO")."""
    out: list[list[Mention]] = []
    for m in sorted(names, key=lambda m: m.char_start):
        if out and re.fullmatch(r"\s*[/|-]\s*", text[out[-1][-1].char_end:m.char_start]):
            out[-1].append(m)
        else:
            out.append([m])
    return ["".join(text[g[0].char_start:g[-1].char_end].split()) if len(g) > 1 else g[0].canonical
            for g in out]


def complete_cell(cell: str, mat: Mention | None) -> str:
    """A cell written with its electrodes only ("Li|LFP ASSLMs") takes the electrolyte the value
    is about as its middle component: "Li|PVDF/Ta-LLZO|LFP"."""
    parts = cell_parts(cell)
    if len(parts) != 2 or mat is None or rank(mat) != 0 or mat.source_rule == "class_subject":
        return cell
    name = mat.canonical.replace(" ", "")
    if not name or name in parts:
        return cell
    sep = cell_separator(cell)
    return f"{parts[0]}{sep}{name}{sep}{parts[1]}"


def symmetric_cell(text: str, mat: Mention | None) -> str:
    """The cell of a sentence that names a symmetric cell in words ("Li symmetric cells with
    Li6PS5Cl", "symmetric sodium cells"): "M|electrolyte|M" for the electrolyte the value is
    about; the metal is the one named, else the electrolyte's mobile ion."""
    r = rules()
    hit = r.symmetric_cell.search(text)
    if hit is None or mat is None or rank(mat) == 2 or mat.material_class in ("cathode", "anode") \
            or mat.source_rule == "class_subject":
        return ""
    named = hit.group("m1") or hit.group("m2")
    lead = re.match(r"(Li|Na|K|Mg|Zn|Ca)(?![a-z])", mat.formula or "")
    metal = r.symmetric_metals.get(named or "", "") or (lead.group(1) if lead else "")
    name = mat.canonical.replace(" ", "")
    return f"{metal}|{name}|{metal}" if metal and name else ""


def _symmetric_electrolyte(text: str, mat: Mention | None, mat_rule: str, ctx: "Context",
                           sentence_id: str) -> tuple[Mention | None, str, str]:
    """A symmetric cell named in words whose sentence gives the value to its metal or to nothing
    ("stable galvanostatic cycling of a sodium symmetric cell for >350 h"): the cell's
    electrolyte is the electrolyte-like material the paragraph named last, else the one it is
    about, else the study's own material."""
    if mat is not None and rank(mat) < 2 and mat.material_class != "anode":
        return mat, mat_rule, ""
    if not rules().symmetric_cell.search(text):
        return mat, mat_rule, ""
    for se in (ctx.recent[-1] if ctx.recent else None, ctx.material,
               ctx.document.own_for(sentence_id)):
        cell = symmetric_cell(text, se)
        if cell:
            return se, "symmetric_cell_electrolyte", cell
    return mat, mat_rule, ""


def electrolyte_of(cell: str) -> str:
    parts = cell_parts(cell)
    return "|".join(parts[1:-1]) if len(parts) >= 3 else parts[-1]


# a value's reference electrode between it and its marker ("over 5 V vs Li+/Li, 40")
_REFERENCE_GAP = re.compile(r"\s*(?:vs\.?|versus)\s*(?:[A-Z][a-z]?\s*\^?\s*\+?\s*/\s*[A-Z][a-z]?\s*\^?\s*\+?|SHE)"
                            r"\s*\)?\s*[,;]?\s*")


def choose_citations(q: Quantity, text: str, markers: list[Anchor],
                     values: list[Quantity], review: bool = True,
                     own_results: bool = False) -> tuple[list[int], str]:
    """Markers of the value's clause; a marker written right after a value belongs to it. In a
    review a value with no marker in its clause takes the sentence's markers; in a research
    article it is the authors' own result ("X is known to conduct well ( 25 ), resulting in the
    higher conductivity of our Y"). In the results of a research article (``own_results``) a
    value takes only a marker written right after it (or after the value enumerated next to it:
    "LISICON-like (~200-500 meV) and Garnets (~400-500 meV)^{1,39}") or a marker of a clause
    that reports literature ("as reported ...", "et al."). In a research article's
    introduction a value outside the marker's clause takes the sentence's markers unless the
    sentence speaks of the authors' own work ("we", "our", "this work")."""
    if not markers:
        return [], "none"

    def attached(v: Quantity) -> list[Anchor]:
        return [m for m in markers if 0 <= m.start - v.end <= 4
                or (0 <= m.start - v.end <= 30 and _REFERENCE_GAP.fullmatch(text, v.end, m.start))]

    own = attached(q)
    if own:
        return sorted({r for m in own for r in m.payload.refs}), "attached"
    if own_results:
        r = rules()
        nxt = [v for v in values if v is not q and v.unit == q.unit and
               0 <= v.start - q.end <= r.enumeration_gap and attached(v)]
        if nxt:
            return sorted({x for m in attached(nxt[0]) for x in m.payload.refs}), "enumerated"
        lo, hi = clause_bounds(text, q.start)
        if not r.literature.search(text[lo:hi]):
            return [], "none"
    taken = {id(m) for v in values if v is not q for m in attached(v)}
    free = [m for m in markers if id(m) not in taken]
    if not free and own_results:
        return [], "none"  # every marker belongs to another (literature) value
    free = free or markers
    lo, hi = clause_bounds(text, q.start)
    # a marker printed after the sentence's full stop ("... at 354 K. 29") closes its last clause
    in_clause = [m for m in free if lo <= m.start < hi or hi == len(text) <= m.start]
    if not in_clause and not review and (own_results or rules().own_work.search(text)):
        return [], "none"  # "..., resulting in the higher conductivity of our Y"
    chosen = in_clause or free
    refs = sorted({r for m in chosen for r in m.payload.refs})
    return refs, "same_clause" if in_clause and len(in_clause) < len(markers) else "same_sentence"


# ------------------------------------------------------------------------------------------------
# assembly


def _own_stands_for(mat: Mention | None, mat_rule: str, text: str, site: ValueSite) -> bool:
    """In the authors' own results, the paper's own material is the subject of a value with no
    material, or with only a class the value's clause does not name as its subject
    (``_named_class``), or a class carried from the sentence before ("the first metal
    closoborane-borohydrides have shown ... For the first time ... 10^-3 S cm^-1")."""
    if mat_rule == "none":
        return True
    if mat is None or mat.source_rule != "class_subject":
        return False
    if mat_rule == "previous_sentence":
        return True
    return mat_rule in ("class_subject", "ion_class") and not _named_class(mat, text, site)


_T_BOUNDS = (("lt", r"lower than|less than|below|under|<"), ("gt", r"higher than|more than|above|over|>"),
             ("approx", r"close to|almost|approaching|near(?:ly)?|about|around|~|≈"))
_T_NUM = r"(?P<num>0\.\d+|1\.0+|unity)\b"
_T_BOUND = "|".join(f"(?P<{rel}>{rx})" for rel, rx in _T_BOUNDS)


def transference_claims(text: str) -> list[tuple[int, int, float, str]]:
    """``(start, end, value, relation)`` of transference numbers written as plain numbers/words:
    "LTN of 0.91", "(LTN) of ... is generally lower than 0.5", "close to unity", "almost unity
    LTN"."""
    out = []
    for m in rules().transference.finditer(text):
        tail = text[m.end():m.end() + 90]
        tail = tail[:tail.find(". ")] if ". " in tail else tail
        v = re.search(rf"(?:(?:{_T_BOUND})\s*)?{_T_NUM}", tail)
        if v and not re.search(r"\d", tail[:v.start()]):
            out.append(_transference(m.end() + v.start("num"), m.end() + v.end("num"), v))
            continue
        head = text[max(0, m.start() - 40):m.start()]
        v = re.search(rf"(?:(?:{_T_BOUND})\s*)?{_T_NUM}\s*$", head)
        if v:
            offset = max(0, m.start() - 40)
            out.append(_transference(offset + v.start("num"), offset + v.end("num"), v))
    return out


def _transference(a: int, b: int, v: re.Match[str]) -> tuple[int, int, float, str]:
    value = 1.0 if v.group("num") == "unity" else float(v.group("num"))
    rel = next((r for r, _ in _T_BOUNDS if v.group(r)), "eq")
    return a, b, value, rel


@dataclass
class Context:
    """What a sentence's claims can borrow from the sentences before it."""

    material: Mention | None = None
    cell: str = ""
    markers: list[int] | None = None
    block_id: str = ""
    # per block: the markers of its last cited sentence, and the materials named since then
    block_markers: dict[str, list[int]] = field(default_factory=dict)
    block_materials: dict[str, set[str]] = field(default_factory=dict)
    block_cited: dict[str, set[int]] = field(default_factory=dict)  # every reference cited in it
    by_first_author: dict[str, list[int]] = field(default_factory=dict)
    review: bool = True  # most text sentences cite: values in uncited ones continue cited work
    document: DocumentContext = field(default_factory=DocumentContext)
    # per (block, property group): the temperature last written for a value there
    block_temperature: dict[tuple[str, bool], str] = field(default_factory=dict)
    # the paragraph's electrolyte-like materials (most recent last) and the last sentence's list
    recent: list[Mention] = field(default_factory=list)
    previous_list: list[Mention] = field(default_factory=list)
    previous_cells: list[str] = field(default_factory=list)  # the last sentence's cells
    paired: list[Mention] = field(default_factory=list)  # its "respectively" materials, in order
    named: list[Mention] = field(default_factory=list)  # every material the paragraph named


def claims_for_sentence(st: SentenceText, mentions: list[Mention], markers: list[CitationMarker],
                        ctx: Context) -> tuple[list[Measurement], list[Quantity]]:
    text = st.text
    qs = split_changes(find_quantities(text), text)
    m_anchor = [Anchor(*to_norm(st, m.char_start, m.char_end), m) for m in mentions]
    c_anchor = [Anchor(*to_norm(st, c.char_start, c.char_end), c) for c in markers]
    if ctx.block_id != st.sentence.block_id and st.sentence.kind != "caption":
        ctx.material, ctx.cell = None, ""
    cells_here = find_cells(text, m_anchor) if _CELL_HINT.search(text) else []
    cell_hit = cells_here[0] if cells_here else None
    cell_mat = cell_electrolyte(cell_hit, text, m_anchor) if cell_hit else None
    out: list[Measurement] = []
    groups: dict[Any, list[Quantity]] = {}
    for q in qs:
        g = getattr(q, "group", None)
        if g is not None:
            groups.setdefault(g, []).append(q)
    follow_markers = _follow_up_markers(text, st, ctx, m_anchor) if not c_anchor else None
    paired_now: dict[int, Mention] = {}  # value index -> material of a "respectively" pairing
    valued: Mention | None = None
    # the authors' own results: outside the introduction; where the converter left no heading,
    # the sentences that cite nothing
    section = st.sentence.section or ""
    own_results = not ctx.review and (not rules().intro_section.search(section) if section
                                      else not c_anchor)
    # ... whose material and temperature context a sentence of the abstract that cites nothing
    # shares (its markers, if any, are chosen as in the introduction)
    own_claim = own_results or (not ctx.review and not c_anchor
                                and st.sentence.kind == "abstract")
    named = (named_references(text, ctx.by_first_author,
                              ctx.block_cited.get(st.sentence.block_id, set()))
             if not c_anchor else [])
    prop_values = [q for q in qs if q.unit in UNIT_PROPERTIES or q.unit in ("%", "eV", "V")]
    decided = [(q, decide_property(q, text, qs)) for q in qs]
    for q, prop in decided:
        if prop is None:
            continue
        group = groups.get(getattr(q, "group", None), [q])
        gi = group.index(q) if len(group) > 1 else None
        site = _site(q, group, [x for x, p in decided if p == prop], text)
        mat, mat_rule = choose_subject(text, st.sentence.id, site, prop, m_anchor, ctx.material)
        cell = cell_hit.text if cell_hit else (
            symmetric_cell(text, mat) if prop in rules().cell_properties else "")
        if not cell and prop in rules().cell_properties:
            mat, mat_rule, cell = _symmetric_electrolyte(text, mat, mat_rule, ctx, st.sentence.id)
        if cell_hit and cell_hit.start < q.start and (
                mat_rule in ("right_in_clause", "none") or _inside(mat, m_anchor, cell_hit)):
            mat, mat_rule = cell_mat, "cell_electrolyte"
        if mat_rule in ("previous_sentence", "anaphor"):
            cell = cell or ctx.cell
        which = next(reversed(list(rules().former_latter.finditer(text, 0, site.start))), None)
        if which is not None:  # "the latter exhibited ...": the second of the pair before
            i = 0 if which.group(1).lower() == "former" else -1
            if len(ctx.previous_cells) == 2 and not cell_hit:
                mat, mat_rule, cell = None, "former_latter", ctx.previous_cells[i]
            elif len(ctx.previous_list) == 2:
                mat, mat_rule = ctx.previous_list[i], "former_latter"
        refs, cite_rule = choose_citations(q, text, c_anchor, prop_values, ctx.review,
                                           own_results)
        if not refs and named:
            refs, cite_rule = named, "author_name"
        if not refs and follow_markers and not _textbook_value(q, text):
            refs, cite_rule = list(follow_markers), "follow_up"
        if prop == "ionic_conductivity" and mat is not None and mat.formula == "C":
            prop = "electronic_conductivity"  # carbon black, graphite, CNTs conduct electrons
        ion_mat = ion_subject(text, site, m_anchor, ctx.named)
        if ion_mat is not None:
            mat, mat_rule = ion_mat, "respectively_ion"
        elif mat_rule not in ("respectively", "for_material"):
            label = _label_list_subject(st, site, m_anchor)
            if label is not None:
                mat, mat_rule = label, "respectively_label"
            elif site.index is not None and site.count == len(ctx.paired) \
                    and "respectively" in text and not m_anchor:
                # "[to 743 and 348 meV, respectively]" after "[311 and 226 meV for Li+ and Na+,
                # respectively]": the pairing of the sentence before goes on
                mat, mat_rule = ctx.paired[site.index], "respectively_previous"
        if site.index is not None and mat is not None and mat_rule.startswith("respectively"):
            paired_now[site.index] = mat
        shared = shared_subjects(text, site, mat, mat_rule, m_anchor, ctx.recent,
                                 ctx.previous_list,
                                 alone=sum(p == prop for _, p in decided) == 1)
        if not shared and mat is not None and site.count == 1 \
                and rules().shared_value.search(text):
            shared = [mat, *_listed_with(mat, m_anchor, text)]
        own = ctx.document.own_for(st.sentence.id)
        if own is not None and own_claim and not shared and _own_stands_for(mat, mat_rule, text,
                                                                            site):
            mat, mat_rule = own, "document_subject"  # the paper's own material, named once
        mat = _with_variable_value(mat, text, site)
        if prop == "capacity_retention" and q.value is not None and _capacity_lost(q, text):
            # "a 20% capacity decay": the retention is 80% (the value as written stays 20%)
            flip = {"gt": "lt", "ge": "le", "lt": "gt", "le": "ge"}
            q = replace(q, value=100 - q.value, relation=flip.get(q.relation, q.relation))
        temp, cond = conditions_for(q, prop, text, qs, gi)
        temp, temp_rule = _context_temperature(temp, prop, st.sentence.block_id, own_claim, ctx,
                                               _figure_temperature(text, site, ctx),
                                               st.sentence.id)
        record = replace(_record(st, q, prop, mat, mat_rule, complete_cell(cell, mat), refs,
                                 cite_rule, temp, cond), temperature_rule=temp_rule)
        if mat is not None and not shared and mat_rule in _OWN_SUBJECT_RULES \
                and prop in ("ionic_conductivity", "activation_energy") and rank(mat) <= 1:
            valued = mat  # the material this sentence states a value for
        if mat is None or all(m.canonical != mat.canonical for m in shared):
            record = _with_material(record, shared[0]) if shared else record
        out.append(record)
        out.extend(_with_material(record, m) for m in shared
                   if m.canonical != record.material_canonical)
    for a, b, value, rel in transference_claims(text):
        q = Quantity(start=a, end=b, value=value, value_high=None, relation=rel, unit="",
                     unit_as_written="", value_as_written=text[a:b], kind="transference_number")
        mat, mat_rule = choose_subject(text, st.sentence.id, ValueSite(a, b),
                                       "transference_number", m_anchor, ctx.material)
        refs, cite_rule = choose_citations(q, text, c_anchor, prop_values, ctx.review,
                                           own_results)
        if not refs and follow_markers:
            refs, cite_rule = list(follow_markers), "follow_up"
        temp, cond = conditions_for(q, "transference_number", text, qs, None)
        out.append(_record(st, q, "transference_number", mat, mat_rule, "", refs, cite_rule, temp,
                           cond))
    subject = sentence_subject(text, st.sentence.id, m_anchor)
    if subject is not None and (ctx.material is None or rank(subject) <= rank(ctx.material)
                                or subject.source_rule == "class_subject"
                                or ctx.material.source_rule.endswith("_subject")):
        ctx.material = subject
    elif subject is not None and rank(subject) <= 1 \
            and subject.material_class not in ("cathode", "anode") \
            and any(a.start <= 4 and a.payload.canonical == subject.canonical for a in m_anchor):
        # a sentence that opens with its material ("Na4(CB11H12)2(B12H12) is another hydroborate
        # SE ...") is about it, whatever the paragraph named before
        ctx.material = subject
    elif valued is not None and ctx.material is not None \
            and valued.canonical != ctx.material.canonical \
            and all(a.payload.canonical != ctx.material.canonical for a in m_anchor):
        # a sentence that states a value for a material the sentences before did not name ("In
        # the oxide-ion conductor X ..., barriers ranging from 0.22 to 2.0 eV"): the sentences
        # after it ("Their simulations also predict ...") go on about that material
        ctx.material = valued
    if cell_hit:
        ctx.cell = cell_hit.text
    block = st.sentence.block_id
    said = ctx.document.measured_at.get(st.sentence.id)  # "EIS measurements were ... at 25 °C."
    if said and not ctx.review and not out:
        ctx.block_temperature[(block, False)] = said
    named_here = _named_materials(m_anchor)
    if c_anchor:
        # the cited work is the one named with its marker ("Balaish et al.[149] ... (Figure 14A).[32]"),
        # else the sentence's last marker
        named_work = [c for c in c_anchor if rules().work_marker.search(text, 0, c.start)]
        ctx.markers = sorted({r for c in (named_work or c_anchor)[-1:] for r in c.payload.refs})
        ctx.block_markers[block] = ctx.markers
        ctx.block_cited.setdefault(block, set()).update(r for c in c_anchor for r in c.payload.refs)
        ctx.block_materials[block] = named_here
    elif follow_markers:
        ctx.block_materials.setdefault(block, set()).update(named_here)
    _remember_materials(m_anchor, text, block != ctx.block_id, ctx)
    ctx.paired = [paired_now[i] for i in sorted(paired_now)] \
        if sorted(paired_now) == list(range(len(paired_now))) and len(paired_now) >= 2 else []
    ctx.previous_cells = [c.text for c in cells_here]
    ctx.block_id = block
    return out, qs


# the rules that choose a value's subject in its own sentence
_OWN_SUBJECT_RULES = frozenset({"left_in_clause", "right_in_clause", "left_in_sentence",
                                "for_material"})


_VARIABLE_VALUE = re.compile(r"(?<![<>≤≥\w])([xyzδ])\s*=\s*(\d+(?:\.\d+)?)(?!\s*[-–~]|\d|\s*(?:to|and)\s+\d)")


def _named_class(mat: Mention | None, text: str, site: ValueSite) -> bool:
    """``mat`` is a material family the value's clause names before the value ("Ion-conducting
    oxides show Li-ion conductivities of 10^-6 to 10^-3 S cm^-1") ...: a statement about the
    family, not about the paper's own material."""
    if mat is None or mat.source_rule != "class_subject":
        return False
    lo, hi = clause_bounds(text, site.start)
    at = text.find(mat.text, lo, hi)
    if at < 0:
        return False
    if at < site.start:
        return True
    # ... or names right after the value, with no other number between ("Ionic conductivities
    # >= 1 mS cm-1 at room temperature are obtained in hydroborate SEs")
    between = text[site.end:at]
    return len(between) <= 80 and not re.search(r"\d", between) \
        and bool(re.search(r"\b(?:in|for|by)\s+(?:the\s+)?$", between))


def _capacity_lost(q: Quantity, text: str) -> bool:
    """The percentage is the capacity lost: a loss word right around it in its clause and no
    retention word there ("a 20% capacity decay", "a capacity loss of only 5%")."""
    lo, hi = clause_bounds(text, q.start)
    window = (max(lo, q.start - 40), min(hi, q.end + 30))
    loss = [m for m in rules().retention_loss.finditer(text, *window)]
    if not loss:
        return False
    keep = [m for m in re.finditer(r"retention|retain\w*|maintain\w*|remain\w*", text[window[0]:
                                                                                  window[1]])]
    return not keep


def _with_variable_value(mat: Mention | None, text: str, site: ValueSite) -> Mention | None:
    """A composition with a variable, for a value the clause gives a value of the variable
    ("reaches a maximum at x = 0.5 (1.4 mS cm-1)", "For x = 0.2, σ = 0.56 mS cm-1"): the
    composition with it (Li3-xY1-xZrxCl6 -> Li2.5Y0.5Zr0.5Cl6), as written plus "(x = 0.5)"."""
    formula = (mat.formula or mat.canonical) if mat is not None else ""
    if not formula or not re.search(r"[xyzδ]", formula) or "=" in mat.text:
        return mat
    lo, hi = clause_bounds(text, site.start)
    hits = [h for h in _VARIABLE_VALUE.finditer(text, max(0, lo - 40), hi) if h.group(1) in formula]
    if not hits:
        return mat
    hit = min(hits, key=lambda h: site.start - h.end() if h.end() <= site.start
              else h.start() - site.end)  # the nearest one, either side
    fixed = substitute_variable(formula, hit.group(1), float(hit.group(2)))
    if fixed is None:
        return mat
    return replace(mat, text=f"{mat.text} ({hit.group(1)} = {hit.group(2)})", canonical=fixed,
                   formula=fixed)


def _remember_materials(anchors: list[Anchor], text: str, new_block: bool, ctx: Context) -> None:
    """The electrolyte-like materials a paragraph has named, most recent last, and the last
    list of them in this sentence ("X, Y and Z"), for values stated for them together later. A
    paragraph's first sentence still sees the paragraph before ("The conductivity barriers [311
    and 226 meV for Li+ and Na+, respectively]" after a paragraph on the two salts); the memory
    starts again after it."""
    if new_block:
        ctx.recent, ctx.previous_list, ctx.named = [], [], []
    ctx.named += [a.payload for a in sorted(anchors, key=lambda a: a.start) if rank(a.payload) <= 1]
    named = sorted((a for a in anchors if rank(a.payload) <= 1 and not in_comparison(text, a)
                    and a.payload.material_class not in ("cathode", "anode")),
                   key=lambda a: a.start)
    for a in named:
        ctx.recent = [m for m in ctx.recent if m.canonical != a.payload.canonical] + [a.payload]
    lists = [m for m in (distinct_mentions(run) for run in listed_runs(named, text))
             if len(m) >= 2]
    ctx.previous_list = lists[-1] if lists else []


def _label_list_subject(st: SentenceText, site: ValueSite, anchors: list[Anchor]
                        ) -> Mention | None:
    """A "respectively" list of as many sample labels as values, before them, the labels the
    material grammar does not know ("The IDCs of LRMO, LZ5, and LZM2 at 0.1 C were 137.6, 158.7,
    and 182.8 mAh g-1, respectively"): the value's label, as a mention of its own."""
    text = st.text
    if site.index is None or site.count < 2 or "respectively" not in text:
        return None
    r = rules()
    labels = [Anchor(m.start(), m.end(), m) for m in r.sample_label.finditer(text, 0, site.start)]
    runs = listed_runs(labels, text)
    runs = [run for run in runs if len(run) == site.count]
    if not runs:
        return None
    run = runs[-1]
    known = {a.payload.canonical for a in anchors if any(
        a.start < x.end and x.start < a.end for x in run)}
    if len(known) == len(run):
        return None  # all are materials the grammar knows: the ordinary pairing applies
    a = run[site.index]
    src_a, src_b = st.source_span(a.start, a.end)
    label = a.payload.group(0)
    return Mention(sentence_id=st.sentence.id, char_start=src_a, char_end=src_b, text=label,
                   canonical=label, material_class="other", source_rule="sample_label")


def _with_material(record: Measurement, m: Mention) -> Measurement:
    """``record`` for another material that shares its value."""
    return replace(record, material=m.text, material_canonical=m.canonical,
                   material_class=m.material_class, material_formula=_formula_of(m),
                   material_rule="shared_value")


def _listed_with(mat: Mention, anchors: list[Anchor], text: str) -> list[Mention]:
    """The other materials listed together with ``mat`` ("X and Y", "X, Y and Z")."""
    runs = listed_runs(sorted(anchors, key=lambda a: a.start), text)
    run = next((r for r in runs if any(a.payload.char_start == mat.char_start for a in r)), [])
    seen = {mat.canonical}
    out = []
    for a in run:
        if a.payload.canonical not in seen:
            seen.add(a.payload.canonical)
            out.append(a.payload)
    return out


_FIGURE_REF = re.compile(r"\b(?:Fig(?:ure)?s?\.?)\s*(\d+)", re.I)


def _figure_temperature(text: str, site: ValueSite, ctx: Context) -> str:
    """The temperature of the figure the value's clause refers to ("0.51 mS cm-1 (Fig. 2a)"),
    when that figure's caption states one."""
    if not ctx.document.figure_temperatures:
        return ""
    lo, hi = clause_bounds(text, site.start)
    refs = [m for m in _FIGURE_REF.finditer(text, lo, hi)]
    if not refs:
        return ""
    near = min(refs, key=lambda m: abs(m.start() - site.end))
    return ctx.document.figure_temperatures.get(near.group(1), "")


def _context_temperature(temp: str, prop: str, block: str, own_results: bool,
                         ctx: Context, figure_temp: str = "", sentence_id: str = ""
                         ) -> tuple[str, str]:
    """A value's temperature, else (in a research article) the one its paragraph last gave for
    the same kind of property, else (its own cell metric) the temperature its cells were tested
    at. A review's paragraphs quote many works: no temperature carries over there."""
    key = (block, prop in rules().cell_properties)
    if temp:
        if not ctx.review:
            ctx.block_temperature[key] = temp
        return temp, "sentence"
    if ctx.review or prop not in rules().temperature_properties:
        return "", ""
    if figure_temp:
        return figure_temp, "figure"
    if key in ctx.block_temperature:
        return ctx.block_temperature[key], "paragraph"
    cell_t = ctx.document.cell_temperature_for(sentence_id)
    if own_results and key[1] and cell_t:
        return cell_t, "document"
    if own_results and prop == "ionic_conductivity" and ctx.document.conductivity_temperature:
        return ctx.document.conductivity_temperature, "document"
    return "", ""


def is_review_like(doc: Any, markers: list[CitationMarker]) -> bool:
    """A review cites in a large share of its paragraph sentences; a research article mostly
    reports its own results (share below ``review_citation_density`` in claims.yaml)."""
    body = [s.id for s in doc.sentences if s.kind == "paragraph"]
    if not body:
        return True
    if rules().review_title.search(doc.title or "") or any(
            rules().review_heading.search(s.heading or "") for s in doc.sections[:10]):
        return True
    cited = {m.sentence_id for m in markers} & set(body)
    return len(cited) / len(body) >= rules().review_density


def _textbook_value(q: Quantity, text: str) -> bool:
    """A theoretical value ("theoretical specific capacity of 3,860 mAh/g") is a constant of the
    material, not a result of the work cited in the sentence before."""
    lo, hi = clause_bounds(text, q.start)
    return bool(rules().textbook.search(text[max(lo, q.start - 80):q.start]))


def _follow_up_markers(text: str, st: SentenceText, ctx: Context,
                       anchors: list[Anchor]) -> list[int] | None:
    """The markers a marker-less sentence inherits, or None.

    A sentence opening with a follow-up phrase ("They", "The obtained ...") continues the work
    cited last. In a review, another marker-less sentence continues the cited work of its own
    paragraph, unless it opens a general statement ("However", "In general", ...) or turns to
    materials the cited sentence did not name (a new subject is a new, uncited statement).
    """
    r = rules()
    if not ctx.review:  # a research article's marker-less sentences report its own results
        return ctx.markers if text.startswith(r.research_follow_up) else None
    if text.startswith(r.follow_up):
        return ctx.markers
    block = st.sentence.block_id
    markers = ctx.block_markers.get(block)
    if not markers or text.startswith(r.general_starts):
        return None
    if _new_subject(text, st.sentence.id, anchors, ctx.block_materials.get(block, set())):
        return None
    return markers


def _new_subject(text: str, sentence_id: str, anchors: list[Anchor], known: set[str]) -> bool:
    """The sentence turns to a new subject: its subject is an electrolyte-like material (or a
    composite) with no component named by the cited sentences, introduced without a definite
    determiner ("Fast ion conductor X could be ...", not "The X CPE has ...")."""
    if rules().definite_start.match(text):
        return False
    subject = sentence_subject(text, sentence_id, anchors)
    if subject is None or rank(subject) != 0 or subject.source_rule == "class_subject":
        return False
    return not _components(subject.canonical) & known


def _components(canonical: str) -> set[str]:
    return {part for part in canonical.lower().split("/") if part}


def _named_materials(anchors: list[Anchor]) -> set[str]:
    """Canonical names of the sentence's materials (and of a composite's components), without
    bare elements, salts and fillers."""
    return {part for a in anchors if rank(a.payload) < 2 for part in _components(a.payload.canonical)}


def _value_chain(q: Quantity, same_prop: list[Quantity], text: str) -> list[Quantity]:
    """The run of same-property values around ``q`` joined only by commas and "and"."""
    runs = listed_runs(sorted(same_prop, key=lambda x: x.start), text)
    return next((r for r in runs if q in r), [q])


def _site(q: Quantity, group: list[Quantity], same_prop: list[Quantity], text: str) -> ValueSite:
    """Where ``q`` sits among enumerated values: its parsed group ("10^-4 and 1.3 x 10^-3 S
    cm-1"), or, in a "respectively" sentence, the values of the same property."""
    if len(group) > 1:
        return ValueSite(q.start, q.end, group.index(q), len(group), enumerated=True,
                         group_end=group[-1].end)
    chain = _value_chain(q, same_prop, text)
    if len(chain) > 1:  # "0.79 eV and 0.62 eV": values with their own units in one list
        return ValueSite(q.start, q.end, chain.index(q), len(chain), enumerated=True,
                         group_end=chain[-1].end)
    if "respectively" in text and len(same_prop) > 1:
        return ValueSite(q.start, q.end, same_prop.index(q), len(same_prop))
    return ValueSite(q.start, q.end)


def _record(st: SentenceText, q: Quantity, prop: str, mat: Mention | None, mat_rule: str,
            cell: str, refs: list[int], cite_rule: str, temp: str, cond: dict) -> Measurement:
    a, b = st.source_span(q.start, q.end)
    material = mat.text if mat else ""
    canonical = mat.canonical if mat else ""
    if cell and not mat:
        canonical = material = electrolyte_of(cell)
        mat_rule = "cell_electrolyte"
    return Measurement(
        claim_id="", sentence_id=st.sentence.id, char_start=a, char_end=b, material=material,
        material_canonical=canonical, property=prop, relation=q.relation, value=q.value,
        value_high=q.value_high, unit=q.unit, value_as_written=st.source_text(a, b),
        temperature_c=temp, conditions=cond, cell=cell, citations=refs,
        source=SOURCE_OF_KIND.get(st.sentence.kind, "text"), citation_rule=cite_rule,
        material_rule=mat_rule, material_class=mat.material_class if mat else "",
        material_formula=_formula_of(mat),
    )


def _formula_of(mat: Mention | None) -> str:
    """The composition of a named material, when its name is not already that formula."""
    if mat is None or not mat.formula or mat.formula == mat.canonical:
        return ""
    return mat.formula


# ------------------------------------------------------------------------------------------------
# tables


def _split_cells(source: str, start: int, end: int) -> list[tuple[int, int]]:
    """The cells of a table row, (start, end) each. An empty cell between two others keeps the
    column positions aligned (a tab row's, or a pipe row's written with its outer bars: "| | 1.02
    | 355 |", the material left to the row above)."""
    row = source[start:end]
    sep = "\t" if "\t" in row else "|"
    parts = row.split(sep)
    framed = sep == "|" and len(parts) > 2 and not parts[0].strip() and not parts[-1].strip()
    cells, pos = [], start
    for k, part in enumerate(parts):
        a = pos + (len(part) - len(part.lstrip()))
        b = pos + len(part.rstrip())
        if b > a:
            cells.append((a, b))
        elif sep == "\t" or (framed and 0 < k < len(parts) - 1):
            cells.append((a, a))
        pos += len(part) + 1
    return cells


TABLE_METRICS = ("capacity_retention", "coulombic_efficiency", "ionic_conductivity",
                 "specific_capacity", "activation_energy", "electrochemical_window")


@lru_cache(maxsize=1)
def header_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((role, re.compile(rx, re.IGNORECASE))
                 for role, rx in load_yaml("claims.yaml")["table_headers"])


def header_roles(cells: list[str]) -> list[str]:
    roles = []
    for c in cells:
        roles.append(next((name for name, rx in header_patterns() if rx.search(c)), ""))
    return roles


def merge_formula_tokens(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for t in tokens:
        glued = t.startswith("/") or (out and out[-1].endswith("/"))
        if out and (glued or re.match(r"^[A-Z][a-z]?[\d.]+$", t) and re.search(r"[\d.]$", out[-1])):
            out[-1] += t
        else:
            out.append(t)
    return out


def _header_temperature(header: str) -> str:
    """The temperature a column header gives its values: the conductivity symbol's ("σRT",
    "σ25 (mS cm-1)", "σ_300K") or one written in it ("σ at 25 °C (S cm-1)")."""
    hit = rules().sigma_temperature.search(header + " ")
    if hit:
        return _sigma_text(hit)
    return next((temperature_text(q) for q in find_quantities(header)
                 if q.kind == "temperature"), "")


@dataclass
class TableCaption:
    """A table's caption ("Table 2. Transport properties at 25 °C."): the temperature it states
    holds for the table printed right after it."""

    block_id: str
    end: int
    temperatures: set[str]

    @staticmethod
    def follow(last: TableCaption | None, st: SentenceText) -> TableCaption | None:
        """The caption after reading caption sentence ``st``."""
        temps = {temperature_text(q) for q in find_quantities(st.text) if q.kind == "temperature"}
        if last is not None and last.block_id == st.sentence.block_id:
            return TableCaption(last.block_id, st.sentence.char_end, last.temperatures | temps)
        if re.match(r"\s*Tab(?:le|\.)\s*[A-Z]?\d", st.text):
            return TableCaption(st.sentence.block_id, st.sentence.char_end, temps)
        return None

    def temperature(self, source: str, table_start: int) -> str:
        """The caption's one temperature, for a table that starts right after it."""
        if len(self.temperatures) != 1 or source[self.end:table_start].strip():
            return ""
        return next(iter(self.temperatures))


def table_claims(source: str, rows: list[SentenceText],
                 markers: dict[str, list[CitationMarker]],
                 mentions: dict[str, list[Mention]] | None = None,
                 caption_temperature: str = "") -> list[Measurement]:
    """One claim per metric per data row of a table (header = first row). A value's temperature
    is its row's (a temperature column or conditions), else its column header's, else the one
    the table's caption states."""
    if len(rows) < 2:
        return []
    header = rows[0]
    h_cells = _split_cells(source, header.sentence.char_start, header.sentence.char_end)
    h_texts = [normalize(source, [c]).text for c in h_cells]
    roles = header_roles(h_texts)
    h_temps = [_header_temperature(h) if r in TABLE_METRICS else "" for r, h in zip(roles, h_texts)]
    out = []
    above = ("", "", [])  # the material (as written, canonical) and references of the row above
    for st in rows[1:]:
        row_mentions = (mentions or {}).get(st.sentence.id, [])
        cells = _split_cells(source, st.sentence.char_start, st.sentence.char_end)
        row_markers = markers.get(st.sentence.id, [])
        refs = sorted({r for m in row_markers for r in m.refs})
        spans = [MarkerSpan(m.char_start, m.char_end, m.raw, tuple(m.refs), m.style)
                 for m in row_markers]
        texts = [_strip_markers(normalize(source, [(a, b)] if b > a else [], spans).text)
                 for a, b in cells]
        cell_cfg, temp, cond, material, mat_canonical = "", "", {}, "", ""
        electrodes: dict[str, str] = {}
        for role, t, (a, b) in zip(roles, texts, cells):
            if role in ("anode", "cathode") and re.search(r"[A-Za-z]", t):
                electrodes[role] = "".join(t.split())
            elif role == "material" and re.search(r"[A-Za-z]{2}|[A-Z]", t):  # a number is no material
                material = t.strip()
                found = [m for m in row_mentions if a <= m.char_start < b]
                mat_canonical = found[0].canonical if len(found) == 1 else material
            elif role == "temperature":
                tq = [q for q in find_quantities(t if re.search(r"[°K]|RT|room", t)
                                                 else f"{t} {_header_unit(roles, h_texts, role)}")
                      if q.kind == "temperature"]
                if tq:
                    temp = temperature_text(tq[0])
            elif role == "cell":
                cell_cfg = "|".join(merge_formula_tokens(t.split()))
            elif role == "conditions":
                for q in find_quantities(t):
                    if q.kind == "temperature":
                        temp = temperature_text(q)
                    elif q.kind == "c_rate":
                        cond["c_rate"] = q.value
                    elif q.unit == "mA/cm2":
                        cond["current_density"] = q.value
                    elif q.unit == "mA/g":
                        cond["current_density_mass"] = q.value
            elif role == "year" and re.fullmatch(r"\d{4}", t.strip()):
                cond["year"] = int(t.strip())
            elif role == "ref" and not refs:  # a "Ref." column of plain numbers: "12", "3, 5-7"
                body = re.sub(r"[\[\]()]", "", t).strip()
                if re.fullmatch(NUMLIST, body):
                    refs = list(expand_numbers(body)[0])
        if not cell_cfg and material and len(electrodes) == 2:
            cell_cfg = f"{electrodes['anode']}|{''.join(mat_canonical.split())}|" \
                       f"{electrodes['cathode']}"
        elif not material and "cathode" in electrodes:
            material = mat_canonical = electrodes["cathode"]
        if cell_cfg and not material:
            material = mat_canonical = electrolyte_of(cell_cfg)
        blank = [b <= a for role, (a, b) in zip(roles, cells) if role == "material"]
        if blank and blank[0] and not cell_cfg:
            # an empty material cell: the row goes on with the material of the row above (a
            # merged cell: "| Li7La3Zr2O12 | 6.50 x 10-7 | 343 |" then "| | 1.02 x 10-6 | 355 |")
            material, mat_canonical = above[0], above[1]
            refs = refs or above[2]
        above = (material, mat_canonical, refs)
        for (a, b), role, t, h, h_temp in zip(cells, roles, texts, h_texts, h_temps):
            if role == "performance" and rules().table_retention.search(t):
                role = "capacity_retention"  # "85% after 100 cycles (T = 25 °C)"
            if role not in TABLE_METRICS or b <= a:
                continue
            t, cell_temp = _cell_temperature(t)
            rec = _table_value(source, a, b, t, role, h)
            if rec is None:
                continue
            value, rel, unit, cycles, vs, ve = rec
            c = dict(cond)
            if cycles is not None:
                c["cycles"] = cycles
            out.append(Measurement(
                claim_id="", sentence_id=st.sentence.id, char_start=vs, char_end=ve,
                material=material, material_canonical=mat_canonical, property=role, relation=rel,
                value=value, value_high=None, unit=unit, value_as_written=source[vs:ve],
                temperature_c=(cell_temp or temp or h_temp or caption_temperature
                               if role in rules().temperature_properties else ""),
                conditions=c, cell=cell_cfg, citations=refs, source="table",
                citation_rule="table_row", material_rule="table_cell"))
    return out


def _cell_temperature(text: str) -> tuple[str, str]:
    """A metric cell that writes its value's temperature in brackets after it ("25 (298 K)",
    "0.4 (RT)"): the value's text and that temperature; else ``(text, "")``."""
    m = re.fullmatch(r"\s*(.*?\d.*?)\s*\(([^()]*)\)\s*", text)
    if m is None:
        return text, ""
    temps = [q for q in find_quantities(m.group(2)) if q.kind == "temperature"]
    if len(temps) != 1:
        return text, ""
    return m.group(1), temperature_text(temps[0])


def _header_unit(roles: list[str], headers: list[str], role: str) -> str:
    """The unit written in brackets in the header of ``role`` ("T (K)" -> "K")."""
    for r, h in zip(roles, headers):
        m = re.search(r"[(\[]([^)\]]+)[)\]]", h) if r == role else None
        if m:
            return m.group(1)
    return "°C"


def _strip_markers(norm_text: str) -> str:
    return re.sub(r"\s*\[[\d,\-– ]+\]", "", norm_text)


def _table_value(source: str, a: int, b: int, text: str, role: str,
                 header: str) -> tuple[float, str, str, int | None, int, int] | None:
    raw = source[a:b]
    if role in ("capacity_retention", "coulombic_efficiency"):
        m = re.search(r"(\d+(?:\.\d+)?)\s*%", raw)
        if not m:
            return None
        cyc = re.search(r"cycle\s*(\d+)|(\d+)\s*cycles", raw)
        cycles = int(cyc.group(1) or cyc.group(2)) if cyc else None
        return float(m.group(1)), "eq", "%", cycles, a + m.start(), a + m.start() + len(m.group(0).rstrip())
    unit_in_header = re.search(r"[(\[]([^)\]]*)[)\]]|\s/\s*(\S.*)$", header)
    hq = find_quantities(f"1 {unit_in_header.group(1) or unit_in_header.group(2)}") \
        if unit_in_header else []
    unit = hq[0].unit if hq and hq[0].unit else {
        "specific_capacity": "mAh/g", "ionic_conductivity": "S/cm", "activation_energy": "eV",
        "electrochemical_window": "V"}[role]
    factor = hq[0].value if hq and hq[0].unit else 1.0
    parsed = parse_bound_value(text.strip())
    if parsed is None:
        return None
    rel, value = parsed
    if value is None:
        return None
    m = re.search(r"\d", raw)
    start = a + m.start() if m else a
    return float(f"{value * factor:.12g}"), rel, unit, None, start, b


# ------------------------------------------------------------------------------------------------
# stage


def extract_claims(doc_path: Path, text_path: Path, citations_path: Path,
                   mentions_path: Path, references_path: Path | None = None,
                   sentences: list[SentenceText] | None = None
                   ) -> tuple[list[Measurement], list[dict]]:
    """Claims and quantities of a document; ``sentences`` (from :func:`content_sentences` on the
    same document) saves normalising them again."""
    doc = read_document(doc_path)
    text = read_text_exact(text_path)
    markers = read_records(citations_path, CitationMarker)
    mentions = read_records(mentions_path, Mention)
    refs = read_records(references_path, Reference) if references_path else []
    by_sent_m: dict[str, list[CitationMarker]] = {}
    for c in markers:
        by_sent_m.setdefault(c.sentence_id, []).append(c)
    by_sent_mention: dict[str, list[Mention]] = {}
    for m in mentions:
        by_sent_mention.setdefault(m.sentence_id, []).append(m)
    claims: list[Measurement] = []
    quantities: list[dict] = []
    ctx = Context(review=is_review_like(doc, markers))
    for r in refs:
        if r.first_author:
            ctx.by_first_author.setdefault(fold(r.first_author), []).append(r.n)
    table: list[SentenceText] = []
    block_of = {s.id: s.block_id for s in doc.sentences}
    caption_markers: dict[str, list[CitationMarker]] = {}
    for c in markers:
        caption_markers.setdefault(block_of.get(c.sentence_id, ""), []).append(c)
    if sentences is None:
        sentences = list(content_sentences(doc, text, citation_spans(markers) or None))
    ctx.document = document_context(sentences, by_sent_mention, not ctx.review, temperature_text)
    caption: TableCaption | None = None  # the last table caption: block, end, temperatures
    table_temp = ""
    for st in sentences:
        if st.sentence.kind == "table_row":
            if table and re.search(r"\n[ \t]*\n", text[table[-1].sentence.char_end:
                                                        st.sentence.char_start]):
                # a blank line between rows: the next table begins
                claims.extend(table_claims(text, table, by_sent_m, by_sent_mention, table_temp))
                table = []
            if not table:
                table_temp = caption.temperature(text, st.sentence.char_start) if caption else ""
            table.append(st)
            continue
        if table:
            claims.extend(table_claims(text, table, by_sent_m, by_sent_mention, table_temp))
            table = []
        if st.sentence.kind == "caption":
            caption = TableCaption.follow(caption, st)
        sent_markers = by_sent_m.get(st.sentence.id, [])
        if st.sentence.kind == "caption":
            sent_markers = caption_markers.get(st.sentence.block_id, sent_markers)
        found, qs = claims_for_sentence(st, by_sent_mention.get(st.sentence.id, []), sent_markers, ctx)
        claims.extend(found)
        for q in qs:
            a, b = st.source_span(q.start, q.end)
            quantities.append({"sentence_id": st.sentence.id, "char_start": a, "char_end": b,
                               "value_as_written": q.value_as_written, "value": q.value,
                               "value_high": q.value_high, "relation": q.relation,
                               "unit": q.unit, "kind": q.kind})
    if table:
        claims.extend(table_claims(text, table, by_sent_m, by_sent_mention, table_temp))
    claims = dedupe(claims)
    if not ctx.review:  # a research article names its cell once, in words
        # a document of several studies (a thesis, a report): each section has its cells
        scope_of = _cell_scopes(sentences, text, by_sent_mention, ctx.document.several_studies)
        for c in claims:
            if not c.cell and c.property in rules().cell_properties:
                cells, main = scope_of.get(c.sentence_id, ({}, ""))
                c.cell = cells.get(c.material_canonical, "")
                if not c.cell and main and c.source == "text" and c.citation_rule in ("", "none"):
                    # the paper's own cell metric: the cell it writes out most often (or the one
                    # it describes in words)
                    c.cell, c.cell_rule = main, "document"
                    if not c.material:
                        c.material = c.material_canonical = electrolyte_of(main)
                        c.material_rule = "cell_electrolyte"
    seen = {(q["char_start"], q["char_end"]) for q in quantities}
    for c in claims:  # table cells and transference numbers are quantities too
        if (c.char_start, c.char_end) not in seen:
            quantities.append({"sentence_id": c.sentence_id, "char_start": c.char_start,
                               "char_end": c.char_end, "value_as_written": c.value_as_written,
                               "value": c.value, "value_high": c.value_high,
                               "relation": c.relation, "unit": c.unit, "kind": c.property})
    quantities.sort(key=lambda q: (q["char_start"], q["char_end"]))
    for i, c in enumerate(claims, 1):
        c.claim_id = f"m{i}"
        c.flags = claim_flags(c.property, c.value, c.value_high, c.unit, c.temperature_c,
                              c.value_as_written, context=uncertain_context(text, c.char_start,
                                                                            c.char_end))
    return claims, quantities


def _cell_scopes(sentences: list[SentenceText], text: str, mentions: dict[str, list[Mention]],
                 several: bool) -> dict[str, tuple[dict[str, str], str]]:
    """Sentence id -> (cells described in words, the cell written out most often) of its study
    (``context.study_scopes``: the whole paper, or a thesis chapter, a report section)."""
    out: dict[str, tuple[dict[str, str], str]] = {}
    for scope in study_scopes(sentences, several):
        cells = cells_in_words(scope, text, mentions)
        main = main_cell(scope) or (next(iter(set(cells.values())))
                                    if len(set(cells.values())) == 1 else "")
        out.update((st.sentence.id, (cells, main)) for st in scope)
    return out


def dedupe(claims: Iterable[Measurement]) -> list[Measurement]:
    seen: set[tuple[int, int, str, str]] = set()
    out = []
    for c in sorted(claims, key=lambda c: (c.char_start, c.char_end, c.property)):
        # one value given to several listed materials is one claim per material
        key = (c.char_start, c.char_end, c.property,
               c.material_canonical if c.material_rule == "shared_value" else "")
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


@dataclass
class QuantityRow:
    sentence_id: str
    char_start: int
    char_end: int
    value_as_written: str
    value: float | None
    value_high: float | None
    relation: str
    unit: str
    kind: str


def run(doc_path: Path, text_path: Path, citations_path: Path, mentions_path: Path,
        out_dir: Path, references_path: Path | None = None,
        sentences: list[SentenceText] | None = None) -> None:
    claims, quantities = extract_claims(doc_path, text_path, citations_path, mentions_path,
                                        references_path, sentences)
    write_records(out_dir / "measurements.csv", claims, Measurement)
    write_records(out_dir / "quantities.csv", [QuantityRow(**q) for q in quantities], QuantityRow)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m pipeline.measurements", description=__doc__)
    ap.add_argument("--doc", type=Path, required=True)
    ap.add_argument("--text", type=Path, required=True)
    ap.add_argument("--citations", type=Path, required=True)
    ap.add_argument("--mentions", type=Path, required=True)
    ap.add_argument("--refs", type=Path, help="references.csv (names like 'Yang et al.' cite)")
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args(argv)
    run_stage(lambda: run(a.doc, a.text, a.citations, a.mentions, a.out, a.refs))


if __name__ == "__main__":
    main()
