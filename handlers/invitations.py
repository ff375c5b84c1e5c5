"""An organization's invitations, for its owner and admins."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from org_invitations.domain.invitations import Status, TargetType
from org_invitations.domain.outbox import OutboxMessage
from org_invitations.generated import models
from org_invitations.handlers.base import HandlerGroup
from org_invitations.handlers.requests import invitation_request
from org_invitations.handlers.views import (
    delivery_view,
    invitation_list,
    invitation_view,
    issued_view,
    page_view,
)
from org_invitations.services.invitations import ListFilter
from org_invitations.web.responses import json_response
from org_invitations.web.validation import request_model

EXPAND_ROLES = "roles"


class InvitationHandlers(HandlerGroup):
    def create_invitation(self, user: str, organization_id: str, body: dict[str, Any]) -> Response:
        request = request_model(models.InvitationCreate, body)
        issued = self.services.invitations.create(user, organization_id, invitation_request(request))
        return json_response(issued_view(issued, self.services.settings), 201, secret=True)

    def list_invitations(
        self,
        user: str,
        organization_id: str,
        status: str | None = None,
        target_type: str | None = None,
        email: str | None = None,
        limit: int = 50,
        marker: str | None = None,
        expand: str | None = None,
    ) -> Response:
        filters = ListFilter(
            statuses=frozenset({Status(status)} if status else ()),
            target_type=TargetType(target_type) if target_type else None,
            email=email,
        )
        page = self.services.invitations.list(user, organization_id, filters, limit, marker)
        return json_response(invitation_list(page, expand_roles=expand == EXPAND_ROLES))

    def get_invitation(
        self, user: str, organization_id: str, invitation_id: str, expand: str | None = None
    ) -> Response:
        invitation = self.services.invitations.get(user, organization_id, invitation_id)
        return json_response(invitation_view(invitation, expand_roles=expand == EXPAND_ROLES))

    def resend_invitation(self, user: str, organization_id: str, invitation_id: str) -> Response:
        issued = self.services.invitations.resend(user, organization_id, invitation_id)
        return json_response(issued_view(issued, self.services.settings), secret=True)

    def list_invitation_events(
        self, user: str, organization_id: str, invitation_id: str, limit: int = 50, marker: str | None = None
    ) -> Response:
        page = self.services.invitations.events(user, organization_id, invitation_id, limit, marker)
        return json_response(page_view(models.InvitationEventList, page, models.InvitationEvent))

    def list_invitation_deliveries(
        self, user: str, organization_id: str, invitation_id: str, limit: int = 50, marker: str | None = None
    ) -> Response:
        page = self.services.invitations.deliveries(user, organization_id, invitation_id, limit, marker)
        return json_response(page_view(models.InvitationDeliveryList, page, _delivery))


def _delivery(message: OutboxMessage) -> models.InvitationDelivery:
    return delivery_view(
        models.InvitationDelivery, message, models.InvitationDeliveryStatus(message.status.value)
    )
