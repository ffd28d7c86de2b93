variable "environment" {
  type        = string
  description = "Environment name used in bucket names (s3-{purpose}-{environment}-{account_id})."

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,9}$", var.environment))
    error_message = "The environment must be 2-10 lowercase letters or digits, starting with a letter (e.g. \"dev\")."
  }
}

variable "account_id" {
  type        = string
  description = "AWS account ID appended to bucket names for global uniqueness; its root keeps full bucket access."

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "The account_id must be a 12-digit AWS account ID."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "ARN of the customer-managed KMS key used for default bucket encryption (SSE-KMS)."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "The kms_key_arn must be a KMS key ARN."
  }
}

variable "force_destroy" {
  type        = bool
  description = "Whether destroy may delete buckets that still hold objects (true for clean test teardown)."
  default     = true
}

variable "log_transition_days" {
  type        = number
  description = "Days after which CloudFront access logs move to Glacier."
  default     = 7

  validation {
    condition     = var.log_transition_days >= 1
    error_message = "The log_transition_days must be at least 1."
  }
}

variable "log_expiration_days" {
  type        = number
  description = "Days after which CloudFront access logs expire; must be later than the Glacier transition."
  default     = 30

  validation {
    condition     = var.log_expiration_days >= 2
    error_message = "The log_expiration_days must be at least 2."
  }
}

variable "abort_incomplete_upload_days" {
  type        = number
  description = "Days after which incomplete multipart uploads are aborted, in every bucket."
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
