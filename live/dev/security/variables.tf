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

variable "vpc_id" {
  type        = string
  description = "ID of the VPC (network.vpc_id)."
}

variable "s3_kms_key_arn" {
  type        = string
  description = "ARN of the S3 encryption key (kms.s3_kms_key_arn) the instances may use."
}

variable "app_log_group_name" {
  type        = string
  description = "Name of the application log group; null derives lg-app-logs-<environment>, the name the observability layer creates."
  default     = null
}

variable "metrics_namespace" {
  type        = string
  description = "CloudWatch namespace the instances may publish metrics to; null derives VideoStreaming/<environment>."
  default     = null
}
