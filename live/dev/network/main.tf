data "aws_availability_zones" "available" {
  # checkov:skip=CKV_AWS_394: pinning zone names would tie the layer to one region (var.region); the module takes the first N zones by name, and new zones sort after them
  state = "available"

  # Local Zones and Wavelength Zones cannot hold these subnets' ALB and NAT gateway.
  filter {
    name   = "opt-in-status"
    values = ["opt-in-not-required"]
  }
}

module "network" {
  source = "../../../modules/network"

  environment          = var.environment
  vpc_cidr             = var.vpc_cidr
  public_subnet_cidrs  = var.public_subnet_cidrs
  private_subnet_cidrs = var.private_subnet_cidrs
  availability_zones   = slice(data.aws_availability_zones.available.names, 0, max(length(var.public_subnet_cidrs), length(var.private_subnet_cidrs)))
}
