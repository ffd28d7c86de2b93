resource "aws_route53_zone" "this" {
  # checkov:skip=CKV2_AWS_38: DNSSEC signing needs an asymmetric KMS key in us-east-1 and a registered parent domain; example.com is not delegated
  # checkov:skip=CKV2_AWS_39: query logging needs a log group in us-east-1; out of scope for dev
  name          = var.zone_name
  comment       = "zone-streaming-${var.environment}"
  force_destroy = var.force_destroy

  tags = merge(var.tags, { Name = "zone-streaming-${var.environment}" })
}

# CloudFront alias targets do not support health evaluation (AWS requires false).
resource "aws_route53_record" "cdn" {
  zone_id = aws_route53_zone.this.zone_id
  name    = "${var.cdn_record_name}.${var.zone_name}"
  type    = "A"

  alias {
    name                   = var.cloudfront_domain_name
    zone_id                = var.cloudfront_hosted_zone_id
    evaluate_target_health = false
  }
}

# Evaluating the ALB's health lets Route 53 fail over when the load balancer is unhealthy.
resource "aws_route53_record" "api" {
  zone_id = aws_route53_zone.this.zone_id
  name    = "${var.api_record_name}.${var.zone_name}"
  type    = "A"

  alias {
    name                   = var.alb_dns_name
    zone_id                = var.alb_zone_id
    evaluate_target_health = true
  }
}
