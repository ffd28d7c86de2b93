"""`up` asks once for what it can plan, then again for layers planned later."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from streamctl.deploy import flows
from streamctl.deploy.deployment import Deployment
from streamctl.manifest import load_stack
from streamctl.results import LayerResult, Outcome
from streamctl.terraform.engine import find_terraform
from support.fixtures import copy_fixture
from support.runs import layer_root

pytestmark = pytest.mark.integration


class Approver:
    """Answers approvals from a list and records what each one showed."""

    def __init__(self, *answers: bool) -> None:
        self.answers = list(answers)
        self.shown: list[tuple[list[str], list[str]]] = []

    def __call__(
        self, planned: Sequence[flows.PlannedLayer], waiting: Sequence[LayerResult]
    ) -> bool:
        self.shown.append(([p.name for p in planned], [w.name for w in waiting]))
        return self.answers.pop(0)


def up_mini(tmp_path: Path, engine: str, approver: Approver) -> tuple[Path, dict[str, Outcome]]:
    manifest = copy_fixture("mini", tmp_path) / "live" / "dev" / "stack.toml"
    stack = load_stack(manifest)
    dep = Deployment(stack, find_terraform(engine))
    results = flows.up(dep, list(stack.layers), approver)
    return manifest, {name: result.outcome for name, result in results.items()}


@pytest.mark.parametrize("engine", ["terraform"])
def test_layers_planned_later_are_approved_again(tmp_path: Path, engine: str) -> None:
    approver = Approver(True, True)
    _, found = up_mini(tmp_path, engine, approver)
    assert found == {"base": Outcome.APPLIED, "app": Outcome.APPLIED}
    # First the plannable layer, with the waiting one named; then the waiting one, planned.
    assert approver.shown == [(["base"], ["app"]), (["app"], [])]


@pytest.mark.parametrize("engine", ["terraform"])
def test_refusing_the_later_approval_declines_only_that_layer(tmp_path: Path, engine: str) -> None:
    manifest, found = up_mini(tmp_path, engine, Approver(True, False))
    assert found == {"base": Outcome.APPLIED, "app": Outcome.DECLINED}
    assert not (layer_root(manifest, "dev", "app") / "terraform.tfstate").exists()


@pytest.mark.parametrize("engine", ["terraform"])
def test_refusing_the_first_approval_applies_nothing(tmp_path: Path, engine: str) -> None:
    manifest, found = up_mini(tmp_path, engine, Approver(False))
    assert found == {"base": Outcome.DECLINED, "app": Outcome.DECLINED}
    for layer in ("base", "app"):
        assert not (layer_root(manifest, "dev", layer) / "terraform.tfstate").exists()
