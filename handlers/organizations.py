"""Organizations and their members."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from generated import models
from handlers.base import HandlerGroup
from handlers.views import page_info
from org_invitations.domain import model
from org_invitations.web.responses import json_response, no_content
from org_invitations.web.validation import request_model


def organization_view(organization: model.Organization) -> models.Organization:
    return models.Organization(
        id=organization.id,
        urn=organization.urn,
        name=organization.name,
        management_account_id=organization.owner_id,
        management_account_name=organization.owner_name,
        created_at=organization.created_at,
    )


def member_view(member: model.Member) -> models.Member:
    return models.Member(
        account_id=member.account_id,
        name=member.name,
        roles=sorted(models.MemberRole(role) for role in member.roles),
        joined_at=member.joined_at,
    )


class OrganizationHandlers(HandlerGroup):
    def create_organization(self, user: str, body: dict[str, Any]) -> Response:
        request = request_model(models.OrganizationCreate, body)
        return json_response(organization_view(self.services.organizations.create(user, request.name)), 201)

    def get_organization(self, user: str, organization_id: str) -> Response:
        return json_response(organization_view(self.services.organizations.get(user, organization_id)))

    def list_members(
        self, user: str, organization_id: str, limit: int = 50, marker: str | None = None
    ) -> Response:
        page = self.services.organizations.members(user, organization_id, limit, marker)
        return json_response(
            models.MemberList(
                items=[member_view(member) for member in page.items],
                page_info=page_info(page.items, page.next_marker),
            )
        )

    def remove_member(self, user: str, organization_id: str, account_id: str) -> Response:
        self.services.organizations.remove_member(user, organization_id, account_id)
        return no_content()
