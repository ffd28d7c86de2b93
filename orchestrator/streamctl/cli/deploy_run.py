"""What preview, up and down share: opening the run, its approvals, and how it ends.

A run reports to two sinks: the live view (cli.progress) and a Timeline
(report.timeline). When it ends, one report document (report.document) is built from
the results, the timeline and the approvals; the summary on screen, `--report FILE.json`
and `--report FILE.html` are all rendered from it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape

from streamctl.cli import interrupts, views
from streamctl.cli.approval_prompt import Asker, approval_gate
from streamctl.cli.console import err, out, print_json
from streamctl.cli.handler import INTERRUPTED_EXIT_CODE
from streamctl.cli.progress import LiveView, PlainProgress, live_view
from streamctl.cli.review_screen import review_screen
from streamctl.cli.session import StackOptions, open_deployment, require_terminal
from streamctl.cli.summary import summary
from streamctl.deploy import flows
from streamctl.deploy.deployment import Deployment
from streamctl.deploy.runlock import hold_run_lock
from streamctl.errors import UsageError
from streamctl.report import document
from streamctl.report.timeline import Tee, Timeline
from streamctl.results import Interrupted, LayerResult, Outcome
from streamctl.review.approval import ApprovalGate, Kind, Review
from streamctl.runs.history import prune

CHANGES_EXIT_CODE = 2  # preview --detailed-exitcode: something would change


@dataclass(frozen=True)
class Run:
    command: str  # preview, up or down
    names: list[str]
    dep: Deployment
    progress: LiveView
    timeline: Timeline
    gate: ApprovalGate
    console: Console  # where reviews and questions go (stderr under --json)


def check_reports(paths: Sequence[Path]) -> None:
    for path in paths:
        if path.suffix.lower() not in document.REPORT_FORMATS:
            raise UsageError(
                f"--report {path}: name a .json or .html file (the suffix picks the format)"
            )


def start_run(
    command: str,
    options: StackOptions,
    *,
    as_json: bool,
    yes: bool = True,
    approve_each: bool = False,
    needs_terminal: bool = True,
    with_deps: bool = False,
    with_dependents: bool = False,
) -> Run:
    if not yes and needs_terminal:
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
    dep = opened.dep
    timeline = Timeline()
    dep.progress = Tee(progress, timeline)
    asker = Asker(
        console=console,
        paused=progress.paused,
        redact=dep.redact,
        environment=dep.stack.environment,
        type_environment=command == "down" and not dep.target.emulated,
    )
    gate = approval_gate(asker, yes=yes, each=approve_each)
    return Run(command, opened.names, dep, progress, timeline, gate, console)


def _exit_code(results: Mapping[str, LayerResult], detailed: bool) -> int:
    if flows.failed(results) or flows.was_declined(results):
        return 1
    if detailed:
        pending = {Outcome.PLANNED, Outcome.WAITING}
        return CHANGES_EXIT_CODE if any(r.outcome in pending for r in results.values()) else 0
    return 0


def _outputs(run: Run, results: Mapping[str, LayerResult]) -> dict[str, dict[str, Any]]:
    """The outputs of the layers this run applied (values redacted; masked on screen)."""
    return {
        name: {
            key: (run.dep.redact(v.value) if isinstance(v.value, str) else v.value, v.sensitive)
            for key, v in run.dep.outputs(name).items()
        }
        for name, result in results.items()
        if result.outcome is Outcome.APPLIED
    }


def run_flow(
    run: Run,
    flow: Callable[[], Mapping[str, LayerResult]],
    *,
    as_json: bool,
    reports: Sequence[Path] = (),
    detailed_exitcode: bool = False,
) -> None:
    """Run a flow under the run lock, then finish; an interrupt (Ctrl-C, SIGTERM,
    SIGHUP) still prints the summary and writes the reports, and exits 130."""
    try:
        with hold_run_lock(run.dep.env_dir, run.command), run.progress.running():
            results = flow()
    except Interrupted as stop:
        with interrupts.held_off():
            finish(run, stop.results, as_json=as_json, reports=reports, interrupted=True)
    with interrupts.held_off():
        finish(run, results, as_json=as_json, reports=reports, detailed_exitcode=detailed_exitcode)


def _with_target_problem(
    dep: Deployment, results: Mapping[str, LayerResult]
) -> tuple[dict[str, LayerResult], str | None]:
    """Reasons redacted (they can quote Terraform's errors, and those values); a target
    that failed under the run (an emulator that died) named in every failure as the cause."""
    redacted = {n: replace(r, reason=dep.redact(r.reason)) for n, r in results.items()}
    problem = dep.target.health()
    if problem:
        redacted = {
            n: replace(r, reason=f"{r.reason}\n{problem}") if r.outcome is Outcome.FAILED else r
            for n, r in redacted.items()
        }
    return redacted, problem


def finish(
    run: Run,
    results: Mapping[str, LayerResult],
    *,
    as_json: bool,
    reports: Sequence[Path] = (),
    detailed_exitcode: bool = False,
    interrupted: bool = False,
) -> None:
    """Print the summary (or the --json document), write the reports, prune old logs,
    and exit with the run's code."""
    dep = run.dep
    run.timeline.finish()
    results, target_problem = _with_target_problem(dep, results)
    code = INTERRUPTED_EXIT_CODE if interrupted else _exit_code(results, detailed_exitcode)
    doc = dep.redact.data(
        document.build(
            document.RunFacts(
                command=run.command,
                stack=dep.stack.name,
                environment=dep.stack.environment,
                target=dep.target.name,
                run_id=dep.run_id,
                log_dir=str(dep.log_dir),
                upstream={n: dep.stack.layers[n].upstream for n in results},
                results={n: r.as_json() for n, r in results.items()},
                timeline=run.timeline,
                plans=dep.reviews,
                decisions=run.gate.decisions,
                exit_code=code,
            )
        )
    )
    written = [document.write(path, doc) for path in reports]
    prune(dep.env_dir / "logs", dep.stack.keep_runs)
    if as_json:
        doc_json = views.run_document(dep.stack, dep.target.name, str(dep.log_dir), results)
        print_json(dep.redact.data(doc_json))
    else:
        _print_summary(run, results, doc, written, emulator_alive=not target_problem)
    if target_problem:
        err.print(f"[bold red]{escape(target_problem)}[/]", highlight=False, soft_wrap=True)
    if interrupted:
        forced = dep.terraform.forced_stop()
        err.print(interrupts.message(forced=forced, command=run.command), soft_wrap=True)
    elif flows.was_declined(results):
        err.print("Not approved: those changes were not applied.")
    if code:
        raise typer.Exit(code)


def _print_summary(
    run: Run,
    results: Mapping[str, LayerResult],
    doc: Mapping[str, Any],
    written: list[Path],
    *,
    emulator_alive: bool,
) -> None:
    dep = run.dep
    if run.command == "preview":
        planned, waiting = flows.first_review(dep, results)
        if planned:
            review = Review(Kind.FIRST, tuple(planned), tuple(waiting))
            out.print(review_screen(review, dep.redact, asking=False))
    out.print(summary(doc, run.command.capitalize(), _outputs(run, results)))
    if dep.log_dir.is_dir():
        out.print(f"Logs: {dep.log_dir}", soft_wrap=True)
    for path in written:
        out.print(f"Report: {path}", soft_wrap=True)
    if dep.target.name == "local" and emulator_alive:
        out.print(
            f"The local AWS emulator keeps running at {dep.target.endpoint}: "
            "`streamctl local stop` ends it (and its resources)."
        )
    by_reason: dict[str, list[str]] = {}
    for result in results.values():
        if result.outcome is Outcome.FAILED:
            by_reason.setdefault(result.reason, []).append(result.name)  # redacted in finish
    for reason, names in by_reason.items():
        err.print(f"[bold red]{', '.join(names)} failed:[/]", highlight=False)
        # soft_wrap: paths and commands in the reason stay whole for copy and paste
        err.print(reason, markup=False, highlight=False, soft_wrap=True)
