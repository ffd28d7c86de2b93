"""SIGTERM and SIGHUP are a first Ctrl-C; what to tell the user after one or two.

CI sends SIGTERM on cancel, a closed terminal SIGHUP: both used to end streamctl at
once and leave its Terraform children running unattended. As KeyboardInterrupt they
take the one path a Ctrl-C takes: every Terraform is asked to stop cleanly and write
its state, the summary is printed, the exit code is 130.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

GRACEFUL = (signal.SIGTERM, signal.SIGHUP)


def _as_interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def install() -> None:
    """In the main thread of the command-line process only (signals go there)."""
    for sig in GRACEFUL:
        signal.signal(sig, _as_interrupt)


@contextmanager
def held_off() -> Iterator[None]:
    """Ignore interrupts for the block: the summary of a run that has ended is printed
    whole, and a late Ctrl-C cannot turn exit 130 into death by SIGINT."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    signals = (signal.SIGINT, *GRACEFUL)
    previous = {sig: signal.signal(sig, signal.SIG_IGN) for sig in signals}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def message(*, forced: bool, command: str | None = None) -> str:
    if forced:
        return (
            "interrupted twice: Terraform was stopped at once, and what it had just done may "
            "be missing from state (data may be lost). Before anything else run `streamctl "
            "preview`: its plan refreshes state against what exists and shows what Terraform "
            "would still create; import resources that exist but are missing from state "
            "(terraform -chdir=<the layer's working copy> import ADDRESS ID) rather than "
            "creating them twice."
        )
    again = f" Run `streamctl {command}` again to carry on." if command else ""
    return (
        "interrupted: every running Terraform was asked to stop cleanly and to write its "
        f"state; layers not started were left alone.{again}"
    )
