variable "environment" {
  type        = string
  description = "Environment name used in resource names ({type}-{purpose}-{environment})."

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,9}$", var.environment))
    error_message = "The environment must be 2-10 lowercase letters or digits, starting with a letter (e.g. \"dev\")."
  }
}

variable "subnet_ids" {
  type        = list(string)
  description = "Private subnet IDs for the DB subnet group (at least two zones)."

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "The subnet_ids must hold at least two subnets in different availability zones."
  }
}

variable "availability_zones" {
  type        = list(string)
  description = "Availability zones to place the instances in, one instance per zone in turn (writer in the first)."

  validation {
    condition     = length(distinct(var.availability_zones)) >= 2
    error_message = "The availability_zones must name at least two distinct zones for a Multi-AZ cluster."
  }
}

variable "security_group_ids" {
  type        = list(string)
  description = "Security group IDs attached to the cluster."

  validation {
    condition     = length(var.security_group_ids) > 0
    error_message = "The security_group_ids must name at least one security group."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "ARN of the customer-managed KMS key encrypting the cluster storage."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "The kms_key_arn must be a KMS key ARN (storage encryption needs a key ARN, not an ID or alias)."
  }
}

variable "instance_class" {
  type        = string
  description = "Instance class of every cluster instance. db.t3.small runs only on Aurora MySQL 2 (paid RDS Extended Support); any other class selects Aurora MySQL 3."
  default     = "db.t3.small"

  validation {
    condition     = can(regex("^db\\.[a-z0-9]+\\.[a-z0-9]+$", var.instance_class))
    error_message = "The instance_class must look like db.<family>.<size>, e.g. db.t3.small or db.t4g.medium."
  }
}

variable "engine_version" {
  type        = string
  description = "Aurora MySQL engine version; null picks the pinned version that offers instance_class."
  default     = null

  validation {
    condition     = var.engine_version == null || can(regex("^(5\\.7|8\\.0)\\.mysql_aurora\\.[0-9]+\\.[0-9]+\\.[0-9]+$", coalesce(var.engine_version, "x")))
    error_message = "The engine_version must be an Aurora MySQL version such as 8.0.mysql_aurora.3.10.3."
  }
}

variable "instance_count" {
  type        = number
  description = "Number of cluster instances: one writer plus readers (failover targets) spread over the zones."
  default     = 2

  validation {
    condition     = var.instance_count >= 2 && var.instance_count <= 16
    error_message = "The instance_count must be between 2 (Multi-AZ: a writer and a failover reader) and 16."
  }
}

variable "database_name" {
  type        = string
  description = "Name of the database created in the cluster."
  default     = "streaming"

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9_]{0,63}$", var.database_name))
    error_message = "The database_name must start with a letter and hold at most 64 letters, digits or underscores."
  }
}

variable "master_username" {
  type        = string
  description = "Master user name of the cluster."
  default     = "dbadmin"

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9_]{0,15}$", var.master_username))
    error_message = "The master_username must start with a letter and hold 1-16 letters, digits or underscores."
  }
}

variable "master_password" {
  type        = string
  description = "Master password of the cluster; supply it from a secret (never commit it)."
  sensitive   = true

  validation {
    # RDS rules: 8-41 printable ASCII characters, none of / " @ or space.
    condition     = can(regex("^[!#-.0-?A-~]{8,41}$", var.master_password))
    error_message = "The master_password must be 8-41 printable ASCII characters and must not contain /, \", @ or a space."
  }
}

variable "backup_retention_period" {
  type        = number
  description = "Days automated backups are kept."
  default     = 7

  validation {
    condition     = var.backup_retention_period >= 1 && var.backup_retention_period <= 35
    error_message = "The backup_retention_period must be between 1 and 35 days."
  }
}

variable "preferred_backup_window" {
  type        = string
  description = "Daily UTC window for automated backups (hh24:mi-hh24:mi)."
  default     = "07:00-09:00"

  validation {
    condition     = can(regex("^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$", var.preferred_backup_window))
    error_message = "The preferred_backup_window must be hh24:mi-hh24:mi in UTC, e.g. 07:00-09:00."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags merged into every resource of the module."
  default     = {}
}
