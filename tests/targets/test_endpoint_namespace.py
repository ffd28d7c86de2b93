"""--endpoint-url targets keep a state namespace apart from the managed emulator's."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

from streamctl.manifest import load_stack
from streamctl.targets.emulator import TARGET_NAME, EmulatorTarget, endpoint_namespace

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_each_endpoint_gets_its_own_namespace() -> None:
    assert endpoint_namespace("http://127.0.0.1:4566") == "emulator-127-0-0-1-4566"
    assert endpoint_namespace("https://moto.internal:5000/") == "emulator-moto-internal-5000"
    assert endpoint_namespace("http://127.0.0.1:4566") != TARGET_NAME


def test_endpoint_target_is_emulated_and_not_the_local_namespace(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "platform9", tmp_path / "stack")
    stack = load_stack(tmp_path / "stack" / "stack.toml")
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        target = EmulatorTarget(stack, f"http://127.0.0.1:{port}")
        target.start()
    assert target.emulated
    assert target.name == f"emulator-127-0-0-1-{port}"
    assert target.env["AWS_ENDPOINT_URL"] == f"http://127.0.0.1:{port}"
