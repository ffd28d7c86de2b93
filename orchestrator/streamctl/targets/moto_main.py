"""The emulator process: moto's server with the AWS-compatibility fixes applied.

Run as ``python -m streamctl.targets.moto_main [moto.server arguments]``. The fixes
patch moto inside this process only; what it prints lands in ``emulator.log``.
"""

from __future__ import annotations

import sys
from importlib.metadata import PackageNotFoundError, version

from streamctl.targets.moto_fixes import apply_fixes


def main(argv: list[str] | None = None) -> None:
    from moto.server import main as moto_main

    applied, skipped = apply_fixes()
    try:
        moto_version = version("moto")
    except PackageNotFoundError:
        moto_version = "unknown"
    print(f"streamctl: moto {moto_version}, fixes applied: {', '.join(applied) or 'none'}")
    for name, reason in skipped.items():
        print(f"streamctl: warning: fix {name} not applied ({reason})", file=sys.stderr)
    sys.stdout.flush()
    moto_main(argv if argv is not None else sys.argv[1:])


if __name__ == "__main__":
    main()
