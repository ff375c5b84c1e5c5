"""VMware Cloud Services over the core: each method is the documented operation of its name.

A VMware invitation is an invitation by email whose `username` is the address; the list also
shows the organization's invitations to accounts, under the account's email (or name). The
access token VMware exchanges an API token for is a native security token. Times are epoch
milliseconds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import TypeAdapter
from starlette.responses import Response

from org_invitations.domain.errors import AlreadyInState, InvalidTransition
from org_invitations.domain.invitations import Invitation, Status, TargetType
from org_invitations.domain.model import Account, Role
from org_invitations.generated.dialects.vmware import models
from org_invitations.handlers.base import HandlerGroup
from org_invitations.handlers.views import view
from org_invitations.services.invitations import InvitationRequest, ListFilter
from org_invitations.web.dialects import DialectRefusal
from org_invitations.web.responses import NO_STORE, json_response
from org_invitations.web.validation import request_model

ACCESS_TOKEN_TTL = timedelta(minutes=30)  # VMware's access tokens live 30 minutes
LISTED = 10_000  # VMware's list has no paging; the newest this many
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
LISTED_VIEWS = TypeAdapter(list[models.UserOrganizationInvitationResponse])
ROLE_OF_NAME = {"org_member": Role.MEMBER, "org_admin": Role.ADMIN, "org_owner": Role.ADMIN}
NAME_OF_ROLE = {Role.MEMBER: "org_member", Role.ADMIN: "org_admin"}
DISPLAY_NAME = {Role.MEMBER: "Organization Member", Role.ADMIN: "Organization Administrator"}
STATUS = {
    Status.PENDING: models.Status.AVAILABLE,
    Status.EXPIRED: models.Status.AVAILABLE,  # VMware has no expired state: see expirationTime
    Status.ACCEPTED: models.Status.REDEEMED,
    Status.CANCELLED: models.Status.REVOKED,
    Status.DECLINED: models.Status.REVOKED,
}
REVOKE_REFUSAL = {
    Status.CANCELLED: ("invitation.already_revoked", "The invitation is already revoked."),
    Status.DECLINED: ("invitation.already_revoked", "The invitation is already revoked: it was declined."),
    Status.ACCEPTED: ("invitation.already_redeemed", "The invitation was redeemed; it cannot be revoked."),
    Status.EXPIRED: ("invitation.expired", "The invitation has expired; it cannot be revoked."),
}


def _ms(at: datetime | None) -> int | None:
    return None if at is None else (at - EPOCH) // timedelta(milliseconds=1)


def _roles(request: models.UsersOrganizationInvitationRequest) -> frozenset[Role]:
    names = [role.name.value for role in request.organizationRoles or []]
    names += request.model_dump(mode="json").get("orgRoleNames") or []  # deprecated, still honoured
    return frozenset(ROLE_OF_NAME[name] for name in names) or frozenset({Role.MEMBER})


def _username(account_id: str | None, accounts: Mapping[str, Account]) -> str | None:
    """An account as VMware names a user: its email, else its name (else its id, once deleted)."""
    if account_id is None:
        return None
    account = accounts.get(account_id)
    return account_id if account is None else account.email or account.name


class VmwareHandlers(HandlerGroup):
    def authorize_api_token(
        self, refresh_token: str | None = None, body: dict[str, Any] | None = None
    ) -> Response:
        form = request_model(models.GetAccessTokenByApiRefreshTokenRequest, body or {})
        given = form.model_dump()  # read, not accessed: `refresh_token` is deprecated, still honoured
        api_key = given["api_token"] or given["refresh_token"] or refresh_token
        account_id = self.services.accounts.authenticate_api_key(api_key) if api_key else None
        if account_id is None:
            raise DialectRefusal(
                "auth.invalid_refresh_token", "The API token is missing, unknown or no longer valid."
            )
        issued = self.services.accounts.issue_security_token(account_id, ACCESS_TOKEN_TTL)
        token = models.AccessTokenDto(
            access_token=issued.security_token,
            expires_in=models.ExpiresIn.integer_1800,
            scope="",
            token_type=models.TokenType.bearer,
        )
        return json_response(token, secret=True)

    def get_org_invitations(
        self,
        user: str,
        org_id: str,
        expand: str | None = None,
        custom_group_id: str | None = None,
        expand_custom_groups: bool | None = None,
    ) -> Response:
        page = self.services.invitations.list(user, org_id, ListFilter(), LISTED, None)
        invitations = [] if custom_group_id is not None else page.items  # no invitation is in a group
        shown = self._views(invitations, expand_roles=expand is not None)
        return Response(LISTED_VIEWS.dump_json(shown), media_type="application/json", headers=NO_STORE)

    def get_org_invitation(self, user: str, org_id: str, user_invitation_id: str) -> Response:
        invitation = self._find(user, org_id, user_invitation_id)
        return json_response(self._views([invitation], expand_roles=True)[0], secret=True)

    def invite_users(
        self, user: str, org_id: str, body: dict[str, Any], action: str | None = None
    ) -> Response:
        request = request_model(models.UsersOrganizationInvitationRequest, body)
        usernames = list(dict.fromkeys(username.root.lower() for username in request.usernames))
        if action == "revoke":
            self.services.invitations.revoke_pending_to(user, org_id, usernames)
            return Response(status_code=202)
        roles = _roles(request)
        validity = timedelta(days=request.invitationExpirationInDays)
        self.services.invitations.create_many(
            user,
            org_id,
            [
                InvitationRequest(TargetType.EMAIL, username, roles, None, None, None, validity)
                for username in usernames
            ],
        )
        return Response(status_code=202)

    def revoke_org_invitation(self, user: str, org_id: str, user_invitation_id: str) -> Response:
        invitation = self._find(user, org_id, user_invitation_id)
        try:
            self.services.invitations.cancel(user, invitation.id)
        except (AlreadyInState, InvalidTransition):
            finished = self.services.invitations.get(user, org_id, invitation.id)
            code, message = REVOKE_REFUSAL[finished.status]
            raise DialectRefusal(code, message, status=409) from None
        return Response(status_code=200)

    # --- what the views need ---------------------------------------------------------------

    def _find(self, user: str, org_id: str, reference: str) -> Invitation:
        """By id, or by token (the last segment of `refLink`: VMware's shape carries no id)."""
        if reference.startswith("h-"):
            return self.services.invitations.get(user, org_id, reference)
        return self.services.invitations.by_token_for_manager(user, org_id, reference)

    def _views(
        self, invitations: Iterable[Invitation], *, expand_roles: bool
    ) -> list[models.UserOrganizationInvitationResponse]:
        invitations = list(invitations)
        named = (
            {i.created_by for i in invitations}
            | {i.responded_by for i in invitations}
            | {i.cancelled_by for i in invitations}
            | {i.target.entity for i in invitations if i.target.type is TargetType.ACCOUNT}
        )
        accounts = self.services.accounts.get_many({account_id for account_id in named if account_id})
        return [self._view(invitation, accounts, expand_roles=expand_roles) for invitation in invitations]

    def _view(
        self, invitation: Invitation, accounts: Mapping[str, Account], *, expand_roles: bool
    ) -> models.UserOrganizationInvitationResponse:
        token = self.services.invitations.token_of(invitation)
        link = (
            self.services.settings.invitation_link(token)
            if invitation.status is Status.PENDING and token is not None
            else None
        )
        roles = sorted(invitation.roles)
        revoked_by = (
            invitation.cancelled_by if invitation.status is Status.CANCELLED else invitation.responded_by
        )
        return view(
            models.UserOrganizationInvitationResponse,
            None,
            username=invitation.email
            if invitation.target.type is TargetType.EMAIL
            else _username(invitation.target.entity, accounts),
            status=STATUS[invitation.status],
            generatedAt=_ms(invitation.created_at),
            expirationTime=_ms(invitation.expires_at),
            generatedBy=invitation.created_by,
            invitedByUsername=_username(invitation.created_by, accounts),
            redeemedAt=_ms(invitation.accepted_at),
            redeemedBy=_username(invitation.responded_by, accounts) if invitation.accepted_at else None,
            revokedAt=_ms(invitation.cancelled_at or invitation.declined_at),
            revokedBy=_username(revoked_by, accounts)
            if STATUS[invitation.status] is models.Status.REVOKED
            else None,
            refLink=link,
            invitationLink=link,
            orgRoleNames=[NAME_OF_ROLE[role] for role in roles],
            organizationRoles=[
                models.OrganizationRoleBindingDto(
                    name=NAME_OF_ROLE[role],
                    displayName=DISPLAY_NAME[role],
                    membershipType="DIRECT",
                    resource=None,
                    expiresAt=None,
                    createdBy=None,
                    createdDate=None,
                    lastUpdatedBy=None,
                    lastUpdatedDate=None,
                )
                for role in roles
            ]
            if expand_roles
            else [],
            serviceRolesDtos=[],
            customRoles=[],
            customGroupsIds=[],
            customGroups=[],
        )
