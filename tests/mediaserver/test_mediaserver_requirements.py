"""The media server guide's numbers, read statically from the HCL (python-hcl2).

Module tests (`tests/*.tftest.hcl`) assert planned values; these assert what only the
source shows (separate rules, policies from documents, an empty lifecycle filter, the
layer that passes a value) and that module defaults and live layers keep the guide's
numbers, so a layer overriding a default cannot slip past the module tests.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from streamctl.manifest import load_stack

from .hcl import LAYERS, LIVE, MODULE_NAMES, MODULES, blocks, default, parse, resource, text, typed


def test_manifest_wires_the_layers_in_dependency_order() -> None:
    stack = load_stack(LIVE / "stack.toml")
    assert tuple(stack.layers) == LAYERS
    assert stack.region == "us-west-2"
    order = stack.order()
    for before, after in [
        ("network", "security"),
        ("storage", "config"),
        ("config", "iam"),
        ("monitoring", "iam"),
        ("iam", "registry"),
        ("alb", "ecs"),
        ("registry", "ecs"),
        ("ecs", "autoscaling"),
    ]:
        assert order.index(before) < order.index(after), (before, after)
    assert stack.layers["network"].upstream == () and stack.layers["storage"].upstream == ()


# --- Security groups: ALB 80/443 from anywhere, tasks 3000 from the ALB only, all egress.


def test_security_groups_have_only_separate_rules() -> None:
    groups = typed(MODULES / "service-security", "resource")
    for name in ("aws_security_group.alb", "aws_security_group.tasks"):
        assert "ingress" not in groups[name] and "egress" not in groups[name], name
    assert groups["aws_security_group.alb"]["name"] == "${var.name}-alb"
    assert groups["aws_security_group.tasks"]["name"] == "${var.name}-ecs-tasks"
    assert default("service-security", "name") == "mediaserver"


def test_alb_takes_80_and_443_from_anywhere() -> None:
    assert default("service-security", "listener_ports") == [80, 443]
    assert default("service-security", "ingress_cidrs") == ["0.0.0.0/0"]
    rule = resource("service-security", "aws_security_group_rule.alb_in")
    assert rule["for_each"] == "${{for port in var.listener_ports : tostring(port) => port}}"
    assert (rule["type"], rule["protocol"], rule["cidr_blocks"]) == (
        "ingress",
        "tcp",
        "${var.ingress_cidrs}",
    )
    assert rule["from_port"] == rule["to_port"] == "${each.value}"
    # The live layer keeps the defaults.
    assert set(blocks(LIVE / "security", "module")["security"]) == {"source", "name", "vpc_id"}


def test_tasks_take_3000_only_from_the_alb_group() -> None:
    assert default("service-security", "app_port") == 3000
    rule = resource("service-security", "aws_security_group_rule.tasks_from_alb")
    assert rule["source_security_group_id"] == "${aws_security_group.alb.id}"
    assert rule["security_group_id"] == "${aws_security_group.tasks.id}"
    assert rule["from_port"] == rule["to_port"] == "${var.app_port}"
    assert "cidr_blocks" not in rule


def test_both_groups_allow_all_egress() -> None:
    rule = resource("service-security", "aws_security_group_rule.all_out")
    assert rule["for_each"] == {
        "alb": "${aws_security_group.alb.id}",
        "tasks": "${aws_security_group.tasks.id}",
    }
    assert (rule["type"], rule["protocol"], rule["from_port"], rule["to_port"]) == (
        "egress",
        "-1",
        0,
        0,
    )
    assert rule["cidr_blocks"] == ["0.0.0.0/0"]


# --- S3 media bucket.


def test_bucket_is_force_destroy_aes256_versioned_and_private() -> None:
    assert default("media-bucket", "force_destroy") is True
    # The hardening is the shared s3-bucket module's (the platform's buckets use it too);
    # without a KMS key it encrypts with SSE-S3 (AES256), as the guide asks.
    call = blocks(MODULES / "media-bucket", "module")["bucket"]
    assert call["source"] == "../s3-bucket"
    assert call["force_destroy"] == "${var.force_destroy}"
    assert "kms_key_arn" not in call and default("s3-bucket", "kms_key_arn") is None
    assert "attach_policy" not in call and default("s3-bucket", "attach_policy") is True
    sse = resource("s3-bucket", "aws_s3_bucket_server_side_encryption_configuration.this")
    assert sse["rule"][0]["apply_server_side_encryption_by_default"][0]["sse_algorithm"] == (
        '${local.kms ? "aws:kms" : "AES256"}'
    )
    versioning = resource("s3-bucket", "aws_s3_bucket_versioning.this")
    assert versioning["versioning_configuration"][0]["status"] == "Enabled"
    block = resource("s3-bucket", "aws_s3_bucket_public_access_block.this")
    for setting in (
        "block_public_acls",
        "block_public_policy",
        "ignore_public_acls",
        "restrict_public_buckets",
    ):
        assert block[setting] is True, setting


def test_the_bucket_resources_moved_into_the_shared_module() -> None:
    moves = {
        (m["from"], m["to"])
        for doc in parse(MODULES / "media-bucket")
        for m in doc.get("moved", [])
    }
    kinds = (
        "aws_s3_bucket",
        "aws_s3_bucket_ownership_controls",
        "aws_s3_bucket_public_access_block",
        "aws_s3_bucket_server_side_encryption_configuration",
        "aws_s3_bucket_versioning",
    )
    assert moves == {(f"${{{k}.this}}", f"${{module.bucket.{k}.this}}") for k in kinds} | {
        ("${aws_s3_bucket_policy.this}", "${module.bucket.aws_s3_bucket_policy.this[0]}")
    }


def test_bucket_is_named_with_the_account_id_not_a_random_suffix() -> None:
    assert blocks(MODULES / "media-bucket", "locals")["bucket_name"] == (
        "${var.name}-storage-${var.account_id}"
    )
    storage = blocks(LIVE / "storage", "module")["media"]
    assert storage["account_id"] == "${data.aws_caller_identity.current.account_id}"


def test_cors_allows_four_methods_with_origins_an_input() -> None:
    rule = resource("media-bucket", "aws_s3_bucket_cors_configuration.this")["cors_rule"][0]
    assert sorted(rule["allowed_methods"]) == ["DELETE", "GET", "POST", "PUT"]
    assert rule["allowed_origins"] == "${var.cors_allowed_origins}"
    assert "default" not in blocks(MODULES / "media-bucket", "variable")["cors_allowed_origins"]
    # The guide's "*" is the live layer's default, to be restricted in production.
    assert blocks(LIVE / "storage", "variable")["cors_allowed_origins"]["default"] == ["*"]


def test_lifecycle_ia_30_glacier_90_abort_7_with_an_empty_filter() -> None:
    assert default("media-bucket", "infrequent_access_after_days") == 30
    assert default("media-bucket", "glacier_after_days") == 90
    assert default("media-bucket", "abort_incomplete_upload_days") == 7
    rule = resource("media-bucket", "aws_s3_bucket_lifecycle_configuration.this")["rule"]
    assert len(rule) == 1
    assert rule[0]["filter"] == [{}]  # filter {}: every object, as provider 5.x wants
    assert [(t["storage_class"], t["days"]) for t in rule[0]["transition"]] == [
        ("STANDARD_IA", "${var.infrequent_access_after_days}"),
        ("GLACIER", "${var.glacier_after_days}"),
    ]
    abort = rule[0]["abort_incomplete_multipart_upload"][0]
    assert abort["days_after_initiation"] == "${var.abort_incomplete_upload_days}"


# --- ECR.


def test_repository_mediaserver_scans_on_push_with_mutable_tags() -> None:
    assert default("ecr", "name") == "mediaserver"
    repo = resource("ecr", "aws_ecr_repository.this")
    assert repo["image_tag_mutability"] == "MUTABLE"
    assert repo["image_scanning_configuration"][0]["scan_on_push"] is True
    assert blocks(LIVE / "registry", "module")["registry"]["name"] == "${var.name}"
    assert blocks(LIVE / "registry", "variable")["name"]["default"] == "mediaserver"


def test_only_the_task_execution_role_pulls() -> None:
    pull = typed(MODULES / "ecr", "data")["aws_iam_policy_document.pull"]
    statement = pull["statement"]
    assert len(statement) == 1
    assert statement[0]["principals"][0]["identifiers"] == "${var.pull_principal_arns}"
    assert sorted(statement[0]["actions"]) == [
        "ecr:BatchCheckLayerAvailability",
        "ecr:BatchGetImage",
        "ecr:GetDownloadUrlForLayer",
    ]
    registry = blocks(LIVE / "registry", "module")["registry"]
    assert registry["pull_principal_arns"] == ["${var.execution_role_arn}"]
    wired = load_stack(LIVE / "stack.toml").layers["registry"].inputs["execution_role_arn"]
    assert (wired.layer, wired.output) == ("iam", "execution_role_arn")


def test_lifecycle_keeps_10_tagged_and_5_untagged() -> None:
    assert default("ecr", "tagged_images_to_keep") == 10
    assert default("ecr", "untagged_images_to_keep") == 5
    policy = resource("ecr", "aws_ecr_lifecycle_policy.this")["policy"]
    selections = re.findall(r"selection = \{([^}]*)\}", policy)
    assert len(selections) == 2
    untagged, tagged = selections
    assert 'tagStatus = "untagged"' in untagged
    assert 'countType = "imageCountMoreThan", countNumber = var.untagged_images_to_keep' in untagged
    assert 'tagStatus = "tagged", tagPatternList = ["*"]' in tagged
    assert "countNumber = var.tagged_images_to_keep" in tagged
    assert policy.count('type = "expire"') == 2


# --- IAM.


def test_both_roles_trust_ecs_tasks_only() -> None:
    documents = typed(MODULES / "ecs-iam", "data")
    trust = documents["aws_iam_policy_document.ecs_tasks_assume_role"]["statement"]
    assert len(trust) == 1
    assert trust[0]["principals"][0] == {
        "type": "Service",
        "identifiers": ["ecs-tasks.amazonaws.com"],
    }
    roles = typed(MODULES / "ecs-iam", "resource")
    for role in ("aws_iam_role.execution", "aws_iam_role.task"):
        assert roles[role]["assume_role_policy"] == (
            "${data.aws_iam_policy_document.ecs_tasks_assume_role.json}"
        )
    assert roles["aws_iam_role.execution"]["name"] == "${var.name}-ecs-task-execution-role"
    assert roles["aws_iam_role.task"]["name"] == "${var.name}-ecs-task-role"


def test_execution_role_has_the_managed_policy_and_reads_parameters_and_key() -> None:
    attachment = resource("ecs-iam", "aws_iam_role_policy_attachment.execution")
    assert attachment["policy_arn"].endswith(
        ":iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
    )
    assert attachment["role"] == "${aws_iam_role.execution.name}"
    statements = typed(MODULES / "ecs-iam", "data")["aws_iam_policy_document.execution_secrets"]
    ssm, kms = statements["statement"]
    assert sorted(ssm["actions"]) == ["ssm:GetParameter", "ssm:GetParameters"]
    assert ssm["resources"] == "${var.ssm_parameter_arns}"
    assert kms["actions"] == ["kms:Decrypt"] and kms["resources"] == ["${var.ssm_kms_key_arn}"]


def test_task_role_s3_objects_and_bucket_only_plus_logs_and_metrics() -> None:
    documents = typed(MODULES / "ecs-iam", "data")
    objects, bucket = documents["aws_iam_policy_document.task_s3"]["statement"]
    assert sorted(objects["actions"]) == ["s3:DeleteObject", "s3:GetObject", "s3:PutObject"]
    assert objects["resources"] == ["${var.bucket_arn}/*"]
    assert bucket["actions"] == ["s3:ListBucket"] and bucket["resources"] == ["${var.bucket_arn}"]
    logs, metrics = documents["aws_iam_policy_document.task_cloudwatch"]["statement"]
    assert {"logs:CreateLogStream", "logs:PutLogEvents"} <= set(logs["actions"])
    assert logs["resources"] == ["${var.app_log_group_arn}:*"]
    assert metrics["actions"] == ["cloudwatch:PutMetricData"]
    policies = typed(MODULES / "ecs-iam", "resource")
    for name in ("task_s3", "task_cloudwatch"):
        assert policies[f"aws_iam_role_policy.{name}"]["role"] == "${aws_iam_role.task.id}"


@pytest.mark.parametrize("module", MODULE_NAMES)
def test_policies_come_from_policy_documents(module: str) -> None:
    source = text(MODULES / module)
    for value in re.findall(r"^\s*(?:policy|assume_role_policy)\s*=\s*(.+)$", source, re.M):
        if value.startswith("jsonencode("):
            # The one non-IAM document: an ECR lifecycle policy.
            assert module == "ecr", f"modules/{module}: {value}"
            continue
        assert re.fullmatch(r"data\.aws_iam_policy_document\.[a-z0-9_]+(\[0\])?\.json", value), (
            value
        )
    assert "inline_policy" not in source


# --- SSM parameters.


def test_parameters_names_types_and_app_config_keys() -> None:
    resources = typed(MODULES / "ssm-config", "resource")
    assert blocks(MODULES / "ssm-config", "locals")["prefix"] == "/${var.name}"
    assert default("ssm-config", "name") == "mediaserver"
    expected = {
        "jwt_secret": ("${local.prefix}/jwt-secret", "SecureString"),
        "s3_bucket_name": ("${local.prefix}/s3-bucket-name", "String"),
        "app_config": ("${local.prefix}/app-config", "String"),
    }
    for name, (path, kind) in expected.items():
        parameter = resources[f"aws_ssm_parameter.{name}"]
        assert (parameter["name"], parameter["type"]) == (path, kind), name
    assert resources["aws_ssm_parameter.s3_bucket_name"]["value"] == "${var.bucket_name}"
    config = blocks(MODULES / "ssm-config", "locals")["app_config"]
    assert set(config) == {"NODE_ENV", "AWS_REGION", "S3_BUCKET", "APP_PORT"}
    assert resources["aws_ssm_parameter.app_config"]["value"] == "${jsonencode(local.app_config)}"


def test_jwt_secret_is_32_random_characters_written_write_only() -> None:
    secret = resource("ssm-config", "aws_ssm_parameter.jwt_secret")
    assert secret["value_wo"] == "${var.jwt_secret}" and "value" not in secret
    variable = blocks(MODULES / "ssm-config", "variable")["jwt_secret"]
    assert variable["ephemeral"] is True and variable["sensitive"] is True
    assert default("ssm-config", "jwt_secret_length") == 32
    generator = typed(LIVE / "config", "ephemeral")["aws_secretsmanager_random_password.jwt"]
    assert generator["password_length"] == 32
    module = blocks(LIVE / "config", "module")["config"]
    assert (
        module["jwt_secret"]
        == "${ephemeral.aws_secretsmanager_random_password.jwt.random_password}"
    )
    # Nothing random (random_password would put the secret in state).
    for directory in [LIVE / layer for layer in LAYERS] + [MODULES / m for m in MODULE_NAMES]:
        for kind in ("resource", "data"):
            assert not [t for t in typed(directory, kind) if t.startswith("random_")], directory


# --- ALB.


def test_internet_facing_alb_with_ip_targets_on_3000_and_the_health_check() -> None:
    lb = resource("alb", "aws_lb.this")
    assert lb["internal"] is False and lb["load_balancer_type"] == "application"
    assert lb["subnets"] == "${var.subnet_ids}"
    assert default("alb", "target_type") == "ip"
    assert default("alb", "target_port") == 3000
    health = blocks(MODULES / "alb", "variable")["health_check"]["type"]
    for field, value in {
        "path": '"/health"',
        "healthy_threshold": "2",
        "unhealthy_threshold": "2",
        "interval": "30",
        "timeout": "5",
    }.items():
        assert re.search(rf"{field}\s*=\s*optional\([a-z]+, {re.escape(value)}\)", health), field
    assert set(blocks(LIVE / "alb", "module")["alb"]) == {
        "source",
        "name",
        "vpc_id",
        "subnet_ids",
        "security_group_ids",
    }


def test_listener_80_forwards_to_the_target_group() -> None:
    assert default("alb", "listener_port") == 80
    listener = resource("alb", "aws_lb_listener.http")
    assert listener["port"] == "${var.listener_port}" and listener["protocol"] == "HTTP"
    assert listener["default_action"][0] == {
        "type": "forward",
        "target_group_arn": "${aws_lb_target_group.this.arn}",
    }


# --- ECS.


def test_cluster_container_insights_and_capacity_providers() -> None:
    cluster = resource("ecs-service", "aws_ecs_cluster.this")
    assert cluster["setting"] == [{"name": "containerInsights", "value": "enabled"}]
    providers = resource("ecs-service", "aws_ecs_cluster_capacity_providers.this")
    assert providers["capacity_providers"] == ["FARGATE", "FARGATE_SPOT"]
    assert providers["default_capacity_provider_strategy"] == [
        {"capacity_provider": "FARGATE", "weight": 100, "base": 1}
    ]


def test_task_definition_family_size_network_and_container() -> None:
    assert default("ecs-service", "name") == "mediaserver"
    assert (default("ecs-service", "cpu"), default("ecs-service", "memory")) == (256, 512)
    assert default("ecs-service", "container_port") == 3000
    task = resource("ecs-service", "aws_ecs_task_definition.this")
    assert task["family"] == "${var.name}" and task["network_mode"] == "awsvpc"
    assert task["requires_compatibilities"] == ["FARGATE"]
    container = blocks(MODULES / "ecs-service", "locals")["container"]
    assert container["image"] == "${var.image_repository_url}:${var.image_tag}"
    assert [e["name"] for e in container["environment"]] == [
        "NODE_ENV",
        "PORT",
        "AWS_REGION",
        "S3_BUCKET_NAME",
    ]
    assert container["secrets"] == [
        {"name": "JWT_SECRET", "valueFrom": "${var.jwt_secret_parameter_arn}"}
    ]
    assert container["logConfiguration"]["logDriver"] == "awslogs"
    assert container["healthCheck"]["command"][1].startswith("curl -f http://localhost:")
    assert default("ecs-service", "health_check_path") == "/health"
    ecs = blocks(LIVE / "ecs", "module")["ecs"]
    assert ecs["image_repository_url"] == "${var.repository_url}"
    assert "cpu" not in ecs and "memory" not in ecs and "desired_count" not in ecs


def test_service_two_fargate_tasks_public_ips_deployment_and_exec() -> None:
    assert default("ecs-service", "desired_count") == 2
    assert default("ecs-service", "enable_execute_command") is True
    service = resource("ecs-service", "aws_ecs_service.this")
    assert service["launch_type"] == "FARGATE"
    assert service["deployment_maximum_percent"] == 200
    assert service["deployment_minimum_healthy_percent"] == 100
    assert service["deployment_circuit_breaker"] == [{"enable": True, "rollback": True}]
    network = service["network_configuration"][0]
    assert network["assign_public_ip"] is True and network["subnets"] == "${var.subnet_ids}"
    assert service["load_balancer"][0]["target_group_arn"] == "${var.target_group_arn}"
    # Application Auto Scaling owns the count once the service runs.
    assert service["lifecycle"][0]["ignore_changes"] == ["desired_count"]
    wiring = load_stack(LIVE / "stack.toml").layers["ecs"].inputs
    assert str(wiring["public_subnet_ids"]) == "network.public_subnet_ids"
    assert str(wiring["tasks_security_group_id"]) == "security.tasks_security_group_id"
    assert str(wiring["target_group_arn"]) == "alb.target_group_arn"


# --- Autoscaling.


def test_scalable_target_1_to_10_step_policies_and_cpu_alarms() -> None:
    assert (
        default("app-autoscaling", "min_capacity"),
        default("app-autoscaling", "max_capacity"),
    ) == (1, 10)
    assert default("app-autoscaling", "scale_up_adjustment") == 1
    assert default("app-autoscaling", "scale_down_adjustment") == -1
    assert default("app-autoscaling", "cooldown_seconds") == 300
    assert default("app-autoscaling", "cpu_high_threshold") == 70
    assert default("app-autoscaling", "cpu_low_threshold") == 20
    assert default("app-autoscaling", "period_seconds") == 300
    assert default("app-autoscaling", "evaluation_periods") == 2
    target = resource("app-autoscaling", "aws_appautoscaling_target.this")
    assert target["scalable_dimension"] == "ecs:service:DesiredCount"
    resources = typed(MODULES / "app-autoscaling", "resource")
    for policy in ("scale_up", "scale_down"):
        body = resources[f"aws_appautoscaling_policy.{policy}"]
        assert body["policy_type"] == "StepScaling" and "tags" not in body
    high = resources["aws_cloudwatch_metric_alarm.cpu_high"]
    low = resources["aws_cloudwatch_metric_alarm.cpu_low"]
    assert (high["comparison_operator"], low["comparison_operator"]) == (
        "GreaterThanThreshold",
        "LessThanThreshold",
    )
    assert high["alarm_actions"] == ["${aws_appautoscaling_policy.scale_up.arn}"]
    assert low["alarm_actions"] == ["${aws_appautoscaling_policy.scale_down.arn}"]
    for alarm in (high, low):
        assert (alarm["namespace"], alarm["metric_name"], alarm["statistic"]) == (
            "AWS/ECS",
            "CPUUtilization",
            "Average",
        )
    assert set(blocks(LIVE / "autoscaling", "module")["autoscaling"]) == {
        "source",
        "name",
        "cluster_name",
        "service_name",
    }


# --- Monitoring.


def test_log_groups_30_days_and_the_dashboard() -> None:
    assert default("service-monitoring", "log_retention_days") == 30
    module = blocks(LIVE / "monitoring", "module")["monitoring"]
    assert module["log_group_names"] == ["/ecs/${var.name}", "/aws/ecs/${var.name}/app"]
    assert "log_retention_days" not in module
    dashboard = resource("service-monitoring", "aws_cloudwatch_dashboard.this")
    assert dashboard["dashboard_name"] == "${var.name}-dashboard"
    body = text(MODULES / "service-monitoring")
    for metric in ('"AWS/ECS", "CPUUtilization"', '"AWS/ECS", "MemoryUtilization"'):
        assert metric in body
    for metric in ('"AWS/S3", "BucketSizeBytes"', '"AWS/S3", "NumberOfObjects"'):
        assert metric in body
    # The containers log to /ecs/<name>; the application's own logs go to the app group.
    assert str(load_stack(LIVE / "stack.toml").layers["ecs"].inputs["ecs_log_group_name"]) == (
        "monitoring.ecs_log_group_name"
    )


def test_names_derived_across_layers_match_the_modules_that_create_them() -> None:
    monitoring = blocks(LIVE / "monitoring", "locals")
    ecs = blocks(MODULES / "ecs-service", "locals")
    assert monitoring["cluster_name"] == ecs["cluster_name"] == "${var.name}-cluster"
    assert monitoring["service_name"] == ecs["service_name"] == "${var.name}-service"
    for layer in LAYERS[1:]:
        assert blocks(LIVE / layer, "variable")["name"]["default"] == "mediaserver", layer


# --- Shape.


@pytest.mark.parametrize("module", MODULE_NAMES)
def test_modules_have_the_standard_structure(module: str) -> None:
    directory = MODULES / module
    for name in ("main.tf", "variables.tf", "outputs.tf", "versions.tf", "README.md"):
        assert (directory / name).is_file(), f"modules/{module}/{name}"
    assert list((directory / "tests").glob("*.tftest.hcl")), module
    assert 'provider "aws" {' not in text(directory), "modules never configure a provider"
    for kind in ("variable", "output"):
        for name, body in blocks(directory, kind).items():
            assert body.get("description"), f"modules/{module}: {kind} {name}"


@pytest.mark.parametrize("layer", LAYERS)
def test_layers_are_root_modules_like_live_dev(layer: str) -> None:
    directory = LIVE / layer
    for name in ("main.tf", "variables.tf", "outputs.tf", "versions.tf", "providers.tf"):
        assert (directory / name).is_file(), f"{layer}/{name}"
    providers = (directory / "providers.tf").read_text(encoding="utf-8")
    assert providers == (LIVE.parent / "dev" / "security" / "providers.tf").read_text(
        encoding="utf-8"
    )
    assert not list(directory.glob(".terraform.lock.hcl")), "no made-up lock files"
    assert not typed(directory, "data").keys() & {"terraform_remote_state"}


def test_the_secret_never_reaches_an_output() -> None:
    # The application reads the secret from SSM; no layer or module hands it on.
    for directory in [LIVE / layer for layer in LAYERS] + [MODULES / m for m in MODULE_NAMES]:
        for name, body in blocks(directory, "output").items():
            value = json.dumps(body["value"])
            assert "ephemeral." not in value and "var.jwt_secret}" not in value, (directory, name)
    outputs = blocks(LIVE / "config", "output")
    assert outputs["jwt_secret_parameter_arn"]["value"] == (
        "${module.config.jwt_secret_parameter_arn}"
    )


def test_parse_sees_every_module() -> None:
    # Guards the helpers above against silently reading nothing.
    assert all(parse(MODULES / m) for m in MODULE_NAMES)
    assert Path(MODULES / "ecs-service" / "main.tf").is_file()
