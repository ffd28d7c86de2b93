"""Running Terraform: the one place processes start, its JSON, and a layer's working copy."""
