"""A live/ stack copied fresh, driven by streamctl with the real provider on the emulator."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import boto3

from streamctl.targets.moto_server import Emulator, emulator_dir

REPO = Path(__file__).resolve().parents[2]


@contextmanager
def fresh_stack(tmp_path: Path, name: str) -> Iterator[Path]:
    """A copy of live/NAME and modules/ with no working data: a fresh state directory.
    The emulator the run started is stopped afterwards, whatever the test did."""
    ignore = shutil.ignore_patterns(".streamctl", ".terraform", "*.tfstate*")
    shutil.copytree(REPO / "modules", tmp_path / "modules", ignore=ignore)
    shutil.copytree(REPO / "live" / name, tmp_path / "live" / name, ignore=ignore)
    stack = tmp_path / "live" / name / "stack.toml"
    try:
        yield stack
    finally:
        Emulator(emulator_dir(stack.parent / ".streamctl", "dev")).stop()


def streamctl_json(mirror: Path, cwd: Path, *args: str) -> Any:
    """`streamctl --provider-mirror MIRROR ARGS --json`, which must succeed."""
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("STREAMCTL_DB_PASSWORD", None)  # local runs make a throwaway one
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


def aws_client(service: str, endpoint: str) -> Any:
    """A boto3 client of the emulator (us-west-2, its test credentials)."""
    return boto3.client(
        service,  # type: ignore[call-overload]
        endpoint_url=endpoint,
        region_name="us-west-2",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
