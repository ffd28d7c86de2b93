"""A layer that calls a local module (`../../../modules/label`) through its working copy."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.cli import invoke, json_stdout, statuses
from support.fixtures import copy_fixture, snapshot

pytestmark = pytest.mark.integration


def test_layer_with_local_module_applies_and_leaves_the_checkout_alone(
    tmp_path: Path, engine: str
) -> None:
    root = copy_fixture("mini", tmp_path)
    manifest = root / "live" / "dev" / "stack.toml"
    before = snapshot(root)
    args = ["--stack", str(manifest), "--terraform", engine]
    result = invoke(["up", "--yes", "--json", *args])
    assert result.exit_code == 0, result.output
    assert statuses(json_stdout(result)) == {"base": "applied", "app": "applied"}
    flat = json_stdout(invoke(["outputs", "--flat", *args]))
    # region and tags come from [stack]; the label is built by the module from base's output.
    assert flat["name"] == "base-dev-eu-west-1"
    assert flat["tags"] == {"Project": "streamctl-tests"}
    assert flat["label"] == "hello-base-dev-eu-west-1"
    after = snapshot(root)
    assert {k: v for k, v in after.items() if not k.startswith("live/dev/.streamctl")} == before


@pytest.mark.parametrize("engine", ["terraform"])
def test_an_output_only_change_is_applied(tmp_path: Path, engine: str) -> None:
    # A new output changes no resource; it still has to reach state for dependents.
    manifest = copy_fixture("mini", tmp_path) / "live" / "dev" / "stack.toml"
    args = ["--stack", str(manifest), "--terraform", engine]
    assert invoke(["up", "--yes", *args]).exit_code == 0
    with (manifest.parent / "base" / "main.tf").open("a") as tf:
        tf.write('\noutput "added" {\n  value = "later"\n}\n')
    result = invoke(["up", "--yes", "--json", *args])
    assert result.exit_code == 0, result.output
    assert statuses(json_stdout(result)) == {"base": "applied", "app": "unchanged"}
    assert json_stdout(invoke(["outputs", "--flat", *args]))["added"] == "later"
