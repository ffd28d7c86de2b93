variable "environment" {
  type        = string
  description = "Environment name used in resource names ({type}-{purpose}-{environment})."

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,9}$", var.environment))
    error_message = "The environment must be 2-10 lowercase letters or digits, starting with a letter (e.g. \"dev\")."
  }
}

variable "account_id" {
  type        = string
  description = "AWS account ID; its root keeps full access to the static bucket."

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "The account_id must be a 12-digit AWS account ID."
  }
}

variable "alb_dns_name" {
  type        = string
  description = "DNS name of the ALB, the origin of the default (API) behaviour."
}

variable "static_bucket_name" {
  type        = string
  description = "Name of the static-assets bucket; this module owns its only bucket policy."
}

variable "static_bucket_arn" {
  type        = string
  description = "ARN of the static-assets bucket."
}

variable "static_bucket_regional_domain_name" {
  type        = string
  description = "Regional domain name of the static-assets bucket, the S3 origin."
}

variable "logs_bucket_domain_name" {
  type        = string
  description = "Domain name of the bucket receiving CloudFront standard access logs."
}

variable "kms_key_arn" {
  type        = string
  description = "ARN of the KMS key the static bucket encrypts with; uploads with any other key are denied."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "The kms_key_arn must be a KMS key ARN."
  }
}

variable "price_class" {
  type        = string
  description = "CloudFront price class (PriceClass_100: North America and Europe edge locations)."
  default     = "PriceClass_100"

  validation {
    condition     = contains(["PriceClass_100", "PriceClass_200", "PriceClass_All"], var.price_class)
    error_message = "The price_class must be PriceClass_100, PriceClass_200 or PriceClass_All."
  }
}

variable "static_path_pattern" {
  type        = string
  description = "Path pattern served from the static-assets bucket."
  default     = "/static/*"

  validation {
    condition     = length(var.static_path_pattern) > 0 && length(var.static_path_pattern) <= 255
    error_message = "The static_path_pattern must be 1-255 characters."
  }
}

variable "log_prefix" {
  type        = string
  description = "Key prefix of the access logs in the logs bucket."
  default     = "cloudfront/"
}

variable "error_caching_min_ttl" {
  type        = map(number)
  description = "HTTP error code => seconds CloudFront caches that error (the basic 404 and 500 responses)."
  default = {
    "404" = 10
    "500" = 0
  }

  validation {
    condition     = alltrue([for code, ttl in var.error_caching_min_ttl : contains(["400", "403", "404", "405", "414", "416", "500", "501", "502", "503", "504"], code) && ttl >= 0])
    error_message = "The error_caching_min_ttl keys must be HTTP error codes CloudFront can customise (4xx/5xx) with non-negative TTLs."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags merged into every resource of the module."
  default     = {}
}
