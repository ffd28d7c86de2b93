"""Modelled stack: live/dev's nine-layer graph, `terraform_data` only, AWS time as sleeps.

Run: .venv/bin/python benchmarks/bench_modelled.py [--engine terraform|embedded|both]
     [--unit SECONDS] [--parallelism N] [--keep DIR]

Each generated layer has the real layer's outputs (same names, lists where a downstream
variable takes a list) and a variable per manifest input, wired by the same manifest
graph; N `terraform_data` resources, N = the managed resource instances the real layer
has, plus one whose `local-exec` sleeps for the layer's modelled AWS time (units below).
N comes from the real layers planned and applied in memory: streamctl's offline
whole-stack dry run (`terraform test`, mock_provider "aws", the bundled schema-only
provider) with -verbose, whose JSON gives each run's state; so count and for_each are
expanded by Terraform itself. The counts are cached per content of the .tf sources and
the manifest in .streamctl/bench/ (the dry run takes a minute or two).

In one run per engine: the naive loop, streamctl `up --yes`, a no-op `up --yes`, the
naive loop again (its no-op), a no-op `preview`, the same nine `terraform plan` commands
started at once without streamctl (the floor under any no-op run on these cores), and
the critical path. Ratios printed;
nothing is asserted. The machine may be noisy: compare ratios from one run only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from common import (
    ENGINES,
    REPO,
    PhaseError,
    Timed,
    bare_plans,
    compile_streamctl,
    critical_path,
    help_seconds,
    naive_loop,
    print_report,
    record,
    run_streamctl,
    static_values,
    terraform_argv,
)

from streamctl.manifest import Stack, load_stack
from streamctl.offline.tftest import test_stack_offline
from streamctl.terraform.engine import Completed, Terraform, find_terraform
from streamctl.terraform.workcopy import local_module_dirs

# Modelled AWS time per layer, in units: Aurora, CloudFront, ALB/ASG, NAT; others 1.
UNITS = {"database": 10, "cdn": 8, "compute": 3, "network": 2}
LIST_KINDS = {"list", "set", "tuple"}


class _KeepTestStates(Terraform):
    """Adds -verbose to `terraform test`, whose JSON then holds each run's state."""

    def __init__(self, base: Terraform) -> None:
        super().__init__(base.argv, base.kind)
        self.test_stdout = ""

    def run(self, args: Any, **kwargs: Any) -> Completed:
        is_test = list(args[:1]) == ["test"]
        result = super().run([*args, "-verbose"] if is_test else args, **kwargs)
        if is_test:
            self.test_stdout = result.stdout
        return result


def _managed(module: dict[str, Any]) -> int:
    here = sum(1 for r in module.get("resources", []) if r.get("mode") == "managed")
    return here + sum(_managed(child) for child in module.get("child_modules", []))


def _sources_digest(stack: Stack) -> str:
    digest = hashlib.sha256(stack.manifest_path.read_bytes())
    files = {
        f
        for layer in stack.layers.values()
        for d in local_module_dirs(layer.path)
        for f in d.glob("*.tf")
    }
    for path in sorted(files):
        digest.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def resource_counts(stack: Stack) -> dict[str, int]:
    """Managed resource instances per layer, from the offline dry run's states (cached)."""
    cache = REPO / ".streamctl" / "bench" / f"resource-counts-{_sources_digest(stack)}.json"
    if cache.is_file():
        counts: dict[str, int] = json.loads(cache.read_text(encoding="utf-8"))
        return counts
    print("counting resources: offline whole-stack dry run (once per source change) ...")
    engine = _KeepTestStates(find_terraform())
    with tempfile.TemporaryDirectory() as tmp:
        report = test_stack_offline(engine, stack, Path(tmp))
    if not report.passed:
        raise SystemExit(f"the offline dry run failed: {[str(d) for d in report.diagnostics]}")
    counts = {}
    for line in engine.test_stdout.splitlines():
        event = json.loads(line)
        if event.get("type") == "test_state":
            counts[event["@testrun"]] = _managed(event["test_state"].get("root_module", {}))
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(counts, indent=2), encoding="utf-8")
    return counts


def _output_kinds(stack: Stack) -> dict[tuple[str, str], str]:
    """(layer, output) -> "list" where a downstream variable takes it as a list."""
    kinds: dict[tuple[str, str], str] = {}
    for layer in stack.layers.values():
        for var, ref in layer.inputs.items():
            if layer.interface.variables[var].kind in LIST_KINDS:
                kinds[(ref.layer, ref.output)] = "list"
    return kinds


def layer_document(stack: Stack, name: str, count: int, seconds: float) -> dict[str, Any]:
    """The modelled layer as Terraform JSON."""
    layer = stack.layers[name]
    kinds = _output_kinds(stack)
    inputs = {var: f"${{var.{var}}}" for var in layer.inputs}
    outputs: dict[str, Any] = {}
    for output, sensitive in layer.interface.outputs.items():
        value = (
            "${concat([terraform_data.aws_time.id], terraform_data.resource[*].id)}"
            if kinds.get((name, output)) == "list"
            else f"{output}-${{terraform_data.aws_time.id}}"
        )
        outputs[output] = {"value": value, "sensitive": sensitive}
    document: dict[str, Any] = {
        "resource": {
            "terraform_data": {
                "resource": {"count": count, "input": {**inputs, "index": "${count.index}"}},
                # The slow AWS resource (Aurora cluster, distribution) comes last, as in AWS.
                "aws_time": {
                    "depends_on": ["terraform_data.resource"],
                    "provisioner": [{"local-exec": {"command": f"sleep {seconds:g}"}}],
                },
            }
        },
        "output": outputs,
    }
    if layer.inputs:
        document["variable"] = {var: {} for var in layer.inputs}
    return document


