"""What a value is about: the material, composite, cell electrolyte or material class of a claim.

Pure functions over one sentence's normalised text and the material mentions located in it
(:class:`Anchor`). The measurements stage calls :func:`choose_subject` for every value and
:func:`sentence_subject` to remember a sentence's main subject for the follow-up sentences
("The obtained batteries ...", "This material ..."). Cue words and classes live in
``models/claims.yaml`` (section ``subjects``).

Rules, in order (the rule name is written to ``measurements.csv`` as ``material_rule``):

- ``respectively`` - enumerated values take enumerated materials in order;
- ``parenthesis_after`` - a material named alone in the parenthesis right after the value ("703
  mAh g-1 (graphite)");
- ``relative_clause`` - the material or class right before "that"/"which" when the value sits in
  that relative clause ("... phases that can reach 70 mS cm-1");
- ``for_material`` - a material introduced by "for" right after the value ("2.5 mS cm-1 for X");
- ``respectively_ion`` (:func:`ion_subject`) - values enumerated "for Li+ and Na+,
  respectively" take the analogous compounds of those ions;
- ``anaphor`` - "the obtained electrolyte", "this material" between the materials and the value:
  the subject of the sentences before;
- ``left_in_clause`` / ``right_in_clause`` / ``left_in_sentence`` / ``nearest_in_sentence`` -
  the nearest mention, electrolytes and composites before electrodes before fillers/salts/elements;
- a polymer and a filler/ceramic joined by "with", "filled", "in ... matrix", "/" ... become one
  composite (``+composite``: ``PEO/LLZO``);
- mentions inside a comparison ("comparable with that of X", "than X") are never the subject;
- ``class_subject`` - a class-level subject ("PEO-based SPEs", "garnet-type electrolytes",
  "SSEs"), or a battery type for energy/power density ("state-of-the-art LIBs");
- ``ion_class`` - no material and no class, the value stated "for Li+": "Li+ conductors".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from pipeline.formulas import class_member, parse_formula
from pipeline.resources import load_yaml
from pipeline.schema import Mention


@dataclass(frozen=True)
class Anchor:
    """Something located in a sentence's normalised text: a material mention or a marker."""

    start: int
    end: int
    payload: Any


@dataclass(frozen=True)
class SubjectRules:
    subject_classes: frozenset[str]
    low_classes: frozenset[str]
    polymer_classes: frozenset[str]
    filler_classes: frozenset[str]
    clause_split: re.Pattern[str]
    composite_cue: re.Pattern[str]
    composite_noun: re.Pattern[str]
    paren_owner_gap: re.Pattern[str]
    paren_class: re.Pattern[str]
    paren_value_lead: re.Pattern[str]
    slash_link: re.Pattern[str]
    alias_link: re.Pattern[str]
    comparison: re.Pattern[str]
    cause: re.Pattern[str]
    anaphor: re.Pattern[str]
    back_reference: re.Pattern[str]
    class_subjects: re.Pattern[str]
    generic_subjects: re.Pattern[str]
    enumeration_lead: re.Pattern[str]
    comparison_between: re.Pattern[str]
    for_material: re.Pattern[str]
    list_gap: re.Pattern[str]
    shared_examples_lead: re.Pattern[str]
    shared_list_noun: re.Pattern[str]
    shared_plural_noun: re.Pattern[str]
    shared_list_blocker: re.Pattern[str]
    shared_list_parts: re.Pattern[str]
    structure_after: re.Pattern[str]
    modifier_after: re.Pattern[str]
    plural_anaphor_start: re.Pattern[str]
    plural_anaphor_before: re.Pattern[str]
    shared_count_words: dict[str, int]
    shared_count: re.Pattern[str]
    ion_enumeration: re.Pattern[str]
    ion_after_value: re.Pattern[str]
    battery_subjects: re.Pattern[str]
    battery_properties: frozenset[str]
    follow_up: tuple[str, ...]


