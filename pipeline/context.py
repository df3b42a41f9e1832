"""Document context: what a paper states once and its claims rely on.

A research article names its own material in the title and abstract and then calls it "the
electrolyte", "the sample" or nothing at all; it says once, in the methods or a caption, at which
temperature its cells were cycled; a paragraph gives the temperature once for several values.
:class:`DocumentContext` holds the document-level part of that, built once per document by
:func:`document_context`; the paragraph-level temperature is carried by the measurements stage
(``Context.block_temperature``). Cue patterns are data in ``models/claims.yaml`` (section
``document_context``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Iterable

from pipeline.formulas import named_compositions, parse_formula
from pipeline.quantities import Quantity, find_quantities
from pipeline.resources import load_yaml
from pipeline.schema import Mention
from pipeline.textmap import SentenceText


_ELEMENT = re.compile(r"[A-Z][a-z]?")


@dataclass(frozen=True)
class DocumentContext:
    """The paper's own material, the temperature its cells were tested at and the one its
    conductivities were measured at."""

    own_material: Mention | None = None
    # a document of several studies (a thesis, a report): each section's own material, by
    # sentence id (``own_material`` is then None)
    several_studies: bool = False
    section_own: dict[str, Mention] = field(default_factory=dict)
    cell_temperature: str = ""
    # a document of several studies: the cell test temperature a study states, by sentence id
    section_cell_temperature: dict[str, str] = field(default_factory=dict)
    conductivity_temperature: str = ""
    # sentence id -> the temperature a sentence saying how conductivities were measured states
    measured_at: dict[str, str] = field(default_factory=dict)
    # figure number -> the one temperature its caption states ("Figure 2. Nyquist plots ...
    # measured at 25 °C"), for values that refer to the figure
    figure_temperatures: dict[str, str] = field(default_factory=dict)

    def own_for(self, sentence_id: str) -> Mention | None:
        """The own material of the study a sentence belongs to."""
        return self.section_own.get(sentence_id, self.own_material)

    def cell_temperature_for(self, sentence_id: str) -> str:
        """The temperature the cells of the study a sentence belongs to were tested at."""
        return self.section_cell_temperature.get(sentence_id, self.cell_temperature)


@dataclass(frozen=True)
class _Cues:
    body_start: re.Pattern[str]
    cell_test: re.Pattern[str]
    conductivity_test: re.Pattern[str]
    cell_test_negated: re.Pattern[str]
    cell_test_weak: re.Pattern[str]
    not_test_temperature: re.Pattern[str]
    subject_classes: frozenset[str]
    min_front: int
    max_front: int
    multi_study: int
    scope_front: int


@lru_cache(maxsize=1)
def cues() -> _Cues:
    cfg = load_yaml("claims.yaml")["document_context"]
    i = re.IGNORECASE
    return _Cues(body_start=re.compile(cfg["body_start"], i),
                 cell_test=re.compile(cfg["cell_test"], i),
                 conductivity_test=re.compile(cfg["conductivity_test"], i),
                 cell_test_negated=re.compile(cfg["cell_test_negated"], i),
                 cell_test_weak=re.compile(cfg["cell_test_weak"], i),
                 not_test_temperature=re.compile(cfg["not_test_temperature"], i),
                 subject_classes=frozenset(cfg["own_material_classes"]),
                 min_front=int(cfg["own_material_min_front"]),
                 max_front=int(cfg["own_material_max_front"]),
                 multi_study=int(cfg["multi_study_sentences"]),
                 scope_front=int(cfg["section_front_sentences"]))


def _front(sentences: list[SentenceText]) -> set[str]:
    """Ids of the front-matter sentences: title, abstract, and what precedes the first body
    heading (Introduction, Results ...), at most ``own_material_max_front`` sentences."""
    c = cues()
    front = set()
    for st in sentences[:c.max_front]:  # a paper without body headings has a bounded front
        s = st.sentence
        if c.body_start.search(s.section or ""):
            break
        front.add(s.id)
    return front


def own_material(sentences: list[SentenceText], mentions: dict[str, list[Mention]]
                 ) -> Mention | None:
    """The material the paper is about: the electrolyte-class material with the highest score,
    ``own_material_min_front`` per front-matter mention plus one per later mention (equal scores:
    the one named first), if it is named in the front matter at all."""
    return _own_in(sentences, mentions, _front(sentences))


def study_scopes(sentences: list[SentenceText], several: bool = True
                 ) -> list[list[SentenceText]]:
    """The studies of a document, in order: the whole paper, or for a document of several
    studies (a thesis, a program report) its sections. (Chapters found from their headings were
    tried: neutral on the development thesis, and per-chapter test temperatures worse there.)"""
    if not several:
        return [sentences] if sentences else []
    scopes: list[list[SentenceText]] = []
    for st in sentences:
        if scopes and st.sentence.section == scopes[-1][-1].sentence.section:
            scopes[-1].append(st)
        else:
            scopes.append([st])
    return scopes


def _by_study(sentences: list[SentenceText], value_of: Callable[[list[SentenceText]], Any]
              ) -> dict[str, Any]:
    """A document of several studies: sentence id -> ``value_of`` its study, for the studies
    with a value."""
    out: dict[str, Any] = {}
    for scope in study_scopes(sentences):
        value = value_of(scope)
        if value:
            out.update((st.sentence.id, value) for st in scope)
    return out


def section_own_materials(sentences: list[SentenceText], mentions: dict[str, list[Mention]]
                          ) -> dict[str, Mention]:
    """A document of several studies: each study's own material, chosen as a paper's is with
    the study's first ``section_front_sentences`` sentences as its front matter."""
    return _by_study(sentences, lambda scope: _own_in(
        scope, mentions, {st.sentence.id for st in scope[:cues().scope_front]}))


