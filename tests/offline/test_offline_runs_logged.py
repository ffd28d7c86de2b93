"""Offline runs go through the same logged seam as deployments: every Terraform command
and its output land in a log beside the target's scratch copy."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from streamctl.offline.mirror import OfflineProvider
from streamctl.offline.validate import validate_offline
from streamctl.terraform.engine import Terraform


def test_validate_offline_logs_each_command_beside_the_copy(
    terraform: Terraform,
    schema_only: OfflineProvider,
    module_writer: Callable[..., Path],
    tmp_path: Path,
) -> None:
    body = 'resource "aws_vpc" "x" {\n  cidr_block = "10.0.0.0/16"\n}\n'
    module = module_writer(tmp_path / "vpc", body)
    work = tmp_path / "work"
    (report,) = validate_offline(terraform, [("vpc", module)], work, schema_only)
    assert report.valid
    (log,) = (work / "validate").glob("vpc-*/terraform.log")
    text = log.read_text()
    assert "$ terraform init -backend=false -input=false -no-color" in text
    assert "$ terraform validate -json -no-color" in text
    assert '"valid": true' in text  # validate's own output, as Terraform printed it
