"""Wiring: upstream outputs, stack values and secrets reach a layer through 0600 var files."""

from __future__ import annotations

import json
import stat
import textwrap
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from streamctl.deploy.deployment import Deployment, NotReadyError
from streamctl.errors import ConfigError
from streamctl.manifest import Layer, Stack, load_stack
from streamctl.redaction import REDACTED
from streamctl.targets.aws import AwsTarget
from streamctl.targets.emulator import EmulatorTarget
from streamctl.terraform.engine import Completed, Terraform
from streamctl.terraform.layer import OutputValue

MANIFEST = """
[stack]
name = "w"
environment = "qa"
region = "eu-central-1"

[stack.tags]
Team = "video"

[layers.network]
path = "network"

[layers.database]
path = "database"
inputs = { subnet_ids = "network.subnet_ids", vpc_id = "network.vpc_id" }
vars = { size = 3 }
secrets = { password = "WIRING_TEST_PASSWORD" }
"""
NETWORK_TF = """
variable "region" {
  type = string
}
variable "default_tags" {
  type = map(string)
}
variable "environment" {
  type = string
}
output "vpc_id" {
  value = "vpc-1"
}
output "subnet_ids" {
  value = ["a", "b"]
}
output "token" {
  value     = "t"
  sensitive = true
}
"""
DATABASE_TF = """
variable "subnet_ids" {
  type = list(string)
}
variable "vpc_id" {
  type = string
}
variable "size" {
  type = number
}
variable "password" {
  type      = string
  sensitive = true
}
"""
PASSWORD = "s3cret-Value-123"


def log_text(dep: Deployment, layer: str) -> str:
    path = dep.layer(layer).log.path
    assert path is not None, "the deployment keeps no logs"
    return path.read_text()


@pytest.fixture
def stack(tmp_path: Path) -> Stack:
    for name, text in (("network", NETWORK_TF), ("database", DATABASE_TF)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "main.tf").write_text(textwrap.dedent(text))
    (tmp_path / "stack.toml").write_text(MANIFEST)
    return load_stack(tmp_path / "stack.toml")


class CannedOutputs(Deployment):
    """A deployment whose upstream outputs come from a table instead of Terraform state."""

    def __init__(self, stack: Stack, canned: dict[str, dict[str, OutputValue]]) -> None:
        super().__init__(stack, Terraform(["/bin/false"], "terraform"))
        self.canned = canned

    def outputs(self, name: str, *, refresh: bool = False) -> dict[str, OutputValue]:
        return self.canned.get(name, {})


def network_outputs() -> dict[str, dict[str, OutputValue]]:
    return {
        "network": {
            "vpc_id": OutputValue("vpc-123", False),
            "subnet_ids": OutputValue(["subnet-a", "subnet-b"], False),
        }
    }


