"""The native contract's request models as the core's requests.

Shared by every adapter that takes them, so the mapping is written once: the HTTP handlers,
and the admin command line's bulk `invite`.
"""

from __future__ import annotations

from datetime import timedelta

from org_invitations.domain.model import Role
from org_invitations.generated import models
from org_invitations.services.invitations import InvitationRequest


def invitation_request(request: models.InvitationCreate) -> InvitationRequest:
    """An invitation-create body as the core's request."""
    return InvitationRequest(
        target_type=request.target.type,
        entity=request.target.entity,
        roles=frozenset(Role(role.value) for role in request.roles),
        given_name=request.given_name,
        family_name=request.family_name,
        notes=request.notes,
        validity=timedelta(seconds=request.expires_in),
    )
