"""What every handler group shares: the core services, and who the client is."""

from __future__ import annotations

from connexion import request

from org_invitations.bootstrap import Services


class HandlerGroup:
    def __init__(self, services: Services) -> None:
        self.services = services


def client_address() -> str:
    """The peer address, which token throttling counts by (run uvicorn with --proxy-headers behind a proxy)."""
    client = request.client
    return client.host if client is not None else "unknown"
