output "alb_security_group_id" {
  description = "ID of the load balancer's group (listener_ports in from ingress_cidrs)."
  value       = aws_security_group.alb.id
}

output "tasks_security_group_id" {
  description = "ID of the tasks' group (app_port in from the load balancer's group only)."
  value       = aws_security_group.tasks.id
}
