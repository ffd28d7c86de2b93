output "execution_role_arn" {
  description = "ARN of the task execution role."
  value       = module.iam.execution_role_arn
}

output "task_role_arn" {
  description = "ARN of the task role."
  value       = module.iam.task_role_arn
}

output "iam_dependency_ids" {
  description = "IDs of the roles' policies and attachment the service waits for."
  value       = module.iam.iam_dependency_ids
}
