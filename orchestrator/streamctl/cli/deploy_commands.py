"""`preview`, `up`, `down`, `outputs`, `status` and `graph`: thin commands over deploy/."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from streamctl.cli import interrupts, views
from streamctl.cli.console import err, out, print_json
from streamctl.cli.handler import INTERRUPTED_EXIT_CODE
from streamctl.cli.options import (
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
    open_stack,
)
from streamctl.cli.progress import LiveView, PlainProgress, live_view
from streamctl.cli.session import StackOptions, confirm, open_deployment, require_terminal
from streamctl.deploy import flows
from streamctl.deploy.deployment import Deployment
from streamctl.deploy.runlock import hold_run_lock
from streamctl.errors import UsageError
from streamctl.results import Interrupted, LayerResult, Outcome


@dataclass(frozen=True)
class _Run:
    """What preview, up and down share: the selection, the deployment and its view."""

    names: list[str]
    dep: Deployment
    progress: LiveView
    approve: flows.Approver


def _start_run(
    command: str,
    options: StackOptions,
    *,
    as_json: bool,
    yes: bool = True,
    with_deps: bool = False,
    with_dependents: bool = False,
) -> _Run:
    if not yes:
        require_terminal()
    # --json: the document alone on stdout, progress as plain lines on stderr.
    console = err if as_json else out

    def view(names: list[str]) -> LiveView:
        if as_json:
            return PlainProgress(console, names)
        return live_view(console, names, command.capitalize())

    opened = open_deployment(
        options,
        with_deps=with_deps,
        with_dependents=with_dependents,
        start_target=True,
        view=view,
    )
    progress = opened.view
    assert progress is not None  # made by view() above
    question = "Destroy these resources?" if command == "down" else "Apply these changes?"

    def approve(planned: Sequence[flows.PlannedLayer], waiting: Sequence[LayerResult]) -> bool:
        with progress.paused():
            return _show_and_confirm(planned, waiting, yes=yes, console=console, question=question)

    return _Run(opened.names, opened.dep, progress, approve)


def _show_and_confirm(
    planned: Sequence[flows.PlannedLayer],
    waiting: Sequence[LayerResult],
    *,
    yes: bool,
    console: Console,
    question: str,
) -> bool:
    console.print(views.planned_table(planned))
    for result in waiting:
        console.print(f"  {result.name}: {result.reason}; planned once it is applied")
    return yes or confirm(question)


AcceptStateLossOption = Annotated[
    bool,
    typer.Option(
        "--accept-state-loss",
        help="Plan even where a layer's state lost resources streamctl left in it.",
    ),
]


def _run_flow(
    run: _Run, title: str, as_json: bool, flow: Callable[[], Mapping[str, LayerResult]]
) -> None:
    """Run a flow under the run lock; an interrupt still prints the summary (exit 130)."""
    try:
        with hold_run_lock(run.dep.env_dir, title.lower()), run.progress.running():
            results = flow()
    except Interrupted as stop:
        with interrupts.held_off():
            _finish(run.dep, stop.results, title, as_json, interrupted=True)
    with interrupts.held_off():
        _finish(run.dep, results, title, as_json)


def _finish(
    dep: Deployment,
    results: Mapping[str, LayerResult],
    title: str,
    as_json: bool,
    *,
    interrupted: bool = False,
) -> None:
    # Reasons can quote Terraform's errors, and those can quote values: redact them all.
    results = {n: replace(r, reason=dep.redact(r.reason)) for n, r in results.items()}
    # A target that failed under the run (an emulator that died) is the cause: say so.
    target_problem = dep.target.health()
    if target_problem:
        results = {
            n: replace(r, reason=f"{r.reason}\n{target_problem}")
            if r.outcome is Outcome.FAILED
            else r
            for n, r in results.items()
        }
    if as_json:
        doc = views.run_document(dep.stack, dep.target.name, str(dep.log_dir), results)
        print_json(dep.redact.data(doc))
    else:
        out.print(views.summary_table(results, title))
        if dep.log_dir.is_dir():
            out.print(f"Logs: {dep.log_dir}")
        if dep.target.name == "local" and not target_problem:
            out.print(
                f"The local AWS emulator keeps running at {dep.target.endpoint}: "
                "`streamctl local stop` ends it (and its resources)."
            )
        by_reason: dict[str, list[str]] = {}
        for result in results.values():
            if result.outcome is Outcome.FAILED:
                by_reason.setdefault(dep.redact(result.reason), []).append(result.name)
        for reason, names in by_reason.items():
            err.print(f"[bold red]{', '.join(names)} failed:[/]", highlight=False)
            # soft_wrap: paths and commands in the reason stay whole for copy and paste
            err.print(reason, markup=False, highlight=False, soft_wrap=True)
    if target_problem:
        err.print(f"[bold red]{escape(target_problem)}[/]", highlight=False, soft_wrap=True)
    if interrupted:
        forced = dep.terraform.forced_stop()
        err.print(interrupts.message(forced=forced, command=title.lower()), soft_wrap=True)
        raise typer.Exit(INTERRUPTED_EXIT_CODE)
    if flows.failed(results):
        raise typer.Exit(1)
    if flows.was_declined(results):
        err.print("Not approved: those changes were not applied.")
        raise typer.Exit(1)


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
    accept_state_loss: AcceptStateLossOption = False,
) -> None:
    """Plan the selected layers and show what would change."""
    options = StackOptions(env, stack, layer or (), terraform, local, endpoint_url)
    run = _start_run(
        "preview", options, as_json=as_json, with_deps=with_deps, with_dependents=with_dependents
    )
    run.dep.accept_state_loss = accept_state_loss
    _run_flow(run, "Preview", as_json, lambda: flows.preview(run.dep, run.names, parallelism))


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
    accept_state_loss: AcceptStateLossOption = False,
) -> None:
    """Plan, approve once, and apply the selected layers in dependency order."""
    options = StackOptions(env, stack, layer or (), terraform, local, endpoint_url)
    run = _start_run(
        "up",
        options,
        as_json=as_json,
        yes=yes,
        with_deps=with_deps,
        with_dependents=with_dependents,
    )
    run.dep.accept_state_loss = accept_state_loss
    _run_flow(
        run,
        "Up",
        as_json,
        lambda: flows.up(run.dep, run.names, run.approve, parallelism=parallelism),
    )


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
    accept_state_loss: AcceptStateLossOption = False,
) -> None:
    """Destroy the selected layers, dependents first."""
    options = StackOptions(env, stack, layer or (), terraform, local, endpoint_url)
    run = _start_run("down", options, as_json=as_json, yes=yes, with_dependents=with_dependents)
    run.dep.accept_state_loss = accept_state_loss

    def flow() -> Mapping[str, LayerResult]:
        return flows.down(
            run.dep,
            run.names,
            run.approve,
            with_dependents=with_dependents,
            parallelism=parallelism,
        )

    _run_flow(run, "Down", as_json, flow)


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
    opened = open_deployment(StackOptions(env, stack, layer or (), terraform, local, endpoint_url))
    found, problems = flows.outputs_by_layer(opened.dep, opened.names)
    if flat:
        print_json(views.flat_outputs(found, show_secrets))
    elif as_json:
        print_json(views.outputs_document(found, show_secrets))
    else:
        out.print(views.outputs_table(opened.dep.stack, found, show_secrets, list(problems)))
    for name, problem in problems.items():
        err.print(f"[bold red]{name}:[/] {escape(problem)}", highlight=False, soft_wrap=True)
    if problems:
        raise typer.Exit(1)  # the layers that could be read are shown above


def graph(
    env: EnvOption = "dev",
    stack: StackOption = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="tree, dot or mermaid.")
    ] = "tree",
) -> None:
    """Show the layer dependency graph."""
    the_stack = open_stack(env, stack)
    if output_format == "dot":
        out.print(views.graph_dot(the_stack), markup=False, highlight=False)
    elif output_format == "mermaid":
        out.print(views.graph_mermaid(the_stack), markup=False, highlight=False)
    elif output_format == "tree":
        out.print(views.graph_tree(the_stack))
    else:
        raise UsageError(f"unknown --format '{output_format}': use tree, dot or mermaid")


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
    opened = open_deployment(StackOptions(env, stack, layer or (), terraform, local, endpoint_url))
    dep = opened.dep
    rows = flows.layer_status(dep, opened.names)
    if as_json:
        print_json(
            {
                "stack": dep.stack.name,
                "environment": dep.stack.environment,
                "target": dep.target.name,
                "layers": rows,
            }
        )
    else:
        out.print(views.status_table(dep.stack, dep.target.name, rows))
    for row in rows:
        if row["problem"]:
            err.print(f"[bold red]{row['layer']}:[/] {escape(row['problem'])}", soft_wrap=True)
    if any(row["problem"] for row in rows):
        raise typer.Exit(1)


COMMANDS = (preview, up, down, outputs, graph, status)
