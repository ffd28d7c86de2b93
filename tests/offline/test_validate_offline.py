"""Offline `terraform validate` catches schema errors, in Terraform's own words.

The schema tests run twice: under the real hashicorp/aws (where a mirror holds it) and
under the schema-only fallback; both must give Terraform's same diagnostics.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from streamctl.cli import app
from streamctl.offline.mirror import OfflineProvider
from streamctl.offline.realprovider import MODE_ENV, search_real_provider
from streamctl.offline.validate import ValidationReport, validate_offline
from streamctl.terraform.engine import Terraform

pytestmark = pytest.mark.integration

CORRECT = """
resource "aws_vpc" "this" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_hostnames = true
  tags                 = { Name = "offline" }
}

resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.this.id
  cidr_block = "10.0.1.0/24"
}

resource "aws_lb_target_group" "web" {
  name     = "web"
  port     = 80
  protocol = "HTTP"
  vpc_id   = aws_vpc.this.id
  health_check {
    path    = "/health"
    matcher = "200"
  }
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_route53_record" "cdn" {
  zone_id = "Z123"
  name    = "cdn.example.com"
  type    = "A"
  alias {
    name                   = "d111111abcdef8.cloudfront.net"
    zone_id                = "Z2FDTNDATAQYW2"
    evaluate_target_health = false
  }
}

output "health_check_path" {
  value = aws_lb_target_group.web.health_check[0].path
}

output "vpc_arn" {
  value = aws_vpc.this.arn
}
"""

# Object attributes, an ephemeral resource and a write-only argument: the schema generated
# from cdktf code rejected all three; the real provider accepts them.
NEWER_SCHEMA = """
ephemeral "aws_secretsmanager_random_password" "db" {
  password_length = 20
}

resource "aws_rds_cluster" "this" {
  engine                     = "aurora-postgresql"
  master_username            = "app"
  master_password_wo         = ephemeral.aws_secretsmanager_random_password.db.random_password
  master_password_wo_version = 1
}

resource "aws_s3tables_table_bucket" "tables" {
  name = "tables"
  encryption_configuration = {
    sse_algorithm = "aws:kms"
    kms_key_arn   = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  }
}

data "aws_lb_listener_rule" "web" {
  arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/web/1/2/3"
}

