mock_provider "aws" {
  # The real provider validates a bucket policy as JSON: the mock must return some.
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }

  mock_resource "aws_s3_bucket" {
    defaults = {
      arn = "arn:aws:s3:::mediaserver-storage-123456789012"
    }
  }
}

variables {
  account_id           = "123456789012"
  cors_allowed_origins = ["*"]
  tags                 = { Project = "mediaserver" }
}

run "bucket_is_hardened_as_the_guide_asks" {
  command = apply

  assert {
    condition     = module.bucket.bucket.bucket == "mediaserver-storage-123456789012" && module.bucket.bucket.force_destroy == true
    error_message = "The bucket must be mediaserver-storage-<account_id> with force_destroy."
  }

  assert {
    condition     = one(one(module.bucket.encryption.rule).apply_server_side_encryption_by_default).sse_algorithm == "AES256"
    error_message = "Default encryption must be SSE-S3 (AES256)."
  }

  assert {
    condition     = one(module.bucket.versioning.versioning_configuration).status == "Enabled"
    error_message = "Versioning must be enabled."
  }

  assert {
    condition     = module.bucket.public_access_block.block_public_acls && module.bucket.public_access_block.block_public_policy && module.bucket.public_access_block.ignore_public_acls && module.bucket.public_access_block.restrict_public_buckets
    error_message = "All four public access blocks must be on."
  }

  assert {
    condition     = one(module.bucket.ownership_controls.rule).object_ownership == "BucketOwnerEnforced"
    error_message = "ACLs must be disabled (BucketOwnerEnforced)."
  }
}

run "cors_allows_the_four_methods_from_the_given_origins" {
  command = plan

  variables {
    cors_allowed_origins = ["https://media.example.com"]
  }

  assert {
    condition     = one(aws_s3_bucket_cors_configuration.this.cors_rule).allowed_methods == toset(["GET", "PUT", "POST", "DELETE"])
    error_message = "CORS must allow GET, PUT, POST and DELETE."
  }

  assert {
    condition     = one(aws_s3_bucket_cors_configuration.this.cors_rule).allowed_origins == toset(["https://media.example.com"])
    error_message = "CORS origins must be the input, not a hard-coded *."
  }
}

run "lifecycle_tiers_ia_30_glacier_90_aborts_after_7" {
  command = plan

  assert {
    condition     = length(aws_s3_bucket_lifecycle_configuration.this.rule) == 1 && aws_s3_bucket_lifecycle_configuration.this.rule[0].status == "Enabled"
    error_message = "One enabled lifecycle rule is expected."
  }

  assert {
    condition     = length(aws_s3_bucket_lifecycle_configuration.this.rule[0].filter) == 1 && length(aws_s3_bucket_lifecycle_configuration.this.rule[0].filter[0].and) == 0 && length(aws_s3_bucket_lifecycle_configuration.this.rule[0].filter[0].tag) == 0
    error_message = "The rule must carry an empty filter {} (every object)."
  }

  assert {
    condition     = { for t in aws_s3_bucket_lifecycle_configuration.this.rule[0].transition : t.storage_class => t.days } == { STANDARD_IA = 30, GLACIER = 90 }
    error_message = "Objects must move to STANDARD_IA after 30 days and to GLACIER after 90."
  }

  assert {
    condition     = aws_s3_bucket_lifecycle_configuration.this.rule[0].abort_incomplete_multipart_upload[0].days_after_initiation == 7
    error_message = "Incomplete multipart uploads must be aborted after 7 days."
  }
}

run "bucket_policy_denies_plain_http" {
  command = plan

  assert {
    condition     = module.bucket.policy_document.statement[0].effect == "Deny" && one(module.bucket.policy_document.statement[0].condition).variable == "aws:SecureTransport" && one(module.bucket.policy_document.statement[0].condition).values == tolist(["false"])
    error_message = "The bucket policy must deny requests without TLS."
  }

  assert {
    condition     = module.bucket.policy_document.statement[0].resources == toset(["arn:aws:s3:::mediaserver-storage-123456789012", "arn:aws:s3:::mediaserver-storage-123456789012/*"])
    error_message = "The TLS rule must cover the bucket and its objects."
  }

  assert {
    condition     = length(module.bucket.policy_document.statement) == 1
    error_message = "The TLS rule must be the policy's only statement (no root or KMS statements for an SSE-S3 bucket)."
  }
}

run "rejects_invalid_input" {
  command = plan

  variables {
    account_id                   = "12345"
    cors_allowed_origins         = ["media.example.com/path"]
    infrequent_access_after_days = 10
  }

  expect_failures = [var.account_id, var.cors_allowed_origins, var.infrequent_access_after_days]
}

run "glacier_needs_30_days_after_ia" {
  command = plan

  variables {
    glacier_after_days = 45
  }

  expect_failures = [aws_s3_bucket_lifecycle_configuration.this]
}
