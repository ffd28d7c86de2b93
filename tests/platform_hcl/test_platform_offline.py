"""The platform's HCL under real Terraform and the offline AWS 5.100.0 schema.

Every layer and module validates; every module's `tests/*.tftest.hcl` passes under
`mock_provider "aws"`; the whole stack plans and applies layer by layer, wired as the
manifest says (issue 4, "Verification").
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from streamctl.manifest import load_stack
from streamctl.offline import tftest
from streamctl.offline.tftest import TestReport
from streamctl.offline.validate import validate_offline
from streamctl.terraform.engine import Terraform, find_terraform

from .test_platform_structure import LAYERS, LIVE, MODULE_NAMES, MODULES

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def terraform() -> Terraform:
    return find_terraform("terraform")


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("platform-offline")


def explain(report: TestReport) -> str:
    lines = [f"{report.name}: {report.summary}"]
    lines += [f"  run {r.run}: {r.status}" for r in report.runs if r.status != "pass"]
    lines += [f"  {d.severity}: {d.summary}: {d.detail} ({d.filename})" for d in report.diagnostics]
    return "\n".join(lines)


def test_every_layer_and_module_validates(terraform: Terraform, work: Path) -> None:
    targets = [(f"live/dev/{n}", LIVE / n) for n in LAYERS]
    targets += [(f"modules/{n}", MODULES / n) for n in MODULE_NAMES]
    reports = validate_offline(terraform, targets, work / "validate")
    invalid = {
        r.name: [f"{d.summary}: {d.detail}" for d in r.diagnostics] for r in reports if not r.valid
    }
    assert invalid == {}
    assert len(reports) == 18


def test_every_module_passes_its_terraform_tests(terraform: Terraform, work: Path) -> None:
    # One directory per call, three at a time: each call is its own init + test.
    with ThreadPoolExecutor(max_workers=3) as pool:
        jobs = [
            pool.submit(tftest.test_offline, terraform, [MODULES / name], work / "modules" / name)
            for name in MODULE_NAMES
        ]
        reports = [report for job in jobs for report in job.result()]
    failed = [explain(r) for r in reports if not r.passed]
    assert failed == []
    runs = {r.name: len(r.runs) for r in reports}
    # Each module asserts the document's values and rejects bad input: several runs each.
    assert all(count >= 2 for count in runs.values()), runs
    assert sum(runs.values()) >= 40


def test_whole_stack_dry_run_applies_every_layer_in_dependency_order(
    terraform: Terraform, work: Path
) -> None:
    stack = load_stack(LIVE / "stack.toml")
    report = tftest.test_stack_offline(terraform, stack, work / "stack")
    assert report.passed, explain(report)
    assert [r.run for r in report.runs] == stack.order()
    assert all(r.status == "pass" for r in report.runs)
