mock_provider "aws" {}

variables {
  environment        = "dev"
  availability_zones = ["us-west-2a", "us-west-2b", "us-west-2c"]
  tags               = { Team = "platform" }
}

run "vpc_and_subnets_follow_the_address_plan" {
  command = plan

  assert {
    condition     = aws_vpc.this.cidr_block == "10.0.0.0/16"
    error_message = "The VPC must be 10.0.0.0/16."
  }

  assert {
    condition     = aws_vpc.this.enable_dns_hostnames && aws_vpc.this.enable_dns_support
    error_message = "DNS hostnames and DNS support must be enabled."
  }

  assert {
    condition     = toset([for s in aws_subnet.public : s.cidr_block]) == toset(["10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"])
    error_message = "Public subnets must be 10.0.1.0/24, 10.0.2.0/24 and 10.0.3.0/24."
  }

  assert {
    condition     = toset([for s in aws_subnet.private : s.cidr_block]) == toset(["10.0.11.0/24", "10.0.12.0/24", "10.0.13.0/24"])
    error_message = "Private subnets must be 10.0.11.0/24, 10.0.12.0/24 and 10.0.13.0/24."
  }

  assert {
    condition     = length(distinct([for s in aws_subnet.public : s.availability_zone])) == 3 && length(distinct([for s in aws_subnet.private : s.availability_zone])) == 3
    error_message = "Each tier must spread over three different availability zones."
  }

  assert {
    condition     = aws_subnet.public["10.0.1.0/24"].availability_zone == "us-west-2a" && aws_subnet.private["10.0.13.0/24"].availability_zone == "us-west-2c"
    error_message = "Subnet i must go to availability zone i."
  }

  assert {
    condition     = alltrue([for s in aws_subnet.public : s.map_public_ip_on_launch == false])
    error_message = "Public subnets must not hand out public IPs (only the ALB and NAT gateway live there)."
  }

  assert {
    condition     = aws_vpc.this.tags["Name"] == "vpc-main-dev" && aws_subnet.private["10.0.11.0/24"].tags["Name"] == "subnet-private-1-dev" && aws_vpc.this.tags["Team"] == "platform"
    error_message = "Resources must be named {type}-{purpose}-dev and carry the caller's tags."
  }
}

run "one_nat_gateway_in_the_first_public_subnet" {
  assert {
    condition     = aws_nat_gateway.this.subnet_id == aws_subnet.public["10.0.1.0/24"].id
    error_message = "The NAT gateway must sit in the first public subnet."
  }

  assert {
    condition     = aws_internet_gateway.this.tags["Name"] == "igw-main-dev" && aws_nat_gateway.this.tags["Name"] == "nat-main-dev" && aws_eip.nat.tags["Name"] == "eip-nat-dev"
    error_message = "Gateways must be named {type}-{purpose}-dev."
  }

  assert {
    condition     = aws_nat_gateway.this.allocation_id == aws_eip.nat.id && aws_eip.nat.domain == "vpc"
    error_message = "The NAT gateway must use the VPC Elastic IP."
  }

  assert {
    condition     = aws_route.public_internet.destination_cidr_block == "0.0.0.0/0" && aws_route.public_internet.gateway_id == aws_internet_gateway.this.id
    error_message = "Public subnets must route 0.0.0.0/0 to the internet gateway."
  }

  assert {
    condition     = aws_route.private_nat.destination_cidr_block == "0.0.0.0/0" && aws_route.private_nat.nat_gateway_id == aws_nat_gateway.this.id
    error_message = "Private subnets must route 0.0.0.0/0 to the NAT gateway."
  }

  assert {
    condition     = toset([for a in aws_route_table_association.public : a.route_table_id]) == toset([aws_route_table.public.id]) && length(aws_route_table_association.public) == 3
    error_message = "All three public subnets must use the public route table."
  }

  assert {
    condition     = toset([for a in aws_route_table_association.private : a.route_table_id]) == toset([aws_route_table.private.id]) && length(aws_route_table_association.private) == 3
    error_message = "All three private subnets must use the private route table."
  }

  assert {
    condition     = output.public_subnet_ids == [for c in ["10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"] : aws_subnet.public[c].id]
    error_message = "public_subnet_ids must list the subnets in CIDR input order."
  }

  assert {
    condition     = output.availability_zones == tolist(["us-west-2a", "us-west-2b", "us-west-2c"])
    error_message = "availability_zones must list the zones used, in subnet order."
  }
}

run "rejects_fewer_zones_than_subnets" {
  command = plan

  variables {
    availability_zones = ["us-west-2a", "us-west-2b"]
  }

  expect_failures = [aws_vpc.this]
}

# Each invalid value below must be rejected by its own variable's validation.
run "rejects_invalid_input" {
  command = plan

  variables {
    vpc_cidr            = "10.0.0.0/33"
    public_subnet_cidrs = ["10.0.1.0/24"]
    availability_zones  = ["us-west-2a", "us-west-2a", "us-west-2b"]
  }

  expect_failures = [
    var.vpc_cidr,
    var.public_subnet_cidrs,
    var.availability_zones,
  ]
}
