locals {
  # db.t3.small is orderable only on Aurora MySQL 2 (MySQL 5.7), which is past
  # standard support and billed RDS Extended Support. Every other class gets an
  # Aurora MySQL 3 release (standard support). See README "Instance class and cost".
  aurora_mysql2_version = "5.7.mysql_aurora.2.12.5"
  aurora_mysql3_version = "8.0.mysql_aurora.3.10.3"
  engine_version = coalesce(
    var.engine_version,
    var.instance_class == "db.t3.small" ? local.aurora_mysql2_version : local.aurora_mysql3_version,
  )
  # Aurora MySQL supports IAM database authentication on every class but these two;
  # enabling it there makes instance creation fail.
  iam_auth_supported = !contains(["db.t2.small", "db.t3.small"], var.instance_class)

  instances = {
    for index in range(var.instance_count) : format("%d", index + 1) => {
      zone = var.availability_zones[index % length(var.availability_zones)]
      # The first instance is the preferred writer; the others are failover targets.
      promotion_tier = index == 0 ? 0 : 1
    }
  }
}

resource "aws_db_subnet_group" "this" {
  name        = "subnet-group-aurora-${var.environment}"
  description = "Aurora MySQL in the private subnets"
  subnet_ids  = var.subnet_ids

  tags = merge(var.tags, { Name = "subnet-group-aurora-${var.environment}" })
}

resource "aws_rds_cluster" "this" {
  # checkov:skip=CKV_AWS_139: deletion protection is off so the dev stack tears down cleanly, as the requirements ask
  # checkov:skip=CKV_AWS_326: backtracking is billed per change record; the 7-day automated backups cover dev restores
  # checkov:skip=CKV2_AWS_8: automated backups (7 days) suffice for dev; no AWS Backup plan
  # checkov:skip=CKV_AWS_162: IAM database authentication is on for every class that supports it; Aurora MySQL refuses it on the required db.t3.small
  # checkov:skip=CKV2_AWS_27: default parameters are enough for dev (requirements); query logging goes through log exports
  cluster_identifier = "aurora-cluster-${var.environment}"
  engine             = "aurora-mysql"
  engine_mode        = "provisioned"
  engine_version     = local.engine_version
  database_name      = var.database_name
  master_username    = var.master_username
  master_password    = var.master_password

  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = var.security_group_ids

  storage_encrypted = true
  kms_key_id        = var.kms_key_arn

  backup_retention_period = var.backup_retention_period
  preferred_backup_window = var.preferred_backup_window
  copy_tags_to_snapshot   = true
  skip_final_snapshot     = true
  deletion_protection     = false

  iam_database_authentication_enabled = local.iam_auth_supported
  enabled_cloudwatch_logs_exports     = ["audit", "error", "slowquery"]
  # A class switch may cross the major version (2 -> 3, see locals).
  allow_major_version_upgrade = true

  tags = merge(var.tags, { Name = "aurora-cluster-${var.environment}" })
}

resource "aws_rds_cluster_instance" "this" {
  # checkov:skip=CKV_AWS_118: enhanced monitoring needs a monitoring role and costs extra; CloudWatch alarms cover dev
  # checkov:skip=CKV_AWS_353: Performance Insights is not available on db.t3.small
  # checkov:skip=CKV_AWS_354: Performance Insights is not available on db.t3.small
  for_each = local.instances

  identifier                 = "aurora-instance-${each.key}-${var.environment}"
  cluster_identifier         = aws_rds_cluster.this.id
  engine                     = aws_rds_cluster.this.engine
  engine_version             = aws_rds_cluster.this.engine_version
  instance_class             = var.instance_class
  availability_zone          = each.value.zone
  promotion_tier             = each.value.promotion_tier
  db_subnet_group_name       = aws_db_subnet_group.this.name
  publicly_accessible        = false
  auto_minor_version_upgrade = true
  copy_tags_to_snapshot      = true

  tags = merge(var.tags, { Name = "aurora-instance-${each.key}-${var.environment}" })
}
