"""Small things a new user meets first: version, help, completion, wording, JSON shapes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main

from streamctl import __version__
from streamctl.cli import app
from support.cli import invoke, json_stdout
from support.fixtures import copy_fixture
from support.runs import layer_root

STREAMCTL = Path(sys.executable).parent / "streamctl"
# Runs each argv (a JSON list of them) in this one process, as `streamctl ARGV...`, and
# writes, per argv, the modules first loaded by it (the first includes the app's import).
LOADED_BY = """
import json, sys
argvs, report = json.loads(sys.argv[1]), sys.argv[2]
loaded, before = {}, set(sys.modules)
from streamctl.cli import main
for argv in argvs:
    sys.argv = ["streamctl", *argv]
    try:
        main()
    except SystemExit:
        pass
    loaded[" ".join(argv)] = sorted(set(sys.modules) - before)
    before = set(sys.modules)
with open(report, "w") as out:
    json.dump(loaded, out)
"""
# What help needs of streamctl: the command signatures (cli.options), the console and the
# error handler. The machinery a command runs is imported when it runs.
HELP_MODULES = {
    "streamctl",
    "streamctl.errors",
    "streamctl.files",
    "streamctl.discovery",
    "streamctl.suggest",
    "streamctl.terraform",
    "streamctl.terraform.providers",  # MIRROR_ENV, the --provider-mirror option's variable
    "streamctl.cli",
    *(
        f"streamctl.cli.{name}"
        for name in (
            "app",
            "options",
            "session",
            "console",
            "handler",
            "interrupts",
            "aws_commands",
            "check_commands",
            "deploy_commands",
            "inspect_commands",
            "local_commands",
        )
    ),
}
# Slow to import, and only some commands need them (each with its submodules).
HEAVY_PACKAGES = (
    "boto3",
    "botocore",
    "moto",
    "grpc",
    "hcl2",
    "lark",
    "google.protobuf",
    "tenacity",
    "urllib.request",
    "http.client",
    "ssl",
    "rich.live",
)


def all_commands() -> list[list[str]]:
    found: list[list[str]] = [[]]
    group: Any = typer.main.get_command(app)  # Typer's own click: a group has .commands
    for name, command in group.commands.items():
        found.append([name])
        found += [[name, sub] for sub in getattr(command, "commands", {})]
    return found


def test_version() -> None:
    result = invoke(["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"streamctl {__version__}"


@pytest.mark.parametrize("command", all_commands(), ids=lambda c: " ".join(c) or "streamctl")
def test_no_help_shows_a_bool_metavar(command: list[str]) -> None:
    result = invoke([*command, "--help"])
    assert result.exit_code == 0
    assert "<bool>" not in result.output and "<str>" not in result.output, result.output


def loaded_by(argvs: list[list[str]], tmp_path: Path) -> dict[str, list[str]]:
    report = tmp_path / "loaded.json"
    run = [sys.executable, "-c", LOADED_BY, json.dumps(argvs), str(report)]
    subprocess.run(run, check=True, stdout=subprocess.DEVNULL)
    loaded: dict[str, list[str]] = json.loads(report.read_text())
    return loaded


def heavy(modules: list[str]) -> list[str]:
    return [
        m
        for m in modules
        if (m.split(".")[0] == "streamctl" and m not in HELP_MODULES)
        or any(m == p or m.startswith(p + ".") for p in HEAVY_PACKAGES)
    ]


def test_help_loads_only_what_the_command_signatures_need(tmp_path: Path) -> None:
    # --help starts fast when it imports no command's machinery (issue 12: <= 0.3 s).
    # One process for all, as the first help pays for importing the app.
    loaded = loaded_by([[*command, "--help"] for command in all_commands()], tmp_path)
    assert {argv: found for argv, mods in loaded.items() if (found := heavy(mods))} == {}


def test_a_command_that_runs_loads_its_machinery(tmp_path: Path) -> None:
    # The check above can fail: what a command runs, it loads then.
    stack = copy_fixture("platform9", tmp_path) / "stack.toml"
    (modules,) = loaded_by([["graph", "--json", "--stack", str(stack)]], tmp_path).values()
    assert {"streamctl.manifest", "streamctl.cli.views", "tenacity"} <= set(heavy(modules))


def test_shell_completion_offers_the_stack_layers(tmp_path: Path) -> None:
    stack = copy_fixture("platform9", tmp_path)
    # As a user types it in bash: Typer names the shell from the parent processes (the
    # option takes no value), so the parent must be bash, not the `sh` make runs under.
    # The `exit` keeps bash from exec-ing streamctl in its place.
    script = subprocess.run(
        ["bash", "-c", f'"{STREAMCTL}" --show-completion; exit $?'],
        capture_output=True,
        text=True,
        check=False,
    )
    assert script.returncode == 0, script.stderr
    assert "_streamctl_completion" in script.stdout
    words = subprocess.run(
        [STREAMCTL],
        capture_output=True,
        text=True,
        check=True,
        cwd=stack,
        env={
            **os.environ,
            "_STREAMCTL_COMPLETE": "complete_bash",
            "COMP_WORDS": "streamctl up --stack stack.toml --layer s",
            "COMP_CWORD": "5",
        },
    )
    assert words.stdout.split() == ["security", "storage"]


def test_graph_json(tmp_path: Path) -> None:
    stack = copy_fixture("platform9", tmp_path) / "stack.toml"
    doc = json_stdout(invoke(["graph", "--json", "--stack", str(stack)]))
    layers = {row["layer"]: row for row in doc["layers"]}
    assert list(layers)[:2] == ["kms", "network"]
    assert layers["cdn"]["depends_on"] == ["compute", "storage"]
    assert layers["cdn"]["inputs"]["static_bucket"] == {
        "layer": "storage",
        "output": "static_bucket",
    }


@pytest.mark.integration
def test_status_wording_and_flat_outputs_without_masked_values(tmp_path: Path) -> None:
    manifest = copy_fixture("mini", tmp_path) / "live" / "dev" / "stack.toml"
    common = ["--stack", str(manifest), "--terraform", "terraform"]
    assert invoke(["up", "-y", *common]).exit_code == 0
    status = invoke(["status", *common]).output
    assert "applied by up" in status and "apply applied" not in status
    result = invoke(["outputs", "--flat", *common])
    flat = json.loads(result.stdout)
    assert "token" not in flat and "(sensitive)" not in result.stdout
    assert "Left out 1 sensitive output(s): token; --show-secrets includes them." in result.stderr
    shown = json.loads(invoke(["outputs", "--flat", "--show-secrets", *common]).stdout)
    assert shown["token"].startswith("tok-")


@pytest.mark.integration
def test_a_layer_whose_init_failed_names_its_log_in_json(tmp_path: Path) -> None:
    manifest = copy_fixture("mini", tmp_path) / "live" / "dev" / "stack.toml"
    main_tf = manifest.parent / "base" / "main.tf"
    main_tf.write_text(main_tf.read_text() + '\nmodule "gone" {\n  source = "./nowhere"\n}\n')
    result = invoke(["preview", "--json", "--stack", str(manifest), "--terraform", "terraform"])
    assert result.exit_code == 1
    (base,) = [row for row in json_stdout(result)["layers"] if row["layer"] == "base"]
    assert base["status"] == "failed" and "terraform init failed" in base["reason"]
    assert base["log"] is not None
    assert "$ terraform init" in Path(base["log"]).read_text()
    assert not (layer_root(manifest, "dev", "base") / "terraform.tfstate").exists()
