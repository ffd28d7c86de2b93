variable "name" {
  type        = string
  description = "Name of the service, the prefix of the policy and alarm names."
  default     = "mediaserver"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}[a-z0-9]$", var.name))
    error_message = "The name must be 3-22 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "cluster_name" {
  type        = string
  description = "Name of the ECS cluster of the service."
}

variable "service_name" {
  type        = string
  description = "Name of the ECS service whose desired count is scaled."
}

variable "min_capacity" {
  type        = number
  description = "Fewest tasks the service scales in to."
  default     = 1

  validation {
    condition     = var.min_capacity >= 0
    error_message = "The min_capacity must not be negative."
  }
}

variable "max_capacity" {
  type        = number
  description = "Most tasks the service scales out to."
  default     = 10

  validation {
    condition     = var.max_capacity >= 1
    error_message = "The max_capacity must be at least 1."
  }
}

variable "scale_up_adjustment" {
  type        = number
  description = "Tasks added when the high-CPU alarm fires."
  default     = 1

  validation {
    condition     = var.scale_up_adjustment >= 1
    error_message = "The scale_up_adjustment must be at least 1."
  }
}

variable "scale_down_adjustment" {
  type        = number
  description = "Tasks added (negative: removed) when the low-CPU alarm fires."
  default     = -1

  validation {
    condition     = var.scale_down_adjustment <= -1
    error_message = "The scale_down_adjustment must be -1 or less."
  }
}

variable "cooldown_seconds" {
  type        = number
  description = "Seconds after a scaling activity before another one may start."
  default     = 300

  validation {
    condition     = var.cooldown_seconds >= 0
    error_message = "The cooldown_seconds must not be negative."
  }
}

variable "cpu_high_threshold" {
  type        = number
  description = "Average CPU percentage above which a task is added."
  default     = 70

  validation {
    condition     = var.cpu_high_threshold > 0 && var.cpu_high_threshold <= 100
    error_message = "The cpu_high_threshold must be a percentage in (0, 100]."
  }
}

variable "cpu_low_threshold" {
  type        = number
  description = "Average CPU percentage below which a task is removed; must be below cpu_high_threshold."
  default     = 20

  validation {
    condition     = var.cpu_low_threshold >= 0 && var.cpu_low_threshold < var.cpu_high_threshold
    error_message = "The cpu_low_threshold must be a percentage below cpu_high_threshold (else the alarms fight)."
  }
}

variable "period_seconds" {
  type        = number
  description = "Length of one alarm evaluation period in seconds."
  default     = 300

  validation {
    condition     = var.period_seconds >= 60 && var.period_seconds % 60 == 0
    error_message = "The period_seconds must be a multiple of 60 (ECS publishes one-minute metrics)."
  }
}

variable "evaluation_periods" {
  type        = number
  description = "Consecutive periods beyond the threshold before an alarm fires."
  default     = 2

  validation {
    condition     = var.evaluation_periods >= 1
    error_message = "The evaluation_periods must be at least 1."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags merged into every resource of the module."
  default     = {}
}
