"""`streamctl local start|stop|status|reset`: the stack environment's AWS emulator.

What a command runs is imported in its body: --help reads only the signatures.
"""

from __future__ import annotations

import typer

from streamctl.cli.console import out, print_json
from streamctl.cli.options import EnvOption, JsonOption, StackOption, open_stack

local_app = typer.Typer(
    name="local",
    help="The local AWS emulator (moto) that `--local` deploys to.",
    no_args_is_help=True,
)


@local_app.command()
def start(env: EnvOption = None, stack: StackOption = None, as_json: JsonOption = False) -> None:
    """Start the emulator in the background (it keeps running after this command)."""
    from streamctl.targets.emulator import stack_emulator

    the_stack = open_stack(env, stack)
    emulator = stack_emulator(the_stack)
    before = emulator.status()
    status = emulator.ensure_running()
    if as_json:
        print_json({**status.to_json(), "started": not before.running})
        return
    verb = "already running" if before.running else "started"
    out.print(
        f"AWS emulator {verb} at {status.endpoint} (pid {status.pid}); log: {status.log_path}",
        highlight=False,
    )


@local_app.command()
def stop(env: EnvOption = None, stack: StackOption = None, as_json: JsonOption = False) -> None:
    """Stop the emulator; every emulated resource is gone with it."""
    from streamctl.targets.emulator import stack_emulator

    the_stack = open_stack(env, stack)
    stopped = stack_emulator(the_stack).stop()
    if as_json:
        print_json({"stopped": stopped, "running": False})
        return
    if not stopped:
        out.print("The AWS emulator was not running.")
        return
    out.print(
        "Stopped the AWS emulator: the emulated resources are gone. Local state that still "
        "lists them is cleared by `streamctl local reset`."
    )


@local_app.command()
def status(env: EnvOption = None, stack: StackOption = None, as_json: JsonOption = False) -> None:
    """Whether the emulator runs and answers, and its endpoint."""
    from streamctl.targets.emulator import restarted_since_apply, stack_emulator

    the_stack = open_stack(env, stack)
    current = stack_emulator(the_stack).status()
    restarted = current.running and restarted_since_apply(the_stack, current)
    if as_json:
        print_json({**current.to_json(), "restarted_since_apply": restarted})
        return
    if not current.running and current.pid is not None:
        out.print(
            f"The AWS emulator process (pid {current.pid}) is alive but does not answer at "
            f"{current.endpoint}; see its log: {current.log_path}. "
            "`streamctl local stop` then `streamctl local start` replaces it.",
            highlight=False,
        )
        return
    if not current.running:
        out.print("The AWS emulator is not running; `streamctl local start` starts it.")
        return
    out.print(
        f"AWS emulator running at {current.endpoint} (pid {current.pid}, "
        f"since {current.started_at}); log: {current.log_path}",
        highlight=False,
    )
    if restarted:
        out.print(
            "It was restarted since the last local apply, so the resources in the local "
            "state are gone: `streamctl local reset` starts again from a clean slate."
        )


@local_app.command()
def reset(env: EnvOption = None, stack: StackOption = None, as_json: JsonOption = False) -> None:
    """Drop every emulated resource and the local state that described them."""
    from streamctl.targets.emulator import reset_local_state, stack_emulator

    the_stack = open_stack(env, stack)
    emulator = stack_emulator(the_stack)
    current = emulator.status()
    if current.running:
        emulator.reset()
    cleared = reset_local_state(the_stack)
    if as_json:
        print_json(
            {"running": current.running, "endpoint": current.endpoint, "cleared_layers": cleared}
        )
        return
    if current.running:
        out.print(f"Reset the AWS emulator at {current.endpoint}: no emulated resources left.")
    else:
        out.print("The AWS emulator is not running (so it holds no resources).")
    layers = ", ".join(cleared) if cleared else "none held any"
    out.print(f"Cleared local Terraform state of layers: {layers}.")
