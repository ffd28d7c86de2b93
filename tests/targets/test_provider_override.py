"""Provider settings derived from the selected AWS provider's own schema."""

from __future__ import annotations

import gzip
import json
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

from streamctl.errors import OperationError
from streamctl.targets.provider_override import (
    NO_API_TYPES,
    OVERRIDE_FILE,
    PLAIN_FILE,
    aws_provider_aliases,
    aws_provider_block,
    provider_files,
    provider_settings,
    resource_types_in,
    service_for_type,
    services_for_types,
)

DATA = Path(__file__).parent / "data"
ENDPOINT = "http://127.0.0.1:4566"


@pytest.fixture
def schema_339() -> dict[str, Any]:
    # The provider block of the real hashicorp/aws 3.39.0 (descriptions stripped).
    loaded: dict[str, Any] = json.loads((DATA / "aws_3.39.0_provider_schema.json").read_text())
    return loaded


def _string(**extra: object) -> dict[str, object]:
    return {"type": "string", "optional": True, **extra}


@pytest.fixture
def schema_5x() -> dict[str, Any]:
    """A small sample in the 5.x shape: s3_use_path_style, logs, elbv2, a string flag."""
    endpoints = {
        name: _string()
        for name in ("s3", "ec2", "elbv2", "elb", "logs", "cloudwatchlogs", "sts", "iam", "kms")
    }
    block = {
        "attributes": {
            "region": _string(),
            "access_key": _string(),
            "secret_key": _string(),
            "s3_use_path_style": {"type": "bool", "optional": True},
            "skip_credentials_validation": {"type": "bool", "optional": True},
            "skip_metadata_api_check": _string(),
            "skip_requesting_account_id": {"type": "bool", "optional": True},
        },
        "block_types": {
            "endpoints": {"nesting_mode": "set", "block": {"attributes": endpoints}},
        },
    }
    return {
        "format_version": "1.0",
        "provider_schemas": {"registry.terraform.io/hashicorp/aws": {"provider": {"block": block}}},
    }


def test_3x_uses_force_path_style_and_old_endpoint_names(schema_339: dict[str, Any]) -> None:
    block = aws_provider_block(schema_339)
    settings = provider_settings(
        block, ENDPOINT, region="us-west-2", services={"s3", "elbv2", "logs", "kms"}
    )
    assert settings["region"] == "us-west-2"
    assert settings["access_key"] == settings["secret_key"] == "test"
    assert settings["s3_force_path_style"] is True
    assert "s3_use_path_style" not in settings
    for flag in (
        "skip_credentials_validation",
        "skip_metadata_api_check",
        "skip_requesting_account_id",
    ):
        assert settings[flag] is True
    endpoints = settings["endpoints"][0]
    # 3.x has no elbv2 / logs arguments: ELBv2 goes through elb, logs through cloudwatchlogs.
    assert "elbv2" not in endpoints
    assert "logs" not in endpoints
    assert set(endpoints) == {"s3", "elb", "cloudwatchlogs", "kms", "sts", "iam"}
    assert set(endpoints.values()) == {ENDPOINT}


def test_5x_uses_use_path_style_new_names_and_schema_types(schema_5x: dict[str, Any]) -> None:
    block = aws_provider_block(schema_5x)
    settings = provider_settings(block, ENDPOINT, region="us-west-2", services={"elbv2", "logs"})
    assert settings["s3_use_path_style"] is True
    assert "s3_force_path_style" not in settings
    # Declared as a string in this schema, so given as the string "true".
    assert settings["skip_metadata_api_check"] == "true"
    assert settings["skip_credentials_validation"] is True
    assert "skip_get_ec2_platforms" not in settings  # not in this schema
    assert settings["endpoints"] == [
        {"elbv2": ENDPOINT, "logs": ENDPOINT, "sts": ENDPOINT, "iam": ENDPOINT}
    ]


def test_services_not_in_the_schema_are_left_out(schema_5x: dict[str, Any]) -> None:
    settings = provider_settings(aws_provider_block(schema_5x), ENDPOINT, services={"cloudfront"})
    assert "cloudfront" not in settings["endpoints"][0]


def test_missing_aws_schema_is_a_clear_error() -> None:
    with pytest.raises(OperationError, match="terraform init"):
        aws_provider_block({"provider_schemas": {}})


def test_services_come_from_resource_types() -> None:
    services = services_for_types(
        [
            "aws_vpc",
            "aws_nat_gateway",
            "aws_lb_target_group",
            "aws_s3_bucket_versioning",
            "aws_cloudwatch_metric_alarm",
            "aws_cloudwatch_log_group",
            "aws_db_subnet_group",
            "aws_rds_cluster",
        ]
    )
    assert services == {"ec2", "elbv2", "s3", "cloudwatch", "logs", "rds", "sts", "iam"}


def test_ecs_ecr_and_application_auto_scaling_get_emulator_endpoints() -> None:
    services = services_for_types(
        [
            "aws_ecs_service",
            "aws_ecs_cluster_capacity_providers",
            "aws_ecr_lifecycle_policy",
            "aws_appautoscaling_policy",
            "aws_secretsmanager_random_password",
        ]
    )
    assert services == {"ecs", "ecr", "appautoscaling", "secretsmanager", "sts", "iam"}
    data = files("streamctl") / "data" / "aws-provider-5.100.0.schema.json.gz"
    block = aws_provider_block(json.loads(gzip.decompress(data.read_bytes())))
    endpoints = provider_settings(block, ENDPOINT, services=services)["endpoints"][0]
    # 5.x prefers appautoscaling; giving both names would be a provider error.
    assert {"ecs", "ecr", "appautoscaling"} <= set(endpoints)
    assert "applicationautoscaling" not in endpoints


