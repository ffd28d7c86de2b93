mock_provider "aws" {}

variables {
  environment = "dev"
  account_id  = "123456789012"
  kms_key_arn = "arn:aws:kms:us-west-2:123456789012:key/11111111-2222-3333-4444-555555555555"
  tags        = { Team = "platform" }
}

run "three_buckets_named_with_the_account_id" {
  command = plan

  assert {
    condition     = toset([for b in module.bucket : b.bucket.bucket]) == toset(["s3-static-assets-dev-123456789012", "s3-app-logs-dev-123456789012", "s3-cloudfront-logs-dev-123456789012"])
    error_message = "Buckets must be named s3-{purpose}-dev-{account_id}."
  }

  assert {
    condition     = alltrue([for b in module.bucket : b.bucket.force_destroy])
    error_message = "Every bucket must have force_destroy for clean teardown."
  }

  assert {
    condition     = alltrue([for k, b in module.bucket : b.bucket.tags["Team"] == "platform" && b.bucket.tags["Purpose"] == k])
    error_message = "Caller tags and the Purpose tag must be merged into the buckets."
  }

  assert {
    condition     = alltrue([for b in module.bucket : b.bucket.tags["Name"] == b.bucket.bucket])
    error_message = "Each bucket's Name tag must be its s3-{purpose}-dev-{account_id} name."
  }
}

run "every_bucket_is_versioned_kms_encrypted_and_private" {
  command = plan

  assert {
    condition     = length(module.bucket) == 3 && alltrue([for b in module.bucket : b.versioning.versioning_configuration[0].status == "Enabled"])
    error_message = "Versioning must be enabled on all three buckets."
  }

  assert {
    condition = alltrue([
      for b in module.bucket :
      one(one(b.encryption.rule).apply_server_side_encryption_by_default).sse_algorithm == "aws:kms" && one(one(b.encryption.rule).apply_server_side_encryption_by_default).kms_master_key_id == var.kms_key_arn && one(b.encryption.rule).bucket_key_enabled
    ])
    error_message = "All three buckets must default to SSE-KMS with the customer-managed key and a bucket key."
  }

  assert {
    condition = alltrue([
      for b in module.bucket :
      b.public_access_block.block_public_acls && b.public_access_block.block_public_policy && b.public_access_block.ignore_public_acls && b.public_access_block.restrict_public_buckets
    ])
    error_message = "All four public access block settings must be on for every bucket."
  }

  assert {
    condition     = module.bucket["static-assets"].ownership_controls.rule[0].object_ownership == "BucketOwnerEnforced" && module.bucket["app-logs"].ownership_controls.rule[0].object_ownership == "BucketOwnerEnforced" && module.bucket["cloudfront-logs"].ownership_controls.rule[0].object_ownership == "BucketOwnerPreferred"
    error_message = "Only the CloudFront-logs bucket may keep ACLs (CloudFront standard logging needs them)."
  }
}

run "cloudfront_logs_go_to_glacier_after_7_days_and_expire_after_30" {
  command = plan

  assert {
    condition     = aws_s3_bucket_lifecycle_configuration.cloudfront_logs.rule[0].status == "Enabled" && aws_s3_bucket_lifecycle_configuration.cloudfront_logs.rule[0].filter[0].prefix == ""
    error_message = "The log lifecycle rule must be enabled with a filter covering every object."
  }

  assert {
    condition     = one(aws_s3_bucket_lifecycle_configuration.cloudfront_logs.rule[0].transition).days == 7 && one(aws_s3_bucket_lifecycle_configuration.cloudfront_logs.rule[0].transition).storage_class == "GLACIER"
    error_message = "CloudFront logs must move to Glacier after 7 days."
  }

  assert {
    condition     = aws_s3_bucket_lifecycle_configuration.cloudfront_logs.rule[0].expiration[0].days == 30
    error_message = "CloudFront logs must expire after 30 days."
  }
}

run "bucket_policies_put_root_first_then_deny_insecure_and_unencrypted" {
  command = plan

  assert {
    condition     = toset([for k, b in module.bucket : k if b.policy_document != null]) == toset(["app-logs", "cloudfront-logs"])
    error_message = "Storage must not attach a policy to the static bucket (the cdn layer owns its only policy)."
  }

  assert {
    condition = alltrue([
      for d in [for b in module.bucket : b.policy_document if b.policy_document != null] :
      d.statement[0].sid == "AllowRootAccountFullAccess" && one(d.statement[0].principals).identifiers == toset(["arn:aws:iam::123456789012:root"])
    ])
    error_message = "Each bucket policy must first grant the account root full access."
  }

  assert {
    condition = alltrue([
      for d in [for b in module.bucket : b.policy_document if b.policy_document != null] :
      d.statement[1].effect == "Deny" && one(d.statement[1].condition).variable == "aws:SecureTransport" && one(d.statement[1].condition).values == tolist(["false"]) && one(d.statement[1].principals).identifiers == toset(["*"])
    ])
    error_message = "Each bucket policy must deny requests without TLS."
  }

  assert {
    condition = alltrue([
      for d in [for b in module.bucket : b.policy_document if b.policy_document != null] :
      d.statement[2].effect == "Deny" && d.statement[2].actions == toset(["s3:PutObject"]) && one(d.statement[2].condition).variable == "s3:x-amz-server-side-encryption" && one(d.statement[2].condition).values == tolist(["aws:kms"])
    ])
    error_message = "Each bucket policy must deny uploads that are not SSE-KMS."
  }

  assert {
    condition = alltrue([
      for d in [for b in module.bucket : b.policy_document if b.policy_document != null] :
      length(d.statement) == 4 && d.statement[3].effect == "Deny" && one(d.statement[3].condition).variable == "s3:x-amz-server-side-encryption-aws-kms-key-id" && one(d.statement[3].condition).values == tolist([var.kms_key_arn])
    ])
    error_message = "Each bucket policy must end by denying uploads with another KMS key."
  }
}

run "rejects_expiry_before_the_glacier_transition" {
  command = plan

  variables {
    log_transition_days = 30
    log_expiration_days = 7
  }

  expect_failures = [aws_s3_bucket_lifecycle_configuration.cloudfront_logs]
}

# Each invalid value below must be rejected by its own variable's validation.
run "rejects_invalid_input" {
  command = plan

  variables {
    account_id  = "account"
    kms_key_arn = "11111111-2222-3333-4444-555555555555"
  }

  expect_failures = [
    var.account_id,
    var.kms_key_arn,
  ]
}
