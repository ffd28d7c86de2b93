output "sns_topic_arn" {
  description = "ARN of the KMS-encrypted SNS topic all alarms publish to."
  value       = aws_sns_topic.alarms.arn
}

output "app_log_group_name" {
  description = "Name of the application log group."
  value       = aws_cloudwatch_log_group.app.name
}

output "app_log_group_arn" {
  description = "ARN of the application log group."
  value       = aws_cloudwatch_log_group.app.arn
}

output "asg_cpu_alarm_name" {
  description = "Name of the alarm on the ASG's average CPU (> 80% for 2 x 5 min)."
  value       = aws_cloudwatch_metric_alarm.asg_cpu.alarm_name
}

output "alb_unhealthy_hosts_alarm_name" {
  description = "Name of the alarm on unhealthy ALB targets (> 0 for 2 periods)."
  value       = aws_cloudwatch_metric_alarm.alb_unhealthy_hosts.alarm_name
}

output "aurora_cpu_alarm_name" {
  description = "Name of the alarm on Aurora CPU (> 75%)."
  value       = aws_cloudwatch_metric_alarm.aurora_cpu.alarm_name
}

output "alb_5xx_alarm_name" {
  description = "Name of the alarm on target 5xx responses."
  value       = aws_cloudwatch_metric_alarm.alb_5xx.alarm_name
}

output "dashboard_name" {
  description = "Name of the CloudWatch dashboard (ALB requests and latency, EC2 CPU, Aurora connections)."
  value       = aws_cloudwatch_dashboard.this.dashboard_name
}
