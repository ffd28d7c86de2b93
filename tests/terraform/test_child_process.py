"""A child holds its layer's lock for as long as it lives, even after its parent is gone."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from streamctl.terraform.child_process import LayerBusyError, read_holder, spawn


def test_the_child_holds_the_lock_and_writes_its_output_to_files(tmp_path: Path) -> None:
    gate = tmp_path / "gate"
    script = (
        "import pathlib, time, sys\n"
        f"while not pathlib.Path({str(gate)!r}).exists(): time.sleep(0.05)\n"
        "print('done'); sys.stdout.flush()\n"
    )
    child = spawn(
        [sys.executable, "-c", script], cwd=tmp_path, env=dict(os.environ), owner=tmp_path,
        layer="app", command="terraform apply",
    )  # fmt: skip
    # This process closed its own descriptor: only the child keeps the lock.
    holder = read_holder(tmp_path)
    assert holder is not None and holder.pid == child.process.pid
    assert holder.command == "terraform apply"
    with pytest.raises(LayerBusyError, match=rf"layer 'app'.*pid {child.process.pid}"):
        spawn(["true"], cwd=tmp_path, env=dict(os.environ), owner=tmp_path, layer="app")
    gate.touch()
    lines: list[str] = []
    stdout, _ = child.follow(lines.append)
    assert lines == ["done"] and stdout == "done\n"
    assert read_holder(tmp_path) is None


def test_a_child_outlives_a_killed_parent_and_keeps_the_lock(tmp_path: Path) -> None:
    gate = tmp_path / "gate"
    (tmp_path / "child.py").write_text(
        "import pathlib, time\n"
        f"while not pathlib.Path({str(gate)!r}).exists(): time.sleep(0.05)\n"
        "print('written')\n"
    )
    (tmp_path / "parent.py").write_text(
        "import os, sys\n"
        "from pathlib import Path\n"
        "from streamctl.terraform.child_process import spawn\n"
        f"data = Path({str(tmp_path)!r})\n"
        "c = spawn([sys.executable, str(data / 'child.py')], cwd=data, env=dict(os.environ),"
        " owner=data)\n"
        "print(c.process.pid, flush=True)\n"
        "os.kill(os.getpid(), 9)\n"
    )
    run = subprocess.run(
        [sys.executable, str(tmp_path / "parent.py")], check=False, capture_output=True, text=True
    )
    assert run.returncode == -9, run.stderr
    pid = int(run.stdout.split()[0])
    holder = read_holder(tmp_path)
    assert holder is not None and holder.pid == pid
    gate.touch()
    deadline = time.monotonic() + 60  # a guard against hanging, not a timing assertion
    while read_holder(tmp_path) is not None and time.monotonic() < deadline:
        time.sleep(0.05)  # the child ends once it has written
    assert (tmp_path / "terraform.stdout").read_text() == "written\n"
