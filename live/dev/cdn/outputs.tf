output "cloudfront_distribution_id" {
  description = "ID of the CloudFront distribution."
  value       = module.edge.cloudfront_distribution_id
}

output "cloudfront_distribution_arn" {
  description = "ARN of the CloudFront distribution."
  value       = module.edge.cloudfront_distribution_arn
}

output "cloudfront_domain_name" {
  description = "Domain name of the distribution (*.cloudfront.net)."
  value       = module.edge.cloudfront_domain_name
}

output "cloudfront_hosted_zone_id" {
  description = "Hosted zone ID of CloudFront, for Route 53 aliases."
  value       = module.edge.cloudfront_hosted_zone_id
}
