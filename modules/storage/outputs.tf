output "static_assets_bucket_name" {
  description = "Name of the static-assets bucket that CloudFront serves under /static/*."
  value       = module.bucket["static-assets"].id
}

output "static_assets_bucket_arn" {
  description = "ARN of the static-assets bucket."
  value       = module.bucket["static-assets"].arn
}

output "static_assets_bucket_regional_domain_name" {
  description = "Regional domain name of the static-assets bucket, the CloudFront S3 origin."
  value       = module.bucket["static-assets"].bucket_regional_domain_name
}

output "app_logs_bucket_name" {
  description = "Name of the application-logs bucket the instances write to."
  value       = module.bucket["app-logs"].id
}

output "app_logs_bucket_arn" {
  description = "ARN of the application-logs bucket."
  value       = module.bucket["app-logs"].arn
}

output "cloudfront_logs_bucket_name" {
  description = "Name of the CloudFront access-logs bucket (Glacier after 7 days, expiry after 30)."
  value       = module.bucket["cloudfront-logs"].id
}

output "cloudfront_logs_bucket_arn" {
  description = "ARN of the CloudFront access-logs bucket."
  value       = module.bucket["cloudfront-logs"].arn
}

output "cloudfront_logs_bucket_domain_name" {
  description = "Domain name of the CloudFront access-logs bucket, as CloudFront logging_config expects."
  value       = module.bucket["cloudfront-logs"].bucket_domain_name
}
