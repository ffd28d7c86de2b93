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
  description = "AWS account ID; only its alarms may publish to the topic."

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "The account_id must be a 12-digit AWS account ID."
  }
}

variable "region" {
  type        = string
  description = "Region of the metrics shown on the dashboard."
}

variable "kms_key_arn" {
  type        = string
  description = "ARN of the customer-managed key encrypting the topic and the log group; its policy must let cloudwatch.amazonaws.com and logs.<region>.amazonaws.com use it."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "The kms_key_arn must be a KMS key ARN (a customer-managed key: CloudWatch cannot publish to a topic under an AWS-managed key)."
  }
}

variable "app_log_group_name" {
  type        = string
  description = "Name of the application log group."
}

variable "log_retention_days" {
  type        = number
  description = "Days the application logs are kept."
  default     = 1

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "The log_retention_days must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ...)."
  }
}

variable "asg_name" {
  type        = string
  description = "Name of the Auto Scaling group whose average CPU is watched."
}

variable "alb_arn_suffix" {
  type        = string
  description = "ARN suffix of the ALB (LoadBalancer metric dimension)."
}

variable "target_group_arn_suffix" {
  type        = string
  description = "ARN suffix of the target group (TargetGroup metric dimension)."
}

variable "aurora_cluster_id" {
  type        = string
  description = "Identifier of the Aurora cluster (DBClusterIdentifier metric dimension)."
}

variable "asg_cpu_threshold" {
  type        = number
  description = "Average ASG CPU percentage above which the alarm fires (two consecutive five-minute periods)."
  default     = 80

  validation {
    condition     = var.asg_cpu_threshold > 0 && var.asg_cpu_threshold <= 100
    error_message = "The asg_cpu_threshold must be a percentage in (0, 100]."
  }
}

variable "aurora_cpu_threshold" {
  type        = number
  description = "Aurora CPU percentage above which the alarm fires."
  default     = 75

  validation {
    condition     = var.aurora_cpu_threshold > 0 && var.aurora_cpu_threshold <= 100
    error_message = "The aurora_cpu_threshold must be a percentage in (0, 100]."
  }
}

variable "alb_5xx_threshold" {
  type        = number
  description = "Number of target 5xx responses per five minutes above which the alarm fires."
  default     = 10

  validation {
    condition     = var.alb_5xx_threshold >= 0
    error_message = "The alb_5xx_threshold must not be negative."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags merged into every resource of the module."
  default     = {}
}
