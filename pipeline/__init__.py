"""litmine: a literature-mining pipeline for solid-state battery papers."""

__version__ = "0.1.0"
