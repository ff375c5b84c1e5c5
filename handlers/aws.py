"""AWS Organizations (JSON 1.1) over the core: each method is the boto3 operation of its name.

AWS's model is one organization per account and 12-digit account ids: the caller's
organization is the one it manages, else the one it joined first; account ids are the
accounts' aliases. Rules AWS adds over the core are refused here in AWS's words.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, TypeVar

from pydantic import BaseModel
from starlette.responses import Response

from org_invitations.domain.emails import email_problem
from org_invitations.domain.invitations import Invitation, Status, TargetType
from org_invitations.domain.model import Account, Member, Organization, Role
from org_invitations.generated.dialects.aws import models
from org_invitations.handlers.base import HandlerGroup
from org_invitations.services.invitations import InvitationRequest, ListFilter
from org_invitations.web.dialects import DialectRefusal
from org_invitations.web.dialects.aws_errors import MEDIA_TYPE
from org_invitations.web.validation import request_model

M = TypeVar("M", bound=BaseModel)

VALIDITY = timedelta(days=15)  # AWS's, as every emulator and the console show it
PAGE = 20
FEATURE_SET = "ALL"
NEXT_TOKEN = re.compile(r"[0-9]{1,11}\.[0-9a-z-]{1,64}")  # the core's keyset markers
STATE = {
    Status.PENDING: "OPEN",
    Status.ACCEPTED: "ACCEPTED",
    Status.DECLINED: "DECLINED",
    Status.CANCELLED: "CANCELED",
    Status.EXPIRED: "EXPIRED",
}


def _input(model: type[M], body: bytes | None) -> M:
    """The typed request: connexion hands an x-amz-json-1.1 body over as bytes, already validated."""
    return request_model(model, json.loads(body or b"{}"))


def _next_token(token: str | None) -> str | None:
    """AWS's contract lets any string through as a NextToken; only one this service gave is a position."""
    if token is not None and not NEXT_TOKEN.fullmatch(token):
        raise DialectRefusal(
            "InvalidInputException",
            "The NextToken is not one this service issued.",
            reason="INVALID_NEXT_TOKEN",
        )
    return token


def _output(model: BaseModel) -> Response:
    return Response(model.model_dump_json(by_alias=True, exclude_none=True), media_type=MEDIA_TYPE)


def _epoch(at: datetime) -> float:
    return at.timestamp()