@lru_cache(maxsize=1)
def rules() -> SubjectRules:
    cfg = load_yaml("claims.yaml")
    s = cfg["subjects"]
    i = re.IGNORECASE
    return SubjectRules(
        subject_classes=frozenset(cfg["subject_classes"]),
        low_classes=frozenset(cfg["low_classes"]),
        polymer_classes=frozenset(s["polymer_classes"]),
        filler_classes=frozenset(s["filler_classes"]),
        clause_split=re.compile(cfg["clause_split"]),
        composite_cue=re.compile(s["composite_cue"], i),
        composite_noun=re.compile(s["composite_noun"]),
        paren_owner_gap=re.compile(s["paren_owner_gap"]),
        paren_class=re.compile(s["paren_class"]),
        paren_value_lead=re.compile(s["paren_value_lead"]),
        slash_link=re.compile(s["slash_link"], i),
        alias_link=re.compile(s["alias_link"]),
        comparison=re.compile(s["comparison_before"], i),
        cause=re.compile(s["cause_before"], i),
        anaphor=re.compile(s["anaphor"], i),
        back_reference=re.compile(s["back_reference"], i),
        class_subjects=re.compile(cfg["class_subjects"], i),  # "Oxide electrolytes show ..."
        generic_subjects=re.compile(s["generic_subjects"]),
        battery_subjects=re.compile(s["battery_subjects"]),
        battery_properties=frozenset(s["battery_properties"]),
        follow_up=tuple(cfg["follow_up_starts"]),
        enumeration_lead=re.compile(s["enumeration_lead"], i),
        comparison_between=re.compile(s["comparison_between"], i),
        for_material=re.compile(r"\b(?:for|(?:derived|obtained|calculated|estimated) from)\s+(?:the\s+)?"
                                + s["for_material_between"] + "$"),
        list_gap=re.compile(s["list_gap"], i),
        shared_examples_lead=re.compile(s["shared_examples_lead"], i),
        shared_list_noun=re.compile(s["shared_list_noun"], i),
        shared_plural_noun=re.compile(s["shared_plural_noun"], i),
        shared_list_blocker=re.compile(s["shared_list_blocker"], i),
        shared_list_parts=re.compile(s["shared_list_parts"], i),
        structure_after=re.compile(s["structure_after"], i),
        modifier_after=re.compile(s["modifier_after"], i),
        plural_anaphor_start=re.compile(s["plural_anaphor_start"]),
        plural_anaphor_before=re.compile(s["plural_anaphor_before"], i),
        shared_count_words={k.lower(): int(v) for k, v in s["shared_count_words"].items()},
        shared_count=re.compile(s["shared_count"].replace(
            "{n}", "|".join(s["shared_count_words"])), i),
        ion_enumeration=re.compile(s["ion_enumeration"]),
        ion_after_value=re.compile(s["ion_after_value"]),
    )


def clause_bounds(text: str, pos: int) -> tuple[int, int]:
    """The clause of ``text`` around ``pos`` (split at ";", ", whereas", ", while", ...)."""
    a, b = 0, len(text)
    for m in rules().clause_split.finditer(text):
        if m.end() <= pos:
            a = m.end()
        elif m.start() >= pos:
            b = m.start()
            break
    return a, b


def rank(m: Mention) -> int:
    """Electrolytes and composites first (0); electrodes and others next (1); fillers, salts and
    bare elements last (2)."""
    r = rules()
    if m.material_class in r.subject_classes:
        return 0
    if m.material_class in r.low_classes or len(m.canonical) <= 2:
        return 2
    return 1


def in_comparison(text: str, a: Anchor) -> bool:
    """``a`` is what something is compared with ("comparable with that of the classic X")."""
    return _compared_at(text, a.start)


@lru_cache(maxsize=8192)
def _compared_at(text: str, start: int) -> bool:
    lo, _ = clause_bounds(text, start)
    return bool(rules().comparison.search(text[max(lo, start - 60):start]))


def _a_cause(text: str, a: Anchor) -> bool:
    """``a`` is named as a cause or by-product ("owing to the formation of Li4P2S6", "due to
    LiF impurities"), not as what the value is about."""
    return bool(rules().cause.search(text[max(0, a.start - 40):a.start]))


def _parts_of_another(text: str, a: Anchor, ordered: list[Anchor]) -> bool:
    """``a`` (and the list it opens) describes a material named before it in the clause: what
    it is made of ("X (also named X'), an equimolar mixture of Y and Z, exhibits ..."), its
    structure type ("the Na-ion conductor X with the LGPS structure exhibits ..."), or a family it
    is compared within ("X show the highest Y-based room-temperature conductivity of ...")."""
    r = rules()
    lo, _ = clause_bounds(text, a.start)
    if not (r.shared_list_parts.search(text, max(lo, a.start - 40), a.start)
            or r.structure_after.match(text, a.end) or r.modifier_after.match(text, a.end)):
        return False
    return any(lo <= b.start and b.end <= a.start - 10 for b in ordered)


