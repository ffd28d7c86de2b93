"""Symlinked working copies, so offline runs never write into source directories.

The copy keeps the directory layout from the common root of the target and every local
module it reaches, so relative sources like `../../modules/x` still resolve. Entries are
symlinks; only the directories on the way to the target are real, which is where
Terraform writes `.terraform.lock.hcl`. A source `.terraform.lock.hcl` is never linked:
it pins the real provider's hashes, which the offline plugin cannot match.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

from streamctl.terraform.workcopy import local_module_dirs

NOT_LINKED = {
    ".terraform",
    ".terraform.lock.hcl",
    ".git",
    ".streamctl",
    ".venv",
    "node_modules",
    "__pycache__",
    "terraform.tfstate",
    "terraform.tfstate.backup",
}


def local_dirs(directory: Path) -> set[Path]:
    """`directory` and every local module its .tf and test files reach."""
    return local_module_dirs(directory, include_tests=True)


def slug(name: str, path: Path) -> str:
    """A directory name for one target: readable, and unique per source path."""
    readable = re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_.")[:40] or "target"
    return f"{readable}-{hashlib.sha256(str(path).encode()).hexdigest()[:8]}"


def anchor_of(paths: set[Path]) -> Path:
    return Path(os.path.commonpath([str(p) for p in paths]))


def build_tree(anchor: Path, targets: set[Path], tree: Path) -> None:
    """Rebuild `tree` as a copy of `anchor` where each target dir (and its parents) is real."""
    if tree.exists():
        shutil.rmtree(tree)
    real: set[Path] = set()
    for target in targets:
        current = target
        while current != anchor and anchor in current.parents:
            real.add(current)
            current = current.parent
    real.add(anchor)
    for directory in sorted(real, key=lambda p: len(p.parts)):
        dest = tree / directory.relative_to(anchor)
        dest.mkdir(parents=True, exist_ok=True)
        for entry in directory.iterdir():
            if entry.name in NOT_LINKED or entry in real:
                continue
            (dest / entry.name).symlink_to(entry)


def working_copy(source: Path, root: Path) -> Path:
    """Build `root/tree` for `source`; returns the directory to run Terraform in."""
    source = source.resolve()
    anchor = anchor_of(local_dirs(source))
    tree = root / "tree"
    build_tree(anchor, {source}, tree)
    return tree / source.relative_to(anchor)


def source_path(workdir: Path, source: Path, filename: str) -> str:
    """Map a file name Terraform reports (relative to the copy) back to the source tree."""
    if not filename:
        return ""
    if os.path.isabs(filename):
        try:
            return str(source / Path(filename).relative_to(workdir))
        except ValueError:
            return filename
    return os.path.normpath(source / filename)