class AwsHandlers(HandlerGroup):
    # --- organizations -------------------------------------------------------------------

    def create_organization(self, user: str, body: bytes | None = None) -> Response:
        _input(models.CreateOrganizationRequest, body)
        caller = self.services.accounts.get(user)
        organization = self.services.organizations.create(user, caller.name, single_organization=True)
        return _output(models.CreateOrganizationResponse(Organization=self._organization(organization)))

    def describe_organization(self, user: str, body: bytes | None = None) -> Response:
        _input(models.DescribeOrganizationRequest, body)
        organization = self._organization_of(user)
        return _output(models.DescribeOrganizationResponse(Organization=self._organization(organization)))

    def list_accounts(self, user: str, body: bytes | None = None) -> Response:
        request = _input(models.ListAccountsRequest, body)
        organization = self._organization_of(user)
        page = self.services.organizations.members(
            user, organization.id, request.MaxResults or PAGE, _next_token(request.NextToken)
        )
        accounts = self._accounts(organization, page.items)
        return _output(models.ListAccountsResponse(Accounts=accounts, NextToken=page.next_marker))

    def describe_account(self, user: str, body: bytes | None = None) -> Response:
        request = _input(models.DescribeAccountRequest, body)
        organization = self._organization_of(user)
        account = self.services.accounts.by_alias(request.AccountId)
        member = self.services.organizations.member(user, organization.id, account.id) if account else None
        if member is None:
            raise DialectRefusal(
                "AccountNotFoundException", f"No account {request.AccountId} in your organization."
            )
        return _output(models.DescribeAccountResponse(Account=self._accounts(organization, [member])[0]))

    # --- handshakes ------------------------------------------------------------------------

    def invite_account_to_organization(self, user: str, body: bytes | None = None) -> Response:
        request = _input(models.InviteAccountToOrganizationRequest, body)
        organization = self._organization_of(user)
        target = request.Target
        if target.Type == models.HandshakePartyType.ACCOUNT:
            invited = self.services.accounts.by_alias(target.Id)
            if invited is None:
                raise DialectRefusal("AccountNotFoundException", f"No account {target.Id} exists.")
            target_type, entity = TargetType.ACCOUNT, invited.id
        elif target.Type == models.HandshakePartyType.EMAIL:
            problem = email_problem(target.Id)
            if problem:
                raise DialectRefusal(
                    "InvalidInputException",
                    f"The email address {problem}.",
                    reason="INVALID_EMAIL_ADDRESS_TARGET",
                )
            target_type, entity = TargetType.EMAIL, target.Id
        else:
            raise DialectRefusal(
                "InvalidInputException", "Invite an ACCOUNT or an EMAIL.", reason="INVALID_PARTY_TYPE_TARGET"
            )
        issued = self.services.invitations.create(
            user,
            organization.id,
            InvitationRequest(
                target_type=target_type,
                entity=entity,
                roles=frozenset({Role.MEMBER}),
                given_name=None,
                family_name=None,
                notes=request.Notes,
                validity=VALIDITY,
                single_organization=True,
            ),
        )
        return _output(
            models.InviteAccountToOrganizationResponse(Handshake=self._handshake(issued.invitation))
        )

    def describe_handshake(self, user: str, body: bytes | None = None) -> Response:
        request = _input(models.DescribeHandshakeRequest, body)
        invitation = self.services.invitations.get_handshake(user, request.HandshakeId)
        return _output(models.DescribeHandshakeResponse(Handshake=self._handshake(invitation)))

    def accept_handshake(self, user: str, body: bytes | None = None) -> Response:
        request = _input(models.AcceptHandshakeRequest, body)
        invitation = self.services.invitations.accept(user, request.HandshakeId, single_organization=True)
        return _output(models.AcceptHandshakeResponse(Handshake=self._handshake(invitation)))

    def decline_handshake(self, user: str, body: bytes | None = None) -> Response:
        request = _input(models.DeclineHandshakeRequest, body)
        invitation = self.services.invitations.decline(user, request.HandshakeId)
        return _output(models.DeclineHandshakeResponse(Handshake=self._handshake(invitation)))

    def cancel_handshake(self, user: str, body: bytes | None = None) -> Response:
        request = _input(models.CancelHandshakeRequest, body)
        invitation = self.services.invitations.cancel(user, request.HandshakeId)
        return _output(models.CancelHandshakeResponse(Handshake=self._handshake(invitation)))

    def list_handshakes_for_account(self, user: str, body: bytes | None = None) -> Response:
        request = _input(models.ListHandshakesForAccountRequest, body)
        if _filtered_out(request.Filter):
            return _output(models.ListHandshakesForAccountResponse(Handshakes=[]))
        page = self.services.invitations.received(
            user, None, request.MaxResults or PAGE, _next_token(request.NextToken)
        )
        return _output(
            models.ListHandshakesForAccountResponse(
                Handshakes=self._handshakes(page.items), NextToken=page.next_marker
            )
        )

    def list_handshakes_for_organization(self, user: str, body: bytes | None = None) -> Response:
        request = _input(models.ListHandshakesForOrganizationRequest, body)
        organization = self._organization_of(user)
        if _filtered_out(request.Filter):
            return _output(models.ListHandshakesForOrganizationResponse(Handshakes=[]))
        page = self.services.invitations.list(
            user, organization.id, ListFilter(), request.MaxResults or PAGE, _next_token(request.NextToken)
        )
        return _output(
            models.ListHandshakesForOrganizationResponse(
                Handshakes=self._handshakes(page.items), NextToken=page.next_marker
            )
        )

    # --- the views: the core's values in AWS's names ---------------------------------------

    def _organization_of(self, user: str) -> Organization:
        organization = self.services.organizations.of_account(user)
        if organization is None:
            raise DialectRefusal(
                "AWSOrganizationsNotInUseException", "Your account is not a member of an organization."
            )
        return organization

    def _management(self, management_account_id: str) -> Account:
        return self.services.accounts.get(management_account_id)

    def _organization(self, organization: Organization) -> models.Organization:
        management = self._management(organization.management_account_id)
        return models.Organization.model_validate(
            {
                "Id": organization.id,
                "Arn": f"arn:aws:organizations::{management.alias}:organization/{organization.id}",
                "FeatureSet": FEATURE_SET,
                "MasterAccountArn": _account_arn(management.alias, organization.id, management.alias),
                "MasterAccountId": management.alias,
                "MasterAccountEmail": _email(management.email),
                "AvailablePolicyTypes": [],
            }
        )

    def _accounts(self, organization: Organization, members: Sequence[Member]) -> list[models.Account]:
        accounts = self.services.accounts.get_many(
            {organization.management_account_id} | {member.account_id for member in members}
        )
        return [_account(organization, member, accounts) for member in members]

    def _handshakes(self, invitations: Sequence[Invitation]) -> list[models.Handshake]:
        """The views of a page, with every account they name read in one query."""
        accounts = self.services.accounts.get_many(
            {invitation.management_account_id for invitation in invitations}
            | {i.target.entity for i in invitations if i.target.type is TargetType.ACCOUNT}
        )
        return [_handshake(invitation, accounts) for invitation in invitations]

    def _handshake(self, invitation: Invitation) -> models.Handshake:
        return self._handshakes([invitation])[0]


