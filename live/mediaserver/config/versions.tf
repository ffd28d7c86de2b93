terraform {
  # The JWT secret is ephemeral and written write-only: Terraform >= 1.11.
  required_version = ">= 1.11.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # value_wo and the ephemeral aws_secretsmanager_random_password are verified with 5.100.0.
      version = "~> 5.100"
    }
  }
}