def usable(text: str, anchors: list[Anchor]) -> list[Anchor]:
    """The anchors that can be a subject: not compared with, nor listed with what is compared
    with ("match that for X (ref 4) and Y"), nor named as a cause ("owing to the formation of
    X"), nor named as what a material before them is made of or its structure type ("X, an
    equimolar mixture of Y and Z, exhibits", "X with the LGPS structure exhibits")."""
    compared = set()
    ordered = sorted(anchors, key=lambda a: a.start)
    for run in listed_runs(ordered, text):
        if in_comparison(text, run[0]) or _a_cause(text, run[0]) \
                or _parts_of_another(text, run[0], ordered):
            compared.update(id(a) for a in run)
    return [a for a in anchors if id(a) not in compared and not in_comparison(text, a)
            and not _a_cause(text, a)]


# ------------------------------------------------------------------------------------------------
# composites


def _groups(text: str, anchors: list[Anchor]) -> list[list[Anchor]]:
    """Mentions written as one chain ("PMA/PEG-LiClO4/3 wt % SiO2", "poly(methacrylate) (PMA)")."""
    r = rules()
    out: list[list[Anchor]] = []
    for a in sorted(anchors, key=lambda a: (a.start, a.end)):
        if out:
            between = text[out[-1][-1].end:a.start]
            if r.slash_link.fullmatch(between) or r.alias_link.fullmatch(between):
                out[-1].append(a)
                continue
        out.append([a])
    return out


def _group_mention(text: str, group: list[Anchor]) -> Mention:
    first = group[0].payload
    if len(group) == 1:
        return first
    names: list[str] = []
    r = rules()
    for prev, a in zip([None, *group], group):
        if prev is not None and r.alias_link.fullmatch(text[prev.end:a.start]) and names:
            names[-1] = a.payload.canonical  # "long name (ABBR)": keep the abbreviation
        elif a.payload.canonical not in names:
            names.append(a.payload.canonical)
    if len(names) == 1:
        return replace(first, canonical=names[0])
    return replace(first, char_end=group[-1].payload.char_end,
                   text=text[group[0].start:group[-1].end], canonical="/".join(names),
                   formula="", material_class="composite", source_rule="composite")


def _role(m: Mention) -> str:
    r = rules()
    if m.material_class in r.polymer_classes:
        return "polymer"
    if m.material_class in r.filler_classes:
        return "filler"
    return ""


def compose(text: str, chosen: Anchor, pool: list[Anchor]) -> Mention:
    """The composite ``chosen`` is part of, or ``chosen`` itself.

    ``pool`` are the usable mentions of the same sentence (before the value). A polymer and a
    filler/ceramic joined by a composite cue ("with", "filled", "incorporation ... in the matrix",
    "/") within ~120 characters, or in a sentence about a composite ("CPE", "composite"), become
    ``polymer/filler``."""
    r = rules()
    groups = _groups(text, [a for a in pool if a is not chosen] + [chosen])
    mine = next(g for g in groups if chosen in g)
    mention = _group_mention(text, mine)
    if mention.material_class == "composite" and len(mine) > 1:
        return mention
    role = _role(mention)
    if not role or mention.material_class == "composite":
        return mention
    want = "filler" if role == "polymer" else "polymer"
    partners = [g for g in groups if g is not mine and _role(_group_mention(text, g)) == want]
    if not partners:
        return mention
    me = (mine[0].start, mine[-1].end)
    best = min(partners, key=lambda g: min(abs(g[0].start - me[1]), abs(me[0] - g[-1].end)))
    lo, hi = min(me[0], best[0].start), max(me[1], best[-1].end)
    inner = (min(me[1], best[-1].end), max(me[0], best[0].start))
    between = text[inner[0]:inner[1]]
    if len(between) > 120 or rules().clause_split.search(between):
        return mention
    if not (r.composite_cue.search(between) or r.composite_noun.search(text)):
        return mention
    other = _group_mention(text, best)
    poly, fill = (mention, other) if role == "polymer" else (other, mention)
    return replace(mention, text=text[lo:hi], canonical=f"{poly.canonical}/{fill.canonical}",
                   formula="", material_class="composite", source_rule="composite")


