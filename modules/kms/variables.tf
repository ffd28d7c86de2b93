variable "environment" {
  type        = string
  description = "Environment name used in key descriptions and aliases (alias/aurora-encryption-<environment>)."

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,9}$", var.environment))
    error_message = "The environment must be 2-10 lowercase letters or digits, starting with a letter (e.g. \"dev\")."
  }
}

variable "account_id" {
  type        = string
  description = "AWS account ID that owns the keys; its root principal keeps full access to prevent lockouts."

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "The account_id must be a 12-digit AWS account ID."
  }
}

variable "region" {
  type        = string
  description = "Region of the keys, used to scope the CloudWatch Logs service principal (logs.<region>.amazonaws.com)."
}

variable "deletion_window_in_days" {
  type        = number
  description = "Days a scheduled key deletion waits before the key is destroyed (7 is the quickest clean-up AWS allows)."
  default     = 7

  validation {
    condition     = var.deletion_window_in_days >= 7 && var.deletion_window_in_days <= 30
    error_message = "The deletion_window_in_days must be between 7 and 30, as AWS KMS requires."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags merged into every resource of the module."
  default     = {}
}
