mock_provider "aws" {}

variables {
  environment               = "dev"
  zone_name                 = "streaming-platform-dev.example.com"
  cloudfront_domain_name    = "d111111abcdef8.cloudfront.net"
  cloudfront_hosted_zone_id = "Z2FDTNDATAQYW2"
  alb_dns_name              = "alb-web-dev-123456.us-west-2.elb.amazonaws.com"
  alb_zone_id               = "Z1H1FL5HABSF5"
  tags                      = { Team = "platform" }
}

run "zone_with_cdn_and_api_alias_records" {
  command = plan

  assert {
    condition     = aws_route53_zone.this.name == "streaming-platform-dev.example.com" && aws_route53_zone.this.tags["Team"] == "platform"
    error_message = "The hosted zone must be streaming-platform-dev.example.com with the caller's tags."
  }

  assert {
    condition     = aws_route53_record.cdn.name == "cdn.streaming-platform-dev.example.com" && aws_route53_record.cdn.type == "A"
    error_message = "cdn.streaming-platform-dev.example.com must be an A record."
  }

  assert {
    condition     = one(aws_route53_record.cdn.alias).name == var.cloudfront_domain_name && one(aws_route53_record.cdn.alias).zone_id == "Z2FDTNDATAQYW2"
    error_message = "The cdn record must alias the CloudFront distribution."
  }

  assert {
    condition     = aws_route53_record.api.name == "api.streaming-platform-dev.example.com" && aws_route53_record.api.type == "A"
    error_message = "api.streaming-platform-dev.example.com must be an A record."
  }

  assert {
    condition     = one(aws_route53_record.api.alias).name == var.alb_dns_name && one(aws_route53_record.api.alias).zone_id == "Z1H1FL5HABSF5"
    error_message = "The api record must alias the ALB."
  }

  assert {
    condition     = one(aws_route53_record.api.alias).evaluate_target_health == true
    error_message = "The ALB alias must evaluate target health."
  }

  assert {
    condition     = one(aws_route53_record.cdn.alias).evaluate_target_health == false
    error_message = "CloudFront alias targets do not support health evaluation."
  }
}

# Each invalid value below must be rejected by its own variable's validation.
run "rejects_invalid_input" {
  command = plan

  variables {
    zone_name       = "streaming-platform-dev.example.com."
    api_record_name = "api.v2"
  }

  expect_failures = [
    var.zone_name,
    var.api_record_name,
  ]
}
