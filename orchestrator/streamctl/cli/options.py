"""The options commands share, and the manifest they name."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from streamctl.discovery import environments, find_manifest
from streamctl.errors import StreamctlError

# The manifest's model (its checks, HCL, retry policy) loads when a command opens a stack:
# these options are all --help needs, and it would pay for that import too.
if TYPE_CHECKING:
    from streamctl.manifest import Stack


def complete_layer(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion of --layer: the layers of the stack the command line names."""
    try:
        stack = open_stack(ctx.params.get("env"), ctx.params.get("stack"))
    except StreamctlError:
        return []  # no manifest to read: nothing to offer, never an error in the shell
    return [name for name in stack.layers if name.startswith(incomplete)]


EnvOption = Annotated[
    str | None,
    typer.Option(
        "--env",
        "-e",
        metavar="NAME",
        help="Environment: live/NAME/stack.toml, searched from here upward. "
        "Default: the environment you are in, else dev.",
        autocompletion=lambda incomplete: [
            name for name in environments(Path.cwd()) if name.startswith(incomplete)
        ],
    ),
]
StackOption = Annotated[
    Path | None,
    typer.Option(
        "--stack",
        "-s",
        metavar="FILE",
        help="Path of a stack manifest (overrides --env).",
        dir_okay=False,
    ),
]
LayerOption = Annotated[
    list[str] | None,
    typer.Option(
        "--layer",
        "-l",
        metavar="NAME",
        help="Only this layer (repeatable).",
        autocompletion=complete_layer,
    ),
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
    typer.Option(
        "--parallelism", "-p", min=1, metavar="N", help="Most layers at once (default: no limit)."
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable JSON on stdout.")]
TerraformOption = Annotated[
    str | None,
    typer.Option(
        "--terraform",
        metavar="PATH|tofu|embedded",
        help="Terraform executable (path or name, e.g. tofu) or 'embedded'. "
        "Default: $STREAMCTL_TERRAFORM, else terraform/tofu on PATH, else the embedded engine.",
    ),
]
LocalOption = Annotated[
    bool, typer.Option("--local", help="Target the local AWS emulator (started when needed).")
]
EndpointOption = Annotated[
    str | None,
    typer.Option(
        "--endpoint-url",
        metavar="URL",
        help="Target another AWS emulator (LocalStack, a remote moto).",
    ),
]
OfflineOption = Annotated[
    bool,
    typer.Option(
        "--offline", help="No registry: real AWS provider from a mirror, else the schema-only one."
    ),
]


def manifest_path(env: str | None, stack: Path | None) -> Path:
    """--stack wins; else the manifest of --env found upward, as git finds .git."""
    return stack if stack is not None else find_manifest(env)


def open_stack(env: str | None, stack: Path | None) -> Stack:
    """--stack wins over --env; a missing manifest is a config error naming the path."""
    from streamctl.manifest import load_stack

    return load_stack(manifest_path(env, stack))
