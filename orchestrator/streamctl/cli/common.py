"""Typer glue shared by all commands: options, stack loading, error handling."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar

import typer
from rich.markup import escape

from streamctl.cli.console import err, out
from streamctl.deploy.flows import Target
from streamctl.errors import StreamctlError, UsageError
from streamctl.manifest import Stack, load_stack
from streamctl.terraform.engine import Terraform

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


def target_for(stack: Stack, local: bool, endpoint_url: str | None, engine: Terraform) -> Target:
    """Real AWS (with [stack.backend] when set), the local emulator, or another one."""
    if not local and not endpoint_url:
        from streamctl.targets.aws import aws_target

        return aws_target(stack, engine)
    from streamctl.targets.emulator import local_target

    return local_target(stack, endpoint_url)


def manifest_path(env: str, stack: Path | None) -> Path:
    if stack is not None:
        return stack
    return Path("live") / env / "stack.toml"


def load_stack_from_options(env: str, stack: Path | None) -> Stack:
    """--stack wins over --env; a missing manifest is a usage error naming the path."""
    return load_stack(manifest_path(env, stack))


P = ParamSpec("P")
R = TypeVar("R")


def handle_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Map domain errors to exit codes without a traceback; Ctrl-C exits 130."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except StreamctlError as exc:
            # escape: messages name TOML tables like [stack.backend], not Rich markup
            message = escape(str(exc))
            err.print(
                f"[bold red]error:[/] {message}", markup=True, highlight=False, soft_wrap=True
            )
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            err.print("interrupted: Terraform was asked to stop cleanly; state is kept.")
            raise typer.Exit(130) from None

    return wrapper


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, sort_keys=False, default=str) + "\n")


def confirm(question: str) -> bool:
    """Ask on a terminal; refuse (exit 2) when there is none to ask."""
    if not sys.stdin.isatty():
        raise UsageError(
            "no terminal to ask for approval: review with `streamctl preview`, then use --yes"
        )
    try:
        return typer.confirm(question, default=False)
    except typer.Abort:
        # The prompt turns Ctrl-C (and Ctrl-D) into Abort, which exits 1:
        # treat it as the interrupt it is (exit 130, nothing applied).
        raise KeyboardInterrupt from None


__all__ = ["confirm", "err", "handle_errors", "load_stack_from_options", "out", "print_json"]
