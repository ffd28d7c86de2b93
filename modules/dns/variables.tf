variable "environment" {
  type        = string
  description = "Environment name used in tags ({type}-{purpose}-{environment})."

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,9}$", var.environment))
    error_message = "The environment must be 2-10 lowercase letters or digits, starting with a letter (e.g. \"dev\")."
  }
}

variable "zone_name" {
  type        = string
  description = "Name of the public hosted zone (the domain need not be registered for the zone to exist)."

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.zone_name))
    error_message = "The zone_name must be a lowercase domain name without a trailing dot, e.g. streaming-platform-dev.example.com."
  }
}

variable "cdn_record_name" {
  type        = string
  description = "Label of the alias record pointing at CloudFront (cdn => cdn.<zone_name>)."
  default     = "cdn"

  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", var.cdn_record_name))
    error_message = "The cdn_record_name must be a single DNS label."
  }
}

variable "api_record_name" {
  type        = string
  description = "Label of the alias record pointing at the ALB (api => api.<zone_name>)."
  default     = "api"

  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", var.api_record_name))
    error_message = "The api_record_name must be a single DNS label."
  }
}

variable "cloudfront_domain_name" {
  type        = string
  description = "Domain name of the CloudFront distribution."
}

variable "cloudfront_hosted_zone_id" {
  type        = string
  description = "Hosted zone ID of CloudFront (alias target zone)."
}

variable "alb_dns_name" {
  type        = string
  description = "DNS name of the ALB."
}

variable "alb_zone_id" {
  type        = string
  description = "Hosted zone ID of the ALB (alias target zone)."
}

variable "force_destroy" {
  type        = bool
  description = "Whether destroy may delete the zone while it still holds records made outside Terraform."
  default     = true
}

variable "tags" {
  type        = map(string)
  description = "Tags merged into every resource of the module."
  default     = {}
}
