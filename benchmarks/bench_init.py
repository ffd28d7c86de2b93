"""`terraform init` of live/dev's nine layers at once: time and disk, cold and warm.

Run: .venv/bin/python benchmarks/bench_init.py [--provider-mirror DIR]
     (default: $STREAMCTL_PROVIDER_MIRROR, else scripts/find-provider-mirror)

Cold: an empty provider store and no working copies. Warm: the store kept, the working
copies' .terraform removed (a new clone on a machine that has run streamctl before).
Disk is what the nine working copies and the store hold, links not followed: one copy
of the provider per machine means the nine layers add almost nothing to it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from streamctl.deploy.deployment import Deployment
from streamctl.manifest import load_stack
from streamctl.terraform.engine import find_terraform
from streamctl.terraform.providers import MIRROR_ENV, STORE_ENV

REPO = Path(__file__).resolve().parent.parent


def disk(path: Path) -> int:
    """Bytes under `path`, symlinks counted as links (du -s --apparent-size -P)."""
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            total += os.lstat(Path(root) / name).st_size
    return total


def init_all(stack_file: Path) -> float:
    stack = load_stack(stack_file)
    dep = Deployment(stack, find_terraform())
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(stack.layers)) as pool:
        list(pool.map(dep.prepare, stack.order()))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--provider-mirror", default=os.environ.get(MIRROR_ENV))
    options = parser.parse_args()
    finder = [str(REPO / "scripts" / "find-provider-mirror")]
    found = subprocess.run(finder, check=True, capture_output=True, text=True).stdout.strip()
    mirror = options.provider_mirror or found
    if mirror:
        os.environ[MIRROR_ENV] = mirror
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        fresh = shutil.ignore_patterns(".streamctl", ".terraform", "*.tfstate*")
        shutil.copytree(REPO / "modules", work / "modules", ignore=fresh)
        shutil.copytree(REPO / "live" / "dev", work / "live" / "dev", ignore=fresh)
        store = work / "store"
        os.environ[STORE_ENV] = str(store)
        stack_file = work / "live" / "dev" / "stack.toml"
        state = stack_file.parent / ".streamctl"
        print(f"nine layers of live/dev, provider mirror: {mirror or '(none: registry)'}")
        print(f"{'phase':<6} {'init s':>7} {'working copies kB':>18} {'store MB':>9}")
        for phase in ("cold", "warm"):
            if phase == "warm":
                for dot_terraform in state.rglob(".terraform"):
                    shutil.rmtree(dot_terraform)
                for fingerprint in state.rglob("init.fingerprint"):
                    fingerprint.unlink()
            seconds = init_all(stack_file)
            print(
                f"{phase:<6} {seconds:>7.1f} {disk(state) / 1e3:>18.1f} {disk(store) / 1e6:>9.1f}"
            )


if __name__ == "__main__":
    main()
