"""local_target pieces that need no Terraform: endpoint checks and local state reset."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from streamctl.errors import OperationError, UsageError
from streamctl.manifest import load_stack
from streamctl.targets.emulator import (
    APPLIED_MARKER,
    _provider_files,
    check_endpoint,
    reset_local_state,
    restarted_since_apply,
)
from streamctl.targets.moto_server import EmulatorStatus, emulator_dir
from streamctl.targets.provider_override import OVERRIDE_FILE
from streamctl.terraform.engine import Completed

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


class _FakeTerraform:
    """Answers `providers schema -json` from a file; counts the calls (a unit boundary)."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema
        self.calls: list[list[str]] = []

    def run(self, args: list[str], **_: Any) -> Completed:
        self.calls.append(list(args))
        return Completed(0, json.dumps(self.schema), "")


def _layer_terraform(tmp_path: Path, schema: dict[str, Any]) -> Any:
    workdir = tmp_path / "tree"
    workdir.mkdir(parents=True)
    (workdir / ".terraform.lock.hcl").write_text(
        'provider "registry.terraform.io/hashicorp/aws" {}'
    )
    (workdir / "main.tf").write_text('provider "aws" {\n  region = "us-west-2"\n}\n')
    ws = SimpleNamespace(workdir=workdir, root=tmp_path)
    return SimpleNamespace(ws=ws, terraform=_FakeTerraform(schema), env={})


def test_provider_schema_is_cached_per_lock_file(tmp_path: Path) -> None:
    schema = json.loads((DATA / "aws_3.39.0_provider_schema.json").read_text())
    lt = _layer_terraform(tmp_path, schema)
    first = _provider_files(lt, "http://127.0.0.1:1", "us-west-2")
    second = _provider_files(lt, "http://127.0.0.1:2", "us-west-2")
    assert lt.terraform.calls == [["providers", "schema", "-json"]]
    assert first[OVERRIDE_FILE]["provider"]["aws"][0]["s3_force_path_style"] is True
    assert second[OVERRIDE_FILE]["provider"]["aws"][0]["endpoints"][0]["sts"].endswith(":2")
    # Another provider version selected: asked again.
    (lt.ws.workdir / ".terraform.lock.hcl").write_text("changed")
    _provider_files(lt, "http://127.0.0.1:1", "us-west-2")
    assert len(lt.terraform.calls) == 2


def test_layer_without_aws_provider_gets_no_files(tmp_path: Path) -> None:
    lt = _layer_terraform(tmp_path, {"format_version": "1.0", "provider_schemas": {}})
    assert _provider_files(lt, "http://127.0.0.1:1", None) == {}
    assert _provider_files(lt, "http://127.0.0.1:1", None) == {}
    assert len(lt.terraform.calls) == 1
