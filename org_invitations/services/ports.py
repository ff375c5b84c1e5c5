"""What the use cases need from storage, as protocols: the unit of work and its repositories;
and what they report as they work (`Telemetry`, for metrics).

The services type against these and nothing else. `org_invitations.storage` implements them
over SQLAlchemy (structurally: mypy checks it where `bootstrap` wires it in), and the unit
tests implement them over dicts (tests/fakes.py). They live with the services, not in the
domain, because they describe what the use cases ask of storage, not a rule; like the
domain, this module knows nothing of SQL.

Each repository lists exactly the methods the services call, with the SQL repositories'
signatures. What every implementation must guarantee is in the docstrings.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime, timedelta
from types import TracebackType
from typing import Protocol

from org_invitations.domain.invitations import Action, Event, Invitation, Status, Target, TargetType
from org_invitations.domain.model import (
    AccessKey,
    Account,
    Member,
    Organization,
    Page,
    Role,
    SecurityTokenGrant,
)
from org_invitations.domain.outbox import Delivery, MessageKind, OutboxMessage
from org_invitations.domain.webhooks import EventType, WebhookEndpoint


class AccountRepository(Protocol):
    def add(self, account: Account) -> bool:
        """Insert; False, changing nothing, when another account has its alias (or its id)."""
        ...

    def get(self, account_id: str) -> Account | None: ...

    def get_many(self, account_ids: Collection[str]) -> dict[str, Account]:
        """The accounts that exist among these, by id: one query for a whole page's views."""
        ...

    def by_alias(self, alias: str) -> Account | None: ...

    def lock(self, account_id: str) -> None:
        """Hold the account's row until the unit of work ends, so that its memberships change one
        transaction at a time (`SELECT ... FOR UPDATE`; SQLite's writers are serial already)."""
        ...

    def add_api_key(self, account_id: str, key_hash: str, now: datetime) -> None: ...

    def by_api_key(self, key_hash: str) -> str | None:
        """The id of the account the hashed key belongs to, or None."""
        ...

    def add_security_token(
        self, account_id: str, token_hash: str, now: datetime, expires_at: datetime
    ) -> None: ...

    def security_token(self, token_hash: str) -> SecurityTokenGrant | None:
        """Whom the hashed token acts for and until when, expired or not; None when unknown."""
        ...

    def add_access_key(self, key: AccessKey, *, limit: int) -> bool:
        """Insert a permanent key while its account holds fewer than `limit` of them, also when
        several are added at once; False, changing nothing, otherwise."""
        ...

    def add_temporary_access_key(self, key: AccessKey) -> None:
        """Insert a temporary key: its security token (`key.security_token_hash`) is already added."""
        ...

    def access_keys(self, account_id: str) -> list[AccessKey]:
        """The account's permanent keys, oldest first (by creation time, then id)."""
        ...

    def delete_access_key(self, account_id: str, access_key_id: str) -> bool:
        """Delete the account's permanent key; False, changing nothing, when it has no such key."""
        ...

    def by_access_key(self, access_key_id: str) -> AccessKey | None:
        """The key, permanent or temporary, expired or not (so an expired one is told apart)."""
        ...


class OrganizationRepository(Protocol):
    def add(self, organization: Organization) -> None: ...

    def get(self, organization_id: str) -> Organization | None: ...


class MembershipRepository(Protocol):
    def add(self, organization_id: str, account_id: str, roles: frozenset[Role], joined_at: datetime) -> bool:
        """Insert; False, changing nothing, when the account is already a member."""
        ...

    def roles_of(self, organization_id: str, account_id: str) -> frozenset[Role] | None:
        """The account's roles in the organization, or None when it is not a member."""
        ...

    def page(self, organization_id: str, limit: int, marker: str | None) -> Page[Member]:
        """Members by join time, then account id; the marker is the last one's `<unix seconds>.<account id>`."""
        ...

    def get(self, organization_id: str, account_id: str) -> Member | None: ...

    def first_organization_of(self, account_id: str) -> str | None:
        """The organization the account owns, else the one it joined first (by join time, then id)."""
        ...

    def belongs_elsewhere(self, account_id: str, organization_id: str) -> bool:
        """Whether the account is a member of an organization other than this one."""
        ...

    def remove(self, organization_id: str, account_id: str) -> None: ...


