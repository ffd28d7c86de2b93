"""verify against moto: the platform's declared checks (live/dev/stack.toml [verify]) pass on
right resources and fail on wrong ones with a clear reason; outputs are read per layer."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws
from rich.console import Console

from streamctl.aws.verify import KIND_CHECKS, Check, failed, run_checks, to_json
from streamctl.check_kinds import KINDS
from streamctl.cli.views import checks_summary, checks_table
from streamctl.manifest import VerifyCheck, load_stack

REGION = "us-west-2"
AZS = ("us-west-2a", "us-west-2b", "us-west-2c")
PLATFORM = Path(__file__).resolve().parents[2] / "live" / "dev" / "stack.toml"


@pytest.fixture(scope="module")
def declared() -> Mapping[str, VerifyCheck]:
    """The checks the platform's manifest declares."""
    return load_stack(PLATFORM).verify


def verify(
    outputs: Mapping[str, Mapping[str, Any]], checks: Mapping[str, VerifyCheck]
) -> list[Check]:
    return run_checks(checks, outputs, region=REGION)


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "test")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    with mock_aws():
        yield


def _c(service: str) -> Any:
    return boto3.client(service, region_name=REGION)  # type: ignore[call-overload]


def _network() -> dict[str, Any]:
    ec2 = _c("ec2")
    vpc_id = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    public, private = [], []
    for i, az in enumerate(AZS):
        public.append(
            ec2.create_subnet(VpcId=vpc_id, CidrBlock=f"10.0.{i}.0/24", AvailabilityZone=az)[
                "Subnet"
            ]["SubnetId"]
        )
        private.append(
            ec2.create_subnet(VpcId=vpc_id, CidrBlock=f"10.0.{10 + i}.0/24", AvailabilityZone=az)[
                "Subnet"
            ]["SubnetId"]
        )
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc_id)
    eip = ec2.allocate_address(Domain="vpc")["AllocationId"]
    nat = ec2.create_nat_gateway(SubnetId=public[0], AllocationId=eip)["NatGateway"]
    return {
        "vpc_id": vpc_id,
        "vpc_cidr_block": "10.0.0.0/16",
        "public_subnet_ids": public,
        "private_subnet_ids": private,
        "internet_gateway_id": igw,
        "nat_gateway_id": nat["NatGatewayId"],
    }


def _kms() -> dict[str, Any]:
    kms = _c("kms")
    out: dict[str, Any] = {}
    for name in ("aurora", "s3"):
        meta = kms.create_key()["KeyMetadata"]
        kms.enable_key_rotation(KeyId=meta["KeyId"])
        out[f"{name}_kms_key_id"] = meta["KeyId"]
        out[f"{name}_kms_key_arn"] = meta["Arn"]
    return out


def _storage() -> dict[str, Any]:
    s3 = _c("s3")
    out: dict[str, Any] = {}
    for kind in ("static_assets", "app_logs", "cloudfront_logs"):
        name = f"dev-{kind.replace('_', '-')}"
        s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
        s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
        s3.put_bucket_encryption(
            Bucket=name,
            ServerSideEncryptionConfiguration={
                "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}}]
            },
        )
        s3.put_public_access_block(
            Bucket=name,
            PublicAccessBlockConfiguration={
                "BlockPublicAcls": True,
                "IgnorePublicAcls": True,
                "BlockPublicPolicy": True,
                "RestrictPublicBuckets": True,
            },
        )
        out[f"{kind}_bucket_name"] = name
        out[f"{kind}_bucket_arn"] = f"arn:aws:s3:::{name}"
    return out


def _database() -> dict[str, Any]:
    rds = _c("rds")
    cluster = rds.create_db_cluster(
        DBClusterIdentifier="dev-aurora",
        Engine="aurora-mysql",
        MasterUsername="admin",
        MasterUserPassword="a-long-password-1",
        StorageEncrypted=True,
    )["DBCluster"]
    for i, az in enumerate(AZS[:2]):
        rds.create_db_instance(
            DBInstanceIdentifier=f"dev-aurora-{i}",
            DBClusterIdentifier="dev-aurora",
            Engine="aurora-mysql",
            DBInstanceClass="db.r6g.large",
            AvailabilityZone=az,
        )
    return {
        "aurora_cluster_id": "dev-aurora",
        "aurora_cluster_endpoint": cluster["Endpoint"],
        "aurora_reader_endpoint": cluster.get("ReaderEndpoint", ""),
    }