# ------------------------------------------------------------------------------------------------
# class-level subjects


def is_class_phrase(name: str) -> bool:
    """``name`` names a class of materials ("oxide electrolytes", "equimolar mixed carborate
    phases", "SSEs"), not one material."""
    r = rules()
    return bool(name) and any(rx.fullmatch(name.strip()) for rx in (r.class_subjects,
                                                                     r.generic_subjects))


def class_subject(text: str, sentence_id: str, prop: str, limit: int | None = None
                  ) -> Mention | None:
    """A class-level subject (not inside a comparison) of the clause around ``limit`` (of the
    sentence if None), preferring the one nearest before ``limit``: "PEO-based SPEs",
    "garnet-type electrolytes", "SSEs"; for energy and power density also battery types
    ("state-of-the-art LIBs")."""
    r = rules()
    lo, hi = clause_bounds(text, limit) if limit is not None else (0, len(text))
    found = _class_hits(text, lo, hi, prop in r.battery_properties)
    if found is None:
        return None
    kind, hits = found
    before = [h for h in hits if limit is None or h[0] < limit]
    _, phrase = before[-1] if before else hits[0]
    return Mention(sentence_id=sentence_id, char_start=-1, char_end=-1, text=phrase,
                   canonical=phrase, material_class="", source_rule=kind)


@lru_cache(maxsize=4096)
def _class_hits(text: str, lo: int, hi: int, battery: bool
                ) -> tuple[str, tuple[tuple[int, str], ...]] | None:
    """The class phrases of ``text[lo:hi]`` not inside a comparison, (start, phrase), of the first
    pattern that has any (battery types first for battery properties), with its subject kind."""
    r = rules()
    patterns = [("class_subject", r.class_subjects), ("generic_subject", r.generic_subjects)]
    if battery:
        patterns.insert(0, ("class_subject", r.battery_subjects))
    for kind, rx in patterns:
        hits = tuple((m.start(), m.group(1) if m.groups() else m.group(0))
                     for m in rx.finditer(text, lo, hi)
                     if not r.comparison.search(text[max(0, m.start() - 60):m.start()]))
        if hits:
            return kind, hits
    return None


# ------------------------------------------------------------------------------------------------
# the subject of one value


@dataclass
class ValueSite:
    """Where a value sits: its span in the sentence's normalised text and, when it is one of
    several enumerated values of the same kind, its index and the count."""

    start: int
    end: int
    index: int | None = None
    count: int = 1
    enumerated: bool = False  # a parsed enumeration ("10^-4 and 1.3 x 10^-3 S cm-1")
    group_end: int = -1  # where the enumeration ends (its last value), when known


_RELATIVE = re.compile(r"\b(?:that|which|who)\b")


def _relative_clause_head(text: str, sentence_id: str, site: ValueSite, pool: list[Anchor],
                          prop: str, anchors: list[Anchor]) -> Mention | None:
    """The value sits in a relative clause with no material of its own ("... only surpassed by
    equimolar mixed carborate phases that can reach 70 mS cm-1"): the material or class named
    right before "that"/"which" is its subject."""
    rel = [m for m in _RELATIVE.finditer(text, max(0, site.start - 80), site.start)]
    if not rel or any(rel[-1].end() <= a.start < site.start for a in pool) \
            or re.search(r"[;:]", text[rel[-1].end():site.start]):
        return None
    at = rel[-1].start()
    # the head, even when compared with: "Unlike Li3PS4, which exhibits only 0.16 mS cm-1, ..."
    near = [a for a in anchors if 0 <= at - a.end <= 2]
    if near:
        return near[-1].payload
    cls = class_subject(text, sentence_id, prop, at)
    if cls is not None and text.rfind(cls.text, 0, at) >= 0 \
            and not text[text.rfind(cls.text, 0, at) + len(cls.text):at].strip(" ,"):
        return cls
    return None


_PAREN_AFTER = re.compile(r"\s*\(\s*(?:(?:bare|pristine|pure|coated|uncoated|the)\s+)?")


def _parenthesis_after(text: str, site: ValueSite, anchors: list[Anchor]) -> Anchor | None:
    """A material named alone in the parenthesis right after the value, as a label of it
    ("703 mAh g-1 (graphite), and 494 mAh g-1 (bare Al)")."""
    m = _PAREN_AFTER.match(text, site.end)
    if m is None:
        return None
    inside = [a for a in anchors if a.start == m.end()]
    if len(inside) != 1 or not re.match(r"\s*\)", text[inside[0].end:]):
        return None
    return inside[0]


