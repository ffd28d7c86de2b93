output "ecs_log_group_name" {
  description = "Log group of the containers' output (the awslogs driver)."
  value       = module.monitoring.log_group_names[0]
}

output "app_log_group_name" {
  description = "Log group the application writes its own logs to."
  value       = module.monitoring.log_group_names[1]
}

output "app_log_group_arn" {
  description = "ARN of the application log group."
  value       = module.monitoring.log_group_arns[module.monitoring.log_group_names[1]]
}

output "dashboard_name" {
  description = "Name of the CloudWatch dashboard."
  value       = module.monitoring.dashboard_name
}
