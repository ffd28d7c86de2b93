# Security groups carry no inline rules: every rule is its own aws_security_group_rule,
# so groups that reference each other never form a dependency cycle.
resource "aws_security_group" "alb" {
  # checkov:skip=CKV2_AWS_5: attached to the ALB by the compute layer (another state)
  # AWS refuses group names that begin with "sg-" (the prefix of group IDs); the
  # Name tag keeps the naming scheme.
  name        = "secgroup-alb-${var.environment}"
  description = "Application Load Balancer: HTTP from the internet"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "sg-alb-${var.environment}" })
}

resource "aws_security_group" "ec2" {
  # checkov:skip=CKV2_AWS_5: attached to the launch template by the compute layer (another state)
  # AWS refuses group names that begin with "sg-" (the prefix of group IDs); the
  # Name tag keeps the naming scheme.
  name        = "secgroup-ec2-${var.environment}"
  description = "Application instances: HTTP from the ALB only"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "sg-ec2-${var.environment}" })
}

resource "aws_security_group" "aurora" {
  # checkov:skip=CKV2_AWS_5: attached to the Aurora cluster by the database layer (another state)
  # AWS refuses group names that begin with "sg-" (the prefix of group IDs); the
  # Name tag keeps the naming scheme.
  name        = "secgroup-aurora-${var.environment}"
  description = "Aurora MySQL: MySQL from the application instances only"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "sg-aurora-${var.environment}" })
}

resource "aws_security_group_rule" "alb_http_in" {
  # checkov:skip=CKV_AWS_260: the public ALB serves HTTP on port 80 from anywhere, as the requirements ask (no ACM certificate)
  type              = "ingress"
  description       = "HTTP from the internet"
  security_group_id = aws_security_group.alb.id
  protocol          = "tcp"
  from_port         = var.http_port
  to_port           = var.http_port
  cidr_blocks       = var.alb_ingress_cidrs
}

resource "aws_security_group_rule" "ec2_http_from_alb" {
  type                     = "ingress"
  description              = "HTTP from the ALB"
  security_group_id        = aws_security_group.ec2.id
  protocol                 = "tcp"
  from_port                = var.http_port
  to_port                  = var.http_port
  source_security_group_id = aws_security_group.alb.id
}

resource "aws_security_group_rule" "aurora_mysql_from_ec2" {
  type                     = "ingress"
  description              = "MySQL from the application instances"
  security_group_id        = aws_security_group.aurora.id
  protocol                 = "tcp"
  from_port                = var.database_port
  to_port                  = var.database_port
  source_security_group_id = aws_security_group.ec2.id
}

# All outbound traffic is allowed, as the requirements ask (software updates, AWS APIs).
resource "aws_security_group_rule" "all_out" {
  # checkov:skip=CKV_AWS_382: the requirements allow all outbound traffic (package installs, AWS APIs through the NAT gateway)
  for_each = {
    alb    = aws_security_group.alb.id
    ec2    = aws_security_group.ec2.id
    aurora = aws_security_group.aurora.id
  }

  type              = "egress"
  description       = "All outbound traffic"
  security_group_id = each.value
  protocol          = "-1"
  from_port         = 0
  to_port           = 0
  cidr_blocks       = ["0.0.0.0/0"]
}

data "aws_iam_policy_document" "ec2_assume_role" {
  statement {
    sid     = "AllowEc2ToAssumeTheRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "ec2_app" {
  statement {
    sid       = "WriteApplicationLogObjects"
    actions   = ["s3:PutObject"]
    resources = ["${var.app_logs_bucket_arn}/*"]
  }

  # PutMetricData has no resource-level permissions; the namespace condition is the
  # narrowest scope AWS offers.
  statement {
    sid       = "PublishMetricsToTheAppNamespace"
    actions   = ["cloudwatch:PutMetricData"]
    resources = ["*"]

    condition {
      test     = "StringEquals"
      variable = "cloudwatch:namespace"
      values   = [var.metrics_namespace]
    }
  }

  statement {
    sid       = "CreateTheAppLogGroup"
    actions   = ["logs:CreateLogGroup"]
    resources = ["${var.app_log_group_arn}:*"]
  }

  statement {
    sid       = "WriteAppLogStreams"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${var.app_log_group_arn}:log-stream:*"]
  }

  statement {
    sid       = "UseTheS3EncryptionKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.s3_kms_key_arn]
  }
}

resource "aws_iam_role" "ec2" {
  name                 = "role-ec2-app-${var.environment}"
  description          = "Application instances behind the ALB"
  assume_role_policy   = data.aws_iam_policy_document.ec2_assume_role.json
  max_session_duration = var.max_session_duration

  tags = merge(var.tags, { Name = "role-ec2-app-${var.environment}" })
}

resource "aws_iam_policy" "ec2_app" {
  name        = "policy-ec2-app-${var.environment}"
  description = "Application instances: app-logs bucket writes, app metrics and logs, S3 key use"
  policy      = data.aws_iam_policy_document.ec2_app.json

  tags = merge(var.tags, { Name = "policy-ec2-app-${var.environment}" })
}

resource "aws_iam_role_policy_attachment" "ec2_app" {
  role       = aws_iam_role.ec2.name
  policy_arn = aws_iam_policy.ec2_app.arn
}

resource "aws_iam_instance_profile" "ec2" {
  name = "profile-ec2-app-${var.environment}"
  role = aws_iam_role.ec2.name

  tags = merge(var.tags, { Name = "profile-ec2-app-${var.environment}" })

  # IAM is eventually consistent: hand out the profile only once its role carries the
  # policy, so no instance starts with a role that cannot yet do its job.
  depends_on = [aws_iam_role_policy_attachment.ec2_app]
}
