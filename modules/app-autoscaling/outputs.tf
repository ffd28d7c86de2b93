output "scalable_target_resource_id" {
  description = "Resource ID of the scalable target (service/<cluster>/<service>)."
  value       = aws_appautoscaling_target.this.resource_id
}

output "scale_up_policy_arn" {
  description = "ARN of the step policy adding a task."
  value       = aws_appautoscaling_policy.scale_up.arn
}

output "scale_down_policy_arn" {
  description = "ARN of the step policy removing a task."
  value       = aws_appautoscaling_policy.scale_down.arn
}

output "cpu_high_alarm_name" {
  description = "Name of the alarm that adds a task (CPU above the high threshold)."
  value       = aws_cloudwatch_metric_alarm.cpu_high.alarm_name
}

output "cpu_low_alarm_name" {
  description = "Name of the alarm that removes a task (CPU below the low threshold)."
  value       = aws_cloudwatch_metric_alarm.cpu_low.alarm_name
}
