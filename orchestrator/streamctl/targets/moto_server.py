"""The moto server as a managed background process that outlives the CLI.

The emulator's files live in one directory (normally ``<state_dir>/<env>/local``):
``emulator.pid``, ``emulator.log`` and ``emulator.json`` (pid, port, endpoint,
started_at, instance_id). ``instance_id`` changes on every start, so a caller that
recorded it at apply time can tell that the emulated resources are gone.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.error import URLError

from streamctl.errors import OperationError
from streamctl.files import exclusive

PID_FILE = "emulator.pid"
LOG_FILE = "emulator.log"
STATE_FILE = "emulator.json"
LOCK_FILE = "emulator.lock"
HOST = "127.0.0.1"
PROBE_PATH = "/moto-api/"
# moto's server with the fixes of moto_fixes.py (see README, "Emulator deviations").
SERVER_MODULE = "streamctl.targets.moto_main"
# Command-line markers of an emulator process (plain moto.server: older streamctl).
PROCESS_MARKERS = (SERVER_MODULE.encode(), b"moto.server")


@dataclass(frozen=True)
class EmulatorStatus:
    """What is known about the emulator; ``running`` means alive AND answering."""

    running: bool
    endpoint: str | None
    pid: int | None
    instance_id: str | None
    started_at: str | None = None
    log_path: str | None = None

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def emulator_dir(state_dir: Path, environment: str) -> Path:
    """Where a stack environment keeps its emulator files (beside its local working data)."""
    return state_dir / environment / "local"


def free_loopback_port() -> int:
    """A port the OS just handed out on loopback; moto binds it a moment later."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def endpoint_answers(endpoint: str, timeout: float = 2.0) -> bool:
    """True when a moto server answers on ``endpoint``."""
    import urllib.request  # here: every stack command loads this module; http.client, ssl ~15 ms

    try:
        with urllib.request.urlopen(endpoint + PROBE_PATH, timeout=timeout) as response:
            return int(response.status) == 200
    except (URLError, OSError, ValueError):
        return False


def pid_alive(pid: int) -> bool:
    """True when ``pid`` is a live process (zombies of our own children are reaped)."""
    with contextlib.suppress(ChildProcessError, OSError):
        # Reap our own exited child so a zombie does not look alive.
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return _looks_like_moto(pid)


def _looks_like_moto(pid: int) -> bool:
    # Guards against a recycled pid; where /proc is missing, trust the pid.
    cmdline = Path(f"/proc/{pid}/cmdline")
    try:
        found = cmdline.read_bytes()
    except OSError:
        return not Path("/proc").is_dir()
    return any(marker in found for marker in PROCESS_MARKERS)


