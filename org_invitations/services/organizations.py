"""Organizations and their members."""

from __future__ import annotations

from org_invitations.clock import Clock
from org_invitations.domain.errors import (
    AccessDenied,
    AlreadyInOrganization,
    MemberNotFound,
    OrganizationNotFound,
    OwnerCannotLeave,
)
from org_invitations.domain.model import Member, Organization, Page, Role
from org_invitations.domain.permissions import may_remove
from org_invitations.ids import new_organization_id
from org_invitations.services.membership import require_member
from org_invitations.services.ports import UnitOfWorkFactory


class OrganizationService:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def create(self, caller_id: str, name: str, *, single_organization: bool = False) -> Organization:
        """`single_organization`: refuse an account already in one (AWS's and Huawei's rule)."""
        now = self._clock.now()
        with self._uow.writing() as uow:
            owner = uow.accounts.get(caller_id)
            if owner is None:
                raise AccessDenied("The calling account no longer exists.")
            if single_organization:
                uow.accounts.lock(owner.id)
                if uow.memberships.first_organization_of(owner.id) is not None:
                    raise AlreadyInOrganization(owner.id)
            organization = Organization(
                id=new_organization_id(),
                name=name,
                management_account_id=owner.id,
                management_account_name=owner.name,
                created_at=now,
            )
            uow.organizations.add(organization)
            uow.memberships.add(organization.id, owner.id, frozenset({Role.OWNER}), now)
            uow.commit()
        return organization

    def get(self, caller_id: str, organization_id: str) -> Organization:
        with self._uow.reading() as uow:
            require_member(uow, organization_id, caller_id)
            organization = uow.organizations.get(organization_id)
        if organization is None:
            raise OrganizationNotFound(organization_id)
        return organization

    def for_operator(self, organization_id: str) -> Organization:
        """The organization, for the service's operator (the admin command line), who acts for
        no account and so is not checked for membership."""
        with self._uow.reading() as uow:
            organization = uow.organizations.get(organization_id)
        if organization is None:
            raise OrganizationNotFound(organization_id)
        return organization

    def of_account(self, account_id: str) -> Organization | None:
        """The account's one organization, as a service with one per account sees it: the one it
        owns, else the one it joined first."""
        with self._uow.reading() as uow:
            organization_id = uow.memberships.first_organization_of(account_id)
            return uow.organizations.get(organization_id) if organization_id else None

    def member(self, caller_id: str, organization_id: str, account_id: str) -> Member | None:
        """One member, for another member; None when the account is not one."""
        with self._uow.reading() as uow:
            require_member(uow, organization_id, caller_id)
            return uow.memberships.get(organization_id, account_id)

    def members(self, caller_id: str, organization_id: str, limit: int, marker: str | None) -> Page[Member]:
        with self._uow.reading() as uow:
            require_member(uow, organization_id, caller_id)
            return uow.memberships.page(organization_id, limit, marker)

    def remove_member(self, caller_id: str, organization_id: str, account_id: str) -> None:
        with self._uow.writing() as uow:
            caller_roles = require_member(uow, organization_id, caller_id)
            target_roles = uow.memberships.roles_of(organization_id, account_id)
            if target_roles is None:
                raise MemberNotFound(organization_id, account_id)
            if not may_remove(caller_id, caller_roles, account_id, target_roles):
                raise AccessDenied(
                    "Only the owner may remove an admin; only owners and admins remove members."
                )
            if Role.OWNER in target_roles:
                raise OwnerCannotLeave()
            uow.memberships.remove(organization_id, account_id)
            uow.commit()
