locals {
  # purpose => settings. CloudFront standard logging writes through bucket ACLs, so
  # only the CloudFront-logs bucket keeps ACLs enabled (BucketOwnerPreferred).
  buckets = {
    static-assets   = { object_ownership = "BucketOwnerEnforced" }
    app-logs        = { object_ownership = "BucketOwnerEnforced" }
    cloudfront-logs = { object_ownership = "BucketOwnerPreferred" }
  }
  # The static bucket's policy lives in the edge module: it must name the CloudFront
  # distribution, and a bucket can hold only one policy.
  policy_buckets = toset(["app-logs", "cloudfront-logs"])
  root_arn       = "arn:aws:iam::${var.account_id}:root"
}

resource "aws_s3_bucket" "this" {
  # checkov:skip=CKV_AWS_18: server access logs cannot be delivered to SSE-KMS buckets, and every bucket here is SSE-KMS
  # checkov:skip=CKV_AWS_144: cross-region replication is out of scope for the dev environment
  # checkov:skip=CKV2_AWS_62: no consumer of S3 event notifications exists yet
  for_each = local.buckets

  bucket        = "s3-${each.key}-${var.environment}-${var.account_id}"
  force_destroy = var.force_destroy

  tags = merge(var.tags, { Name = "s3-${each.key}-${var.environment}-${var.account_id}", Purpose = each.key })

  lifecycle {
    precondition {
      condition     = var.log_expiration_days > var.log_transition_days
      error_message = "The log_expiration_days must be greater than log_transition_days (objects move to Glacier before they expire)."
    }
  }
}

resource "aws_s3_bucket_ownership_controls" "this" {
  # checkov:skip=CKV2_AWS_65: CloudFront standard logging writes through ACLs, so only the CloudFront-logs bucket keeps them (BucketOwnerPreferred); the others are BucketOwnerEnforced
  for_each = local.buckets

  bucket = aws_s3_bucket.this[each.key].id

  rule {
    object_ownership = local.buckets[each.key].object_ownership
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  for_each = local.buckets

  bucket                  = aws_s3_bucket.this[each.key].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "this" {
  for_each = local.buckets

  bucket = aws_s3_bucket.this[each.key].id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  for_each = local.buckets

  bucket = aws_s3_bucket.this[each.key].id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "cloudfront_logs" {
  bucket = aws_s3_bucket.this["cloudfront-logs"].id

  rule {
    id     = "logs-glacier-then-expire"
    status = "Enabled"

    # An empty prefix filter applies the rule to every object (provider 5.x wants a filter).
    filter {
      prefix = ""
    }

    transition {
      days          = var.log_transition_days
      storage_class = "GLACIER"
    }

    expiration {
      days = var.log_expiration_days
    }

    # Versioning keeps expired logs as noncurrent versions; remove those too.
    noncurrent_version_expiration {
      noncurrent_days = 1
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = var.abort_incomplete_upload_days
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}

resource "aws_s3_bucket_lifecycle_configuration" "housekeeping" {
  for_each = toset(["static-assets", "app-logs"])

  bucket = aws_s3_bucket.this[each.key].id

  rule {
    id     = "abort-incomplete-uploads"
    status = "Enabled"

    filter {
      prefix = ""
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = var.abort_incomplete_upload_days
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}

# Root access first (no lockout), then TLS only, then no upload that asks for
# anything but SSE-KMS with this module's key. An upload without an encryption
# header gets the bucket default (SSE-KMS), so it is never stored unencrypted.
data "aws_iam_policy_document" "bucket" {
  for_each = local.policy_buckets

  statement {
    sid       = "AllowRootAccountFullAccess"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.this[each.key].arn, "${aws_s3_bucket.this[each.key].arn}/*"]

    principals {
      type        = "AWS"
      identifiers = [local.root_arn]
    }
  }

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.this[each.key].arn, "${aws_s3_bucket.this[each.key].arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  statement {
    sid       = "DenyUploadsNotEncryptedWithKms"
    effect    = "Deny"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.this[each.key].arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "StringNotEqualsIfExists"
      variable = "s3:x-amz-server-side-encryption"
      values   = ["aws:kms"]
    }
  }

  statement {
    sid       = "DenyUploadsWithAnotherKmsKey"
    effect    = "Deny"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.this[each.key].arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "StringNotEqualsIfExists"
      variable = "s3:x-amz-server-side-encryption-aws-kms-key-id"
      values   = [var.kms_key_arn]
    }
  }
}

resource "aws_s3_bucket_policy" "this" {
  for_each = local.policy_buckets

  bucket = aws_s3_bucket.this[each.key].id
  policy = data.aws_iam_policy_document.bucket[each.key].json

  # A policy write while the public access block is being set can be rejected.
  depends_on = [aws_s3_bucket_public_access_block.this]
}
