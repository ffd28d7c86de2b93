"""Writing files safely: atomic private writes, inter-process locks (flock), and where
streamctl keeps what it may rebuild (the user's cache directory)."""

from __future__ import annotations

import fcntl
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from streamctl.errors import naming


def user_cache(name: str) -> Path:
    """streamctl's `name` directory in the user's cache ($XDG_CACHE_HOME, else ~/.cache)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "streamctl" / name


def write_atomic(path: Path, data: str | bytes, mode: int = 0o600) -> None:
    """Replace `path` in one step with `mode` (default 0600: var files can hold secrets).

    Readers never see half a file, and concurrent writers never share a temporary one.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with naming(path), os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def exclusive(lock_path: Path, *, wait: bool = True) -> Iterator[IO[str]]:
    """Hold an flock on `lock_path` for the block; yields the open file (mode a+).

    The kernel releases it when the holder exits, even on kill -9, so it never goes
    stale. With wait=False a lock held elsewhere raises BlockingIOError at once.
    """
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        try:
            yield handle
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
