variable "name" {
  type        = string
  description = "Name of the service, the prefix of the role and policy names."
  default     = "mediaserver"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}[a-z0-9]$", var.name))
    error_message = "The name must be 3-22 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "account_id" {
  type        = string
  description = "AWS account ID whose ECS tasks alone may assume the roles."

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "The account_id must be a 12-digit AWS account ID."
  }
}

variable "region" {
  type        = string
  description = "Region of the SSM parameters (the kms:ViaService condition names ssm.<region>.amazonaws.com)."

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "The region must be an AWS region name such as us-west-2."
  }
}

variable "partition" {
  type        = string
  description = "AWS partition of the managed policy ARN."
  default     = "aws"
}

variable "bucket_arn" {
  type        = string
  description = "ARN of the media bucket the application reads, writes and lists."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket_arn))
    error_message = "The bucket_arn must be an S3 bucket ARN (arn:aws:s3:::name), not an object ARN."
  }
}

variable "ssm_parameter_arns" {
  type        = list(string)
  description = "ARNs of the SSM parameters the execution role may read (the task definition's secrets)."

  validation {
    condition     = length(var.ssm_parameter_arns) > 0 && alltrue([for a in var.ssm_parameter_arns : can(regex("^arn:aws[a-z-]*:ssm:[a-z0-9-]+:[0-9]{12}:parameter/[^*]+$", a))])
    error_message = "The ssm_parameter_arns must be a non-empty list of SSM parameter ARNs without wildcards."
  }
}

variable "ssm_kms_key_arn" {
  type        = string
  description = "ARN of the KMS key encrypting the SecureString parameters (the AWS-managed aws/ssm key by default)."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/", var.ssm_kms_key_arn))
    error_message = "The ssm_kms_key_arn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)."
  }
}

variable "app_log_group_arn" {
  type        = string
  description = "ARN of the application log group the task may write to (without a trailing :*)."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:logs:[a-z0-9-]+:[0-9]{12}:log-group:[^*]+[^:*]$", var.app_log_group_arn))
    error_message = "The app_log_group_arn must be a log group ARN without wildcards or a trailing :*."
  }
}

variable "metrics_namespace" {
  type        = string
  description = "The only CloudWatch namespace the application may publish custom metrics to."
  default     = "MediaServer"

  validation {
    condition     = length(var.metrics_namespace) > 0 && !startswith(var.metrics_namespace, "AWS/")
    error_message = "The metrics_namespace must be non-empty and must not start with the reserved prefix AWS/."
  }
}

variable "enable_execute_command" {
  type        = bool
  description = "Whether the task role gets the SSM message channels ECS Exec needs."
  default     = true
}

variable "tags" {
  type        = map(string)
  description = "Tags merged into every resource of the module."
  default     = {}
}
