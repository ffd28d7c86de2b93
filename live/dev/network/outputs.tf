output "vpc_id" {
  description = "ID of the VPC."
  value       = module.network.vpc_id
}

output "vpc_cidr_block" {
  description = "IPv4 CIDR block of the VPC."
  value       = module.network.vpc_cidr_block
}

output "public_subnet_ids" {
  description = "IDs of the three public subnets (one per availability zone)."
  value       = module.network.public_subnet_ids
}

output "private_subnet_ids" {
  description = "IDs of the three private subnets (one per availability zone)."
  value       = module.network.private_subnet_ids
}

output "internet_gateway_id" {
  description = "ID of the internet gateway."
  value       = module.network.internet_gateway_id
}

output "nat_gateway_id" {
  description = "ID of the NAT gateway in the first public subnet."
  value       = module.network.nat_gateway_id
}

output "nat_public_ip" {
  description = "Elastic IP of the NAT gateway (egress address of the private subnets)."
  value       = module.network.nat_public_ip
}

output "availability_zones" {
  description = "Availability zones of the subnets, in subnet order."
  value       = module.network.availability_zones
}