def _for_material(text: str, site: ValueSite, pool: list[Anchor]) -> Anchor | None:
    after = [a for a in pool if 0 <= a.start - site.end <= 60]
    for a in sorted(after, key=lambda a: a.start):
        between = text[site.end:a.start]
        if rules().for_material.search(between) and not rules().clause_split.search(between):
            return a
    return None


def _own_for_material(text: str, site: ValueSite, pool: list[Anchor]) -> Anchor | None:
    """One of several values with its own "for" right after it ("1.1 x 10^-4 S cm^-1 for X and
    1.1 x 10^-3 S cm^-1 for Y are obtained, respectively"): that material, before any pairing by
    position."""
    if site.enumerated or (site.index is None and "respectively" not in text):
        return None
    a = _for_material(text, site, pool)
    if a is None or not re.match(r"[\s),]*for\b", text[site.end:a.start]):
        return None
    after = sorted((b for b in pool if b.start >= a.start), key=lambda b: b.start)
    run = next(x for x in listed_runs(after, text) if a in x)
    return a if len(distinct_mentions(run)) == 1 else None  # not "2.2 mS cm-1 for X and Y"


def _enumerated(text: str, site: ValueSite, pool: list[Anchor]) -> Anchor | None:
    if site.index is None or site.count < 2:
        return None
    if "respectively" not in text and not site.enumerated:
        return None
    before = [a for a in pool if a.end <= site.start]
    distinct: list[Anchor] = []
    for a in before:
        if not distinct or distinct[-1].payload.canonical != a.payload.canonical:
            distinct.append(a)
    if "respectively" not in text:  # an enumeration pairs only with as many subjects, exactly
        distinct = [a for a in distinct if rank(a.payload) <= 1]
        if len(distinct) != site.count:
            return None
    if len(distinct) >= site.count:
        return distinct[-site.count:][site.index]
    return None


def listed_runs(items: list, text: str) -> list[list]:
    """``items`` (anything with ``start``/``end``, in text order) grouped into runs written as one
    list: neighbours joined only by a list gap ("X, Y and Z", "0.79 eV and 0.62 eV")."""
    runs: list[list] = []
    for x in items:
        if runs and rules().list_gap.fullmatch(text, runs[-1][-1].end, x.start):
            runs[-1].append(x)
        else:
            runs.append([x])
    return runs


def _enumerated_after(text: str, site: ValueSite, anchors: list[Anchor]) -> Anchor | None:
    """Enumerated values followed by as many materials ("0.79 eV and 0.62 eV reported for NaAlH4
    and Na3AlH6"): the values pair with the materials in order."""
    if site.index is None or site.count < 2 or site.group_end < 0:
        return None
    after = [a for a in anchors if a.start >= site.group_end]
    if not after or not rules().enumeration_lead.match(text, site.group_end, after[0].start):
        return None
    distinct: list[Anchor] = []
    for a in after:
        if distinct and not rules().list_gap.fullmatch(text, distinct[-1].end, a.start):
            break
        if not distinct or distinct[-1].payload.canonical != a.payload.canonical:
            distinct.append(a)
    return distinct[site.index] if len(distinct) == site.count else None


def _nearest(text: str, site: ValueSite, pool: list[Anchor]) -> tuple[Anchor, str]:
    lo, hi = clause_bounds(text, site.start)
    best = min(rank(a.payload) for a in pool)
    for level in range(best, 3):
        cands = [a for a in pool if rank(a.payload) <= level]
        left = [a for a in cands if a.end <= site.start and a.start >= lo]
        if left:
            return max(left, key=lambda a: a.end), "left_in_clause"
        right = [a for a in cands if a.start >= site.end and a.end <= hi]
        if right:
            return min(right, key=lambda a: a.start), "right_in_clause"
    left = [a for a in pool if a.end <= site.start and rank(a.payload) == best]
    if left:
        return max(left, key=lambda a: a.end), "left_in_sentence"
    return min(pool, key=lambda a: (rank(a.payload), abs(a.start - site.start))), \
        "nearest_in_sentence"


