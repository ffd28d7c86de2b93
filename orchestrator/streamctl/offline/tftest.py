"""`terraform test` offline: module test files, and a generated whole-stack dry run.

Both run real Terraform against the real hashicorp/aws when a mirror holds it, else the
schema-only plugin (realprovider.offline_provider). Test files use `mock_provider "aws"`,
so plan and apply happen in memory: Terraform asks the provider for its schema and to
validate configuration (the real one's validators then check mocked values too). The
stack dry run writes one `.tftest.hcl` with a `run` per layer in topological order, each
layer's manifest inputs wired to `run.<upstream>.<output>`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from streamctl import graph, hcl
from streamctl.files import exclusive
from streamctl.manifest import Stack
from streamctl.offline.mirror import OfflineProvider
from streamctl.offline.realprovider import offline_provider
from streamctl.offline.schema import provider_schema
from streamctl.offline.validate import PARALLEL_RUNS, OfflineRun
from streamctl.terraform.engine import Terraform
from streamctl.terraform.events import Diagnostic, Event, diagnostic_from_json, parse_event
from streamctl.terraform.workcopy import (
    GENERATED_PREFIX,
    anchor_of,
    local_module_dirs,
    scratch_copy,
    scratch_tree,
    slug,
)

# Satisfies the usual password rules (length, classes) and RDS's forbidden characters.
DUMMY_SECRET = "OfflineTest-Passw0rd-42"
MOCK_ACCOUNT = "123456789012"
STACK_TEST_DIR = f"{GENERATED_PREFIX}stack_test"


@dataclass(frozen=True)
class TestRun:
    file: str
    run: str
    status: str  # pass / fail / error / skip

    __test__ = False  # not a pytest class despite its name


@dataclass(frozen=True)
class TestReport:
    name: str
    path: Path
    passed: bool
    runs: tuple[TestRun, ...]
    diagnostics: tuple[Diagnostic, ...]
    summary: Mapping[str, Any]
    provider: str = ""  # which hashicorp/aws ran it (OfflineProvider.description)

    __test__ = False  # not a pytest class despite its name

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "path": str(self.path),
            "passed": self.passed,
            "provider": self.provider,
            "runs": [asdict(r) for r in self.runs],
            "diagnostics": [asdict(d) for d in self.diagnostics],
            "summary": dict(self.summary),
        }

    @property
    def ok(self) -> bool:
        return self.passed


def parse_test_events(
    stdout: str, in_source: Callable[[str], str] = str
) -> tuple[list[TestRun], list[Diagnostic], dict[str, Any]]:
    """Runs, diagnostics and summary from `terraform test -json` event lines."""
    runs: list[TestRun] = []
    diagnostics: list[Diagnostic] = []
    summary: dict[str, Any] = {}
    for event in filter(None, map(parse_event, stdout.splitlines())):
        if event.type == "test_run":
            run = event.raw.get("test_run", {})
            if run.get("progress") == "complete":
                runs.append(
                    TestRun(str(run.get("path")), str(run.get("run")), str(run.get("status")))
                )
        elif event.type == "diagnostic":
            diagnostics.append(diagnostic_from_json(event.raw.get("diagnostic", {}), in_source))
        elif event.type == "test_summary":
            summary = dict(event.raw.get("test_summary", {}))
    return runs, diagnostics, summary


OnRun = Callable[[TestRun], None]  # told of each `run` block as it completes


def run_tests(
    run: OfflineRun, name: str, extra_args: Sequence[str] = (), on_run: OnRun | None = None
) -> TestReport:
    if init_failed := run.init():
        return TestReport(name, run.source, False, (), init_failed, {"status": "error"})

    def completed(event: Event) -> None:
        test_run = event.raw.get("test_run", {}) if event.type == "test_run" else {}
        if on_run is not None and test_run.get("progress") == "complete":
            on_run(
                TestRun(
                    str(test_run.get("path")), str(test_run.get("run")), str(test_run.get("status"))
                )
            )

    code, stdout, stderr = run.run("test", "-json", "-no-color", *extra_args, on_event=completed)
    runs, diagnostics, summary = parse_test_events(stdout, run.in_source)
    if not summary and stderr.strip():
        diagnostics.append(Diagnostic("error", "terraform test failed", stderr.strip()))
    passed = code == 0 and summary.get("status") == "pass"
    return TestReport(name, run.source, passed, tuple(runs), tuple(diagnostics), summary)


def test_offline(
    terraform: Terraform,
    directories: Sequence[Path],
    work_dir: Path,
    provider: OfflineProvider | None = None,
    on_report: Callable[[TestReport], None] | None = None,
) -> list[TestReport]:
    """Run the `*.tftest.hcl` files of each directory (its tests/ dir included) offline;
    reports come back in the given order, and to `on_report` as each directory finishes."""
    work_dir = work_dir.resolve()
    chosen = provider or offline_provider(work_dir)

    def one(directory: Path) -> TestReport:
        report = replace(
            _test_one(terraform, directory, work_dir, chosen), provider=chosen.description
        )
        if on_report is not None:
            on_report(report)
        return report

    with ThreadPoolExecutor(max_workers=PARALLEL_RUNS) as pool:
        jobs = [pool.submit(one, d) for d in directories]
        return [job.result() for job in jobs]


def _test_one(
    terraform: Terraform, directory: Path, work_dir: Path, provider: OfflineProvider
) -> TestReport:
    source = directory.resolve()
    if not source.is_dir():
        missing = Diagnostic("error", "No such directory", f"{source} does not exist")
        return TestReport(str(directory), source, False, (), (missing,), {})
    root = work_dir / "test" / slug(directory.name, source)
    with exclusive(root.with_name(root.name + ".lock")):
        run = OfflineRun.start(terraform, scratch_copy(source, root), source, root, provider)
        return run_tests(run, str(directory))


# ---------------------------------------------------------------------------- stack dry run


def hcl_literal(value: object) -> str:
    """A Terraform expression for a TOML value (strings never interpolate)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value).replace("${", "$${").replace("%{", "%%{")
    if isinstance(value, list | tuple):
        return "[" + ", ".join(hcl_literal(v) for v in value) + "]"
    if isinstance(value, Mapping):
        items = ", ".join(f"{json.dumps(str(k))} = {hcl_literal(v)}" for k, v in value.items())
        return "{ " + items + " }" if items else "{}"
    return json.dumps(str(value))


