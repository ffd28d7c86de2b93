output "static_assets_bucket_name" {
  description = "Name of the static-assets bucket that CloudFront serves under /static/*."
  value       = aws_s3_bucket.this["static-assets"].id
}

output "static_assets_bucket_arn" {
  description = "ARN of the static-assets bucket."
  value       = aws_s3_bucket.this["static-assets"].arn
}

output "static_assets_bucket_regional_domain_name" {
  description = "Regional domain name of the static-assets bucket, the CloudFront S3 origin."
  value       = aws_s3_bucket.this["static-assets"].bucket_regional_domain_name
}

output "app_logs_bucket_name" {
  description = "Name of the application-logs bucket the instances write to."
  value       = aws_s3_bucket.this["app-logs"].id
}

output "app_logs_bucket_arn" {
  description = "ARN of the application-logs bucket."
  value       = aws_s3_bucket.this["app-logs"].arn
}

output "cloudfront_logs_bucket_name" {
  description = "Name of the CloudFront access-logs bucket (Glacier after 7 days, expiry after 30)."
  value       = aws_s3_bucket.this["cloudfront-logs"].id
}

output "cloudfront_logs_bucket_arn" {
  description = "ARN of the CloudFront access-logs bucket."
  value       = aws_s3_bucket.this["cloudfront-logs"].arn
}

output "cloudfront_logs_bucket_domain_name" {
  description = "Domain name of the CloudFront access-logs bucket, as CloudFront logging_config expects."
  value       = aws_s3_bucket.this["cloudfront-logs"].bucket_domain_name
}
