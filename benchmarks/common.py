"""What the benchmarks share: timing streamctl and the naive loop, the critical path, reports.

The naive loop is what users script without streamctl: for each layer in the manifest's
order, `terraform init`, `terraform apply -auto-approve -var-file=<upstream outputs as
JSON>`, `terraform output -json`. The critical path is the longest path of the layer graph,
each layer weighed by its own naive-loop time: what a scheduler doing the same work per
layer can at best reach.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import streamctl
from streamctl import graph
from streamctl.manifest import Stack

REPO = Path(__file__).resolve().parent.parent
ENGINES = ("terraform", "embedded")
BENCH_SECRET = "Bench-Passw0rd-42"  # fits RDS password rules

# Runs streamctl's CLI and records the peak RSS of that process alone: VmHWM belongs to the
# process image (reset by exec), unlike getrusage, which children and the parent's fork inflate.
_RSS_WRAPPER = """
import os, sys
from streamctl.cli import main
sys.argv[0] = "streamctl"
try:
    main()
finally:
    with open("/proc/self/status") as status, open(os.environ["BENCH_RSS_FILE"], "w") as out:
        out.write(next(l.split()[1] for l in status if l.startswith("VmHWM:")))
"""


class PhaseError(Exception):
    """A measured command failed; the figures measured before it are still reported."""


@dataclass
class Timed:
    seconds: float
    rss_mb: float | None = None
    calls: dict[str, list[str]] = field(default_factory=dict)  # layer -> terraform commands


def record(figures: dict[str, Timed], engine: str, name: str, timed: Timed) -> None:
    """Keep a figure and print it at once: a long run that fails later still shows it."""
    figures[name] = timed
    rss = f", streamctl peak RSS {timed.rss_mb:.0f} MB" if timed.rss_mb is not None else ""
    print(f"[{engine}] {name}: {timed.seconds:.1f} s{rss}", flush=True)


def terraform_argv(engine: str) -> list[str]:
    """The command a user's script would run: the executable, or the embedded worker."""
    if engine == "embedded":
        return [sys.executable, "-m", "streamctl.terraform.embedded_worker"]
    found = shutil.which("terraform")
    if found is None:
        sys.exit("no terraform on PATH: install it or use --engine embedded")
    return [found]


def _newest_run(stack_file: Path) -> Path:
    runs = sorted((stack_file.parent / ".streamctl").glob("*/*/logs/*"), key=os.path.getmtime)
    return runs[-1]


@contextmanager
def _environment(env: Mapping[str, str]) -> Iterator[None]:
    """os.environ as `env` for the block: streamctl reads its settings from there."""
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def bare_plans(stack: Stack, terraform: Sequence[str], env: Mapping[str, str]) -> Timed:
    """The `terraform plan` commands of streamctl's last run, word for word, in its working
    copies and with the environment it gives Terraform, all started at once without
    streamctl: the floor under any no-op `preview` or `up` on this machine (Terraform's
    and the providers' own work, on these cores)."""
    from streamctl.deploy.deployment import Deployment
    from streamctl.targets.choose import target_for
    from streamctl.terraform.engine import Terraform, child_environment

    run_dir = _newest_run(stack.manifest_path)  # .streamctl/<env>/<target>/logs/<run>
    local = run_dir.parent.parent.name == "local"
    with _environment(env):
        target = target_for(stack, local=local, endpoint_url=None)
        dep = Deployment(stack, Terraform(terraform, "terraform"), target, keep_logs=False)
        commands = []
        for name in stack.layers:
            lines = (run_dir / f"{name}.log").read_text(encoding="utf-8").splitlines()
            plan = next(line.split()[2:] for line in lines if line.startswith("$ terraform plan"))
            layer = dep.layer(name)
            layer_env = child_environment(layer.env)
            commands.append(([*terraform, *plan], layer.copy.workdir, layer_env))
    started = time.perf_counter()
    children = [
        subprocess.Popen(argv, cwd=cwd, env=layer_env, stdout=subprocess.DEVNULL)
        for argv, cwd, layer_env in commands
    ]
    codes = [child.wait() for child in children]
    seconds = time.perf_counter() - started
    if any(codes):
        raise PhaseError(f"a bare `terraform plan` failed (exit codes {codes})")
    return Timed(seconds)


