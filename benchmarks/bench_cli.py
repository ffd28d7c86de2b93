"""streamctl's own start: `--help` wall time and peak RSS, and what it imports.

Run: .venv/bin/python benchmarks/bench_cli.py [--runs 7]

The package is byte-compiled first, as installing a wheel does. Prints the median and
fastest of `streamctl --help` (after one warm-up run) and its peak RSS, the same for a
bare `python -c pass` (this machine's floor), and which of the heavy packages (boto3,
botocore, moto, grpc, hcl2, lark, protobuf, tenacity, urllib.request, rich.live, and
streamctl's manifest, deploy and targets) the CLI loads before it runs a command: none
should, each is imported where it is used (tests/cli/test_polish.py asserts it for every
command's --help). Targets (not asserted anywhere): --help <= 0.3 s, RSS <= 150 MB.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence

from common import compile_streamctl

HEAVY = (
    *("boto3", "botocore", "moto", "grpc", "hcl2", "lark", "google.protobuf"),
    *("tenacity", "urllib.request", "rich.live"),
    *("streamctl.manifest", "streamctl.deploy", "streamctl.targets"),
)
LOADED = f"""
import json, sys
import streamctl.cli.app
loaded = {{m.split(".")[0] for m in sys.modules}} | set(sys.modules)
print(json.dumps([h for h in {HEAVY!r} if h in loaded]))
"""


def timed(argv: Sequence[str], runs: int) -> tuple[float, float, float]:
    """Median and fastest seconds, and the peak RSS in MB, of `argv` (one warm-up run)."""
    times: list[float] = []
    for attempt in range(runs + 1):
        started = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
        if attempt:
            times.append(time.perf_counter() - started)
    # The largest child so far: call this for the smaller command first.
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return statistics.median(times), min(times), peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()
    compile_streamctl()
    floor = timed([sys.executable, "-c", "pass"], options.runs)
    print(f"python -c pass:    median {floor[0]:.3f} s, fastest {floor[1]:.3f} s")
    median, fastest, rss = timed([sys.executable, "-m", "streamctl", "--help"], options.runs)
    print(
        f"streamctl --help:  median {median:.3f} s, fastest {fastest:.3f} s, "
        f"peak RSS {rss:.0f} MB ({options.runs} runs)"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", LOADED], check=True, capture_output=True, text=True
    ).stdout
    heavy = json.loads(loaded)
    print(f"heavy packages loaded by the CLI before a command runs: {', '.join(heavy) or 'none'}")


if __name__ == "__main__":
    main()
