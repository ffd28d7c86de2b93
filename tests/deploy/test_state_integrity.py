"""The rules of state_integrity on hand-made states (the fault tests run real Terraform)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from streamctl.deploy import state_integrity as si
from streamctl.deploy.state_guard import StateGuard


def state(resources: int, lineage: str = "L1", serial: int = 1) -> str:
    return json.dumps(
        {
            "version": 4,
            "lineage": lineage,
            "serial": serial,
            "outputs": {"id": {"value": "x"}},
            "resources": [
                {"mode": "managed", "type": "terraform_data", "name": f"r{i}", "instances": [{}]}
                for i in range(resources)
            ]
            + [{"mode": "data", "type": "x", "name": "d", "instances": [{}]}],
        }
    )


@pytest.fixture
def guard(tmp_path: Path) -> StateGuard:
    return StateGuard("app", tmp_path, tmp_path / "terraform.tfstate", tmp_path, None, lambda: "")


def applied(guard: StateGuard, resources: int, **kw: object) -> None:
    guard.state_file.write_text(state(resources, **kw))  # type: ignore[arg-type]
    guard.before_apply("apply")
    assert guard.after_apply("apply", ["id", "nothing"]) is None


def test_a_state_that_does_not_parse_after_apply_is_reported(guard: StateGuard) -> None:
    guard.before_apply("apply")
    guard.state_file.write_text("{ not json")
    problem = guard.after_apply("apply", [])
    assert problem and f"state file {guard.state_file} is not valid Terraform state" in problem


def test_fewer_resources_or_another_lineage_are_refused_unless_accepted(guard: StateGuard) -> None:
    applied(guard, 3)
    guard.state_file.write_text(state(2, serial=2))
    with pytest.raises(si.StateLossError, match="holds 2 resource"):
        guard.before_plan(accept_loss=False)
    guard.state_file.write_text(state(3, lineage="L2"))
    with pytest.raises(si.StateLossError, match="another lineage"):
        guard.before_plan(accept_loss=False)
    assert guard.before_plan(accept_loss=True)  # a note saying it was accepted
    assert guard.before_plan(accept_loss=False) is None  # and recorded


def test_more_resources_and_a_killed_runs_own_changes_pass(guard: StateGuard) -> None:
    applied(guard, 3)
    guard.state_file.write_text(state(5, serial=2))
    assert guard.before_plan(accept_loss=False) is None
    guard.before_apply("destroy")  # streamctl was killed while its Terraform destroyed
    guard.state_file.write_text(state(0, serial=3))
    assert guard.before_plan(accept_loss=False) is None


def test_a_null_output_is_one_the_last_apply_declared_but_did_not_store(guard: StateGuard) -> None:
    applied(guard, 1)
    assert guard.applied_null("nothing") and not guard.applied_null("id")
    assert not guard.applied_null("added_later")
