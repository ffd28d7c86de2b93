locals {
  # The account ID instead of the guide's random suffix: globally unique, and
  # deterministic, so tests and other layers can name the bucket without reading it.
  bucket_name = "${var.name}-storage-${var.account_id}"
}

resource "aws_s3_bucket" "this" {
  # checkov:skip=CKV_AWS_18: no access-log bucket in this stack; CloudTrail data events are the audit trail to add
  # checkov:skip=CKV_AWS_144: cross-region replication is not part of the guide
  # checkov:skip=CKV2_AWS_62: no consumer of S3 event notifications exists
  # checkov:skip=CKV_AWS_145: the guide asks for SSE-S3 (AES256); a customer-managed key would also need grants for every reader
  bucket        = local.bucket_name
  force_destroy = var.force_destroy

  tags = merge(var.tags, { Name = local.bucket_name })

  lifecycle {
    precondition {
      condition     = var.glacier_after_days >= var.infrequent_access_after_days + 30
      error_message = "The glacier_after_days must be at least 30 days after infrequent_access_after_days: S3 bills STANDARD_IA objects for 30 days minimum and refuses a shorter gap."
    }
  }
}

# ACLs off: the bucket owner owns every object, whoever uploads it.
resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket                  = aws_s3_bucket.this.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id

  versioning_configuration {
    status = "Enabled"
  }
}

# Browsers upload and fetch media directly; restrict the origins outside development.
resource "aws_s3_bucket_cors_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  cors_rule {
    allowed_methods = ["GET", "PUT", "POST", "DELETE"]
    allowed_origins = var.cors_allowed_origins
    allowed_headers = ["*"]
    expose_headers  = ["ETag"]
    max_age_seconds = var.cors_max_age_seconds
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    id     = "media-tiering"
    status = "Enabled"

    # An empty filter applies the rule to every object (provider 5.x wants one).
    filter {}

    transition {
      days          = var.infrequent_access_after_days
      storage_class = "STANDARD_IA"
    }

    transition {
      days          = var.glacier_after_days
      storage_class = "GLACIER"
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = var.abort_incomplete_upload_days
    }
  }

  # A lifecycle rule written while versioning is being enabled can be rejected.
  depends_on = [aws_s3_bucket_versioning.this]
}

data "aws_iam_policy_document" "bucket" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.this.arn, "${aws_s3_bucket.this.arn}/*"]

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
}

resource "aws_s3_bucket_policy" "this" {
  bucket = aws_s3_bucket.this.id
  policy = data.aws_iam_policy_document.bucket.json

  # A policy write while the public access block is being set can be rejected.
  depends_on = [aws_s3_bucket_public_access_block.this]
}
