locals {
  s3_origin_id  = "s3-static-assets"
  alb_origin_id = "alb-api"

  # AWS managed policies (fixed IDs, documented by CloudFront; no lookup needed). The
  # managed SecurityHeadersPolicy (HSTS, nosniff, frame options, referrer policy, XSS
  # protection) rather than our own: the local emulator (moto) cannot create response
  # headers policies.
  cache_policy_caching_disabled     = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  cache_policy_caching_optimized    = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  origin_request_policy_all_viewer  = "216adef6-5c7f-47e4-b989-5492eafa07d3"
  response_headers_security_headers = "67f7725c-6f97-4210-82d7-5512b31e9d03"
  origin_request_policy_cors_s3     = "88a5eaf4-2fd4-4709-b370-b4c650ea3fcf"
  all_methods                       = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
}

resource "aws_cloudfront_origin_access_control" "static" {
  name                              = "oac-static-assets-${var.environment}"
  description                       = "CloudFront reads the static-assets bucket with SigV4"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

resource "aws_cloudfront_distribution" "this" {
  # checkov:skip=CKV_AWS_68: no WAF in dev (cost); add a web ACL per environment when needed
  # checkov:skip=CKV2_AWS_47: no WAF in dev, so no Log4j managed rule
  # checkov:skip=CKV_AWS_174: the default CloudFront certificate is required (no ACM validation); it does not allow pinning TLS 1.2
  # checkov:skip=CKV2_AWS_42: the default CloudFront certificate is required (no ACM validation)
  # checkov:skip=CKV2_AWS_54: the default CloudFront certificate is required; its minimum protocol cannot be raised
  # checkov:skip=CKV_AWS_310: one API origin (the ALB spans three zones); no origin group in dev
  # checkov:skip=CKV2_AWS_32: both behaviours attach the AWS-managed SecurityHeadersPolicy by ID, which this graph check cannot follow
  # checkov:skip=CKV_AWS_374: the platform serves viewers worldwide; no geo restriction
  comment             = "cf-streaming-${var.environment}"
  enabled             = true
  is_ipv6_enabled     = true
  http_version        = "http2and3"
  price_class         = var.price_class
  default_root_object = "index.html"

  origin {
    origin_id                = local.s3_origin_id
    domain_name              = var.static_bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.static.id
  }

  # The ALB only has an HTTP listener (no ACM certificate), so CloudFront reaches it
  # over HTTP; viewers still get HTTPS at the edge.
  origin {
    origin_id   = local.alb_origin_id
    domain_name = var.alb_dns_name

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "http-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id           = local.alb_origin_id
    allowed_methods            = local.all_methods
    cached_methods             = ["GET", "HEAD"]
    viewer_protocol_policy     = "redirect-to-https"
    compress                   = true
    cache_policy_id            = local.cache_policy_caching_disabled
    origin_request_policy_id   = local.origin_request_policy_all_viewer
    response_headers_policy_id = local.response_headers_security_headers
  }

  ordered_cache_behavior {
    path_pattern               = var.static_path_pattern
    target_origin_id           = local.s3_origin_id
    allowed_methods            = ["GET", "HEAD", "OPTIONS"]
    cached_methods             = ["GET", "HEAD"]
    viewer_protocol_policy     = "redirect-to-https"
    compress                   = true
    cache_policy_id            = local.cache_policy_caching_optimized
    origin_request_policy_id   = local.origin_request_policy_cors_s3
    response_headers_policy_id = local.response_headers_security_headers
  }

  dynamic "custom_error_response" {
    for_each = var.error_caching_min_ttl

    content {
      error_code            = tonumber(custom_error_response.key)
      error_caching_min_ttl = custom_error_response.value
    }
  }

  logging_config {
    bucket          = var.logs_bucket_domain_name
    prefix          = var.log_prefix
    include_cookies = false
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = true
  }

  tags = merge(var.tags, { Name = "cf-streaming-${var.environment}" })
}

# The static bucket's only policy (a second aws_s3_bucket_policy would overwrite it):
# root access first, CloudFront reads through the OAC of this distribution only,
# TLS only, and no upload asking for anything but SSE-KMS with the bucket's key.
data "aws_iam_policy_document" "static_bucket" {
  statement {
    sid       = "AllowRootAccountFullAccess"
    actions   = ["s3:*"]
    resources = [var.static_bucket_arn, "${var.static_bucket_arn}/*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${var.account_id}:root"]
    }
  }

  statement {
    sid       = "AllowCloudFrontOriginAccessControlRead"
    actions   = ["s3:GetObject"]
    resources = ["${var.static_bucket_arn}/*"]

    principals {
      type        = "Service"
      identifiers = ["cloudfront.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "AWS:SourceArn"
      values   = [aws_cloudfront_distribution.this.arn]
    }
  }

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [var.static_bucket_arn, "${var.static_bucket_arn}/*"]

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
    resources = ["${var.static_bucket_arn}/*"]

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
    resources = ["${var.static_bucket_arn}/*"]

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

resource "aws_s3_bucket_policy" "static" {
  bucket = var.static_bucket_name
  policy = data.aws_iam_policy_document.static_bucket.json
}
