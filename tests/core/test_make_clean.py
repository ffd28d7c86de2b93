"""`make clean` removes virtual environments and scratch, never state."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

KEPT = [
    "live/dev/.streamctl/dev/aws/network/terraform.tfstate",
    "live/dev/.streamctl/dev/aws/network/terraform.tfstate.backup",
    "live/dev/.streamctl/dev/aws/network/tree/errored.tfstate",
    "live/dev/.streamctl/dev/local/moto-state/data.json",
    "live/prod/.streamctl/prod/aws/kms/terraform.tfstate",
    ".streamctl/dev/aws/x/terraform.tfstate",  # a manifest at the top level keeps state here
]
REMOVED = [
    ".venv/bin/python",
    ".venv-checkov/bin/checkov",
    ".streamctl/offline/network/tree/main.tf",
    ".streamctl/test-cache/x",
    "live/dev/.streamctl/offline/kms/main.tf",
]


@pytest.mark.skipif(shutil.which("make") is None, reason="no make on this machine")
def test_make_clean_never_deletes_state(tmp_path: Path) -> None:
    shutil.copy(REPO / "Makefile", tmp_path / "Makefile")
    for name in KEPT + REMOVED:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    subprocess.run(["make", "-s", "clean"], cwd=tmp_path, check=True, capture_output=True)
    assert [name for name in KEPT if not (tmp_path / name).is_file()] == []
    assert [name for name in REMOVED if (tmp_path / name).exists()] == []