def _logged_calls(run_dir: Path) -> dict[str, list[str]]:
    """Terraform commands per layer, from the `$ terraform ...` lines of the layer logs."""
    calls: dict[str, list[str]] = {}
    for log in sorted(run_dir.glob("*.log")):
        lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
        words = [line.split()[2:4] for line in lines if line.startswith("$ terraform ")]
        calls[log.stem] = [w[0] + (" " + w[1] if w[0] == "providers" else "") for w in words]
    return calls


def run_streamctl(
    stack_file: Path, args: Sequence[str], env: Mapping[str, str], log: Path
) -> Timed:
    """Time one streamctl command; its console output goes to `log`."""
    rss_file = log.with_suffix(".rss")
    runs = stack_file.parent / ".streamctl"
    before = set(runs.glob("*/*/logs/*"))
    argv = [sys.executable, "-c", _RSS_WRAPPER, *args, "--stack", str(stack_file)]
    with log.open("a") as handle:
        handle.write(f"$ streamctl {' '.join(args)}\n")
        handle.flush()
        started = time.perf_counter()
        code = subprocess.run(
            argv,
            check=False,
            env={**env, "BENCH_RSS_FILE": str(rss_file)},
            stdout=handle,
            stderr=handle,
        ).returncode
        seconds = time.perf_counter() - started
    if code != 0:
        raise PhaseError(f"streamctl {' '.join(args)} exited {code}; see {log}")
    new_runs = sorted(set(runs.glob("*/*/logs/*")) - before)
    calls = _logged_calls(new_runs[-1]) if new_runs else {}
    return Timed(seconds, int(rss_file.read_text()) / 1024, calls)


def compile_streamctl() -> None:
    """Byte-compile the streamctl package, as installing a wheel does: with
    PYTHONDONTWRITEBYTECODE set (as on some CI machines) a source checkout would otherwise
    compile every module at every start, and the figures would measure that."""
    package = Path(streamctl.__file__).parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)
    print(f"byte-compiled {package} (as an installed wheel is)")


def help_seconds(runs: int = 7) -> tuple[float, float]:
    """Median and fastest wall time of `streamctl --help` (one warm-up run first)."""
    script = Path(sys.executable).with_name("streamctl")
    argv = [str(script)] if script.is_file() else [sys.executable, "-m", "streamctl"]
    times: list[float] = []
    for attempt in range(runs + 1):
        started = time.perf_counter()
        subprocess.run([*argv, "--help"], check=True, stdout=subprocess.DEVNULL)
        if attempt:
            times.append(time.perf_counter() - started)
    return statistics.median(times), min(times)


def static_values(stack: Stack, name: str) -> dict[str, Any]:
    """What a user's script passes besides upstream outputs: what streamctl hands the layer."""
    layer = stack.layers[name]
    declared = layer.interface.variables
    values: dict[str, Any] = {k: v for k, v in stack.stack_values().items() if k in declared}
    values.update(layer.vars)
    for var, env_name in layer.secrets.items():
        # One fixed value: a new one each loop would make the no-op loop change the layer.
        values[var] = os.environ.get(env_name) or BENCH_SECRET
    return values


