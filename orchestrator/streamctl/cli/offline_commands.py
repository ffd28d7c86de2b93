"""Offline validation and tests: the functions `validate/test --offline` call, and the
`python -m streamctl.offline` app for running them (or Terraform) without a stack.
"""

from __future__ import annotations

import json
import os
import shlex
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from streamctl.cli.console import err, out, print_json
from streamctl.cli.handler import handled_app
from streamctl.errors import UsageError
from streamctl.manifest import Stack, load_stack
from streamctl.terraform.engine import Terraform, find_terraform
from streamctl.terraform.events import Diagnostic

# The offline machinery (protobuf, the plugin's schema) is imported by the commands that
# run it: every other command, and --help, would pay for loading it.
if TYPE_CHECKING:
    from streamctl.offline.mirror import OfflineProvider
    from streamctl.offline.tftest import TestReport, TestRun
    from streamctl.offline.validate import ValidationReport


def render_diagnostic(diagnostic: Diagnostic) -> None:
    """Terraform's words unwrapped: Rich would otherwise re-wrap them at 80 columns."""
    colour = "red" if diagnostic.severity == "error" else "yellow"
    heading = (
        f"  [bold {colour}]{diagnostic.severity.capitalize()}:[/] {escape(diagnostic.summary)}"
    )
    out.print(heading, soft_wrap=True)
    if diagnostic.location:
        out.print(f"    on {escape(diagnostic.location)}", soft_wrap=True)
    for line in diagnostic.detail.splitlines():
        out.print(f"    {escape(line)}", soft_wrap=True)


class Rows:
    """A row per directory (or stack run) as it finishes, then a total: long offline runs
    are never silent. Rows come from worker threads; Rich's console serialises them."""

    def __init__(self) -> None:
        self.started = time.monotonic()

    def _at(self) -> str:
        return f"[dim]{time.monotonic() - self.started:6.1f}s[/] "

    def validation(self, report: ValidationReport) -> None:
        mark = "[green]valid[/]" if report.valid else "[red]invalid[/]"
        stage = "" if report.valid or report.stage == "validate" else " (terraform init failed)"
        out.print(f"{self._at()}{escape(report.name)}: {mark}{stage}", soft_wrap=True)
        for diagnostic in report.diagnostics:
            render_diagnostic(diagnostic)

    def tests(self, report: TestReport) -> None:
        mark = "[green]pass[/]" if report.passed else "[red]fail[/]"
        runs = f" ({len(report.runs)} run{'s' if len(report.runs) != 1 else ''})"
        out.print(f"{self._at()}{escape(report.name)}: {mark}{runs}", soft_wrap=True)
        for run in report.runs:
            if run.status != "pass":  # passing runs are counted; the others are named
                out.print(f"    {escape(run.file)} run {escape(run.run)}: [red]{run.status}[/]")
        for diagnostic in report.diagnostics:
            render_diagnostic(diagnostic)

    def stack_run(self, name: str) -> Callable[[TestRun], None]:
        def say(run: TestRun) -> None:
            colour = {"pass": "green", "skip": "yellow"}.get(run.status, "red")
            out.print(
                f"{self._at()}{escape(name)}: run {escape(run.run)}: [{colour}]{run.status}[/]",
                soft_wrap=True,
            )

        return say

    def elapsed(self) -> str:
        return f"{time.monotonic() - self.started:.1f}s"

    def validation_total(self, reports: Sequence[ValidationReport]) -> None:
        bad = sum(not r.valid for r in reports)
        out.print(
            f"[bold]Total: {len(reports) - bad} valid, {bad} invalid, "
            f"{len(reports)} director{'y' if len(reports) == 1 else 'ies'} in {self.elapsed()}[/]"
        )

    def tests_total(self, reports: Sequence[TestReport]) -> None:
        failed = sum(not r.passed for r in reports)
        runs = [run for r in reports for run in r.runs]
        by_status = {s: sum(run.status == s for run in runs) for s in ("pass", "fail", "skip")}
        others = len(runs) - sum(by_status.values())
        counts = ", ".join(f"{n} {s}" for s, n in by_status.items())
        counts += f", {others} error" if others else ""
        out.print(
            f"[bold]Total: {len(reports) - failed} passed, {failed} failed; "
            f"{len(runs)} runs: {counts}; {self.elapsed()}[/]"
        )


def render_validation(reports: Sequence[ValidationReport]) -> None:
    rows = Rows()
    for report in reports:
        rows.validation(report)
    rows.validation_total(reports)


