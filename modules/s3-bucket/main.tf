# One hardened bucket: owner-enforced objects (unless a caller needs ACLs), all four
# public access blocks, versioning, default encryption, and a bucket policy that keeps
# the account root's access (when asked), refuses plain HTTP and, with a KMS key,
# refuses uploads asking for other encryption. Lifecycle, CORS and logging rules are the
# callers': they differ per bucket.
locals {
  kms                = var.kms_key_arn != null
  bucket_and_objects = [aws_s3_bucket.this.arn, "${aws_s3_bucket.this.arn}/*"]
  # With SSE-KMS, in this order: uploads must ask for SSE-KMS, and for this key.
  kms_upload_denials = local.kms ? [
    { sid = "DenyUploadsNotEncryptedWithKms", header = "s3:x-amz-server-side-encryption", value = "aws:kms" },
    { sid = "DenyUploadsWithAnotherKmsKey", header = "s3:x-amz-server-side-encryption-aws-kms-key-id", value = var.kms_key_arn },
  ] : []
}

resource "aws_s3_bucket" "this" {
  # checkov:skip=CKV_AWS_18: server access logs cannot go to the platform's SSE-KMS buckets and the media stack has no log bucket; CloudTrail data events are the audit trail to add
  # checkov:skip=CKV_AWS_144: cross-region replication is out of scope for both stacks
  # checkov:skip=CKV2_AWS_62: no consumer of S3 event notifications exists
  # checkov:skip=CKV_AWS_145: callers choose: the platform passes its customer-managed key, the media guide asks for SSE-S3 (AES256)
  # checkov:skip=CKV2_AWS_61: lifecycle rules are the caller's (log tiering, media tiering), one resource per bucket
  bucket        = var.bucket
  force_destroy = var.force_destroy

  tags = merge(var.tags, { Name = var.bucket })
}

resource "aws_s3_bucket_ownership_controls" "this" {
  # checkov:skip=CKV2_AWS_65: callers choose: CloudFront standard logging writes through ACLs (BucketOwnerPreferred); the default is BucketOwnerEnforced
  bucket = aws_s3_bucket.this.id

  rule {
    object_ownership = var.object_ownership
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket                  = aws_s3_bucket.this.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = local.kms ? "aws:kms" : "AES256"
      kms_master_key_id = var.kms_key_arn
    }
    # S3 Bucket Keys cut KMS requests; they mean nothing for SSE-S3.
    bucket_key_enabled = local.kms ? true : null
  }
}

# Root access first (no lockout), then TLS only, then (SSE-KMS) no upload that asks
# for anything but SSE-KMS with this key. An upload without an encryption header gets
# the bucket default, so it is never stored unencrypted.
data "aws_iam_policy_document" "this" {
  count = var.attach_policy ? 1 : 0

  dynamic "statement" {
    for_each = var.root_access_account_id == null ? [] : [var.root_access_account_id]

    content {
      sid       = "AllowRootAccountFullAccess"
      actions   = ["s3:*"]
      resources = local.bucket_and_objects

      principals {
        type        = "AWS"
        identifiers = ["arn:aws:iam::${statement.value}:root"]
      }
    }
  }

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = local.bucket_and_objects

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

  dynamic "statement" {
    for_each = local.kms_upload_denials

    content {
      sid       = statement.value.sid
      effect    = "Deny"
      actions   = ["s3:PutObject"]
      resources = ["${aws_s3_bucket.this.arn}/*"]

      principals {
        type        = "*"
        identifiers = ["*"]
      }

      condition {
        test     = "StringNotEqualsIfExists"
        variable = statement.value.header
        values   = [statement.value.value]
      }
    }
  }
}

resource "aws_s3_bucket_policy" "this" {
  count = var.attach_policy ? 1 : 0

  bucket = aws_s3_bucket.this.id
  policy = data.aws_iam_policy_document.this[0].json

  # A policy write while the public access block is being set can be rejected.
  depends_on = [aws_s3_bucket_public_access_block.this]
}