class Emulator:
    """Start, find, reset and stop the moto server whose files live in ``directory``."""

    def __init__(self, directory: Path, *, startup_timeout: float = 30.0) -> None:
        self.directory = directory
        self.startup_timeout = startup_timeout

    @property
    def pid_path(self) -> Path:
        return self.directory / PID_FILE

    @property
    def log_path(self) -> Path:
        return self.directory / LOG_FILE

    @property
    def state_path(self) -> Path:
        return self.directory / STATE_FILE

    def _read_state(self) -> dict[str, object] | None:
        try:
            data = json.loads(self.state_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def _read_pid(self) -> int | None:
        try:
            return int(self.pid_path.read_text(encoding="utf-8").strip())
        except (OSError, ValueError):
            return None

    def _forget(self) -> None:
        for path in (self.pid_path, self.state_path):
            path.unlink(missing_ok=True)

    def status(self) -> EmulatorStatus:
        """The emulator as found on disk and on the network; stale files count as stopped."""
        pid = self._read_pid()
        state = self._read_state() or {}
        endpoint = state.get("endpoint")
        instance_id = state.get("instance_id")
        started_at = state.get("started_at")
        alive = pid is not None and pid_alive(pid)
        answering = alive and isinstance(endpoint, str) and endpoint_answers(endpoint)
        return EmulatorStatus(
            running=answering,
            endpoint=endpoint if alive and isinstance(endpoint, str) else None,
            pid=pid if alive else None,
            instance_id=instance_id if alive and isinstance(instance_id, str) else None,
            started_at=started_at if alive and isinstance(started_at, str) else None,
            log_path=str(self.log_path),
        )

    def _exclusive(self) -> AbstractContextManager[object]:
        # Two commands starting local mode at once must end up sharing one emulator.
        return exclusive(self.directory / LOCK_FILE)

    def start(self) -> EmulatorStatus:
        """Start a fresh emulator unless one is already running; wait until it answers."""
        with self._exclusive():
            return self._start()

    def _start(self) -> EmulatorStatus:
        current = self.status()
        if current.running:
            return current
        if current.pid is not None:
            # Alive but not answering: a hung or half-started server; replace it.
            self._terminate(current.pid)
        self._forget()
        port = free_loopback_port()
        endpoint = f"http://{HOST}:{port}"
        # Every real account has AWS's managed policies (AmazonECSTaskExecutionRolePolicy,
        # ...); moto loads them only when asked, and a stack attaching one fails without.
        env = {**os.environ}
        env.setdefault("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
        with self.log_path.open("ab") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", SERVER_MODULE, "-H", HOST, "-p", str(port)],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # survives the CLI and its Ctrl-C
                close_fds=True,
            )
        state = {
            "pid": process.pid,
            "port": port,
            "endpoint": endpoint,
            "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "instance_id": uuid.uuid4().hex,
        }
        self.pid_path.write_text(f"{process.pid}\n", encoding="utf-8")
        self.state_path.write_text(json.dumps(state, indent=2) + "\n", encoding="utf-8")
        self._wait_ready(process, endpoint)
        return self.status()

    def _wait_ready(self, process: subprocess.Popen[bytes], endpoint: str) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                self._forget()
                raise OperationError(
                    f"The AWS emulator (moto server) exited with code {process.returncode} "
                    f"while starting; see its log: {self.log_path}"
                )
            if endpoint_answers(endpoint, timeout=1.0):
                return
            time.sleep(0.1)
        self._terminate(process.pid)
        self._forget()
        raise OperationError(
            f"The AWS emulator (moto server) did not answer on {endpoint} within "
            f"{self.startup_timeout:.0f}s; see its log: {self.log_path}"
        )

    def ensure_running(self) -> EmulatorStatus:
        """The running emulator, started when needed."""
        return self.start()

    def stop(self) -> bool:
        """Stop the emulator; True when one was running. Its emulated resources are gone."""
        if not self.directory.is_dir():
            return False
        with self._exclusive():
            pid = self._read_pid()
            was_alive = pid is not None and pid_alive(pid)
            if pid is not None and was_alive:
                self._terminate(pid)
            self._forget()
            return was_alive

    def reset(self) -> EmulatorStatus:
        """Drop every emulated resource (moto's ``POST /moto-api/reset``); keeps the process."""
        current = self.status()
        if not current.running or current.endpoint is None:
            raise OperationError(
                "The AWS emulator is not running, so there is nothing to reset; "
                "start it with `streamctl local start`."
            )
        import urllib.request

        request = urllib.request.Request(current.endpoint + "/moto-api/reset", method="POST")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                ok = int(response.status) == 200
        except (URLError, OSError) as exc:
            raise OperationError(
                f"Resetting the AWS emulator at {current.endpoint} failed: {exc}; "
                f"see its log: {self.log_path}"
            ) from exc
        if not ok:
            raise OperationError(f"The AWS emulator at {current.endpoint} refused the reset.")
        return current

    def _terminate(self, pid: int, grace: float = 5.0) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            if not pid_alive(pid):
                return
            time.sleep(0.05)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError, OSError):
            os.waitpid(pid, 0)
