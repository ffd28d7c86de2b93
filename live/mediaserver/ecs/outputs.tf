output "cluster_name" {
  description = "Name of the ECS cluster."
  value       = module.ecs.cluster_name
}

output "cluster_arn" {
  description = "ARN of the ECS cluster."
  value       = module.ecs.cluster_arn
}

output "service_name" {
  description = "Name of the ECS service."
  value       = module.ecs.service_name
}

output "task_definition_arn" {
  description = "ARN of the task definition revision the service runs."
  value       = module.ecs.task_definition_arn
}

output "task_definition_family" {
  description = "Family of the task definition."
  value       = module.ecs.task_definition_family
}
