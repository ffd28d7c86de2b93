"""Each emulator fix, checked at the API: the fixed emulator answers like AWS, plain moto not.

The plain-moto half documents the deviation itself: when it fails, moto has started to
answer like AWS and the fix (and its README entry) can go.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from streamctl.targets import moto_fixes
from streamctl.targets.moto_fixes import FIXES, Fix, apply_fixes
from streamctl.targets.moto_server import Emulator

SERVERS = ("plain_moto", "fixed_emulator")


def _client(service: str, endpoint: str, region: str = "us-west-2") -> Any:
    return boto3.client(
        service,  # type: ignore[call-overload]
        endpoint_url=endpoint,
        region_name=region,
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )


@pytest.fixture(params=SERVERS)
def server(request: pytest.FixtureRequest) -> tuple[str, bool]:
    """(endpoint, fixed?) for each kind of emulator."""
    endpoint: str = request.getfixturevalue(request.param)
    return endpoint, request.param == "fixed_emulator"


def test_provisioned_cluster_has_no_serverless_scaling_info(server: tuple[str, bool]) -> None:
    endpoint, fixed = server
    rds = _client("rds", endpoint)
    common = {"Engine": "aurora-mysql", "MasterUsername": "admin", "MasterUserPassword": "x" * 12}
    rds.create_db_cluster(DBClusterIdentifier="prov", EngineMode="provisioned", **common)
    rds.create_db_cluster(DBClusterIdentifier="sls", EngineMode="serverless", **common)
    clusters = {c["DBClusterIdentifier"]: c for c in rds.describe_db_clusters()["DBClusters"]}
    assert ("ScalingConfigurationInfo" not in clusters["prov"]) is fixed
    # Serverless v1 keeps its scaling configuration either way.
    assert clusters["sls"]["ScalingConfigurationInfo"]["MinCapacity"] == 1


def _group(endpoint: str) -> str:
    ec2, autoscaling = _client("ec2", endpoint), _client("autoscaling", endpoint)
    template = ec2.create_launch_template(
        LaunchTemplateName="lt", LaunchTemplateData={"ImageId": "ami-12c6146b"}
    )["LaunchTemplate"]
    autoscaling.create_auto_scaling_group(
        AutoScalingGroupName="asg",
        MinSize=0,
        MaxSize=1,
        AvailabilityZones=["us-west-2a"],
        LaunchTemplate={"LaunchTemplateId": template["LaunchTemplateId"]},
    )
    return "asg"


def test_scaling_policy_reports_enabled(server: tuple[str, bool]) -> None:
    endpoint, fixed = server
    autoscaling = _client("autoscaling", endpoint)
    group = _group(endpoint)
    tracking = {
        "PredefinedMetricSpecification": {"PredefinedMetricType": "ASGAverageCPUUtilization"},
        "TargetValue": 60.0,
    }
    for name, enabled in (("default", None), ("off", False)):
        extra = {} if enabled is None else {"Enabled": enabled}
        autoscaling.put_scaling_policy(
            AutoScalingGroupName=group,
            PolicyName=name,
            PolicyType="TargetTrackingScaling",
            TargetTrackingConfiguration=tracking,
            **extra,
        )
    policies = {
        p["PolicyName"]: p
        for p in autoscaling.describe_policies(AutoScalingGroupName=group)["ScalingPolicies"]
    }
    if fixed:
        assert policies["default"]["Enabled"] is True  # AWS default
        assert policies["off"]["Enabled"] is False
        assert all("PredictiveScalingConfiguration" not in p for p in policies.values())
    else:
        assert "Enabled" not in policies["default"]  # the provider reads false
        assert policies["default"]["PredictiveScalingConfiguration"] == {}


def test_launch_template_data_keeps_only_its_own_tag_specifications(
    server: tuple[str, bool],
) -> None:
    endpoint, fixed = server
    ec2 = _client("ec2", endpoint)
    instance_tags = {"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "ec2"}]}
    ec2.create_launch_template(
        LaunchTemplateName="tagged",
        LaunchTemplateData={"ImageId": "ami-12c6146b", "TagSpecifications": [instance_tags]},
        TagSpecifications=[
            {"ResourceType": "launch-template", "Tags": [{"Key": "Name", "Value": "lt"}]}
        ],
    )
    (version,) = ec2.describe_launch_template_versions(LaunchTemplateName="tagged")[
        "LaunchTemplateVersions"
    ]
    types = [s["ResourceType"] for s in version["LaunchTemplateData"]["TagSpecifications"]]
    assert types == (["instance"] if fixed else ["instance", "launch-template"])
    # The template itself is still tagged.
    (template,) = ec2.describe_launch_templates(LaunchTemplateNames=["tagged"])["LaunchTemplates"]
    assert {"Key": "Name", "Value": "lt"} in template["Tags"]


def _distribution_config(oac_id: str, *, legacy_behaviour: bool) -> dict[str, Any]:
    behaviour: dict[str, Any] = {
        "TargetOriginId": "s3",
        "ViewerProtocolPolicy": "redirect-to-https",
    }
    if legacy_behaviour:
        behaviour["ForwardedValues"] = {"QueryString": True, "Cookies": {"Forward": "all"}}
        behaviour["MinTTL"] = 0
    else:
        behaviour["CachePolicyId"] = "658327ea-f89d-4fab-a63d-7e88639e58f6"
    return {
        "CallerReference": f"ref-{legacy_behaviour}",
        "Comment": "test",
        "Enabled": True,
        "Origins": {
            "Quantity": 1,
            "Items": [
                {
                    "Id": "s3",
                    "DomainName": "bucket.s3.us-west-2.amazonaws.com",
                    "S3OriginConfig": {"OriginAccessIdentity": ""},
                    "OriginAccessControlId": oac_id,
                }
            ],
        },
        "DefaultCacheBehavior": behaviour,
        "ViewerCertificate": {"CloudFrontDefaultCertificate": True},
    }


def test_distribution_config_reads_back_as_sent(server: tuple[str, bool]) -> None:
    endpoint, fixed = server
    cloudfront = _client("cloudfront", endpoint, region="us-east-1")
    oac_id = cloudfront.create_origin_access_control(
        OriginAccessControlConfig={
            "Name": "oac",
            "SigningProtocol": "sigv4",
            "SigningBehavior": "always",
            "OriginAccessControlOriginType": "s3",
        }
    )["OriginAccessControl"]["Id"]
    created = cloudfront.create_distribution(
        DistributionConfig=_distribution_config(oac_id, legacy_behaviour=False)
    )["Distribution"]
    config = cloudfront.get_distribution_config(Id=created["Id"])["DistributionConfig"]
    (origin,) = config["Origins"]["Items"]
    behaviour = config["DefaultCacheBehavior"]
    certificate = config["ViewerCertificate"]
    if fixed:
        assert origin["OriginAccessControlId"] == oac_id
        assert origin["S3OriginConfig"] == {"OriginAccessIdentity": ""}
        assert "ForwardedValues" not in behaviour
        assert certificate["CloudFrontDefaultCertificate"] is True
        assert not {"IAMCertificateId", "ACMCertificateArn", "SSLSupportMethod"} & set(certificate)
    else:
        assert "OriginAccessControlId" not in origin
        assert "S3OriginConfig" not in origin
        assert behaviour["ForwardedValues"]["Cookies"] == {"Forward": "none"}
        assert certificate["SSLSupportMethod"] == "sni-only"

    # A behaviour that does set forwarded values (the legacy way) keeps them.
    legacy = cloudfront.create_distribution(
        DistributionConfig=_distribution_config(oac_id, legacy_behaviour=True)
    )["Distribution"]
    legacy_config = cloudfront.get_distribution_config(Id=legacy["Id"])["DistributionConfig"]
    forwarded = legacy_config["DefaultCacheBehavior"]["ForwardedValues"]
    assert forwarded["QueryString"] is True
    assert forwarded["Cookies"]["Forward"] == "all"


def _ecs_service(endpoint: str, **settings: Any) -> dict[str, Any]:
    ecs = _client("ecs", endpoint)
    ecs.create_cluster(clusterName="c")
    ecs.register_task_definition(
        family="f", containerDefinitions=[{"name": "app", "image": "nginx", "memory": 128}]
    )
    ecs.create_service(cluster="c", serviceName="s", taskDefinition="f", desiredCount=1, **settings)
    service: dict[str, Any] = ecs.describe_services(cluster="c", services=["s"])["services"][0]
    return service


def test_create_service_keeps_execute_command_and_grace_period(
    server: tuple[str, bool],
) -> None:
    endpoint, fixed = server
    service = _ecs_service(endpoint, enableExecuteCommand=True, healthCheckGracePeriodSeconds=60)
    assert (service.get("enableExecuteCommand") is True) is fixed
    assert (service.get("healthCheckGracePeriodSeconds") == 60) is fixed


def test_scalable_targets_keep_their_tags(server: tuple[str, bool]) -> None:
    endpoint, fixed = server
    _ecs_service(endpoint)
    scaling = _client("application-autoscaling", endpoint)
    arn = scaling.register_scalable_target(
        ServiceNamespace="ecs",
        ResourceId="service/c/s",
        ScalableDimension="ecs:service:DesiredCount",
        MinCapacity=1,
        MaxCapacity=10,
        Tags={"Project": "mediaserver"},
    )["ScalableTargetARN"]
    if not fixed:
        # moto alone: no tagging API, which fails every provider read of a scalable target.
        with pytest.raises(ClientError):
            scaling.list_tags_for_resource(ResourceARN=arn)
        return
    assert scaling.list_tags_for_resource(ResourceARN=arn)["Tags"] == {"Project": "mediaserver"}
    scaling.tag_resource(ResourceARN=arn, Tags={"Name": "t"})
    scaling.untag_resource(ResourceARN=arn, TagKeys=["Project"])
    assert scaling.list_tags_for_resource(ResourceARN=arn)["Tags"] == {"Name": "t"}


def test_the_emulator_applies_every_fix_to_the_pinned_moto(tmp_path: Path) -> None:
    emulator = Emulator(tmp_path / "emu")
    try:
        emulator.start()
        log = emulator.log_path.read_text(encoding="utf-8")
    finally:
        emulator.stop()
    assert f"fixes applied: {', '.join(fix.name for fix in FIXES)}" in log
    assert "not applied" not in log


def test_applying_twice_wraps_nothing_twice() -> None:
    # In a process of its own: the fixes patch moto for the whole process.
    script = (
        "import json; from streamctl.targets.moto_fixes import apply_fixes; "
        "print(json.dumps([apply_fixes(), apply_fixes()]))"
    )
    found = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True
    )
    first, second = json.loads(found.stdout)
    names = [fix.name for fix in FIXES]
    assert first == second == [names, {}]


def test_a_fix_whose_moto_internals_are_gone_is_skipped_and_named() -> None:
    def gone() -> None:
        raise AttributeError("type object 'DBCluster' has no attribute 'x'")

    done: list[str] = []
    applied, skipped = apply_fixes(
        (Fix("gone", "n/a", gone), Fix("fine", "n/a", lambda: done.append("fine")))
    )
    assert applied == ["fine"] == done
    assert skipped == {"gone": "AttributeError: type object 'DBCluster' has no attribute 'x'"}


def test_wrapping_twice_keeps_one_layer() -> None:
    class Target:
        def method(self) -> list[str]:
            return ["original"]

        @property
        def value(self) -> list[str]:
            return ["original"]

    def make_method(original: Any) -> Any:
        def method(self: Any) -> list[str]:
            return [*original(self), "fixed"]

        return method

    def make_property(original: property) -> property:
        getter = original.fget
        assert getter is not None
        return property(lambda self: [*getter(self), "fixed"])

    for _ in range(2):
        moto_fixes._wrap(Target, "method", make_method)
        moto_fixes._wrap(Target, "value", make_property)
    assert Target().method() == ["original", "fixed"]
    assert Target().value == ["original", "fixed"]
