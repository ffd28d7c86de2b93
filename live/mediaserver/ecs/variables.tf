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
  description = "Environment name, the Environment tag of every resource."
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
    Project   = "mediaserver"
    ManagedBy = "terraform"
  }
}

variable "name" {
  type        = string
  description = "Name of the service, the prefix of every resource name (the guide: mediaserver)."
  default     = "mediaserver"
}

variable "image_tag" {
  type        = string
  description = "Tag of the image in the repository the tasks run."
  default     = "latest"
}

variable "repository_url" {
  type        = string
  description = "URL of the ECR repository (registry.repository_url)."
}

variable "bucket_name" {
  type        = string
  description = "Name of the media bucket (storage.bucket_name)."
}

variable "jwt_secret_parameter_arn" {
  type        = string
  description = "ARN of the JWT secret parameter (config.jwt_secret_parameter_arn)."
}

variable "execution_role_arn" {
  type        = string
  description = "ARN of the task execution role (iam.execution_role_arn)."
}

variable "task_role_arn" {
  type        = string
  description = "ARN of the task role (iam.task_role_arn)."
}

variable "iam_dependency_ids" {
  type        = list(string)
  description = "IDs of the roles' policies (iam.iam_dependency_ids)."
}

variable "ecs_log_group_name" {
  type        = string
  description = "Log group of the containers' output (monitoring.ecs_log_group_name)."
}

variable "public_subnet_ids" {
  type        = list(string)
  description = "Public subnets the tasks run in (network.public_subnet_ids)."
}

variable "tasks_security_group_id" {
  type        = string
  description = "The tasks' security group (security.tasks_security_group_id)."
}

variable "target_group_arn" {
  type        = string
  description = "ARN of the target group (alb.target_group_arn)."
}

variable "listener_arn" {
  type        = string
  description = "ARN of the listener (alb.listener_arn)."
}