def _account(organization: Organization, member: Member, accounts: Mapping[str, Account]) -> models.Account:
    account, management = accounts[member.account_id], accounts[organization.management_account_id]
    return models.Account.model_validate(
        {
            "Id": account.alias,
            "Arn": _account_arn(management.alias, organization.id, account.alias),
            "Email": _email(account.email),
            "Name": account.name[:128],
            "Status": "ACTIVE",
            "State": "ACTIVE",
            "JoinedMethod": "CREATED" if Role.OWNER in member.roles else "INVITED",
            "JoinedTimestamp": _epoch(member.joined_at),
        }
    )


def _handshake(invitation: Invitation, accounts: Mapping[str, Account]) -> models.Handshake:
    management = accounts[invitation.management_account_id]
    if invitation.target.type is TargetType.ACCOUNT:
        target: dict[str, str] = {"Id": accounts[invitation.target.entity].alias, "Type": "ACCOUNT"}
    else:
        target = {"Id": invitation.target.entity, "Type": "EMAIL"}
    organization_resources: list[dict[str, str | None]] = [
        {"Type": "MASTER_EMAIL", "Value": management.email},
        {"Type": "MASTER_NAME", "Value": management.name},
        {"Type": "ORGANIZATION_FEATURE_SET", "Value": FEATURE_SET},
    ]
    resources: list[dict[str, Any]] = [
        {
            "Type": "ORGANIZATION",
            "Value": invitation.organization_id,
            "Resources": [resource for resource in organization_resources if resource["Value"]],
        },
        {"Type": target["Type"], "Value": target["Id"]},
    ]
    if invitation.notes:
        resources.append({"Type": "NOTES", "Value": invitation.notes})
    return models.Handshake.model_validate(
        {
            "Id": invitation.id,
            "Arn": f"arn:aws:organizations::{management.alias}:handshake/"
            f"{invitation.organization_id}/invite/{invitation.id}",
            "Parties": [{"Id": invitation.organization_id, "Type": "ORGANIZATION"}, target],
            "State": STATE[invitation.status],
            "RequestedTimestamp": _epoch(invitation.created_at),
            "ExpirationTimestamp": _epoch(invitation.expires_at),
            "Action": "INVITE",
            "Resources": resources,
        }
    )


def _filtered_out(handshake_filter: models.HandshakeFilter | None) -> bool:
    """Only invitations exist here: another action type, or a parent handshake, matches nothing."""
    if handshake_filter is None:
        return False
    action = handshake_filter.ActionType_1
    return handshake_filter.ParentHandshakeId is not None or (action is not None and action != "INVITE")


def _account_arn(management_alias: str, organization_id: str, alias: str) -> str:
    return f"arn:aws:organizations::{management_alias}:account/{organization_id}/{alias}"


def _email(email: str | None) -> str | None:
    """AWS's Email is 6 to 64 characters with a dot in the domain: another one is left out."""
    return email if email and 6 <= len(email) <= 64 and "." in email.partition("@")[2] else None
