"""The ``models/`` folder: lexicons, patterns and tables that ship with litmine (data, not code)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"


def model_path(name: str) -> Path:
    """Path of a data file inside ``models/``."""
    return MODELS_DIR / name


def read_model_text(name: str) -> str:
    return model_path(name).read_text(encoding="utf-8")


def load_yaml(name: str) -> Any:
    """Parse ``models/<name>`` (callers cache what they build from it)."""
    return yaml.safe_load(read_model_text(name))
