# The real provider validates what the mocks return: a policy document must render a JSON
# object (the assertions below read the documents' statements, not this JSON) and the
# policy attachment needs a real policy ARN.
mock_provider "aws" {
  mock_resource "aws_iam_policy" {
    defaults = {
      arn = "arn:aws:iam::123456789012:policy/policy-ec2-app-dev"
    }
  }

  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
}

variables {
  environment         = "dev"
  vpc_id              = "vpc-0123456789abcdef0"
  app_logs_bucket_arn = "arn:aws:s3:::s3-app-logs-dev-123456789012"
  s3_kms_key_arn      = "arn:aws:kms:us-west-2:123456789012:key/11111111-2222-3333-4444-555555555555"
  app_log_group_arn   = "arn:aws:logs:us-west-2:123456789012:log-group:lg-app-logs-dev"
  metrics_namespace   = "VideoStreaming/dev"
  tags                = { Team = "platform" }
}

run "security_groups_chain_alb_to_ec2_to_aurora" {
  assert {
    condition     = aws_security_group.alb.name == "secgroup-alb-dev" && aws_security_group.ec2.name == "secgroup-ec2-dev" && aws_security_group.aurora.name == "secgroup-aurora-dev" && aws_security_group.alb.tags["Name"] == "sg-alb-dev"
    error_message = "Security groups must be named secgroup-{purpose}-dev (AWS refuses the sg- prefix) with Name tags sg-{purpose}-dev."
  }

  assert {
    condition     = aws_security_group_rule.alb_http_in.type == "ingress" && aws_security_group_rule.alb_http_in.from_port == 80 && aws_security_group_rule.alb_http_in.to_port == 80 && aws_security_group_rule.alb_http_in.cidr_blocks == tolist(["0.0.0.0/0"])
    error_message = "The ALB must accept HTTP on port 80 from 0.0.0.0/0."
  }

  assert {
    condition     = aws_security_group_rule.ec2_http_from_alb.from_port == 80 && aws_security_group_rule.ec2_http_from_alb.source_security_group_id == aws_security_group.alb.id && aws_security_group_rule.ec2_http_from_alb.security_group_id == aws_security_group.ec2.id
    error_message = "EC2 must accept port 80 only from the ALB security group."
  }

  assert {
    condition     = aws_security_group_rule.aurora_mysql_from_ec2.from_port == 3306 && aws_security_group_rule.aurora_mysql_from_ec2.to_port == 3306 && aws_security_group_rule.aurora_mysql_from_ec2.source_security_group_id == aws_security_group.ec2.id
    error_message = "Aurora must accept MySQL (3306) only from the EC2 security group."
  }

  assert {
    condition     = alltrue([for r in [aws_security_group_rule.alb_http_in, aws_security_group_rule.ec2_http_from_alb, aws_security_group_rule.aurora_mysql_from_ec2] : r.type == "ingress" && r.protocol == "tcp" && r.from_port == r.to_port])
    error_message = "Each ingress rule must open exactly one TCP port."
  }

  assert {
    condition     = output.ec2_iam_dependency_ids == [aws_iam_role.ec2.id, aws_iam_role_policy_attachment.ec2_app.id, aws_iam_instance_profile.ec2.id]
    error_message = "The launch template must be handed the role, policy attachment and instance profile IDs to wait on."
  }

  assert {
    condition     = length(aws_security_group_rule.all_out) == 3 && alltrue([for r in aws_security_group_rule.all_out : r.type == "egress" && r.protocol == "-1" && r.cidr_blocks == tolist(["0.0.0.0/0"])])
    error_message = "All three groups must allow all outbound traffic."
  }
}

run "ec2_role_is_least_privilege" {
  command = plan

  assert {
    condition     = aws_iam_role.ec2.name == "role-ec2-app-dev" && aws_iam_role.ec2.max_session_duration == 3600
    error_message = "The EC2 role must be role-ec2-app-dev with a 3600-second maximum session."
  }

  assert {
    condition     = one(data.aws_iam_policy_document.ec2_assume_role.statement[0].principals).identifiers == toset(["ec2.amazonaws.com"])
    error_message = "Only the EC2 service may assume the role."
  }

  assert {
    condition     = data.aws_iam_policy_document.ec2_app.statement[0].actions == toset(["s3:PutObject"]) && data.aws_iam_policy_document.ec2_app.statement[0].resources == toset(["arn:aws:s3:::s3-app-logs-dev-123456789012/*"])
    error_message = "s3:PutObject must be limited to the app-logs bucket's objects."
  }

  assert {
    condition     = data.aws_iam_policy_document.ec2_app.statement[1].actions == toset(["cloudwatch:PutMetricData"]) && one(data.aws_iam_policy_document.ec2_app.statement[1].condition).variable == "cloudwatch:namespace" && one(data.aws_iam_policy_document.ec2_app.statement[1].condition).values == tolist(["VideoStreaming/dev"])
    error_message = "cloudwatch:PutMetricData must be scoped with a cloudwatch:namespace condition."
  }

  assert {
    condition     = data.aws_iam_policy_document.ec2_app.statement[2].actions == toset(["logs:CreateLogGroup"]) && data.aws_iam_policy_document.ec2_app.statement[2].resources == toset(["arn:aws:logs:us-west-2:123456789012:log-group:lg-app-logs-dev:*"])
    error_message = "logs:CreateLogGroup must be limited to the app log group."
  }

  assert {
    condition     = data.aws_iam_policy_document.ec2_app.statement[3].actions == toset(["logs:CreateLogStream", "logs:PutLogEvents"]) && data.aws_iam_policy_document.ec2_app.statement[3].resources == toset(["arn:aws:logs:us-west-2:123456789012:log-group:lg-app-logs-dev:log-stream:*"])
    error_message = "Log writes must be limited to the app log group's streams."
  }

  assert {
    condition     = data.aws_iam_policy_document.ec2_app.statement[4].actions == toset(["kms:Decrypt", "kms:GenerateDataKey"]) && data.aws_iam_policy_document.ec2_app.statement[4].resources == toset([var.s3_kms_key_arn])
    error_message = "KMS use must be limited to Decrypt and GenerateDataKey on the S3 key."
  }

  assert {
    condition     = alltrue([for s in data.aws_iam_policy_document.ec2_app.statement : s.sid == "PublishMetricsToTheAppNamespace" || !contains(tolist(s.resources), "*")])
    error_message = "Only PutMetricData (which has no resource-level permissions) may use Resource *."
  }

  assert {
    condition     = aws_iam_instance_profile.ec2.role == aws_iam_role.ec2.name && aws_iam_role_policy_attachment.ec2_app.role == aws_iam_role.ec2.name
    error_message = "The instance profile and the policy attachment must use the EC2 role."
  }
}

# Each invalid value below must be rejected by its own variable's validation.
run "rejects_invalid_input" {
  command = plan

  variables {
    app_logs_bucket_arn  = "arn:aws:s3:::s3-app-logs-dev-123456789012/*"
    metrics_namespace    = "AWS/EC2"
    max_session_duration = 900
    alb_ingress_cidrs    = ["0.0.0.0/40"]
  }

  expect_failures = [
    var.app_logs_bucket_arn,
    var.metrics_namespace,
    var.max_session_duration,
    var.alb_ingress_cidrs,
  ]
}
