mock_provider "aws" {
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
}

variables {
  environment = "dev"
  account_id  = "123456789012"
  region      = "us-west-2"
  tags        = { Team = "platform" }
}

run "keys_rotate_and_delete_after_seven_days" {
  command = plan

  assert {
    condition     = aws_kms_key.aurora.enable_key_rotation && aws_kms_key.s3.enable_key_rotation
    error_message = "Both keys must rotate automatically."
  }

  assert {
    condition     = aws_kms_key.aurora.deletion_window_in_days == 7 && aws_kms_key.s3.deletion_window_in_days == 7
    error_message = "Both keys must have a 7-day deletion window."
  }

  assert {
    condition     = aws_kms_alias.aurora.name == "alias/aurora-encryption-dev" && aws_kms_alias.s3.name == "alias/s3-encryption-dev"
    error_message = "Aliases must be alias/aurora-encryption-dev and alias/s3-encryption-dev."
  }

  assert {
    condition     = aws_kms_key.aurora.tags["Name"] == "kms-aurora-encryption-dev" && aws_kms_key.s3.tags["Name"] == "kms-s3-encryption-dev"
    error_message = "Keys must be named kms-{purpose}-dev."
  }

  assert {
    condition     = aws_kms_key.s3.tags["Team"] == "platform"
    error_message = "Caller tags must be merged into the keys."
  }
}

run "key_policies_keep_root_first_and_grant_services" {
  command = plan

  assert {
    condition     = one(data.aws_iam_policy_document.aurora.statement[0].principals).identifiers == toset(["arn:aws:iam::123456789012:root"]) && data.aws_iam_policy_document.aurora.statement[0].actions == toset(["kms:*"])
    error_message = "The Aurora key policy must give the account root full access first."
  }

  assert {
    condition     = one(data.aws_iam_policy_document.s3.statement[0].principals).identifiers == toset(["arn:aws:iam::123456789012:root"])
    error_message = "The S3 key policy must give the account root full access first."
  }

  assert {
    condition     = one(data.aws_iam_policy_document.aurora.statement[1].principals).identifiers == toset(["rds.amazonaws.com"]) && contains(tolist(data.aws_iam_policy_document.aurora.statement[1].actions), "kms:Decrypt") && contains(tolist(data.aws_iam_policy_document.aurora.statement[1].actions), "kms:GenerateDataKey*")
    error_message = "The Aurora key must let rds.amazonaws.com GenerateDataKey and Decrypt."
  }

  assert {
    condition     = one(data.aws_iam_policy_document.s3.statement[1].principals).identifiers == toset(["s3.amazonaws.com"]) && contains(tolist(data.aws_iam_policy_document.s3.statement[1].actions), "kms:Decrypt") && contains(tolist(data.aws_iam_policy_document.s3.statement[1].actions), "kms:GenerateDataKey*")
    error_message = "The S3 key must let s3.amazonaws.com GenerateDataKey and Decrypt."
  }

  assert {
    condition     = contains(flatten([for s in data.aws_iam_policy_document.s3.statement : [for p in s.principals : tolist(p.identifiers)]]), "cloudwatch.amazonaws.com")
    error_message = "The S3 key encrypts the alarm topic, so CloudWatch must be able to use it."
  }

  assert {
    condition = alltrue([
      for s in data.aws_iam_policy_document.s3.statement :
      contains(tolist(s.actions), "kms:GenerateDataKey*") && contains(tolist(s.actions), "kms:Decrypt")
      if contains(flatten([for p in s.principals : tolist(p.identifiers)]), "cloudwatch.amazonaws.com")
    ])
    error_message = "CloudWatch must be allowed GenerateDataKey* and Decrypt on the topic's key (else alarms cannot publish)."
  }

  assert {
    condition     = contains(flatten([for s in data.aws_iam_policy_document.s3.statement : [for p in s.principals : tolist(p.identifiers)]]), "logs.us-west-2.amazonaws.com")
    error_message = "The S3 key encrypts the log group, so CloudWatch Logs of the region must be able to use it."
  }
}

# Each invalid value below must be rejected by its own variable's validation.
run "rejects_invalid_input" {
  command = plan

  variables {
    deletion_window_in_days = 6
    account_id              = "12345"
    environment             = "Dev_1"
  }

  expect_failures = [
    var.deletion_window_in_days,
    var.account_id,
    var.environment,
  ]
}
