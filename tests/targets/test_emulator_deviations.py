"""The real hashicorp/aws provider on the emulator: a plan right after apply is empty.

tests/targets/data/deviations holds one resource per known deviation, configured as the
platform modules configure them, with local mode's provider settings. On plain moto the
same plan changes exactly those resources (the control: it proves each fix is what
removes its diff); on streamctl's emulator it changes nothing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from streamctl.targets.emulator import LOCAL_ENV
from streamctl.targets.provider_override import (
    aws_provider_block,
    provider_files,
)

pytestmark = pytest.mark.integration

FIXTURE = Path(__file__).parent / "data" / "deviations"
# Deviation -> (resource address, attribute whose diff it causes on plain moto).
DEVIATIONS = {
    "rds-cluster-scaling-configuration": ("aws_rds_cluster.this", "scaling_configuration"),
    "autoscaling-policy-enabled": ("aws_autoscaling_policy.cpu", "enabled"),
    "launch-template-own-tags": ("aws_launch_template.this", "tag_specifications"),
    "cloudfront-distribution-config": ("aws_cloudfront_distribution.this", "origin"),
}
CLOUDFRONT_ATTRIBUTES = ("default_cache_behavior", "ordered_cache_behavior", "viewer_certificate")


def _terraform(
    args: list[str], cwd: Path, config: Path, ok: tuple[int, ...] = (0,)
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        **LOCAL_ENV,
        "TF_CLI_CONFIG_FILE": str(config),
        "TF_IN_AUTOMATION": "1",
    }
    result = subprocess.run(
        ["terraform", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode in ok, (
        f"terraform {args[0]} exited {result.returncode}\n{result.stdout}\n{result.stderr}"
    )
    return result


def _changed_after_apply(workdir: Path, endpoint: str, config: Path) -> dict[str, set[str]]:
    """Apply the fixture, plan again: changed resource address -> changed attributes."""
    shutil.copytree(FIXTURE, workdir)
    _terraform(["init", "-input=false", "-no-color"], workdir, config)
    schema = json.loads(_terraform(["providers", "schema", "-json"], workdir, config).stdout)
    files = provider_files(workdir, aws_provider_block(schema), endpoint, region="us-west-2")
    for name, content in files.items():  # as a deployment writes them into its copy
        (workdir / name).write_text(json.dumps(content, indent=2))
    _terraform(["apply", "-auto-approve", "-input=false", "-no-color"], workdir, config)
    _terraform(
        ["plan", "-input=false", "-no-color", "-detailed-exitcode", "-out=again.tfplan"],
        workdir,
        config,
        ok=(0, 2),
    )
    plan: dict[str, Any] = json.loads(
        _terraform(["show", "-json", "again.tfplan"], workdir, config).stdout
    )
    changed: dict[str, set[str]] = {}
    for change in plan.get("resource_changes", []):
        body = change["change"]
        if body["actions"] in (["no-op"], ["read"]):
            continue
        before, after = body["before"] or {}, body["after"] or {}
        unknown = body.get("after_unknown") or {}
        changed[change["address"]] = {
            key
            for key in set(before) | set(after)
            if before.get(key) != after.get(key) and unknown.get(key) is not True
        }
    return changed


def test_plain_moto_makes_the_provider_see_each_deviation(
    tmp_path: Path, real_provider_cli_config: Path, plain_moto: str
) -> None:
    changed = _changed_after_apply(tmp_path / "plain", plain_moto, real_provider_cli_config)
    for name, (address, attribute) in DEVIATIONS.items():
        assert attribute in changed.get(address, set()), (
            f"{name}: plain moto no longer changes {address}.{attribute} after apply; "
            f"moto may answer like AWS now, so the fix can go. Changes: {changed}"
        )
    assert set(CLOUDFRONT_ATTRIBUTES) <= changed["aws_cloudfront_distribution.this"]


def test_on_the_emulator_a_second_plan_changes_nothing(
    tmp_path: Path, real_provider_cli_config: Path, fixed_emulator: str
) -> None:
    changed = _changed_after_apply(tmp_path / "fixed", fixed_emulator, real_provider_cli_config)
    assert changed == {}
