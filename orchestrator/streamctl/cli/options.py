"""The options commands share, and the manifest they name."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from streamctl.manifest import Stack, load_stack

EnvOption = Annotated[
    str,
    typer.Option("--env", "-e", help="Environment: uses live/ENV/stack.toml.", show_default=True),
]
StackOption = Annotated[
    Path | None,
    typer.Option(
        "--stack", "-s", help="Path of a stack manifest (overrides --env).", dir_okay=False
    ),
]
LayerOption = Annotated[
    list[str] | None, typer.Option("--layer", "-l", help="Only this layer (repeatable).")
]
WithDepsOption = Annotated[
    bool, typer.Option("--with-deps", help="Also the layers the selected ones depend on.")
]
WithDependentsOption = Annotated[
    bool,
    typer.Option("--with-dependents", help="Also the layers that depend on the selected ones."),
]
YesOption = Annotated[bool, typer.Option("--yes", "-y", help="Apply without asking.")]
ParallelismOption = Annotated[
    int | None,
    typer.Option("--parallelism", "-p", min=1, help="Most layers at once (default: no limit)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable JSON on stdout.")]
TerraformOption = Annotated[
    str | None,
    typer.Option(
        "--terraform",
        help="Terraform executable (path or name, e.g. tofu) or 'embedded'. "
        "Default: $STREAMCTL_TERRAFORM, else terraform/tofu on PATH, else the embedded engine.",
    ),
]
LocalOption = Annotated[
    bool, typer.Option("--local", help="Target the local AWS emulator (started when needed).")
]
EndpointOption = Annotated[
    str | None,
    typer.Option("--endpoint-url", help="Target another AWS emulator (LocalStack, a remote moto)."),
]
OfflineOption = Annotated[
    bool,
    typer.Option(
        "--offline", help="No registry: real AWS provider from a mirror, else the schema-only one."
    ),
]


def manifest_path(env: str, stack: Path | None) -> Path:
    return stack if stack is not None else Path("live") / env / "stack.toml"


def open_stack(env: str, stack: Path | None) -> Stack:
    """--stack wins over --env; a missing manifest is a config error naming the path."""
    return load_stack(manifest_path(env, stack))
