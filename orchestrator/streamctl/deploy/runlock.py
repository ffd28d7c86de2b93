"""One preview/up/down at a time per stack environment and target.

Runs share each layer's working copy (var files, saved plan): a second run would
overwrite the plan the first one is asking the user to approve. An flock is released
by the kernel when its holder exits, even on kill -9, so it never goes stale.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from streamctl.errors import OperationError


@contextmanager
def hold_run_lock(directory: Path, command: str) -> Iterator[None]:
    """Hold `directory/run.lock` for the block; fail at once, naming the holder, if taken."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "run.lock"
    with path.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OperationError(
                f"another streamctl run is using this stack ({_holder(path)}): wait for it "
                "to finish, then run again (the lock goes away when that process exits)"
            ) from None
        try:
            handle.truncate(0)
            started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
            handle.write(json.dumps({"command": command, "pid": os.getpid(), "since": started}))
            handle.flush()
            yield
        finally:
            handle.truncate(0)
            fcntl.flock(handle, fcntl.LOCK_UN)


def _holder(path: Path) -> str:
    try:
        info = json.loads(path.read_text())
        return f"streamctl {info['command']}, pid {info['pid']}, since {info['since']}"
    except (OSError, ValueError, KeyError, TypeError):
        return f"lock {path}"
