"""Working copies: Terraform never runs in a source directory.

A copy has real directories along the path from the common root (the anchor) of a
module and the local modules it reaches down to the module itself, with every other
source entry symlinked, so `../../modules/x` still resolves while generated files
(overrides, var files, test files) and `.terraform` stay out of the checkout.

A layer's copy lives in its working data under `.streamctl/<env>/<target>/<layer>/`,
with state beside the copy, never inside it, so rebuilding the copy cannot touch it.
Offline runs build throw-away copies (`scratch_copy`) that never carry a source
`.terraform.lock.hcl`: it pins the real provider's hashes, which the offline plugin
cannot match.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from streamctl.manifest import Layer, Stack

LOCAL_SOURCE = re.compile(r'source\s*=\s*"(\.\.?/[^"]*)"')
LOCK_FILE = ".terraform.lock.hcl"
# Never linked into a copy: Terraform's own data, state, other tools' directories.
NOT_LINKED = {
    ".terraform",
    LOCK_FILE,  # a layer's copy gets its own copy of it; offline copies none
    "terraform.tfstate",
    "terraform.tfstate.backup",
    ".git",
    ".streamctl",
    ".venv",
    "node_modules",
    "__pycache__",
}
GENERATED_PREFIX = "zz_streamctl_"  # files streamctl writes into copies; removed on rebuild


def local_module_dirs(directory: Path, *, include_tests: bool = False) -> set[Path]:
    """Directories of every local module reached from `directory` (itself included).

    With include_tests, sources named in `*.tftest.hcl` files count too.
    """
    found: set[Path] = set()
    todo = [directory.resolve()]
    while todo:
        current = todo.pop()
        if current in found or not current.is_dir():
            continue
        found.add(current)
        files = list(current.glob("*.tf"))
        if include_tests:
            files += [*current.glob("*.tftest.hcl"), *current.glob("tests/*.tftest.hcl")]
        for path in files:
            for source in LOCAL_SOURCE.findall(path.read_text(encoding="utf-8", errors="replace")):
                todo.append((current / source).resolve())
    return found


def anchor_of(paths: set[Path]) -> Path:
    """The deepest directory holding all `paths`: the root a copy reproduces."""
    return Path(os.path.commonpath([str(p) for p in paths]))


def slug(name: str, path: Path) -> str:
    """A directory name for one copy: readable, and unique per source path."""
    readable = re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_.")[:40] or "target"
    return f"{readable}-{hashlib.sha256(str(path).encode()).hexdigest()[:8]}"


def link_tree(anchor: Path, targets: set[Path], tree: Path) -> None:
    """Make `tree` a copy of `anchor`: each target and its parents real, the rest links."""
    real: set[Path] = {anchor}
    for target in targets:
        current = target
        while current != anchor and anchor in current.parents:
            real.add(current)
            current = current.parent
    for directory in sorted(real, key=lambda p: len(p.parts)):
        children = {p.name for p in real if p.parent == directory}
        _link_entries(directory, tree / directory.relative_to(anchor), keep_real=children)


def scratch_tree(anchor: Path, targets: set[Path], tree: Path) -> None:
    """`link_tree` from scratch: whatever an earlier run left in `tree` goes first."""
    if tree.exists():
        shutil.rmtree(tree)
    link_tree(anchor, targets, tree)


def scratch_copy(source: Path, root: Path) -> Path:
    """A fresh copy of `source` (and the modules and tests it reaches) in `root/tree`;
    returns the directory to run Terraform in."""
    source = source.resolve()
    anchor = anchor_of(local_module_dirs(source, include_tests=True))
    scratch_tree(anchor, {source}, root / "tree")
    return root / "tree" / source.relative_to(anchor)


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


class _InRoot:
    """A file of the layer's working data: `root / name`."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, copy: LayerWorkCopy, owner: type | None = None) -> Path:
        return copy.root / self.name


@dataclass(frozen=True)
class LayerWorkCopy:
    """Paths of one layer's working data for one environment and target."""

    stack: Stack
    layer: Layer
    target: str  # "aws" or "local"

    @property
    def root(self) -> Path:
        return self.stack.state_dir / self.stack.environment / self.target / self.layer.name

    tree = _InRoot("tree")  # the working copy itself; everything else stays beside it
    state_file = _InRoot("terraform.tfstate")
    plan_file = _InRoot("plan.tfplan")
    inputs_file = _InRoot("inputs.tfvars.json")
    secrets_file = _InRoot("secrets.tfvars.json")
    record_file = _InRoot("last-run.json")
    fingerprint_file = _InRoot("init.fingerprint")

    @property
    def modules(self) -> set[Path]:
        return local_module_dirs(self.layer.path)

    @property
    def anchor(self) -> Path:
        return anchor_of(self.modules)

    @property
    def workdir(self) -> Path:
        """Where Terraform runs: the layer's place inside the working copy."""
        return self.tree / self.layer.path.relative_to(self.anchor)

    def build(self, generated: Mapping[str, Any]) -> Path:
        """(Re)build the working copy with `generated` JSON files; returns the workdir."""
        anchor, target = self.anchor, self.layer.path
        self.root.mkdir(parents=True, exist_ok=True)
        _clear_links(self.tree)
        link_tree(anchor, {target}, self.tree)
        current_dst = self.workdir
        lock = target / LOCK_FILE
        if lock.is_file():  # a copy, not a link: `init` may update it
            shutil.copyfile(lock, current_dst / lock.name)
        for stale in current_dst.glob(f"{GENERATED_PREFIX}*"):
            stale.unlink()
        for name, content in generated.items():
            (current_dst / name).write_text(json.dumps(content, indent=2), encoding="utf-8")
        return current_dst

    def fingerprint(self, extra: str) -> str:
        """Hash of everything `terraform init` depends on, to skip it when unchanged."""
        digest = hashlib.sha256(extra.encode())
        for directory in sorted(self.modules):
            files = [*directory.glob("*.tf*"), *directory.glob(LOCK_FILE)]
            for path in sorted(files):
                digest.update(str(path).encode())
                digest.update(path.read_bytes())
        for path in sorted(self.workdir.glob(f"{GENERATED_PREFIX}*")):
            digest.update(path.read_bytes())
        return digest.hexdigest()


def _clear_links(tree: Path) -> None:
    """Remove the symlinks of a previous copy; keep real files (e.g. .terraform)."""
    if not tree.exists():
        return
    for dirpath, dirnames, filenames in os.walk(tree):
        base = Path(dirpath)
        for name in [*dirnames, *filenames]:
            path = base / name
            if path.is_symlink():
                path.unlink()
        dirnames[:] = [d for d in dirnames if not (base / d).is_symlink() and d != ".terraform"]


def _link_entries(source: Path, dest: Path, keep_real: set[str]) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    for entry in source.iterdir():
        if entry.name in NOT_LINKED or entry.name in keep_real:
            continue
        if entry.name.startswith(GENERATED_PREFIX):
            continue
        link = dest / entry.name
        if link.is_symlink() or link.is_file():
            link.unlink()
        elif link.is_dir():
            shutil.rmtree(link)
        link.symlink_to(entry)
