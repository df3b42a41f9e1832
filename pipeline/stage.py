"""Shared entry-point wrapper for stage modules: a LitmineError, a signal or a file-system error
becomes one line and an exit code (as in the ``litmine`` command line)."""

from __future__ import annotations

import sys
from typing import Callable

from pipeline.errors import Interrupted, LitmineError


def run_stage(fn: Callable[[], None]) -> None:
    from pipeline.outdir import on_signals

    try:
        with on_signals():
            fn()
    except (LitmineError, Interrupted) as exc:
        print(f"litmine: error: {exc}", file=sys.stderr)
        raise SystemExit(exc.exit_code) from None
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"litmine: error: {where}{exc.strerror or exc}", file=sys.stderr)
        raise SystemExit(1) from None
