"""Membership checks every organization-scoped use case starts with."""

from __future__ import annotations

from org_invitations.domain.errors import AccessDenied, OrganizationNotFound
from org_invitations.domain.model import Role
from org_invitations.domain.permissions import can_manage
from org_invitations.services.ports import UnitOfWork


def require_member(uow: UnitOfWork, organization_id: str, account_id: str) -> frozenset[Role]:
    """The caller's roles; outsiders learn nothing, not even that the organization exists (404)."""
    roles = uow.memberships.roles_of(organization_id, account_id)
    if roles is None:
        raise OrganizationNotFound(organization_id)
    return roles


def require_manager(uow: UnitOfWork, organization_id: str, account_id: str) -> frozenset[Role]:
    """Owners and admins pass; plain members know the organization, so they get 403."""
    roles = require_member(uow, organization_id, account_id)
    if not can_manage(roles):
        raise AccessDenied("Only the organization's owner and admins may do this.")
    return roles
