"""The inputs a layer was last applied with, kept so that it can always be destroyed.

A dependent's upstream may be destroyed first (a partial teardown, a failed `down`):
its outputs are gone, yet the dependent's resources still exist and its destroy plan
needs the inputs. They are the values of its last successful apply (0600: they can hold
sensitive upstream outputs).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from streamctl.files import write_atomic

NAME = "applied-inputs.tfvars.json"


def keep(root: Path, inputs_file: Path) -> None:
    """After a successful apply: remember the var file it was planned with."""
    if inputs_file.is_file():
        write_atomic(root / NAME, inputs_file.read_bytes())


def load(root: Path) -> dict[str, Any]:
    try:
        values = json.loads((root / NAME).read_text())
    except (OSError, ValueError):
        return {}
    return values if isinstance(values, dict) else {}
