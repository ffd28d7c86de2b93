variable "bucket" {
  type        = string
  description = "Name of the bucket (globally unique: callers add the account ID)."

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket))
    error_message = "The bucket must be 3-63 lowercase letters, digits, dots or hyphens, starting and ending with a letter or digit."
  }
}

variable "force_destroy" {
  type        = bool
  description = "Whether destroy may delete the bucket while it still holds objects."
  default     = false
}

variable "object_ownership" {
  type        = string
  description = "Object ownership: BucketOwnerEnforced (ACLs off), or BucketOwnerPreferred for writers that need ACLs (CloudFront standard logging)."
  default     = "BucketOwnerEnforced"

  validation {
    condition     = contains(["BucketOwnerEnforced", "BucketOwnerPreferred"], var.object_ownership)
    error_message = "The object_ownership must be BucketOwnerEnforced or BucketOwnerPreferred."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key for default encryption (SSE-KMS with a bucket key; uploads asking for other encryption are denied); null: SSE-S3 (AES256)."
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "The kms_key_arn must be a KMS key ARN, or null for SSE-S3."
  }
}

variable "attach_policy" {
  type        = bool
  description = "Whether this module attaches the bucket policy; false when another module owns it (a bucket holds one policy)."
  default     = true
}

variable "root_access_account_id" {
  type        = string
  description = "Account whose root keeps full access, as the policy's first statement (the denials cannot lock it out); null: no such statement."
  default     = null

  validation {
    condition     = var.root_access_account_id == null || can(regex("^[0-9]{12}$", var.root_access_account_id))
    error_message = "The root_access_account_id must be a 12-digit AWS account ID, or null."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags of the bucket; its Name tag is the bucket name."
  default     = {}
}
