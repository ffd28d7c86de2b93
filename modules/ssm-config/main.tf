locals {
  prefix = "/${var.name}"
  app_config = {
    NODE_ENV   = var.node_env
    AWS_REGION = var.region
    S3_BUCKET  = var.bucket_name
    APP_PORT   = var.app_port
  }
}

# The secret is written write-only: Terraform sends it to SSM and keeps it in neither
# plan nor state. SSM is told again only when jwt_secret_version changes (rotation).
resource "aws_ssm_parameter" "jwt_secret" {
  # checkov:skip=CKV_AWS_337: the AWS-managed aws/ssm key (kms_key_id) keeps the guide's setup; a customer-managed key costs $1/month plus grants
  name             = "${local.prefix}/jwt-secret"
  description      = "JWT signing secret of ${var.name} (${var.jwt_secret_length} random characters)"
  type             = "SecureString"
  key_id           = var.kms_key_id
  value_wo         = var.jwt_secret
  value_wo_version = var.jwt_secret_version

  tags = merge(var.tags, { Name = "${local.prefix}/jwt-secret" })
}

resource "aws_ssm_parameter" "s3_bucket_name" {
  # checkov:skip=CKV2_AWS_34: a bucket name is not secret; the guide stores it as a plain String
  name        = "${local.prefix}/s3-bucket-name"
  description = "Media bucket of ${var.name}"
  type        = "String"
  value       = var.bucket_name

  tags = merge(var.tags, { Name = "${local.prefix}/s3-bucket-name" })
}

resource "aws_ssm_parameter" "app_config" {
  # checkov:skip=CKV2_AWS_34: the application settings hold no secret; the guide stores them as a plain String
  name        = "${local.prefix}/app-config"
  description = "Application settings of ${var.name} (JSON)"
  type        = "String"
  value       = jsonencode(local.app_config)

  tags = merge(var.tags, { Name = "${local.prefix}/app-config" })
}
