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
  description = "Environment name, the Environment tag of every resource."
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
    Project   = "mediaserver"
    ManagedBy = "terraform"
  }
}

variable "name" {
  type        = string
  description = "Name of the service, the prefix of every resource name (the guide: mediaserver)."
  default     = "mediaserver"
}

variable "bucket_arn" {
  type        = string
  description = "ARN of the media bucket (storage.bucket_arn)."
}

variable "ssm_parameter_arns" {
  type        = list(string)
  description = "ARNs of the SSM parameters (config.parameter_arns)."
}

variable "ssm_kms_key_arn" {
  type        = string
  description = "ARN of the SecureString key (config.ssm_kms_key_arn)."
}

variable "app_log_group_arn" {
  type        = string
  description = "ARN of the application log group (monitoring.app_log_group_arn)."
}
