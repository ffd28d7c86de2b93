mock_provider "aws" {
  # The real provider validates role and policy documents as JSON.
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }

  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/mediaserver-ecs-task-role"
    }
  }
}

variables {
  account_id         = "123456789012"
  region             = "us-west-2"
  bucket_arn         = "arn:aws:s3:::mediaserver-storage-123456789012"
  ssm_parameter_arns = ["arn:aws:ssm:us-west-2:123456789012:parameter/mediaserver/jwt-secret", "arn:aws:ssm:us-west-2:123456789012:parameter/mediaserver/app-config"]
  ssm_kms_key_arn    = "arn:aws:kms:us-west-2:123456789012:key/11111111-2222-3333-4444-555555555555"
  app_log_group_arn  = "arn:aws:logs:us-west-2:123456789012:log-group:/aws/ecs/mediaserver/app"
}

run "roles_trust_ecs_tasks_only" {
  command = apply

  assert {
    condition     = aws_iam_role.execution.name == "mediaserver-ecs-task-execution-role" && aws_iam_role.task.name == "mediaserver-ecs-task-role"
    error_message = "The roles must be the guide's mediaserver-ecs-task-execution-role and mediaserver-ecs-task-role."
  }

  assert {
    condition     = one(data.aws_iam_policy_document.ecs_tasks_assume_role.statement[0].principals).identifiers == toset(["ecs-tasks.amazonaws.com"]) && data.aws_iam_policy_document.ecs_tasks_assume_role.statement[0].actions == toset(["sts:AssumeRole"]) && length(data.aws_iam_policy_document.ecs_tasks_assume_role.statement) == 1
    error_message = "Only ECS tasks may assume the roles."
  }

  assert {
    condition     = one(data.aws_iam_policy_document.ecs_tasks_assume_role.statement[0].condition).variable == "aws:SourceAccount" && one(data.aws_iam_policy_document.ecs_tasks_assume_role.statement[0].condition).values == tolist(["123456789012"])
    error_message = "Only this account's tasks may assume the roles."
  }

  assert {
    condition     = aws_iam_role_policy_attachment.execution.policy_arn == "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy" && aws_iam_role_policy_attachment.execution.role == aws_iam_role.execution.name
    error_message = "The execution role must carry AmazonECSTaskExecutionRolePolicy."
  }

  assert {
    condition     = length(output.iam_dependency_ids) == 5
    error_message = "The service must be able to wait for the attachment and all four inline policies."
  }
}

run "execution_role_reads_the_parameters_and_their_key" {
  command = plan

  assert {
    condition     = data.aws_iam_policy_document.execution_secrets.statement[0].actions == toset(["ssm:GetParameters", "ssm:GetParameter"]) && data.aws_iam_policy_document.execution_secrets.statement[0].resources == toset(var.ssm_parameter_arns)
    error_message = "The execution role may read exactly the given parameters."
  }

  assert {
    condition     = data.aws_iam_policy_document.execution_secrets.statement[1].actions == toset(["kms:Decrypt"]) && data.aws_iam_policy_document.execution_secrets.statement[1].resources == toset([var.ssm_kms_key_arn]) && one(data.aws_iam_policy_document.execution_secrets.statement[1].condition).values == tolist(["ssm.us-west-2.amazonaws.com"])
    error_message = "The execution role may decrypt with the parameters' key, through SSM only."
  }

  assert {
    condition     = aws_iam_role_policy.execution_secrets.role == aws_iam_role.execution.id
    error_message = "The secrets policy belongs to the execution role."
  }
}

run "task_role_is_limited_to_the_bucket_logs_and_metrics" {
  command = plan

  assert {
    condition     = data.aws_iam_policy_document.task_s3.statement[0].actions == toset(["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]) && data.aws_iam_policy_document.task_s3.statement[0].resources == toset(["arn:aws:s3:::mediaserver-storage-123456789012/*"])
    error_message = "Get, Put and Delete must be limited to the bucket's objects."
  }

  assert {
    condition     = data.aws_iam_policy_document.task_s3.statement[1].actions == toset(["s3:ListBucket"]) && data.aws_iam_policy_document.task_s3.statement[1].resources == toset(["arn:aws:s3:::mediaserver-storage-123456789012"])
    error_message = "ListBucket must be limited to the bucket itself."
  }

  assert {
    condition     = length(data.aws_iam_policy_document.task_s3.statement) == 2
    error_message = "The S3 policy holds nothing else."
  }

  assert {
    condition     = data.aws_iam_policy_document.task_cloudwatch.statement[0].resources == toset(["arn:aws:logs:us-west-2:123456789012:log-group:/aws/ecs/mediaserver/app:*"]) && contains(tolist(data.aws_iam_policy_document.task_cloudwatch.statement[0].actions), "logs:PutLogEvents")
    error_message = "Log writes must be limited to the application log group."
  }

  assert {
    condition     = data.aws_iam_policy_document.task_cloudwatch.statement[1].actions == toset(["cloudwatch:PutMetricData"]) && one(data.aws_iam_policy_document.task_cloudwatch.statement[1].condition).values == tolist(["MediaServer"])
    error_message = "PutMetricData must be scoped to the application's namespace."
  }

  assert {
    condition     = [aws_iam_role_policy.task_s3.role, aws_iam_role_policy.task_cloudwatch.role, aws_iam_role_policy.task_exec[0].role] == [aws_iam_role.task.id, aws_iam_role.task.id, aws_iam_role.task.id]
    error_message = "The S3, CloudWatch and ECS Exec policies belong to the task role."
  }
}

run "no_exec_channels_without_execute_command" {
  command = plan

  variables {
    enable_execute_command = false
  }

  assert {
    condition     = length(aws_iam_role_policy.task_exec) == 0
    error_message = "Without ECS Exec the task role needs no SSM message channels."
  }
}

run "rejects_invalid_input" {
  command = plan

  variables {
    bucket_arn         = "arn:aws:s3:::mediaserver-storage-123456789012/*"
    ssm_parameter_arns = ["arn:aws:ssm:us-west-2:123456789012:parameter/*"]
    ssm_kms_key_arn    = "alias/aws/ssm"
    app_log_group_arn  = "arn:aws:logs:us-west-2:123456789012:log-group:/ecs/mediaserver:*"
    metrics_namespace  = "AWS/ECS"
  }

  expect_failures = [var.bucket_arn, var.ssm_parameter_arns, var.ssm_kms_key_arn, var.app_log_group_arn, var.metrics_namespace]
}