class InvitationRepository(Protocol):
    def add(self, invitation: Invitation, token_hash: str) -> bool:
        """Insert; False, changing nothing, when a pending invitation (expired or not) has the same
        organization and target."""
        ...

    def get(self, invitation_id: str) -> Invitation | None:
        """As stored: a pending invitation past its expiry is still pending here."""
        ...

    def get_with_roles(
        self, invitation_id: str, account_id: str
    ) -> tuple[Invitation, frozenset[Role] | None] | None:
        """As `get`, with the account's roles in the invitation's organization (None: not a
        member), read together: what deciding whether the account may see or move it takes."""
        ...

    def by_token(self, token_hash: str) -> Invitation | None:
        """The invitation whose current token has this hash; a rotated-out token matches nothing."""
        ...

    def pending_for_target(self, organization_id: str, target: Target) -> Invitation | None:
        """The one invitation stored as pending for this target, expired or not."""
        ...

    def page_for_organization(
        self,
        organization_id: str,
        now: datetime,
        *,
        statuses: Collection[Status],
        target_type: TargetType | None,
        email: str | None,
        limit: int,
        marker: str | None,
    ) -> Page[Invitation]:
        """Newest first by (created_at, id); in any of `statuses` (all when empty) as of `now`
        (pending past expiry counts as expired)."""
        ...

    def page_for_account(
        self, account_id: str, now: datetime, *, status: Status | None, limit: int, marker: str | None
    ) -> Page[Invitation]:
        """Invitations addressed to the account, as `page_for_organization` orders and filters them."""
        ...

    def finish(self, invitation_id: str, now: datetime, status: Status, actor_id: str | None) -> bool:
        """Compare-and-set live (pending, `expires_at` after `now`) → `status`; False, changing nothing,
        otherwise. `actor_id` None: declined by whoever held an invitation's token, signed in or not."""
        ...

    def expire_if_due(self, invitation_id: str, now: datetime) -> bool:
        """Compare-and-set pending with `expires_at` at or before `now` → expired; False otherwise."""
        ...

    def rotate_token(
        self, invitation_id: str, now: datetime, token_hash: str, version: int, expires_at: datetime
    ) -> bool:
        """Compare-and-set a live invitation's token, token version and expiry; False, changing
        nothing, otherwise."""
        ...

    def add_event(
        self,
        invitation_id: str,
        action: Action,
        actor_id: str | None,
        from_status: Status | None,
        to_status: Status,
        at: datetime,
    ) -> int:
        """Append to the invitation's trail: an opaque id, the next position (from 1), returned."""
        ...

    def events(self, invitation_id: str, limit: int, marker: str | None) -> Page[Event]:
        """Oldest first by position; the marker is the last one's `<unix seconds>.<position>`."""
        ...

    def delete(self, invitation_id: str) -> bool:
        """Delete the invitation and its events; False when there is none."""
        ...

    def counts(self, now: datetime) -> dict[Status, int]:
        """How many invitations are in each state as of `now` (pending past expiry counts as expired)."""
        ...

    def purge_finished_before(self, cutoff: datetime) -> int:
        """Delete, with their trails, invitations finished (or pending and expired) at or before `cutoff`."""
        ...


