"""The emulator target without Terraform: endpoint checks, provider files, local state."""

from __future__ import annotations

import json
import socket
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from streamctl.errors import OperationError, UsageError
from streamctl.manifest import Stack, load_stack
from streamctl.targets.emulator import (
    APPLIED_MARKER,
    EmulatorTarget,
    check_endpoint,
    reset_local_state,
    restarted_since_apply,
    stack_emulator,
)
from streamctl.targets.moto_server import EmulatorStatus, emulator_dir
from streamctl.targets.provider_override import OVERRIDE_FILE

DATA = Path(__file__).parent / "data"


def test_endpoint_must_be_an_http_url() -> None:
    with pytest.raises(UsageError, match="not an http"):
        check_endpoint("127.0.0.1:4566")


def test_endpoint_must_answer() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # Nothing listens on the port any more.
    with pytest.raises(OperationError, match="nothing answers"):
        check_endpoint(f"http://127.0.0.1:{port}")


def test_endpoint_that_listens_is_accepted() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        assert check_endpoint(f"http://127.0.0.1:{port}/") == f"http://127.0.0.1:{port}"


def _status(instance_id: str) -> EmulatorStatus:
    return EmulatorStatus(True, "http://127.0.0.1:1", 1, instance_id)


def test_restart_detection_and_reset(aws339_stack: Path) -> None:
    stack = load_stack(aws339_stack)
    local = emulator_dir(stack.state_dir, stack.environment)
    real = stack.state_dir / stack.environment / "aws" / "network" / "terraform.tfstate"
    for path in (local / "network" / "terraform.tfstate", real):
        path.parent.mkdir(parents=True)
        path.write_text("{}")
    (local / "network" / "plan.tfplan").write_text("plan")
    assert not restarted_since_apply(stack, _status("a"))  # never applied: nothing to say
    (local / APPLIED_MARKER).write_text(json.dumps({"instance_id": "a"}))
    assert not restarted_since_apply(stack, _status("a"))
    assert restarted_since_apply(stack, _status("b"))

    assert reset_local_state(stack) == ["network"]
    assert not (local / "network" / "terraform.tfstate").exists()
    assert not (local / "network" / "plan.tfplan").exists()
    assert not (local / APPLIED_MARKER).exists()
    assert real.read_text() == "{}"  # the real target's state is never touched


class _FakeLayer:
    """A prepared layer that answers `providers schema` from a file and counts the calls
    (a unit boundary: the real one runs Terraform)."""

    def __init__(self, root: Path, schema: dict[str, Any]) -> None:
        self.data_dir = root
        self.workdir = root / "tree"
        self.workdir.mkdir(parents=True)
        (self.workdir / ".terraform.lock.hcl").write_text(
            'provider "registry.terraform.io/hashicorp/aws" {}'
        )
        (self.workdir / "main.tf").write_text('provider "aws" {\n  region = "us-west-2"\n}\n')
        self.schema = schema
        self.calls = 0

    def providers_schema(self) -> dict[str, Any]:
        self.calls += 1
        return self.schema


def _target(tmp_path: Path, endpoint: str, region: str | None = "us-west-2") -> EmulatorTarget:
    stack = Stack("s", "dev", region, {}, tmp_path / "stack.toml", {})
    return EmulatorTarget(stack, endpoint)  # another emulator's URL: nothing starts


def test_provider_schema_is_cached_per_lock_file(tmp_path: Path) -> None:
    schema = json.loads((DATA / "aws_3.39.0_provider_schema.json").read_text())
    layer = _FakeLayer(tmp_path, schema)
    first = _target(tmp_path, "http://127.0.0.1:1").provider_files(layer)
    second = _target(tmp_path, "http://127.0.0.1:2").provider_files(layer)
    assert layer.calls == 1
    assert first[OVERRIDE_FILE]["provider"]["aws"][0]["s3_force_path_style"] is True
    assert second[OVERRIDE_FILE]["provider"]["aws"][0]["endpoints"][0]["sts"].endswith(":2")
    # Another provider version selected: asked again.
    (layer.workdir / ".terraform.lock.hcl").write_text("changed")
    _target(tmp_path, "http://127.0.0.1:1").provider_files(layer)
    assert layer.calls == 2


def test_layers_with_one_lock_file_share_one_schema_query_in_a_run(tmp_path: Path) -> None:
    schema = json.loads((DATA / "aws_3.39.0_provider_schema.json").read_text())
    layers = [_FakeLayer(tmp_path / name, schema) for name in ("a", "b", "c")]
    target = _target(tmp_path, "http://127.0.0.1:1")
    with ThreadPoolExecutor(max_workers=3) as pool:  # layers prepare at once
        files = list(pool.map(target.provider_files, layers))
    assert sum(layer.calls for layer in layers) == 1
    assert files[0] == files[1] == files[2]
    # Each layer keeps its own cache for later runs.
    again = _target(tmp_path, "http://127.0.0.1:1")
    assert [again.provider_files(layer) for layer in layers] == files
    assert sum(layer.calls for layer in layers) == 1


def test_layer_without_aws_provider_gets_no_files(tmp_path: Path) -> None:
    layer = _FakeLayer(tmp_path, {"format_version": "1.0", "provider_schemas": {}})
    target = _target(tmp_path, "http://127.0.0.1:1", None)
    assert target.provider_files(layer) == {}
    assert target.provider_files(layer) == {}
    assert layer.calls == 1


def test_the_own_emulator_is_asked_not_started_until_start(aws339_stack: Path) -> None:
    stack = load_stack(aws339_stack)
    target = EmulatorTarget(stack)
    # Read-only commands build the target: nothing runs, no endpoint, no provider files.
    assert target.endpoint is None
    assert not stack_emulator(stack).status().running
    assert target.provider_files(_FakeLayer(aws339_stack.parent / "x", {})) == {}
    try:
        target.start()
        status = stack_emulator(stack).status()
        assert status.running
        assert target.endpoint == status.endpoint
        assert target.env["AWS_ENDPOINT_URL"] == status.endpoint
        assert EmulatorTarget(stack).endpoint == status.endpoint  # found again, not started
    finally:
        stack_emulator(stack).stop()
