output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}

output "vpc_cidr_block" {
  description = "IPv4 CIDR block of the VPC."
  value       = aws_vpc.this.cidr_block
}

output "public_subnet_ids" {
  description = "IDs of the public subnets, in the order of public_subnet_cidrs."
  value       = [for cidr in var.public_subnet_cidrs : aws_subnet.public[cidr].id]
}

output "private_subnet_ids" {
  description = "IDs of the private subnets, in the order of private_subnet_cidrs."
  value       = [for cidr in var.private_subnet_cidrs : aws_subnet.private[cidr].id]
}

output "internet_gateway_id" {
  description = "ID of the internet gateway the public subnets route to."
  value       = aws_internet_gateway.this.id
}

output "nat_gateway_id" {
  description = "ID of the NAT gateway the private subnets route to."
  value       = aws_nat_gateway.this.id
}

output "nat_public_ip" {
  description = "Elastic IP address of the NAT gateway (the private subnets' egress address)."
  value       = aws_eip.nat.public_ip
}

output "availability_zones" {
  description = "Availability zones used by the subnets, in subnet order."
  value       = slice(var.availability_zones, 0, min(length(var.availability_zones), max(length(var.public_subnet_cidrs), length(var.private_subnet_cidrs))))
}
