"""One domain error type; the CLI maps each subclass to an exit code."""


class StreamctlError(Exception):
    """An expected failure, reported to the user without a traceback."""

    exit_code = 1


class ConfigError(StreamctlError):
    """The stack manifest or a layer's configuration is wrong."""

    exit_code = 2


class UsageError(StreamctlError):
    """The command line asks for something that cannot be done."""

    exit_code = 2


class OperationError(StreamctlError):
    """A Terraform operation or an AWS-side step failed."""

    exit_code = 1


class TerraformNotFoundError(UsageError):
    """No Terraform executable or embedded engine is available."""
