"""Offline validation against a schema-only hashicorp/aws 5.100.0 provider (see README.md)."""
