locals {
  # Subnets are keyed by CIDR: a subnet's identity is its address range, so adding a
  # zone later does not renumber (and replace) the existing ones.
  public_subnets = {
    for index, cidr in var.public_subnet_cidrs : cidr => {
      number = index + 1
      zone   = try(var.availability_zones[index], null)
    }
  }
  private_subnets = {
    for index, cidr in var.private_subnet_cidrs : cidr => {
      number = index + 1
      zone   = try(var.availability_zones[index], null)
    }
  }
  # The single NAT gateway lives in the first public subnet (cost over zone redundancy).
  nat_subnet_cidr = var.public_subnet_cidrs[0]
}

resource "aws_vpc" "this" {
  # checkov:skip=CKV2_AWS_11: VPC flow logs are not part of the dev requirements; add them with a log destination per environment
  cidr_block           = var.vpc_cidr
  enable_dns_hostnames = true
  enable_dns_support   = true

  tags = merge(var.tags, { Name = "vpc-main-${var.environment}" })

  lifecycle {
    precondition {
      condition     = length(var.availability_zones) >= max(length(var.public_subnet_cidrs), length(var.private_subnet_cidrs))
      error_message = "Each subnet needs its own availability zone: pass at least as many availability_zones as subnets per tier."
    }
  }
}

# Take over the default security group and leave it without rules, so nothing can
# fall back to its allow-all-within-group behaviour.
resource "aws_default_security_group" "this" {
  vpc_id = aws_vpc.this.id

  tags = merge(var.tags, { Name = "sg-default-${var.environment}" })
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id

  tags = merge(var.tags, { Name = "igw-main-${var.environment}" })
}

resource "aws_subnet" "public" {
  for_each = local.public_subnets

  vpc_id            = aws_vpc.this.id
  cidr_block        = each.key
  availability_zone = each.value.zone
  # Only the ALB and the NAT gateway live here; neither needs auto-assigned public IPs.
  map_public_ip_on_launch = false

  tags = merge(var.tags, { Name = "subnet-public-${each.value.number}-${var.environment}", Tier = "public" })
}

resource "aws_subnet" "private" {
  for_each = local.private_subnets

  vpc_id            = aws_vpc.this.id
  cidr_block        = each.key
  availability_zone = each.value.zone

  tags = merge(var.tags, { Name = "subnet-private-${each.value.number}-${var.environment}", Tier = "private" })
}

resource "aws_eip" "nat" {
  domain = "vpc"

  tags = merge(var.tags, { Name = "eip-nat-${var.environment}" })

  depends_on = [aws_internet_gateway.this]
}

resource "aws_nat_gateway" "this" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.public[local.nat_subnet_cidr].id

  tags = merge(var.tags, { Name = "nat-main-${var.environment}" })

  depends_on = [aws_internet_gateway.this]
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.this.id

  tags = merge(var.tags, { Name = "rt-public-${var.environment}" })
}

resource "aws_route" "public_internet" {
  route_table_id         = aws_route_table.public.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.this.id
}

resource "aws_route_table_association" "public" {
  for_each = aws_subnet.public

  subnet_id      = each.value.id
  route_table_id = aws_route_table.public.id
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.this.id

  tags = merge(var.tags, { Name = "rt-private-${var.environment}" })
}

resource "aws_route" "private_nat" {
  route_table_id         = aws_route_table.private.id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.this.id
}

resource "aws_route_table_association" "private" {
  for_each = aws_subnet.private

  subnet_id      = each.value.id
  route_table_id = aws_route_table.private.id
}
