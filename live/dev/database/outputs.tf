output "aurora_cluster_id" {
  description = "Identifier of the Aurora MySQL cluster."
  value       = module.database.aurora_cluster_id
}

output "aurora_cluster_arn" {
  description = "ARN of the Aurora MySQL cluster."
  value       = module.database.aurora_cluster_arn
}

output "aurora_cluster_endpoint" {
  description = "Writer endpoint of the cluster."
  value       = module.database.aurora_cluster_endpoint
}

output "aurora_reader_endpoint" {
  description = "Reader endpoint of the cluster."
  value       = module.database.aurora_reader_endpoint
}

output "aurora_port" {
  description = "Port of the cluster endpoints."
  value       = module.database.aurora_port
}

output "aurora_engine_version" {
  description = "Aurora MySQL engine version the cluster runs."
  value       = module.database.aurora_engine_version
}

output "aurora_master_username" {
  description = "Master user name of the cluster."
  value       = module.database.aurora_master_username
  sensitive   = true
}
