"""What every handler group shares: the core services, and who the client is."""

from __future__ import annotations

from connexion.context import scope

from org_invitations.bootstrap import Services


class HandlerGroup:
    def __init__(self, services: Services) -> None:
        self.services = services


def client_address() -> str:
    """The peer address, which token throttling counts by (run uvicorn with --proxy-headers behind a proxy).
    Read from the ASGI scope: connexion's `request` would build a request object for it."""
    client = scope.get("client")
    return str(client[0]) if client else "unknown"
