terraform {
  # Write-only arguments (value_wo) and ephemeral input variables need Terraform 1.11.
  required_version = ">= 1.11.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # value_wo is verified with 5.100.0 (older 5.x releases may lack it).
      version = "~> 5.100"
    }
  }
}