def test_ephemeral_resources_count_as_api_calls(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'ephemeral "aws_secretsmanager_random_password" "jwt" {\n  password_length = 32\n}\n'
    )
    assert resource_types_in(tmp_path) == {"aws_secretsmanager_random_password"}


def test_resource_types_follow_local_modules(tmp_path: Path) -> None:
    layer = tmp_path / "live" / "dev" / "network"
    module = tmp_path / "modules" / "network"
    layer.mkdir(parents=True)
    module.mkdir(parents=True)
    (layer / "main.tf").write_text(
        'module "network" {\n  source = "../../../modules/network"\n}\n'
        'data "aws_availability_zones" "all" {}\n'
    )
    (module / "main.tf").write_text(
        'resource "aws_vpc" "this" {\n  cidr_block = "10.0.0.0/16"\n}\n'
    )
    assert resource_types_in(layer) == {"aws_vpc", "aws_availability_zones"}


def _layer(tmp_path: Path, providers: str) -> Path:
    (tmp_path / "main.tf").write_text(
        providers + '\nresource "aws_s3_bucket" "this" {\n  bucket = "x"\n}\n'
    )
    return tmp_path


def test_declared_provider_gets_an_override_file(
    tmp_path: Path, schema_339: dict[str, Any]
) -> None:
    layer = _layer(tmp_path, 'provider "aws" {\n  region = var.region\n}\n')
    files = provider_files(layer, aws_provider_block(schema_339), ENDPOINT, region="us-west-2")
    assert list(files) == [OVERRIDE_FILE]
    (config,) = files[OVERRIDE_FILE]["provider"]["aws"]
    assert config["region"] == "us-west-2"
    assert set(config["endpoints"][0]) == {"s3", "sts", "iam"}


def test_no_provider_block_gets_a_plain_file(tmp_path: Path, schema_339: dict[str, Any]) -> None:
    layer = _layer(tmp_path, "")
    files = provider_files(layer, aws_provider_block(schema_339), ENDPOINT, region="us-west-2")
    assert list(files) == [PLAIN_FILE]
    assert files[PLAIN_FILE]["provider"]["aws"][0]["s3_force_path_style"] is True


def test_aliases_are_overridden_keeping_their_region(
    tmp_path: Path, schema_339: dict[str, Any]
) -> None:
    layer = _layer(
        tmp_path, 'provider "aws" {\n  alias  = "us_east_1"\n  region = "us-east-1"\n}\n'
    )
    assert aws_provider_aliases(layer) == ["us_east_1"]
    files = provider_files(layer, aws_provider_block(schema_339), ENDPOINT, region="us-west-2")
    (aliased,) = files[OVERRIDE_FILE]["provider"]["aws"]
    assert aliased["alias"] == "us_east_1"
    assert "region" not in aliased
    # The implicit default provider is configured in a plain file.
    assert files[PLAIN_FILE]["provider"]["aws"][0]["region"] == "us-west-2"


def test_generated_files_are_not_mistaken_for_the_layers_blocks(
    tmp_path: Path, schema_339: dict[str, Any]
) -> None:
    layer = _layer(tmp_path, "")
    block = aws_provider_block(schema_339)
    first = provider_files(layer, block, ENDPOINT, region="us-west-2")
    for name, content in first.items():  # as the deployment writes them into the copy
        (layer / name).write_text(json.dumps(content))
    again = provider_files(layer, block, ENDPOINT, region="us-west-2")
    assert list(again) == [PLAIN_FILE]
    # A layer that gains a provider block gets an override of it, no plain file.
    (layer / "providers.tf").write_text('provider "aws" {\n  region = "eu-west-1"\n}\n')
    assert list(provider_files(layer, block, ENDPOINT)) == [OVERRIDE_FILE]


def test_max_retries_is_lowered_where_the_schema_has_it(
    schema_339: dict[str, Any], schema_5x: dict[str, Any]
) -> None:
    assert provider_settings(aws_provider_block(schema_339), ENDPOINT)["max_retries"] == 3
    assert "max_retries" not in provider_settings(aws_provider_block(schema_5x), ENDPOINT)


def test_real_5_100_schema_gives_5x_names_and_types() -> None:
    # The AWS provider 5.100.0 schema the package ships for offline validation.
    data = files("streamctl") / "data" / "aws-provider-5.100.0.schema.json.gz"
    schema = json.loads(gzip.decompress(data.read_bytes()))
    settings = provider_settings(
        aws_provider_block(schema), ENDPOINT, region="us-west-2", services={"elbv2", "logs"}
    )
    assert settings["s3_use_path_style"] is True
    assert "s3_force_path_style" not in settings
    assert settings["skip_metadata_api_check"] == "true"  # a string in 5.x
    assert settings["skip_requesting_account_id"] is True
    assert set(settings["endpoints"][0]) == {"elbv2", "logs", "sts", "iam"}


def test_every_aws_type_of_the_platform_maps_to_a_service() -> None:
    # An unmapped type would get no emulator endpoint in local mode.
    repo = Path(__file__).resolve().parents[2]
    types: set[str] = set()
    for directory in [*(repo / "modules").iterdir(), *(repo / "live" / "dev").iterdir()]:
        if directory.is_dir():
            types |= resource_types_in(directory)
    assert "aws_vpc" in types and "aws_route53_record" in types
    unmapped = sorted(t for t in types - NO_API_TYPES if service_for_type(t) is None)
    assert unmapped == []
