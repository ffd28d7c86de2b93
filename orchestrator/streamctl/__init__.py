"""streamctl: deploy a layered Terraform platform in dependency order."""

__version__ = "0.1.0"
