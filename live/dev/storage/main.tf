data "aws_caller_identity" "current" {}

module "storage" {
  source = "../../../modules/storage"

  environment = var.environment
  account_id  = data.aws_caller_identity.current.account_id
  kms_key_arn = var.s3_kms_key_arn
}