def read_json(path: Path) -> object:
    return json.loads(path.read_text())


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_upstream_outputs_static_vars_and_secrets_reach_the_var_files(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WIRING_TEST_PASSWORD", PASSWORD)
    dep = CannedOutputs(stack, network_outputs())
    inputs, secrets = dep.write_var_files("database")
    assert read_json(inputs) == {
        "subnet_ids": ["subnet-a", "subnet-b"],
        "vpc_id": "vpc-123",
        "size": 3,
    }
    assert read_json(secrets) == {"password": PASSWORD}
    assert PASSWORD not in inputs.read_text()
    assert mode(inputs) == 0o600
    assert mode(secrets) == 0o600
    assert inputs.parent == dep.layer("database").copy.root


def test_stack_values_go_only_to_layers_declaring_them(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WIRING_TEST_PASSWORD", PASSWORD)
    dep = CannedOutputs(stack, network_outputs())
    (network_file,) = dep.write_var_files("network")
    assert read_json(network_file) == {
        "region": "eu-central-1",
        "default_tags": {"Team": "video"},
        "environment": "qa",
    }
    database_values = read_json(dep.write_var_files("database")[0])
    assert isinstance(database_values, dict)
    assert not {"region", "default_tags", "environment"} & set(database_values)


def test_a_layer_whose_upstream_has_no_outputs_is_not_ready(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WIRING_TEST_PASSWORD", PASSWORD)
    dep = CannedOutputs(stack, {})
    with pytest.raises(NotReadyError, match="waiting for layer 'network'"):
        dep.write_var_files("database")
    # No var file with invented values is left behind.
    assert not dep.layer("database").copy.inputs_file.exists()


def test_a_missing_secret_names_the_environment_variable(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WIRING_TEST_PASSWORD", raising=False)
    dep = CannedOutputs(stack, network_outputs())
    with pytest.raises(ConfigError) as caught:
        dep.check_secrets(["network", "database"])
    message = str(caught.value)
    assert "WIRING_TEST_PASSWORD" in message
    assert "layer 'database'" in message
    assert caught.value.exit_code == 2


def test_an_emulator_secret_is_made_once_and_kept_across_runs(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new throwaway password on every local `up` would update the database each time."""
    monkeypatch.delenv("WIRING_TEST_PASSWORD", raising=False)

    def run() -> str:
        dep = CannedOutputs(stack, network_outputs())
        dep.target = EmulatorTarget(stack, "http://127.0.0.1:1")  # emulated; nothing starts
        secrets_file = dep.write_var_files("database")[-1]
        value: str = json.loads(secrets_file.read_text())["password"]
        return value

    first = run()
    assert first.startswith("Local-")
    assert run() == first


def test_secret_values_are_redacted_in_layer_logs(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WIRING_TEST_PASSWORD", PASSWORD)
    dep = CannedOutputs(stack, network_outputs())
    dep.write_var_files("database")
    log = dep.layer("database").log
    log.write(f"Error: password {PASSWORD} rejected")
    assert log.path is not None
    text = log.path.read_text()
    assert PASSWORD not in text
    assert f"password {REDACTED} rejected" in text
    assert mode(log.path) == 0o600


class FakeTerraform(Terraform):
    """The process boundary: answers `output -json` from a table, succeeds otherwise."""

    def __init__(self, outputs: Mapping[str, object]) -> None:
        super().__init__(["fake-terraform"], "terraform")
        self.canned = outputs
        self.calls: list[list[str]] = []

    def run(
        self,
        args: Sequence[str],
        *,
        cwd: Path,
        env: Mapping[str, str] | None = None,
        on_line: Callable[[str], None] | None = None,
        owner: Path | None = None,
        layer: str = "",
    ) -> Completed:
        self.calls.append(list(args))
        if list(args[:2]) == ["output", "-json"]:
            return Completed(0, json.dumps(self.canned), "")
        return Completed(0, "", "")


def test_sensitive_outputs_are_read_from_state_and_redacted_in_logs(stack: Stack) -> None:
    token = "tok-abcdef-123456"
    fake = FakeTerraform({})
    dep = Deployment(stack, fake)
    ws = dep.layer("network").copy
    ws.root.mkdir(parents=True)
    state = {
        "version": 4,
        "serial": 3,
        "lineage": "l-1",
        "outputs": {
            "vpc_id": {"value": "vpc-9", "type": "string"},
            "token": {"value": token, "type": "string", "sensitive": True},
        },
        "resources": [],
    }
    ws.state_file.write_text(json.dumps(state))
    values = dep.outputs("network")
    assert values["token"] == OutputValue(token, True)
    assert values["vpc_id"] == OutputValue("vpc-9", False)
    assert fake.calls == []  # the local state file says it: no Terraform process
    # The value is redacted wherever it shows up.
    log = dep.layer("network").log
    log.write(f"token is {token}")
    assert log.path is not None
    assert token not in log.path.read_text()
    assert dep.redact(f"x {token} y") == f"x {REDACTED} y"
    assert dep.redact("vpc-9") == "vpc-9"


@dataclass(frozen=True)
class RemoteStateTarget(AwsTarget):
    """AWS with every layer's state in S3 (no bucket is reached: Terraform is a fake)."""

    def backend(self, layer: Layer) -> Mapping[str, Any] | None:
        return {"s3": {"bucket": "states", "key": f"{layer.name}.tfstate"}}


def test_outputs_of_a_remote_state_come_from_terraform_output(stack: Stack) -> None:
    token = "tok-remote-654321"
    fake = FakeTerraform(
        {
            "vpc_id": {"value": "vpc-9", "sensitive": False, "type": "string"},
            "token": {"value": token, "sensitive": True, "type": "string"},
        }
    )
    dep = Deployment(stack, fake, RemoteStateTarget("qa"))
    values = dep.outputs("network")
    assert values["token"] == OutputValue(token, True)
    assert [c[0] for c in fake.calls] == ["init", "output"]
    # `output -json` stdout holds raw values: it is never written to the log.
    assert token not in log_text(dep, "network")
    assert dep.redact(f"x {token} y") == f"x {REDACTED} y"


def test_never_applied_layer_has_no_outputs_and_runs_no_terraform(stack: Stack) -> None:
    fake = FakeTerraform({})
    dep = Deployment(stack, fake)
    assert dep.outputs("network") == {}
    assert fake.calls == []


class SlowInitTerraform(FakeTerraform):
    """`init` lingers until a second init arrives (or a second passes)."""

    def __init__(self) -> None:
        super().__init__({})
        self.second_init = threading.Event()

    def run(
        self,
        args: Sequence[str],
        *,
        cwd: Path,
        env: Mapping[str, str] | None = None,
        on_line: Callable[[str], None] | None = None,
        owner: Path | None = None,
        layer: str = "",
    ) -> Completed:
        if args[0] == "init":
            if any(call[0] == "init" for call in self.calls):
                self.second_init.set()
            else:
                self.calls.append(list(args))
                self.second_init.wait(timeout=1)
                return Completed(0, "", "")
        return super().run(args, cwd=cwd, env=env, on_line=on_line)


def test_a_layer_is_prepared_once_when_threads_ask_at_the_same_time(stack: Stack) -> None:
    # `down` plans every layer at once: a dependent reading this layer's outputs and the
    # layer's own plan both prepare it; two threads rebuilding one working copy collide.
    fake = SlowInitTerraform()
    dep = Deployment(stack, fake)
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(dep.prepare, "network") for _ in range(2)]
        prepared = [future.result() for future in futures]
    assert prepared[0] is prepared[1]
    assert not fake.second_init.is_set()
    assert [c[0] for c in fake.calls] == ["init"]
