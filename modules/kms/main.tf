locals {
  root_arn = "arn:aws:iam::${var.account_id}:root"
}

# Key policies must name Resource "*" (it means "this key"), which checkov reads as an
# unconstrained IAM policy; the skips below say so once per document.
data "aws_iam_policy_document" "aurora" {
  # checkov:skip=CKV_AWS_109: a key policy's Resource "*" means this key only
  # checkov:skip=CKV_AWS_111: a key policy's Resource "*" means this key only
  # checkov:skip=CKV_AWS_356: a key policy's Resource "*" means this key only
  statement {
    sid       = "AllowRootAccountFullAccess"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.root_arn]
    }
  }

  statement {
    sid       = "AllowRdsToUseTheKey"
    actions   = ["kms:GenerateDataKey*", "kms:Decrypt", "kms:DescribeKey"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["rds.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [var.account_id]
    }
  }
}

# The S3 key also encrypts the alarm SNS topic and the application log group, so it
# lets the AWS services that write into those use it (see README: "Key choice").
data "aws_iam_policy_document" "s3" {
  # checkov:skip=CKV_AWS_109: a key policy's Resource "*" means this key only
  # checkov:skip=CKV_AWS_111: a key policy's Resource "*" means this key only
  # checkov:skip=CKV_AWS_356: a key policy's Resource "*" means this key only
  statement {
    sid       = "AllowRootAccountFullAccess"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.root_arn]
    }
  }

  statement {
    sid       = "AllowS3ToUseTheKey"
    actions   = ["kms:GenerateDataKey*", "kms:Decrypt"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [var.account_id]
    }
  }

  # CloudFront reads SSE-KMS objects of the static bucket through its origin access
  # control; the distribution ARN is not known yet, so any distribution of this account.
  statement {
    sid       = "AllowCloudFrontOriginAccessToDecrypt"
    actions   = ["kms:Decrypt"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["cloudfront.amazonaws.com"]
    }

    condition {
      test     = "ArnLike"
      variable = "AWS:SourceArn"
      values   = ["arn:aws:cloudfront::${var.account_id}:distribution/*"]
    }
  }

  # CloudFront standard logs are written by the log delivery service.
  statement {
    sid       = "AllowLogDeliveryToWriteCloudFrontLogs"
    actions   = ["kms:GenerateDataKey*"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["delivery.logs.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [var.account_id]
    }
  }

  # CloudWatch alarms publish to the KMS-encrypted SNS topic; with an AWS-managed
  # key CloudWatch could not, and alarms would go nowhere.
  statement {
    sid       = "AllowCloudWatchToPublishToEncryptedTopics"
    actions   = ["kms:GenerateDataKey*", "kms:Decrypt"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [var.account_id]
    }
  }

  statement {
    sid       = "AllowCloudWatchLogsToEncryptLogGroups"
    actions   = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["logs.${var.region}.amazonaws.com"]
    }

    condition {
      test     = "ArnLike"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values   = ["arn:aws:logs:${var.region}:${var.account_id}:log-group:*"]
    }
  }
}

resource "aws_kms_key" "aurora" {
  description             = "kms-aurora-encryption-${var.environment}: Aurora storage encryption"
  enable_key_rotation     = true
  deletion_window_in_days = var.deletion_window_in_days
  policy                  = data.aws_iam_policy_document.aurora.json

  tags = merge(var.tags, { Name = "kms-aurora-encryption-${var.environment}" })
}

resource "aws_kms_alias" "aurora" {
  name          = "alias/aurora-encryption-${var.environment}"
  target_key_id = aws_kms_key.aurora.key_id
}

resource "aws_kms_key" "s3" {
  description             = "kms-s3-encryption-${var.environment}: S3 buckets, alarm topic and log group encryption"
  enable_key_rotation     = true
  deletion_window_in_days = var.deletion_window_in_days
  policy                  = data.aws_iam_policy_document.s3.json

  tags = merge(var.tags, { Name = "kms-s3-encryption-${var.environment}" })
}

resource "aws_kms_alias" "s3" {
  name          = "alias/s3-encryption-${var.environment}"
  target_key_id = aws_kms_key.s3.key_id
}
