"""The nine-layer platform stack, applied once per engine and then only read."""

from __future__ import annotations

import hashlib
import json
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from streamctl.manifest import load_stack
from support.cli import invoke, json_stdout, statuses
from support.fixtures import DB_PASSWORD, ENGINES, copy_fixture, snapshot
from support.runs import layer_root, state_resource_input
from support.terraform import TerraformCall, record_terraform_calls, use_private_tf_config

pytestmark = pytest.mark.integration
LAYERS = [
    "kms",
    "network",
    "security",
    "storage",
    "database",
    "compute",
    "cdn",
    "dns",
    "observability",
]


@dataclass
class Applied:
    engine: str
    manifest: Path
    report: dict[str, Any]
    calls: list[TerraformCall]
    source_before: dict[str, str]

    def run(self, *args: str) -> Any:
        result = invoke([*args, "--stack", str(self.manifest), "--terraform", self.engine])
        assert result.exit_code == 0, result.output
        return json_stdout(result)

    def root(self, layer: str) -> Path:
        return layer_root(self.manifest, "test", layer)


@pytest.fixture(scope="module", params=ENGINES)
def applied(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Applied]:
    engine: str = request.param
    base = tmp_path_factory.mktemp(f"platform9-{engine}")
    with pytest.MonkeyPatch.context() as mp:
        use_private_tf_config(mp, base)
        mp.setenv("STREAMCTL_TEST_DB_PASSWORD", DB_PASSWORD)
        manifest = copy_fixture("platform9", base) / "stack.toml"
        before = snapshot(manifest.parent)
        calls = record_terraform_calls(mp)
        result = invoke(["up", "--yes", "--json", "--stack", str(manifest), "--terraform", engine])
        assert result.exit_code == 0, result.output
        mp.undo()  # stop recording; keep the environment for the tests below
        use_private_tf_config(mp, base)
        mp.setenv("STREAMCTL_TEST_DB_PASSWORD", DB_PASSWORD)
        yield Applied(engine, manifest, json_stdout(result), calls, before)


def test_full_up_applies_every_layer_in_dependency_order(applied: Applied) -> None:
    assert statuses(applied.report) == dict.fromkeys(LAYERS, "applied")
    for row in applied.report["layers"]:
        assert row["changes"] == {"add": 1, "change": 0, "destroy": 0}
    # Every layer was planned and applied in its own working copy, never in the source.
    applies = [c for c in applied.calls if c.command == "apply"]
    assert sorted(c.layer for c in applies) == sorted(LAYERS)
    assert all(".streamctl" in c.cwd.parts for c in applied.calls if c.command != "version")
    # A layer is first planned only after each layer it depends on was applied.
    commands = [(c.command, c.layer) for c in applied.calls]
    for layer, upstream in load_stack(applied.manifest).edges.items():
        first_plan = commands.index(("plan", layer))
        for dep in upstream:
            assert commands.index(("apply", dep)) < first_plan, (dep, layer)


def test_outputs_flow_down_through_the_layers(applied: Applied) -> None:
    out = {
        layer: {k: v["value"] for k, v in values.items()}
        for layer, values in applied.run("outputs", "--json", "--show-secrets").items()
    }
    vpc_id = out["network"]["vpc_id"]
    assert vpc_id.startswith("vpc-")
    # network -> security -> compute -> cdn: each value is built from the one above.
    assert out["security"]["alb_sg_id"] == f"sg-alb-{vpc_id}"
    assert out["compute"]["alb_dns_name"] == f"alb-sg-alb-{vpc_id}.elb.local"
    alb_md5 = hashlib.md5(out["compute"]["alb_dns_name"].encode()).hexdigest()
    assert out["cdn"]["distribution_domain"] == f"d-{alb_md5}.cloudfront.local"
    # network -> security -> database -> observability, read from the layers' state.
    database_input = state_resource_input(applied.root("database") / "terraform.tfstate")
    assert database_input["db_sg_id"] == out["security"]["db_sg_id"] == f"sg-db-{vpc_id}"
    assert database_input["subnet_ids"] == out["network"]["private_subnet_ids"]
    assert database_input["kms_key_arn"] == out["kms"]["aurora_key_arn"]
    observability_input = state_resource_input(applied.root("observability") / "terraform.tfstate")
    assert observability_input["cluster_endpoint"] == out["database"]["cluster_endpoint"]
    subnets = "-".join(out["network"]["private_subnet_ids"])
    assert out["database"]["cluster_endpoint"] == f"aurora.{subnets}.local"
    # The stack's environment reached the layers that declare it; the secret reached its layer.
    assert out["dns"]["zone_name"] == "streaming-test.example.com"
    assert out["database"]["connection_string"] == f"mysql://admin:{DB_PASSWORD}@aurora"


def test_source_dirs_are_never_written(applied: Applied) -> None:
    assert snapshot(applied.manifest.parent) == applied.source_before


def test_secrets_stay_out_of_command_lines_logs_and_readable_files(applied: Applied) -> None:
    for call in applied.calls:
        assert not any(DB_PASSWORD in arg for arg in call.args), call.args
        assert not any(DB_PASSWORD in value for value in call.env.values())
        # The variable holding the secret is blanked for Terraform's processes.
        assert call.env.get("STREAMCTL_TEST_DB_PASSWORD") == "", call.args
    secrets_file = applied.root("database") / "secrets.tfvars.json"
    assert json.loads(secrets_file.read_text()) == {"master_password": DB_PASSWORD}
    plans = [c for c in applied.calls if c.command == "plan" and c.layer == "database"]
    assert plans and all(f"-var-file={secrets_file}" in c.args for c in plans)
    for layer in LAYERS:
        root = applied.root(layer)
        assert stat.S_IMODE(root.stat().st_mode) == 0o700
        for var_file in root.glob("*.tfvars.json"):
            assert stat.S_IMODE(var_file.stat().st_mode) == 0o600, var_file
    logs = list((applied.manifest.parent / ".streamctl").rglob("*.log"))
    assert len(logs) >= len(LAYERS)
    for log in logs:
        assert DB_PASSWORD not in log.read_text(), log


def test_second_up_changes_nothing(applied: Applied) -> None:
    state_before = {
        layer: (applied.root(layer) / "terraform.tfstate").read_bytes() for layer in LAYERS
    }
    report = applied.run("up", "--yes", "--json")
    assert statuses(report) == dict.fromkeys(LAYERS, "unchanged")
    for row in report["layers"]:
        assert row["changes"] == {"add": 0, "change": 0, "destroy": 0}
    for layer in LAYERS:
        assert (applied.root(layer) / "terraform.tfstate").read_bytes() == state_before[layer]
