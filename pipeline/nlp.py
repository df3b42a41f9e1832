"""The spaCy pipeline: one place that registers extensions and assembles litmine's components.

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
    # Imported here so that the component factories are registered before use.
    from pipeline import materials, quantities, tokenizer  # noqa: F401

    register_extensions()
    nlp = spacy.blank("en")
    nlp.tokenizer = tokenizer.make_tokenizer(nlp)
    nlp.add_pipe("litmine_materials")
    nlp.add_pipe("litmine_quantities")
    return nlp
