"""`streamctl show LAYER` and `streamctl logs LAYER`: a saved plan and a run's log, readable.

What a command runs is imported in its body: --help reads only the signatures.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer
from rich.text import Text

from streamctl.cli.console import out, print_json
from streamctl.cli.options import (
    EndpointOption,
    EnvOption,
    JsonOption,
    LocalOption,
    StackOption,
    TerraformOption,
)
from streamctl.cli.session import StackOptions, open_deployment
from streamctl.errors import UsageError

LayerArgument = Annotated[str, typer.Argument(metavar="LAYER", help="A layer of the stack.")]
LEVEL_STYLE = {"error": "bold red", "warn": "yellow"}


def show(
    layer: LayerArgument,
    env: EnvOption = None,
    stack: StackOption = None,
    as_json: JsonOption = False,
    terraform: TerraformOption = None,
    local: LocalOption = False,
    endpoint_url: EndpointOption = None,
) -> None:
    """Show the layer's saved plan: each resource with its action and attribute changes."""
    from streamctl.cli.review_screen import layer_block
    from streamctl.review.plan import layer_plan

    options = StackOptions(env, stack, (layer,), terraform, local, endpoint_url)
    dep = open_deployment(options).dep
    plan_file = dep.layer(layer).copy.plan_file
    if not plan_file.is_file():
        raise UsageError(
            f"layer '{layer}' has no saved plan ({plan_file}): `streamctl preview` plans it, "
            "and the plan is kept until `streamctl up` applies it"
        )
    plan = layer_plan(layer, dep.prepare(layer).show_plan())
    if as_json:
        print_json(
            {
                "layer": layer,
                "plan_file": str(plan_file),
                "resources": [
                    {"address": r.address, "action": r.action.value, "forced_by": list(r.forced_by)}
                    for r in plan.resources
                ],
                "outputs": [
                    {"name": o.name, "action": o.action.value, "sensitive": o.sensitive}
                    for o in plan.outputs
                ],
            }
        )
        return
    saved = datetime.fromtimestamp(plan_file.stat().st_mtime).strftime("%Y-%m-%d %H:%M:%S")
    out.print(Text(f"Saved plan of {layer} ({saved}, {plan_file})", style="bold"), soft_wrap=True)
    if not plan.resources and not plan.outputs:
        out.print("  no changes")
    out.print(layer_block(plan, dep.redact, details=True))


def logs(
    layer: LayerArgument,
    run: Annotated[
        str | None,
        typer.Option("--run", metavar="ID", help="The run (its id or the start of it)."),
    ] = None,
    raw: Annotated[
        bool, typer.Option("--raw", help="The log as written: Terraform's JSON lines.")
    ] = False,
    env: EnvOption = None,
    stack: StackOption = None,
    local: LocalOption = False,
    endpoint_url: EndpointOption = None,
    terraform: TerraformOption = None,
) -> None:
    """Show the layer's log of the latest run (or of --run ID), readable."""
    from streamctl.runs.history import find_log
    from streamctl.runs.logtext import readable

    options = StackOptions(env, stack, (layer,), terraform, local, endpoint_url)
    dep = open_deployment(options).dep
    found, log = find_log(dep.env_dir / "logs", layer, run)
    text = log.read_text(encoding="utf-8", errors="replace")
    if raw:
        out.print(text, markup=False, highlight=False, soft_wrap=True, end="")
        return
    out.print(Text(f"Log of {layer}, run {found.id} ({log})", style="bold"), soft_wrap=True)
    for line in readable(text):
        if line.kind == "command":
            out.print(Text(f"\n$ {line.text}", style="bold cyan"), soft_wrap=True)
            continue
        shown = Text(f"{line.time:>8}  " if line.time else "          ", style="dim")
        shown.append(line.text, style=LEVEL_STYLE.get(line.level, ""))
        out.print(shown, soft_wrap=True)


COMMANDS = (show, logs)
