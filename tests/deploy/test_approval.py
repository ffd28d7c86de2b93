"""One approval per `up`, with real Terraform: what the first review shows, which later
plans it covers, and which ask again."""

from __future__ import annotations

from pathlib import Path

import pytest

from streamctl.deploy import flows
from streamctl.deploy.deployment import Deployment
from streamctl.manifest import load_stack
from streamctl.results import Outcome
from streamctl.review.approval import ApprovalGate, How, Kind
from streamctl.review.plan import Action
from streamctl.terraform.engine import find_terraform
from support.answers import Asker
from support.fixtures import copy_fixture
from support.runs import layer_root

pytestmark = pytest.mark.integration


def mini(tmp_path: Path) -> Path:
    return copy_fixture("mini", tmp_path) / "live" / "dev" / "stack.toml"


def up(manifest: Path, gate: ApprovalGate) -> dict[str, Outcome]:
    stack = load_stack(manifest)
    dep = Deployment(stack, find_terraform("terraform"))
    results = flows.up(dep, list(stack.layers), gate)
    return {name: result.outcome for name, result in results.items()}


def test_one_approval_covers_a_later_plan_that_only_creates(tmp_path: Path) -> None:
    asker = Asker(True)
    gate = ApprovalGate(asker)
    assert up(mini(tmp_path), gate) == {"base": Outcome.APPLIED, "app": Outcome.APPLIED}
    (first,) = asker.reviews  # asked once
    assert first.kind is Kind.FIRST
    (base,) = first.plans
    assert [(r.address, r.action) for r in base.resources] == [
        ("terraform_data.this", Action.CREATE)
    ]
    assert [(w.layer, w.waits_for) for w in first.waiting] == [("app", ("base",))]
    assert [(d.layers, d.how) for d in gate.decisions] == [
        (("base",), How.ASKED),
        (("app",), How.COVERED),
    ]


def test_approve_each_asks_for_the_later_plan_too(tmp_path: Path) -> None:
    asker = Asker(True, False)
    manifest = mini(tmp_path)
    found = up(manifest, ApprovalGate(asker, each=True))
    assert found == {"base": Outcome.APPLIED, "app": Outcome.DECLINED}
    assert [r.kind for r in asker.reviews] == [Kind.FIRST, Kind.LATER]
    assert not (layer_root(manifest, "dev", "app") / "terraform.tfstate").exists()


def test_declining_the_first_review_applies_nothing(tmp_path: Path) -> None:
    manifest = mini(tmp_path)
    found = up(manifest, ApprovalGate(Asker(False)))
    assert found == {"base": Outcome.DECLINED, "app": Outcome.DECLINED}
    for layer in ("base", "app"):
        assert not (layer_root(manifest, "dev", layer) / "terraform.tfstate").exists()


def test_a_later_plan_that_updates_asks_again_showing_only_that(tmp_path: Path) -> None:
    manifest = mini(tmp_path)
    up(manifest, ApprovalGate(Asker(True)))
    # A new region changes base's resource, and through base.name, app's.
    manifest.write_text(manifest.read_text().replace('"eu-west-1"', '"eu-west-2"'))
    asker = Asker(True, False)
    found = up(manifest, ApprovalGate(asker))
    assert found == {"base": Outcome.APPLIED, "app": Outcome.DECLINED}
    first, recheck = asker.reviews
    assert [p.layer for p in first.plans] == ["base"]
    assert recheck.kind is Kind.RECHECK
    (app,) = recheck.plans
    assert app.layer == "app"
    assert [(r.address, r.action) for r in app.resources] == [
        ("terraform_data.this", Action.UPDATE)
    ]
    changed = {a.path for r in app.resources for a in r.attributes}
    assert "input.label" in changed
