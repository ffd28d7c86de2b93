"""The target a command's options ask for."""

from __future__ import annotations

from streamctl.manifest import Stack
from streamctl.targets.aws import aws_target
from streamctl.targets.emulator import EmulatorTarget
from streamctl.targets.target import Target
from streamctl.terraform.engine import Terraform


def target_for(
    stack: Stack, *, local: bool, endpoint_url: str | None, terraform: Terraform | None = None
) -> Target:
    """Real AWS (S3 state under [stack.backend]), the local emulator, or another one.

    Nothing starts here: `Target.start()` does that for the commands that deploy.
    """
    if local or endpoint_url:
        return EmulatorTarget(stack, endpoint_url)
    return aws_target(stack, terraform)