ARN_SERVICES = {
    "lb": "elasticloadbalancing",
    "alb": "elasticloadbalancing",
    "db": "rds",
    "rds": "rds",
    "launch": "ec2",
    "vpc": "ec2",
    "subnet": "ec2",
    "security": "ec2",
    "internet": "ec2",
    "nat": "ec2",
    "eip": "ec2",
    "route": "ec2",
    "autoscaling": "autoscaling",
    "cloudwatch": "cloudwatch",
}
GLOBAL_SERVICES = {"iam", "s3", "cloudfront", "route53"}
# EC2 resource ID prefixes. The real provider checks references by shape ("must begin with
# 'lt-'"), so a mocked `id` gets the shape AWS would return (prefix + 17 hex digits).
ID_PREFIXES = {
    "aws_vpc": "vpc",
    "aws_default_vpc": "vpc",
    "aws_subnet": "subnet",
    "aws_default_subnet": "subnet",
    "aws_security_group": "sg",
    "aws_default_security_group": "sg",
    "aws_vpc_security_group_ingress_rule": "sgr",
    "aws_vpc_security_group_egress_rule": "sgr",
    "aws_internet_gateway": "igw",
    "aws_egress_only_internet_gateway": "eigw",
    "aws_nat_gateway": "nat",
    "aws_eip": "eipalloc",
    "aws_route_table": "rtb",
    "aws_default_route_table": "rtb",
    "aws_network_acl": "acl",
    "aws_default_network_acl": "acl",
    "aws_vpc_endpoint": "vpce",
    "aws_vpc_peering_connection": "pcx",
    "aws_ec2_transit_gateway": "tgw",
    "aws_vpn_gateway": "vgw",
    "aws_customer_gateway": "cgw",
    "aws_ec2_managed_prefix_list": "pl",
    "aws_flow_log": "fl",
    "aws_launch_template": "lt",
    "aws_instance": "i",
    "aws_ebs_volume": "vol",
    "aws_network_interface": "eni",
}
MOCK_ID_DIGITS = "0123456789abcdef0"


