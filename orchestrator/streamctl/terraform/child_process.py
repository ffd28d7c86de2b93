"""Terraform children that can outlive streamctl.

A Terraform killed half-way through an apply loses what it did not yet write to state.
So nothing Terraform needs may die with streamctl:
- its stdout and stderr are files it holds open itself, never pipes (a closed pipe
  kills a Go program on its next write); streamctl follows them as they grow;
- its process group is its own, so a terminal's signals reach it only through us;
- a command that may change a layer's state holds an flock on `terraform.lock` in the
  layer's data, through a descriptor the child inherits. The kernel keeps that lock as
  long as the child (or anything it started) lives, even after `kill -9` of streamctl,
  and releases it when the last holder exits: a later run sees it and refuses to start
  a second Terraform on that state.

The child is a process started for the command, or a warm embedded-Terraform worker
(worker_pool.py) given the same descriptors: either way a `Process` to the caller.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import subprocess
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from streamctl.errors import OperationError

LOCK_NAME = "terraform.lock"
STDOUT_NAME = "terraform.stdout"
STDERR_NAME = "terraform.stderr"


class LayerBusyError(OperationError):
    """A Terraform (perhaps of an earlier, killed run) still works on a layer's state."""


@dataclass(frozen=True)
class Holder:
    """Who holds a layer's Terraform lock, as the holder wrote it down."""

    pid: int | None
    command: str
    since: str
    output: str

    def describe(self) -> str:
        alive = self.pid is not None and _alive(self.pid)
        who = f"pid {self.pid}" if self.pid else "an unknown process"
        if self.pid and not alive:
            who += " (gone; a process it started still holds the lock)"
        return f"{who}: `{self.command}` since {self.since}"


def read_holder(owner: Path) -> Holder | None:
    """The holder of `owner/terraform.lock`, or None when no Terraform holds it."""
    path = owner / LOCK_NAME
    if not path.is_file():
        return None
    with path.open("r") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return _holder_info(path)
        fcntl.flock(handle, fcntl.LOCK_UN)
    return None


def busy_message(layer: str, holder: Holder) -> str:
    return (
        f"layer '{layer}': a Terraform still works on this layer's state ({holder.describe()}), "
        f"probably left by a streamctl run that was killed. Wait for it to finish (its output: "
        f"{holder.output}), then run again; streamctl never starts a second Terraform on one "
        "state."
    )


def _holder_info(path: Path) -> Holder:
    try:
        info = json.loads(path.read_text() or "{}")
    except (OSError, ValueError):
        info = {}
    pid = info.get("pid")
    return Holder(
        pid if isinstance(pid, int) else None,
        str(info.get("command", "terraform")),
        str(info.get("since", "an unknown time")),
        str(info.get("output", path.parent / STDOUT_NAME)),
    )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Process(Protocol):
    """What streamctl uses of a running Terraform (subprocess.Popen has it all)."""

    @property
    def pid(self) -> int: ...

    @property
    def returncode(self) -> int | None: ...

    def poll(self) -> int | None: ...

    def wait(self, timeout: float | None = None) -> int: ...

    def send_signal(self, sig: int) -> None: ...

    def kill(self) -> None: ...


# Starts the command given its stdout and stderr descriptors and, when it owns a layer, the
# locked descriptor of that layer's lock; the caller closes its own copies afterwards.
Launch = Callable[[int, int, int | None], Process]


@dataclass
class Child:
    """A started child whose output goes to files: follow() reads them."""

    process: Process
    stdout_path: Path
    stderr_path: Path
    temporary: bool  # files of a read-only command: removed once read

    def follow(self, on_line: Callable[[str], None], poll: float = 0.05) -> tuple[str, str]:
        """Feed each complete stdout line to on_line until the child exits; the outputs."""
        lines: list[str] = []
        pending = b""
        with self.stdout_path.open("rb") as handle:
            while True:
                exited = self.process.poll() is not None
                chunk = handle.read()
                if chunk:
                    pending += chunk
                    *complete, pending = pending.split(b"\n")
                    for raw in complete:
                        line = raw.decode("utf-8", errors="replace")
                        lines.append(line + "\n")
                        on_line(line)
                    continue
                if exited:
                    break
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.process.wait(timeout=poll)
        if pending:
            line = pending.decode("utf-8", errors="replace")
            lines.append(line)
            on_line(line)
        stderr = self.stderr_path.read_bytes().decode("utf-8", errors="replace")
        return "".join(lines), stderr

    def cleanup(self) -> None:
        """Once read, the raw output goes: what it said is in the redacted log. (Only a
        run that was killed leaves it, 0600, as the record of its Terraform.)"""
        for path in (self.stdout_path, self.stderr_path):
            if self.temporary:
                path.unlink(missing_ok=True)
            elif self.process.poll() is not None:
                with contextlib.suppress(OSError):
                    path.write_bytes(b"")


