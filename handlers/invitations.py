"""An organization's invitations, for its owner and admins."""

from __future__ import annotations

from handlers.base import HandlerGroup, not_implemented


class InvitationHandlers(HandlerGroup):
    create_invitation = not_implemented
    list_invitations = not_implemented
    get_invitation = not_implemented
    resend_invitation = not_implemented
    list_invitation_events = not_implemented
