output "aurora_cluster_id" {
  description = "Identifier of the Aurora cluster (the DBClusterIdentifier metric dimension)."
  value       = aws_rds_cluster.this.id
}

output "aurora_cluster_arn" {
  description = "ARN of the Aurora cluster."
  value       = aws_rds_cluster.this.arn
}

output "aurora_cluster_endpoint" {
  description = "Writer endpoint of the Aurora cluster."
  value       = aws_rds_cluster.this.endpoint
}

output "aurora_reader_endpoint" {
  description = "Load-balanced reader endpoint of the Aurora cluster."
  value       = aws_rds_cluster.this.reader_endpoint
}

output "aurora_port" {
  description = "Port the cluster listens on."
  value       = aws_rds_cluster.this.port
}

output "aurora_database_name" {
  description = "Name of the database created in the cluster."
  value       = aws_rds_cluster.this.database_name
}

output "aurora_engine_version" {
  description = "Aurora MySQL engine version the cluster runs."
  value       = local.engine_version
}

output "aurora_master_username" {
  description = "Master user name of the cluster."
  value       = aws_rds_cluster.this.master_username
  sensitive   = true
}

output "aurora_instance_ids" {
  description = "Identifiers of the cluster instances, writer first."
  value       = [for key in sort(keys(local.instances)) : aws_rds_cluster_instance.this[key].identifier]
}
