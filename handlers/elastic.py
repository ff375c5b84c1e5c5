"""Elastic Cloud over the core: each method is the documented operation of its name.

An Elastic invitation is an invitation to an email address, named by its token, which the
organization's owner and admins see in create and list (tokens are derived, see DESIGN.md).
Timestamps are RFC 3339 with `+00:00`, as Elastic writes them.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import BaseModel
from starlette.responses import Response

from org_invitations.domain.errors import InvitationNotFound
from org_invitations.domain.invitations import Invitation, Status, TargetType
from org_invitations.domain.model import Role
from org_invitations.generated.dialects.elastic import models
from org_invitations.handlers.base import HandlerGroup, client_address
from org_invitations.services.invitations import InvitationRequest, ListFilter
from org_invitations.web.dialects import DialectRefusal
from org_invitations.web.responses import NO_STORE
from org_invitations.web.validation import request_model

DEFAULT_EXPIRY = "72h"  # cloud-sdk-go: "Defaults to 72h"
SHORTEST, LONGEST = timedelta(hours=1), timedelta(days=30)  # the native API's bounds
UNIT = {"m": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1)}
DURATION = re.compile(r"([0-9]{1,4})([mhd])")
ROLE = {"organization-admin": Role.ADMIN, "organization-member": Role.MEMBER}
LISTED = 10_000  # Elastic's list has no paging; the newest this many
OPEN = frozenset({Status.PENDING, Status.EXPIRED})
OPEN_BY_EMAIL = ListFilter(statuses=OPEN, target_type=TargetType.EMAIL)


def _invalid(field: str, message: str) -> DialectRefusal:
    return DialectRefusal("root.invalid_data", message, reason=field)  # `reason`: the field at fault


def _validity(expires_in: str) -> timedelta:
    found = DURATION.fullmatch(expires_in)
    validity = int(found[1]) * UNIT[found[2]] if found else timedelta(0)
    if not SHORTEST <= validity <= LONGEST:
        raise _invalid("expires_in", "expires_in must be a duration from 1h to 30d, such as 72h or 3d.")
    return validity


def _roles(assignments: models.RoleAssignments | None, organization_id: str) -> frozenset[Role]:
    chosen = (assignments.organization if assignments else None) or []
    for index, assignment in enumerate(chosen):
        if assignment.organization_id != organization_id:
            raise _invalid(
                f"role_assignments.organization[{index}].organization_id",
                "A role assignment names another organization than the one in the path.",
            )
    return frozenset(ROLE[assignment.role_id] for assignment in chosen) or frozenset({Role.MEMBER})


def _timestamp(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="seconds")


def _send(model: type[BaseModel], data: dict[str, Any], status: int = 200) -> Response:
    """`data` checked against the response model, then sent as built: pydantic would write the
    timestamps with `Z`, Elastic writes `+00:00`."""
    model.model_validate(data)
    return Response(json.dumps(data), status_code=status, media_type="application/json", headers=NO_STORE)


class ElasticHandlers(HandlerGroup):
    def create_organization_invitations(
        self, user: str, organization_id: str, body: dict[str, Any]
    ) -> Response:
        request = request_model(models.OrganizationInvitationRequest, body)
        validity = _validity(request.expires_in or DEFAULT_EXPIRY)
        roles = _roles(request.role_assignments, organization_id)
        issued = self.services.invitations.create_many(
            user,
            organization_id,
            [
                InvitationRequest(TargetType.EMAIL, email.root, roles, None, None, None, validity)
                for email in request.emails
            ],
        )
        invitations = [self._invitation(i.invitation, i.invitation_token, roles=True) for i in issued]
        return _send(models.OrganizationInvitations, {"invitations": invitations}, 201)

    def list_organization_invitations(self, user: str, organization_id: str) -> Response:
        page = self.services.invitations.list(user, organization_id, OPEN_BY_EMAIL, LISTED, None)
        listed = []
        for invitation in page.items:
            token = self.services.invitations.token_of(invitation)
            if token is not None:  # made before tokens were derived: none to show until a resend
                listed.append(self._invitation(invitation, token, roles=True))
        return _send(models.OrganizationInvitations, {"invitations": listed})

    def get_organization_invitation(self, user: str, invitation_token: str) -> Response:
        invitation = self._by_token(invitation_token)
        return _send(
            models.OrganizationInvitation, self._invitation(invitation, invitation_token, roles=False)
        )

    def accept_organization_invitation(self, user: str, invitation_token: str) -> Response:
        # Cancelled or declined: InvalidTransition, which Elastic answers as not found.
        self.services.invitations.accept_by_token(
            user, invitation_token, client_address(), only=TargetType.EMAIL
        )
        return _send(models.EmptyResponse, {})

    def delete_organization_invitations(
        self, user: str, organization_id: str, invitation_tokens: str
    ) -> Response:
        tokens = list(dict.fromkeys(invitation_tokens.split(",")))
        if not all(tokens):
            raise _invalid("invitation_tokens", "No valid invitation token was supplied.")
        ids = []
        for token in tokens:
            invitation = self.services.invitations.by_token_for_manager(user, organization_id, token)
            if invitation.target.type is not TargetType.EMAIL or invitation.status not in OPEN:
                raise InvitationNotFound()
            ids.append(invitation.id)
        self.services.invitations.withdraw(user, organization_id, ids)
        return _send(models.EmptyResponse, {})

    # --- what the views need ---------------------------------------------------------------

    def _by_token(self, token: str) -> Invitation:
        """An Elastic invitation by its token: by email, and neither cancelled nor declined."""
        invitation = self.services.invitations.preview(token, client_address())
        if invitation.target.type is not TargetType.EMAIL or invitation.status in (
            Status.CANCELLED,
            Status.DECLINED,
        ):
            raise InvitationNotFound()
        return invitation

    @staticmethod
    def _invitation(invitation: Invitation, token: str, *, roles: bool) -> dict[str, Any]:
        shown: dict[str, Any] = {
            "token": token,
            "email": invitation.email,
            "created_at": _timestamp(invitation.created_at),
            "expires_at": _timestamp(invitation.expires_at),
            "expired": invitation.status is Status.EXPIRED,
            "organization": {
                "id": invitation.organization_id,
                "name": invitation.organization.name,
                # Settings this service does not have, at Elastic's defaults.
                "default_disk_usage_alerts_enabled": True,
                "notifications_allowed_email_domains": [],
                "billing_contacts": [],
                "operational_contacts": [],
            },
        }
        if invitation.accepted_at is not None:
            shown["accepted_at"] = _timestamp(invitation.accepted_at)
        if roles:
            shown["role_assignments"] = {
                "organization": [
                    {"role_id": role_id, "organization_id": invitation.organization_id}
                    for role_id, role in ROLE.items()
                    if role in invitation.roles
                ]
            }
        return shown
