"""Working data of one layer under `.streamctl/<env>/<target>/<layer>/`.

Terraform never runs in a layer's source directory. It runs in a working copy:
real directories along the path from the common root of the layer and its local
modules, with every source entry symlinked, so `../../modules/x` still resolves
while generated files (overrides, var files) and `.terraform` stay out of the
checkout. State lives beside the copy, never inside it, so rebuilding the copy
cannot touch it.
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
SKIP = {".terraform", ".git", ".streamctl", ".venv", "node_modules", "__pycache__"}
NOT_LINKED = {".terraform.lock.hcl", "terraform.tfstate", "terraform.tfstate.backup"}
GENERATED_PREFIX = "zz_streamctl_"


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
        return Path(os.path.commonpath([str(p) for p in self.modules]))

    @property
    def workdir(self) -> Path:
        """Where Terraform runs: the layer's place inside the working copy."""
        return self.tree / self.layer.path.relative_to(self.anchor)

    def build(self, generated: Mapping[str, Any]) -> Path:
        """(Re)build the working copy with `generated` JSON files; returns the workdir."""
        anchor, target = self.anchor, self.layer.path
        self.root.mkdir(parents=True, exist_ok=True)
        _clear_links(self.tree)
        current_src, current_dst = anchor, self.tree
        for part in target.relative_to(anchor).parts:
            _link_entries(current_src, current_dst, keep_real={part})
            current_src, current_dst = current_src / part, current_dst / part
        _link_entries(target, current_dst, keep_real=set())
        lock = target / ".terraform.lock.hcl"
        if lock.is_file():
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
            files = [*directory.glob("*.tf*"), *directory.glob(".terraform.lock.hcl")]
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
        if entry.name in SKIP or entry.name in NOT_LINKED or entry.name in keep_real:
            continue
        if entry.name.startswith(GENERATED_PREFIX):
            continue
        link = dest / entry.name
        if link.is_symlink() or link.is_file():
            link.unlink()
        elif link.is_dir():
            shutil.rmtree(link)
        link.symlink_to(entry)
