"""The media server's module tests under real Terraform: the real AWS provider and the
bundled schema-only one.

The real hashicorp/aws 5.100.0 is taken from a filesystem mirror
($STREAMCTL_AWS_PROVIDER_MIRROR, default /opt/tf-plugins); without one those tests skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from streamctl.offline import tftest as testing
from streamctl.offline.tftest import TestReport
from streamctl.terraform.engine import Terraform, find_terraform

from .hcl import MODULE_NAMES, MODULES

pytestmark = pytest.mark.integration

MIRROR = Path(os.environ.get("STREAMCTL_AWS_PROVIDER_MIRROR", "/opt/tf-plugins"))
PROVIDER = MIRROR / "registry.terraform.io" / "hashicorp" / "aws" / "5.100.0"
# Write-only attributes (value_wo) are missing from the schema-only plugin's schema.
NEEDS_WRITE_ONLY = ("ssm-config",)


def explain(report: TestReport) -> str:
    lines = [f"{report.name}: {report.summary}"]
    lines += [f"  run {r.run}: {r.status}" for r in report.runs if r.status != "pass"]
    lines += [f"  {d.severity}: {d.summary}: {d.detail}" for d in report.diagnostics]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def offline_reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, TestReport]:
    terraform: Terraform = find_terraform("terraform")
    work = tmp_path_factory.mktemp("mediaserver-offline")
    with ThreadPoolExecutor(max_workers=3) as pool:
        jobs = {
            name: pool.submit(testing.test_offline, terraform, [MODULES / name], work / name)
            for name in MODULE_NAMES
        }
        return {name: job.result()[0] for name, job in jobs.items()}


@pytest.mark.parametrize("module", [m for m in MODULE_NAMES if m not in NEEDS_WRITE_ONLY])
def test_module_tests_pass_with_the_offline_provider(
    offline_reports: dict[str, TestReport], module: str
) -> None:
    report = offline_reports[module]
    assert report.passed, explain(report)
    assert len(report.runs) >= 2  # the guide's values, then the rejected inputs


def test_ssm_config_offline_fails_only_where_write_only_attributes_are_missing(
    offline_reports: dict[str, TestReport],
) -> None:
    # Offline runs take the real provider from a mirror first; only the schema-only
    # fallback plugin lacks write-only attributes (value_wo) and must say so.
    report = offline_reports["ssm-config"]
    if "schema-only" not in (report.provider or ""):
        assert report.passed, explain(report)
        return
    details = " ".join(d.detail for d in report.diagnostics)
    assert 'not valid for "value_wo", because it is not a write-only attribute' in details


@pytest.fixture(scope="module")
def real_provider_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    if not PROVIDER.is_dir() or shutil.which("terraform") is None:
        pytest.skip(f"no hashicorp/aws 5.100.0 mirror at {MIRROR} or no terraform on PATH")
    home = tmp_path_factory.mktemp("real-provider")
    config = home / "terraformrc"
    config.write_text(
        "provider_installation {\n"
        f'  filesystem_mirror {{\n    path    = "{MIRROR}"\n'
        '    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n'
        '  direct {\n    exclude = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\n',
        encoding="utf-8",
    )
    env = {**os.environ, "TF_CLI_CONFIG_FILE": str(config), "TF_IN_AUTOMATION": "1"}
    env.pop("TF_PLUGIN_CACHE_DIR", None)
    yield env


@pytest.mark.parametrize("module", MODULE_NAMES)
def test_module_tests_pass_with_the_real_provider(
    real_provider_env: dict[str, str], tmp_path: Path, module: str
) -> None:
    # A copy: init must not leave .terraform or a lock file in the source tree. All of
    # modules/, so `../s3-bucket` (a module shared with the platform) resolves.
    shutil.copytree(MODULES, tmp_path / "modules", ignore=shutil.ignore_patterns(".terraform*"))
    copy = tmp_path / "modules" / module

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["terraform", *args, "-no-color"],
            cwd=copy,
            env=real_provider_env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )

    init = run("init", "-backend=false", "-input=false")
    assert init.returncode == 0, init.stdout + init.stderr
    result = run("test")
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 failed" in result.stdout and "Success!" in result.stdout
