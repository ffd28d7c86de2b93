"""Preview of a fresh stack, one tier re-applied alone, and down in reverse order."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from support.cli import invoke, json_stdout, statuses
from support.fixtures import DB_PASSWORD, copy_fixture
from support.runs import apply_span, layer_root, state_output, state_resource_input
from support.terraform import TerraformCall

pytestmark = pytest.mark.integration
# database and everything it needs: kms, network, security (three levels deep).
DATABASE_AND_DEPS = ["kms", "network", "security", "database"]


@pytest.fixture
def manifest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("STREAMCTL_TEST_DB_PASSWORD", DB_PASSWORD)
    return copy_fixture("platform9", tmp_path) / "stack.toml"


def run(manifest: Path, engine: str, *args: str) -> Any:
    result = invoke([*args, "--json", "--stack", str(manifest), "--terraform", engine])
    assert result.exit_code == 0, result.output
    return json_stdout(result)


def test_preview_of_a_fresh_stack_waits_and_invents_nothing(manifest: Path, engine: str) -> None:
    report = run(manifest, engine, "preview")
    layers = {row["layer"]: row for row in report["layers"]}
    assert layers["kms"]["status"] == layers["network"]["status"] == "planned"
    assert layers["kms"]["changes"] == {"add": 1, "change": 0, "destroy": 0}
    waiting = {name for name, row in layers.items() if row["status"] == "waiting"}
    assert waiting == set(layers) - {"kms", "network"}
    assert "'network'" in layers["security"]["reason"]
    assert "'kms'" in layers["storage"]["reason"]
    for name in waiting:
        assert layers[name]["changes"] is None
        root = layer_root(manifest, "test", name)
        # No plan and no var file: nothing with made-up inputs exists that could be applied.
        assert not (root / "plan.tfplan").exists()
        assert not (root / "inputs.tfvars.json").exists()
    for name in layers:  # a preview applies nothing
        assert not (layer_root(manifest, "test", name) / "terraform.tfstate").exists()


def test_up_one_layer_alone_takes_upstream_outputs_from_state(
    manifest: Path, engine: str, terraform_calls: list[TerraformCall]
) -> None:
    first = run(manifest, engine, "up", "--yes", "-l", "database", "--with-deps")
    assert statuses(first) == dict.fromkeys(DATABASE_AND_DEPS, "applied")
    roots = {name: layer_root(manifest, "test", name) for name in DATABASE_AND_DEPS}
    upstream_state = {
        name: (roots[name] / "terraform.tfstate").read_bytes() for name in DATABASE_AND_DEPS[:3]
    }
    # A change in the database tier only (our own copy of the fixture).
    with (manifest.parent / "database" / "main.tf").open("a") as tf:
        tf.write('\nresource "terraform_data" "extra" {\n  input = var.db_sg_id\n}\n')
    terraform_calls.clear()

    again = run(manifest, engine, "up", "--yes", "-l", "database")
    assert [row["layer"] for row in again["layers"]] == ["database"]
    assert statuses(again) == {"database": "applied"}
    assert again["layers"][0]["changes"] == {"add": 1, "change": 0, "destroy": 0}
    changing = {c.layer for c in terraform_calls if c.command in {"plan", "apply"}}
    assert changing == {"database"}
    # The upstream outputs come from their local state files: no Terraform runs there.
    assert {c.layer for c in terraform_calls if c.layer} == {"database"}
    for name, state in upstream_state.items():
        assert (roots[name] / "terraform.tfstate").read_bytes() == state, name
    database_input = state_resource_input(roots["database"] / "terraform.tfstate")
    assert database_input["db_sg_id"] == state_output(roots["security"], "db_sg_id")
    assert database_input["subnet_ids"] == state_output(roots["network"], "private_subnet_ids")
    assert not (layer_root(manifest, "test", "storage") / "terraform.tfstate").exists()


def test_down_destroys_dependents_first(manifest: Path, engine: str) -> None:
    run(manifest, engine, "up", "--yes", "-l", "database", "--with-deps")
    network_state = layer_root(manifest, "test", "network") / "terraform.tfstate"
    state_before = network_state.read_bytes()
    # Destroying a layer that others still build on needs --with-dependents.
    refused = invoke(
        ["down", "--yes", "-l", "network", "--stack", str(manifest), "--terraform", engine]
    )
    assert refused.exit_code == 2, refused.output
    assert "Traceback" not in refused.output
    assert "depends on 'network'" in refused.stderr
    assert "--with-dependents" in refused.stderr
    assert network_state.read_bytes() == state_before

    report = run(manifest, engine, "down", "--yes")
    found = statuses(report)
    assert {name: found[name] for name in DATABASE_AND_DEPS} == dict.fromkeys(
        DATABASE_AND_DEPS, "destroyed"
    )
    assert {s for name, s in found.items() if name not in DATABASE_AND_DEPS} == {"skipped"}
    log_dir = Path(report["log_dir"])
    spans = {name: apply_span(log_dir / f"{name}.log") for name in DATABASE_AND_DEPS}
    # Each dependent finished destroying before anything it depends on started.
    for dependent, upstream in [
        ("database", "security"),
        ("database", "network"),
        ("database", "kms"),
        ("security", "network"),
        ("security", "kms"),
    ]:
        assert spans[dependent].end <= spans[upstream].start, (dependent, upstream)
    for name in DATABASE_AND_DEPS:
        state = json.loads((layer_root(manifest, "test", name) / "terraform.tfstate").read_text())
        assert state["resources"] == [], name
