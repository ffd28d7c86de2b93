variable "environment" {
  type        = string
  description = "Environment name used in resource names ({type}-{purpose}-{environment})."

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,9}$", var.environment))
    error_message = "The environment must be 2-10 lowercase letters or digits, starting with a letter (e.g. \"dev\")."
  }
}

variable "vpc_id" {
  type        = string
  description = "ID of the VPC the security groups belong to."
}

variable "alb_ingress_cidrs" {
  type        = list(string)
  description = "IPv4 CIDR blocks allowed to reach the ALB over HTTP."
  default     = ["0.0.0.0/0"]

  validation {
    condition     = length(var.alb_ingress_cidrs) > 0 && alltrue([for c in var.alb_ingress_cidrs : can(cidrhost(c, 0))])
    error_message = "The alb_ingress_cidrs must be a non-empty list of IPv4 CIDR blocks."
  }
}

variable "http_port" {
  type        = number
  description = "Port the ALB listens on and the instances serve HTTP on."
  default     = 80

  validation {
    condition     = var.http_port >= 1 && var.http_port <= 65535
    error_message = "The http_port must be between 1 and 65535."
  }
}

variable "database_port" {
  type        = number
  description = "Port Aurora MySQL listens on."
  default     = 3306

  validation {
    condition     = var.database_port >= 1150 && var.database_port <= 65535
    error_message = "The database_port must be between 1150 and 65535, as RDS requires."
  }
}

variable "app_logs_bucket_arn" {
  type        = string
  description = "ARN of the application-logs bucket the instances may write objects to."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.app_logs_bucket_arn))
    error_message = "The app_logs_bucket_arn must be an S3 bucket ARN (arn:aws:s3:::name), not an object ARN."
  }
}

variable "s3_kms_key_arn" {
  type        = string
  description = "ARN of the KMS key encrypting the buckets; the instances may decrypt and generate data keys with it."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:", var.s3_kms_key_arn))
    error_message = "The s3_kms_key_arn must be a KMS key ARN."
  }
}

variable "app_log_group_arn" {
  type        = string
  description = "ARN of the application CloudWatch log group (without a trailing :*)."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:logs:[a-z0-9-]+:[0-9]{12}:log-group:[^*]+$", var.app_log_group_arn))
    error_message = "The app_log_group_arn must be a log group ARN without wildcards or a trailing :*."
  }
}

variable "metrics_namespace" {
  type        = string
  description = "The only CloudWatch namespace the instances may publish custom metrics to."

  validation {
    condition     = length(var.metrics_namespace) > 0 && !startswith(var.metrics_namespace, "AWS/")
    error_message = "The metrics_namespace must be non-empty and must not start with the reserved prefix AWS/."
  }
}

variable "max_session_duration" {
  type        = number
  description = "Maximum session duration of the EC2 role, in seconds."
  default     = 3600

  validation {
    condition     = var.max_session_duration >= 3600 && var.max_session_duration <= 43200
    error_message = "The max_session_duration must be between 3600 and 43200 seconds."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags merged into every resource of the module."
  default     = {}
}