def mock_arn(resource_type: str, region: str) -> str:
    """An ARN of the right shape, so modules' `^arn:aws:kms:`-style checks accept mocks."""
    parts = resource_type.split("_")
    service = ARN_SERVICES.get(parts[1], parts[1])
    if resource_type.startswith("aws_cloudwatch_log"):
        service = "logs"
    rest = "-".join(parts[2:]) or parts[1]
    if service in GLOBAL_SERVICES:
        account = "" if service == "s3" else MOCK_ACCOUNT
        return f"arn:aws:{service}::{account}:{rest}/offline-mock"
    return f"arn:aws:{service}:{region}:{MOCK_ACCOUNT}:{rest}/offline-mock"


def mock_resource_defaults(region: str, types: Iterable[str]) -> dict[str, dict[str, str]]:
    """resource type -> computed values of AWS's shape: an ARN, an EC2-style id."""
    resources = provider_schema()["resource_schemas"]
    found: dict[str, dict[str, str]] = {}
    for resource_type in types:
        attributes = resources.get(resource_type, {}).get("block", {}).get("attributes", {})
        defaults: dict[str, str] = {}
        if attributes.get("arn", {}).get("computed"):
            defaults["arn"] = mock_arn(resource_type, region)
        if resource_type in ID_PREFIXES:
            defaults["id"] = f"{ID_PREFIXES[resource_type]}-{MOCK_ID_DIGITS}"
        if defaults:
            found[resource_type] = defaults
    return found


def mock_provider_block(region: str, types: Iterable[str] = ()) -> str:
    """mock_provider "aws" with data-source values that layers parse or index into."""
    zones = [f"{region}{suffix}" for suffix in "abc"]
    policy = json.dumps({"Version": "2012-10-17", "Statement": []})
    account = MOCK_ACCOUNT
    mocks = {
        "aws_availability_zones": {"names": zones, "zone_ids": [f"usw2-az{i}" for i in (1, 2, 3)]},
        "aws_caller_identity": {
            "account_id": account,
            "arn": f"arn:aws:iam::{account}:user/offline",
            "user_id": "AIDAOFFLINE",
        },
        "aws_iam_policy_document": {"json": policy, "minified_json": policy},
        "aws_region": {"name": region, "id": region, "description": region},
        "aws_partition": {"partition": "aws", "dns_suffix": "amazonaws.com", "id": "aws"},
        "aws_ami": {"id": "ami-0123456789abcdef0", "image_id": "ami-0123456789abcdef0"},
        "aws_ssm_parameter": {"value": "ami-0123456789abcdef0", "insecure_value": "ami-0"},
    }
    lines = ['mock_provider "aws" {']
    for data_source, defaults in mocks.items():
        lines.append(f'  mock_data "{data_source}" {{')
        lines.append(f"    defaults = {hcl_literal(defaults)}")
        lines.append("  }")
    for resource_type, defaults in sorted(mock_resource_defaults(region, types).items()):
        lines.append(f'  mock_resource "{resource_type}" {{')
        lines.append(f"    defaults = {hcl_literal(defaults)}")
        lines.append("  }")
    lines.append("}")
    return "\n".join(lines)


