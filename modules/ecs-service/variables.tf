variable "name" {
  type        = string
  description = "Name of the service: task family and container <name>, cluster <name>-cluster, service <name>-service."
  default     = "mediaserver"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}[a-z0-9]$", var.name))
    error_message = "The name must be 3-22 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "region" {
  type        = string
  description = "Region of the service (AWS_REGION of the container and the awslogs region)."

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "The region must be an AWS region name such as us-west-2."
  }
}

variable "image_repository_url" {
  type        = string
  description = "URL of the ECR repository holding the image, without a tag."

  validation {
    condition     = can(regex("^[0-9]{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?/[a-z0-9._/-]+$", var.image_repository_url))
    error_message = "The image_repository_url must be an ECR repository URL (<account>.dkr.ecr.<region>.amazonaws.com/<name>) without a tag."
  }
}

variable "image_tag" {
  type        = string
  description = "Tag of the image the task runs."
  default     = "latest"

  validation {
    condition     = can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.image_tag))
    error_message = "The image_tag must be a Docker tag (letters, digits, _ . -, at most 128 characters)."
  }
}

variable "cpu" {
  type        = number
  description = "CPU units of the task (256 = a quarter vCPU)."
  default     = 256

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096, 8192, 16384], var.cpu)
    error_message = "The cpu must be a Fargate size: 256, 512, 1024, 2048, 4096, 8192 or 16384."
  }
}

variable "memory" {
  type        = number
  description = "Memory of the task in MiB (256 CPU units allow 512, 1024 or 2048)."
  default     = 512

  validation {
    condition     = var.memory >= 512 && var.memory <= 122880
    error_message = "The memory must be between 512 and 122880 MiB."
  }
}

variable "container_port" {
  type        = number
  description = "Port the container serves on (PORT of the container, the target group's port)."
  default     = 3000

  validation {
    condition     = var.container_port >= 1 && var.container_port <= 65535
    error_message = "The container_port must be between 1 and 65535."
  }
}

variable "health_check_path" {
  type        = string
  description = "Path the container health check requests with curl."
  default     = "/health"

  validation {
    condition     = startswith(var.health_check_path, "/")
    error_message = "The health_check_path must start with /."
  }
}

variable "node_env" {
  type        = string
  description = "NODE_ENV of the container."
  default     = "production"
}

variable "bucket_name" {
  type        = string
  description = "Name of the media bucket (S3_BUCKET_NAME of the container)."
}

variable "jwt_secret_parameter_arn" {
  type        = string
  description = "ARN of the SSM parameter ECS injects as JWT_SECRET."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:ssm:[a-z0-9-]+:[0-9]{12}:parameter/", var.jwt_secret_parameter_arn))
    error_message = "The jwt_secret_parameter_arn must be an SSM parameter ARN."
  }
}

variable "execution_role_arn" {
  type        = string
  description = "ARN of the task execution role."
}

variable "task_role_arn" {
  type        = string
  description = "ARN of the task role."
}

variable "iam_dependency_ids" {
  type        = list(string)
  description = "IDs of the roles' policies and attachments the service must wait for."
  default     = []
}

variable "log_group_name" {
  type        = string
  description = "CloudWatch log group the awslogs driver writes the container's output to."
}

variable "subnet_ids" {
  type        = list(string)
  description = "Subnets the tasks run in (public subnets: the tasks get public IPs)."

  validation {
    condition     = length(var.subnet_ids) >= 1
    error_message = "The subnet_ids must hold at least one subnet."
  }
}

variable "security_group_ids" {
  type        = list(string)
  description = "Security groups of the tasks."

  validation {
    condition     = length(var.security_group_ids) >= 1
    error_message = "The security_group_ids must name at least one security group."
  }
}

variable "target_group_arn" {
  type        = string
  description = "ARN of the target group the service registers its tasks with."
}

variable "listener_arn" {
  type        = string
  description = "ARN of the listener forwarding to the target group (the service waits for it)."
}

variable "desired_count" {
  type        = number
  description = "Number of tasks at creation; Application Auto Scaling changes it afterwards."
  default     = 2

  validation {
    condition     = var.desired_count >= 0
    error_message = "The desired_count must not be negative."
  }
}

variable "health_check_grace_period_seconds" {
  type        = number
  description = "Seconds the service ignores failing load balancer health checks of a new task."
  default     = 60

  validation {
    condition     = var.health_check_grace_period_seconds >= 0 && var.health_check_grace_period_seconds <= 2147483647
    error_message = "The health_check_grace_period_seconds must not be negative."
  }
}

variable "enable_execute_command" {
  type        = bool
  description = "Whether ECS Exec (aws ecs execute-command) may open a shell in the tasks."
  default     = true
}

variable "wait_for_steady_state" {
  type        = bool
  description = "Whether apply waits until the service's tasks are running and healthy."
  default     = false
}

variable "tags" {
  type        = map(string)
  description = "Tags merged into every resource of the module."
  default     = {}
}
