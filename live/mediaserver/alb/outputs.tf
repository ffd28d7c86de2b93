output "alb_arn" {
  description = "ARN of the load balancer."
  value       = module.alb.alb_arn
}

output "alb_arn_suffix" {
  description = "ARN suffix of the load balancer (LoadBalancer metric dimension)."
  value       = module.alb.alb_arn_suffix
}

output "alb_dns_name" {
  description = "DNS name of the load balancer: http://<it>/ reaches the service."
  value       = module.alb.alb_dns_name
}

output "alb_zone_id" {
  description = "Route 53 hosted zone ID of the load balancer."
  value       = module.alb.alb_zone_id
}

output "target_group_arn" {
  description = "ARN of the target group."
  value       = module.alb.target_group_arn
}

output "target_group_arn_suffix" {
  description = "ARN suffix of the target group (TargetGroup metric dimension)."
  value       = module.alb.target_group_arn_suffix
}

output "listener_arn" {
  description = "ARN of the HTTP listener."
  value       = module.alb.listener_arn
}
