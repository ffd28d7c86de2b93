"""Terraform under test: a private CLI config, and a spy on every command the core starts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest


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
