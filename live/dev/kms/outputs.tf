output "aurora_kms_key_id" {
  description = "ID of the customer-managed key encrypting Aurora storage."
  value       = module.kms.aurora_kms_key_id
}

output "aurora_kms_key_arn" {
  description = "ARN of the customer-managed key encrypting Aurora storage."
  value       = module.kms.aurora_kms_key_arn
}

output "aurora_kms_alias_name" {
  description = "Alias of the Aurora key (alias/aurora-encryption-<environment>)."
  value       = module.kms.aurora_kms_alias_name
}

output "s3_kms_key_id" {
  description = "ID of the customer-managed key encrypting the buckets, the alarm topic and the app log group."
  value       = module.kms.s3_kms_key_id
}

output "s3_kms_key_arn" {
  description = "ARN of the customer-managed key encrypting the buckets, the alarm topic and the app log group."
  value       = module.kms.s3_kms_key_arn
}

output "s3_kms_alias_name" {
  description = "Alias of the S3 key (alias/s3-encryption-<environment>)."
  value       = module.kms.s3_kms_alias_name
}
