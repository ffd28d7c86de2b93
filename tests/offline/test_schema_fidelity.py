"""Facts of the real hashicorp/aws 5.100.0 schema, checked against the shipped one."""

from __future__ import annotations

from typing import Any

import pytest

from streamctl.offline.schema import build_response, provider_schema


def resource(name: str) -> dict[str, Any]:
    block: dict[str, Any] = provider_schema()["resource_schemas"][name]["block"]
    return block


def data_source(name: str) -> dict[str, Any]:
    block: dict[str, Any] = provider_schema()["data_source_schemas"][name]["block"]
    return block


def required(block: dict[str, Any]) -> set[str]:
    return {n for n, a in block.get("attributes", {}).items() if a.get("required")}


def computed_only(block: dict[str, Any]) -> set[str]:
    return {
        n
        for n, a in block.get("attributes", {}).items()
        if a.get("computed") and not a.get("optional")
    }


def nested(block: dict[str, Any], name: str) -> dict[str, Any]:
    spec: dict[str, Any] = block["block_types"][name]
    return spec


def test_covers_all_resources_data_sources_and_the_provider_block() -> None:
    schema = provider_schema()
    assert len(schema["resource_schemas"]) > 1500
    assert len(schema["data_source_schemas"]) > 600
    provider = schema["provider"]["block"]
    assert {"region", "profile", "skip_credentials_validation"} <= set(provider["attributes"])
    assert "alias" not in provider["attributes"]  # a meta-argument, not a schema attribute
    assert nested(provider, "default_tags")["max_items"] == 1
    assert nested(provider, "endpoints")["nesting_mode"] == "set"


def test_aws_vpc() -> None:
    vpc = resource("aws_vpc")
    assert required(vpc) == set()
    assert vpc["attributes"]["cidr_block"] == {"optional": True, "type": "string"}
    assert vpc["attributes"]["enable_dns_hostnames"]["type"] == "bool"
    assert {"arn", "default_route_table_id", "main_route_table_id", "owner_id"} <= computed_only(
        vpc
    )
    assert vpc["attributes"]["tags"]["type"] == ["map", "string"]
    assert vpc["attributes"]["tags_all"] == {
        "computed": True,
        "optional": True,
        "type": ["map", "string"],
    }


def test_aws_subnet() -> None:
    subnet = resource("aws_subnet")
    assert required(subnet) == {"vpc_id"}
    assert {"arn", "owner_id"} <= computed_only(subnet)
    assert subnet["attributes"]["map_public_ip_on_launch"]["type"] == "bool"
    assert nested(subnet, "timeouts")["nesting_mode"] == "single"


def test_aws_s3_bucket_lifecycle_configuration() -> None:
    lifecycle = resource("aws_s3_bucket_lifecycle_configuration")
    assert required(lifecycle) == {"bucket"}
    rule = nested(lifecycle, "rule")
    assert rule["nesting_mode"] == "list"
    assert required(rule["block"]) == {"id", "status"}
    assert set(rule["block"]["block_types"]) >= {
        "expiration",
        "filter",
        "transition",
        "noncurrent_version_expiration",
        "abort_incomplete_multipart_upload",
    }
    assert nested(rule["block"], "transition")["nesting_mode"] == "set"
    assert rule["block"]["block_types"]["transition"]["block"]["attributes"]["storage_class"][
        "required"
    ]


def test_aws_lb_target_group() -> None:
    tg = resource("aws_lb_target_group")
    health_check = nested(tg, "health_check")
    # SDKv2 single-item block: `health_check[0].path`, not `health_check.path`.
    assert (health_check["nesting_mode"], health_check.get("max_items")) == ("list", 1)
    assert health_check["block"]["attributes"]["path"]["type"] == "string"
    assert health_check["block"]["attributes"]["healthy_threshold"]["type"] == "number"
    assert {"arn", "arn_suffix", "load_balancer_arns"} <= computed_only(tg)
    assert tg["attributes"]["load_balancer_arns"]["type"] == ["set", "string"]
    assert nested(tg, "stickiness")["max_items"] == 1


def test_aws_autoscaling_group() -> None:
    asg = resource("aws_autoscaling_group")
    assert required(asg) == {"max_size", "min_size"}
    assert nested(asg, "launch_template")["max_items"] == 1
    assert nested(asg, "tag")["nesting_mode"] == "set"
    assert required(nested(asg, "tag")["block"]) == {"key", "value", "propagate_at_launch"}
    assert asg["attributes"]["vpc_zone_identifier"]["type"] == ["set", "string"]
    assert "arn" in computed_only(asg)


def test_aws_launch_template() -> None:
    lt = resource("aws_launch_template")
    assert required(lt) == set()
    assert {"arn", "latest_version"} <= computed_only(lt)
    assert nested(lt, "iam_instance_profile")["max_items"] == 1
    assert nested(lt, "metadata_options")["max_items"] == 1
    assert nested(lt, "tag_specifications")["nesting_mode"] == "list"
    assert nested(lt, "block_device_mappings")["block"]["block_types"]["ebs"]["max_items"] == 1


