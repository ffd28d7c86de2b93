"""The whole live/dev platform with the real hashicorp/aws provider on the emulator.

What `make up-local` does, from a fresh state directory at the default parallelism:
`up` applies all nine layers, `verify --local` passes every check, a second `up` changes
nothing, `down` leaves the emulator without the platform's VPC, buckets, database
cluster, load balancer or distribution.
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

LAYERS = {"kms", "network", "security", "storage", "database", "compute", "cdn", "dns"}
LAYERS |= {"observability"}


@pytest.fixture
def platform(tmp_path: Path) -> Iterator[Path]:
    """A copy of live/dev and modules/ with no working data: a fresh state directory."""
    with fresh_stack(tmp_path, "dev") as stack:
        yield stack


@pytest.mark.timeout(2400)  # nine layers, four commands, real provider: minutes, not seconds
def test_up_verify_noop_down_of_the_whole_platform(platform: Path, real_aws_mirror: Path) -> None:
    cwd, stack = platform.parent, ["--stack", str(platform)]

    first = _streamctl(real_aws_mirror, cwd, "up", "--local", "--yes", *stack)
    assert _statuses(first) == dict.fromkeys(LAYERS, "applied")

    checks = _streamctl(real_aws_mirror, cwd, "verify", "--local", *stack)["checks"]
    failed = [c for c in checks if not c["passed"]]
    assert not failed and len(checks) >= 20, failed

    second = _streamctl(real_aws_mirror, cwd, "up", "--local", "--yes", *stack)
    assert _statuses(second) == dict.fromkeys(LAYERS, "unchanged"), second

    endpoint = Emulator(emulator_dir(cwd / ".streamctl", "dev")).status().endpoint
    assert endpoint is not None
    down = _streamctl(real_aws_mirror, cwd, "down", "--local", "--yes", *stack)
    assert _statuses(down) == dict.fromkeys(LAYERS, "destroyed")

    ec2, s3, rds = (_client(s, endpoint) for s in ("ec2", "s3", "rds"))
    elbv2, cloudfront = _client("elbv2", endpoint), _client("cloudfront", endpoint)
    vpcs = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["false"]}])["Vpcs"]
    assert vpcs == []
    assert s3.list_buckets()["Buckets"] == []
    assert rds.describe_db_clusters()["DBClusters"] == []
    assert elbv2.describe_load_balancers()["LoadBalancers"] == []
    assert cloudfront.list_distributions()["DistributionList"].get("Items", []) == []
