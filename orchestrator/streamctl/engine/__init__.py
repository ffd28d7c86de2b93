"""Terraform engines behind one interface."""

from streamctl.engine.terraform import EMBEDDED, Completed, Terraform, find_terraform

__all__ = ["EMBEDDED", "Completed", "Terraform", "find_terraform"]
