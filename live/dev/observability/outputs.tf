output "sns_topic_arn" {
  description = "ARN of the KMS-encrypted SNS topic the alarms publish to."
  value       = module.observability.sns_topic_arn
}

output "app_log_group_name" {
  description = "Name of the application log group (1-day retention)."
  value       = module.observability.app_log_group_name
}

output "asg_cpu_alarm_name" {
  description = "Name of the ASG CPU alarm (> 80% for 2 x 5 min)."
  value       = module.observability.asg_cpu_alarm_name
}

output "alb_unhealthy_hosts_alarm_name" {
  description = "Name of the unhealthy ALB targets alarm (> 0 for 2 periods)."
  value       = module.observability.alb_unhealthy_hosts_alarm_name
}

output "aurora_cpu_alarm_name" {
  description = "Name of the Aurora CPU alarm (> 75%)."
  value       = module.observability.aurora_cpu_alarm_name
}

output "alb_5xx_alarm_name" {
  description = "Name of the ALB target 5xx alarm."
  value       = module.observability.alb_5xx_alarm_name
}

output "dashboard_name" {
  description = "Name of the CloudWatch dashboard."
  value       = module.observability.dashboard_name
}
