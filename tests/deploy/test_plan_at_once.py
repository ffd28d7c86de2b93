"""Every selected layer is planned at once with its upstreams' outputs from state; a plan
made with an output that the upstream's own plan changes is made again after that apply.

Real Terraform on the relay fixture (terraform_data only): source -> reader -> tail, and
source -> steady, where steady reads an output of source that never changes.
"""

from __future__ import annotations

import threading
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

import pytest

from streamctl.deploy import flows
from streamctl.deploy.deployment import Deployment
from streamctl.manifest import load_stack
from streamctl.results import LayerResult, LayerState, Outcome, Phase
from streamctl.review.approval import ApprovalGate, How, Kind
from streamctl.review.plan import events_plan
from streamctl.terraform.engine import find_terraform
from streamctl.terraform.events import Event
from support.answers import Asker
from support.fixtures import copy_fixture
from support.runs import layer_root, state_resource_input
from support.terraform import TerraformCall

pytestmark = pytest.mark.integration
LAYERS = ["source", "reader", "steady", "tail"]


class AllPlanningAtOnce:
    """A progress sink whose layers cannot finish planning until every layer has started:
    a layer that waited for another's plan breaks the barrier (no clock involved; the
    timeout only ends the test of a run that would otherwise hang)."""

    def __init__(self, layers: int) -> None:
        self.barrier = threading.Barrier(layers, timeout=120)
        self.broken = False
        self.statuses: list[tuple[str, str, str]] = []

    def layer_status(self, layer: str, state: LayerState, note: str = "") -> None:
        self.statuses.append((layer, str(state), note))
        if state is Phase.RUNNING and note == "planning":
            try:
                self.barrier.wait()
            except threading.BrokenBarrierError:
                self.broken = True

    def planned(self, layer: str, resources: int) -> None:
        return None

    def event(self, layer: str, event: Event) -> None:
        return None

    def paused(self) -> AbstractContextManager[None]:
        return nullcontext()


@pytest.fixture
def manifest(tmp_path: Path) -> Path:
    found = copy_fixture("relay", tmp_path) / "stack.toml"
    results = run_up(found, ApprovalGate(Asker(), yes=True))
    assert {n: r.outcome for n, r in results.items()} == dict.fromkeys(LAYERS, Outcome.APPLIED)
    return found


def deployment(manifest: Path, progress: AllPlanningAtOnce | None = None) -> Deployment:
    return Deployment(load_stack(manifest), find_terraform("terraform"), progress=progress)


def run_up(manifest: Path, gate: ApprovalGate) -> dict[str, LayerResult]:
    return flows.up(deployment(manifest), LAYERS, gate)


def relabel(manifest: Path, label: str) -> None:
    text = manifest.read_text()
    manifest.write_text(text.replace('label = "one"', f'label = "{label}"'))


def commands(calls: list[TerraformCall]) -> list[tuple[str, str]]:
    return [(c.layer, c.command) for c in calls]


def test_a_no_op_preview_plans_every_layer_at_once(
    manifest: Path, terraform_calls: list[TerraformCall]
) -> None:
    terraform_calls.clear()
    sink = AllPlanningAtOnce(len(LAYERS))
    results = flows.preview(deployment(manifest, sink), LAYERS, None)
    assert {n: r.outcome for n, r in results.items()} == dict.fromkeys(LAYERS, Outcome.UNCHANGED)
    # Each layer started planning while every other one was still planning.
    assert not sink.broken, sink.statuses
    # One plan per layer and nothing else: outputs come from the state files, and an
    # unchanged layer needs no `show`.
    assert sorted(commands(terraform_calls)) == sorted((n, "plan") for n in LAYERS)


def test_a_no_op_up_applies_nothing_and_plans_each_layer_once(
    manifest: Path, terraform_calls: list[TerraformCall]
) -> None:
    terraform_calls.clear()
    results = run_up(manifest, ApprovalGate(Asker()))  # nothing to approve: never asks
    assert {n: r.outcome for n, r in results.items()} == dict.fromkeys(LAYERS, Outcome.UNCHANGED)
    assert sorted(commands(terraform_calls)) == sorted((n, "plan") for n in LAYERS)


def test_preview_waits_only_where_an_upstream_plan_changes_what_is_read(manifest: Path) -> None:
    relabel(manifest, "two")
    results = flows.preview(deployment(manifest), LAYERS, None)
    assert {n: r.outcome for n, r in results.items()} == {
        "source": Outcome.PLANNED,
        "reader": Outcome.WAITING,  # reads source.name, which the plan changes
        "steady": Outcome.UNCHANGED,  # reads source.fixed, which it does not
        "tail": Outcome.WAITING,  # its upstream waits
    }
    assert results["reader"].reason == (
        "waiting for layer 'source' (planned: its plan changes output name)"
    )
    assert results["tail"].reason == "waiting for layer 'reader' (waiting)"
    # The plan reader made with the old value is gone: nothing could apply it.
    assert not (layer_root(manifest, "test", "reader") / "plan.tfplan").exists()


