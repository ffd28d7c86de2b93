output "vpc_id" {
  description = "ID of the region's default VPC."
  value       = data.aws_vpc.default.id
}

output "vpc_cidr_block" {
  description = "CIDR block of the default VPC."
  value       = data.aws_vpc.default.cidr_block
}

output "public_subnet_ids" {
  description = "IDs of the default VPC's default (public) subnets, sorted."
  value       = sort(data.aws_subnets.default.ids)
}

output "availability_zones" {
  description = "Zones of the public subnets, in subnet order."
  value       = [for id in sort(data.aws_subnets.default.ids) : data.aws_subnet.default[id].availability_zone]
}
