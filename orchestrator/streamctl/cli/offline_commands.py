"""Thin command functions over offline validation and tests: run, render, exit code."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.markup import escape

from streamctl.cli.console import err, out
from streamctl.offline.mirror import OfflineProvider, prepare_mirror
from streamctl.offline.realprovider import MODE_ENV, offline_provider
from streamctl.offline.schemadiff import aws_entry, canonical_gzip, differences, terraform_schema
from streamctl.offline.testing import TestReport, test_offline, test_stack_offline
from streamctl.offline.validate import Diagnostic, ValidationReport, validate_offline
from streamctl.terraform.engine import Terraform


def _print_json(document: Any) -> None:
    # Plain print: Rich would wrap long lines and break the JSON for machines.
    print(json.dumps(document, indent=2))


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


def render_validation(reports: Sequence[ValidationReport]) -> None:
    for report in reports:
        mark = "[green]valid[/]" if report.valid else "[red]invalid[/]"
        stage = "" if report.valid or report.stage == "validate" else " (terraform init failed)"
        out.print(f"{escape(report.name)}: {mark}{stage}", soft_wrap=True)
        for diagnostic in report.diagnostics:
            render_diagnostic(diagnostic)
    bad = sum(not r.valid for r in reports)
    out.print(f"{len(reports) - bad} valid, {bad} invalid")


def render_tests(reports: Sequence[TestReport]) -> None:
    for report in reports:
        mark = "[green]pass[/]" if report.passed else "[red]fail[/]"
        out.print(f"{escape(report.name)}: {mark}", soft_wrap=True)
        for run in report.runs:
            colour = {"pass": "green", "skip": "yellow"}.get(run.status, "red")
            line = f"  {escape(run.file)} run {escape(run.run)}: [{colour}]{run.status}[/]"
            out.print(line, soft_wrap=True)
        for diagnostic in report.diagnostics:
            render_diagnostic(diagnostic)


def announce(provider: OfflineProvider, as_json: bool) -> None:
    """Say up front which hashicorp/aws runs: the real one's validators catch more."""
    if not as_json:
        out.print(f"Provider: {escape(provider.description)}", soft_wrap=True)


def validate_offline_command(
    terraform: Terraform,
    targets: Sequence[tuple[str, Path]],
    work_dir: Path,
    as_json: bool,
    provider_mirror: Path | None = None,
) -> int:
    """`streamctl validate --offline`: exit code 1 when any target is invalid."""
    provider = offline_provider(work_dir, provider_mirror)
    announce(provider, as_json)
    reports = validate_offline(terraform, targets, work_dir, provider)
    if as_json:
        _print_json([r.to_json() for r in reports])
    else:
        render_validation(reports)
    return 1 if any(not r.valid for r in reports) else 0


def test_offline_command(
    terraform: Terraform,
    directories: Sequence[Path],
    work_dir: Path,
    as_json: bool,
    provider_mirror: Path | None = None,
) -> int:
    """Run `terraform test` offline in each directory; exit code 1 when any fails."""
    provider = offline_provider(work_dir, provider_mirror)
    announce(provider, as_json)
    reports = test_offline(terraform, directories, work_dir, provider)
    if as_json:
        _print_json([r.to_json() for r in reports])
    else:
        render_tests(reports)
    return 1 if any(not r.passed for r in reports) else 0


def test_stack_offline_command(
    terraform: Terraform,
    stack: Any,
    work_dir: Path,
    as_json: bool,
    layers: Sequence[str] | None = None,
    provider_mirror: Path | None = None,
) -> int:
    """`streamctl test --offline`: every layer planned and applied under mock_provider "aws"."""
    provider = offline_provider(work_dir, provider_mirror)
    announce(provider, as_json)
    report = test_stack_offline(terraform, stack, work_dir, layers, provider)
    if as_json:
        _print_json(report.to_json())
    else:
        render_tests([report])
    return 0 if report.passed else 1


def test_modules_and_stack_offline_command(
    terraform: Terraform,
    module_dirs: Sequence[Path],
    stack: Any,
    work_dir: Path,
    as_json: bool,
    layers: Sequence[str] | None = None,
    provider_mirror: Path | None = None,
) -> int:
    """Module tests, then the whole-stack dry run; --json gives one document for both."""
    provider = offline_provider(work_dir, provider_mirror)
    announce(provider, as_json)
    modules = test_offline(terraform, module_dirs, work_dir, provider) if module_dirs else []
    report = test_stack_offline(terraform, stack, work_dir, layers, provider)
    passed = report.passed and all(r.passed for r in modules)
    if as_json:
        _print_json(
            {
                "passed": passed,
                "provider": provider.description,
                "modules": [r.to_json() for r in modules],
                "stack": report.to_json(),
            }
        )
    else:
        render_tests([*modules, report])
    return 0 if passed else 1


def schema_command(
    terraform: Terraform,
    work_dir: Path,
    mirror: Path | None,
    mode: str | None,
    output: Path | None,
) -> int:
    """Print (or write) the schema Terraform sees from the provider offline runs would use."""
    environ = {**os.environ, MODE_ENV: mode} if mode else None
    provider = offline_provider(work_dir, mirror, environ)
    err.print(f"Provider: {escape(provider.description)}", soft_wrap=True)
    kind = "real" if provider.real else "schema-only"
    document = terraform_schema(terraform, provider, work_dir.resolve() / "schema" / kind)
    if output is None:
        _print_json(document)
    elif output.name.endswith(".gz"):
        output.write_bytes(canonical_gzip(document))
    else:
        output.write_text(json.dumps(document, sort_keys=True, indent=1) + "\n", encoding="utf-8")
    return 0


def schema_diff_command(
    terraform: Terraform, work_dir: Path, mirror: Path | None, limit: int
) -> int:
    """Diff the schema-only plugin's schema against the real provider's, both via Terraform."""
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
