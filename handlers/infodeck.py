"""Infodeck over the core: each method is the documented call of its name.

An Infodeck invitation is an invitation to an email address; its `code` is the invitation
token, which the organization's owner and admins may see again (tokens are derived, see
DESIGN.md). Times are epoch milliseconds beside ISO strings of the same instant.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import UTC, datetime, timedelta
from typing import Any

from starlette.responses import Response

from org_invitations.domain.errors import AlreadyInState, InvitationNotFound
from org_invitations.domain.invitations import Invitation, TargetType
from org_invitations.domain.model import Role
from org_invitations.generated.dialects.infodeck import models
from org_invitations.handlers.base import HandlerGroup
from org_invitations.handlers.views import view
from org_invitations.services.invitations import InvitationRequest, ListFilter
from org_invitations.web.responses import json_response
from org_invitations.web.validation import request_model

VALIDITY = timedelta(days=1)  # Infodeck's example `expiredTime: 86400`; it documents no default
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
EMAIL_ONLY = ListFilter(target_type=TargetType.EMAIL)


def _ms(at: datetime | None) -> int | None:
    return None if at is None else (at - EPOCH) // timedelta(milliseconds=1)


def _date_string(at: datetime) -> str:
    """ISO 8601 in UTC with milliseconds, the instant `_ms` gives (Infodeck's `…T00:00:00.000Z`)."""
    at = at.astimezone(UTC)
    return f"{at:%Y-%m-%dT%H:%M:%S}.{at.microsecond // 1000:03d}Z"


class InfodeckHandlers(HandlerGroup):
    def create_invitation(self, user: str, organization_id: str, body: dict[str, Any]) -> Response:
        request = request_model(models.CreateInvitationRequest, body)
        issued = self.services.invitations.create(
            user,
            organization_id,
            InvitationRequest(
                target_type=TargetType.EMAIL,
                entity=request.email,
                roles=frozenset({Role.MEMBER}),
                given_name=request.givenName,
                family_name=request.familyName,
                notes=None,
                validity=VALIDITY,
                team_ids=tuple(team.root for team in request.teamIds),
            ),
        )
        created = self._fields(issued.invitation, issued.invitation_token)
        return json_response(
            models.CreateInvitationResponse(data=view(models.CreatedInvitation, None, **created)), secret=True
        )

    def list_invitations(
        self, user: str, organization_id: str, max_results: int = 10, next_token: str | None = None
    ) -> Response:
        page = self.services.invitations.list(user, organization_id, EMAIL_ONLY, max_results, next_token)
        items = [self._list_item(invitation) for invitation in page.items]
        following = {"nextToken": page.next_marker} if page.next_marker else {}
        listed = models.ListInvitationsResponse(
            data=[item for item in items if item is not None], **following
        )
        return json_response(listed, secret=True)

    def get_invitation(self, user: str, organization_id: str, code: str) -> Response:
        invitation = self._by_code(user, organization_id, code)
        fields = self._fields(invitation, code)
        fields |= {
            "updatedAt": _ms(invitation.updated_at),
            "updatedAtDateString": _date_string(invitation.updated_at),
        }
        return json_response(
            models.GetInvitationResponse(data=view(models.Invitation, None, **fields)), secret=True
        )

    def cancel_invitation(self, user: str, organization_id: str, code: str) -> Response:
        invitation = self._by_code(user, organization_id, code)
        with suppress(AlreadyInState):  # a PUT may be repeated: cancelled is what was asked
            self.services.invitations.cancel(user, invitation.id)
        return json_response(
            models.CancelInvitationResponse(data=models.CancelResult(canceled=models.Canceled.boolean_True))
        )

    # --- what the views need ---------------------------------------------------------------

    def _by_code(self, user: str, organization_id: str, code: str) -> Invitation:
        invitation = self.services.invitations.by_token_for_manager(user, organization_id, code)
        if invitation.target.type is not TargetType.EMAIL:
            raise InvitationNotFound()
        return invitation

    @staticmethod
    def _fields(invitation: Invitation, code: str) -> dict[str, Any]:
        """What create and get show alike."""
        return {
            "code": code,
            "familyName": invitation.family_name or "",
            "givenName": invitation.given_name or "",
            "email": invitation.email,
            "appRole": models.AppRole.Admin if Role.ADMIN in invitation.roles else models.AppRole.Member,
            "organizationId": invitation.organization_id,
            "origin": models.Origin.owner
            if invitation.created_by == invitation.management_account_id
            else models.Origin.admin,
            "expiredTime": int(invitation.validity.total_seconds()),
            "createdAtDateString": _date_string(invitation.created_at),
            "createdAt": _ms(invitation.created_at),
        }

    def _list_item(self, invitation: Invitation) -> models.InvitationListItem | None:
        code = self.services.invitations.token_of(invitation)
        if code is None:  # made before tokens were derived: no code to show until a resend
            return None
        fields = self._fields(invitation, code)
        return view(
            models.InvitationListItem,
            None,
            **{name: fields[name] for name in ("code", "organizationId", "appRole", "origin", "email")},
            metadata=models.InvitationMetadata(teamIds=list(invitation.team_ids)),
            expiredAt=_ms(invitation.expires_at),
            usedAt=_ms(invitation.accepted_at),
            canceledAt=_ms(invitation.cancelled_at or invitation.declined_at),
            createdAtDateString=fields["createdAtDateString"],
            createdAt=fields["createdAt"],
        )