class OutboxRepository(Protocol):
    def add(self, message: OutboxMessage) -> None: ...

    def supersede(self, invitation_id: str, kind: MessageKind) -> int:
        """Mark the invitation's pending messages of this kind superseded; how many."""
        ...

    def claim(self, owner: str, now: datetime, lease: timedelta, limit: int) -> list[OutboxMessage]:
        """Up to `limit` pending messages due at `now` whose lease is free or has run out, oldest
        due first, now leased to `owner` until `now + lease`: never to two owners at once, also
        when several workers claim concurrently."""
        ...

    def mark_sent(self, message_id: str, now: datetime, status_code: int | None = None) -> bool:
        """A pending message sent (its attempts counted, the receiver's status kept, its lease
        released); False if not pending."""
        ...

    def mark_unsent(self, message_id: str, status: Delivery, reason: str) -> bool:
        """A pending message that will not be sent (skipped, superseded), with the reason."""
        ...

    def mark_failed_attempt(
        self, message_id: str, error: str, retry_at: datetime | None, status_code: int | None = None
    ) -> bool:
        """One more failed attempt of a pending message: due again at `retry_at`, or failed for
        good when None; the receiver's status (if it answered) kept; its lease released."""
        ...

    def emails(self, invitation_id: str, limit: int, marker: str | None) -> Page[OutboxMessage]:
        """An invitation's emails, oldest first by (created_at, id)."""
        ...

    def deliveries(self, endpoint_id: str, limit: int, marker: str | None) -> Page[OutboxMessage]:
        """A webhook endpoint's events, newest first by (created_at, id)."""
        ...

    def for_invitation(self, invitation_id: str) -> list[OutboxMessage]:
        """The invitation's messages, oldest first."""
        ...

    def oldest_pending(self) -> datetime | None:
        """When the oldest pending message was owed; None when none is pending."""
        ...

    def counts(self) -> dict[Delivery, int]: ...


class WebhookRepository(Protocol):
    def add(self, endpoint: WebhookEndpoint, sealed_secret: bytes) -> None: ...

    def count(self, organization_id: str) -> int: ...

    def get(self, endpoint_id: str) -> tuple[WebhookEndpoint, bytes] | None:
        """The endpoint and its sealed signing secret, or None."""
        ...

    def page(self, organization_id: str, limit: int, marker: str | None) -> Page[WebhookEndpoint]:
        """The organization's endpoints, oldest first by (created_at, id)."""
        ...

    def subscribed(self, organization_id: str, event: EventType) -> list[str]:
        """The ids of the organization's endpoints that want `event`."""
        ...

    def set_secret(self, endpoint_id: str, sealed_secret: bytes) -> bool: ...

    def delete(self, endpoint_id: str) -> bool:
        """Delete the endpoint and its deliveries; False when there is none."""
        ...


class UnitOfWork(Protocol):
    """One transaction: what its repositories change is seen by nobody else until `commit()`;
    leaving the `with` block without committing discards it."""

    @property
    def accounts(self) -> AccountRepository: ...

    @property
    def organizations(self) -> OrganizationRepository: ...

    @property
    def memberships(self) -> MembershipRepository: ...

    @property
    def invitations(self) -> InvitationRepository: ...

    @property
    def outbox(self) -> OutboxRepository: ...

    @property
    def webhooks(self) -> WebhookRepository: ...

    def __enter__(self) -> UnitOfWork: ...

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    def commit(self) -> None: ...

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Run `callback` once this unit of work's next commit has succeeded; never when it is
        discarded instead (what a rolled-back transaction did did not happen)."""
        ...


class UnitOfWorkFactory(Protocol):
    """Opens units of work: `reading()` for queries, `writing()` for changes."""

    def reading(self) -> UnitOfWork: ...

    def writing(self) -> UnitOfWork: ...


class Telemetry(Protocol):
    """What the use cases report as they work, for metrics (org_invitations/metrics.py): only what
    happened (a step once committed, a refusal once raised), and never in the way of the work."""

    def stepped(self, action: Action) -> None:
        """An invitation's step, committed: created, resent, accepted, declined, cancelled, expired."""
        ...

    def transition_refused(self, wanted: Status, code: str) -> None:
        """A transition to `wanted` refused, by the refusal's stable code."""
        ...

    def throttled(self, limit: str) -> None:
        """A request refused by a throttle (`invitations`, `token-lookups`)."""
        ...

    def delivered(self, kind: MessageKind, outcome: Delivery) -> None:
        """One delivery attempt and how it ended (PENDING: failed, to be retried)."""
        ...


class Unobserved:
    """Telemetry that reports nowhere: for services built without metrics (unit tests, embedders)."""

    def stepped(self, action: Action) -> None:
        pass

    def transition_refused(self, wanted: Status, code: str) -> None:
        pass

    def throttled(self, limit: str) -> None:
        pass

    def delivered(self, kind: MessageKind, outcome: Delivery) -> None:
        pass
