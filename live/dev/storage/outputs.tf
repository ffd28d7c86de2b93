output "static_assets_bucket_name" {
  description = "Name of the static-assets bucket (s3-static-assets-<env>-<account_id>)."
  value       = module.storage.static_assets_bucket_name
}

output "static_assets_bucket_arn" {
  description = "ARN of the static-assets bucket."
  value       = module.storage.static_assets_bucket_arn
}

output "static_assets_bucket_regional_domain_name" {
  description = "Regional domain name of the static-assets bucket (CloudFront S3 origin)."
  value       = module.storage.static_assets_bucket_regional_domain_name
}

output "app_logs_bucket_name" {
  description = "Name of the application-logs bucket (s3-app-logs-<env>-<account_id>)."
  value       = module.storage.app_logs_bucket_name
}

output "app_logs_bucket_arn" {
  description = "ARN of the application-logs bucket."
  value       = module.storage.app_logs_bucket_arn
}

output "cloudfront_logs_bucket_name" {
  description = "Name of the CloudFront access-logs bucket (s3-cloudfront-logs-<env>-<account_id>)."
  value       = module.storage.cloudfront_logs_bucket_name
}

output "cloudfront_logs_bucket_arn" {
  description = "ARN of the CloudFront access-logs bucket."
  value       = module.storage.cloudfront_logs_bucket_arn
}

output "cloudfront_logs_bucket_domain_name" {
  description = "Domain name of the CloudFront access-logs bucket (CloudFront logging target)."
  value       = module.storage.cloudfront_logs_bucket_domain_name
}
