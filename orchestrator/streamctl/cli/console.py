"""The one place that owns Rich consoles: results to stdout, diagnostics to stderr."""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from rich.console import Console


def plain() -> bool:
    """NO_COLOR asks for plain output: no colour, no live display and its cursor movement."""
    return "NO_COLOR" in os.environ


out = Console(highlight=False, no_color=plain())
err = Console(stderr=True, highlight=False, no_color=plain())


def print_json(data: Any) -> None:
    """One JSON document on stdout, unwrapped (Rich would wrap long lines and break it)."""
    sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")
