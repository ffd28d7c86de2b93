"""The whole live/mediaserver stack with the real hashicorp/aws provider on the emulator.

From a fresh state directory: `up` applies all ten layers, `verify --local` passes every
check the manifest declares, a second `up` changes nothing, `down` leaves the emulator
without the media server's cluster, bucket, repository or load balancer.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from streamctl.targets.moto_server import Emulator, emulator_dir

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
LAYERS = {"network", "security", "storage", "config", "monitoring", "iam", "registry"}
LAYERS |= {"alb", "ecs", "autoscaling"}


@pytest.fixture
def mediaserver(tmp_path: Path) -> Iterator[Path]:
    """A copy of live/mediaserver and modules/ with no working data: a fresh state directory."""
    ignore = shutil.ignore_patterns(".streamctl", ".terraform", "*.tfstate*")
    shutil.copytree(REPO / "modules", tmp_path / "modules", ignore=ignore)
    shutil.copytree(REPO / "live" / "mediaserver", tmp_path / "live" / "mediaserver", ignore=ignore)
    stack = tmp_path / "live" / "mediaserver" / "stack.toml"
    yield stack
    Emulator(emulator_dir(stack.parent / ".streamctl", "dev")).stop()


def _streamctl(mirror: Path, cwd: Path, *args: str) -> Any:
    env = {**os.environ, "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "streamctl", "--provider-mirror", str(mirror), *args, "--json"],
        check=False,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=1500,
    )
    assert result.returncode == 0, (
        f"{args}: exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    )
    return json.loads(result.stdout)


def _statuses(report: Any) -> dict[str, str]:
    return {row["layer"]: row["status"] for row in report["layers"]}


def _client(service: str, endpoint: str) -> Any:
    return boto3.client(
        service,  # type: ignore[call-overload]
        endpoint_url=endpoint,
        region_name="us-west-2",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )


@pytest.mark.timeout(1800)  # ten layers, four commands, real provider: minutes, not seconds
def test_up_verify_noop_down_of_the_media_server(mediaserver: Path, real_aws_mirror: Path) -> None:
    cwd, stack = mediaserver.parent, ["--stack", str(mediaserver)]

    first = _streamctl(real_aws_mirror, cwd, "up", "--local", "--yes", *stack)
    assert _statuses(first) == dict.fromkeys(LAYERS, "applied")

    checks = _streamctl(real_aws_mirror, cwd, "verify", "--local", *stack)["checks"]
    failed = [c for c in checks if not c["passed"]]
    assert not failed and len(checks) == 9, checks

    second = _streamctl(real_aws_mirror, cwd, "up", "--local", "--yes", *stack)
    assert _statuses(second) == dict.fromkeys(LAYERS, "unchanged"), second

    endpoint = Emulator(emulator_dir(cwd / ".streamctl", "dev")).status().endpoint
    assert endpoint is not None
    down = _streamctl(real_aws_mirror, cwd, "down", "--local", "--yes", *stack)
    assert _statuses(down) == dict.fromkeys(LAYERS, "destroyed")

    ecs, s3 = _client("ecs", endpoint), _client("s3", endpoint)
    ecr, elbv2 = _client("ecr", endpoint), _client("elbv2", endpoint)
    # A deleted ECS cluster stays listed as INACTIVE for a while, on AWS as on moto.
    arns = ecs.list_clusters()["clusterArns"]
    clusters = ecs.describe_clusters(clusters=arns)["clusters"] if arns else []
    assert [c["clusterName"] for c in clusters if c["status"] != "INACTIVE"] == []
    assert s3.list_buckets()["Buckets"] == []
    assert ecr.describe_repositories()["repositories"] == []
    assert elbv2.describe_load_balancers()["LoadBalancers"] == []
