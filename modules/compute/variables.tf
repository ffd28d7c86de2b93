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
  description = "ID of the VPC of the target group."
}

variable "public_subnet_ids" {
  type        = list(string)
  description = "Public subnet IDs for the internet-facing ALB (at least two zones)."

  validation {
    condition     = length(var.public_subnet_ids) >= 2
    error_message = "The public_subnet_ids must hold at least two subnets: an ALB spans two or more zones."
  }
}

variable "private_subnet_ids" {
  type        = list(string)
  description = "Private subnet IDs the Auto Scaling group launches instances into."

  validation {
    condition     = length(var.private_subnet_ids) >= 1
    error_message = "The private_subnet_ids must hold at least one subnet."
  }
}

variable "alb_security_group_id" {
  type        = string
  description = "Security group ID attached to the ALB."
}

variable "ec2_security_group_id" {
  type        = string
  description = "Security group ID attached to the instances."
}

variable "instance_profile_name" {
  type        = string
  description = "Name of the IAM instance profile of the instances."
}

variable "iam_dependency_ids" {
  type        = list(string)
  description = "IDs of the IAM role, policy attachments and instance profile the launch template must wait for."

  # Required and non-empty: an empty list would let instances launch before IAM settles.
  validation {
    condition     = length(var.iam_dependency_ids) > 0
    error_message = "The iam_dependency_ids must name the IAM role, its policy attachments and the instance profile (security layer output ec2_iam_dependency_ids)."
  }
}

variable "instance_type" {
  type        = string
  description = "EC2 instance type of the application instances."
  default     = "t3.micro"
}

variable "ami_id" {
  type        = string
  description = "AMI for the instances; null looks up the latest Amazon Linux 2023 (x86_64) AMI."
  default     = null
}

variable "root_volume_size" {
  type        = number
  description = "Size of the encrypted gp3 root volume in GiB (the AL2023 AMI needs at least 8)."
  default     = 8

  validation {
    condition     = var.root_volume_size >= 8
    error_message = "The root_volume_size must be at least 8 GiB, the size of the Amazon Linux 2023 AMI snapshot."
  }
}

variable "user_data" {
  type        = string
  description = "Shell script run at first boot; null installs a small web server answering / and the health check path."
  default     = null
}

variable "min_size" {
  type        = number
  description = "Minimum number of instances in the Auto Scaling group."
  default     = 3

  validation {
    condition     = var.min_size >= 0
    error_message = "The min_size must not be negative."
  }
}

variable "max_size" {
  type        = number
  description = "Maximum number of instances in the Auto Scaling group."
  default     = 20

  validation {
    condition     = var.max_size >= 1
    error_message = "The max_size must be at least 1."
  }
}

variable "desired_capacity" {
  type        = number
  description = "Desired number of instances at creation; must lie within min_size..max_size."
  default     = 3
}

variable "cpu_target_value" {
  type        = number
  description = "Average CPU utilisation (percent) the target-tracking policy keeps the group at."
  default     = 70

  validation {
    condition     = var.cpu_target_value > 0 && var.cpu_target_value < 100
    error_message = "The cpu_target_value must be a percentage between 0 and 100 (exclusive)."
  }
}

variable "http_port" {
  type        = number
  description = "Port of the ALB listener and of the instances' web server."
  default     = 80

  validation {
    condition     = var.http_port >= 1 && var.http_port <= 65535
    error_message = "The http_port must be between 1 and 65535."
  }
}

variable "health_check_path" {
  type        = string
  description = "Path the target group health check requests."
  default     = "/health"

  validation {
    condition     = startswith(var.health_check_path, "/")
    error_message = "The health_check_path must start with /."
  }
}

variable "healthy_threshold" {
  type        = number
  description = "Consecutive successful health checks before a target counts as healthy."
  default     = 2

  validation {
    condition     = var.healthy_threshold >= 2 && var.healthy_threshold <= 10
    error_message = "The healthy_threshold must be between 2 and 10."
  }
}

variable "unhealthy_threshold" {
  type        = number
  description = "Consecutive failed health checks before a target counts as unhealthy."
  default     = 2

  validation {
    condition     = var.unhealthy_threshold >= 2 && var.unhealthy_threshold <= 10
    error_message = "The unhealthy_threshold must be between 2 and 10."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags merged into every resource of the module."
  default     = {}
}
