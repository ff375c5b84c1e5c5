"""Helpers for invitation tests: short calls through the generated client, failing loudly on surprises."""

from __future__ import annotations

from typing import Any

from org_invitations_client.api.invitations import create_invitation
from org_invitations_client.api.organizations import create_organization
from org_invitations_client.models import (
    AccountTarget,
    AccountTargetType,
    EmailTarget,
    EmailTargetType,
    InvitationCreate,
    InvitationCreated,
    InvitationRole,
    Organization,
    OrganizationCreate,
    Problem,
    TargetType,
)
from org_invitations_client.types import Response

from tests.conftest import Caller


def make_org(owner: Caller, name: str = "Analytical Engines") -> Organization:
    created = create_organization.sync(client=owner.client, body=OrganizationCreate(name=name))
    assert isinstance(created, Organization)
    return created


def invite_body(
    entity: str, *, by: TargetType = TargetType.ACCOUNT, role: str = "member", **extra: Any
) -> InvitationCreate:
    return InvitationCreate(
        target=AccountTarget(type_=AccountTargetType.ACCOUNT, entity=entity)
        if by is TargetType.ACCOUNT
        else EmailTarget(type_=EmailTargetType.EMAIL, entity=entity),
        roles=[InvitationRole(role)],
        **extra,
    )


def invite(admin: Caller, org: Organization, entity: str, **kwargs: Any) -> InvitationCreated:
    created = create_invitation.sync(org.id, client=admin.client, body=invite_body(entity, **kwargs))
    assert isinstance(created, InvitationCreated), created
    return created


def problem(response: Response[Any], status: int, code: str) -> Problem:
    assert response.status_code == status, response.content
    assert isinstance(response.parsed, Problem)
    assert response.parsed.code == code
    assert response.headers["X-Error-Code"] == code
    return response.parsed