def has_anaphor(text: str, site: ValueSite, pool: list[Anchor]) -> bool:
    """"the obtained electrolyte", "this material" ... before the value and after every mention
    of the value's clause that precedes it."""
    lo, _ = clause_bounds(text, site.start)
    last = max([a.end for a in pool if a.end <= site.start], default=0)
    return bool(rules().anaphor.search(text[max(lo, last):site.start]))


def _open_paren(text: str, site: ValueSite) -> int | None:
    """Position of the parenthesis still open where the value starts, or None."""
    opened = text.rfind("(", 0, site.start)
    return None if opened < 0 or ")" in text[opened:site.start] else opened


def parenthesis_owner(text: str, site: ValueSite, anchors: list[Anchor]) -> Anchor | None:
    """The mention whose parenthesis holds the value: "than that of B-LRMO (44 mAh g-1 at 1.0 C,
    ~30% retention)", "LLZO electrolyte (10^-4 S cm-1)". The owner may sit in a comparison: the
    value in its parenthesis is still its own."""
    opened = _open_paren(text, site)
    if opened is None:
        return None
    owners = [a for a in anchors if a.end <= opened and
              rules().paren_owner_gap.fullmatch(text[a.end:opened])]
    inside = [a for a in anchors if opened < a.start < site.start]
    if not owners or inside:
        return None
    return max(owners, key=lambda a: a.end)


def parenthesis_class(text: str, sentence_id: str, site: ValueSite) -> Mention | None:
    """A class phrase whose parenthesis opens right before the value, or before the value's
    property symbol: "LISICON-like (~200-500 meV) and Garnets (~400-500 meV)", "superionic SSEs
    (σ ion > 10^-3 S cm^-1 at 60 °C)"."""
    r = rules()
    opened = _open_paren(text, site)
    if opened is None or not r.paren_value_lead.fullmatch(text, opened + 1, site.start):
        return None
    for rx in (r.class_subjects, r.paren_class):
        hits = [m for m in rx.finditer(text, max(0, opened - 80), opened)
                if r.paren_owner_gap.fullmatch(text[m.end():opened])]
        if hits:
            m = hits[-1]
            phrase = m.group(1) if m.groups() else m.group(0)
            return Mention(sentence_id=sentence_id, char_start=-1, char_end=-1, text=phrase,
                           canonical=phrase, material_class="", source_rule="class_subject")
    return None


def is_follow_up(text: str) -> bool:
    return text.startswith(rules().follow_up)


def choose_subject(text: str, sentence_id: str, site: ValueSite, prop: str,
                   anchors: list[Anchor], previous: Mention | None) -> tuple[Mention | None, str]:
    """The subject of the value at ``site`` and the rule that chose it. ``previous`` is the
    subject carried over from the sentences before (or None)."""
    r = rules()
    pool = usable(text, anchors)
    before = [a for a in pool if a.end <= site.start]
    if previous is not None and has_anaphor(text, site, pool):
        return previous, "anaphor"
    owner = parenthesis_owner(text, site, anchors)
    if owner is not None:
        return compose(text, owner, [a for a in anchors if a.end <= owner.end]), "parenthesis"
    cls = parenthesis_class(text, sentence_id, site)
    if cls is not None:
        return cls, "parenthesis_class"
    label = _parenthesis_after(text, site, anchors)
    if label is not None:
        return label.payload, "parenthesis_after"
    head = _relative_clause_head(text, sentence_id, site, pool, prop, anchors)
    if head is not None:
        return head, "relative_clause"
    pick = _own_for_material(text, site, pool)
    rule = "for_material"
    if pick is None:
        pick = _enumerated(text, site, pool) or _enumerated_after(text, site, anchors)
        rule = "respectively"
    if pick is None:
        pick = _for_material(text, site, pool)
        rule = "for_material"
    if pick is None:  # a material after the value and a comparison word is compared with
        pool = [a for a in pool if a.end <= site.start
                or not r.comparison_between.search(text, site.end, a.start)]
    if pick is None and pool:
        pick, rule = _nearest(text, site, pool)
    if pick is not None:
        mention = compose(text, pick, before if pick in before else pool)
        if mention.source_rule == "composite":
            rule += "+composite"
        weak = rank(mention) >= 1 and mention.material_class != "composite"
        if weak and previous is not None and rank(previous) == 0 and is_follow_up(text):
            return previous, "previous_sentence"
        noun = r.composite_noun.search(text) if _role(mention) == "filler" else None
        if noun is not None and noun.end() <= site.start:
            # "A CPE with 8 wt % silica nanoplates showed ...": the composite, not its filler
            # (named by its filler as written, canonically by the composite noun)
            return Mention(sentence_id=sentence_id, char_start=mention.char_start,
                           char_end=mention.char_end, text=mention.text,
                           canonical=noun.group(0), material_class="composite",
                           source_rule="class_subject"), "composite_noun"
        if rank(mention) == 2 and noun is None:
            cls = class_subject(text, sentence_id, prop, site.start)
            if cls is not None:
                return cls, "class_subject"
        return mention, rule
    if previous is not None and (is_follow_up(text) or not pool):
        cls = class_subject(text, sentence_id, prop, site.start)
        at = text.find(cls.text) if cls is not None else -1
        # a sentence naming no material and not following up takes its class, unless a
        # possessive before the class refers back ("... in its hexagonal phase, ... hydroborates");
        # a class named before the value that the sentence before's material is not a member of
        # ("... Na2.9Sb0.9W0.1S4 ... It is worth mentioning that some of the mixed hydroborate
        # anions exhibit ...") is the subject too
        if cls is not None and (
                (not anchors and not is_follow_up(text)
                 and not r.back_reference.search(text, 0, max(site.start, at)))
                or (0 <= at < site.start and _not_of_class(previous, cls.text))):
            return cls, "class_subject"
        return previous, "previous_sentence"
    cls = class_subject(text, sentence_id, prop, site.start)
    if cls is not None:
        return cls, "class_subject"
    ion = _ion_class(text, sentence_id, site)
    if ion is not None:
        return ion, "ion_class"
    return None, "none"


