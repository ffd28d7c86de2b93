data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  # Deterministic names of resources later layers create (storage, observability):
  # naming them here keeps the graph acyclic without reading other states.
  app_logs_bucket_arn = "arn:aws:s3:::s3-app-logs-${var.environment}-${local.account_id}"
  app_log_group_name  = coalesce(var.app_log_group_name, "lg-app-logs-${var.environment}")
  app_log_group_arn   = "arn:aws:logs:${data.aws_region.current.name}:${local.account_id}:log-group:${local.app_log_group_name}"
}

module "security" {
  source = "../../../modules/security"

  environment         = var.environment
  vpc_id              = var.vpc_id
  app_logs_bucket_arn = local.app_logs_bucket_arn
  s3_kms_key_arn      = var.s3_kms_key_arn
  app_log_group_arn   = local.app_log_group_arn
  metrics_namespace   = coalesce(var.metrics_namespace, "VideoStreaming/${var.environment}")
}
