"""The `streamctl` app: every command group registered once, under the one error handler."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

import streamctl
from streamctl.cli import (
    aws_commands,
    check_commands,
    deploy_commands,
    inspect_commands,
    interrupts,
)
from streamctl.cli.console import out
from streamctl.cli.handler import handled_app
from streamctl.cli.local_commands import local_app
from streamctl.terraform.providers import MIRROR_ENV, scan_mirror

app = handled_app(
    "streamctl",
    "Deploy the streaming platform's Terraform layers in dependency order.",
    completion=True,  # --install-completion / --show-completion for bash, zsh, fish
)


def _print_version(value: bool) -> None:
    if value:
        out.print(f"streamctl {streamctl.__version__}", highlight=False)
        raise typer.Exit()


@app.callback()
def _global_options(
    provider_mirror: Annotated[
        Path | None,
        typer.Option(
            "--provider-mirror",
            metavar="DIR",
            envvar=MIRROR_ENV,
            help="A Terraform provider mirror directory (packed or unpacked layout): "
            "Terraform takes what it holds from there, the rest from the registry.",
            file_okay=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            is_eager=True,
            callback=_print_version,
            help="Show streamctl's version and exit.",
        ),
    ] = False,
) -> None:
    if provider_mirror is not None:
        scan_mirror(provider_mirror)  # a wrong directory stops here, naming it
        # Every Terraform of this process reads it from there (terraform.providers.mirror_from).
        os.environ[MIRROR_ENV] = str(provider_mirror)


for command in deploy_commands.COMMANDS:
    app.command()(command)
for inspect in inspect_commands.COMMANDS:
    app.command()(inspect)
app.command("validate")(check_commands.validate)
app.command("test")(check_commands.test_command)
app.add_typer(local_app, name="local")
app.command("bootstrap")(aws_commands.bootstrap_command)
app.command("verify")(aws_commands.verify_command)


def main() -> None:
    interrupts.install()  # SIGTERM and SIGHUP: the path of a first Ctrl-C
    app()
