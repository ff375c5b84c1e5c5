"""Organizations and their members."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from org_invitations.generated import models
from org_invitations.handlers.base import HandlerGroup
from org_invitations.handlers.views import page_view, view
from org_invitations.web.responses import json_response, no_content
from org_invitations.web.validation import request_model


class OrganizationHandlers(HandlerGroup):
    def create_organization(self, user: str, body: dict[str, Any]) -> Response:
        request = request_model(models.OrganizationCreate, body)
        return json_response(
            view(models.Organization, self.services.organizations.create(user, request.name)), 201
        )

    def get_organization(self, user: str, organization_id: str) -> Response:
        return json_response(
            view(models.Organization, self.services.organizations.get(user, organization_id))
        )

    def list_members(
        self, user: str, organization_id: str, limit: int = 50, marker: str | None = None
    ) -> Response:
        page = self.services.organizations.members(user, organization_id, limit, marker)
        return json_response(page_view(models.MemberList, page, models.Member))

    def remove_member(self, user: str, organization_id: str, account_id: str) -> Response:
        self.services.organizations.remove_member(user, organization_id, account_id)
        return no_content()
