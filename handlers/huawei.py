"""Huawei Cloud Organizations over the core: each method is the SDK method of its name.

Huawei's handshake is our invitation under the same names (seed 000), so its views are
declarations: the core's values, read by field name, with the few fields renamed.
Like AWS, one organization per account: the one it manages, else the one it joined first.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from starlette.responses import Response

from org_invitations.domain.invitations import Invitation
from org_invitations.domain.model import Member, Organization, Page, Role
from org_invitations.generated.dialects.huawei import models
from org_invitations.handlers.base import HandlerGroup
from org_invitations.handlers.views import view
from org_invitations.services.invitations import InvitationRequest, ListFilter
from org_invitations.web.dialects import DialectRefusal
from org_invitations.web.responses import json_response
from org_invitations.web.validation import request_model

VALIDITY = timedelta(days=14)  # Huawei's (seed 000: created 08-25, expires 09-08)
NOT_MANAGEMENT = "Organizations.1001"


def handshake_view(invitation: Invitation) -> models.HandshakeDto:
    return view(
        models.HandshakeDto, invitation, expired_at=invitation.expires_at, notes=invitation.notes or ""
    )


def handshakes_view(page: Page[Invitation]) -> models.HandshakeListResponse:
    return models.HandshakeListResponse(
        handshakes=[handshake_view(invitation) for invitation in page.items],
        page_info=models.PageInfoDto(next_marker=page.next_marker, current_count=len(page.items)),
    )


class HuaweiHandlers(HandlerGroup):
    # --- organizations and accounts -------------------------------------------------------

    def create_organization(self, user: str) -> Response:
        name = self.services.accounts.get(user).name
        organization = self.services.organizations.create(user, name, single_organization=True)
        return json_response(models.OrganizationResponse(organization=self._organization(organization)), 201)

    def show_organization(self, user: str) -> Response:
        organization = self._organization_of(user)
        return json_response(models.OrganizationResponse(organization=self._organization(organization)))

    def list_accounts(
        self,
        user: str,
        parent_id: str | None = None,
        with_register_contact_info: bool = False,
        limit: int = 200,
        marker: str | None = None,
    ) -> Response:
        organization = self._managed_organization(user)
        if parent_id is not None:  # no roots or organizational units here: nothing is under one
            page: Page[Member] = Page([], None)
        else:
            page = self.services.organizations.members(user, organization.id, limit, marker)
        return json_response(
            models.AccountListResponse(
                accounts=self._accounts(organization, page.items, with_register_contact_info),
                page_info=models.PageInfoDto(next_marker=page.next_marker, current_count=len(page.items)),
            )
        )

    def show_account(self, user: str, account_id: str, with_register_contact_info: bool = False) -> Response:
        organization = self._managed_organization(user)
        member = self.services.organizations.member(user, organization.id, account_id)
        if member is None:
            raise DialectRefusal(
                "Organizations.2003", f"No account {account_id} in your organization.", status=404
            )
        return json_response(
            models.AccountResponse(
                account=self._accounts(organization, [member], with_register_contact_info)[0]
            )
        )

    # --- handshakes --------------------------------------------------------------------------

    def invite_account(self, user: str, body: dict[str, Any]) -> Response:
        request = request_model(models.InviteAccountReqBody, body)
        organization = self._managed_organization(user)
        issued = self.services.invitations.create(
            user,
            organization.id,
            InvitationRequest(
                target_type=request.target.type,
                entity=request.target.entity,
                roles=frozenset({Role.MEMBER}),
                given_name=None,
                family_name=None,
                notes=request.notes or None,
                validity=VALIDITY,
                single_organization=True,
            ),
        )
        return json_response(models.HandshakeResponse(handshake=handshake_view(issued.invitation)))

    def list_handshakes(self, user: str, limit: int = 200, marker: str | None = None) -> Response:
        organization = self._managed_organization(user)
        page = self.services.invitations.list(user, organization.id, ListFilter(), limit, marker)
        return json_response(handshakes_view(page))

    def show_handshake(self, user: str, handshake_id: str) -> Response:
        invitation = self.services.invitations.get_handshake(user, handshake_id)
        return json_response(models.HandshakeResponse(handshake=handshake_view(invitation)))

    def cancel_handshake(self, user: str, handshake_id: str) -> Response:
        invitation = self.services.invitations.cancel(user, handshake_id)
        return json_response(models.HandshakeResponse(handshake=handshake_view(invitation)))

    def list_received_handshakes(self, user: str, limit: int = 200, marker: str | None = None) -> Response:
        return json_response(handshakes_view(self.services.invitations.received(user, None, limit, marker)))

    def accept_handshake(self, user: str, handshake_id: str) -> Response:
        invitation = self.services.invitations.accept(user, handshake_id, single_organization=True)
        return json_response(models.HandshakeResponse(handshake=handshake_view(invitation)))

    def decline_handshake(self, user: str, handshake_id: str) -> Response:
        invitation = self.services.invitations.decline(user, handshake_id)
        return json_response(models.HandshakeResponse(handshake=handshake_view(invitation)))

    # --- what the views need ------------------------------------------------------------------

    def _organization_of(self, user: str) -> Organization:
        organization = self.services.organizations.of_account(user)
        if organization is None:
            raise DialectRefusal("Organizations.2002", "Your account is not in an organization.", status=404)
        return organization

    def _managed_organization(self, user: str) -> Organization:
        organization = self._organization_of(user)
        if organization.management_account_id != user:
            raise DialectRefusal(NOT_MANAGEMENT, "Only the management account may do this.", status=401)
        return organization

    @staticmethod
    def _organization(organization: Organization) -> models.OrganizationDto:
        return view(models.OrganizationDto, organization)

    def _accounts(
        self, organization: Organization, members: Sequence[Member], contact: bool
    ) -> list[models.AccountDto]:
        """The views of a page, its accounts read in one query."""
        accounts = self.services.accounts.get_many({member.account_id for member in members})
        return [
            view(
                models.AccountDto,
                accounts[member.account_id],
                urn=f"organizations::{organization.management_account_id}:account:"
                f"{organization.id}/{member.account_id}",
                join_method="created" if Role.OWNER in member.roles else "invited",
                status="active",
                joined_at=member.joined_at,
                email=accounts[member.account_id].email if contact else None,
            )
            for member in members
        ]
