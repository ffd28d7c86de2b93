"""Warm embedded-Terraform workers: the library loads once per worker, not per command.

A worker (embedded_worker.py --serve) runs one command at a time; the pool keeps the idle
ones, so a run has as many workers as it has commands running at once. A command takes
an idle worker or starts one, and gives it back when it ends.

What a worker may serve: Go copies the environment when the library loads, and Terraform
keeps provider schemas in a process-wide cache keyed by provider address alone. So a
worker runs commands of one environment and one set of provider selections (the working
directory's .terraform.lock.hcl) only, and one whose command changed that file, or that
was interrupted or killed, is retired rather than reused (so is one that has run
MAX_COMMANDS commands).

Nothing here may outlive streamctl by more than a command: a worker exits once the socket
to it closes (close(), or the end of streamctl however it ends) and the command it runs,
if any, has ended, as a Terraform started per command would.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import itertools
import json
import os
import select
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from streamctl.errors import OperationError
from streamctl.terraform import child_process
from streamctl.terraform.embedded_worker import MAX_MESSAGE, SERVE_FLAG
from streamctl.terraform.workcopy import LOCK_FILE

MAX_IDLE = 8  # idle workers kept; each holds the library (~100 MB)
IDLE_TIMEOUT = 30.0  # seconds: an idle worker nobody took since is let go at the next start
# Terraform run in-process leaves a little behind per command (an apply keeps its plan
# file open until Go's garbage collector closes it, some heap): a worker is renewed after
# this many commands.
MAX_COMMANDS = 100
EXIT_TIMEOUT = 10.0  # a retired worker exits at once; this only bounds a stuck one


class Worker:
    """One worker process and our end of its socket."""

    def __init__(self, argv: Sequence[str], env: Mapping[str, str], key: Key) -> None:
        self.key = key
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            self.process = subprocess.Popen(
                [*argv, f"{SERVE_FLAG}{theirs.fileno()}"],
                env=dict(env),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,  # each command brings its own files
                stderr=subprocess.DEVNULL,
                # Its own process group: a terminal's Ctrl-C reaches Terraform only through
                # us (engine.interrupt), never directly.
                process_group=0,
                pass_fds=(theirs.fileno(),),
            )
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()
        self.sock = ours
        self.commands = 0
        self.idle_since = 0.0
        self.retire_after = False  # interrupted or killed: never reused

    @property
    def pid(self) -> int:
        return self.process.pid

    def retire(self) -> None:
        """Close the socket: the worker exits (it is idle, or its command has ended)."""
        self.sock.close()
        self.reap()

    def reap(self) -> None:
        try:
            self.process.wait(timeout=EXIT_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class WorkerCommand:
    """A command running in a worker, as the engine and Child see a process: pid, poll(),
    wait(), returncode, send_signal(), kill()."""

    def __init__(self, worker: Worker, seq: int, pool: WorkerPool, cwd: Path) -> None:
        self.worker = worker
        self.seq = seq
        self.pid = worker.pid
        self.returncode: int | None = None
        self._pool = pool
        self._cwd = cwd
        self._reading = threading.Lock()  # one thread reads the reply
        self._state = threading.Lock()  # the end vs. a signal

    def poll(self) -> int | None:
        if self.returncode is None and self._reading.acquire(blocking=False):
            try:
                self._read(0)
            finally:
                self._reading.release()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        with self._reading:
            self._read(timeout)
        if self.returncode is None:
            raise subprocess.TimeoutExpired(f"terraform (worker {self.pid})", timeout or 0)
        return self.returncode

    def send_signal(self, sig: int) -> None:
        """SIGINT asks the command to stop as Terraform stops on one (through the worker,
        which passes it on even before Terraform is ready for it); other signals go to
        the worker process."""
        with self._state:
            if self.returncode is not None:
                return
            self.worker.retire_after = True
            if sig == signal.SIGINT:
                message = json.dumps({"interrupt": self.seq}).encode()
                with contextlib.suppress(OSError):  # the worker is gone: nothing to stop
                    self.worker.sock.send(message, socket.MSG_NOSIGNAL)
            elif self.worker.process.poll() is None:
                self.worker.process.send_signal(sig)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def _read(self, timeout: float | None) -> None:
        if self.returncode is not None:
            return
        waiting = select.poll()  # not select(): no limit on the descriptor's number
        waiting.register(self.worker.sock, select.POLLIN)
        if not waiting.poll(None if timeout is None else timeout * 1000):
            return
        try:
            data = self.worker.sock.recv(MAX_MESSAGE)
        except OSError:
            data = b""
        if data:
            code = int(json.loads(data)["exit"])
        else:
            # The worker died before it answered (e.g. SIGKILL): its own status, so a
            # signal is reported as the one that killed Terraform.
            self.worker.retire_after = True
            code = self.worker.process.wait()
            if code >= 0:
                code = code or 1  # it ended without an answer: never a success
        with self._state:
            self.returncode = code
        self._pool.give_back(self.worker, self._cwd)


class WorkerPool:
    """Idle workers by what they may serve; each command runs in one of them."""

    def __init__(self, argv: Sequence[str], max_idle: int = MAX_IDLE) -> None:
        self.argv = tuple(argv)
        self.max_idle = max_idle
        self._idle: list[Worker] = []  # oldest first
        self._lock = threading.Lock()
        self._closed = False
        self._seq = itertools.count(1)

    def launch(
        self, args: Sequence[str], cwd: Path, env: Mapping[str, str]
    ) -> child_process.Launch:
        """How spawn starts `args` in `cwd`: in a worker started with exactly `env`."""
        request = {"argv": list(args), "cwd": str(cwd)}
        if len(json.dumps(request).encode()) > MAX_MESSAGE // 2:
            raise OperationError(
                f"a Terraform command line of {len(args)} arguments is too long for the "
                "embedded engine: use the terraform executable (--terraform terraform)"
            )

        def start(stdout: int, stderr: int, lock: int | None) -> WorkerCommand:
            if not cwd.is_dir():  # as Popen would fail, before anything runs
                raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(cwd))
            key = Key(_digest(sorted(env.items())), _lock_digest(cwd))
            fds = [stdout, stderr] if lock is None else [stdout, stderr, lock]
            while True:
                idle = self._take(key)
                worker = idle or Worker(self.argv, env, key)
                seq = next(self._seq)
                message = json.dumps({**request, "seq": seq}).encode()
                try:
                    socket.send_fds(worker.sock, [message], fds, socket.MSG_NOSIGNAL)
                except OSError:
                    worker.retire()
                    if idle is None:
                        raise
                    continue  # an idle worker that died (nothing ran in it): the next
                worker.commands += 1
                return WorkerCommand(worker, seq, self, cwd)

        return start

    def give_back(self, worker: Worker, cwd: Path) -> None:
        """After its command: idle again, or retired when it may not serve again."""
        keep = (
            not worker.retire_after
            and worker.commands < MAX_COMMANDS
            and _lock_digest(cwd) == worker.key.providers
        )
        evicted: list[Worker] = []
        with self._lock:
            if keep and not self._closed:
                worker.idle_since = time.monotonic()
                self._idle.append(worker)
                while len(self._idle) > self.max_idle:
                    evicted.append(self._idle.pop(0))
            else:
                evicted.append(worker)
        for old in evicted:
            old.retire()

    def close(self) -> None:
        """Retire the idle workers; busy ones are retired when their command ends."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for worker in idle:  # all told first: they exit side by side
            worker.sock.close()
        for worker in idle:
            worker.reap()

    def _take(self, key: Key) -> Worker | None:
        """An idle worker for `key`; idle ones left unused too long go meanwhile (those of
        environments a long-lived process no longer runs, e.g. earlier tests)."""
        found = None
        with self._lock:
            for worker in reversed(self._idle):  # the most recently used first
                if worker.key == key:
                    self._idle.remove(worker)
                    found = worker
                    break
            stale_before = time.monotonic() - IDLE_TIMEOUT
            stale = [w for w in self._idle if w.idle_since < stale_before]
            self._idle = [w for w in self._idle if w.idle_since >= stale_before]
        for worker in stale:
            worker.retire()
        return found


class Key(NamedTuple):
    """What a worker may serve: one environment, one set of provider selections."""

    env: str
    providers: str


def _digest(value: object) -> str:
    return hashlib.sha256(json.dumps(value).encode()).hexdigest()


def _lock_digest(cwd: Path) -> str:
    try:
        return hashlib.sha256((cwd / LOCK_FILE).read_bytes()).hexdigest()
    except FileNotFoundError:
        return "none"
    except OSError:
        return "unreadable"