def _compute(network: dict[str, Any]) -> dict[str, Any]:
    elbv2 = _c("elbv2")
    alb = elbv2.create_load_balancer(Name="dev-alb", Subnets=network["public_subnet_ids"])[
        "LoadBalancers"
    ][0]
    group = elbv2.create_target_group(
        Name="dev-web",
        Protocol="HTTP",
        Port=80,
        VpcId=network["vpc_id"],
        HealthCheckPath="/health",
    )["TargetGroups"][0]
    ec2 = _c("ec2")
    template = ec2.create_launch_template(
        LaunchTemplateName="dev-web",
        LaunchTemplateData={"ImageId": "ami-12c6146b", "InstanceType": "t3.micro"},
    )["LaunchTemplate"]
    _c("autoscaling").create_auto_scaling_group(
        AutoScalingGroupName="dev-web",
        LaunchTemplate={"LaunchTemplateId": template["LaunchTemplateId"]},
        MinSize=3,
        MaxSize=20,
        DesiredCapacity=3,
        VPCZoneIdentifier=",".join(network["private_subnet_ids"]),
        TargetGroupARNs=[group["TargetGroupArn"]],
    )
    return {
        "alb_arn": alb["LoadBalancerArn"],
        "alb_dns_name": alb["DNSName"],
        "target_group_arn": group["TargetGroupArn"],
        "asg_name": "dev-web",
    }


def _observability() -> dict[str, Any]:
    topic = _c("sns").create_topic(Name="dev-alerts")["TopicArn"]
    out: dict[str, Any] = {"sns_topic_arn": topic}
    for output in (
        "asg_cpu_alarm_name",
        "alb_unhealthy_hosts_alarm_name",
        "aurora_cpu_alarm_name",
        "alb_5xx_alarm_name",
    ):
        name = "dev-" + output.removesuffix("_alarm_name").replace("_", "-")
        _c("cloudwatch").put_metric_alarm(
            AlarmName=name,
            MetricName="CPUUtilization",
            Namespace="AWS/EC2",
            Statistic="Average",
            Period=60,
            EvaluationPeriods=2,
            Threshold=80.0,
            ComparisonOperator="GreaterThanThreshold",
            AlarmActions=[topic],
        )
        out[output] = name
    return out


def _dns(alb_dns_name: str) -> dict[str, Any]:
    route53 = _c("route53")
    zone = route53.create_hosted_zone(Name="stream.example.com", CallerReference="t")["HostedZone"]
    cdn_domain = "d111111abcdef8.cloudfront.net"
    changes = [
        ("cdn", cdn_domain, "Z2FDTNDATAQYW2"),
        ("api", alb_dns_name, "Z1H1FL5HABSF5"),
    ]
    route53.change_resource_record_sets(
        HostedZoneId=zone["Id"],
        ChangeBatch={
            "Changes": [
                {
                    "Action": "CREATE",
                    "ResourceRecordSet": {
                        "Name": f"{prefix}.stream.example.com",
                        "Type": "A",
                        "AliasTarget": {
                            "HostedZoneId": zone_id,
                            "DNSName": target,
                            "EvaluateTargetHealth": False,
                        },
                    },
                }
                for prefix, target, zone_id in changes
            ]
        },
    )
    return {"route53_zone_id": zone["Id"].split("/")[-1], "cdn_domain": cdn_domain}


@pytest.fixture
def platform(aws: None) -> dict[str, dict[str, Any]]:
    """The platform's resources, made right with boto3, as {layer: outputs}."""
    network = _network()
    compute = _compute(network)
    dns = _dns(compute["alb_dns_name"])
    cdn_domain = dns.pop("cdn_domain")
    return {
        "kms": _kms(),
        "network": network,
        "storage": _storage(),
        "database": _database(),
        "compute": compute,
        "cdn": {"cloudfront_distribution_id": "E123", "cloudfront_domain_name": cdn_domain},
        "dns": dns,
        "observability": _observability(),
    }


def _by_name(checks: list[Check]) -> dict[str, Check]:
    return {c.name: c for c in checks}


