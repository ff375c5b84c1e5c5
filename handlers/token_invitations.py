"""Invitations reached with their secret token."""

from __future__ import annotations

from starlette.responses import Response

from org_invitations.handlers.base import HandlerGroup, client_address
from org_invitations.handlers.views import invitation_view, preview_view
from org_invitations.web.responses import json_response


class TokenInvitationHandlers(HandlerGroup):
    def get_invitation_by_token(self, invitation_token: str) -> Response:
        invitation = self.services.invitations.preview(invitation_token, client_address())
        return json_response(preview_view(invitation), secret=True)

    def accept_invitation_by_token(self, user: str, invitation_token: str) -> Response:
        invitation = self.services.invitations.accept_by_token(user, invitation_token, client_address())
        return json_response(invitation_view(invitation), secret=True)
