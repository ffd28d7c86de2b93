"""`terraform init -backend=false` + `terraform validate -json` against the offline provider.

The provider is the real hashicorp/aws when a mirror on this machine holds it (its
validators run too), else the schema-only plugin: realprovider.offline_provider decides.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from streamctl.files import exclusive
from streamctl.offline.mirror import OfflineProvider
from streamctl.offline.realprovider import offline_provider
from streamctl.offline.workcopy import slug, source_path, working_copy
from streamctl.terraform.engine import Terraform

PARALLEL_RUNS = 4


@dataclass(frozen=True)
class Diagnostic:
    """One Terraform diagnostic, verbatim, with its place in the source tree."""

    severity: str  # "error" or "warning"
    summary: str
    detail: str
    filename: str = ""
    line: int = 0
    column: int = 0

    @property
    def location(self) -> str:
        return f"{self.filename}:{self.line}" if self.filename else ""


@dataclass(frozen=True)
class ValidationReport:
    name: str
    path: Path
    valid: bool
    diagnostics: tuple[Diagnostic, ...]
    stage: str  # "validate", or "init" when init failed first
    provider: str = ""  # which hashicorp/aws validated it (OfflineProvider.description)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "path": str(self.path),
            "valid": self.valid,
            "stage": self.stage,
            "provider": self.provider,
            "diagnostics": [asdict(d) for d in self.diagnostics],
        }


def diagnostic_from_json(raw: dict[str, Any], workdir: Path, source: Path) -> Diagnostic:
    where = raw.get("range") or {}
    start = where.get("start") or {}
    return Diagnostic(
        severity=str(raw.get("severity", "error")),
        summary=str(raw.get("summary", "")),
        detail=str(raw.get("detail", "")),
        filename=source_path(workdir, source, str(where.get("filename", ""))),
        line=int(start.get("line", 0)),
        column=int(start.get("column", 0)),
    )


HUMAN_DIAGNOSTIC = re.compile(r"^(Error|Warning): (.*)$", re.M)
HUMAN_LOCATION = re.compile(r"^\s*on (\S+) line (\d+)", re.M)


def diagnostics_from_text(text: str, workdir: Path, source: Path) -> tuple[Diagnostic, ...]:
    """Diagnostics from Terraform's human output (init has no -json in Terraform 1.11)."""
    marks = list(HUMAN_DIAGNOSTIC.finditer(text))
    found: list[Diagnostic] = []
    for index, mark in enumerate(marks):
        end = marks[index + 1].start() if index + 1 < len(marks) else len(text)
        body = text[mark.end() : end]
        location = HUMAN_LOCATION.search(body)
        detail_lines = [
            line for line in body.strip("\n").splitlines() if not HUMAN_LOCATION.match(line)
        ]
        # Drop the quoted source snippet ("  12: resource ...") Terraform prints under "on".
        detail = "\n".join(ln for ln in detail_lines if not re.match(r"^\s*\d+:", ln)).strip()
        found.append(
            Diagnostic(
                severity=mark[1].lower(),
                summary=mark[2].strip(),
                detail=detail,
                filename=source_path(workdir, source, location[1]) if location else "",
                line=int(location[2]) if location else 0,
            )
        )
    if not found and text.strip():
        found.append(Diagnostic("error", "terraform init failed", text.strip()))
    return tuple(found)


def init_offline(
    terraform: Terraform, workdir: Path, source: Path, provider: OfflineProvider, data_dir: Path
) -> tuple[bool, tuple[Diagnostic, ...], dict[str, str]]:
    """Init `workdir` against the offline mirror; (ok, diagnostics, env for later runs)."""
    env = {**provider.env(), "TF_DATA_DIR": str(data_dir)}
    (workdir / ".terraform.lock.hcl").unlink(missing_ok=True)
    result = terraform.run(
        ["init", "-backend=false", "-input=false", "-no-color"], cwd=workdir, env=env
    )
    if result.returncode != 0:
        return False, diagnostics_from_text(result.stderr + result.stdout, workdir, source), env
    return True, (), env


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
    workdir = working_copy(source, root)
    ok, init_diagnostics, env = init_offline(terraform, workdir, source, provider, root / "data")
    if not ok:
        return ValidationReport(name, source, False, init_diagnostics, "init")
    result = terraform.run(["validate", "-json", "-no-color"], cwd=workdir, env=env)
    try:
        document: dict[str, Any] = json.loads(result.stdout)
    except ValueError:
        failed = Diagnostic(
            "error", "terraform validate failed", (result.stderr or result.stdout).strip()
        )
        return ValidationReport(name, source, False, (failed,), "validate")
    diagnostics = tuple(
        diagnostic_from_json(raw, workdir, source) for raw in document.get("diagnostics", [])
    )
    valid = bool(document.get("valid")) and result.returncode == 0
    return ValidationReport(name, source, valid, diagnostics, "validate")


def validate_offline(
    terraform: Terraform,
    targets: Sequence[tuple[str, Path]],
    work_dir: Path,
    provider: OfflineProvider | None = None,
) -> list[ValidationReport]:
    """Validate each (name, directory) offline; reports come back in the given order.

    `provider` defaults to the real hashicorp/aws if found, else the schema-only plugin.
    """
    work_dir = work_dir.resolve()
    chosen = provider or offline_provider(work_dir)
    with ThreadPoolExecutor(max_workers=PARALLEL_RUNS) as pool:
        jobs = [
            pool.submit(validate_one, terraform, name, path, work_dir, chosen)
            for name, path in targets
        ]
        return [replace(job.result(), provider=chosen.description) for job in jobs]
