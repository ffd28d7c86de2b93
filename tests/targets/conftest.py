"""Emulators and the real provider for the targets tests: moto with and without the fixes."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from streamctl.targets.moto_server import Emulator, endpoint_answers, free_loopback_port
from streamctl.terraform.providers import ProviderStore, provider_setup, scan_mirror


@pytest.fixture
def real_provider_cli_config(tmp_path: Path, real_aws_mirror: Path, provider_store: Path) -> Path:
    """streamctl's own CLI config for the real hashicorp/aws from the machine's mirror."""
    mirror = scan_mirror(real_aws_mirror)
    return provider_setup(tmp_path, mirror, ProviderStore(provider_store)).config_file


@pytest.fixture
def fixed_emulator(tmp_path: Path) -> Iterator[str]:
    """Endpoint of streamctl's emulator: moto with the AWS-compatibility fixes."""
    emulator = Emulator(tmp_path / "fixed-emulator")
    status = emulator.start()
    assert status.endpoint is not None
    yield status.endpoint
    emulator.stop()


@pytest.fixture
def plain_moto(tmp_path: Path) -> Iterator[str]:
    """Endpoint of an unpatched moto server: shows what the fixes compensate."""
    port = free_loopback_port()
    endpoint = f"http://127.0.0.1:{port}"
    with (tmp_path / "plain-moto.log").open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        for _ in range(300):
            if endpoint_answers(endpoint, timeout=1.0):
                break
            assert process.poll() is None, "plain moto server exited; see plain-moto.log"
            time.sleep(0.1)
        else:
            pytest.fail(f"plain moto server did not answer on {endpoint}")
        yield endpoint
    finally:
        process.terminate()
        process.wait(timeout=10)
