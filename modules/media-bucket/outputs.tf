output "bucket_name" {
  description = "Name of the media bucket."
  value       = module.bucket.id
}

output "bucket_arn" {
  description = "ARN of the media bucket."
  value       = module.bucket.arn
}

output "bucket_regional_domain_name" {
  description = "Regional domain name of the media bucket, for direct browser uploads."
  value       = module.bucket.bucket_regional_domain_name
}
