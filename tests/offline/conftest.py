"""Shared plumbing for offline-validation tests: one mirror/work dir per session."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from streamctl.offline.mirror import OfflineProvider, prepare_mirror
from streamctl.offline.realprovider import MODE_ENV, offline_provider
from streamctl.terraform.engine import Terraform, find_terraform


@pytest.fixture(scope="session")
def offline_work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Work dir shared by the session: the mirror and schema cache are built once."""
    return tmp_path_factory.mktemp("offline-work")


@pytest.fixture(scope="session")
def schema_only(offline_work: Path) -> OfflineProvider:
    """The fallback: streamctl's schema-only plugin, as on a machine without the binary."""
    return prepare_mirror(offline_work)


@pytest.fixture(scope="session")
def real_provider(real_aws_mirror: Path, offline_work: Path) -> OfflineProvider:
    """The real hashicorp/aws 5.100.0 (skipped where no mirror holds it; a failure in CI)."""
    provider = offline_provider(offline_work / "real", real_aws_mirror, {MODE_ENV: "real"})
    assert provider.real
    return provider


@pytest.fixture(scope="session", params=["real", "schema-only"])
def provider(request: pytest.FixtureRequest) -> OfflineProvider:
    """Each provider offline runs may use: tests taking this run under both."""
    name = "real_provider" if request.param == "real" else "schema_only"
    chosen: OfflineProvider = request.getfixturevalue(name)
    return chosen


@pytest.fixture(scope="session")
def terraform() -> Terraform:
    return find_terraform("terraform")


@pytest.fixture(scope="session")
def embedded() -> Terraform:
    return find_terraform("embedded")


ModuleWriter = Callable[..., Path]


@pytest.fixture(scope="session")
def module_writer() -> ModuleWriter:
    return write_module


def write_module(directory: Path, body: str, files: dict[str, str] | None = None) -> Path:
    """A root module requiring hashicorp/aws ~> 5.0 plus `body`."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "versions.tf").write_text(
        'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", '
        'version = "~> 5.0" }\n  }\n}\n',
        encoding="utf-8",
    )
    (directory / "main.tf").write_text(body, encoding="utf-8")
    for name, text in (files or {}).items():
        (directory / name).parent.mkdir(parents=True, exist_ok=True)
        (directory / name).write_text(text, encoding="utf-8")
    return directory