@contextlib.contextmanager
def _output_files(owner: Path | None) -> Iterator[tuple[Path, Path, bool]]:
    if owner is not None:
        yield owner / STDOUT_NAME, owner / STDERR_NAME, False
        return
    fd, name = tempfile.mkstemp(prefix="streamctl-tf-", suffix=".out")
    os.close(fd)
    stdout = Path(name)
    yield stdout, stdout.with_suffix(".err"), True


def _private(path: Path) -> int:
    """A truncated 0600 file: Terraform's output can hold raw values."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)


def popen_launch(argv: Sequence[str], *, cwd: Path, env: Mapping[str, str]) -> Launch:
    """A process of its own for the command: the descriptors become its stdout, stderr
    and an inherited lock descriptor."""

    def launch(stdout: int, stderr: int, lock: int | None) -> Process:
        return subprocess.Popen(
            list(argv),
            cwd=cwd,
            env=dict(env),
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=stderr,
            # Its own process group: a terminal's Ctrl-C reaches Terraform only once,
            # through us, never twice (which makes it exit at once).
            process_group=0,
            pass_fds=(lock,) if lock is not None else (),
        )

    return launch


def spawn(
    argv: Sequence[str],
    *,
    cwd: Path,
    env: Mapping[str, str],
    owner: Path | None,
    layer: str = "",
    command: str = "terraform",
    start: Callable[[Callable[[], Process]], Process] | None = None,
) -> Child:
    """Start argv as a process of its own; see spawn_with."""
    launch = popen_launch(argv, cwd=cwd, env=env)
    return spawn_with(launch, owner=owner, layer=layer, command=command, start=start)


def spawn_with(
    launch: Launch,
    *,
    owner: Path | None,
    layer: str = "",
    command: str = "terraform",
    start: Callable[[Callable[[], Process]], Process] | None = None,
) -> Child:
    """Start a command with its output in files; with `owner`, holding that layer's lock.

    `start` wraps the actual launch (the engine registers the child for Ctrl-C there).
    Raises LayerBusyError when another Terraform holds the owner's lock.
    """
    lock_fd: int | None = None
    if owner is not None:
        owner.mkdir(parents=True, exist_ok=True)
        lock_fd = os.open(owner / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(lock_fd)
            holder = _holder_info(owner / LOCK_NAME)
            raise LayerBusyError(busy_message(layer or owner.name, holder)) from None
    try:
        with _output_files(owner) as (stdout_path, stderr_path, temporary):
            out_fd, err_fd = _private(stdout_path), _private(stderr_path)
            try:

                def now() -> Process:
                    return launch(out_fd, err_fd, lock_fd)

                process = start(now) if start else now()
            finally:
                os.close(out_fd)
                os.close(err_fd)
        if lock_fd is not None:
            _write_holder(lock_fd, process.pid, command, stdout_path)
        return Child(process, stdout_path, stderr_path, temporary)
    finally:
        # The child holds its own copy of the locked descriptor: the lock lives as long
        # as the child does, whether or not we do.
        if lock_fd is not None:
            os.close(lock_fd)


def _write_holder(fd: int, pid: int, command: str, output: Path) -> None:
    info = {
        "pid": pid,
        "command": command[:200],
        "since": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
        "output": str(output),
        "streamctl_pid": os.getpid(),
    }
    os.ftruncate(fd, 0)
    os.pwrite(fd, json.dumps(info).encode(), 0)