def test_a_platform_made_right_passes_every_check(
    platform: dict[str, dict[str, Any]], declared: Mapping[str, VerifyCheck]
) -> None:
    checks = verify(platform, declared)
    bad = [c for c in checks if not c.passed]
    assert bad == []
    names = set(_by_name(checks))
    assert {
        "VPC CIDR",
        "public subnets across 3 AZs",
        "private subnets across 3 AZs",
        "NAT gateway available",
        "bucket dev-static-assets versioned",
        "bucket dev-app-logs encrypted",
        "bucket dev-cloudfront-logs public access blocked",
        "KMS key rotation (aurora)",
        "KMS key rotation (s3)",
        "Aurora encrypted, multi-AZ",
        "target group health check path",
        "ASG sizes",
        "alarm dev-alb-5xx notifies SNS",
        "Route53 alias cdn.",
        "Route53 alias api.",
    } <= names
    assert len(checks) == 24
    assert not failed(checks)


def test_versioning_off_fails_with_a_clear_reason(
    platform: dict[str, dict[str, Any]], declared: Mapping[str, VerifyCheck]
) -> None:
    _c("s3").put_bucket_versioning(
        Bucket="dev-app-logs", VersioningConfiguration={"Status": "Suspended"}
    )
    checks = _by_name(verify(platform, declared))
    check = checks["bucket dev-app-logs versioned"]
    assert not check.passed
    assert check.reason == "versioning Suspended"
    assert checks["bucket dev-static-assets versioned"].passed
    assert failed(list(checks.values()))


def test_wrong_settings_each_fail_with_their_reason(
    platform: dict[str, dict[str, Any]], declared: Mapping[str, VerifyCheck]
) -> None:
    _c("kms").disable_key_rotation(KeyId=platform["kms"]["s3_kms_key_id"])
    _c("autoscaling").update_auto_scaling_group(AutoScalingGroupName="dev-web", MaxSize=5)
    _c("elbv2").modify_target_group(
        TargetGroupArn=platform["compute"]["target_group_arn"], HealthCheckPath="/"
    )
    _c("s3").delete_public_access_block(Bucket="dev-static-assets")
    _c("cloudwatch").put_metric_alarm(
        AlarmName="dev-asg-cpu",
        MetricName="CPUUtilization",
        Namespace="AWS/EC2",
        Statistic="Average",
        Period=60,
        EvaluationPeriods=2,
        Threshold=80.0,
        ComparisonOperator="GreaterThanThreshold",
        AlarmActions=[],
    )
    checks = _by_name(verify(platform, declared))
    assert checks["KMS key rotation (s3)"].reason == "rotation off"
    assert checks["ASG sizes"].reason == "min/max/desired 3/5/3 (expected 3/20/3)"
    assert checks["target group health check path"].reason == (
        "health check path / (expected /health)"
    )
    assert checks["bucket dev-static-assets public access blocked"].reason == (
        "no public access block"
    )
    assert not checks["alarm dev-asg-cpu notifies SNS"].passed
    assert "do not include" in checks["alarm dev-asg-cpu notifies SNS"].reason
    assert sum(not c.passed for c in checks.values()) == 5


def test_vpc_cidr_and_single_az_subnets_fail(
    aws: None, declared: Mapping[str, VerifyCheck]
) -> None:
    ec2 = _c("ec2")
    vpc_id = ec2.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc_id, CidrBlock=f"10.1.{i}.0/24", AvailabilityZone=AZS[0])[
            "Subnet"
        ]["SubnetId"]
        for i in range(3)
    ]
    checks = _by_name(
        verify({"network": {"vpc_id": vpc_id, "private_subnet_ids": subnets}}, declared)
    )
    assert checks["VPC CIDR"].reason == "CIDR 10.1.0.0/16 (expected 10.0.0.0/16)"
    assert not checks["private subnets across 3 AZs"].passed
    assert "in 1 AZs" in checks["private subnets across 3 AZs"].reason


