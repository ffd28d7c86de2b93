module "database" {
  source = "../../../modules/database"

  environment        = var.environment
  subnet_ids         = var.private_subnet_ids
  availability_zones = var.availability_zones
  security_group_ids = [var.aurora_security_group_id]
  kms_key_arn        = var.aurora_kms_key_arn
  instance_class     = var.instance_class
  master_username    = var.master_username
  master_password    = var.master_password
}