def _toml_string(text: str) -> str:
    return json.dumps(text)  # a TOML basic string for these plain names


def generate(stack: Stack, counts: dict[str, int], unit: float, root: Path) -> Path:
    """Write the modelled stack under `root`; returns its manifest."""
    lines = [
        "[stack]",
        f"name = {_toml_string('modelled-' + stack.name)}",
        f"environment = {_toml_string(stack.environment)}",
        "",
    ]
    for name, layer in stack.layers.items():
        (root / name).mkdir(parents=True)
        seconds = UNITS.get(name, 1) * unit
        document = layer_document(stack, name, counts[name], seconds)
        (root / name / "main.tf.json").write_text(json.dumps(document, indent=2))
        lines += [f"[layers.{name}]", f"path = {_toml_string(name)}"]
        if layer.inputs:
            wired = ", ".join(
                f"{var} = {_toml_string(str(ref))}" for var, ref in layer.inputs.items()
            )
            lines.append(f"inputs = {{ {wired} }}")
        if layer.depends_on:
            lines.append(f"depends_on = {json.dumps(list(layer.depends_on))}")
        lines.append("")
    manifest = root / "stack.toml"
    manifest.write_text("\n".join(lines), encoding="utf-8")
    return manifest


def measure(
    stack: Stack,
    counts: dict[str, int],
    engine: str,
    options: argparse.Namespace,
    work: Path,
    figures: dict[str, Timed],
) -> None:
    """Fill `figures` phase by phase (PhaseError: a command failed, the rest is kept)."""
    cli_config = work / "empty.tfrc"
    cli_config.write_text("")  # this machine's default names a missing file (a warning per call)
    env = {**os.environ, "TF_CLI_CONFIG_FILE": str(cli_config)}
    env["STREAMCTL_PROVIDER_STORE"] = str(work / "provider-store")
    naive_root = work / "naive"
    generate(stack, counts, options.unit, naive_root)
    modelled = load_stack(generate(stack, counts, options.unit, work / "streamctl"))
    dirs = {name: naive_root / name for name in stack.layers}
    terraform = terraform_argv(engine)
    log = work / "bench.log"
    common = ["--terraform", engine] + (
        ["--parallelism", str(options.parallelism)] if options.parallelism else []
    )

    def streamctl(*args: str) -> Timed:
        return run_streamctl(modelled.manifest_path, [*args, *common], env, log)

    def naive() -> dict[str, float]:
        return naive_loop(modelled, dirs, terraform, env, log, lambda n: static_values(modelled, n))

    per_layer = naive()
    record(figures, engine, "naive loop", Timed(sum(per_layer.values())))
    record(figures, engine, "up", streamctl("up", "--yes"))
    record(figures, engine, "no-op up", streamctl("up", "--yes"))
    record(figures, engine, "naive no-op loop", Timed(sum(naive().values())))
    record(figures, engine, "no-op preview", streamctl("preview"))
    record(figures, engine, "plans alone, at once", bare_plans(modelled, terraform, env))
    path_seconds, path = critical_path(modelled.edges, per_layer)
    record(figures, engine, "critical path", Timed(path_seconds))
    print(
        f"[{engine}] critical path: {' -> '.join(path)}; naive seconds per layer: "
        + ", ".join(f"{n} {s:.1f}" for n, s in per_layer.items())
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=[*ENGINES, "both"], default="terraform")
    parser.add_argument("--unit", type=float, default=1.0, help="seconds per unit of AWS time")
    parser.add_argument("--parallelism", type=int, default=None)
    parser.add_argument("--keep", type=Path, help="work in this directory and keep it")
    options = parser.parse_args()
    stack = load_stack(REPO / "live" / "dev" / "stack.toml")
    counts = resource_counts(stack)
    compile_streamctl()
    median, fastest = help_seconds()
    print(f"streamctl --help: median {median:.3f} s, fastest {fastest:.3f} s (7 runs)")
    print(
        "modelled layers (terraform_data instances + 1 sleeper, sleep s): "
        + ", ".join(f"{n} {counts[n]}+1 {UNITS.get(n, 1) * options.unit:g}" for n in stack.layers)
    )
    engines = list(ENGINES) if options.engine == "both" else [options.engine]
    base = options.keep or Path(tempfile.mkdtemp(prefix="bench-modelled-"))
    figures: dict[str, dict[str, Timed]] = {}
    failed = False
    for engine in engines:
        (base / engine).mkdir(parents=True)
        figures[engine] = {}
        try:
            measure(stack, counts, engine, options, base / engine, figures[engine])
        except PhaseError as error:
            print(f"[{engine}] stopped: {error}")
            failed = True
    print_report(figures)
    if options.keep or failed:
        print(f"\nwork kept in {base} (logs: */bench.log)")
    else:
        shutil.rmtree(base)


if __name__ == "__main__":
    main()