def stack_test_hcl(
    stack: Stack, layers: Sequence[str], sources: Mapping[str, str], types: Iterable[str] = ()
) -> str:
    """The generated test file: one `run` per layer, `sources` maps layer -> module source."""
    region = stack.region or "us-east-1"
    parts = [
        f"# Generated by streamctl: offline dry run of stack {stack.name!r} "
        f'({stack.environment}) under mock_provider "aws".',
        mock_provider_block(region, types),
    ]
    for name in layers:
        layer = stack.layers[name]
        declared = layer.interface.variables
        # environment / region / default_tags, for the layers that declare them.
        values = {k: hcl_literal(v) for k, v in stack.stack_values().items() if k in declared}
        for var, value in layer.vars.items():
            values[var] = hcl_literal(value)
        for var in layer.secrets:
            values[var] = hcl_literal(DUMMY_SECRET)
        for var, ref in layer.inputs.items():
            values[var] = f"run.{ref.layer}.{ref.output}"
        body = [
            f'run "{name}" {{',
            "  command = apply",
            "  module {",
            f'    source = "{sources[name]}"',
            "  }",
            "  variables {",
            *(f"    {var} = {expr}" for var, expr in values.items()),
            "  }",
            "}",
        ]
        parts.append("\n".join(body))
    return "\n\n".join(parts) + "\n"


def test_stack_offline(
    terraform: Terraform,
    stack: Stack,
    work_dir: Path,
    layers: Sequence[str] | None = None,
    provider: OfflineProvider | None = None,
    on_run: OnRun | None = None,
) -> TestReport:
    """Plan and apply every layer (or `layers` and what they need) under the mock provider;
    `on_run` hears of each layer's run as it completes."""
    work_dir = work_dir.resolve()
    provider = provider or offline_provider(work_dir)
    wanted = set(layers or stack.layers)
    needed = graph.closure(wanted, stack.edges)
    order = [name for name in stack.order() if name in needed]
    root = work_dir / "stack-test" / slug(f"{stack.name}-{stack.environment}", stack.root)
    with exclusive(root.with_name(root.name + ".lock")):
        report = _test_stack_in(terraform, stack, order, root, provider, on_run)
    return replace(report, provider=provider.description)


def _test_stack_in(
    terraform: Terraform,
    stack: Stack,
    order: list[str],
    root: Path,
    provider: OfflineProvider,
    on_run: OnRun | None = None,
) -> TestReport:
    layer_dirs = {name: stack.layers[name].path.resolve() for name in order}
    reached: set[Path] = {stack.root.resolve()}
    for path in layer_dirs.values():
        reached |= local_module_dirs(path, include_tests=True)
    anchor = anchor_of(reached)
    tree = root / "tree"
    scratch_tree(anchor, set(layer_dirs.values()), tree)
    test_root = tree / STACK_TEST_DIR
    test_root.mkdir(parents=True, exist_ok=True)
    (test_root / "main.tf").write_text(
        "# Root module of the generated stack test: only declares the provider.\n"
        "terraform {\n  required_providers {\n"
        '    aws = { source = "hashicorp/aws" }\n  }\n}\n',
        encoding="utf-8",
    )
    sources = {
        name: os.path.relpath(tree / path.relative_to(anchor), test_root)
        for name, path in layer_dirs.items()
    }
    sources = {n: s if s.startswith(".") else f"./{s}" for n, s in sources.items()}
    (test_root / "tests").mkdir(exist_ok=True)
    test_file = test_root / "tests" / "stack.tftest.hcl"
    types = hcl.aws_types(reached, data=False)
    test_file.write_text(stack_test_hcl(stack, order, sources, types), encoding="utf-8")
    name = f"stack {stack.name} ({stack.environment})"
    run = OfflineRun.start(terraform, test_root, test_root, root, provider)
    report = run_tests(run, name, on_run=on_run)
    return replace(
        report, diagnostics=tuple(_to_source(d, tree, anchor) for d in report.diagnostics)
    )


def _to_source(diagnostic: Diagnostic, tree: Path, anchor: Path) -> Diagnostic:
    """Point at the layer's real file; the generated test file stays in the working data."""
    path = Path(diagnostic.filename)
    if not diagnostic.filename or tree not in path.parents:
        return diagnostic
    real = anchor / path.relative_to(tree)
    return replace(diagnostic, filename=str(real)) if real.exists() else diagnostic
