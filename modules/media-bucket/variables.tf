variable "name" {
  type        = string
  description = "Name of the service; the bucket is <name>-storage-<account_id>."
  default     = "mediaserver"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}[a-z0-9]$", var.name))
    error_message = "The name must be 3-22 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "account_id" {
  type        = string
  description = "AWS account ID appended to the bucket name for global uniqueness."

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "The account_id must be a 12-digit AWS account ID."
  }
}

variable "cors_allowed_origins" {
  type        = list(string)
  description = "Origins browsers may upload from and fetch with (the guide's [\"*\"] suits development only)."

  validation {
    condition     = length(var.cors_allowed_origins) > 0 && alltrue([for o in var.cors_allowed_origins : o == "*" || can(regex("^https?://[^/]+$", o))])
    error_message = "The cors_allowed_origins must be \"*\" or origins such as https://app.example.com (scheme and host, no path)."
  }
}

variable "cors_max_age_seconds" {
  type        = number
  description = "Seconds browsers may cache a CORS preflight answer."
  default     = 3000

  validation {
    condition     = var.cors_max_age_seconds >= 0
    error_message = "The cors_max_age_seconds must not be negative."
  }
}

variable "force_destroy" {
  type        = bool
  description = "Whether destroy may delete the bucket while it still holds objects (the guide: true, for testing)."
  default     = true
}

variable "infrequent_access_after_days" {
  type        = number
  description = "Days after which objects move to STANDARD_IA (S3 needs at least 30)."
  default     = 30

  validation {
    condition     = var.infrequent_access_after_days >= 30
    error_message = "The infrequent_access_after_days must be at least 30: S3 refuses earlier STANDARD_IA transitions."
  }
}

variable "glacier_after_days" {
  type        = number
  description = "Days after which objects move to GLACIER; at least 30 days after the STANDARD_IA move."
  default     = 90

  validation {
    condition     = var.glacier_after_days >= 1
    error_message = "The glacier_after_days must be at least 1."
  }
}

variable "abort_incomplete_upload_days" {
  type        = number
  description = "Days after which incomplete multipart uploads are aborted."
  default     = 7

  validation {
    condition     = var.abort_incomplete_upload_days >= 1
    error_message = "The abort_incomplete_upload_days must be at least 1."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags merged into every resource of the module."
  default     = {}
}
