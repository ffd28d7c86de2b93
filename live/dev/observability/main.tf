data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

module "observability" {
  source = "../../../modules/observability"

  environment             = var.environment
  account_id              = data.aws_caller_identity.current.account_id
  region                  = data.aws_region.current.name
  kms_key_arn             = var.s3_kms_key_arn
  app_log_group_name      = coalesce(var.app_log_group_name, "lg-app-logs-${var.environment}")
  asg_name                = var.asg_name
  alb_arn_suffix          = var.alb_arn_suffix
  target_group_arn_suffix = var.target_group_arn_suffix
  aurora_cluster_id       = var.aurora_cluster_id
}
