output "alb_arn" {
  description = "ARN of the Application Load Balancer."
  value       = module.alb.alb_arn
}

output "alb_arn_suffix" {
  description = "ARN suffix of the ALB (the LoadBalancer dimension of its CloudWatch metrics)."
  value       = module.alb.alb_arn_suffix
}

output "alb_dns_name" {
  description = "DNS name of the ALB (CloudFront's API origin and the api alias target)."
  value       = module.alb.alb_dns_name
}

output "alb_zone_id" {
  description = "Route 53 hosted zone ID of the ALB, for alias records."
  value       = module.alb.alb_zone_id
}

output "target_group_arn" {
  description = "ARN of the instances' target group."
  value       = module.alb.target_group_arn
}

output "target_group_arn_suffix" {
  description = "ARN suffix of the target group (the TargetGroup dimension of its CloudWatch metrics)."
  value       = module.alb.target_group_arn_suffix
}

output "launch_template_id" {
  description = "ID of the instances' launch template."
  value       = aws_launch_template.this.id
}

output "asg_name" {
  description = "Name of the Auto Scaling group."
  value       = aws_autoscaling_group.this.name
}

output "asg_arn" {
  description = "ARN of the Auto Scaling group."
  value       = aws_autoscaling_group.this.arn
}
