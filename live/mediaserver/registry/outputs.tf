output "repository_name" {
  description = "Name of the ECR repository."
  value       = module.registry.repository_name
}

output "repository_url" {
  description = "URL of the ECR repository, without a tag."
  value       = module.registry.repository_url
}
