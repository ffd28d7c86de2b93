"""`terraform test` offline with mock_provider "aws", and the generated whole-stack dry run.

Tests taking `provider` run under the real hashicorp/aws (where a mirror holds it) and
under the schema-only fallback.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from streamctl.manifest import load_stack
from streamctl.offline import tftest as offline_tests
from streamctl.offline.mirror import OfflineProvider, prepare_mirror
from streamctl.offline.tftest import DUMMY_SECRET, hcl_literal, stack_test_hcl
from streamctl.offline.validate import OfflineRun
from streamctl.terraform.engine import Terraform
from streamctl.terraform.workcopy import scratch_copy

pytestmark = pytest.mark.integration

MODULE = """
variable "cidr" {
  type = string
}

resource "aws_vpc" "this" {
  cidr_block = var.cidr
}

data "aws_availability_zones" "available" {}

output "vpc_id" {
  value = aws_vpc.this.id
}

output "vpc_arn" {
  value = aws_vpc.this.arn
}

output "cidr" {
  value = aws_vpc.this.cidr_block
}
"""

PASSING = """
mock_provider "aws" {
  mock_resource "aws_vpc" {
    defaults = { arn = "arn:aws:ec2:us-west-2:123456789012:vpc/vpc-mock" }
  }
}

variables {
  cidr = "10.0.0.0/16"
}

run "plans" {
  command = plan
  assert {
    condition     = aws_vpc.this.cidr_block == "10.0.0.0/16"
    error_message = "the plan keeps the configured CIDR"
  }
}

run "applies" {
  assert {
    condition     = output.vpc_arn == "arn:aws:ec2:us-west-2:123456789012:vpc/vpc-mock"
    error_message = "apply fills computed attributes from the mock"
  }
  assert {
    condition     = length(output.vpc_id) > 0
    error_message = "the mocked VPC has an id"
  }
}
"""

FAILING = """
mock_provider "aws" {}

variables {
  cidr = "10.0.0.0/16"
}

run "applies" {
  assert {
    condition     = output.cidr == "10.1.0.0/16"
    error_message = "deliberately wrong CIDR"
  }
}
"""


FUNCTIONS_MODULE = """
variable "role_arn" {
  type = string
}

output "account" {
  value = provider::aws::arn_parse(var.role_arn).account_id
}

output "trimmed" {
  value = provider::aws::trim_iam_role_path(var.role_arn)
}
"""

FUNCTIONS_TEST = """
mock_provider "aws" {}

variables {
  role_arn = "arn:aws:iam::123456789012:role/path/to/app"
}

