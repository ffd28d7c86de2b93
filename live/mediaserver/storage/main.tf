data "aws_caller_identity" "current" {}

module "media" {
  source = "../../../modules/media-bucket"

  name                 = var.name
  account_id           = data.aws_caller_identity.current.account_id
  cors_allowed_origins = var.cors_allowed_origins
}
