data "aws_caller_identity" "current" {}

module "edge" {
  source = "../../../modules/edge"

  environment                        = var.environment
  account_id                         = data.aws_caller_identity.current.account_id
  alb_dns_name                       = var.alb_dns_name
  static_bucket_name                 = var.static_assets_bucket_name
  static_bucket_arn                  = var.static_assets_bucket_arn
  static_bucket_regional_domain_name = var.static_assets_bucket_regional_domain_name
  logs_bucket_domain_name            = var.cloudfront_logs_bucket_domain_name
  kms_key_arn                        = var.s3_kms_key_arn
}
