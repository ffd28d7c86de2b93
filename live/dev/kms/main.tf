data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

module "kms" {
  source = "../../../modules/kms"

  environment = var.environment
  account_id  = data.aws_caller_identity.current.account_id
  region      = data.aws_region.current.name
}
