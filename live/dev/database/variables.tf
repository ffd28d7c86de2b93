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

variable "private_subnet_ids" {
  type        = list(string)
  description = "Private subnet IDs for the DB subnet group (network.private_subnet_ids)."
}

variable "availability_zones" {
  type        = list(string)
  description = "Availability zones to spread the instances over (network.availability_zones)."
}

variable "aurora_security_group_id" {
  type        = string
  description = "Aurora security group ID (security.aurora_security_group_id)."
}

variable "aurora_kms_key_arn" {
  type        = string
  description = "ARN of the Aurora encryption key (kms.aurora_kms_key_arn)."
}

variable "instance_class" {
  type        = string
  description = "Instance class of the cluster instances: db.t3.small (Aurora MySQL 2, paid Extended Support) or e.g. db.t4g.medium (Aurora MySQL 3, recommended)."
  default     = "db.t3.small"
}

variable "master_username" {
  type        = string
  description = "Master user name of the cluster."
  default     = "dbadmin"
}

variable "master_password" {
  type        = string
  description = "Master password of the cluster: set it through the STREAMCTL_DB_PASSWORD environment variable (a manifest secret), never in a file."
  sensitive   = true
}
