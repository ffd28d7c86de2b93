output "route53_zone_id" {
  description = "ID of the public hosted zone."
  value       = aws_route53_zone.this.zone_id
}

output "route53_zone_name" {
  description = "Name of the public hosted zone."
  value       = aws_route53_zone.this.name
}

output "route53_name_servers" {
  description = "Name servers of the zone, to delegate the domain to."
  value       = aws_route53_zone.this.name_servers
}

output "cdn_record_fqdn" {
  description = "Fully qualified name of the CloudFront alias record."
  value       = aws_route53_record.cdn.fqdn
}

output "api_record_fqdn" {
  description = "Fully qualified name of the ALB alias record."
  value       = aws_route53_record.api.fqdn
}
