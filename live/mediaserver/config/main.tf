# A fresh 32-character value from Secrets Manager on every run; it is ephemeral, so it
# never lands in a plan or the state. SSM stores it only when jwt_secret_version
# changes (value_wo_version), so the value SSM holds stays stable between runs.
ephemeral "aws_secretsmanager_random_password" "jwt" {
  password_length    = 32
  exclude_characters = "\"'`\\"
}

module "config" {
  source = "../../../modules/ssm-config"

  name               = var.name
  region             = var.region
  bucket_name        = var.bucket_name
  jwt_secret         = ephemeral.aws_secretsmanager_random_password.jwt.random_password
  jwt_secret_version = var.jwt_secret_version
}

# The AWS-managed key SSM encrypts SecureStrings with; read after the parameter is
# written, which creates the key on first use in a region.
data "aws_kms_key" "ssm" {
  key_id = "alias/aws/ssm"

  depends_on = [module.config]
}
