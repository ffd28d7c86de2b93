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

variable "s3_kms_key_arn" {
  type        = string
  description = "ARN of the key encrypting the topic and the log group (kms.s3_kms_key_arn)."
}

variable "asg_name" {
  type        = string
  description = "Auto Scaling group name (compute.asg_name)."
}

variable "alb_arn_suffix" {
  type        = string
  description = "ALB ARN suffix (compute.alb_arn_suffix)."
}

variable "target_group_arn_suffix" {
  type        = string
  description = "Target group ARN suffix (compute.target_group_arn_suffix)."
}

variable "aurora_cluster_id" {
  type        = string
  description = "Aurora cluster identifier (database.aurora_cluster_id)."
}

variable "app_log_group_name" {
  type        = string
  description = "Name of the application log group; null derives lg-app-logs-<environment>, the name the security layer grants access to."
  default     = null
}
