output "route53_zone_id" {
  description = "ID of the public hosted zone."
  value       = module.dns.route53_zone_id
}

output "route53_zone_name" {
  description = "Name of the public hosted zone."
  value       = module.dns.route53_zone_name
}

output "route53_name_servers" {
  description = "Name servers of the hosted zone."
  value       = module.dns.route53_name_servers
}

output "cdn_record_fqdn" {
  description = "Name of the A alias record pointing at CloudFront."
  value       = module.dns.cdn_record_fqdn
}

output "api_record_fqdn" {
  description = "Name of the A alias record pointing at the ALB."
  value       = module.dns.api_record_fqdn
}
