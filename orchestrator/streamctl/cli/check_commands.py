"""`validate` and `test`: Terraform's own checks of the layers and modules, no deploy.

What a command runs is imported in its body: --help reads only the signatures.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from streamctl.cli.console import out, print_json
from streamctl.cli.options import (
    EnvOption,
    JsonOption,
    LayerOption,
    OfflineOption,
    StackOption,
    TerraformOption,
    open_stack,
)
from streamctl.errors import UsageError

if TYPE_CHECKING:
    from streamctl.manifest import Stack


def validate(
    env: EnvOption = None,
    stack: StackOption = None,
    layer: LayerOption = None,
    module: Annotated[
        list[Path] | None,
        typer.Option("--module", "-m", metavar="DIR", help="Also validate this directory."),
    ] = None,
    offline: OfflineOption = False,
    as_json: JsonOption = False,
    terraform: TerraformOption = None,
) -> None:
    """Run `terraform validate` on the selected layers (and --module dirs)."""
    from streamctl.cli.offline_commands import validate_offline_command
    from streamctl.deploy.deployment import Deployment
    from streamctl.deploy.flows import select_layers
    from streamctl.terraform.engine import find_terraform

    engine = find_terraform(terraform)
    targets: list[tuple[str, Path]] = []
    the_stack: Stack | None = None
    if not module or layer:
        the_stack = open_stack(env, stack)
        targets += [(n, the_stack.layers[n].path) for n in select_layers(the_stack, layer or [])]
    targets += [(str(m), m.resolve()) for m in module or []]
    if offline:
        work = (the_stack.state_dir if the_stack else Path(".streamctl")) / "offline"
        raise typer.Exit(validate_offline_command(engine, targets, work, as_json))
    if the_stack is None:
        raise UsageError("validate --module without --offline needs a stack; or add --offline")
    dep = Deployment(the_stack, engine)
    bad = 0
    report: list[dict[str, Any]] = []
    for name, _ in targets:
        diagnostics = dep.prepare(name).validate()
        errors = [d for d in diagnostics if d.severity == "error"]
        bad += bool(errors)
        report.append(
            {"name": name, "valid": not errors, "diagnostics": [str(d) for d in diagnostics]}
        )
        if not as_json:
            out.print(f"{name}: " + ("[green]valid[/]" if not errors else "[red]invalid[/]"))
            for d in diagnostics:
                out.print(str(d), markup=False)
    if as_json:
        print_json(report)
    raise typer.Exit(1 if bad else 0)


def test_command(
    env: EnvOption = None,
    stack: StackOption = None,
    layer: LayerOption = None,
    module: Annotated[
        list[Path] | None,
        typer.Option(
            "--module", "-m", metavar="DIR", help="Only run this module's tests/*.tftest.hcl."
        ),
    ] = None,
    offline: OfflineOption = False,
    as_json: JsonOption = False,
    terraform: TerraformOption = None,
) -> None:
    """Run module tests and a whole-stack dry run under mock_provider "aws"."""
    from streamctl.cli.offline_commands import (
        test_modules_and_stack_offline_command,
        test_offline_command,
    )
    from streamctl.deploy.flows import select_layers
    from streamctl.terraform.engine import find_terraform
    from streamctl.terraform.workcopy import local_module_dirs

    if not offline:
        raise UsageError(
            'streamctl test runs under mock_provider "aws" with no registry and no AWS '
            "account: add --offline"
        )
    engine = find_terraform(terraform)
    if module:
        work = Path(".streamctl") / "offline"
        raise typer.Exit(test_offline_command(engine, [m.resolve() for m in module], work, as_json))
    the_stack = open_stack(env, stack)
    names = select_layers(the_stack, layer or [])
    tested = sorted(
        {
            directory
            for name in names
            for directory in local_module_dirs(the_stack.layers[name].path)
            if (directory / "tests").is_dir()
        }
    )
    work = the_stack.state_dir / "offline"
    raise typer.Exit(
        test_modules_and_stack_offline_command(engine, tested, the_stack, work, as_json, names)
    )
