output "aurora_kms_key_id" {
  description = "ID of the customer-managed key encrypting Aurora storage."
  value       = aws_kms_key.aurora.key_id
}

output "aurora_kms_key_arn" {
  description = "ARN of the customer-managed key encrypting Aurora storage."
  value       = aws_kms_key.aurora.arn
}

output "aurora_kms_alias_name" {
  description = "Alias of the Aurora key (alias/aurora-encryption-<environment>)."
  value       = aws_kms_alias.aurora.name
}

output "s3_kms_key_id" {
  description = "ID of the customer-managed key encrypting the S3 buckets, the alarm topic and the log group."
  value       = aws_kms_key.s3.key_id
}

output "s3_kms_key_arn" {
  description = "ARN of the customer-managed key encrypting the S3 buckets, the alarm topic and the log group."
  value       = aws_kms_key.s3.arn
}

output "s3_kms_alias_name" {
  description = "Alias of the S3 key (alias/s3-encryption-<environment>)."
  value       = aws_kms_alias.s3.name
}