def _provider(work_dir: Path, provider_mirror: Path | None, as_json: bool) -> OfflineProvider:
    """The hashicorp/aws offline runs use, said up front: the real one's validators catch more."""
    from streamctl.offline.realprovider import offline_provider

    provider = offline_provider(work_dir, provider_mirror)
    if not as_json:
        out.print(f"Provider: {escape(provider.description)}", soft_wrap=True)
    return provider


def validate_offline_command(
    terraform: Terraform,
    targets: Sequence[tuple[str, Path]],
    work_dir: Path,
    as_json: bool,
    provider_mirror: Path | None = None,
) -> int:
    """`streamctl validate --offline`: exit code 1 when any target is invalid."""
    from streamctl.offline.validate import validate_offline

    provider = _provider(work_dir, provider_mirror, as_json)
    rows = Rows()
    on_report = None if as_json else rows.validation
    reports = validate_offline(terraform, targets, work_dir, provider, on_report=on_report)
    if as_json:
        print_json([r.to_json() for r in reports])
    else:
        rows.validation_total(reports)
    return 0 if all(r.ok for r in reports) else 1


def test_offline_command(
    terraform: Terraform,
    directories: Sequence[Path],
    work_dir: Path,
    as_json: bool,
    provider_mirror: Path | None = None,
) -> int:
    """Run `terraform test` offline in each directory; exit code 1 when any fails."""
    from streamctl.offline.tftest import test_offline

    provider = _provider(work_dir, provider_mirror, as_json)
    rows = Rows()
    on_report = None if as_json else rows.tests
    reports = test_offline(terraform, directories, work_dir, provider, on_report=on_report)
    if as_json:
        print_json([r.to_json() for r in reports])
    else:
        rows.tests_total(reports)
    return 0 if all(r.ok for r in reports) else 1


def test_modules_and_stack_offline_command(
    terraform: Terraform,
    module_dirs: Sequence[Path],
    stack: Stack,
    work_dir: Path,
    as_json: bool,
    layers: Sequence[str] | None = None,
    provider_mirror: Path | None = None,
) -> int:
    """Module tests, then the whole-stack dry run; --json gives one document for both."""
    from streamctl.offline.tftest import test_offline, test_stack_offline

    provider = _provider(work_dir, provider_mirror, as_json)
    rows = Rows()
    on_report = None if as_json else rows.tests
    modules = (
        test_offline(terraform, module_dirs, work_dir, provider, on_report=on_report)
        if module_dirs
        else []
    )
    on_run = None if as_json else rows.stack_run(f"stack {stack.name} ({stack.environment})")
    report = test_stack_offline(terraform, stack, work_dir, layers, provider, on_run=on_run)
    passed = report.passed and all(r.passed for r in modules)
    if as_json:
        print_json(
            {
                "passed": passed,
                "provider": provider.description,
                "modules": [r.to_json() for r in modules],
                "stack": report.to_json(),
            }
        )
    else:
        rows.tests(report)
        rows.tests_total([*modules, report])
    return 0 if passed else 1


def schema_command(
    terraform: Terraform,
    work_dir: Path,
    mirror: Path | None,
    mode: str | None,
    output: Path | None,
) -> int:
    """Print (or write) the schema Terraform sees from the provider offline runs would use."""
    from streamctl.offline.realprovider import MODE_ENV, offline_provider
    from streamctl.offline.schemadiff import canonical_gzip, terraform_schema

    environ = {**os.environ, MODE_ENV: mode} if mode else None
    provider = offline_provider(work_dir, mirror, environ)
    err.print(f"Provider: {escape(provider.description)}", soft_wrap=True)
    kind = "real" if provider.real else "schema-only"
    document = terraform_schema(terraform, provider, work_dir.resolve() / "schema" / kind)
    if output is None:
        print_json(document)
    elif output.name.endswith(".gz"):
        output.write_bytes(canonical_gzip(document))
    else:
        output.write_text(json.dumps(document, sort_keys=True, indent=1) + "\n", encoding="utf-8")
    return 0


def schema_diff_command(
    terraform: Terraform, work_dir: Path, mirror: Path | None, limit: int
) -> int:
    """Diff the schema-only plugin's schema against the real provider's, both via Terraform."""
    from streamctl.offline.mirror import prepare_mirror
    from streamctl.offline.realprovider import MODE_ENV, offline_provider
    from streamctl.offline.schemadiff import aws_entry, differences, terraform_schema

    real_provider = offline_provider(work_dir, mirror, {**os.environ, MODE_ENV: "real"})
    work = work_dir.resolve() / "schema"
    real = aws_entry(terraform_schema(terraform, real_provider, work / "real"))
    served = aws_entry(terraform_schema(terraform, prepare_mirror(work_dir), work / "schema-only"))
    found = differences(served, real)
    structural = differences(served, real, documentation=False)
    for line in found[:limit]:
        out.print(escape(line), soft_wrap=True)
    out.print(
        f"{len(found)} differences ({len(structural)} outside descriptions) between the "
        f"schema-only plugin and the {escape(real_provider.description)}",
        soft_wrap=True,
    )
    return 1 if found else 0