run "provider_functions" {
  command = plan
  assert {
    condition     = output.account == "123456789012"
    error_message = "arn_parse"
  }
  assert {
    condition     = output.trimmed == "arn:aws:iam::123456789012:role/app"
    error_message = "trim_iam_role_path"
  }
}
"""


@pytest.fixture(scope="module")
def module_dirs(
    tmp_path_factory: pytest.TempPathFactory, module_writer: Callable[..., Path]
) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("tftest")
    return {
        "passing": module_writer(root / "passing", MODULE, {"tests/vpc.tftest.hcl": PASSING}),
        "failing": module_writer(root / "failing", MODULE, {"tests/vpc.tftest.hcl": FAILING}),
        "functions": module_writer(
            root / "functions", FUNCTIONS_MODULE, {"tests/fn.tftest.hcl": FUNCTIONS_TEST}
        ),
    }


def work_for(offline_work: Path, provider: OfflineProvider) -> Path:
    return offline_work / ("real" if provider.real else "schema-only")


def test_mock_provider_runs_plan_and_apply_offline(
    terraform: Terraform,
    module_dirs: dict[str, Path],
    offline_work: Path,
    provider: OfflineProvider,
) -> None:
    (report,) = offline_tests.test_offline(
        terraform, [module_dirs["passing"]], work_for(offline_work, provider), provider
    )
    assert report.passed, report.diagnostics
    assert report.provider == provider.description
    assert [(r.run, r.status) for r in report.runs] == [("plans", "pass"), ("applies", "pass")]
    assert report.summary["passed"] == 2
    assert not (module_dirs["passing"] / ".terraform").exists()


def test_provider_functions_work_under_the_mock_provider(
    terraform: Terraform,
    module_dirs: dict[str, Path],
    offline_work: Path,
    provider: OfflineProvider,
) -> None:
    (report,) = offline_tests.test_offline(
        terraform, [module_dirs["functions"]], work_for(offline_work, provider), provider
    )
    assert report.passed, report.diagnostics
    assert [(r.run, r.status) for r in report.runs] == [("provider_functions", "pass")]


def test_a_failing_assertion_fails(
    terraform: Terraform,
    module_dirs: dict[str, Path],
    offline_work: Path,
    provider: OfflineProvider,
) -> None:
    (report,) = offline_tests.test_offline(
        terraform, [module_dirs["failing"]], work_for(offline_work, provider), provider
    )
    assert not report.passed
    assert [(r.run, r.status) for r in report.runs] == [("applies", "fail")]
    (diagnostic,) = [d for d in report.diagnostics if d.severity == "error"]
    assert diagnostic.summary == "Test assertion failed"
    assert diagnostic.detail == "deliberately wrong CIDR"
    assert diagnostic.filename == str(module_dirs["failing"] / "tests" / "vpc.tftest.hcl")


def test_real_plan_is_refused_by_the_offline_provider(
    terraform: Terraform, module_dirs: dict[str, Path], offline_work: Path
) -> None:
    provider = prepare_mirror(offline_work)
    source = module_dirs["passing"]
    root = offline_work / "plan-refused"
    run = OfflineRun.start(terraform, scratch_copy(source, root), source, root, provider)
    assert run.init() == ()
    code, _, stderr = run.run("plan", "-no-color", "-input=false", "-var", "cidr=10.0.0.0/16")
    assert code == 1
    assert "this provider only validates" in stderr


# ----------------------------------------------------------------------- stack dry run

NET_LAYER = """
variable "region" {
  type = string
}

variable "default_tags" {
  type = map(string)
}

variable "vpc_cidr" {
  type = string
}

provider "aws" {
  region = var.region
  default_tags {
    tags = var.default_tags
  }
}

resource "aws_vpc" "this" {
  cidr_block = var.vpc_cidr
}

output "vpc_id" {
  value = aws_vpc.this.id
}

output "vpc_cidr" {
  value = aws_vpc.this.cidr_block
}

output "region" {
  value = var.region
}
"""

APP_LAYER = """
variable "vpc_id" {
  type = string
}

variable "vpc_cidr" {
  type = string
  validation {
    condition     = var.vpc_cidr == "10.9.0.0/16"
    error_message = "vpc_cidr must come from the network layer's output."
  }
}

variable "db_password" {
  type      = string
  sensitive = true
  validation {
    condition     = length(var.db_password) >= 12
    error_message = "The password is too short."
  }
}

variable "region" {
  type = string
}

resource "aws_security_group" "app" {
  name   = "app"
  vpc_id = var.vpc_id
}

# The real provider requires an `lt-` id here: the generated mocks must give one.
resource "aws_launch_template" "app" {
  name_prefix   = "app-"
  image_id      = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
}

resource "aws_autoscaling_group" "app" {
  min_size           = 1
  max_size           = 2
  availability_zones = ["eu-west-1a"]
  launch_template {
    id      = aws_launch_template.app.id
    version = "$Latest"
  }
}

data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
  }
}

locals {
  statements = jsondecode(data.aws_iam_policy_document.trust.json).Statement
}

output "security_group_arn" {
  value = aws_security_group.app.arn
}
"""

MANIFEST = """
[stack]
name = "mini"
environment = "test"
region = "eu-west-1"

[stack.tags]
Project = "offline"

[layers.app]
path = "app"
inputs = { vpc_id = "net.vpc_id", vpc_cidr = "net.vpc_cidr" }
secrets = { db_password = "MINI_DB_PASSWORD" }

