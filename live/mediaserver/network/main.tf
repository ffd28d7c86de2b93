# The guide's network: the region's default VPC and its default subnets (one public
# subnet per zone). Looked up here, in the live layer, so the modules keep taking IDs.
data "aws_vpc" "default" {
  default = true
}

data "aws_subnets" "default" {
  filter {
    name   = "vpc-id"
    values = [data.aws_vpc.default.id]
  }

  filter {
    name   = "default-for-az"
    values = ["true"]
  }

  lifecycle {
    postcondition {
      condition     = length(self.ids) >= 2
      error_message = "The default VPC needs default subnets in at least two zones (a load balancer spans two or more); recreate them with `aws ec2 create-default-subnet --availability-zone <zone>`."
    }
  }
}

data "aws_subnet" "default" {
  for_each = toset(data.aws_subnets.default.ids)

  id = each.value
}
