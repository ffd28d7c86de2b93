module "dns" {
  source = "../../../modules/dns"

  environment               = var.environment
  zone_name                 = coalesce(var.zone_name, "streaming-platform-${var.environment}.example.com")
  cloudfront_domain_name    = var.cloudfront_domain_name
  cloudfront_hosted_zone_id = var.cloudfront_hosted_zone_id
  alb_dns_name              = var.alb_dns_name
  alb_zone_id               = var.alb_zone_id
}