# -- python -m streamctl.offline ---------------------------------------------------------

offline_app = handled_app(
    "python -m streamctl.offline",
    "Terraform validate/test against the schema-only hashicorp/aws 5.100.0.",
)
Dirs = Annotated[list[Path], typer.Argument(help="Terraform module directories.")]


@offline_app.callback()
def _options(
    ctx: typer.Context,
    work_dir: Annotated[Path, typer.Option("--work-dir")] = Path(".streamctl/offline"),
    terraform: Annotated[
        str | None, typer.Option("--terraform", help="terraform/tofu path or name, or 'embedded'")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="machine-readable output")] = False,
    provider_mirror: Annotated[
        Path | None,
        typer.Option("--provider-mirror", help="a mirror holding the real hashicorp/aws 5.100.0"),
    ] = None,
) -> None:
    ctx.obj = _Given(work_dir, terraform, as_json, provider_mirror)


@dataclass(frozen=True)
class _Given:
    work_dir: Path
    terraform_name: str | None
    as_json: bool
    provider_mirror: Path | None

    @property
    def terraform(self) -> Terraform:
        return find_terraform(self.terraform_name)


@offline_app.command("validate")
def _validate(ctx: typer.Context, dirs: Dirs) -> None:
    """terraform validate each directory."""
    given: _Given = ctx.obj
    targets = [(str(d), d.resolve()) for d in dirs]
    code = validate_offline_command(
        given.terraform, targets, given.work_dir, given.as_json, given.provider_mirror
    )
    raise typer.Exit(code)


@offline_app.command("test")
def _test(ctx: typer.Context, dirs: Dirs) -> None:
    """terraform test in each directory (mock_provider "aws")."""
    given: _Given = ctx.obj
    code = test_offline_command(
        given.terraform, dirs, given.work_dir, given.as_json, given.provider_mirror
    )
    raise typer.Exit(code)


@offline_app.command("stack")
def _stack(
    ctx: typer.Context,
    manifest: Annotated[Path, typer.Argument(help="A stack manifest, e.g. live/dev/stack.toml.")],
    layer: Annotated[list[str] | None, typer.Option("--layer")] = None,
) -> None:
    """Dry-run a whole stack under the mock provider."""
    from streamctl.offline.tftest import test_stack_offline

    given: _Given = ctx.obj
    stack = load_stack(manifest)
    work = stack.state_dir / "offline"
    provider = _provider(work, given.provider_mirror, given.as_json)
    rows = Rows()
    on_run = None if given.as_json else rows.stack_run(f"stack {stack.name}")
    report = test_stack_offline(given.terraform, stack, work, layer, provider, on_run=on_run)
    if given.as_json:
        print_json(report.to_json())
    else:
        rows.tests(report)
        rows.tests_total([report])
    raise typer.Exit(0 if report.ok else 1)


@offline_app.command("env")
def _env(ctx: typer.Context) -> None:
    """Print shell exports for running terraform by hand."""
    from streamctl.offline.realprovider import offline_provider

    given: _Given = ctx.obj
    provider = offline_provider(given.work_dir, given.provider_mirror)
    print(f"# hashicorp/aws: {provider.description}")
    for key, value in provider.env().items():
        print(f"export {key}={shlex.quote(value)}")


@offline_app.command("schema")
def _schema(
    ctx: typer.Context,
    real: Annotated[bool, typer.Option("--real", help="the real provider, or an error")] = False,
    schema_only: Annotated[
        bool, typer.Option("--schema-only", help="the schema-only plugin")
    ] = False,
    output: Annotated[
        Path | None, typer.Option("--output", help="write here (.gz: canonical gzip)")
    ] = None,
) -> None:
    """Print `terraform providers schema -json` of the provider offline runs use."""
    given: _Given = ctx.obj
    if real and schema_only:
        raise UsageError("--real and --schema-only exclude each other: give one")
    mode = "real" if real else "schema-only" if schema_only else None
    code = schema_command(given.terraform, given.work_dir, given.provider_mirror, mode, output)
    raise typer.Exit(code)


@offline_app.command("schema-diff")
def _schema_diff(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option("--limit", help="differences to print")] = 50,
) -> None:
    """The schema-only plugin's schema against the real provider's; exit 1 on a difference."""
    given: _Given = ctx.obj
    code = schema_diff_command(given.terraform, given.work_dir, given.provider_mirror, limit)
    raise typer.Exit(code)


def offline_main() -> None:
    offline_app()
