output "bucket_name" {
  description = "Name of the media bucket."
  value       = module.media.bucket_name
}

output "bucket_arn" {
  description = "ARN of the media bucket."
  value       = module.media.bucket_arn
}
