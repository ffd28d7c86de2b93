"""Providers for concurrent layers, with real providers on the emulator.

Two independent root layers init, read the provider schema and plan at the same time.
With Terraform's shared plugin cache this failed every time ("the cached package ...
does not match any of the checksums"); with the store no Terraform writes where another
reads, and nine layers (here three) share one copy of the provider.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from streamctl.targets.moto_server import Emulator, emulator_dir
from streamctl.terraform.providers import current_platform
from support.fixtures import FIXTURES

pytestmark = pytest.mark.integration

AWS = Path("registry.terraform.io/hashicorp/aws")


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "two_roots"
    shutil.copytree(FIXTURES / "two_roots", root)
    yield root / "stack.toml"
    Emulator(emulator_dir(root / ".streamctl", "e2e")).stop()


def _streamctl(args: list[str], cwd: Path, **env: str) -> dict[str, object]:
    full_env = {**os.environ, "NO_COLOR": "1", **env}
    result = subprocess.run(
        [sys.executable, "-m", "streamctl", *args, "--json"],
        check=False,
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=400,
    )
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    report: dict[str, object] = json.loads(result.stdout)
    return report


def _installed(stack: Path) -> dict[str, Path]:
    """layer -> the provider directory its .terraform links to."""
    found: dict[str, Path] = {}
    for link in (stack.parent / ".streamctl").glob(
        f"e2e/local/*/tree/**/.terraform/providers/{AWS}/*/{current_platform()}"
    ):
        assert link.is_symlink(), f"{link} is a copy, not a link into the store or mirror"
        layer = link.relative_to(stack.parent / ".streamctl" / "e2e" / "local").parts[0]
        found[layer] = link.resolve()
    return found


def _statuses(report: dict[str, object]) -> dict[str, str]:
    layers = report["layers"]
    assert isinstance(layers, list)
    return {row["layer"]: row["status"] for row in layers}


def test_independent_roots_share_the_real_provider_from_an_unpacked_mirror(
    stack: Path, real_aws_mirror: Path
) -> None:
    args = ["--provider-mirror", str(real_aws_mirror), "up", "--local", "--yes"]
    report = _streamctl([*args, "--stack", str(stack)], stack.parent)
    assert _statuses(report) == {"topic": "applied", "queue": "applied", "alarm": "applied"}
    installed = _installed(stack)
    assert set(installed) == {"topic", "queue", "alarm"}
    # Linked, never copied: the 675 MB binary stays where the mirror keeps it.
    assert {p.parent.parent.parent.parent.parent for p in installed.values()} == {
        real_aws_mirror.resolve()
    }
    again = _streamctl([*args, "--stack", str(stack)], stack.parent)
    assert set(_statuses(again).values()) == {"unchanged"}
    _streamctl(
        [
            "--provider-mirror",
            str(real_aws_mirror),
            "down",
            "--local",
            "--yes",
            "--stack",
            str(stack),
        ],
        stack.parent,
    )


def test_providers_terraform_downloads_land_once_in_the_store(
    stack: Path, aws339_mirror: Path, provider_store: Path, tmp_path: Path
) -> None:
    """A user's own CLI config installs from a packed mirror: Terraform unpacks the zip
    into each layer's .terraform, as it does a registry download; streamctl moves it
    into the store and links it, so the store holds one copy."""
    user_config = tmp_path / "user.tfrc"
    user_config.write_text(
        "provider_installation {\n"
        f'  filesystem_mirror {{\n    path = "{aws339_mirror}"\n  }}\n'
        "}\n"
    )
    store = tmp_path / "own-store"
    env = {"TF_CLI_CONFIG_FILE": str(user_config), "STREAMCTL_PROVIDER_STORE": str(store)}
    report = _streamctl(["up", "--local", "--yes", "--stack", str(stack)], stack.parent, **env)
    assert _statuses(report) == {"topic": "applied", "queue": "applied", "alarm": "applied"}
    entry = (store / AWS / "3.39.0" / current_platform()).resolve()
    assert set(_installed(stack).values()) == {entry}
    assert len(list(store.rglob("terraform-provider-aws*"))) == 1
    assert not list(store.rglob(".incoming-*"))
