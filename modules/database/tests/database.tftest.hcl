mock_provider "aws" {}

variables {
  environment        = "dev"
  subnet_ids         = ["subnet-0000000000000000a", "subnet-0000000000000000b", "subnet-0000000000000000c"]
  availability_zones = ["us-west-2a", "us-west-2b", "us-west-2c"]
  security_group_ids = ["sg-0123456789abcdef0"]
  kms_key_arn        = "arn:aws:kms:us-west-2:123456789012:key/11111111-2222-3333-4444-555555555555"
  master_password    = "Test-Passw0rd!"
  tags               = { Team = "platform" }
}

run "encrypted_aurora_mysql_cluster_that_tears_down_cleanly" {
  command = plan

  assert {
    condition     = aws_rds_cluster.this.cluster_identifier == "aurora-cluster-dev" && aws_rds_cluster.this.engine == "aurora-mysql"
    error_message = "The cluster must be aurora-cluster-dev running aurora-mysql."
  }

  assert {
    condition     = aws_rds_cluster.this.storage_encrypted && aws_rds_cluster.this.kms_key_id == var.kms_key_arn
    error_message = "Storage must be encrypted with the customer-managed key."
  }

  assert {
    condition     = aws_rds_cluster.this.backup_retention_period == 7
    error_message = "Automated backups must be kept seven days."
  }

  assert {
    condition     = aws_rds_cluster.this.skip_final_snapshot && aws_rds_cluster.this.deletion_protection == false
    error_message = "skip_final_snapshot must be true and deletion_protection false for clean teardown."
  }

  assert {
    condition     = aws_db_subnet_group.this.subnet_ids == toset(var.subnet_ids) && aws_rds_cluster.this.db_subnet_group_name == aws_db_subnet_group.this.name
    error_message = "The DB subnet group must span all three private subnets."
  }

  assert {
    condition     = aws_rds_cluster.this.vpc_security_group_ids == toset(["sg-0123456789abcdef0"])
    error_message = "The cluster must use the Aurora security group."
  }
}

run "multi_az_db_t3_small_on_an_engine_that_offers_it" {
  command = plan

  assert {
    condition     = length(aws_rds_cluster_instance.this) == 2 && alltrue([for i in aws_rds_cluster_instance.this : i.instance_class == "db.t3.small"])
    error_message = "Two db.t3.small instances (writer and failover reader) are required."
  }

  assert {
    condition     = aws_rds_cluster_instance.this["1"].availability_zone != aws_rds_cluster_instance.this["2"].availability_zone
    error_message = "Writer and reader must be in different availability zones."
  }

  assert {
    condition     = startswith(aws_rds_cluster.this.engine_version, "5.7.mysql_aurora.2.")
    error_message = "db.t3.small is orderable only on Aurora MySQL 2; the pinned engine must be a 2.x version."
  }

  assert {
    condition     = aws_rds_cluster.this.iam_database_authentication_enabled == false
    error_message = "Aurora MySQL does not support IAM database authentication on db.t3.small; enabling it fails instance creation."
  }

  assert {
    condition     = alltrue([for i in aws_rds_cluster_instance.this : i.publicly_accessible == false])
    error_message = "Instances must not be publicly accessible."
  }
}

run "recommended_class_switches_to_aurora_mysql_3" {
  command = plan

  variables {
    instance_class = "db.t4g.medium"
  }

  assert {
    condition     = startswith(aws_rds_cluster.this.engine_version, "8.0.mysql_aurora.3.") && alltrue([for i in aws_rds_cluster_instance.this : i.instance_class == "db.t4g.medium"])
    error_message = "Any class but db.t3.small must run on Aurora MySQL 3."
  }

  assert {
    condition     = aws_rds_cluster.this.iam_database_authentication_enabled
    error_message = "IAM database authentication must be on where the class supports it."
  }
}

run "rejects_a_password_with_a_space" {
  command = plan

  variables {
    master_password = "abc defgh"
  }

  expect_failures = [var.master_password]
}

# Each forbidden character on its own, so dropping one from the rule fails a run.
run "rejects_a_password_with_a_slash" {
  command = plan

  variables {
    master_password = "abc/defgh"
  }

  expect_failures = [var.master_password]
}

run "rejects_a_password_with_a_double_quote" {
  command = plan

  variables {
    master_password = "abc\"defgh"
  }

  expect_failures = [var.master_password]
}

run "rejects_a_password_with_a_non_ascii_character" {
  command = plan

  variables {
    master_password = "abcdéfghij"
  }

  expect_failures = [var.master_password]
}

run "rejects_a_password_with_a_tab" {
  command = plan

  variables {
    master_password = "abc\tdefgh"
  }

  expect_failures = [var.master_password]
}

run "rejects_a_short_password" {
  command = plan

  variables {
    master_password = "Sh0rt!"
  }

  expect_failures = [var.master_password]
}

run "rejects_a_password_longer_than_41" {
  command = plan

  variables {
    master_password = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" # 42 characters
  }

  expect_failures = [var.master_password]
}

run "accepts_an_8_character_password" {
  command = plan

  variables {
    master_password = "aB3!x?_~"
  }

  assert {
    condition     = aws_rds_cluster.this.master_username == "dbadmin"
    error_message = "An 8-character password of allowed symbols must be accepted."
  }
}

run "accepts_a_41_character_password_with_allowed_symbols" {
  command = plan

  variables {
    master_password = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa#$%&~" # 41 characters
  }

  assert {
    condition     = aws_rds_cluster.this.master_username == "dbadmin"
    error_message = "A 41-character password of allowed symbols must be accepted."
  }
}

# Each invalid value below must be rejected by its own variable's validation.
run "rejects_invalid_input" {
  command = plan

  variables {
    master_password         = "abc@defgh"
    instance_count          = 1
    backup_retention_period = 36
  }

  expect_failures = [
    var.master_password,
    var.instance_count,
    var.backup_retention_period,
  ]
}
