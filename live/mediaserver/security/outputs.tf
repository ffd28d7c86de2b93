output "alb_security_group_id" {
  description = "ID of the load balancer's group (80 and 443 from anywhere)."
  value       = module.security.alb_security_group_id
}

output "tasks_security_group_id" {
  description = "ID of the tasks' group (3000 from the load balancer only)."
  value       = module.security.tasks_security_group_id
}