def test_missing_resources_and_single_az_aurora_fail(
    aws: None, declared: Mapping[str, VerifyCheck]
) -> None:
    rds = _c("rds")
    rds.create_db_cluster(
        DBClusterIdentifier="one-az",
        Engine="aurora-mysql",
        MasterUsername="admin",
        MasterUserPassword="a-long-password-1",
        StorageEncrypted=False,
    )
    rds.create_db_instance(
        DBInstanceIdentifier="one-az-0",
        DBClusterIdentifier="one-az",
        Engine="aurora-mysql",
        DBInstanceClass="db.r6g.large",
        AvailabilityZone=AZS[0],
    )
    outputs = {
        "database": {"aurora_cluster_id": "one-az"},
        "compute": {"asg_name": "nope"},
        "storage": {"app_logs_bucket_name": "no-such-bucket"},
    }
    checks = _by_name(verify(outputs, declared))
    aurora = checks["Aurora encrypted, multi-AZ"]
    assert not aurora.passed
    assert "storage not encrypted" in aurora.reason
    assert "1 instance(s) in 1 AZ(s)" in aurora.reason
    assert checks["ASG sizes"].reason == "auto scaling group nope not found"
    assert checks["bucket no-such-bucket versioned"].reason.startswith("NoSuchBucket")


def test_only_checks_whose_outputs_are_present_run(
    aws: None, declared: Mapping[str, VerifyCheck]
) -> None:
    assert verify({"network": {}, "dns": {"route53_zone_name": "x"}}, declared) == []


def test_render_table_and_json() -> None:
    checks = [Check("VPC CIDR", True, "CIDR 10.0.0.0/16"), Check("ASG sizes", False, "3/5/3")]
    console = Console(record=True, width=120, color_system=None)
    console.print(checks_table(checks, "Verify"))
    console.print(checks_summary(checks))
    text = console.export_text()
    assert "VPC CIDR" in text and "pass" in text and "FAIL" in text and "3/5/3" in text
    assert "1/2 checks passed" in text
    doc = json.loads(json.dumps(to_json(checks)))
    assert doc["passed"] is False
    assert doc["checks"][1] == {"name": "ASG sizes", "passed": False, "reason": "3/5/3"}


def _checks(tmp_path: Path, verify_tables: str) -> Mapping[str, VerifyCheck]:
    """Declared checks of a two-layer stack whose layers both output `bucket`."""
    for layer in ("a", "b"):
        (tmp_path / layer).mkdir()
        (tmp_path / layer / "main.tf").write_text('output "bucket" {\n  value = "x"\n}\n')
    manifest = tmp_path / "stack.toml"
    manifest.write_text(
        '[stack]\nname = "two"\n[layers.a]\npath = "a"\n[layers.b]\npath = "b"\n' + verify_tables
    )
    return load_stack(manifest).verify


def test_outputs_are_read_per_layer_never_flattened(aws: None, tmp_path: Path) -> None:
    for bucket in ("bucket-of-a", "bucket-of-b"):
        _c("s3").create_bucket(
            Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION}
        )
    _c("s3").put_bucket_versioning(
        Bucket="bucket-of-b", VersioningConfiguration={"Status": "Enabled"}
    )
    declared = _checks(
        tmp_path,
        '[verify.a]\nkind = "s3_bucket"\nid = "a.bucket"\nversioning = "Enabled"\n'
        '[verify.b]\nkind = "s3_bucket"\nid = "b.bucket"\nversioning = "Enabled"\n',
    )
    # Both layers call their output `bucket`: each check reads its own layer's value.
    checks = verify({"a": {"bucket": "bucket-of-a"}, "b": {"bucket": "bucket-of-b"}}, declared)
    assert [(c.name, c.passed) for c in checks] == [
        ("bucket bucket-of-a versioned", False),
        ("bucket bucket-of-b versioned", True),
    ]


def test_expected_values_come_from_the_manifest(aws: None, tmp_path: Path) -> None:
    vpc_id = _c("ec2").create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    declared = _checks(
        tmp_path, '[verify.v]\nkind = "vpc"\nid = "a.bucket"\ncidr_block = "10.9.0.0/16"\n'
    )
    (check,) = verify({"a": {"bucket": vpc_id}}, declared)
    assert check == Check("VPC CIDR", True, "CIDR 10.9.0.0/16 (expected 10.9.0.0/16)")


def test_every_declarable_kind_has_its_checks() -> None:
    assert set(KIND_CHECKS) == set(KINDS)


