"""`preview`, `up`, `down`, `outputs`, `status` and `graph`: thin commands over deploy/.

What a command runs is imported in its body: --help reads only the signatures.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from streamctl.cli.console import err, out, print_json
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
from streamctl.cli.session import StackOptions, open_deployment
from streamctl.errors import StreamctlError, UsageError

if TYPE_CHECKING:
    from streamctl.cli.deploy_run import Run
    from streamctl.results import LayerResult

ReportOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--report",
        metavar="FILE",
        help="Write a run report: FILE.json (schema: docs/run-report.md) or FILE.html "
        "(a self-contained page); repeatable.",
        dir_okay=False,
    ),
]
AcceptStateLossOption = Annotated[
    bool,
    typer.Option(
        "--accept-state-loss",
        help="Plan even where a layer's state lost resources streamctl left in it.",
    ),
]


def preview(
    env: EnvOption = None,
    stack: StackOption = None,
    layer: LayerOption = None,
    with_deps: WithDepsOption = False,
    with_dependents: WithDependentsOption = False,
    parallelism: ParallelismOption = None,
    as_json: JsonOption = False,
    terraform: TerraformOption = None,
    local: LocalOption = False,
    endpoint_url: EndpointOption = None,
    detailed_exitcode: Annotated[
        bool,
        typer.Option(
            "--detailed-exitcode",
            help="Exit 0 when nothing would change, 2 when something would, 1 on errors.",
        ),
    ] = False,
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out",
            metavar="DIR",
            help="Save the plan set (every saved plan, and the state each was made "
            "against) for `up --plans DIR`.",
            file_okay=False,
        ),
    ] = None,
    report: ReportOption = None,
    accept_state_loss: AcceptStateLossOption = False,
) -> None:
    """Plan the selected layers and show what would change."""
    from streamctl.cli.deploy_run import CHANGES_EXIT_CODE, check_reports, run_flow, start_run
    from streamctl.deploy import flows

    options = StackOptions(
        env, stack, layer or (), terraform, local, endpoint_url, accept_state_loss
    )
    reports = report or []

    def flow(run: Run) -> Mapping[str, LayerResult]:
        # The preview's review shows resources, never attributes (`show LAYER` does).
        results = flows.preview(run.dep, run.names, parallelism, brief=True)
        if out_dir is None:
            return results
        if flows.failed(results):
            err.print(f"Plan set not written to {out_dir}: a layer failed to plan.")
        else:
            saved = flows.save_plan_set(run.dep, results, out_dir)
            run.console.print(f"Plan set: {saved.parent} ({len(run.dep.reviews)} saved plan(s))")
        return results

    try:
        check_reports(reports)
        run = start_run(
            "preview",
            options,
            as_json=as_json,
            with_deps=with_deps,
            with_dependents=with_dependents,
        )
        run_flow(
            run,
            lambda: flow(run),
            as_json=as_json,
            reports=reports,
            detailed_exitcode=detailed_exitcode,
        )
    except StreamctlError as exc:
        if detailed_exitcode and exc.exit_code == CHANGES_EXIT_CODE:
            exc.exit_code = 1  # 2 means "changes" here: every error is 1
        raise


def up(
    env: EnvOption = None,
    stack: StackOption = None,
    layer: LayerOption = None,
    with_deps: WithDepsOption = False,
    with_dependents: WithDependentsOption = False,
    yes: YesOption = False,
    approve_each: Annotated[
        bool,
        typer.Option(
            "--approve-each",
            help="Ask again for every layer planned later, not only for those that "
            "update, replace or destroy.",
        ),
    ] = False,
    plans: Annotated[
        Path | None,
        typer.Option(
            "--plans",
            metavar="DIR",
            help="Apply exactly the plan set `preview --out DIR` saved; refused, before "
            "anything applies, when any layer's state moved since.",
            file_okay=False,
            exists=True,
        ),
    ] = None,
    parallelism: ParallelismOption = None,
    as_json: JsonOption = False,
    terraform: TerraformOption = None,
    local: LocalOption = False,
    endpoint_url: EndpointOption = None,
    report: ReportOption = None,
    accept_state_loss: AcceptStateLossOption = False,
) -> None:
    """Plan, approve once, and apply the selected layers in dependency order."""
    from streamctl.cli.deploy_run import check_reports, run_flow, start_run
    from streamctl.deploy import flows
    from streamctl.deploy.planset import load as load_plan_set

    options = StackOptions(
        env, stack, layer or (), terraform, local, endpoint_url, accept_state_loss
    )
    reports = report or []
    check_reports(reports)
    plan_set = load_plan_set(plans) if plans is not None else None
    run = start_run(
        "up",
        options,
        as_json=as_json,
        yes=yes,
        approve_each=approve_each,
        needs_terminal=plan_set is None,  # the saved plan set was reviewed already
        with_deps=with_deps,
        with_dependents=with_dependents,
    )
    run_flow(
        run,
        lambda: flows.up(run.dep, run.names, run.gate, parallelism=parallelism, plan_set=plan_set),
        as_json=as_json,
        reports=reports,
    )


def down(
    env: EnvOption = None,
    stack: StackOption = None,
    layer: LayerOption = None,
    with_dependents: WithDependentsOption = False,
    yes: YesOption = False,
    parallelism: ParallelismOption = None,
    as_json: JsonOption = False,
    terraform: TerraformOption = None,
    local: LocalOption = False,
    endpoint_url: EndpointOption = None,
    report: ReportOption = None,
    accept_state_loss: AcceptStateLossOption = False,
) -> None:
    """Destroy the selected layers, dependents first."""
    from streamctl.cli.deploy_run import check_reports, run_flow, start_run
    from streamctl.deploy import flows

    options = StackOptions(
        env, stack, layer or (), terraform, local, endpoint_url, accept_state_loss
    )
    reports = report or []
    check_reports(reports)
    run = start_run("down", options, as_json=as_json, yes=yes, with_dependents=with_dependents)

    def flow() -> Mapping[str, LayerResult]:
        return flows.down(
            run.dep,
            run.names,
            run.gate,
            with_dependents=with_dependents,
            parallelism=parallelism,
        )

    run_flow(run, flow, as_json=as_json, reports=reports)


def outputs(
    env: EnvOption = None,
    stack: StackOption = None,
    layer: LayerOption = None,
    as_json: JsonOption = False,
    flat: Annotated[
        bool,
        typer.Option(
            "--flat",
            help="One flat JSON object of every output (sensitive ones only with --show-secrets).",
        ),
    ] = False,
    show_secrets: Annotated[
        bool, typer.Option("--show-secrets", help="Do not mask sensitive values.")
    ] = False,
    terraform: TerraformOption = None,
    local: LocalOption = False,
    endpoint_url: EndpointOption = None,
) -> None:
    """Show the outputs of every applied layer, read from state."""
    from streamctl.cli import views
    from streamctl.deploy import flows

    opened = open_deployment(StackOptions(env, stack, layer or (), terraform, local, endpoint_url))
    found, problems = flows.outputs_by_layer(opened.dep, opened.names)
    if flat:
        values, left_out = views.flat_outputs(found, show_secrets)
        print_json(values)
        if left_out:
            err.print(
                f"Left out {len(left_out)} sensitive output(s): {', '.join(left_out)}; "
                "--show-secrets includes them.",
                highlight=False,
            )
    elif as_json:
        print_json(views.outputs_document(found, show_secrets))
    else:
        out.print(views.outputs_table(opened.dep.stack, found, show_secrets, list(problems)))
    for name, problem in problems.items():
        err.print(f"[bold red]{name}:[/] {escape(problem)}", highlight=False, soft_wrap=True)
    if problems:
        raise typer.Exit(1)  # the layers that could be read are shown above


def graph(
    env: EnvOption = None,
    stack: StackOption = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", metavar="tree|dot|mermaid", help="How to draw it.")
    ] = "tree",
    as_json: JsonOption = False,
) -> None:
    """Show the layer dependency graph."""
    from streamctl.cli import views

    the_stack = open_stack(env, stack)
    if as_json:
        print_json(views.graph_document(the_stack))
    elif output_format == "dot":
        out.print(views.graph_dot(the_stack), markup=False, highlight=False)
    elif output_format == "mermaid":
        out.print(views.graph_mermaid(the_stack), markup=False, highlight=False)
    elif output_format == "tree":
        out.print(views.graph_tree(the_stack))
    else:
        raise UsageError(f"unknown --format '{output_format}': use tree, dot or mermaid")


def status(
    env: EnvOption = None,
    stack: StackOption = None,
    layer: LayerOption = None,
    as_json: JsonOption = False,
    terraform: TerraformOption = None,
    local: LocalOption = False,
    endpoint_url: EndpointOption = None,
) -> None:
    """Per layer: applied or not, resource count, last run result and time."""
    from streamctl.cli import views
    from streamctl.deploy import flows

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
