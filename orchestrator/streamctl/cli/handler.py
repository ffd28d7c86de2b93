"""The one error handler: every command of every streamctl app runs inside it.

Expected errors (StreamctlError) print their message and exit with their code (1 an
operation failed, 2 bad usage or configuration), Ctrl-C exits 130, and anything else is
a bug: its traceback goes to a log file that the message names, and the exit code is 3.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.markup import escape
from typer.core import TyperArgument, TyperGroup, TyperOption

import streamctl
from streamctl.cli import interrupts
from streamctl.cli.console import err
from streamctl.errors import StreamctlError, disk_error
from streamctl.files import write_atomic

BUG_EXIT_CODE = 3
INTERRUPTED_EXIT_CODE = 130
# Typer's own signals pass through: typer.Exit codes, and usage errors (exit 2). Typer
# vendors click in some releases, so its ClickException is found from a public class.
_CLICK_EXCEPTION = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")
PASS_THROUGH: tuple[type[BaseException], ...] = (typer.Exit, typer.Abort, _CLICK_EXCEPTION)
# Help without arguments; no shell-completion commands; no Rich tracebacks of our own.
APP_SETTINGS: dict[str, Any] = {
    "no_args_is_help": True,
    "add_completion": False,
    "pretty_exceptions_enable": False,
}


def _hide_flag_types() -> None:
    """Typer's help shows a value type for every parameter: `<bool>` for flags, which take
    no value, and `<str>` beside an argument's own name (LAYER). Show neither; options
    with values name theirs (metavar)."""
    show_option_type = getattr(TyperOption, "display_type_rich", None)
    show_argument_type = getattr(TyperArgument, "display_type_rich", None)
    if show_option_type is None or show_argument_type is None:
        return  # a Typer that shows no types

    def option_type(self: TyperOption, ctx: Any) -> str | None:
        return None if self.is_flag else show_option_type(self, ctx)

    def argument_type(self: TyperArgument, ctx: Any) -> str | None:
        return None if self.metavar else show_argument_type(self, ctx)

    TyperOption.display_type_rich = option_type  # type: ignore[method-assign]
    TyperArgument.display_type_rich = argument_type  # type: ignore[method-assign,assignment]


_hide_flag_types()


class HandledGroup(TyperGroup):
    """A command group whose subcommands (nested groups too) run inside the handler."""

    def invoke(self, ctx: Any) -> Any:  # Any: the click Context class differs by release
        try:
            return super().invoke(ctx)
        except PASS_THROUGH:
            raise
        except StreamctlError as exc:
            # escape: messages name TOML tables like [stack.backend], not Rich markup
            err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            err.print(interrupts.message(forced=False), soft_wrap=True, markup=False)
            raise typer.Exit(INTERRUPTED_EXIT_CODE) from None
        except BrokenPipeError:
            # The reader went away (`| head`): not a bug. Python's own recipe: point
            # stdout at devnull so the flush at exit cannot fail again, and exit 1.
            with contextlib.suppress(OSError):  # a stdout without a descriptor (tests)
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(1) from None
        except OSError as exc:
            # A full, read-only or forbidden disk is the machine's state, not a bug.
            if (disk := disk_error(exc)) is None:
                self._bug(exc)
            err.print(f"[bold red]error:[/] {escape(str(disk))}", highlight=False, soft_wrap=True)
            raise typer.Exit(disk.exit_code) from None
        except Exception as exc:
            self._bug(exc)

    @staticmethod
    def _bug(exc: Exception) -> NoReturn:
        log = write_bug_report(exc)
        err.print(
            f"[bold red]bug:[/] streamctl failed unexpectedly "
            f"({escape(type(exc).__name__)}: {escape(str(exc))}). The traceback is in "
            f"{escape(str(log))}; please include it in a bug report.",
            highlight=False,
            soft_wrap=True,
        )
        raise typer.Exit(BUG_EXIT_CODE) from None


def write_bug_report(exc: BaseException) -> Path:
    """The traceback of an unexpected error in a private (0600) file of its own."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    path = Path(tempfile.gettempdir()) / f"streamctl-bug-{stamp}-{os.getpid()}.log"
    text = "".join(traceback.format_exception(exc))
    header = f"streamctl {streamctl.__version__}, Python {sys.version.split()[0]}\n"
    write_atomic(path, f"{header}argv: {sys.argv}\n\n{text}")
    return path


def handled_app(name: str, help: str, *, completion: bool = False) -> typer.Typer:
    """A Typer app whose every command runs inside the handler (streamctl, its offline app)."""
    settings = {**APP_SETTINGS, "add_completion": completion}
    return typer.Typer(cls=HandledGroup, name=name, help=help, **settings)
