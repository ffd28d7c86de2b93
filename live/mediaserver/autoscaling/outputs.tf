output "scalable_target_resource_id" {
  description = "Resource ID of the scalable target."
  value       = module.autoscaling.scalable_target_resource_id
}

output "cpu_high_alarm_name" {
  description = "Name of the alarm adding a task (CPU > 70%)."
  value       = module.autoscaling.cpu_high_alarm_name
}

output "cpu_low_alarm_name" {
  description = "Name of the alarm removing a task (CPU < 20%)."
  value       = module.autoscaling.cpu_low_alarm_name
}