output "redirect_status" {
  value = data.aws_lb_listener_rule.web.action[0].redirect.status_code
}
"""

FAKE_LOCK = """provider "registry.terraform.io/hashicorp/aws" {
  version     = "5.100.0"
  constraints = "~> 5.0"
  hashes = [
    "h1:0000000000000000000000000000000000000000000=",
  ]
}
"""

BROKEN = {
    "misspelled": 'resource "aws_vpc" "this" {\n  cidr_blok = "10.0.0.0/16"\n}\n',
    "missing_required": 'resource "aws_subnet" "a" {\n  cidr_block = "10.0.1.0/24"\n}\n',
    "unknown_block": (
        'resource "aws_lb_target_group" "web" {\n  name = "web"\n'
        '  health_checks {\n    path = "/"\n  }\n}\n'
    ),
    "missing_attribute": (
        'resource "aws_vpc" "this" {\n  cidr_block = "10.0.0.0/16"\n}\n'
        'output "cidr" {\n  value = aws_vpc.this.cidr\n}\n'
    ),
    "wrong_type": (
        'resource "aws_autoscaling_group" "web" {\n  min_size = 1\n  max_size = "lots"\n}\n'
    ),
    "unknown_resource": 'resource "aws_vpcc" "this" {\n  cidr_block = "10.0.0.0/16"\n}\n',
    "single_block_as_list": (
        'resource "aws_lb_target_group" "web" {\n  health_check {\n    path = "/"\n  }\n}\n'
        'output "path" {\n  value = aws_lb_target_group.web.health_check.path\n}\n'
    ),
}


@pytest.fixture(scope="module")
def samples(
    tmp_path_factory: pytest.TempPathFactory, module_writer: Callable[..., Path]
) -> dict[str, Path]:
    write_module = module_writer
    root = tmp_path_factory.mktemp("samples")
    dirs = {name: write_module(root / name, body) for name, body in BROKEN.items()}
    dirs["correct"] = write_module(root / "correct", CORRECT, {".terraform.lock.hcl": FAKE_LOCK})
    dirs["newer_schema"] = write_module(root / "newer_schema", NEWER_SCHEMA)
    # A layer using a local module through a relative path, like live/dev/x -> ../../modules/y.
    write_module(
        root / "repo" / "modules" / "net",
        'resource "aws_vpc" "this" {\n  enable_dns_hostname = true\n}\n',
    )
    dirs["layer"] = write_module(
        root / "repo" / "live" / "dev" / "net",
        'module "net" {\n  source = "../../../modules/net"\n}\n',
    )
    return dirs


@pytest.fixture(scope="module")
def reports(
    terraform: Terraform, samples: dict[str, Path], offline_work: Path, provider: OfflineProvider
) -> dict[str, ValidationReport]:
    work = offline_work / ("real" if provider.real else "schema-only")
    results = validate_offline(terraform, list(samples.items()), work, provider)
    assert {r.provider for r in results} == {provider.description}
    return {r.name: r for r in results}


def only_error(report: ValidationReport) -> tuple[str, str]:
    assert not report.valid
    assert report.stage == "validate"
    errors = [d for d in report.diagnostics if d.severity == "error"]
    assert len(errors) == 1, errors
    return errors[0].summary, errors[0].detail


def test_correct_sample_is_valid_and_its_source_untouched(
    reports: dict[str, ValidationReport], samples: dict[str, Path]
) -> None:
    report = reports["correct"]
    assert report.valid, report.diagnostics
    assert report.diagnostics == ()
    source = samples["correct"]
    # The real lock file (made-up hash here) was not used, not changed, nothing was written.
    assert (source / ".terraform.lock.hcl").read_text() == FAKE_LOCK
    assert sorted(p.name for p in source.iterdir()) == [
        ".terraform.lock.hcl",
        "main.tf",
        "versions.tf",
    ]


def test_object_attributes_ephemeral_resources_and_write_only_arguments_validate(
    reports: dict[str, ValidationReport],
) -> None:
    report = reports["newer_schema"]
    assert report.valid, report.diagnostics
    assert report.diagnostics == ()


def test_misspelled_argument(
    reports: dict[str, ValidationReport], samples: dict[str, Path]
) -> None:
    summary, detail = only_error(reports["misspelled"])
    assert summary == "Unsupported argument"
    assert (
        detail == 'An argument named "cidr_blok" is not expected here. Did you mean "cidr_block"?'
    )
    diagnostic = reports["misspelled"].diagnostics[0]
    assert (diagnostic.filename, diagnostic.line) == (str(samples["misspelled"] / "main.tf"), 2)


def test_missing_required_argument(reports: dict[str, ValidationReport]) -> None:
    summary, detail = only_error(reports["missing_required"])
    assert summary == "Missing required argument"
    assert 'The argument "vpc_id" is required' in detail


def test_unknown_block_type(reports: dict[str, ValidationReport]) -> None:
    summary, detail = only_error(reports["unknown_block"])
    assert summary == "Unsupported block type"
    assert 'Blocks of type "health_checks" are not expected here.' in detail
    assert 'Did you mean "health_check"?' in detail


def test_reference_to_a_missing_attribute(reports: dict[str, ValidationReport]) -> None:
    summary, detail = only_error(reports["missing_attribute"])
    assert summary == "Unsupported attribute"
    assert 'named "cidr"' in detail


def test_wrong_value_type(reports: dict[str, ValidationReport]) -> None:
    summary, detail = only_error(reports["wrong_type"])
    assert summary == "Incorrect attribute value type"
    assert 'Inappropriate value for attribute "max_size": a number is required.' in detail


def test_unknown_resource_type(reports: dict[str, ValidationReport]) -> None:
    summary, detail = only_error(reports["unknown_resource"])
    assert summary == "Invalid resource type"
    assert 'does not support resource type "aws_vpcc"' in detail
    assert 'Did you mean "aws_vpc"?' in detail


def test_single_item_blocks_are_lists_as_in_sdkv2(reports: dict[str, ValidationReport]) -> None:
    summary, detail = only_error(reports["single_block_as_list"])
    assert summary == "Invalid operation"
    assert 'Block type "health_check" is represented by a list of objects' in detail
    assert ".health_check[0]" in detail


def test_errors_in_local_modules_point_at_the_module_source(
    reports: dict[str, ValidationReport], samples: dict[str, Path]
) -> None:
    summary, detail = only_error(reports["layer"])
    assert summary == "Unsupported argument"
    assert 'Did you mean "enable_dns_hostnames"?' in detail
    module_file = samples["layer"].parents[2] / "modules" / "net" / "main.tf"
    assert reports["layer"].diagnostics[0].filename == str(module_file)
    assert not (samples["layer"] / ".terraform").exists()


def test_embedded_terraform_validates_offline_too(
    embedded: Terraform, samples: dict[str, Path], offline_work: Path, provider: OfflineProvider
) -> None:
    work = offline_work / "embedded" / ("real" if provider.real else "schema-only")
    targets = [(n, samples[n]) for n in ("correct", "misspelled", "newer_schema")]
    results = validate_offline(embedded, targets, work, provider)
    assert embedded.version >= (1, 15, 0)
    assert [r.valid for r in results] == [True, False, True], results
    assert results[1].diagnostics[0].summary == "Unsupported argument"


def test_cli_validate_offline_module_exits_1_with_json(
    samples: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        app,
        [
            "validate",
            "--offline",
            "--json",
            "--terraform",
            "terraform",
            "--module",
            str(samples["correct"]),
            "--module",
            str(samples["unknown_resource"]),
        ],
    )
    assert result.exit_code == 1, result.output
    document = json.loads(result.stdout)
    assert [entry["valid"] for entry in document] == [True, False]
    assert document[1]["diagnostics"][0]["summary"] == "Invalid resource type"
    # Without a mirror named, the machine's real provider is used wherever there is one.
    found = search_real_provider().found
    expected = found.describe() if found else "streamctl's schema-only hashicorp/aws 5.100.0"
    assert document[0]["provider"].startswith(expected)


VALIDATOR_ERRORS = """
resource "aws_vpc" "this" {
  cidr_block       = "10.0.0.0/16"
  instance_tenancy = "bogus"
}

