"""A plan that only moves resources (`moved` blocks) is a change: `up` applies it.

Terraform's change summary counts no moves, so such a plan once passed for "no changes"
and the state kept the old addresses: a later removal of the `moved` block would then
destroy and re-create what the module had only renamed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support.cli import invoke, statuses
from support.faults import run_json

pytestmark = pytest.mark.integration

BEFORE = 'resource "terraform_data" "old" {\n  input = "kept"\n}\n'
AFTER = (
    'resource "terraform_data" "new" {\n  input = "kept"\n}\n\n'
    "moved {\n  from = terraform_data.old\n  to   = terraform_data.new\n}\n"
)


def addresses(stack: Path) -> list[str]:
    state = json.loads(next(stack.parent.glob(".streamctl/**/app/terraform.tfstate")).read_text())
    return [f"{r['type']}.{r['name']}" for r in state["resources"]]


def test_a_move_only_plan_is_reviewed_and_applied(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    main = tmp_path / "app" / "main.tf"
    main.write_text(BEFORE)
    stack = tmp_path / "stack.toml"
    stack.write_text(
        '[stack]\nname = "moves"\nenvironment = "test"\n\n[layers.app]\npath = "app"\n'
    )
    args = ["--stack", str(stack), "--terraform", "terraform"]
    assert run_json(["up", "--yes", *args])[0] == 0
    main.write_text(AFTER)

    code, preview, _ = run_json(["preview", *args])
    assert code == 0 and statuses(preview) == {"app": "planned"}, preview
    shown = " ".join(invoke(["preview", *args]).stdout.split())  # the console wraps
    assert "-> terraform_data.new (moved from terraform_data.old)" in shown
    assert "0 to destroy, 1 to move or import in state" in shown

    code, report, _ = run_json(["up", "--yes", *args])
    assert code == 0 and statuses(report) == {"app": "applied"}, report
    assert addresses(stack) == ["terraform_data.new"]
    code, again, _ = run_json(["up", "--yes", *args])
    assert code == 0 and statuses(again) == {"app": "unchanged"}, again
