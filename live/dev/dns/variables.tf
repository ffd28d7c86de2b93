variable "region" {
  type        = string
  description = "AWS region the layer deploys to."
  default     = "us-west-2"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "The region must be an AWS region name such as us-west-2."
  }
}

variable "environment" {
  type        = string
  description = "Environment name, used in every resource name ({type}-{purpose}-{environment}) and the Environment tag."
  default     = "dev"

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,9}$", var.environment))
    error_message = "The environment must be 2-10 lowercase letters or digits, starting with a letter (e.g. \"dev\")."
  }
}

variable "default_tags" {
  type        = map(string)
  description = "Tags applied to every resource through the provider; Environment is always set from var.environment."
  default = {
    Project   = "video-streaming"
    ManagedBy = "terraform"
  }
}

variable "zone_name" {
  type        = string
  description = "Name of the public hosted zone; null derives streaming-platform-<environment>.example.com."
  default     = null
}

variable "cloudfront_domain_name" {
  type        = string
  description = "Domain name of the distribution (cdn.cloudfront_domain_name)."
}

variable "cloudfront_hosted_zone_id" {
  type        = string
  description = "Hosted zone ID of CloudFront (cdn.cloudfront_hosted_zone_id)."
}

variable "alb_dns_name" {
  type        = string
  description = "DNS name of the ALB (compute.alb_dns_name)."
}

variable "alb_zone_id" {
  type        = string
  description = "Hosted zone ID of the ALB (compute.alb_zone_id)."
}
