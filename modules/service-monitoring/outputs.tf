output "log_group_names" {
  description = "Names of the log groups, in input order."
  value       = [for n in var.log_group_names : aws_cloudwatch_log_group.this[n].name]
}

output "log_group_arns" {
  description = "Log group name => ARN (without the trailing :*)."
  value       = { for n, g in aws_cloudwatch_log_group.this : n => g.arn }
}

output "dashboard_name" {
  description = "Name of the CloudWatch dashboard."
  value       = aws_cloudwatch_dashboard.this.dashboard_name
}