MEDIASERVER = PLATFORM.parents[1] / "mediaserver" / "stack.toml"


def _mediaserver() -> dict[str, dict[str, Any]]:
    """What the media server's layers output, for resources made as its guide says."""
    bucket = "mediaserver-media-123456789012"
    _c("s3").create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    _c("s3").put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    _c("s3").put_bucket_encryption(
        Bucket=bucket,
        ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
        },
    )
    _c("s3").put_public_access_block(
        Bucket=bucket,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    _c("ssm").put_parameter(Name="/mediaserver/jwt-secret", Value="x" * 32, Type="SecureString")
    for group in ("/ecs/mediaserver", "/aws/ecs/mediaserver/app"):
        _c("logs").create_log_group(logGroupName=group)
        _c("logs").put_retention_policy(logGroupName=group, retentionInDays=30)
    _c("ecr").create_repository(
        repositoryName="mediaserver",
        imageScanningConfiguration={"scanOnPush": True},
        imageTagMutability="MUTABLE",
    )
    vpc_id = _c("ec2").create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    group_arn = _c("elbv2").create_target_group(
        Name="mediaserver-tg",
        Protocol="HTTP",
        Port=3000,
        VpcId=vpc_id,
        TargetType="ip",
        HealthCheckPath="/health",
    )["TargetGroups"][0]["TargetGroupArn"]
    ecs = _c("ecs")
    ecs.create_cluster(clusterName="mediaserver-cluster")
    ecs.register_task_definition(
        family="mediaserver", containerDefinitions=[{"name": "app", "image": "x", "memory": 512}]
    )
    ecs.create_service(
        cluster="mediaserver-cluster",
        serviceName="mediaserver-service",
        taskDefinition="mediaserver",
        desiredCount=2,
        launchType="FARGATE",
    )
    return {
        "storage": {"bucket_name": bucket},
        "config": {"jwt_secret_parameter_name": "/mediaserver/jwt-secret"},
        "monitoring": {
            "ecs_log_group_name": "/ecs/mediaserver",
            "app_log_group_name": "/aws/ecs/mediaserver/app",
        },
        "registry": {"repository_name": "mediaserver"},
        "alb": {"target_group_arn": group_arn},
        "ecs": {"cluster_name": "mediaserver-cluster", "service_name": "mediaserver-service"},
    }


def test_the_media_server_made_right_passes_its_declared_checks(aws: None) -> None:
    checks = verify(_mediaserver(), load_stack(MEDIASERVER).verify)
    assert len(checks) == 9
    assert not failed(checks), [c for c in checks if not c.passed]


def test_media_server_settings_wrong_each_fail_with_their_reason(aws: None) -> None:
    outputs = _mediaserver()
    _c("ssm").put_parameter(
        Name="/mediaserver/jwt-secret", Value="x", Type="String", Overwrite=True
    )
    _c("logs").put_retention_policy(logGroupName="/ecs/mediaserver", retentionInDays=7)
    _c("ecr").put_image_scanning_configuration(
        repositoryName="mediaserver", imageScanningConfiguration={"scanOnPush": False}
    )
    _c("ecs").update_service(
        cluster="mediaserver-cluster", service="mediaserver-service", desiredCount=1
    )
    by_name = _by_name(verify(outputs, load_stack(MEDIASERVER).verify))
    failures = {name: c.reason for name, c in by_name.items() if not c.passed}
    assert failures == {
        "SSM parameter /mediaserver/jwt-secret type": "type String (expected SecureString)",
        "log group /ecs/mediaserver retention": "retention 7 days (expected 30)",
        "ECR repository mediaserver": "scan on push off",
        "ECS service mediaserver-service in mediaserver-cluster": "desiredCount 1 (expected 2)",
    }


def test_a_deleted_ecs_service_fails_its_check(aws: None) -> None:
    outputs = _mediaserver()
    _c("ecs").delete_service(
        cluster="mediaserver-cluster", service="mediaserver-service", force=True
    )
    by_name = _by_name(verify(outputs, load_stack(MEDIASERVER).verify))
    check = by_name["ECS service mediaserver-service in mediaserver-cluster"]
    assert not check.passed
    assert "not found (or not ACTIVE)" in check.reason
