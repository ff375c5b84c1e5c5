"""Invitations reached with their secret token."""

from __future__ import annotations

from handlers.base import HandlerGroup, not_implemented


class TokenInvitationHandlers(HandlerGroup):
    get_invitation_by_token = not_implemented
    accept_invitation_by_token = not_implemented
