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
}

# Each bucket is the shared hardened bucket (the media server's too): SSE-KMS with the
# platform's key, the account root first in its policy, then TLS only and KMS uploads only.
module "bucket" {
  source   = "../s3-bucket"
  for_each = local.buckets

  bucket                 = "s3-${each.key}-${var.environment}-${var.account_id}"
  force_destroy          = var.force_destroy
  object_ownership       = each.value.object_ownership
  kms_key_arn            = var.kms_key_arn
  root_access_account_id = var.account_id
  attach_policy          = contains(local.policy_buckets, each.key)

  tags = merge(var.tags, { Purpose = each.key })
}

resource "aws_s3_bucket_lifecycle_configuration" "cloudfront_logs" {
  bucket = module.bucket["cloudfront-logs"].id

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

  # A rule written while versioning is being enabled can be rejected.
  depends_on = [module.bucket]

  lifecycle {
    precondition {
      condition     = var.log_expiration_days > var.log_transition_days
      error_message = "The log_expiration_days must be greater than log_transition_days (objects move to Glacier before they expire)."
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "housekeeping" {
  for_each = toset(["static-assets", "app-logs"])

  bucket = module.bucket[each.key].id

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

  # A rule written while versioning is being enabled can be rejected.
  depends_on = [module.bucket]
}
