"""Plan sets: written by preview --out, checked and refused when stale by up --plans."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from streamctl.deploy.planset import PlanSet, SavedLayer, StateMark, check_for, load, save, stale
from streamctl.errors import UsageError


def plan_set(tmp_path: Path) -> tuple[PlanSet, Path]:
    plan_file = tmp_path / "work" / "plan.tfplan"
    plan_file.parent.mkdir()
    plan_file.write_bytes(b"PK fake plan")
    plans = PlanSet(
        "s",
        "dev",
        "aws",
        "run-1",
        {
            "kms": SavedLayer("kms", "planned", StateMark("abc", 3), changes={"add": 1}),
            "dns": SavedLayer("dns", "unchanged", StateMark("def", 7)),
            "app": SavedLayer("app", "waiting", StateMark()),
        },
    )
    out = tmp_path / "plans"
    save(out, plans, {"kms": plan_file})
    return plans, out


def test_round_trip_keeps_states_and_copies_only_planned_layers(tmp_path: Path) -> None:
    _, out = plan_set(tmp_path)
    loaded = load(out)
    assert loaded.planned() == ["kms"]
    assert loaded.layers["dns"].state == StateMark("def", 7)
    assert loaded.layers["app"].state == StateMark()
    assert sorted(p.name for p in out.iterdir()) == ["kms.tfplan", "planset.json"]
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    assert stat.S_IMODE((out / "kms.tfplan").stat().st_mode) == 0o600


def test_a_moved_state_makes_the_set_stale(tmp_path: Path) -> None:
    _, out = plan_set(tmp_path)
    loaded = load(out)
    now = {"kms": StateMark("abc", 3), "dns": StateMark("def", 8), "app": StateMark()}
    assert stale(loaded, now) == [
        "layer 'dns': state is at serial 8, the plan was made at serial 7"
    ]
    assert stale(loaded, {**now, "dns": StateMark("def", 7)}) == []


def test_an_altered_plan_file_or_another_stack_is_refused(tmp_path: Path) -> None:
    _, out = plan_set(tmp_path)
    with pytest.raises(UsageError, match="the plan set is of s/dev/aws"):
        check_for(load(out), "another", "dev", "aws", ["kms"])
    with pytest.raises(UsageError, match="no entry for layer"):
        check_for(load(out), "s", "dev", "aws", ["kms", "cdn"])
    (out / "kms.tfplan").write_bytes(b"PK other")
    with pytest.raises(UsageError, match="changed since"):
        load(out)


def test_not_a_plan_set(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="not a plan set"):
        load(tmp_path)


def test_state_marks_from_state_text() -> None:
    assert StateMark.of("") == StateMark()
    assert StateMark.of('{"lineage": "x", "serial": 4}') == StateMark("x", 4)