def _own_in(sentences: list[SentenceText], mentions: dict[str, list[Mention]], front: set[str]
            ) -> Mention | None:
    c = cues()
    score: Counter[str] = Counter()
    first: dict[str, Mention] = {}
    named_in_front: set[str] = set()
    for st in sentences:
        for m in mentions.get(st.sentence.id, []):
            if m.material_class not in c.subject_classes or _ELEMENT.fullmatch(m.canonical):
                continue  # electrodes, salts ... and bare elements (an Al current collector)
            first.setdefault(m.canonical, m)
            if st.sentence.id in front:
                score[m.canonical] += c.min_front
                named_in_front.add(m.canonical)
            else:
                score[m.canonical] += 1
    # a compound the front matter names in words ("the magnesium scandium selenide spinel") is
    # the formula of the same elements the paper writes later (MgSc2Se4)
    named = {els for st in sentences if st.sentence.id in front
             for els in named_compositions(st.text)}
    for name, m in first.items() if named else ():
        pf = parse_formula(m.formula or name)
        if pf is not None and pf.elements in named and name not in named_in_front:
            score[name] += c.min_front
            named_in_front.add(name)
    ranked = [k for k, _ in score.most_common() if k in named_in_front]
    return first[ranked[0]] if ranked else None


def cell_temperature(sentences: Iterable[SentenceText],
                     as_text: Callable[[Quantity], str]) -> str:
    """The temperature the paper's cells were tested at: the most frequent temperature written in
    a sentence about cycling or testing cells ("cells were cycled at 25 °C"), not one saying that
    a test was not possible ("Room temperature cycling was not possible"); if there is none, the
    one of its voltammetry or symmetric-cell tests ("Cyclic voltammetry of a Na|X|NaCrO2 cell ...
    at 60 °C", "a critical current density of 0.6 mA cm-2 at room temperature"). Melting or
    transition temperatures are not test temperatures."""
    c = cues()
    found: Counter[str] = Counter()
    weak: Counter[str] = Counter()
    for st in sentences:
        if c.cell_test_negated.search(st.text):
            continue
        tally = found if c.cell_test.search(st.text) else \
            weak if c.cell_test_weak.search(st.text) else None
        if tally is None:
            continue
        for q in find_quantities(st.text):
            if q.kind == "temperature" and q.relation in ("eq", "approx") \
                    and not c.not_test_temperature.search(st.text, max(0, q.start - 60), q.start):
                tally[as_text(q)] += 1
    best = found or weak
    return best.most_common(1)[0][0] if best else ""


def section_cell_temperatures(sentences: list[SentenceText],
                              as_text: Callable[[Quantity], str]) -> dict[str, str]:
    """A document of several studies: sentence id -> the temperature its study's cells were
    tested at, for the studies that say it."""
    return _by_study(sentences, lambda scope: cell_temperature(scope, as_text))


def measurement_temperature(text: str, as_text: Callable[[Quantity], str]) -> str:
    """The one temperature of a sentence that says how conductivities were measured and reports
    none ("EIS measurements were performed at 25 °C"), else ""."""
    if not cues().conductivity_test.search(text):
        return ""
    qs = find_quantities(text)
    if any(q.unit == "S/cm" for q in qs):
        return ""
    temps = {as_text(q) for q in qs if q.kind == "temperature"}
    ranged = any(q.kind == "temperature" and q.relation not in ("eq", "approx") for q in qs)
    return next(iter(temps)) if len(temps) == 1 and not ranged else ""


def conductivity_temperature(measured_at: dict[str, str]) -> str:
    """The temperature a research article measured its conductivities at: the most frequent
    one of its measurement sentences ("The ionic conductivity was measured by EIS at 25 °C")."""
    found = Counter(measured_at.values())
    return found.most_common(1)[0][0] if found else ""


FIGURE_CAPTION = re.compile(r"\s*(?:\*\*)?(?:Figure|Fig\.?)\s*(\d+)\b", re.I)


def figure_temperatures(sentences: Iterable[SentenceText],
                        as_text: Callable[[Quantity], str]) -> dict[str, str]:
    """Figure number -> the one temperature its caption states."""
    found: dict[str, set[str]] = {}
    block_figure: dict[str, str] = {}
    for st in sentences:
        if st.sentence.kind != "caption":
            continue
        block = st.sentence.block_id
        if block not in block_figure:
            m = FIGURE_CAPTION.match(st.text)
            if m is None:
                continue
            block_figure[block] = m.group(1)
        temps = {as_text(q) for q in find_quantities(st.text)
                 if q.kind == "temperature" and q.relation in ("eq", "approx")}
        found.setdefault(block_figure[block], set()).update(temps)
    return {n: next(iter(t)) for n, t in found.items() if len(t) == 1}


def document_context(sentences: list[SentenceText], mentions: dict[str, list[Mention]],
                     research_article: bool, as_text: Callable[[Quantity], str]
                     ) -> DocumentContext:
    """The context of a research article (a review has no single own material or test)."""
    if not research_article:
        return DocumentContext()
    several = len(sentences) > cues().multi_study  # a thesis, a report
    measured_at = {st.sentence.id: t for st in sentences
                   if (t := measurement_temperature(st.text, as_text))}
    return DocumentContext(own_material=None if several else own_material(sentences, mentions),
                           several_studies=several,
                           section_own=section_own_materials(sentences, mentions)
                           if several else {},
                           cell_temperature=cell_temperature(sentences, as_text),
                           section_cell_temperature=section_cell_temperatures(sentences, as_text)
                           if several else {},
                           conductivity_temperature=conductivity_temperature(measured_at),
                           measured_at=measured_at,
                           figure_temperatures=figure_temperatures(sentences, as_text))
