# Both roles trust ECS tasks of this account only (aws:SourceAccount guards against
# another account's tasks assuming them: the confused-deputy case).
data "aws_iam_policy_document" "ecs_tasks_assume_role" {
  statement {
    sid     = "AllowEcsTasksToAssumeTheRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [var.account_id]
    }
  }
}

# The execution role: ECS itself uses it to pull the image, write container logs and
# resolve the task definition's secrets before the container starts.
resource "aws_iam_role" "execution" {
  name               = "${var.name}-ecs-task-execution-role"
  description        = "ECS task execution role of ${var.name}: image pulls, container logs, secrets"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume_role.json

  tags = merge(var.tags, { Name = "${var.name}-ecs-task-execution-role" })
}

resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:${var.partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

data "aws_iam_policy_document" "execution_secrets" {
  statement {
    sid       = "ReadTheConfigurationParameters"
    actions   = ["ssm:GetParameters", "ssm:GetParameter"]
    resources = var.ssm_parameter_arns
  }

  # SecureString values are decrypted with the parameters' key, and only through SSM.
  statement {
    sid       = "DecryptTheParametersThroughSsm"
    actions   = ["kms:Decrypt"]
    resources = [var.ssm_kms_key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["ssm.${var.region}.amazonaws.com"]
    }
  }
}

resource "aws_iam_role_policy" "execution_secrets" {
  name   = "${var.name}-ecs-execution-secrets"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.execution_secrets.json
}

# The task role: what the application itself may do.
resource "aws_iam_role" "task" {
  name               = "${var.name}-ecs-task-role"
  description        = "ECS task role of ${var.name}: media bucket objects, application logs and metrics"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume_role.json

  tags = merge(var.tags, { Name = "${var.name}-ecs-task-role" })
}

data "aws_iam_policy_document" "task_s3" {
  statement {
    sid       = "ReadWriteDeleteMediaObjects"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = ["${var.bucket_arn}/*"]
  }

  statement {
    sid       = "ListTheMediaBucket"
    actions   = ["s3:ListBucket"]
    resources = [var.bucket_arn]
  }
}

resource "aws_iam_role_policy" "task_s3" {
  name   = "${var.name}-ecs-task-s3"
  role   = aws_iam_role.task.id
  policy = data.aws_iam_policy_document.task_s3.json
}

data "aws_iam_policy_document" "task_cloudwatch" {
  statement {
    sid       = "WriteApplicationLogStreams"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
    resources = ["${var.app_log_group_arn}:*"]
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
}

resource "aws_iam_role_policy" "task_cloudwatch" {
  name   = "${var.name}-ecs-task-cloudwatch"
  role   = aws_iam_role.task.id
  policy = data.aws_iam_policy_document.task_cloudwatch.json
}

# ECS Exec (the service enables execute command) opens an SSM session from inside
# the task; these four actions have no resource-level permissions.
data "aws_iam_policy_document" "task_exec" {
  count = var.enable_execute_command ? 1 : 0

  statement {
    sid = "OpenEcsExecSessions"
    actions = [
      "ssmmessages:CreateControlChannel",
      "ssmmessages:CreateDataChannel",
      "ssmmessages:OpenControlChannel",
      "ssmmessages:OpenDataChannel",
    ]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "task_exec" {
  count = var.enable_execute_command ? 1 : 0

  name   = "${var.name}-ecs-task-exec"
  role   = aws_iam_role.task.id
  policy = data.aws_iam_policy_document.task_exec[0].json
}
