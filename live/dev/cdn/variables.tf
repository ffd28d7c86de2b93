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

variable "alb_dns_name" {
  type        = string
  description = "DNS name of the ALB, the API origin (compute.alb_dns_name)."
}

variable "static_assets_bucket_name" {
  type        = string
  description = "Static-assets bucket name (storage.static_assets_bucket_name)."
}

variable "static_assets_bucket_arn" {
  type        = string
  description = "Static-assets bucket ARN (storage.static_assets_bucket_arn)."
}

variable "static_assets_bucket_regional_domain_name" {
  type        = string
  description = "Static-assets bucket regional domain name (storage.static_assets_bucket_regional_domain_name)."
}

variable "cloudfront_logs_bucket_domain_name" {
  type        = string
  description = "CloudFront logs bucket domain name (storage.cloudfront_logs_bucket_domain_name)."
}

variable "s3_kms_key_arn" {
  type        = string
  description = "ARN of the S3 encryption key (kms.s3_kms_key_arn)."
}
