"""One preview/up/down at a time per stack environment and target.

Runs share each layer's working copy (var files, saved plan): a second run would
overwrite the plan the first one is asking the user to approve. An flock is released
by the kernel when its holder exits, even on kill -9, so it never goes stale.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path

from streamctl.errors import OperationError, naming
from streamctl.files import exclusive


@contextmanager
def hold_run_lock(directory: Path, command: str) -> Iterator[None]:
    """Hold `directory/run.lock` for the block; fail at once, naming the holder, if taken."""
    path = directory / "run.lock"
    with ExitStack() as held:
        try:
            handle = held.enter_context(exclusive(path, wait=False))
        except BlockingIOError:
            raise OperationError(
                f"another streamctl run is using this stack ({_holder(path)}): wait for it "
                "to finish, then run again (the lock goes away when that process exits)"
            ) from None
        # Unbuffered: a full disk fails here, naming the file, not later at close.
        with naming(path):
            started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
            info = {"command": command, "pid": os.getpid(), "since": started}
            os.ftruncate(handle.fileno(), 0)
            os.pwrite(handle.fileno(), json.dumps(info).encode(), 0)
        try:
            yield
        finally:
            handle.truncate(0)


def _holder(path: Path) -> str:
    try:
        info = json.loads(path.read_text())
        return f"streamctl {info['command']}, pid {info['pid']}, since {info['since']}"
    except (OSError, ValueError, KeyError, TypeError):
        return f"lock {path}"