def naive_loop(
    stack: Stack,
    dirs: Mapping[str, Path],
    terraform: Sequence[str],
    env: Mapping[str, str],
    log: Path,
    values: Callable[[str], dict[str, Any]],
) -> dict[str, float]:
    """Seconds per layer of init + apply -auto-approve + output -json, layer after layer."""
    outputs: dict[str, dict[str, Any]] = {}
    seconds: dict[str, float] = {}
    with log.open("a") as handle:

        def tf(workdir: Path, *args: str) -> str:
            handle.write(f"$ terraform {' '.join(args)}   # in {workdir}\n")
            handle.flush()
            stdout = subprocess.PIPE if args[0] == "output" else handle
            result = subprocess.run(
                [*terraform, *args],
                check=False,
                cwd=workdir,
                env=env,
                stdout=stdout,
                stderr=handle,
                text=True,
            )
            if result.returncode != 0:
                raise PhaseError(f"naive loop: terraform {args[0]} failed in {workdir}; see {log}")
            return result.stdout or ""

        for name in stack.order():  # the manifest's order: it lists layers dependencies first
            workdir = dirs[name]
            var_file = workdir / "bench-inputs.tfvars.json"
            started = time.perf_counter()
            tf(workdir, "init", "-input=false", "-no-color")
            given = values(name)
            for var, ref in stack.layers[name].inputs.items():
                given[var] = outputs[ref.layer][ref.output]
            var_file.write_text(json.dumps(given), encoding="utf-8")
            tf(
                workdir,
                "apply",
                "-auto-approve",
                "-input=false",
                "-no-color",
                f"-var-file={var_file}",
            )
            printed = json.loads(tf(workdir, "output", "-json") or "{}")
            outputs[name] = {key: out["value"] for key, out in printed.items()}
            seconds[name] = time.perf_counter() - started
    return seconds


def critical_path(
    edges: Mapping[str, Sequence[str]], weight: Mapping[str, float]
) -> tuple[float, list[str]]:
    """The heaviest dependency chain: its total weight and its layers, first to last."""
    best: dict[str, tuple[float, list[str]]] = {}
    for name in graph.topological_order(edges):
        before = max((best[up] for up in edges[name]), default=(0.0, []), key=lambda b: b[0])
        best[name] = (before[0] + weight[name], [*before[1], name])
    return max(best.values(), key=lambda b: b[0])


def calls_summary(calls: Mapping[str, list[str]]) -> str:
    """`kms: init plan apply output` lines, one per layer, with the total."""
    rows = [f"    {layer:<14} {len(cmds):>2}  {' '.join(cmds)}" for layer, cmds in calls.items()]
    total = sum(len(cmds) for cmds in calls.values())
    return "\n".join([*rows, f"    {'total':<14} {total:>2}"])


def ratio(numerator: float | None, denominator: float | None) -> str:
    if numerator is None or not denominator:
        return "n/a"
    return f"{numerator / denominator:.2f}"


RATIOS = (
    ("up / critical path", "up", "critical path"),
    ("up / naive loop", "up", "naive loop"),
    ("no-op up / naive no-op loop", "no-op up", "naive no-op loop"),
    ("no-op preview / naive no-op loop", "no-op preview", "naive no-op loop"),
    ("floor: plans alone / naive no-op", "plans alone, at once", "naive no-op loop"),
)


def print_report(figures: Mapping[str, Mapping[str, Timed]]) -> None:
    """Figures per engine, the ratios of the issue, and embedded/executable when both ran."""
    engines = list(figures)
    names = list(dict.fromkeys(n for per_engine in figures.values() for n in per_engine))
    header = f"{'figure':<22}" + "".join(f"{e:>12}" for e in engines)
    both = len(engines) == 2
    print("\n" + header + ("  embedded/terraform" if both else "") + "   streamctl peak RSS")
    for name in names:
        cells = [figures[e].get(name) for e in engines]
        row = f"{name:<22}" + "".join(f"{c.seconds:>10.1f} s" if c else f"{'-':>12}" for c in cells)
        if both:
            executable, embedded = (c.seconds if c else None for c in cells)
            row += f"{ratio(embedded, executable):>20}"
        rss = [f"{c.rss_mb:.0f} MB" for c in cells if c and c.rss_mb is not None]
        print(row + ("   " + " / ".join(rss) if rss else ""))
    print()
    for label, top, bottom in RATIOS:
        shown = []
        for engine in engines:
            a, b = figures[engine].get(top), figures[engine].get(bottom)
            shown.append(ratio(a.seconds if a else None, b.seconds if b else None))
        print(f"{label:<34}" + "".join(f"{c:>12}" for c in shown))
    for engine in engines:
        for name, timed in figures[engine].items():
            if timed.calls:
                print(f"\nTerraform calls per layer ({engine}, {name}, from the layer logs):")
                print(calls_summary(timed.calls))
