"""Invitations (handshakes): their states, targets, and the transitions between states."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from org_invitations.domain.emails import canonical_email
from org_invitations.domain.errors import (
    AlreadyInState,
    InvalidTransition,
)
from org_invitations.domain.model import OrganizationSummary, Role

RETENTION = timedelta(days=30)


class Status(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


class TargetType(StrEnum):
    ACCOUNT = "account"
    EMAIL = "email"


class Action(StrEnum):
    CREATED = "created"
    RESENT = "resent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


ACTION_OF = {
    Status.ACCEPTED: Action.ACCEPTED,
    Status.DECLINED: Action.DECLINED,
    Status.CANCELLED: Action.CANCELLED,
    Status.EXPIRED: Action.EXPIRED,
}


@dataclass(frozen=True, slots=True)
class RoleDetail:
    name: Role
    display_name: str
    description: str


ROLE_DETAILS = {
    Role.ADMIN: RoleDetail(Role.ADMIN, "Admin", "Invites, cancels and resends invitations; removes members."),
    Role.MEMBER: RoleDetail(Role.MEMBER, "Member", "Sees the organization and its members."),
}
_AS = {Role.ADMIN: "an administrator", Role.MEMBER: "a member"}


def roles_in_words(roles: Iterable[Role]) -> str:
    """What an invitation makes its invitee, for people (the email, the invitation page)."""
    return " and ".join(_AS[role] for role in sorted(roles)) or _AS[Role.MEMBER]


@dataclass(frozen=True, slots=True)
class Target:
    type: TargetType
    entity: str

    @classmethod
    def of(cls, type_: str, entity: str) -> Target:
        """The target in canonical form: an email address compares as `canonical_email` makes it."""
        kind = TargetType(type_)
        return cls(kind, canonical_email(entity) if kind is TargetType.EMAIL else entity)


@dataclass(frozen=True, slots=True)
class Invitation:
    id: str
    organization: OrganizationSummary
    management_account_id: str
    management_account_name: str
    created_by: str
    target: Target
    email: str | None
    given_name: str | None
    family_name: str | None
    roles: frozenset[Role]
    notes: str | None
    status: Status
    validity: timedelta
    created_at: datetime
    updated_at: datetime
    expires_at: datetime
    accepted_at: datetime | None = None
    declined_at: datetime | None = None
    cancelled_at: datetime | None = None
    responded_by: str | None = None
    cancelled_by: str | None = None
    token_version: int = 0
    """Which derived token is live (1 on creation, +1 per resend); 0 for an invitation made
    before tokens were derived, whose random token cannot be shown again."""
    team_ids: tuple[str, ...] = ()
    """Teams the invitee is to join (Infodeck's `teamIds`); this service has no teams, it keeps them."""

    @property
    def organization_id(self) -> str:
        return self.organization.id

    @property
    def urn(self) -> str:
        return f"organizations::{self.management_account_id}:handshake:{self.organization_id}/{self.id}"

    @property
    def expired(self) -> bool:
        return self.status is Status.EXPIRED

    def is_due(self, now: datetime) -> bool:
        """Pending in storage but past its expiry: expired, whether or not storage says so yet."""
        return self.status is Status.PENDING and self.expires_at <= now

    def as_of(self, now: datetime) -> Invitation:
        """The invitation as it stands at `now`: expiry is evaluated on every read."""
        if self.is_due(now):
            return dataclasses.replace(self, status=Status.EXPIRED)
        return self

    def is_addressed_to(self, account_id: str) -> bool:
        return self.target.type is TargetType.ACCOUNT and self.target.entity == account_id


@dataclass(frozen=True, slots=True)
class Event:
    """One step of the audit trail: `id` is opaque, `position` counts this invitation's steps from 1."""

    id: str
    position: int
    invitation_id: str
    action: Action
    actor_account_id: str | None
    from_status: Status | None
    to_status: Status
    occurred_at: datetime


def transition_refusal(current: Status, wanted: Status) -> AlreadyInState | InvalidTransition | None:
    """Why `current` cannot become `wanted`, or None: only a pending invitation moves, and asking
    for the state it is already in is not an invalid move."""
    if current is wanted:
        return AlreadyInState(f"The invitation is already {current.value}.")
    if current is not Status.PENDING:
        return InvalidTransition(
            f"The invitation is {current.value}; it can no longer become {wanted.value}."
        )
    return None
