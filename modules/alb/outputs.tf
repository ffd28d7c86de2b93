output "alb_arn" {
  description = "ARN of the load balancer."
  value       = aws_lb.this.arn
}

output "alb_arn_suffix" {
  description = "ARN suffix of the load balancer (the LoadBalancer dimension of its metrics)."
  value       = aws_lb.this.arn_suffix
}

output "alb_dns_name" {
  description = "DNS name of the load balancer."
  value       = aws_lb.this.dns_name
}

output "alb_zone_id" {
  description = "Route 53 hosted zone ID of the load balancer, for alias records."
  value       = aws_lb.this.zone_id
}

output "target_group_arn" {
  description = "ARN of the target group the service registers its tasks with."
  value       = aws_lb_target_group.this.arn
}

output "target_group_arn_suffix" {
  description = "ARN suffix of the target group (the TargetGroup dimension of its metrics)."
  value       = aws_lb_target_group.this.arn_suffix
}

output "listener_arn" {
  description = "ARN of the HTTP listener; a service must wait for it before registering targets."
  value       = aws_lb_listener.http.arn
}

# Whole resources, for callers (and their tests) that need attributes beyond the above.
output "load_balancer" {
  description = "The load balancer resource: every argument and attribute."
  value       = aws_lb.this
}

output "target_group" {
  description = "The target group resource: every argument and attribute."
  value       = aws_lb_target_group.this
}

output "listener" {
  description = "The HTTP listener resource: every argument and attribute."
  value       = aws_lb_listener.http
}
