"""Static rules of the platform HCL (modules/ and live/dev/) that Terraform cannot check.

Parsed with python-hcl2; fast, no Terraform. The rules come from issue 4 and the
requirements document: allowed data sources, no remote state or random names, output
descriptions, the layer contract other engineers code against, no lock files.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import hcl2
import pytest

from streamctl.manifest import load_stack

REPO = Path(__file__).resolve().parents[2]
LIVE = REPO / "live" / "dev"
MODULES = REPO / "modules"
LAYERS = (
    "kms",
    "network",
    "security",
    "storage",
    "database",
    "compute",
    "cdn",
    "dns",
    "observability",
)
MODULE_NAMES = (
    "kms",
    "network",
    "security",
    "storage",
    "database",
    "compute",
    "edge",
    "dns",
    "observability",
)
# Building blocks the platform's modules call and the media server's stack shares
# (their module tests run with tests/mediaserver): the same structural rules apply.
SHARED_MODULE_NAMES = ("alb", "s3-bucket")
ALLOWED_DATA = {
    "aws_caller_identity",
    "aws_region",
    "aws_availability_zones",
    "aws_ami",
    "aws_iam_policy_document",
}
# The outputs other layers and tools (verify, dashboards) are written against.
CONTRACT = {
    "kms": {"aurora_kms_key_id", "aurora_kms_key_arn", "s3_kms_key_id", "s3_kms_key_arn"},
    "network": {
        "vpc_id",
        "vpc_cidr_block",
        "public_subnet_ids",
        "private_subnet_ids",
        "internet_gateway_id",
        "nat_gateway_id",
    },
    "security": {
        "alb_security_group_id",
        "ec2_security_group_id",
        "aurora_security_group_id",
        "ec2_role_arn",
        "ec2_role_name",
        "ec2_instance_profile_name",
    },
    "storage": {
        "static_assets_bucket_name",
        "static_assets_bucket_arn",
        "app_logs_bucket_name",
        "app_logs_bucket_arn",
        "cloudfront_logs_bucket_name",
        "cloudfront_logs_bucket_arn",
        "static_assets_bucket_regional_domain_name",
        "cloudfront_logs_bucket_domain_name",
    },
    "database": {
        "aurora_cluster_id",
        "aurora_cluster_endpoint",
        "aurora_reader_endpoint",
        "aurora_cluster_arn",
    },
    "compute": {
        "alb_arn",
        "alb_arn_suffix",
        "alb_dns_name",
        "alb_zone_id",
        "target_group_arn",
        "target_group_arn_suffix",
        "asg_name",
        "asg_arn",
    },
    "cdn": {
        "cloudfront_distribution_id",
        "cloudfront_distribution_arn",
        "cloudfront_domain_name",
        "cloudfront_hosted_zone_id",
    },
    "dns": {
        "route53_zone_id",
        "route53_zone_name",
        "route53_name_servers",
        "cdn_record_fqdn",
        "api_record_fqdn",
    },
    "observability": {
        "sns_topic_arn",
        "asg_cpu_alarm_name",
        "alb_unhealthy_hosts_alarm_name",
        "aurora_cpu_alarm_name",
        "alb_5xx_alarm_name",
        "dashboard_name",
        "app_log_group_name",
    },
}


def unquote(name: str) -> str:
    return name[1:-1] if len(name) >= 2 and name[0] == name[-1] == '"' else name


def plain(value: Any) -> Any:
    """python-hcl2 keeps the quotes of string literals; drop them, recursively."""
    if isinstance(value, str):
        return unquote(value)
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {unquote(key): plain(item) for key, item in value.items()}
    return value


@functools.cache
def parse_dir(directory: Path) -> list[dict[str, Any]]:
    """The parsed .tf files of a directory (python-hcl2 is slow: parse each once)."""
    docs = []
    for path in sorted(directory.glob("*.tf")):
        with path.open(encoding="utf-8") as handle:
            docs.append(hcl2.load(handle))
    return docs


def blocks(directory: Path, kind: str) -> dict[str, dict[str, Any]]:
    """name -> body of every `kind` block (variable/output) of a directory."""
    found: dict[str, dict[str, Any]] = {}
    for doc in parse_dir(directory):
        for entry in doc.get(kind, []):
            for name, body in entry.items():
                found[unquote(name)] = plain(body)
    return found


def typed_blocks(directory: Path, kind: str) -> set[str]:
    """The types used by `kind` blocks (resource/data): {"aws_vpc", ...}."""
    types: set[str] = set()
    for doc in parse_dir(directory):
        for entry in doc.get(kind, []):
            types |= {unquote(name) for name in entry}
    return types


ALL_DIRS = [LIVE / name for name in LAYERS] + [
    MODULES / name for name in MODULE_NAMES + SHARED_MODULE_NAMES
]


def test_manifest_lists_the_layers_in_the_users_order_without_a_cycle() -> None:
    stack = load_stack(LIVE / "stack.toml")
    assert tuple(stack.layers) == LAYERS
    order = stack.order()
    assert sorted(order) == sorted(LAYERS)
    # kms and network depend on nothing: the graph is not a chain.
    assert stack.layers["kms"].upstream == ()
    assert stack.layers["network"].upstream == ()
    assert order.index("security") > order.index("network")
    assert order.index("observability") > order.index("database")


def test_the_database_password_is_a_secret_from_the_environment() -> None:
    stack = load_stack(LIVE / "stack.toml")
    assert dict(stack.layers["database"].secrets) == {"master_password": "STREAMCTL_DB_PASSWORD"}
    password = blocks(LIVE / "database", "variable")["master_password"]
    assert password.get("sensitive") is True
    assert "default" not in password


@pytest.mark.parametrize("directory", ALL_DIRS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_only_the_allowed_data_sources_are_used(directory: Path) -> None:
    assert typed_blocks(directory, "data") <= ALLOWED_DATA
    assert "terraform_remote_state" not in typed_blocks(directory, "data")


@pytest.mark.parametrize("directory", ALL_DIRS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_random_resources(directory: Path) -> None:
    assert not {t for t in typed_blocks(directory, "resource") if t.startswith("random_")}


@pytest.mark.parametrize("directory", ALL_DIRS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_variable_and_output_has_a_description(directory: Path) -> None:
    for kind in ("variable", "output"):
        for name, body in blocks(directory, kind).items():
            assert str(body.get("description", "")).strip(), f"{kind} {name} in {directory}"


@pytest.mark.parametrize("name", MODULE_NAMES + SHARED_MODULE_NAMES)
def test_modules_have_the_standard_files_and_no_provider_block(name: str) -> None:
    directory = MODULES / name
    for file in ("main.tf", "variables.tf", "outputs.tf", "versions.tf", "README.md"):
        assert (directory / file).is_file(), f"{directory / file} missing"
    assert list((directory / "tests").glob("*.tftest.hcl")), f"{name} has no module tests"
    for doc in parse_dir(directory):
        assert "provider" not in doc
        for terraform in doc.get("terraform", []):
            assert "backend" not in terraform
    readme = (directory / "README.md").read_text(encoding="utf-8")
    for output in blocks(directory, "output"):
        assert f"`{output}`" in readme, f"{name}/README.md does not list output {output}"


@pytest.mark.parametrize("layer", LAYERS)
def test_layers_configure_the_provider_and_keep_the_output_contract(layer: str) -> None:
    directory = LIVE / layer
    for file in ("versions.tf", "providers.tf", "main.tf", "variables.tf", "outputs.tf"):
        assert (directory / file).is_file(), f"{directory / file} missing"
    variables = blocks(directory, "variable")
    assert variables["region"]["default"] == "us-west-2"
    assert variables["environment"]["default"] == "dev"
    assert variables["environment"].get("validation")
    assert variables["default_tags"]["default"] == {
        "Project": "video-streaming",
        "ManagedBy": "terraform",
    }
    providers_tf = (directory / "providers.tf").read_text(encoding="utf-8")
    assert "Environment = var.environment" in providers_tf
    versions_tf = (directory / "versions.tf").read_text(encoding="utf-8")
    assert 'required_version = ">= 1.5.0"' in versions_tf
    assert 'version = "~> 5.0"' in versions_tf
    assert CONTRACT[layer] <= set(blocks(directory, "output"))


def test_at_least_35_outputs_across_the_layers_and_secrets_are_marked() -> None:
    outputs = {
        (layer, name): body
        for layer in LAYERS
        for name, body in blocks(LIVE / layer, "output").items()
    }
    assert len(outputs) >= 35
    assert outputs[("database", "aurora_master_username")].get("sensitive") is True


def test_no_lock_files_or_terraform_data_are_committed() -> None:
    for pattern in (".terraform.lock.hcl", "*.tfstate", "*.tfstate.backup"):
        assert not list(MODULES.rglob(pattern)), pattern
        assert not list(LIVE.rglob(pattern)) or all(
            ".streamctl" in p.parts for p in LIVE.rglob(pattern)
        ), pattern
