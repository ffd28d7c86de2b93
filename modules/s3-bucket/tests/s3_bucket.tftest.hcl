mock_provider "aws" {
  # The real provider validates a bucket policy as JSON: the mock must return some.
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }

  mock_resource "aws_s3_bucket" {
    defaults = {
      arn = "arn:aws:s3:::bucket-test-123456789012"
    }
  }
}

variables {
  bucket = "bucket-test-123456789012"
  tags   = { Team = "platform", Name = "overridden" }
}

run "defaults_harden_an_sse_s3_bucket" {
  command = apply

  assert {
    condition     = aws_s3_bucket.this.bucket == "bucket-test-123456789012" && aws_s3_bucket.this.force_destroy == false && aws_s3_bucket.this.tags == tomap({ Team = "platform", Name = "bucket-test-123456789012" })
    error_message = "The bucket must carry its name, keep its objects on destroy by default and be tagged with the caller's tags and its name."
  }

  assert {
    condition     = aws_s3_bucket_public_access_block.this.block_public_acls && aws_s3_bucket_public_access_block.this.block_public_policy && aws_s3_bucket_public_access_block.this.ignore_public_acls && aws_s3_bucket_public_access_block.this.restrict_public_buckets
    error_message = "All four public access blocks must be on."
  }

  assert {
    condition     = one(aws_s3_bucket_versioning.this.versioning_configuration).status == "Enabled" && one(aws_s3_bucket_ownership_controls.this.rule).object_ownership == "BucketOwnerEnforced"
    error_message = "Versioning must be on and ACLs off (BucketOwnerEnforced)."
  }

  assert {
    condition     = one(one(aws_s3_bucket_server_side_encryption_configuration.this.rule).apply_server_side_encryption_by_default).sse_algorithm == "AES256" && one(one(aws_s3_bucket_server_side_encryption_configuration.this.rule).apply_server_side_encryption_by_default).kms_master_key_id == null
    error_message = "Without a KMS key the default encryption must be SSE-S3 (AES256)."
  }

  assert {
    condition     = length(data.aws_iam_policy_document.this[0].statement) == 1 && data.aws_iam_policy_document.this[0].statement[0].sid == "DenyInsecureTransport" && data.aws_iam_policy_document.this[0].statement[0].effect == "Deny" && one(data.aws_iam_policy_document.this[0].statement[0].condition).variable == "aws:SecureTransport" && one(data.aws_iam_policy_document.this[0].statement[0].condition).values == tolist(["false"])
    error_message = "Without a root account or KMS key the policy must only deny requests without TLS."
  }

  assert {
    condition     = data.aws_iam_policy_document.this[0].statement[0].resources == toset(["arn:aws:s3:::bucket-test-123456789012", "arn:aws:s3:::bucket-test-123456789012/*"]) && length(aws_s3_bucket_policy.this) == 1
    error_message = "The TLS rule must cover the bucket and its objects, in the attached policy."
  }
}

run "kms_key_and_root_account_make_the_platforms_policy" {
  command = plan

  variables {
    kms_key_arn            = "arn:aws:kms:us-west-2:123456789012:key/11111111-2222-3333-4444-555555555555"
    root_access_account_id = "123456789012"
    object_ownership       = "BucketOwnerPreferred"
    force_destroy          = true
  }

  assert {
    condition     = one(one(aws_s3_bucket_server_side_encryption_configuration.this.rule).apply_server_side_encryption_by_default).sse_algorithm == "aws:kms" && one(one(aws_s3_bucket_server_side_encryption_configuration.this.rule).apply_server_side_encryption_by_default).kms_master_key_id == var.kms_key_arn && one(aws_s3_bucket_server_side_encryption_configuration.this.rule).bucket_key_enabled
    error_message = "With a KMS key the default encryption must be SSE-KMS with that key and a bucket key."
  }

  assert {
    condition     = [for s in data.aws_iam_policy_document.this[0].statement : s.sid] == ["AllowRootAccountFullAccess", "DenyInsecureTransport", "DenyUploadsNotEncryptedWithKms", "DenyUploadsWithAnotherKmsKey"]
    error_message = "The policy must grant the root first, then deny plain HTTP, then deny non-KMS uploads and uploads with another key."
  }

  assert {
    condition     = one(data.aws_iam_policy_document.this[0].statement[0].principals).identifiers == toset(["arn:aws:iam::123456789012:root"]) && data.aws_iam_policy_document.this[0].statement[0].actions == toset(["s3:*"])
    error_message = "The first statement must give the account root full access."
  }

  assert {
    condition     = one(data.aws_iam_policy_document.this[0].statement[2].condition).values == tolist(["aws:kms"]) && one(data.aws_iam_policy_document.this[0].statement[3].condition).values == tolist([var.kms_key_arn]) && data.aws_iam_policy_document.this[0].statement[3].actions == toset(["s3:PutObject"]) && data.aws_iam_policy_document.this[0].statement[3].resources == toset(["arn:aws:s3:::bucket-test-123456789012/*"])
    error_message = "Uploads must be denied unless they ask for SSE-KMS with this key."
  }

  assert {
    condition     = one(aws_s3_bucket_ownership_controls.this.rule).object_ownership == "BucketOwnerPreferred" && aws_s3_bucket.this.force_destroy
    error_message = "The caller's object ownership and force_destroy must be used."
  }
}

run "another_module_may_own_the_policy" {
  command = plan

  variables {
    attach_policy = false
  }

  assert {
    condition     = length(aws_s3_bucket_policy.this) == 0 && length(data.aws_iam_policy_document.this) == 0
    error_message = "With attach_policy false the module must attach no policy (a bucket holds one)."
  }
}

# Each invalid value below must be rejected by its own variable's validation.
run "rejects_invalid_input" {
  command = plan

  variables {
    bucket                 = "Bucket_Test"
    object_ownership       = "ObjectWriter"
    kms_key_arn            = "11111111-2222-3333-4444-555555555555"
    root_access_account_id = "12345"
  }

  expect_failures = [var.bucket, var.object_ownership, var.kms_key_arn, var.root_access_account_id]
}