def _ion_class(text: str, sentence_id: str, site: ValueSite) -> Mention | None:
    """A value stated for a mobile ion, with no material ("conductivity values of the order of
    10 mS cm-1 for Li+, 1 mS cm-1 for Na+ and 0.1 mS cm-1 for Mg2+"): the conductors of that
    ion, as a class ("Li+ conductors")."""
    m = rules().ion_after_value.match(text, site.end)
    if m is None:
        return None
    charge = re.sub(r"[\s^]", "", m.group("charge"))
    name = f"{m.group('ion')}{charge} conductors"
    return Mention(sentence_id=sentence_id, char_start=-1, char_end=-1, text=name,
                   canonical=name, material_class="", source_rule="class_subject")


def _not_of_class(m: Mention, phrase: str) -> bool:
    """``m`` is known not to be a member of the class ``phrase`` names."""
    pf = parse_formula(m.formula) if m.formula else None
    return pf is not None and class_member(phrase, pf.elements, m.formula) is False


def sentence_subject(text: str, sentence_id: str, anchors: list[Anchor]) -> Mention | None:
    """The main subject of a sentence, for the sentences after it: a composite if the sentence
    builds one, else its best-ranked mention (the first of them), else a class-level subject."""
    pool = usable(text, anchors)
    if not pool:
        return class_subject(text, sentence_id, "")
    best = min(rank(a.payload) for a in pool)
    firsts = [a for a in pool if rank(a.payload) == best]
    for a in firsts:
        m = compose(text, a, pool)
        if m.material_class == "composite":
            return m
    return compose(text, firsts[0], pool)


