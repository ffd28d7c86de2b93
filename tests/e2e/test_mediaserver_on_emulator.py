"""The whole live/mediaserver stack with the real hashicorp/aws provider on the emulator.

From a fresh state directory: `up` applies all ten layers, `verify --local` passes every
check the manifest declares, a second `up` changes nothing, `down` leaves the emulator
without the media server's cluster, bucket, repository or load balancer.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from streamctl.targets.moto_server import Emulator, emulator_dir
from support.cli import statuses as _statuses
from support.emulated_stack import aws_client as _client
from support.emulated_stack import fresh_stack
from support.emulated_stack import streamctl_json as _streamctl

pytestmark = pytest.mark.integration

LAYERS = {"network", "security", "storage", "config", "monitoring", "iam", "registry"}
LAYERS |= {"alb", "ecs", "autoscaling"}


@pytest.fixture
def mediaserver(tmp_path: Path) -> Iterator[Path]:
    """A copy of live/mediaserver and modules/ with no working data: a fresh state directory."""
    with fresh_stack(tmp_path, "mediaserver") as stack:
        yield stack


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