resource "aws_sns_topic_subscription" "alerts" {
  topic_arn = "9ceozwc0"
  protocol  = "email"
  endpoint  = "ops@example.com"
}
"""


@pytest.fixture(scope="module")
def validator_sample(
    tmp_path_factory: pytest.TempPathFactory, module_writer: Callable[..., Path]
) -> Path:
    return module_writer(tmp_path_factory.mktemp("validators") / "bad_values", VALIDATOR_ERRORS)


def test_the_real_provider_catches_values_the_schema_cannot(
    terraform: Terraform,
    validator_sample: Path,
    offline_work: Path,
    real_provider: OfflineProvider,
    schema_only: OfflineProvider,
) -> None:
    target = [("bad_values", validator_sample)]
    (real,) = validate_offline(terraform, target, offline_work / "validators", real_provider)
    assert not real.valid
    assert sorted(d.summary for d in real.diagnostics) == [
        '"topic_arn" (9ceozwc0) is an invalid ARN: arn: invalid prefix',
        'expected instance_tenancy to be one of ["default" "dedicated"], got bogus',
    ]
    # The fallback checks the schema only: names and types are right, so it passes.
    (fallback,) = validate_offline(terraform, target, offline_work / "validators", schema_only)
    assert fallback.valid and fallback.diagnostics == ()


def test_cli_says_which_provider_and_falls_back_when_told(
    samples: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(MODE_ENV, "schema-only")
    args = ["validate", "--offline", "--module", str(samples["correct"])]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        f"Provider: streamctl's schema-only hashicorp/aws 5.100.0 plugin ({MODE_ENV}=schema-only)"
    )
    assert re.fullmatch(
        r"Total: 1 valid, 0 invalid, 1 directory in \d+\.\ds", result.stdout.splitlines()[-1]
    )


def test_the_same_target_twice_at_once_shares_its_working_copy_safely(
    terraform: Terraform, samples: dict[str, Path], offline_work: Path
) -> None:
    target = ("correct", samples["correct"])
    results = validate_offline(terraform, [target, target, target], offline_work / "shared")
    assert [r.valid for r in results] == [True, True, True], [r.diagnostics for r in results]
