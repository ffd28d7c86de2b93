# The real provider validates what the mocks return: the bucket policy must be valid JSON
# (the assertions below read the document's statements, not this JSON).
mock_provider "aws" {
  mock_resource "aws_cloudfront_distribution" {
    defaults = {
      arn = "arn:aws:cloudfront::123456789012:distribution/E2EXAMPLE"
    }
  }

  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
}

variables {
  environment                        = "dev"
  account_id                         = "123456789012"
  alb_dns_name                       = "alb-web-dev-123456.us-west-2.elb.amazonaws.com"
  static_bucket_name                 = "s3-static-assets-dev-123456789012"
  static_bucket_arn                  = "arn:aws:s3:::s3-static-assets-dev-123456789012"
  static_bucket_regional_domain_name = "s3-static-assets-dev-123456789012.s3.us-west-2.amazonaws.com"
  logs_bucket_domain_name            = "s3-cloudfront-logs-dev-123456789012.s3.amazonaws.com"
  kms_key_arn                        = "arn:aws:kms:us-west-2:123456789012:key/11111111-2222-3333-4444-555555555555"
  tags                               = { Team = "platform" }
}

run "distribution_serves_api_from_the_alb_and_static_from_s3" {
  assert {
    condition     = aws_cloudfront_distribution.this.enabled && aws_cloudfront_distribution.this.price_class == "PriceClass_100"
    error_message = "The distribution must be enabled with PriceClass_100."
  }

  assert {
    condition     = toset([for o in aws_cloudfront_distribution.this.origin : o.domain_name]) == toset([var.alb_dns_name, var.static_bucket_regional_domain_name])
    error_message = "The distribution must have the ALB and the static bucket as its two origins."
  }

  assert {
    condition     = one([for o in aws_cloudfront_distribution.this.origin : o.origin_access_control_id if o.domain_name == var.static_bucket_regional_domain_name]) == aws_cloudfront_origin_access_control.static.id
    error_message = "CloudFront must reach the bucket through the origin access control."
  }

  assert {
    condition     = aws_cloudfront_origin_access_control.static.origin_access_control_origin_type == "s3" && aws_cloudfront_origin_access_control.static.signing_behavior == "always" && aws_cloudfront_origin_access_control.static.signing_protocol == "sigv4"
    error_message = "The origin access control must always sign S3 requests with SigV4."
  }

  assert {
    condition     = aws_cloudfront_distribution.this.default_cache_behavior[0].target_origin_id == "alb-api" && aws_cloudfront_distribution.this.default_cache_behavior[0].allowed_methods == toset(["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"])
    error_message = "The default behaviour must send all seven methods to the ALB origin."
  }

  assert {
    condition     = aws_cloudfront_distribution.this.ordered_cache_behavior[0].path_pattern == "/static/*" && aws_cloudfront_distribution.this.ordered_cache_behavior[0].target_origin_id == "s3-static-assets"
    error_message = "/static/* must be served from the S3 origin."
  }

  assert {
    condition     = aws_cloudfront_distribution.this.ordered_cache_behavior[0].allowed_methods == toset(["GET", "HEAD", "OPTIONS"]) && aws_cloudfront_distribution.this.ordered_cache_behavior[0].cached_methods == toset(["GET", "HEAD"])
    error_message = "/static/* must allow only GET, HEAD and OPTIONS, caching GET and HEAD."
  }

  assert {
    condition     = aws_cloudfront_distribution.this.ordered_cache_behavior[0].cache_policy_id == "658327ea-f89d-4fab-a63d-7e88639e58f6"
    error_message = "/static/* must be cached (managed CachingOptimized policy)."
  }

  assert {
    condition     = aws_cloudfront_distribution.this.default_cache_behavior[0].response_headers_policy_id == "67f7725c-6f97-4210-82d7-5512b31e9d03" && aws_cloudfront_distribution.this.ordered_cache_behavior[0].response_headers_policy_id == "67f7725c-6f97-4210-82d7-5512b31e9d03"
    error_message = "Both behaviours must add the managed security headers (HSTS and friends)."
  }

  assert {
    condition     = aws_cloudfront_distribution.this.viewer_certificate[0].cloudfront_default_certificate
    error_message = "The default CloudFront certificate must be used."
  }

  assert {
    condition     = toset([for r in aws_cloudfront_distribution.this.custom_error_response : r.error_code]) == toset([404, 500])
    error_message = "Basic error responses for 404 and 500 must be configured."
  }

  assert {
    condition     = { for r in aws_cloudfront_distribution.this.custom_error_response : tostring(r.error_code) => r.error_caching_min_ttl } == { "404" = 10, "500" = 0 }
    error_message = "A 404 is cached 10 seconds and a 500 not at all, so a fixed origin is seen at once."
  }

  assert {
    condition     = aws_cloudfront_distribution.this.logging_config[0].bucket == var.logs_bucket_domain_name
    error_message = "Access logs must go to the CloudFront-logs bucket."
  }

  assert {
    condition     = aws_cloudfront_distribution.this.default_cache_behavior[0].viewer_protocol_policy == "redirect-to-https" && aws_cloudfront_distribution.this.ordered_cache_behavior[0].viewer_protocol_policy == "redirect-to-https"
    error_message = "Viewers must be redirected to HTTPS."
  }
}

run "static_bucket_policy_lets_only_this_distribution_read" {
  assert {
    condition     = aws_s3_bucket_policy.static.bucket == var.static_bucket_name
    error_message = "The edge module must own the static bucket's policy."
  }

  assert {
    condition     = data.aws_iam_policy_document.static_bucket.statement[0].sid == "AllowRootAccountFullAccess"
    error_message = "The static bucket policy must grant root access first."
  }

  assert {
    condition     = one(data.aws_iam_policy_document.static_bucket.statement[1].principals).identifiers == toset(["cloudfront.amazonaws.com"]) && one(data.aws_iam_policy_document.static_bucket.statement[1].condition).values == tolist(["arn:aws:cloudfront::123456789012:distribution/E2EXAMPLE"])
    error_message = "Only this distribution (AWS:SourceArn) may read through CloudFront."
  }

  assert {
    condition     = data.aws_iam_policy_document.static_bucket.statement[2].effect == "Deny" && one(data.aws_iam_policy_document.static_bucket.statement[2].condition).variable == "aws:SecureTransport"
    error_message = "The static bucket must deny requests without TLS."
  }

  assert {
    condition     = data.aws_iam_policy_document.static_bucket.statement[3].effect == "Deny" && one(data.aws_iam_policy_document.static_bucket.statement[3].condition).values == tolist(["aws:kms"])
    error_message = "The static bucket must deny uploads that are not SSE-KMS."
  }
}

# Each invalid value below must be rejected by its own variable's validation.
run "rejects_invalid_input" {
  command = plan

  variables {
    price_class           = "PriceClass_50"
    error_caching_min_ttl = { "200" = 10 }
  }

  expect_failures = [
    var.price_class,
    var.error_caching_min_ttl,
  ]
}
