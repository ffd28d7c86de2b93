variable "name" {
  type        = string
  description = "Name of the repository."
  default     = "mediaserver"

  validation {
    condition     = can(regex("^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$", var.name)) && length(var.name) >= 2 && length(var.name) <= 256
    error_message = "The name must be a valid ECR repository name (lowercase letters, digits, . _ - and / separators)."
  }
}

variable "pull_principal_arns" {
  type        = list(string)
  description = "ARNs of the IAM roles that may pull images (the ECS task execution role)."

  validation {
    condition     = length(var.pull_principal_arns) > 0 && alltrue([for a in var.pull_principal_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/", a))])
    error_message = "The pull_principal_arns must be a non-empty list of IAM role ARNs."
  }
}

variable "tagged_images_to_keep" {
  type        = number
  description = "Number of most recent tagged images kept; older ones expire."
  default     = 10

  validation {
    condition     = var.tagged_images_to_keep >= 1
    error_message = "The tagged_images_to_keep must be at least 1."
  }
}

variable "untagged_images_to_keep" {
  type        = number
  description = "Number of most recent untagged images kept; older ones expire."
  default     = 5

  validation {
    condition     = var.untagged_images_to_keep >= 1
    error_message = "The untagged_images_to_keep must be at least 1."
  }
}

variable "force_delete" {
  type        = bool
  description = "Whether destroy may delete the repository while it still holds images (clean teardown)."
  default     = true
}

variable "tags" {
  type        = map(string)
  description = "Tags merged into every resource of the module."
  default     = {}
}