[layers.net]
path = "net"
vars = { vpc_cidr = "10.9.0.0/16" }
"""


@pytest.fixture(scope="module")
def mini_stack(
    tmp_path_factory: pytest.TempPathFactory, module_writer: Callable[..., Path]
) -> Path:
    root = tmp_path_factory.mktemp("stack") / "live" / "test"
    module_writer(root / "net", NET_LAYER)
    module_writer(root / "app", APP_LAYER)
    (root / "stack.toml").write_text(MANIFEST, encoding="utf-8")
    return root / "stack.toml"


def test_generated_stack_test_wires_runs_in_dependency_order(mini_stack: Path) -> None:
    stack = load_stack(mini_stack)
    types = ["aws_vpc", "aws_launch_template", "aws_iam_policy_document"]
    text = stack_test_hcl(stack, stack.order(), {"net": "../net", "app": "../app"}, types)
    assert text.index('run "net"') < text.index('run "app"')
    assert "vpc_id = run.net.vpc_id" in text
    assert 'vpc_cidr = "10.9.0.0/16"' in text
    assert f"db_password = {hcl_literal(DUMMY_SECRET)}" in text
    assert 'region = "eu-west-1"' in text  # both layers declare var.region
    assert 'default_tags = { "Project" = "offline" }' in text  # only net declares it
    assert text.count("default_tags =") == 1
    assert 'mock_provider "aws" {' in text
    assert 'mock_data "aws_availability_zones"' in text
    assert 'mock_resource "aws_vpc"' in text
    assert (
        '{ "arn" = "arn:aws:ec2:eu-west-1:123456789012:vpc/offline-mock", '
        '"id" = "vpc-0123456789abcdef0" }' in text
    )
    assert '"id" = "lt-0123456789abcdef0"' in text
    assert 'mock_resource "aws_iam_policy_document"' not in text  # not a resource type


def test_hcl_literals_never_interpolate() -> None:
    assert hcl_literal("${var.x} %{ if }") == '"$${var.x} %%{ if }"'
    assert hcl_literal({"a": [1, True, "x"]}) == '{ "a" = [1, true, "x"] }'


def test_whole_stack_dry_run_plans_and_applies_every_layer(
    terraform: Terraform, mini_stack: Path, offline_work: Path, provider: OfflineProvider
) -> None:
    stack = load_stack(mini_stack)
    work = work_for(offline_work, provider) / "stack"
    report = offline_tests.test_stack_offline(terraform, stack, work, provider=provider)
    assert report.passed, report.diagnostics
    assert report.provider == provider.description
    assert [(r.run, r.status) for r in report.runs] == [("net", "pass"), ("app", "pass")]
    assert sorted(p.name for p in (mini_stack.parent / "net").iterdir()) == [
        "main.tf",
        "versions.tf",
    ]


def test_whole_stack_dry_run_reports_a_failing_layer(
    terraform: Terraform,
    mini_stack: Path,
    offline_work: Path,
    tmp_path: Path,
    provider: OfflineProvider,
) -> None:
    broken = tmp_path / "live" / "test"
    broken.mkdir(parents=True)
    for layer in ("net", "app"):
        (broken / layer).mkdir()
        for file in (mini_stack.parent / layer).iterdir():
            (broken / layer / file.name).write_text(file.read_text())
    with (broken / "app" / "main.tf").open("a") as main_tf:
        main_tf.write('\noutput "broken" {\n  value = aws_security_group.app.vpc\n}\n')
    (broken / "stack.toml").write_text(MANIFEST, encoding="utf-8")
    report = offline_tests.test_stack_offline(
        terraform,
        load_stack(broken / "stack.toml"),
        work_for(offline_work, provider) / "bad",
        provider=provider,
    )
    assert not report.passed
    (diagnostic,) = [d for d in report.diagnostics if d.severity == "error"]
    assert diagnostic.summary == "Unsupported attribute"
    # Reported against the layer's own file, not the working copy.
    assert diagnostic.filename == str(broken / "app" / "main.tf")
