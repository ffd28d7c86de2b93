variable "name" {
  type        = string
  description = "Name of the service: by default the load balancer is <name>-alb, the target group <name>-tg, the listener's Name tag <name>-http."
  default     = "mediaserver"

  # Load balancer and target group names are at most 32 characters.
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,26}[a-z0-9]$", var.name))
    error_message = "The name must be 3-28 lowercase letters, digits or hyphens, starting with a letter."
  }
}

# Callers with a naming scheme of their own (the platform's {type}-{purpose}-{env}) name
# each resource; null keeps the <name>- defaults.
variable "alb_name" {
  type        = string
  description = "Name of the load balancer (null: <name>-alb)."
  default     = null

  validation {
    condition     = var.alb_name == null || can(regex("^[A-Za-z0-9][A-Za-z0-9-]{0,30}[A-Za-z0-9]$", var.alb_name))
    error_message = "The alb_name must be 2-32 letters, digits or hyphens, not starting or ending with a hyphen."
  }
}

variable "target_group_name" {
  type        = string
  description = "Name of the target group (null: <name>-tg)."
  default     = null

  validation {
    condition     = var.target_group_name == null || can(regex("^[A-Za-z0-9][A-Za-z0-9-]{0,30}[A-Za-z0-9]$", var.target_group_name))
    error_message = "The target_group_name must be 2-32 letters, digits or hyphens, not starting or ending with a hyphen."
  }
}

variable "listener_name" {
  type        = string
  description = "Name tag of the HTTP listener (null: <name>-http)."
  default     = null
}

variable "vpc_id" {
  type        = string
  description = "ID of the VPC of the target group."

  validation {
    condition     = can(regex("^vpc-[0-9a-f]+$", var.vpc_id))
    error_message = "The vpc_id must be a VPC ID (vpc-...)."
  }
}

variable "subnet_ids" {
  type        = list(string)
  description = "Public subnets the internet-facing load balancer spans (at least two zones)."

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "The subnet_ids must hold at least two subnets: a load balancer spans two or more zones."
  }
}

variable "security_group_ids" {
  type        = list(string)
  description = "Security groups of the load balancer."

  validation {
    condition     = length(var.security_group_ids) > 0
    error_message = "The security_group_ids must name at least one security group."
  }
}

variable "listener_port" {
  type        = number
  description = "Port of the HTTP listener."
  default     = 80

  validation {
    condition     = var.listener_port >= 1 && var.listener_port <= 65535
    error_message = "The listener_port must be between 1 and 65535."
  }
}

variable "target_port" {
  type        = number
  description = "Port the targets serve on."
  default     = 3000

  validation {
    condition     = var.target_port >= 1 && var.target_port <= 65535
    error_message = "The target_port must be between 1 and 65535."
  }
}

variable "target_type" {
  type        = string
  description = "Target type: ip for Fargate tasks (awsvpc), instance for EC2 instances."
  default     = "ip"

  validation {
    condition     = contains(["ip", "instance"], var.target_type)
    error_message = "The target_type must be ip or instance."
  }
}

variable "deregistration_delay" {
  type        = number
  description = "Seconds a deregistering target keeps serving in-flight requests."
  default     = 30

  validation {
    condition     = var.deregistration_delay >= 0 && var.deregistration_delay <= 3600
    error_message = "The deregistration_delay must be between 0 and 3600 seconds."
  }
}

variable "health_check" {
  type = object({
    port                = optional(string, "traffic-port")
    path                = optional(string, "/health")
    matcher             = optional(string, "200")
    healthy_threshold   = optional(number, 2)
    unhealthy_threshold = optional(number, 2)
    interval            = optional(number, 30)
    timeout             = optional(number, 5)
  })
  description = "Target group health check: port (traffic-port or a number as a string), path, expected codes, thresholds and timing in seconds."
  default     = {}

  validation {
    condition     = var.health_check.port == "traffic-port" || can(regex("^[1-9][0-9]{0,4}$", var.health_check.port)) && try(tonumber(var.health_check.port) <= 65535, false)
    error_message = "The health_check port must be traffic-port or a port number between 1 and 65535."
  }

  validation {
    condition     = startswith(var.health_check.path, "/") && var.health_check.healthy_threshold >= 2 && var.health_check.healthy_threshold <= 10 && var.health_check.unhealthy_threshold >= 2 && var.health_check.unhealthy_threshold <= 10 && var.health_check.interval >= 5 && var.health_check.interval <= 300 && var.health_check.timeout >= 2 && var.health_check.timeout <= 120
    error_message = "The health_check needs a path starting with /, thresholds 2-10, an interval of 5-300 s and a timeout of 2-120 s."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags merged into every resource of the module."
  default     = {}
}
