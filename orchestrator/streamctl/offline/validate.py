"""`terraform init -backend=false` + `terraform validate -json` against the offline provider.

The provider is the real hashicorp/aws when a mirror on this machine holds it (its
validators run too), else the schema-only plugin: realprovider.offline_provider decides.
Each target gets a scratch copy, and a log of every Terraform command it ran beside it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from streamctl.files import exclusive
from streamctl.offline.mirror import OfflineProvider
from streamctl.offline.realprovider import offline_provider
from streamctl.redaction import Redactor
from streamctl.runlog import LayerLog
from streamctl.terraform.engine import Terraform
from streamctl.terraform.events import (
    Diagnostic,
    diagnostics_from_text,
    diagnostics_from_validate,
)
from streamctl.terraform.layer import EventSink, run_logged
from streamctl.terraform.workcopy import LOCK_FILE, scratch_copy, slug, source_path

PARALLEL_RUNS = 4


@dataclass(frozen=True)
class ValidationReport:
    name: str
    path: Path
    valid: bool
    diagnostics: tuple[Diagnostic, ...]
    stage: str  # "validate", or "init" when init failed first
    provider: str = ""  # which hashicorp/aws validated it (OfflineProvider.description)

    @property
    def ok(self) -> bool:
        return self.valid

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "path": str(self.path),
            "valid": self.valid,
            "stage": self.stage,
            "provider": self.provider,
            "diagnostics": [asdict(d) for d in self.diagnostics],
        }


@dataclass(frozen=True)
class OfflineRun:
    """Terraform in one scratch copy against the offline provider, every command logged."""

    terraform: Terraform
    workdir: Path  # where Terraform runs, inside the copy
    source: Path  # the directory the copy reproduces: diagnostics point there
    env: dict[str, str]
    log: LayerLog

    @classmethod
    def start(
        cls,
        terraform: Terraform,
        workdir: Path,
        source: Path,
        root: Path,
        provider: OfflineProvider,
    ) -> OfflineRun:
        env = {**provider.env(), "TF_DATA_DIR": str(root / "data")}
        return cls(terraform, workdir, source, env, LayerLog(root / "terraform.log", Redactor()))

    def run(
        self, *args: str, log_stdout: bool = True, on_event: EventSink | None = None
    ) -> tuple[int, str, str]:
        """(exit code, stdout, stderr); stdout stays out of the log when it is a document."""
        result, _ = run_logged(
            self.terraform,
            args,
            cwd=self.workdir,
            env=self.env,
            log=self.log,
            log_stdout=log_stdout,
            on_event=on_event,
        )
        return result.returncode, result.stdout, result.stderr

    def in_source(self, filename: str) -> str:
        return source_path(self.workdir, self.source, filename)

    def init(self) -> tuple[Diagnostic, ...]:
        """Init against the offline mirror; the diagnostics when it failed, else ()."""
        # A source lock file pins the real provider's hashes; the copy never has one.
        (self.workdir / LOCK_FILE).unlink(missing_ok=True)
        code, stdout, stderr = self.run("init", "-backend=false", "-input=false", "-no-color")
        return diagnostics_from_text(stderr + stdout, self.in_source) if code else ()


def validate_one(
    terraform: Terraform, name: str, source: Path, work_dir: Path, provider: OfflineProvider
) -> ValidationReport:
    source = source.resolve()
    if not source.is_dir():
        missing = Diagnostic("error", "No such directory", f"{source} does not exist")
        return ValidationReport(name, source, False, (missing,), "init")
    root = work_dir / "validate" / slug(name, source)
    # Another streamctl run may be using this target's working copy: wait for it.
    with exclusive(root.with_name(root.name + ".lock")):
        return _validate_in(terraform, name, source, root, provider)


def _validate_in(
    terraform: Terraform, name: str, source: Path, root: Path, provider: OfflineProvider
) -> ValidationReport:
    run = OfflineRun.start(terraform, scratch_copy(source, root), source, root, provider)
    if init_failed := run.init():
        return ValidationReport(name, source, False, init_failed, "init")
    code, stdout, stderr = run.run("validate", "-json", "-no-color")
    try:
        document: dict[str, Any] = json.loads(stdout)
    except ValueError:
        failed = Diagnostic("error", "terraform validate failed", (stderr or stdout).strip())
        return ValidationReport(name, source, False, (failed,), "validate")
    diagnostics = tuple(diagnostics_from_validate(document, run.in_source))
    valid = bool(document.get("valid")) and code == 0
    return ValidationReport(name, source, valid, diagnostics, "validate")


def validate_offline(
    terraform: Terraform,
    targets: Sequence[tuple[str, Path]],
    work_dir: Path,
    provider: OfflineProvider | None = None,
    on_report: Callable[[ValidationReport], None] | None = None,
) -> list[ValidationReport]:
    """Validate each (name, directory) offline; reports come back in the given order,
    and to `on_report` as each finishes (so a long run shows progress).

    `provider` defaults to the real hashicorp/aws if found, else the schema-only plugin.
    """
    work_dir = work_dir.resolve()
    chosen = provider or offline_provider(work_dir)

    def one(name: str, path: Path) -> ValidationReport:
        report = replace(
            validate_one(terraform, name, path, work_dir=work_dir, provider=chosen),
            provider=chosen.description,
        )
        if on_report is not None:
            on_report(report)
        return report

    with ThreadPoolExecutor(max_workers=PARALLEL_RUNS) as pool:
        jobs = [pool.submit(one, name, path) for name, path in targets]
        return [job.result() for job in jobs]
