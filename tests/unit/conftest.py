"""The core over the in-memory unit of work: services, a cast of accounts, and short helpers.

Everything here runs in the test's process: no database, no HTTP, no files.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from datetime import timedelta

import pytest

from org_invitations.credentials import InvitationTokens
from org_invitations.domain.invitations import RETENTION, TargetType
from org_invitations.domain.model import Role
from org_invitations.secret_box import KEY_BYTES, SecretBox
from org_invitations.services.accounts import AccountService
from org_invitations.services.invitations import (
    InvitationRequest,
    InvitationService,
    IssuedInvitation,
    RetentionService,
)
from org_invitations.services.organizations import OrganizationService
from org_invitations.throttling import Throttle
from tests.fakes import FakeUnitOfWorkFactory, ManualClock, RecordingTelemetry

VALIDITY = timedelta(days=7)
PLENTY = 1_000_000


def throttle(
    *,
    invitations_per_day: int = PLENTY,
    token_lookups_per_minute: int = PLENTY,
    telemetry: RecordingTelemetry | None = None,
) -> Throttle:
    """Counters in this process (`memory://`), generous unless a test says otherwise."""
    return Throttle(
        "memory://",
        key_prefix=f"unit-{uuid.uuid4().hex}",
        invitations_per_day=invitations_per_day,
        token_lookups_per_minute=token_lookups_per_minute,
        telemetry=telemetry,
    )


@dataclass
class Core:
    storage: FakeUnitOfWorkFactory
    clock: ManualClock
    box: SecretBox
    accounts: AccountService
    organizations: OrganizationService
    invitations: InvitationService
    retention: RetentionService
    tokens: InvitationTokens
    telemetry: RecordingTelemetry


def build_core(clock: ManualClock, *, allow_signup: bool = True, limits: Throttle | None = None) -> Core:
    storage = FakeUnitOfWorkFactory()
    telemetry = RecordingTelemetry()
    key = os.urandom(KEY_BYTES)
    box = SecretBox(key)
    tokens = InvitationTokens(key)
    return Core(
        storage=storage,
        clock=clock,
        box=box,
        accounts=AccountService(storage, clock, box, allow_signup=allow_signup),
        organizations=OrganizationService(storage, clock),
        invitations=InvitationService(storage, clock, limits or throttle(), tokens, telemetry),
        retention=RetentionService(storage, clock, RETENTION),
        tokens=tokens,
        telemetry=telemetry,
    )


@pytest.fixture
def core(clock: ManualClock) -> Core:
    return build_core(clock)


def request(
    entity: str,
    *,
    target_type: TargetType = TargetType.ACCOUNT,
    role: Role = Role.MEMBER,
    validity: timedelta = VALIDITY,
) -> InvitationRequest:
    return InvitationRequest(
        target_type=target_type.value,
        entity=entity,
        roles=frozenset({role}),
        given_name=None,
        family_name=None,
        notes=None,
        validity=validity,
    )


@dataclass
class Cast:
    """An organization with its owner, an admin and a member; an invitee and an outsider, neither in it."""

    core: Core
    org: str
    owner: str
    admin: str
    member: str
    invitee: str
    outsider: str

    def invite(
        self,
        entity: str | None = None,
        *,
        sender: str | None = None,
        target_type: TargetType = TargetType.ACCOUNT,
        role: Role = Role.MEMBER,
        validity: timedelta = VALIDITY,
    ) -> IssuedInvitation:
        """An invitation from the admin (or `sender`), to the invitee (or `entity`)."""
        return self.core.invitations.create(
            sender or self.admin,
            self.org,
            request(entity or self.invitee, target_type=target_type, role=role, validity=validity),
        )


def sign_up(core: Core, name: str) -> str:
    return core.accounts.create(name, None).account.id


def join(core: Core, org: str, owner: str, account_id: str, role: Role) -> None:
    """Make `account_id` a member the only way there is: invited by the owner, accepted."""
    issued = core.invitations.create(owner, org, request(account_id, role=role))
    core.invitations.accept(account_id, issued.invitation.id)


@pytest.fixture
def cast(core: Core) -> Cast:
    owner = sign_up(core, "Ada Lovelace")
    org = core.organizations.create(owner, "Analytical Engines").id
    admin, member = sign_up(core, "Charles Babbage"), sign_up(core, "Mary Somerville")
    join(core, org, owner, admin, Role.ADMIN)
    join(core, org, owner, member, Role.MEMBER)
    return Cast(core, org, owner, admin, member, sign_up(core, "Grace Hopper"), sign_up(core, "Eve Outsider"))
