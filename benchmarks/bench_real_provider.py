"""live/dev on the moto emulator with the real hashicorp/aws provider: the modelled figures.

Run: .venv/bin/python benchmarks/bench_real_provider.py [--provider-mirror DIR]
     [--engine terraform|embedded|both]
     [--phases naive,up,noop-up,naive-noop,preview,plans,down,stop]
     [--parallelism N] [--workdir DIR]
     (mirror default: $STREAMCTL_PROVIDER_MIRROR, else scripts/find-provider-mirror)

Takes many minutes. Phases run in the order above; the naive loop and streamctl each get
their own copy of modules/ + live/dev and their own emulator, so neither sees the other's
resources. The naive loop gets the provider settings streamctl's local mode generates
(streamctl.targets.provider_override: endpoints, dummy credentials, skip flags), written
into its layers before it is timed, as a user would keep such a file. --workdir keeps the
copies, states and logs, so phases can run in separate invocations: `--phases naive,up`
leaves both emulators running for a later `--phases noop-up,naive-noop,preview,down,stop`
(`stop` stops them). Without --workdir the emulators are always stopped and the work is
removed, unless a command failed (its logs are kept then).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
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
from streamctl.targets.emulator import LOCAL_ENV, stack_emulator
from streamctl.targets.moto_server import Emulator
from streamctl.targets.provider_override import aws_provider_block, provider_files

PHASES = ("naive", "up", "noop-up", "naive-noop", "preview", "plans", "down", "stop")
IGNORED = shutil.ignore_patterns(".streamctl", ".terraform", "*.tfstate*", ".terraform.lock.hcl")


def _mirror(explicit: str | None) -> str:
    if explicit:
        return explicit
    found = subprocess.run(
        [str(REPO / "scripts" / "find-provider-mirror")], capture_output=True, text=True, check=True
    )
    return found.stdout.strip()


def _copy_sources(dest: Path) -> Path:
    """modules/ and live/dev under `dest` (once); returns the copy's manifest."""
    if not dest.is_dir():
        shutil.copytree(REPO / "modules", dest / "modules", ignore=IGNORED)
        shutil.copytree(REPO / "live" / "dev", dest / "live" / "dev", ignore=IGNORED)
    return dest / "live" / "dev" / "stack.toml"


def _cli_config(path: Path, mirror: str) -> Path:
    """The CLI config a user points Terraform at: the AWS provider from the mirror."""
    aws = '["registry.terraform.io/hashicorp/aws"]'
    path.write_text(
        "provider_installation {\n"
        f'  filesystem_mirror {{\n    path    = "{mirror}"\n    include = {aws}\n  }}\n'
        f"  direct {{\n    exclude = {aws}\n  }}\n}}\n"
        if mirror
        else ""
    )
    return path


