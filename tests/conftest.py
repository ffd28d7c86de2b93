"""Fixtures every test folder shares; the helpers behind them live in tests/support/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from streamctl.offline.realprovider import MACHINE_MIRRORS
from streamctl.terraform.providers import MIRROR_ENV, STORE_ENV
from support import aws339
from support.terraform import TerraformCall, record_terraform_calls, use_private_tf_config


@pytest.fixture(scope="session")
def provider_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One provider store for the session, as a machine has one (terraform.providers)."""
    return tmp_path_factory.mktemp("provider-store")


@pytest.fixture(autouse=True)
def private_tf_config(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, provider_store: Path
) -> Path:
    monkeypatch.setenv(STORE_ENV, str(provider_store))
    monkeypatch.delenv(MIRROR_ENV, raising=False)
    return use_private_tf_config(monkeypatch, tmp_path)


@pytest.fixture
def terraform_calls(monkeypatch: pytest.MonkeyPatch) -> list[TerraformCall]:
    """Records every Terraform command the core starts (and still runs it)."""
    return record_terraform_calls(monkeypatch)


MACHINE_MIRROR = MACHINE_MIRRORS[0]  # where machines of this project's kind ship it
# Read once: each test runs with the variable removed (private_tf_config).
NAMED_MIRROR = os.environ.get(MIRROR_ENV)


@pytest.fixture(scope="session")
def real_aws_mirror() -> Path:
    """The unpacked mirror with the real hashicorp/aws 5.x provider.

    Named by STREAMCTL_PROVIDER_MIRROR (`make test` finds the machine's), else the
    machine's known place. In CI its absence fails the run instead of skipping tests.
    """
    mirror = Path(NAMED_MIRROR) if NAMED_MIRROR else MACHINE_MIRROR
    if any(mirror.glob("registry.terraform.io/hashicorp/aws/5.*/*/terraform-provider-aws_v5*")):
        return mirror
    message = f"no real hashicorp/aws 5.x provider mirror at {mirror} (set {MIRROR_ENV})"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def aws339_mirror() -> Path:
    """A packed-layout filesystem mirror with hashicorp/aws 3.39.0 for linux_amd64."""
    return aws339.mirror()


@pytest.fixture
def aws339_stack(tmp_path: Path) -> Path:
    """A private copy of the aws339 fixture stack (its working data lands in tmp_path)."""
    return aws339.private_stack(tmp_path)
