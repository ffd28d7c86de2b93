"""Plans as a reviewer reads them, from real `terraform show -json` documents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from streamctl.review.plan import SENSITIVE, UNKNOWN, Action, layer_plan

PLANS = Path(__file__).parent / "data"


def shown(name: str) -> Any:
    return json.loads((PLANS / f"{name}.json").read_text())


def test_each_resource_gets_its_action_and_symbol() -> None:
    plan = layer_plan("app", shown("mixed"))
    actions = {r.address: r.action for r in plan.resources}
    assert actions == {
        "terraform_data.gone": Action.DELETE,
        "terraform_data.keep": Action.UPDATE,
        "terraform_data.new": Action.CREATE,
        "terraform_data.repl": Action.REPLACE,
        "terraform_data.sec": Action.UPDATE,
    }
    assert [a.symbol for a in (Action.CREATE, Action.UPDATE, Action.DELETE, Action.REPLACE)] == [
        "+",
        "~",
        "-",
        "-/+",
    ]
    # Terraform's own counts: "Plan: 2 to add, 2 to change, 2 to destroy."
    assert (plan.add, plan.change, plan.remove) == (2, 2, 2)


def test_a_replace_names_the_attribute_that_forces_it() -> None:
    plan = layer_plan("app", shown("mixed"))
    (repl,) = [r for r in plan.resources if r.action is Action.REPLACE]
    assert repl.forced_by == ("triggers_replace",)
    forcing = [a.path for a in repl.attributes if a.forces_replacement]
    assert forcing == ["triggers_replace[0]"]
    assert not any(r.forced_by for r in plan.resources if r.action is not Action.REPLACE)


def test_details_show_before_and_after_and_mask_sensitive_values() -> None:
    plan = layer_plan("app", shown("mixed"))
    by_address = {r.address: r for r in plan.resources}
    keep = {a.path: (a.before, a.after) for a in by_address["terraform_data.keep"].attributes}
    assert keep["input"] == ('"a"', '"b"')
    assert keep["output"] == ('"a"', UNKNOWN)
    sec = {a.path: (a.before, a.after) for a in by_address["terraform_data.sec"].attributes}
    assert sec["input"] == (SENSITIVE, SENSITIVE)
    # The new sensitive value appears nowhere; the old one shows in `output`, whose
    # mask Terraform leaves unset (its own `terraform show` prints it too): the CLI's
    # redactor, which knows the secret, covers that.
    assert "secret2" not in repr(plan)


def test_outputs_changes_keep_their_sensitivity() -> None:
    plan = layer_plan("app", shown("mixed"))
    assert {(o.name, o.action, o.sensitive) for o in plan.outputs} == {
        ("o", Action.UPDATE, False),
        ("s", Action.UPDATE, True),
    }


def test_a_fresh_plan_only_creates_and_lists_set_and_unknown_attributes() -> None:
    plan = layer_plan("app", shown("create"))
    assert plan.creates_only
    assert {r.action for r in plan.resources} == {Action.CREATE}
    keep = next(r for r in plan.resources if r.address == "terraform_data.keep")
    attrs = {a.path: a.after for a in keep.attributes}
    assert attrs["input"] == '"a"' and attrs["id"] == UNKNOWN
    assert "triggers_replace" not in attrs  # unset: left out, as terraform plan does


def test_touching_existing_keeps_only_updates_replaces_and_deletes() -> None:
    plan = layer_plan("app", shown("mixed"))
    assert not plan.creates_only
    kept = plan.touching_existing()
    assert {r.address for r in kept.resources} == {
        "terraform_data.gone",
        "terraform_data.keep",
        "terraform_data.repl",
        "terraform_data.sec",
    }
    assert kept.outputs == ()


def test_a_destroy_plan_deletes_everything() -> None:
    plan = layer_plan("app", shown("destroy"), destroy=True)
    assert plan.destroy
    assert {r.action for r in plan.resources} == {Action.DELETE}
    assert plan.remove == 4 and not plan.creates_only


def test_a_value_known_only_after_apply_is_shown_once_not_per_part() -> None:
    shown = {
        "resource_changes": [
            {
                "address": "terraform_data.this",
                "mode": "managed",
                "change": {
                    "actions": ["update"],
                    "before": {"input": {"env": "a"}, "output": {"env": "a"}},
                    "after": {"input": {"env": "b"}},
                    "after_unknown": {"output": True},
                    "before_sensitive": {},
                    "after_sensitive": {},
                },
            }
        ]
    }
    (change,) = layer_plan("kms", shown).resources
    assert [(a.path, a.before, a.after) for a in change.attributes] == [
        ("input.env", '"a"', '"b"'),
        ("output", '{"env": "a"}', UNKNOWN),
    ]


def test_a_move_is_a_change_to_what_exists_with_where_it_came_from() -> None:
    shown = {
        "resource_changes": [
            {
                "address": "module.alb.aws_lb.this",
                "previous_address": "aws_lb.this",
                "mode": "managed",
                "change": {"actions": ["no-op"], "before": {"id": "x"}, "after": {"id": "x"}},
            },
            {"address": "aws_s3_bucket.kept", "mode": "managed", "change": {"actions": ["no-op"]}},
        ]
    }
    plan = layer_plan("compute", shown)
    (moved,) = plan.resources
    assert (moved.address, moved.action, moved.reason) == (
        "module.alb.aws_lb.this",
        Action.MOVE,
        "moved from aws_lb.this",
    )
    assert moved.attributes == () and not plan.creates_only
    assert plan.touching_existing().resources == (moved,)
