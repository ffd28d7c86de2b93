"""Figures for the nine-layer fixture: up, a no-op up and down, per engine.

Run: .venv/bin/python benchmarks/bench_up.py [--engine terraform|embedded] [--parallelism N]
Prints wall time per phase and the peak RSS of streamctl and of its Terraform children.
Targets (not asserted anywhere): a no-op `up` of nine layers under 10 s with the
executable engine; peak RSS of streamctl itself under 150 MB.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "platform9"


def run(stack: Path, *args: str, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "streamctl", *args, "--stack", str(stack), "--yes"],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", default="terraform")
    parser.add_argument("--parallelism", default=None)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "stack"
        shutil.copytree(FIXTURE, root)
        config = Path(tmp) / "terraformrc"
        config.write_text("")
        env = {
            **os.environ,
            "TF_CLI_CONFIG_FILE": str(config),
            "STREAMCTL_TERRAFORM": options.engine,
            "STREAMCTL_TEST_DB_PASSWORD": "bench-password-1",
        }
        extra = ["--parallelism", options.parallelism] if options.parallelism else []
        stack = root / "stack.toml"
        figures = {
            "up (fresh)": run(stack, "up", *extra, env=env),
            "up (no-op)": run(stack, "up", *extra, env=env),
            "down": run(stack, "down", *extra, env=env),
        }
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"engine: {options.engine}, layers: 9, parallelism: {options.parallelism or 'unlimited'}")
    for phase, seconds in figures.items():
        print(f"  {phase:<12} {seconds:6.2f} s")
    print(f"  peak RSS of the largest child process: {usage.ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
