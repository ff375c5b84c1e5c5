"""Invitations as handshakes: looked up, accepted, declined, cancelled by id."""

from __future__ import annotations

from handlers.base import HandlerGroup, not_implemented


class HandshakeHandlers(HandlerGroup):
    get_handshake = not_implemented
    accept_handshake = not_implemented
    decline_handshake = not_implemented
    cancel_handshake = not_implemented
    list_received_handshakes = not_implemented
