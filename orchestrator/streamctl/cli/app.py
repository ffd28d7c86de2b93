"""The `streamctl` command line: thin commands over the deployment flows."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.tree import Tree

from streamctl.cli.common import (
    EndpointOption,
    EnvOption,
    JsonOption,
    LayerOption,
    LocalOption,
    ParallelismOption,
    StackOption,
    TerraformOption,
    WithDependentsOption,
    WithDepsOption,
    YesOption,
    confirm,
    handle_errors,
    load_stack_from_options,
    print_json,
    target_for,
)
from streamctl.cli.console import err, out
from streamctl.cli.progress import PlainProgress, RichProgress, summary_table
from streamctl.deploy import flows
from streamctl.deploy.runlock import hold_run_lock
from streamctl.errors import UsageError
from streamctl.manifest import Stack
from streamctl.results import LayerResult, Status
from streamctl.terraform.engine import find_terraform
from streamctl.terraform.providers import MIRROR_ENV, scan_mirror

app = typer.Typer(
    name="streamctl",
    help="Deploy the streaming platform's Terraform layers in dependency order.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
@handle_errors
def _global_options(
    provider_mirror: Annotated[
        Path | None,
        typer.Option(
            "--provider-mirror",
            envvar=MIRROR_ENV,
            help="A Terraform provider mirror directory (packed or unpacked layout): "
            "Terraform takes what it holds from there, the rest from the registry.",
            file_okay=False,
        ),
    ] = None,
) -> None:
    if provider_mirror is not None:
        scan_mirror(provider_mirror)  # a wrong directory stops here, naming it
        # Every Terraform of this process reads it from there (terraform.providers.mirror_from).
        os.environ[MIRROR_ENV] = str(provider_mirror)


@dataclass
class _Run:
    """What preview, up and down share: the selection, the deployment and its view."""

    names: list[str]
    dep: flows.Deployment
    progress: RichProgress | PlainProgress
    approve: flows.Approver


def _start_run(
    title: str,
    *,
    env: str,
    stack: Path | None,
    layer: list[str] | None,
    terraform: str | None,
    local: bool,
    endpoint_url: str | None,
    as_json: bool,
    yes: bool = True,
    with_deps: bool = False,
    with_dependents: bool = False,
) -> _Run:
    if not yes and not sys.stdin.isatty():
        raise UsageError(
            "no terminal to ask for approval: review with `streamctl preview`, then use --yes"
        )
    the_stack = load_stack_from_options(env, stack)
    names = flows.select_layers(
        the_stack, layer or [], with_deps=with_deps, with_dependents=with_dependents
    )
    console = err if as_json else out
    progress: RichProgress | PlainProgress
    # NO_COLOR asks for plain output: no live display and its cursor movement either.
    if out.is_terminal and not as_json and "NO_COLOR" not in os.environ:
        progress = RichProgress(console, names, title)
    else:
        progress = PlainProgress(console, names)
    engine = find_terraform(terraform)
    target = target_for(the_stack, local, endpoint_url, engine)
    dep = flows.Deployment(the_stack, engine, target, progress)

    def approve(planned: Sequence[flows.PlannedLayer], waiting: Sequence[LayerResult]) -> bool:
        with progress.paused():
            question = "Destroy these resources?" if title == "down" else "Apply these changes?"
            return _show_and_confirm(planned, waiting, yes=yes, console=console, question=question)

    return _Run(names, dep, progress, approve)


def _show_and_confirm(
    planned: Sequence[flows.PlannedLayer],
    waiting: Sequence[LayerResult],
    *,
    yes: bool,
    console: Console,
    question: str,
) -> bool:
    table = Table(title="Planned changes", title_justify="left")
    for column in ("layer", "add", "change", "destroy"):
        table.add_column(column, justify="left" if column == "layer" else "right")
    for plan in planned:
        c = plan.changes
        table.add_row(plan.name, str(c.add), str(c.change), str(c.remove))
    console.print(table)
    for result in waiting:
        console.print(f"  {result.name}: {result.reason}; planned once it is applied")
    return yes or confirm(question)


def _finish(
    dep: flows.Deployment, results: Mapping[str, LayerResult], title: str, as_json: bool
) -> None:
    if as_json:
        print_json(
            {
                "stack": dep.stack.name,
                "environment": dep.stack.environment,
                "target": dep.target.name,
                "layers": [r.as_json() for r in results.values()],
                "log_dir": str(dep.log_dir),
            }
        )
    else:
        out.print(summary_table(results, title))
        if dep.log_dir.is_dir():
            out.print(f"Logs: {dep.log_dir}")
        if dep.target.name == "local":
            endpoint = dep.target.env.get("AWS_ENDPOINT_URL", "")
            out.print(
                f"The local AWS emulator keeps running at {endpoint}: "
                "`streamctl local stop` ends it (and its resources)."
            )
        by_reason: dict[str, list[str]] = {}
        for result in results.values():
            if result.status is Status.FAILED:
                by_reason.setdefault(dep.redact(result.reason), []).append(result.name)
        for reason, names in by_reason.items():
            err.print(f"[bold red]{', '.join(names)} failed:[/]", highlight=False)
            # soft_wrap: paths and commands in the reason stay whole for copy and paste
            err.print(reason, markup=False, highlight=False, soft_wrap=True)
    if flows.failed(results):
        raise typer.Exit(1)
    if flows.declined(results):
        err.print("Not approved: those changes were not applied.")
        raise typer.Exit(1)


@app.command()
@handle_errors
def preview(
    env: EnvOption = "dev",
    stack: StackOption = None,
    layer: LayerOption = None,
    with_deps: WithDepsOption = False,
    with_dependents: WithDependentsOption = False,
    parallelism: ParallelismOption = None,
    as_json: JsonOption = False,
    terraform: TerraformOption = None,
    local: LocalOption = False,
    endpoint_url: EndpointOption = None,
) -> None:
    """Plan the selected layers and show what would change."""
    run = _start_run(
        "preview", env=env, stack=stack, layer=layer, terraform=terraform, local=local,
        endpoint_url=endpoint_url, as_json=as_json, with_deps=with_deps,
        with_dependents=with_dependents,
    )  # fmt: skip
    with hold_run_lock(run.dep.env_dir, "preview"), run.progress.running():
        results = flows.preview(run.dep, run.names, parallelism)
    _finish(run.dep, results, "Preview", as_json)


@app.command()
@handle_errors
def up(
    env: EnvOption = "dev",
    stack: StackOption = None,
    layer: LayerOption = None,
    with_deps: WithDepsOption = False,
    with_dependents: WithDependentsOption = False,
    yes: YesOption = False,
    parallelism: ParallelismOption = None,
    as_json: JsonOption = False,
    terraform: TerraformOption = None,
    local: LocalOption = False,
    endpoint_url: EndpointOption = None,
) -> None:
    """Plan, approve once, and apply the selected layers in dependency order."""
    run = _start_run(
        "up", env=env, stack=stack, layer=layer, terraform=terraform, local=local,
        endpoint_url=endpoint_url, as_json=as_json, yes=yes, with_deps=with_deps,
        with_dependents=with_dependents,
    )  # fmt: skip
    with hold_run_lock(run.dep.env_dir, "up"), run.progress.running():
        results = flows.up(run.dep, run.names, run.approve, parallelism=parallelism)
    _finish(run.dep, results, "Up", as_json)


@app.command()
@handle_errors
def down(
    env: EnvOption = "dev",
    stack: StackOption = None,
    layer: LayerOption = None,
    with_dependents: WithDependentsOption = False,
    yes: YesOption = False,
    parallelism: ParallelismOption = None,
    as_json: JsonOption = False,
    terraform: TerraformOption = None,
    local: LocalOption = False,
    endpoint_url: EndpointOption = None,
) -> None:
    """Destroy the selected layers, dependents first."""
    run = _start_run(
        "down", env=env, stack=stack, layer=layer, terraform=terraform, local=local,
        endpoint_url=endpoint_url, as_json=as_json, yes=yes, with_dependents=with_dependents,
    )  # fmt: skip
    with hold_run_lock(run.dep.env_dir, "down"), run.progress.running():
        results = flows.down(
            run.dep, run.names, run.approve, with_dependents=with_dependents,
            parallelism=parallelism,
        )  # fmt: skip
    _finish(run.dep, results, "Down", as_json)


def _mask(value: Any, sensitive: bool, show: bool) -> Any:
    return "(sensitive)" if sensitive and not show else value


@app.command()
@handle_errors
def outputs(
    env: EnvOption = "dev",
    stack: StackOption = None,
    layer: LayerOption = None,
    as_json: JsonOption = False,
    flat: Annotated[
        bool, typer.Option("--flat", help="One flat JSON object of every output.")
    ] = False,
    show_secrets: Annotated[
        bool, typer.Option("--show-secrets", help="Do not mask sensitive values.")
    ] = False,
    terraform: TerraformOption = None,
    local: LocalOption = False,
    endpoint_url: EndpointOption = None,
) -> None:
    """Show the outputs of every applied layer, read from state."""
    the_stack = load_stack_from_options(env, stack)
    names = flows.select_layers(the_stack, layer or [])
    engine = find_terraform(terraform)
    dep = flows.Deployment(the_stack, engine, target_for(the_stack, local, endpoint_url, engine))
    found = flows.read_outputs(dep, names)
    if flat:
        print_json(_flatten(found, show_secrets))
        return
    if as_json:
        print_json(
            {
                name: None
                if values is None
                else {
                    k: {
                        "value": _mask(v.value, v.sensitive, show_secrets),
                        "sensitive": v.sensitive,
                    }
                    for k, v in values.items()
                }
                for name, values in found.items()
            }
        )
        return
    table = Table(
        title=f"Outputs of {the_stack.name} ({the_stack.environment})", title_justify="left"
    )
    for column in ("layer", "output"):
        table.add_column(column)
    # fold, not the default ellipsis: a value cut short is a wrong value (ARNs, IDs)
    table.add_column("value", overflow="fold")
    for name, values in found.items():
        if values is None:
            table.add_row(name, "", "[dim](not applied)[/]")
            continue
        if not values:  # applied, but declares no outputs: say so rather than show nothing
            table.add_row(name, "", "[dim](no outputs)[/]")
        for key, v in values.items():
            table.add_row(name, key, str(_mask(v.value, v.sensitive, show_secrets)))
    out.print(table)


def _flatten(found: Mapping[str, Mapping[str, Any] | None], show: bool) -> dict[str, Any]:
    counts: dict[str, int] = {}
    for values in found.values():
        for key in values or {}:
            counts[key] = counts.get(key, 0) + 1
    flat: dict[str, Any] = {}
    for name, values in found.items():
        for key, v in (values or {}).items():
            flat[key if counts[key] == 1 else f"{name}_{key}"] = _mask(v.value, v.sensitive, show)
    return flat


@app.command("graph")
@handle_errors
def graph_command(
    env: EnvOption = "dev",
    stack: StackOption = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="tree, dot or mermaid.")
    ] = "tree",
) -> None:
    """Show the layer dependency graph."""
    the_stack = load_stack_from_options(env, stack)
    edges = the_stack.edges
    if output_format == "dot":
        lines = [f'digraph "{the_stack.name}" {{', "  rankdir=LR;"]
        lines += [f'  "{n}";' for n in edges]
        lines += [f'  "{dep}" -> "{n}";' for n, deps in edges.items() for dep in deps]
        out.print("\n".join([*lines, "}"]), markup=False, highlight=False)
    elif output_format == "mermaid":
        lines = ["graph LR"] + [f"  {n}" for n, deps in edges.items() if not deps]
        lines += [f"  {dep} --> {n}" for n, deps in edges.items() for dep in deps]
        out.print("\n".join(lines), markup=False, highlight=False)
    elif output_format == "tree":
        out.print(_tree(the_stack))
    else:
        raise UsageError(f"unknown --format '{output_format}': use tree, dot or mermaid")


def _tree(stack: Stack) -> Tree:
    """Layers in dependency order, each with what it takes from which layer."""
    root = Tree(f"[bold]{stack.name}[/] ({stack.environment})")
    for name in stack.order():
        layer = stack.layers[name]
        node = root.add(
            f"[bold]{name}[/]" + ("" if layer.upstream else " [dim](no dependencies)[/]")
        )
        for var, ref in layer.inputs.items():
            node.add(f"{var} [dim]<-[/] {ref}")
        for dep in layer.depends_on:
            node.add(f"[dim]after[/] {dep}")
    return root


@app.command()
@handle_errors
def status(
    env: EnvOption = "dev",
    stack: StackOption = None,
    layer: LayerOption = None,
    as_json: JsonOption = False,
    terraform: TerraformOption = None,
    local: LocalOption = False,
    endpoint_url: EndpointOption = None,
) -> None:
    """Per layer: applied or not, resource count, last run result and time."""
    the_stack = load_stack_from_options(env, stack)
    names = flows.select_layers(the_stack, layer or [])
    engine = find_terraform(terraform)
    dep = flows.Deployment(the_stack, engine, target_for(the_stack, local, endpoint_url, engine))
    rows = flows.layer_status(dep, names)
    if as_json:
        print_json(
            {
                "stack": the_stack.name,
                "environment": the_stack.environment,
                "target": dep.target.name,
                "layers": rows,
            }
        )
        return
    table = Table(
        title=f"{the_stack.name} ({the_stack.environment}, {dep.target.name})", title_justify="left"
    )
    for column in ("layer", "applied", "resources", "last run", "when"):
        table.add_column(column, overflow="fold")
    for row in rows:
        last = f"{row['last_operation']} {row['last_result']}" if row["last_result"] else ""
        table.add_row(
            row["layer"],
            "yes" if row["applied"] else "no",
            str(row["resources"]),
            last,
            row["last_run_at"] or "",
        )
    out.print(table)


@app.command()
@handle_errors
def validate(
    env: EnvOption = "dev",
    stack: StackOption = None,
    layer: LayerOption = None,
    module: Annotated[
        list[Path] | None, typer.Option("--module", "-m", help="Also validate this directory.")
    ] = None,
    offline: Annotated[
        bool,
        typer.Option(
            "--offline",
            help="No registry: real AWS provider from a mirror, else the schema-only one.",
        ),
    ] = False,
    as_json: JsonOption = False,
    terraform: TerraformOption = None,
) -> None:
    """Run `terraform validate` on the selected layers (and --module dirs)."""
    engine = find_terraform(terraform)
    targets: list[tuple[str, Path]] = []
    the_stack: Stack | None = None
    if not module or layer:
        the_stack = load_stack_from_options(env, stack)
        targets += [
            (n, the_stack.layers[n].path) for n in flows.select_layers(the_stack, layer or [])
        ]
    targets += [(str(m), m.resolve()) for m in module or []]
    if offline:
        from streamctl.cli.offline_commands import validate_offline_command

        work = (the_stack.state_dir if the_stack else Path(".streamctl")) / "offline"
        raise typer.Exit(validate_offline_command(engine, targets, work, as_json))
    if the_stack is None:
        raise UsageError("validate --module without --offline needs a stack; or add --offline")
    dep = flows.Deployment(the_stack, engine)
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


@app.command("test")
@handle_errors
def test_command(
    env: EnvOption = "dev",
    stack: StackOption = None,
    layer: LayerOption = None,
    module: Annotated[
        list[Path] | None,
        typer.Option("--module", "-m", help="Only run this module's tests/*.tftest.hcl."),
    ] = None,
    offline: Annotated[
        bool,
        typer.Option(
            "--offline",
            help="No registry: real AWS provider from a mirror, else the schema-only one.",
        ),
    ] = False,
    as_json: JsonOption = False,
    terraform: TerraformOption = None,
) -> None:
    """Run module tests and a whole-stack dry run under mock_provider "aws"."""
    if not offline:
        raise UsageError(
            'streamctl test runs under mock_provider "aws" with no registry and no AWS '
            "account: add --offline"
        )
    from streamctl.cli.offline_commands import (
        test_modules_and_stack_offline_command,
        test_offline_command,
    )
    from streamctl.terraform.workcopy import local_module_dirs

    engine = find_terraform(terraform)
    if module:
        work = Path(".streamctl") / "offline"
        raise typer.Exit(test_offline_command(engine, [m.resolve() for m in module], work, as_json))
    the_stack = load_stack_from_options(env, stack)
    names = flows.select_layers(the_stack, layer or [])
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


def _register_extensions() -> None:
    from streamctl.cli.aws_commands import bootstrap, verify
    from streamctl.cli.local_commands import local_app

    app.add_typer(local_app, name="local")
    app.command()(bootstrap)
    app.command()(verify)


_register_extensions()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
