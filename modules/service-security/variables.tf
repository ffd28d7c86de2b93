variable "name" {
  type        = string
  description = "Name of the service, the prefix of both group names (<name>-alb, <name>-ecs-tasks)."
  default     = "mediaserver"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}[a-z0-9]$", var.name))
    error_message = "The name must be 3-22 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "vpc_id" {
  type        = string
  description = "ID of the VPC the groups belong to."

  validation {
    condition     = can(regex("^vpc-[0-9a-f]+$", var.vpc_id))
    error_message = "The vpc_id must be a VPC ID (vpc-...)."
  }
}

variable "listener_ports" {
  type        = list(number)
  description = "Ports the load balancer accepts from ingress_cidrs."
  default     = [80, 443]

  validation {
    condition     = length(var.listener_ports) > 0 && alltrue([for p in var.listener_ports : p >= 1 && p <= 65535])
    error_message = "The listener_ports must be a non-empty list of ports between 1 and 65535."
  }
}

variable "ingress_cidrs" {
  type        = list(string)
  description = "IPv4 CIDR blocks allowed to reach the load balancer."
  default     = ["0.0.0.0/0"]

  validation {
    condition     = length(var.ingress_cidrs) > 0 && alltrue([for c in var.ingress_cidrs : can(cidrhost(c, 0))])
    error_message = "The ingress_cidrs must be a non-empty list of IPv4 CIDR blocks."
  }
}

variable "app_port" {
  type        = number
  description = "Port the tasks serve on; only the load balancer's group may reach it."
  default     = 3000

  validation {
    condition     = var.app_port >= 1 && var.app_port <= 65535
    error_message = "The app_port must be between 1 and 65535."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags merged into every resource of the module."
  default     = {}
}
