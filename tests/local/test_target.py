"""local_target pieces that need no Terraform: endpoint checks and local state reset."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from streamctl.errors import OperationError, UsageError
from streamctl.local.emulator import EmulatorStatus, emulator_dir
from streamctl.local.target import (
    APPLIED_MARKER,
    check_endpoint,
    reset_local_state,
    restarted_since_apply,
)
from streamctl.manifest import load_stack


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
