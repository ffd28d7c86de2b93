data "aws_caller_identity" "current" {}

module "iam" {
  source = "../../../modules/ecs-iam"

  name               = var.name
  account_id         = data.aws_caller_identity.current.account_id
  region             = var.region
  bucket_arn         = var.bucket_arn
  ssm_parameter_arns = var.ssm_parameter_arns
  ssm_kms_key_arn    = var.ssm_kms_key_arn
  app_log_group_arn  = var.app_log_group_arn
}