def _provider_block(
    work: Path, stack: Stack, terraform: list[str], env: dict[str, str]
) -> dict[str, Any]:
    """The selected AWS provider's config schema, from a scratch init (once, untimed)."""
    cache = work / "aws-provider-block.json"
    if not cache.is_file():
        scratch = work / "schema-scratch"
        scratch.mkdir(exist_ok=True)
        shutil.copy(stack.layers["kms"].path / "versions.tf", scratch)
        subprocess.run(
            [*terraform, "init", "-input=false"],
            cwd=scratch,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        schema = subprocess.run(
            [*terraform, "providers", "schema", "-json"],
            cwd=scratch,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        cache.write_text(json.dumps(dict(aws_provider_block(json.loads(schema)))))
    block: dict[str, Any] = json.loads(cache.read_text())
    return block


def _write_provider_files(directory: Path, files: Mapping[str, Mapping[str, Any]]) -> None:
    """Write the provider files into a layer as a user would keep them."""
    for name, content in files.items():
        (directory / name).write_text(json.dumps(content, indent=2) + "\n", encoding="utf-8")


def _resources_in_state(directory: Path) -> int:
    state_file = directory / "terraform.tfstate"
    if not state_file.is_file():
        return 0
    state = json.loads(state_file.read_text())
    managed = [r for r in state.get("resources", []) if r.get("mode") == "managed"]
    return sum(len(r.get("instances", [])) for r in managed)


STREAMCTL_PHASES = {
    "up": ("up", ("up", "--yes")),
    "noop-up": ("no-op up", ("up", "--yes")),
    "preview": ("no-op preview", ("preview",)),
    "down": ("down", ("down", "--yes")),
}


def measure(
    engine: str, options: argparse.Namespace, work: Path, figures: dict[str, Timed]
) -> None:
    """Fill `figures` phase by phase (PhaseError: a command failed, the rest is kept)."""
    terraform = terraform_argv(engine)
    log = work / "bench.log"
    naive_stack = load_stack(_copy_sources(work / "naive"))
    ours = load_stack(_copy_sources(work / "streamctl"))
    empty = work / "empty.tfrc"
    empty.write_text("")
    env = {
        **os.environ,
        "TF_CLI_CONFIG_FILE": str(empty),
        "STREAMCTL_PROVIDER_MIRROR": options.mirror,
        "STREAMCTL_PROVIDER_STORE": str(work / "provider-store"),
    }
    extra = ["--terraform", engine, "--local"]
    extra += ["--parallelism", str(options.parallelism)] if options.parallelism else []
    naive_emulator = Emulator(work / "naive-emulator")
    ours_emulator = stack_emulator(ours)
    dirs = {name: layer.path for name, layer in naive_stack.layers.items()}
    per_layer: dict[str, float] = {}

    def streamctl(*args: str) -> Timed:
        return run_streamctl(ours.manifest_path, [*args, *extra], env, log)

    def naive() -> dict[str, float]:
        endpoint = naive_emulator.start().endpoint or ""  # started before timing, untimed
        naive_env = {
            **os.environ,
            **LOCAL_ENV,
            "AWS_ENDPOINT_URL": endpoint,
            "TF_CLI_CONFIG_FILE": str(_cli_config(work / "mirror.tfrc", options.mirror)),
        }
        block = _provider_block(work, naive_stack, terraform, naive_env)
        for directory in dirs.values():
            files = provider_files(directory, block, endpoint, region=naive_stack.region)
            _write_provider_files(directory, files)
        return naive_loop(
            naive_stack, dirs, terraform, naive_env, log, lambda n: static_values(naive_stack, n)
        )

    try:
        for phase in (p for p in PHASES if p in options.phases):
            print(f"[{engine}] {phase} ...", flush=True)
            if phase == "naive":
                per_layer = naive()
                record(figures, engine, "naive loop", Timed(sum(per_layer.values())))
                counts = {n: _resources_in_state(d) for n, d in dirs.items()}
                print(f"[{engine}] resources in the naive states: {counts}")
            elif phase == "naive-noop":
                record(figures, engine, "naive no-op loop", Timed(sum(naive().values())))
            elif phase == "plans":
                ours_emulator.start()
                record(figures, engine, "plans alone, at once", bare_plans(ours, terraform, env))
            elif phase == "stop":
                naive_emulator.stop()
                ours_emulator.stop()
            else:
                ours_emulator.start()  # untimed: both sides start with a warm emulator
                name, args = STREAMCTL_PHASES[phase]
                record(figures, engine, name, streamctl(*args))
    finally:
        if not options.workdir:  # with --workdir, a later invocation may carry on
            naive_emulator.stop()
            ours_emulator.stop()
    if per_layer:
        seconds, path = critical_path(naive_stack.edges, per_layer)
        record(figures, engine, "critical path", Timed(seconds))
        print(
            f"[{engine}] critical path: {' -> '.join(path)}; naive seconds per layer: "
            + ", ".join(f"{n} {s:.1f}" for n, s in per_layer.items())
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--provider-mirror", default=os.environ.get("STREAMCTL_PROVIDER_MIRROR"))
    parser.add_argument("--engine", choices=[*ENGINES, "both"], default="terraform")
    parser.add_argument("--phases", default=",".join(PHASES), help="comma-separated subset")
    parser.add_argument("--parallelism", type=int, default=None)
    parser.add_argument("--workdir", type=Path, help="work here and keep it (and the emulators)")
    options = parser.parse_args()
    options.phases = options.phases.split(",")
    if unknown := set(options.phases) - set(PHASES):
        parser.error(f"unknown phase(s) {sorted(unknown)}; choose from {', '.join(PHASES)}")
    options.mirror = _mirror(options.provider_mirror)
    compile_streamctl()
    median, fastest = help_seconds()
    print(f"streamctl --help: median {median:.3f} s, fastest {fastest:.3f} s (7 runs)")
    print(f"provider mirror: {options.mirror or '(none: the registry)'}")
    engines = list(ENGINES) if options.engine == "both" else [options.engine]
    base = options.workdir or Path(tempfile.mkdtemp(prefix="bench-real-"))
    figures: dict[str, dict[str, Timed]] = {}
    failed = False
    for engine in engines:
        (base / engine).mkdir(parents=True, exist_ok=True)
        figures[engine] = {}
        try:
            measure(engine, options, base / engine, figures[engine])
        except PhaseError as error:
            print(f"[{engine}] stopped: {error}")
            failed = True
    print_report(figures)
    if options.workdir or failed:
        print(f"\nwork kept in {base} (logs: */bench.log)")
    else:
        shutil.rmtree(base)


if __name__ == "__main__":
    main()
