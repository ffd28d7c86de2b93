output "alb_security_group_id" {
  description = "ID of the ALB security group (HTTP 80 from anywhere)."
  value       = module.security.alb_security_group_id
}

output "ec2_security_group_id" {
  description = "ID of the instances' security group (HTTP 80 from the ALB only)."
  value       = module.security.ec2_security_group_id
}

output "aurora_security_group_id" {
  description = "ID of the Aurora security group (MySQL 3306 from the instances only)."
  value       = module.security.aurora_security_group_id
}

output "ec2_role_arn" {
  description = "ARN of the IAM role of the EC2 instances."
  value       = module.security.ec2_role_arn
}

output "ec2_role_name" {
  description = "Name of the IAM role of the EC2 instances."
  value       = module.security.ec2_role_name
}

output "ec2_instance_profile_name" {
  description = "Name of the instance profile for the launch template."
  value       = module.security.ec2_instance_profile_name
}

output "ec2_iam_dependency_ids" {
  description = "IDs of the role, policy attachment and instance profile the launch template waits for."
  value       = module.security.ec2_iam_dependency_ids
}
