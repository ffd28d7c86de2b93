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
  description = "Environment name, used in every resource name ({type}-{purpose}-{environment}) and the Environment tag."
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
    Project   = "video-streaming"
    ManagedBy = "terraform"
  }
}

variable "vpc_id" {
  type        = string
  description = "ID of the VPC (network.vpc_id)."
}

variable "public_subnet_ids" {
  type        = list(string)
  description = "Public subnet IDs for the ALB (network.public_subnet_ids)."
}

variable "private_subnet_ids" {
  type        = list(string)
  description = "Private subnet IDs for the instances (network.private_subnet_ids)."
}

variable "alb_security_group_id" {
  type        = string
  description = "ALB security group ID (security.alb_security_group_id)."
}

variable "ec2_security_group_id" {
  type        = string
  description = "Instances' security group ID (security.ec2_security_group_id)."
}

variable "ec2_instance_profile_name" {
  type        = string
  description = "Instance profile name (security.ec2_instance_profile_name)."
}

variable "ec2_iam_dependency_ids" {
  type        = list(string)
  description = "IAM role, attachment and profile IDs the launch template waits for (security.ec2_iam_dependency_ids)."
}

variable "instance_type" {
  type        = string
  description = "EC2 instance type of the application instances."
  default     = "t3.micro"
}
