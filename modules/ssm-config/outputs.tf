output "jwt_secret_parameter_arn" {
  description = "ARN of the SecureString JWT secret parameter (the task definition's JWT_SECRET)."
  value       = aws_ssm_parameter.jwt_secret.arn
}

output "jwt_secret_parameter_name" {
  description = "Name of the JWT secret parameter."
  value       = aws_ssm_parameter.jwt_secret.name
}

output "s3_bucket_name_parameter_arn" {
  description = "ARN of the bucket-name parameter."
  value       = aws_ssm_parameter.s3_bucket_name.arn
}

output "app_config_parameter_arn" {
  description = "ARN of the app-config JSON parameter."
  value       = aws_ssm_parameter.app_config.arn
}

output "parameter_arns" {
  description = "ARNs of all three parameters, for the execution role's read policy."
  value       = [aws_ssm_parameter.jwt_secret.arn, aws_ssm_parameter.s3_bucket_name.arn, aws_ssm_parameter.app_config.arn]
}
