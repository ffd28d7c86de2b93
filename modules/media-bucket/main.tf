locals {
  # The account ID instead of the guide's random suffix: globally unique, and
  # deterministic, so tests and other layers can name the bucket without reading it.
  bucket_name = "${var.name}-storage-${var.account_id}"
}

# The shared hardened bucket (the platform's buckets too): SSE-S3 as the guide asks,
# versioning, ACLs off, all four public access blocks, a TLS-only bucket policy.
module "bucket" {
  source = "../s3-bucket"

  bucket        = local.bucket_name
  force_destroy = var.force_destroy

  tags = var.tags
}

# Browsers upload and fetch media directly; restrict the origins outside development.
resource "aws_s3_bucket_cors_configuration" "this" {
  bucket = module.bucket.id

  cors_rule {
    allowed_methods = ["GET", "PUT", "POST", "DELETE"]
    allowed_origins = var.cors_allowed_origins
    allowed_headers = ["*"]
    expose_headers  = ["ETag"]
    max_age_seconds = var.cors_max_age_seconds
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  bucket = module.bucket.id

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
  depends_on = [module.bucket]

  lifecycle {
    precondition {
      condition     = var.glacier_after_days >= var.infrequent_access_after_days + 30
      error_message = "The glacier_after_days must be at least 30 days after infrequent_access_after_days: S3 bills STANDARD_IA objects for 30 days minimum and refuses a shorter gap."
    }
  }
}

# Where the bucket's resources lived before the s3-bucket module was shared.
moved {
  from = aws_s3_bucket.this
  to   = module.bucket.aws_s3_bucket.this
}

moved {
  from = aws_s3_bucket_ownership_controls.this
  to   = module.bucket.aws_s3_bucket_ownership_controls.this
}

moved {
  from = aws_s3_bucket_public_access_block.this
  to   = module.bucket.aws_s3_bucket_public_access_block.this
}

moved {
  from = aws_s3_bucket_server_side_encryption_configuration.this
  to   = module.bucket.aws_s3_bucket_server_side_encryption_configuration.this
}

moved {
  from = aws_s3_bucket_versioning.this
  to   = module.bucket.aws_s3_bucket_versioning.this
}

moved {
  from = aws_s3_bucket_policy.this
  to   = module.bucket.aws_s3_bucket_policy.this[0]
}
