"""The platform's HCL under the real hashicorp/aws provider (issue 8, item 4).

The schema-only plugin checks names, types and block nesting. The real provider also
runs its validators (ARNs, JSON policies, enums, AWS name rules) on every known value:
on the configuration at validate and plan time, and on what `mock_provider` invents
for computed attributes when a `run` applies. So every module's `terraform test` must
pass with it, which holds the mocks to values AWS would return.

The provider comes from an unpacked filesystem mirror (conftest's `real_aws_mirror`:
$STREAMCTL_PROVIDER_MIRROR, else /opt/tf-plugins) through streamctl's own CLI config.
Where none holds it the tests skip, unless one is expected (CI is set): then they fail.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from streamctl.terraform.engine import Terraform, find_terraform
from streamctl.terraform.providers import ProviderStore, provider_setup, scan_mirror

from .test_platform_structure import LAYERS, LIVE, MODULE_NAMES, MODULES

pytestmark = pytest.mark.integration

PROVIDER = "registry.terraform.io/hashicorp/aws"


def binaries(mirror: Path) -> list[Path]:
    return sorted(mirror.glob(f"{PROVIDER}/5.*/*/terraform-provider-aws_v5*"))


@pytest.fixture(scope="module")
def mirror(real_aws_mirror: Path) -> Path:
    return real_aws_mirror.resolve()


@pytest.fixture(scope="module")
def terraform() -> Terraform:
    return find_terraform("terraform")


@pytest.fixture(scope="module")
def env(
    mirror: Path, provider_store: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, str]:
    """streamctl's own provider setup: hashicorp/aws from the mirror only, no registry."""
    config_dir = tmp_path_factory.mktemp("real-provider")
    setup = provider_setup(config_dir, scan_mirror(mirror), ProviderStore(provider_store))
    return {**setup.env, "NO_COLOR": "1"}


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of modules/ and live/dev/ (layers reach modules by relative path)."""
    root = tmp_path_factory.mktemp("platform-real")
    ignore = shutil.ignore_patterns(".terraform", ".terraform.lock.hcl", ".streamctl")
    shutil.copytree(MODULES, root / "modules", ignore=ignore)
    shutil.copytree(LIVE, root / "live" / "dev", ignore=ignore)
    return root


def init(terraform: Terraform, directory: Path, env: dict[str, str], mirror: Path) -> str:
    """`terraform init`; returns the provider it installed, after checking it is the mirror's."""
    result = terraform.run(["init", "-backend=false", "-input=false"], cwd=directory, env=env)
    assert result.ok, f"init of {directory.name} failed:\n{result.stdout}\n{result.stderr}"
    installed = list((directory / ".terraform" / "providers" / PROVIDER).glob("*/*"))
    assert len(installed) == 1, installed
    # Unpacked mirrors are linked, not copied: the link must lead to the mirror's binary.
    sources = {b.parent.resolve() for b in binaries(mirror)}
    assert installed[0].resolve() in sources, f"{installed[0]} is not from {mirror}"
    version = installed[0].parent.name
    return f"real hashicorp/aws {version} from {installed[0].resolve()}"


def announce(capsys: pytest.CaptureFixture[str], line: str) -> None:
    """Say which provider ran, even under captured output."""
    with capsys.disabled():
        print(f"\n  [{line}]", end="")


def events(stdout: str) -> list[dict[str, Any]]:
    found = []
    for line in stdout.splitlines():
        try:
            found.append(json.loads(line))
        except ValueError:
            continue
    return found


@pytest.mark.parametrize("name", MODULE_NAMES)
def test_module_tests_pass_under_the_real_provider(
    name: str,
    terraform: Terraform,
    env: dict[str, str],
    mirror: Path,
    tree: Path,
    capsys: pytest.CaptureFixture[str],
    record_property: Callable[[str, object], None],
) -> None:
    directory = tree / "modules" / name
    provider = init(terraform, directory, env, mirror)
    announce(capsys, f"modules/{name}: {provider}")
    record_property("provider", provider)
    result = terraform.run(["test", "-json"], cwd=directory, env=env)
    stream = events(result.stdout)
    planned = {
        (path, run)
        for e in stream
        if e.get("type") == "test_abstract"
        for path, runs in e["test_abstract"].items()
        for run in runs
    }
    done = {
        (r["path"], r["run"]): r["status"]
        for e in stream
        if e.get("type") == "test_run" and (r := e["test_run"]).get("progress") == "complete"
    }
    errors = [
        f"{d['summary']}: {d.get('detail', '')}"
        for e in stream
        if e.get("type") == "diagnostic" and (d := e["diagnostic"])["severity"] == "error"
    ]
    assert result.ok and not errors, f"modules/{name} under {provider}:\n" + "\n".join(errors)
    # Every run block of every file ran and passed: nothing skipped after a failure.
    assert len(planned) >= 2 and done == dict.fromkeys(planned, "pass"), (planned, done)


def test_every_layer_validates_under_the_real_provider(
    terraform: Terraform,
    env: dict[str, str],
    mirror: Path,
    tree: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def validate(layer: str) -> tuple[str, list[str]]:
        directory = tree / "live" / "dev" / layer
        provider = init(terraform, directory, env, mirror)
        report = json.loads(terraform.run(["validate", "-json"], cwd=directory, env=env).stdout)
        problems = [f"{d['summary']}: {d.get('detail', '')}" for d in report["diagnostics"]]
        return provider, problems

    with ThreadPoolExecutor(max_workers=3) as pool:
        results = dict(zip(LAYERS, pool.map(validate, LAYERS), strict=True))
    announce(capsys, f"live/dev (9 layers): {results['kms'][0]}")
    # Warnings count too: a deprecation today is a validation error in the next major.
    assert {layer: problems for layer, (_, problems) in results.items() if problems} == {}


# A mock that invents a random SNS topic ARN: the schema accepts it, the real provider
# does not. This proves the tests above run the validators they claim to.
CONTROL_MODULE = """
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.0" }
  }
}

resource "aws_sns_topic" "t" {
  name = "sns-control-dev"
}

resource "aws_cloudwatch_metric_alarm" "a" {
  alarm_name          = "alarm-control-dev"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  metric_name         = "CPUUtilization"
  namespace           = "AWS/EC2"
  period              = 300
  statistic           = "Average"
  threshold           = 80
  alarm_actions       = [aws_sns_topic.t.arn]
}
"""
CONTROL_TEST = """
mock_provider "aws" {}

run "applies" {}
"""


def test_the_real_provider_rejects_a_mock_value_the_schema_accepts(
    terraform: Terraform, env: dict[str, str], mirror: Path, tmp_path: Path
) -> None:
    (tmp_path / "main.tf").write_text(CONTROL_MODULE, encoding="utf-8")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "control.tftest.hcl").write_text(CONTROL_TEST, encoding="utf-8")
    init(terraform, tmp_path, env, mirror)
    result = terraform.run(["test", "-no-color"], cwd=tmp_path, env=env)
    assert not result.ok
    assert "is an invalid ARN" in result.stdout + result.stderr
