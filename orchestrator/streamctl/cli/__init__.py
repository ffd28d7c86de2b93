"""The `streamctl` command line: the only code that parses options or prints."""

from streamctl.cli.app import app, main

__all__ = ["app", "main"]
