"""The spaCy pipeline: one place that registers extensions, defines litmine's components
(``litmine_materials``, ``litmine_quantities``; registered when this module is imported) and
assembles them.

The recognisers themselves (:func:`pipeline.materials.find_mentions`,
:func:`pipeline.quantities.find_quantities`) do not need spaCy, so ``litmine extract`` never
imports it.

Extensions (registered once, each with one fixed type):

- ``Span._.quantity``: a :class:`pipeline.quantities.Quantity` or ``None``.
- ``Span._.material``: a :class:`pipeline.materials.MaterialInfo` or ``None``.
- ``Doc._.abbreviations``: ``dict[str, str]`` short form -> long form (document level).

Spans found by the components are stored in ``doc.spans["materials"]`` and
``doc.spans["quantities"]``.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.materials import find_mentions
from pipeline.quantities import find_quantities


def register_extensions() -> None:
    """Register litmine's Doc/Span extensions (idempotent)."""
    if not Span.has_extension("quantity"):
        Span.set_extension("quantity", default=None)
    if not Span.has_extension("material"):
        Span.set_extension("material", default=None)
    if not Doc.has_extension("abbreviations"):
        Doc.set_extension("abbreviations", default=None)


@lru_cache(maxsize=1)
def make_nlp() -> Language:
    """A blank English pipeline with the chemistry tokenizer and litmine's components."""
    from pipeline import tokenizer

    register_extensions()
    nlp = spacy.blank("en")
    nlp.tokenizer = tokenizer.make_tokenizer(nlp)
    nlp.add_pipe("litmine_materials")
    nlp.add_pipe("litmine_quantities")
    return nlp


@Language.factory(
    "litmine_materials",
    requires=["doc.text"],
    assigns=["doc.spans"],
    default_config={"spans_key": "materials"},
)
def make_materials_component(nlp: Language, name: str, spans_key: str) -> "MaterialsComponent":
    """Factory of the ``litmine_materials`` pipeline component."""
    return MaterialsComponent(spans_key)


class MaterialsComponent:
    """Stores material mentions in ``doc.spans[spans_key]`` with ``span._.material`` set."""

    def __init__(self, spans_key: str) -> None:
        register_extensions()
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        abbreviations = doc._.abbreviations if Doc.has_extension("abbreviations") else None
        spans: list[Span] = []
        seen: set[tuple[int, int]] = set()
        for mention in find_mentions(doc.text, abbreviations):
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None or (span.start, span.end) in seen:
                continue
            seen.add((span.start, span.end))
            span._.material = mention.info
            spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc


class QuantityRecognizer:
    """spaCy component: ``doc.spans["quantities"]`` with ``span._.quantity`` set."""

    def __init__(self, nlp: Language, name: str = "litmine_quantities") -> None:
        register_extensions()
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for q in find_quantities(doc.text):
            span = doc.char_span(q.start, q.end, label=q.kind, alignment_mode="expand")
            if span is not None:
                span._.quantity = q
                spans.append(span)
        doc.spans["quantities"] = spans
        return doc


@Language.factory("litmine_quantities", requires=["doc.text"], assigns=["doc.spans"])
def make_quantity_recognizer(nlp: Language, name: str) -> QuantityRecognizer:
    """Factory of the ``litmine_quantities`` component."""
    return QuantityRecognizer(nlp, name)
