variable "name" {
  type        = string
  description = "Name of the service; parameters live under /<name>/."
  default     = "mediaserver"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}[a-z0-9]$", var.name))
    error_message = "The name must be 3-22 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "region" {
  type        = string
  description = "Region the application runs in (AWS_REGION of the app-config JSON)."

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "The region must be an AWS region name such as us-west-2."
  }
}

variable "bucket_name" {
  type        = string
  description = "Name of the media bucket (the s3-bucket-name parameter and S3_BUCKET of the app-config JSON)."

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket_name))
    error_message = "The bucket_name must be an S3 bucket name."
  }
}

variable "node_env" {
  type        = string
  description = "NODE_ENV of the app-config JSON."
  default     = "production"

  validation {
    condition     = contains(["production", "development", "test"], var.node_env)
    error_message = "The node_env must be production, development or test."
  }
}

variable "app_port" {
  type        = number
  description = "APP_PORT of the app-config JSON: the port the container serves on."
  default     = 3000

  validation {
    condition     = var.app_port >= 1 && var.app_port <= 65535
    error_message = "The app_port must be between 1 and 65535."
  }
}

variable "jwt_secret" {
  type        = string
  description = "The JWT signing secret, written write-only (never stored in plan or state); pass an ephemeral value."
  sensitive   = true
  ephemeral   = true

  validation {
    condition     = length(var.jwt_secret) == var.jwt_secret_length
    error_message = "The jwt_secret must have exactly jwt_secret_length characters."
  }
}

variable "jwt_secret_length" {
  type        = number
  description = "Length of the JWT secret (the guide: 32 characters)."
  default     = 32

  validation {
    condition     = var.jwt_secret_length >= 32
    error_message = "The jwt_secret_length must be at least 32: HS256 keys should carry at least 256 bits."
  }
}

variable "jwt_secret_version" {
  type        = number
  description = "Version of the written JWT secret: bump it to write a new value (rotation); unchanged, SSM keeps the old one."
  default     = 1

  validation {
    condition     = var.jwt_secret_version >= 1 && floor(var.jwt_secret_version) == var.jwt_secret_version
    error_message = "The jwt_secret_version must be a whole number, at least 1."
  }
}

variable "kms_key_id" {
  type        = string
  description = "KMS key (ID, ARN or alias) encrypting the SecureString parameter."
  default     = "alias/aws/ssm"
}

variable "tags" {
  type        = map(string)
  description = "Tags merged into every resource of the module."
  default     = {}
}
