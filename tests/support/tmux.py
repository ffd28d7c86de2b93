"""A real terminal for CLI tests: a private tmux server, a window of a given size.

Each session has its own server socket (`tmux -L`), so tests never touch a user's tmux
or each other's, and closing one kills only its own server.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import time
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest


def require_tmux() -> str:
    found = shutil.which("tmux")
    if found is None:
        message = "tmux is not installed (apt-get install -y tmux; .ci/run installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def _terminal_env(env: Mapping[str, str]) -> dict[str, str]:
    """The program reads its size from the pane, as in a user's terminal: COLUMNS and LINES
    (pytest-xdist's workers set them to 80x24) would override it."""
    kept = {k: v for k, v in env.items() if k not in {"COLUMNS", "LINES"}}
    return {**kept, "TERM": "xterm-256color"}


class Tmux:
    def __init__(
        self,
        command: Sequence[str],
        *,
        cwd: Path,
        env: Mapping[str, str],
        width: int = 120,
        height: int = 40,
    ) -> None:
        self.tmux = require_tmux()
        self.socket = f"streamctl-test-{uuid.uuid4().hex[:12]}"
        self.done = f"__exit_{uuid.uuid4().hex[:8]}__"
        # The exit code is printed after the command, then the shell waits: the pane
        # (and its scrollback) stays readable after the program ends.
        script = f"{shlex.join(command)}; echo {self.done}=$?; sleep 3600"
        # A config of our own: the user's ~/.tmux.conf must not change what tests see,
        # and history-limit applies only to windows made after it is set.
        self.config = Path(cwd) / f".{self.socket}.conf"
        self.config.write_text("set -g history-limit 50000\nset -g status off\n")
        self._tmux(
            "new-session", "-d", "-s", "t", "-x", str(width), "-y", str(height),
            "-c", str(cwd), "bash", "--norc", "--noprofile", "-c", script,
            env=_terminal_env(env),
        )  # fmt: skip

    def _tmux(self, *args: str, env: Mapping[str, str] | None = None) -> str:
        result = subprocess.run(
            [self.tmux, "-L", self.socket, "-f", str(self.config), *args],
            capture_output=True,
            text=True,
            check=True,
            env=dict(env) if env is not None else None,
        )
        return result.stdout

    def screen(self) -> str:
        """What the window shows now."""
        return self._tmux("capture-pane", "-p", "-t", "t")

    def scrollback(self) -> str:
        """Everything the pane printed: history and screen, trailing blank lines cut."""
        return self._capture().rstrip()

    def _capture(self) -> str:
        return self._tmux("capture-pane", "-p", "-J", "-S", "-", "-E", "-", "-t", "t")

    def wait_for(self, pattern: str, deadline: float = 180.0) -> re.Match[str]:
        """Until the scrollback matches: a deadline against hangs, not a timing check."""
        end = time.monotonic() + deadline
        while True:
            found = re.search(pattern, self._capture(), re.MULTILINE)
            if found:
                return found
            if time.monotonic() > end:
                raise AssertionError(f"no {pattern!r} on the terminal:\n{self.scrollback()}")
            time.sleep(0.2)

    def send(self, *keys: str) -> None:
        self._tmux("send-keys", "-t", "t", *keys)

    def exit_code(self, deadline: float = 180.0) -> int:
        return int(self.wait_for(rf"{self.done}=(\d+)", deadline).group(1))

    def close(self) -> None:
        subprocess.run(
            [self.tmux, "-L", self.socket, "kill-server"], capture_output=True, check=False
        )
        self.config.unlink(missing_ok=True)
