"""Shared entry-point wrapper for stage modules: a LitmineError becomes one line and an exit code."""

from __future__ import annotations

import sys
from typing import Callable

from pipeline.errors import LitmineError


def run_stage(fn: Callable[[], None]) -> None:
    try:
        fn()
    except LitmineError as exc:
        print(f"litmine: error: {exc}", file=sys.stderr)
        raise SystemExit(exc.exit_code) from None
