"""Opening a stack for a command, the one way: load -> select -> engine -> target -> Deployment."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from streamctl.cli.console import err
from streamctl.cli.options import open_stack
from streamctl.errors import UsageError

# Imported where a deployment opens: the commands that define StackOptions import this
# module, and --help must not load the engine, the targets (the emulator) and the flows.
if TYPE_CHECKING:
    from streamctl.cli.progress import LiveView
    from streamctl.deploy.deployment import Deployment

NO_TERMINAL = "no terminal to ask for approval: review with `streamctl preview`, then use --yes"


@dataclass(frozen=True)
class StackOptions:
    """What every stack command is told: which stack, layers, engine and target."""

    env: str | None = None  # None: the environment you are in, else dev
    stack: Path | None = None
    layers: Sequence[str] = field(default_factory=tuple)
    terraform: str | None = None
    local: bool = False
    endpoint_url: str | None = None
    accept_state_loss: bool = False  # plan on a state that lost resources (preview, up, down)


@dataclass(frozen=True)
class Opened:
    dep: Deployment
    names: list[str]  # the selected layers, in dependency order
    view: LiveView | None = None  # the live progress view the deployment reports to


def open_deployment(
    options: StackOptions,
    *,
    with_deps: bool = False,
    with_dependents: bool = False,
    start_target: bool = False,
    view: Callable[[list[str]], LiveView] | None = None,
) -> Opened:
    """The deployment a command works on. Only commands that will run Terraform against
    the AWS API start the target (e.g. the emulator); read-only ones just ask it."""
    from streamctl.deploy.deployment import Deployment
    from streamctl.deploy.flows import select_layers
    from streamctl.targets.choose import target_for
    from streamctl.terraform.engine import find_terraform

    stack = open_stack(options.env, options.stack)
    names = select_layers(
        stack, options.layers, with_deps=with_deps, with_dependents=with_dependents
    )
    engine = find_terraform(options.terraform)
    target = target_for(
        stack, local=options.local, endpoint_url=options.endpoint_url, terraform=engine
    )
    if start_target:
        target.start()
    for notice in target.notices():
        err.print(f"[yellow]warning:[/] {notice}", highlight=False)
    live = view(names) if view else None
    # Only runs that change something keep logs: read-only commands leave no run behind.
    dep = Deployment(
        stack,
        engine,
        target,
        live,
        keep_logs=start_target,
        accept_state_loss=options.accept_state_loss,
    )
    return Opened(dep, names, live)


def require_terminal() -> None:
    """Refuse (exit 2) before any work when approval is needed and nobody can give it."""
    if not sys.stdin.isatty():
        raise UsageError(NO_TERMINAL)


def confirm(question: str) -> bool:
    """Ask on a terminal; refuse (exit 2) when there is none to ask."""
    require_terminal()
    try:
        return typer.confirm(question, default=False)
    except typer.Abort:
        # The prompt turns Ctrl-C (and Ctrl-D) into Abort, which exits 1:
        # treat it as the interrupt it is (exit 130, nothing applied).
        raise KeyboardInterrupt from None
