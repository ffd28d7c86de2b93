variable "name" {
  type        = string
  description = "Name of the service; the dashboard is <name>-dashboard."
  default     = "mediaserver"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}[a-z0-9]$", var.name))
    error_message = "The name must be 3-22 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "region" {
  type        = string
  description = "Region of the metrics shown on the dashboard."

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "The region must be an AWS region name such as us-west-2."
  }
}

variable "log_group_names" {
  type        = list(string)
  description = "Names of the log groups to create (container output, application logs)."

  validation {
    condition     = length(var.log_group_names) > 0 && alltrue([for n in var.log_group_names : can(regex("^[A-Za-z0-9_/.#-]{1,512}$", n))])
    error_message = "The log_group_names must be valid CloudWatch log group names (letters, digits, _ / . # -)."
  }
}

variable "log_retention_days" {
  type        = number
  description = "Days the logs are kept."
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "The log_retention_days must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ...)."
  }
}

variable "cluster_name" {
  type        = string
  description = "ECS cluster of the service on the dashboard (ClusterName dimension)."
}

variable "service_name" {
  type        = string
  description = "ECS service on the dashboard (ServiceName dimension)."
}

variable "bucket_name" {
  type        = string
  description = "Media bucket on the dashboard (BucketName dimension)."
}

variable "tags" {
  type        = map(string)
  description = "Tags merged into every resource of the module."
  default     = {}
}
