output "id" {
  description = "Name of the bucket."
  value       = aws_s3_bucket.this.id
}

output "arn" {
  description = "ARN of the bucket."
  value       = aws_s3_bucket.this.arn
}

output "bucket_domain_name" {
  description = "Domain name of the bucket (what CloudFront logging_config expects)."
  value       = aws_s3_bucket.this.bucket_domain_name
}

output "bucket_regional_domain_name" {
  description = "Regional domain name of the bucket (a CloudFront S3 origin, direct browser uploads)."
  value       = aws_s3_bucket.this.bucket_regional_domain_name
}

# Whole resources, for callers' tests that assert what the module built for them.
output "bucket" {
  description = "The bucket resource: every argument and attribute."
  value       = aws_s3_bucket.this
}

output "ownership_controls" {
  description = "The ownership controls resource."
  value       = aws_s3_bucket_ownership_controls.this
}

output "public_access_block" {
  description = "The public access block resource."
  value       = aws_s3_bucket_public_access_block.this
}

output "versioning" {
  description = "The versioning configuration resource."
  value       = aws_s3_bucket_versioning.this
}

output "encryption" {
  description = "The default encryption configuration resource."
  value       = aws_s3_bucket_server_side_encryption_configuration.this
}

output "policy_document" {
  description = "The bucket policy's aws_iam_policy_document (null when attach_policy is false)."
  value       = one(data.aws_iam_policy_document.this)
}