def test_aws_rds_cluster() -> None:
    cluster = resource("aws_rds_cluster")
    assert required(cluster) == {"engine"}
    assert {"arn", "endpoint", "reader_endpoint", "hosted_zone_id"} <= computed_only(cluster)
    assert cluster["attributes"]["master_user_secret"] == {
        "computed": True,
        "type": [
            "list",
            ["object", {"kms_key_id": "string", "secret_arn": "string", "secret_status": "string"}],
        ],
    }
    assert nested(cluster, "serverlessv2_scaling_configuration")["max_items"] == 1
    assert cluster["attributes"]["vpc_security_group_ids"]["type"] == ["set", "string"]


def test_aws_cloudfront_distribution() -> None:
    cf = resource("aws_cloudfront_distribution")
    assert required(cf) == {"enabled"}
    for name in ("default_cache_behavior", "restrictions", "viewer_certificate"):
        spec = nested(cf, name)
        assert (spec["nesting_mode"], spec.get("min_items"), spec.get("max_items")) == (
            "list",
            1,
            1,
        ), name
    origin = nested(cf, "origin")
    assert (origin["nesting_mode"], origin.get("min_items")) == ("set", 1)
    assert required(origin["block"]) == {"domain_name", "origin_id"}
    default = nested(cf, "default_cache_behavior")["block"]
    assert required(default) == {
        "allowed_methods",
        "cached_methods",
        "target_origin_id",
        "viewer_protocol_policy",
    }
    assert {"arn", "domain_name", "hosted_zone_id", "etag", "status"} <= computed_only(cf)


def test_aws_route53_record() -> None:
    record = resource("aws_route53_record")
    assert required(record) == {"name", "type", "zone_id"}
    alias = nested(record, "alias")
    assert alias.get("max_items") == 1
    assert required(alias["block"]) == {"name", "zone_id", "evaluate_target_health"}
    assert record["attributes"]["records"]["type"] == ["set", "string"]
    assert "fqdn" in computed_only(record)


def test_aws_cloudwatch_metric_alarm() -> None:
    alarm = resource("aws_cloudwatch_metric_alarm")
    assert required(alarm) == {"alarm_name", "comparison_operator", "evaluation_periods"}
    assert alarm["attributes"]["dimensions"]["type"] == ["map", "string"]
    assert alarm["attributes"]["alarm_actions"]["type"] == ["set", "string"]
    metric_query = nested(alarm, "metric_query")
    assert metric_query["nesting_mode"] == "set"
    assert nested(metric_query["block"], "metric")["max_items"] == 1
    assert "arn" in computed_only(alarm)


def test_data_aws_iam_policy_document() -> None:
    doc = data_source("aws_iam_policy_document")
    assert required(doc) == set()
    assert {"json", "minified_json"} <= computed_only(doc)
    statement = nested(doc, "statement")
    assert statement["nesting_mode"] == "list"
    principals = nested(statement["block"], "principals")
    assert principals["nesting_mode"] == "set"
    assert required(principals["block"]) == {"type", "identifiers"}
    condition = nested(statement["block"], "condition")
    assert required(condition["block"]) == {"test", "variable", "values"}
    assert statement["block"]["attributes"]["actions"]["type"] == ["set", "string"]


def test_data_aws_ami() -> None:
    ami = data_source("aws_ami")
    assert required(ami) == set()
    assert nested(ami, "filter")["nesting_mode"] == "set"
    assert required(nested(ami, "filter")["block"]) == {"name", "values"}
    assert ami["attributes"]["owners"]["type"] == ["list", "string"]
    assert {"arn", "image_id", "root_device_name"} <= computed_only(ami)
    # Data source arguments are filled in by the provider when unset.
    assert ami["attributes"]["most_recent"] == {"computed": True, "optional": True, "type": "bool"}


def test_attributes_as_blocks_stay_attributes() -> None:
    ingress = resource("aws_security_group")["attributes"]["ingress"]
    assert ingress["optional"] and ingress["computed"]
    assert ingress["type"][0] == "set"
    assert ingress["type"][1][1]["from_port"] == "number"


@pytest.mark.parametrize("kind", ["resource_schemas", "data_source_schemas"])
def test_no_set_nested_block_holds_a_dynamic_attribute(kind: str) -> None:
    def dynamic_in_set(block: dict[str, Any], inside_set: bool) -> bool:
        for attr in block.get("attributes", {}).values():
            if inside_set and "dynamic" in str(attr["type"]):
                return True
        return any(
            dynamic_in_set(spec["block"], inside_set or spec["nesting_mode"] == "set")
            for spec in block.get("block_types", {}).values()
        )

    bad = [n for n, s in provider_schema()[kind].items() if dynamic_in_set(s["block"], False)]
    assert bad == []
    wafv2_rule = provider_schema()["resource_schemas"]["aws_wafv2_web_acl"]["block"]
    assert wafv2_rule["block_types"]["rule"]["nesting_mode"] == "list"


def test_protobuf_response_matches_the_json() -> None:
    response = build_response()
    vpc = response.resource_schemas["aws_vpc"].block
    cidr = next(a for a in vpc.attributes if a.name == "cidr_block")
    assert cidr.type == b'"string"' and cidr.optional and not cidr.required
    tg = response.resource_schemas["aws_lb_target_group"].block
    health_check = next(b for b in tg.block_types if b.type_name == "health_check")
    assert health_check.max_items == 1
    assert health_check.nesting == health_check.LIST
    assert len(response.data_source_schemas) == len(provider_schema()["data_source_schemas"])
