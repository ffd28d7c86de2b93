output "alb_arn" {
  description = "ARN of the Application Load Balancer."
  value       = module.compute.alb_arn
}

output "alb_arn_suffix" {
  description = "ARN suffix of the ALB (CloudWatch LoadBalancer dimension)."
  value       = module.compute.alb_arn_suffix
}

output "alb_dns_name" {
  description = "DNS name of the ALB."
  value       = module.compute.alb_dns_name
}

output "alb_zone_id" {
  description = "Hosted zone ID of the ALB, for Route 53 aliases."
  value       = module.compute.alb_zone_id
}

output "target_group_arn" {
  description = "ARN of the instances' target group."
  value       = module.compute.target_group_arn
}

output "target_group_arn_suffix" {
  description = "ARN suffix of the target group (CloudWatch TargetGroup dimension)."
  value       = module.compute.target_group_arn_suffix
}

output "launch_template_id" {
  description = "ID of the instances' launch template."
  value       = module.compute.launch_template_id
}

output "asg_name" {
  description = "Name of the Auto Scaling group."
  value       = module.compute.asg_name
}

output "asg_arn" {
  description = "ARN of the Auto Scaling group."
  value       = module.compute.asg_arn
}
