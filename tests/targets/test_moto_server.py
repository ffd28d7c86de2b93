"""The moto server as a detached, managed background process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import boto3
import pytest

from streamctl.errors import OperationError
from streamctl.targets.moto_server import Emulator, emulator_dir, endpoint_answers

if TYPE_CHECKING:
    from types_boto3_s3.client import S3Client


@pytest.fixture
def emulator(tmp_path: Path) -> Iterator[Emulator]:
    emu = Emulator(tmp_path / "dev" / "local")
    yield emu
    emu.stop()


def _s3(endpoint: str) -> S3Client:
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )


def test_emulator_dir_sits_beside_local_working_data(tmp_path: Path) -> None:
    assert emulator_dir(tmp_path / ".streamctl", "dev") == tmp_path / ".streamctl" / "dev" / "local"


def test_status_before_start_is_not_running(emulator: Emulator) -> None:
    status = emulator.status()
    assert not status.running
    assert status.endpoint is None
    assert status.pid is None


def test_start_runs_detached_and_writes_its_files(emulator: Emulator) -> None:
    status = emulator.start()
    assert status.running
    assert status.endpoint is not None
    assert status.endpoint.startswith("http://127.0.0.1:")
    assert status.pid is not None
    # Own session: it outlives the CLI and ignores the CLI's Ctrl-C.
    assert os.getsid(status.pid) != os.getsid(0)
    assert int(emulator.pid_path.read_text()) == status.pid
    state = json.loads(emulator.state_path.read_text())
    assert state["endpoint"] == status.endpoint
    assert state["port"] == int(status.endpoint.rsplit(":", 1)[1])
    assert state["instance_id"] == status.instance_id
    assert emulator.log_path.is_file()
    assert endpoint_answers(status.endpoint)


def test_start_twice_keeps_the_running_instance(emulator: Emulator) -> None:
    first = emulator.start()
    second = emulator.ensure_running()
    assert second.pid == first.pid
    assert second.instance_id == first.instance_id


def test_a_new_process_finds_the_emulator_through_its_files(emulator: Emulator) -> None:
    started = emulator.start()
    code = (
        "import json, sys; from pathlib import Path; "
        "from streamctl.targets.moto_server import Emulator; "
        "print(json.dumps(Emulator(Path(sys.argv[1])).status().to_json()))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(emulator.directory)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    seen = json.loads(out)
    assert seen["running"] is True
    assert seen["endpoint"] == started.endpoint
    assert seen["instance_id"] == started.instance_id


def test_stop_ends_the_process_and_a_restart_is_a_new_instance(emulator: Emulator) -> None:
    first = emulator.start()
    assert emulator.stop() is True
    assert first.endpoint is not None
    assert not endpoint_answers(first.endpoint)
    assert not emulator.pid_path.exists()
    assert not emulator.status().running
    assert emulator.stop() is False
    second = emulator.start()
    assert second.running
    assert second.instance_id != first.instance_id


def test_stale_pid_file_counts_as_stopped(emulator: Emulator) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    emulator.directory.mkdir(parents=True)
    emulator.pid_path.write_text(f"{dead.pid}\n")
    emulator.state_path.write_text(
        json.dumps({"pid": dead.pid, "endpoint": "http://127.0.0.1:9", "instance_id": "old"})
    )
    assert not emulator.status().running
    assert emulator.stop() is False
    status = emulator.start()
    assert status.running
    assert status.instance_id != "old"


def test_reset_drops_emulated_resources(emulator: Emulator) -> None:
    status = emulator.start()
    assert status.endpoint is not None
    s3 = _s3(status.endpoint)
    s3.create_bucket(Bucket="before-reset")
    assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["before-reset"]
    after = emulator.reset()
    assert after.pid == status.pid
    assert s3.list_buckets()["Buckets"] == []


def test_aws_managed_policies_exist_as_in_every_account(emulator: Emulator) -> None:
    status = emulator.start()
    assert status.endpoint is not None
    iam = boto3.client(
        "iam",
        endpoint_url=status.endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
    assert iam.get_policy(PolicyArn=arn)["Policy"]["PolicyName"] == arn.rsplit("/", 1)[1]
    emulator.reset()
    assert iam.get_policy(PolicyArn=arn)["Policy"]["Arn"] == arn


def test_reset_without_emulator_says_how_to_start_it(emulator: Emulator) -> None:
    with pytest.raises(OperationError, match="streamctl local start"):
        emulator.reset()


def test_failed_start_names_the_log(emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    # A Python that cannot run moto: the emulator exits at once.
    monkeypatch.setattr(sys, "executable", "/bin/false")
    with pytest.raises(OperationError) as excinfo:
        emulator.start()
    assert str(emulator.log_path) in str(excinfo.value)
    assert not emulator.status().running


def test_concurrent_starts_share_one_emulator(emulator: Emulator) -> None:
    with ThreadPoolExecutor(max_workers=3) as pool:
        statuses = list(pool.map(lambda _: Emulator(emulator.directory).start(), range(3)))
    assert len({s.pid for s in statuses}) == 1
    assert len({s.instance_id for s in statuses}) == 1
    assert all(s.running for s in statuses)


def test_stop_without_any_files_creates_nothing(tmp_path: Path) -> None:
    assert Emulator(tmp_path / "never").stop() is False
    assert not (tmp_path / "never").exists()
