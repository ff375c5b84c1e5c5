"""Invitations as handshakes: looked up, accepted, declined, cancelled by id."""

from __future__ import annotations

from starlette.responses import Response

from org_invitations.domain.invitations import Status
from org_invitations.handlers.base import HandlerGroup
from org_invitations.handlers.views import invitation_list, invitation_view
from org_invitations.web.responses import json_response


class HandshakeHandlers(HandlerGroup):
    def get_handshake(self, user: str, handshake_id: str) -> Response:
        return json_response(invitation_view(self.services.invitations.get_handshake(user, handshake_id)))

    def accept_handshake(self, user: str, handshake_id: str) -> Response:
        return json_response(invitation_view(self.services.invitations.accept(user, handshake_id)))

    def decline_handshake(self, user: str, handshake_id: str) -> Response:
        return json_response(invitation_view(self.services.invitations.decline(user, handshake_id)))

    def cancel_handshake(self, user: str, handshake_id: str) -> Response:
        return json_response(invitation_view(self.services.invitations.cancel(user, handshake_id)))

    def list_received_handshakes(
        self, user: str, status: str | None = None, limit: int = 50, marker: str | None = None
    ) -> Response:
        page = self.services.invitations.received(user, Status(status) if status else None, limit, marker)
        return json_response(invitation_list(page))