def shared_subjects(text: str, site: ValueSite, chosen: Mention | None, chosen_rule: str,
                    anchors: list[Anchor], earlier: list[Mention],
                    previous_list: list[Mention], alone: bool = True) -> list[Mention]:
    """The materials one value is stated for at once (one claim each), or ``[]``.

    - the examples named after the value ("superionic conductors (> 10^-3 S cm^-1), e.g. X and
      Y"), when the chosen subject is a class or nothing;
    - a list of materials written as the subject right before the value ("X and Y conduct Na+ at
      high rates (10^-3 S cm^-1)"), not a composite and not a comparison;
    - the materials of the sentence before, taken up by a plural ("These materials have ...");
    - the last N materials named before ("all three SEs exhibit ...", "both compounds");
    - the materials listed earlier in a "respectively" sentence, when a plural noun introduces
      its one value of another property ("... respectively, with low activation energies of
      0.22 eV").
    A list of what one material is made of ("X, an equimolar mixture of Y and Z, exhibits")
    shares nothing. Only materials (not electrodes' elements, salts or fillers) are shared, and a value among
    several of the same property never is (``alone``: the only value of its property in the
    sentence; needed for a subject list, whose members may each have their own value).
    """
    r = rules()
    lo, _ = clause_bounds(text, site.start)
    if site.count != 1:
        return []
    vague = chosen is None or chosen.source_rule in ("class_subject", "generic_subject") \
        or rank(chosen) > 1
    material = [a for a in anchors if rank(a.payload) <= 1]
    if vague:
        after = sorted((a for a in material if a.start >= site.end), key=lambda a: a.start)
        if after and r.shared_examples_lead.fullmatch(text, site.end, after[0].start):
            return distinct_mentions(next(x for x in listed_runs(after, text) if after[0] in x))
    if "respectively" in text and r.shared_plural_noun.search(text, max(0, site.start - 50),
                                                              site.start):
        named = sorted((a for a in material if a.end <= site.start and not in_comparison(text, a)),
                       key=lambda a: a.start)
        runs = [x for x in (distinct_mentions(x) for x in listed_runs(named, text)) if len(x) >= 2]
        every = distinct_mentions(named)  # "... for X and s Na+ for Y, respectively, with ..."
        if runs or 2 <= len(every) <= 4:
            return runs[-1] if runs else every
    if "respectively" in text:  # the other cases pair values and materials in order
        return []
    before = sorted((a for a in material if lo <= a.start and a.end <= site.start),
                    key=lambda a: a.start)
    if before and chosen is not None and not vague and alone \
            and chosen_rule.split("+")[0] in ("left_in_clause", "left_in_sentence", "anaphor"):
        run = next(x for x in listed_runs(before, text) if before[-1] in x)
        members = distinct_mentions(run)
        if len(members) >= 2 and any(m.canonical == chosen.canonical for m in members) \
                and not r.shared_list_noun.match(text, run[-1].end) \
                and not r.shared_list_blocker.search(text, run[-1].end, site.start) \
                and not r.shared_list_blocker.search(text, max(lo, run[0].start - 40),
                                                     run[0].start) \
                and not r.shared_list_parts.search(text, max(lo, run[0].start - 40),
                                                   run[0].start) \
                and not in_comparison(text, run[0]):
            return members
    anaphoric = vague or chosen_rule in ("anaphor", "previous_sentence")
    if anaphoric and len(previous_list) >= 2 and (
            r.plural_anaphor_start.match(text)
            or r.plural_anaphor_before.search(text, max(lo, site.start - 120), site.start)):
        return previous_list
    if anaphoric:
        count = r.shared_count.search(text, lo)
        n = r.shared_count_words[next(g for g in count.groups() if g).lower()] if count else 0
        if n and len(earlier) >= n:
            return earlier[-n:]
    return []


def distinct_mentions(run: list[Anchor]) -> list[Mention]:
    """The mentions of ``run`` with each canonical name once, in order."""
    out: list[Mention] = []
    for a in run:
        if all(m.canonical != a.payload.canonical for m in out):
            out.append(a.payload)
    return out


def ion_subject(text: str, site: ValueSite, anchors: list[Anchor],
                earlier: list[Mention]) -> Mention | None:
    """Enumerated values paired with mobile ions ("311 and 226 meV for Li+ and Na+,
    respectively"): the value's compound among analogous compounds of those ions that the
    sentence or paragraph names (Li2(CB9H10)(CB11H12) and Na2(CB9H10)(CB11H12))."""
    if site.index is None or site.count < 2:
        return None
    m = rules().ion_enumeration.search(text, site.start)
    if m is None:
        return None
    ions = re.findall(r"[A-Z][a-z]?", m.group("ions"))
    if len(ions) != site.count:
        return None
    named = [a.payload for a in sorted(anchors, key=lambda a: a.start) if a.start < m.start()]
    by_rest: dict[str, dict[str, Mention]] = {}
    for cand in earlier + named:
        lead = re.match(r"\(?([A-Z][a-z]?)(?![a-z])", cand.canonical)
        if lead and lead.group(1) in ions and rank(cand) <= 1:
            rest = cand.canonical[lead.end():]
            by_rest.setdefault(rest, {})[lead.group(1)] = cand
    analogous = [group for group in by_rest.values() if len(group) == len(set(ions))]
    return analogous[-1].get(ions[site.index]) if analogous else None
