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

variable "vpc_id" {
  type        = string
  description = "ID of the VPC (network.vpc_id)."
}

variable "public_subnet_ids" {
  type        = list(string)
  description = "Public subnets the load balancer spans (network.public_subnet_ids)."
}

variable "alb_security_group_id" {
  type        = string
  description = "The load balancer's security group (security.alb_security_group_id)."
}
