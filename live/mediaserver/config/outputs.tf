output "jwt_secret_parameter_arn" {
  description = "ARN of /<name>/jwt-secret (SecureString)."
  value       = module.config.jwt_secret_parameter_arn
}

output "jwt_secret_parameter_name" {
  description = "Name of the JWT secret parameter."
  value       = module.config.jwt_secret_parameter_name
}

output "parameter_arns" {
  description = "ARNs of the three parameters."
  value       = module.config.parameter_arns
}

output "ssm_kms_key_arn" {
  description = "ARN of the key encrypting the SecureString (the AWS-managed aws/ssm key)."
  value       = data.aws_kms_key.ssm.arn
}
