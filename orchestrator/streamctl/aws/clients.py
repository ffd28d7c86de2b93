"""boto3 sessions and clients: real credentials for AWS, dummy ones for an emulator."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import boto3

# What every emulator accepts. Never hand an emulator a user's real credentials.
DUMMY_CREDENTIAL = "test"


def session(region: str | None, *, emulated: bool) -> boto3.Session:
    import boto3  # here: importing it costs every CLI start a noticeable fraction

    if emulated:
        return boto3.Session(
            aws_access_key_id=DUMMY_CREDENTIAL,
            aws_secret_access_key=DUMMY_CREDENTIAL,
            region_name=region,
        )
    return boto3.Session(region_name=region)


class Clients:
    """boto3 clients from one session, all pointed at the same endpoint when one is given."""

    def __init__(
        self,
        session: boto3.Session,
        endpoint_url: str | None = None,
        region: str | None = None,
    ) -> None:
        self.session = session
        self.endpoint_url = endpoint_url
        self.region = region or session.region_name
        self._cache: dict[str, Any] = {}

    def __call__(self, service: str) -> Any:
        if service not in self._cache:
            self._cache[service] = self.session.client(
                service,  # type: ignore[call-overload]
                endpoint_url=self.endpoint_url,
                region_name=self.region,
            )
        return self._cache[service]