def test_a_changed_upstream_output_is_planned_again_with_the_new_value(
    manifest: Path, terraform_calls: list[TerraformCall]
) -> None:
    relabel(manifest, "two")
    terraform_calls.clear()
    results = run_up(manifest, ApprovalGate(Asker(), yes=True))
    assert {n: r.outcome for n, r in results.items()} == {
        "source": Outcome.APPLIED,
        "reader": Outcome.APPLIED,
        "steady": Outcome.UNCHANGED,
        "tail": Outcome.APPLIED,
    }
    done = commands(terraform_calls)
    # reader and tail were planned at once with the others, then again after their
    # upstream applied; steady's plan stood.
    assert done.count(("reader", "plan")) == done.count(("tail", "plan")) == 2
    assert done.count(("steady", "plan")) == 1
    last_reader_plan = len(done) - 1 - done[::-1].index(("reader", "plan"))
    assert done.index(("source", "apply")) < last_reader_plan < done.index(("reader", "apply"))
    last_tail_plan = len(done) - 1 - done[::-1].index(("tail", "plan"))
    assert done.index(("reader", "apply")) < last_tail_plan
    root = layer_root(manifest, "test", "reader")
    assert state_resource_input(root / "terraform.tfstate") == "name-two"
    tail_root = layer_root(manifest, "test", "tail")
    assert state_resource_input(tail_root / "terraform.tfstate") == "name-two"


def test_plans_made_again_that_update_are_asked_about_again(manifest: Path) -> None:
    relabel(manifest, "two")
    asker = Asker(True, True, False)
    gate = ApprovalGate(asker)
    results = run_up(manifest, gate)
    assert [r.kind for r in asker.reviews] == [Kind.FIRST, Kind.RECHECK, Kind.RECHECK]
    first = asker.reviews[0]
    assert first.layers == ("source",)
    assert [(w.layer, w.waits_for) for w in first.waiting] == [
        ("reader", ("source",)),
        ("tail", ("reader",)),
    ]
    assert [r.layers for r in asker.reviews[1:]] == [("reader",), ("tail",)]
    assert [(d.layers, d.how, d.approved) for d in gate.decisions] == [
        (("source",), How.ASKED, True),
        (("reader",), How.ASKED, True),
        (("tail",), How.ASKED, False),
    ]
    assert results["tail"].outcome is Outcome.DECLINED
    tail_root = layer_root(manifest, "test", "tail")
    assert state_resource_input(tail_root / "terraform.tfstate") == "name-one"


def test_a_create_only_review_from_the_plan_events_matches_show(tmp_path: Path) -> None:
    manifest = copy_fixture("mini", tmp_path) / "live" / "dev" / "stack.toml"
    dep = deployment(manifest)
    assert dep.plan_layer("base").outcome is Outcome.PLANNED  # reviewed with `show -json`
    shown = dep.reviews["base"]
    lt = dep.layer("base")
    brief = events_plan("base", lt.planned_actions, lt.planned_outputs)
    assert brief is not None
    # What the review screen and the reports show: every resource and output, the same.
    assert [(r.address, r.action) for r in brief.resources] == [
        (r.address, r.action) for r in shown.resources
    ]
    assert sorted(brief.outputs, key=str) == sorted(shown.outputs, key=str)
    assert any(o.sensitive for o in brief.outputs)  # base.token
    assert brief.creates_only and (brief.add, brief.change, brief.remove) == (1, 0, 0)


def test_a_destroy_review_from_the_plan_events_matches_show(manifest: Path) -> None:
    dep = deployment(manifest)
    assert dep.plan_layer("source", destroy=True).outcome is Outcome.PLANNED  # with `show`
    shown = dep.reviews["source"]
    lt = dep.layer("source")
    brief = events_plan("source", lt.planned_actions, lt.planned_outputs, destroy=True)
    assert brief is not None and brief.destroy
    assert [(r.address, r.action) for r in brief.resources] == [
        (r.address, r.action) for r in shown.resources
    ]
    assert sorted(brief.outputs, key=str) == sorted(shown.outputs, key=str)
    assert (
        (brief.add, brief.change, brief.remove)
        == (0, 0, 1)
        == (
            shown.add,
            shown.change,
            shown.remove,
        )
    )
    # A plan that creates is not a destroy plan's review: `show -json` is needed then.
    assert events_plan("source", {"terraform_data.this": "create"}, {}, destroy=True) is None


def test_down_with_yes_plans_and_destroys_without_show(
    manifest: Path, terraform_calls: list[TerraformCall]
) -> None:
    terraform_calls.clear()
    dep = deployment(manifest)
    results = flows.down(dep, LAYERS, ApprovalGate(Asker(), yes=True), with_dependents=True)
    assert {n: r.outcome for n, r in results.items()} == dict.fromkeys(LAYERS, Outcome.DESTROYED)
    assert sorted(commands(terraform_calls)) == sorted(
        (n, c) for n in LAYERS for c in ("plan", "apply")
    )
    assert {r.remove for r in dep.reviews.values()} == {1}
