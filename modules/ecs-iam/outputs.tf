output "execution_role_arn" {
  description = "ARN of the task execution role (image pulls, container logs, secrets)."
  value       = aws_iam_role.execution.arn
}

output "execution_role_name" {
  description = "Name of the task execution role."
  value       = aws_iam_role.execution.name
}

output "task_role_arn" {
  description = "ARN of the task role (the application's own permissions)."
  value       = aws_iam_role.task.arn
}

output "task_role_name" {
  description = "Name of the task role."
  value       = aws_iam_role.task.name
}

output "iam_dependency_ids" {
  description = "IDs of the roles' policies and attachment, for the service to wait on (IAM eventual consistency)."
  value = concat(
    [aws_iam_role_policy_attachment.execution.id, aws_iam_role_policy.execution_secrets.id, aws_iam_role_policy.task_s3.id, aws_iam_role_policy.task_cloudwatch.id],
    aws_iam_role_policy.task_exec[*].id,
  )
}
