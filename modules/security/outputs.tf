output "alb_security_group_id" {
  description = "ID of the ALB security group (HTTP in from alb_ingress_cidrs)."
  value       = aws_security_group.alb.id
}

output "ec2_security_group_id" {
  description = "ID of the application instances' security group (HTTP in from the ALB only)."
  value       = aws_security_group.ec2.id
}

output "aurora_security_group_id" {
  description = "ID of the Aurora security group (MySQL in from the instances only)."
  value       = aws_security_group.aurora.id
}

output "ec2_role_arn" {
  description = "ARN of the IAM role of the application instances."
  value       = aws_iam_role.ec2.arn
}

output "ec2_role_name" {
  description = "Name of the IAM role of the application instances."
  value       = aws_iam_role.ec2.name
}

output "ec2_instance_profile_name" {
  description = "Name of the instance profile for the launch template; available only once the role's policy is attached."
  value       = aws_iam_instance_profile.ec2.name
}

output "ec2_instance_profile_arn" {
  description = "ARN of the instance profile of the application instances."
  value       = aws_iam_instance_profile.ec2.arn
}

output "ec2_policy_arn" {
  description = "ARN of the least-privilege policy attached to the EC2 role."
  value       = aws_iam_policy.ec2_app.arn
}

output "ec2_iam_dependency_ids" {
  description = "IDs of the EC2 role, its policy attachment and instance profile, for the launch template to depend on (IAM eventual consistency)."
  value       = [aws_iam_role.ec2.id, aws_iam_role_policy_attachment.ec2_app.id, aws_iam_instance_profile.ec2.id]
}
