"""The one place that owns Rich consoles: results to stdout, diagnostics to stderr."""

from __future__ import annotations

import os

from rich.console import Console


def _plain() -> bool:
    return "NO_COLOR" in os.environ


out = Console(highlight=False, no_color=_plain())
err = Console(stderr=True, highlight=False, no_color=_plain())
