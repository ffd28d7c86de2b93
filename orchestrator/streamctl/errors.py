"""One domain error type; the CLI maps each subclass to an exit code."""

from __future__ import annotations

import errno
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class StreamctlError(Exception):
    """An expected failure, reported to the user without a traceback."""

    exit_code = 1


class ConfigError(StreamctlError):
    """The stack manifest or a layer's configuration is wrong."""

    exit_code = 2


class UsageError(StreamctlError):
    """The command line asks for something that cannot be done."""

    exit_code = 2


class OperationError(StreamctlError):
    """A Terraform operation or an AWS-side step failed."""

    exit_code = 1


class TerraformNotFoundError(UsageError):
    """No Terraform executable or embedded engine is available."""


# -- the disk under streamctl's data ------------------------------------------------------
# A full, read-only or forbidden disk is the machine's state, not a bug: the user gets the
# path and what to do, never a traceback. Any other OSError stays a bug.

_DISK_WHY = {
    errno.ENOSPC: "the disk is full: free some space there",
    errno.EDQUOT: "the disk quota is used up: free some space there",
    errno.EROFS: "the file system is read-only: make it writable, or run from a copy",
    errno.EACCES: "permission denied: check the owner and mode of that path",
    errno.EPERM: "not permitted: check the owner and mode of that path",
}


class DiskError(OperationError):
    """streamctl cannot write (or read) where it keeps its data."""


def disk_error(exc: OSError) -> DiskError | None:
    """The DiskError an OSError stands for, or None when it is something else."""
    if exc.errno not in _DISK_WHY:
        return None
    where = exc.filename or "streamctl's data directory"
    return DiskError(f"cannot write {where}: {exc.strerror}; {_DISK_WHY[exc.errno]}")


@contextmanager
def naming(path: Path) -> Iterator[None]:
    """Give an OSError of a write that failed after its open (ENOSPC) the path it lacks."""
    try:
        yield
    except OSError as exc:
        if exc.filename:
            raise
        raise OSError(exc.errno, exc.strerror, str(path)) from exc
