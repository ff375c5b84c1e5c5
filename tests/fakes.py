"""An in-memory unit of work: the repositories of `org_invitations.services.ports` over dicts.

For unit tests of the services, without SQLite or HTTP. It keeps what the rules rely on and
nothing more (tests/integration/test_storage_contract.py holds it and the SQL side to the same
behaviour):

- Isolation. A unit of work works on its own copy of the committed state: nothing it does is
  visible to another until `commit()`, and leaving the `with` block without committing discards
  it. Units of work commit first-come: a commit after another unit of work has committed since
  this one began raises `ConflictingCommit` instead of silently losing either's changes. A
  reading unit of work may not commit.
- Compare-and-set. `finish` and `rotate_token` change only a live invitation (pending, expiring
  after `now`), `expire_if_due` only a pending one whose expiry has come; otherwise they return
  False and change nothing.
- One pending invitation per organization and target (expired or not): `add` returns False.
  `memberships.add` returns False for an existing member; `accounts.add` for a taken alias
  or id; `accounts.add_access_key` when the account already holds `limit` permanent keys.
- Temporary access keys are found by id, expired or not, and are never listed or deleted.
- `accounts.lock` does nothing: first-come commits already make writers serial here.
- Keyset pages in the SQL order, with the SQL markers (`storage.paging`), so markers are
  interchangeable between the two.
- Events with opaque ids and positions counted per invitation from 1.

It decides nothing the services or the domain decide: no permission, no transition rule; the
status "as of now" that list filters use is the domain's `Invitation.as_of`.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any, TypeVar

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
from org_invitations.ids import new_event_id
from org_invitations.storage.paging import decode_marker, encode_marker

T = TypeVar("T")


class ConflictingCommit(Exception):
    """Another unit of work committed after this one began."""


class ManualClock:
    """A clock tests move by hand, so expiry is tested without sleeping."""

    def __init__(self) -> None:
        self.current = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.current

    def advance(self, delta: timedelta) -> None:
        self.current += delta


@dataclass(frozen=True, slots=True)
class StoredInvitation:
    invitation: Invitation
    token_hash: str
    finished_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class StoredMembership:
    roles: frozenset[Role]
    joined_at: datetime


@dataclass(frozen=True, slots=True)
class StoredMessage:
    message: OutboxMessage
    lease_owner: str | None = None
    lease_expires_at: datetime | None = None


@dataclass
class State:
    """Everything stored. Values are immutable, so a copy of the dicts is a snapshot."""

    accounts: dict[str, Account] = field(default_factory=dict)
    api_keys: dict[str, str] = field(default_factory=dict)  # key hash → account id
    security_tokens: dict[str, tuple[str, datetime]] = field(default_factory=dict)  # hash → (id, expiry)
    access_keys: dict[str, AccessKey] = field(default_factory=dict)  # by access key id
    organizations: dict[str, Organization] = field(default_factory=dict)
    memberships: dict[tuple[str, str], StoredMembership] = field(default_factory=dict)
    invitations: dict[str, StoredInvitation] = field(default_factory=dict)
    events: dict[str, tuple[Event, ...]] = field(default_factory=dict)  # by invitation id
    outbox: dict[str, StoredMessage] = field(default_factory=dict)  # by message id
    webhooks: dict[str, tuple[WebhookEndpoint, bytes]] = field(default_factory=dict)  # by id, sealed secret

    def copy(self) -> State:
        return State(**{f.name: dict(getattr(self, f.name)) for f in dataclasses.fields(self)})


@dataclass
class Store:
    """The committed state, shared by every unit of work a factory opens."""

    committed: State = field(default_factory=State)
    version: int = 0


def _keyset(
    items: list[T],
    key: Callable[[T], Any],
    limit: int,
    bound: Any | None,
    *,
    descending: bool,
    marker_of: Callable[[T], str],
) -> Page[T]:
    """Sort by `key`, keep what comes after `bound` in that order, cut at `limit`."""
    ordered = sorted(items, key=key, reverse=descending)
    if bound is not None:
        ordered = [item for item in ordered if (key(item) < bound if descending else key(item) > bound)]
    page = ordered[:limit]
    return Page(items=page, next_marker=marker_of(page[-1]) if len(ordered) > limit else None)


class FakeAccountRepository:
    def __init__(self, state: State) -> None:
        self._state = state

    def add(self, account: Account) -> bool:
        if account.id in self._state.accounts or self.by_alias(account.alias) is not None:
            return False
        self._state.accounts[account.id] = account
        return True

    def get(self, account_id: str) -> Account | None:
        return self._state.accounts.get(account_id)

    def get_many(self, account_ids: Collection[str]) -> dict[str, Account]:
        return {i: self._state.accounts[i] for i in account_ids if i in self._state.accounts}

    def by_alias(self, alias: str) -> Account | None:
        return next((a for a in self._state.accounts.values() if a.alias == alias), None)

    def lock(self, account_id: str) -> None:
        pass

    def add_api_key(self, account_id: str, key_hash: str, now: datetime) -> None:
        self._state.api_keys[key_hash] = account_id

    def by_api_key(self, key_hash: str) -> str | None:
        return self._state.api_keys.get(key_hash)

    def add_security_token(
        self, account_id: str, token_hash: str, now: datetime, expires_at: datetime
    ) -> None:
        self._state.security_tokens[token_hash] = (account_id, expires_at)

    def security_token(self, token_hash: str) -> SecurityTokenGrant | None:
        found = self._state.security_tokens.get(token_hash)
        return None if found is None else SecurityTokenGrant(*found)

    def add_access_key(self, key: AccessKey, *, limit: int) -> bool:
        if key.access_key_id in self._state.access_keys or len(self.access_keys(key.account_id)) >= limit:
            return False
        self._state.access_keys[key.access_key_id] = key
        return True

    def add_temporary_access_key(self, key: AccessKey) -> None:
        assert key.security_token_hash in self._state.security_tokens, "its security token comes first"
        self._state.access_keys[key.access_key_id] = key

    def access_keys(self, account_id: str) -> list[AccessKey]:
        return sorted(
            (k for k in self._state.access_keys.values() if k.account_id == account_id and not k.temporary),
            key=lambda k: (k.created_at, k.access_key_id),
        )

    def delete_access_key(self, account_id: str, access_key_id: str) -> bool:
        if access_key_id not in {k.access_key_id for k in self.access_keys(account_id)}:
            return False
        del self._state.access_keys[access_key_id]
        return True

    def by_access_key(self, access_key_id: str) -> AccessKey | None:
        return self._state.access_keys.get(access_key_id)


class FakeOrganizationRepository:
    def __init__(self, state: State) -> None:
        self._state = state

    def add(self, organization: Organization) -> None:
        self._state.organizations[organization.id] = organization

    def get(self, organization_id: str) -> Organization | None:
        return self._state.organizations.get(organization_id)


class FakeMembershipRepository:
    def __init__(self, state: State) -> None:
        self._state = state

    def add(self, organization_id: str, account_id: str, roles: frozenset[Role], joined_at: datetime) -> bool:
        if (organization_id, account_id) in self._state.memberships:
            return False
        self._state.memberships[organization_id, account_id] = StoredMembership(roles, joined_at)
        return True

    def roles_of(self, organization_id: str, account_id: str) -> frozenset[Role] | None:
        found = self._state.memberships.get((organization_id, account_id))
        return found.roles if found is not None else None

    def page(self, organization_id: str, limit: int, marker: str | None) -> Page[Member]:
        members = [
            Member(org_id, account_id, self._state.accounts[account_id].name, stored.roles, stored.joined_at)
            for (org_id, account_id), stored in self._state.memberships.items()
            if org_id == organization_id
        ]
        return _keyset(
            members,
            lambda member: (member.joined_at, member.account_id),
            limit,
            decode_marker(marker) if marker is not None else None,
            descending=False,
            marker_of=lambda member: encode_marker(member.joined_at, member.account_id),
        )

    def get(self, organization_id: str, account_id: str) -> Member | None:
        stored = self._state.memberships.get((organization_id, account_id))
        if stored is None:
            return None
        return Member(
            organization_id, account_id, self._state.accounts[account_id].name, stored.roles, stored.joined_at
        )

    def belongs_elsewhere(self, account_id: str, organization_id: str) -> bool:
        return any(
            member_id == account_id and joined != organization_id
            for joined, member_id in self._state.memberships
        )

    def first_organization_of(self, account_id: str) -> str | None:
        mine = sorted(
            (Role.OWNER not in stored.roles, stored.joined_at, organization_id)
            for (organization_id, member_id), stored in self._state.memberships.items()
            if member_id == account_id
        )
        return mine[0][2] if mine else None

    def remove(self, organization_id: str, account_id: str) -> None:
        self._state.memberships.pop((organization_id, account_id), None)


FINISHED_AT_FIELD = {
    Status.ACCEPTED: "accepted_at",
    Status.DECLINED: "declined_at",
    Status.CANCELLED: "cancelled_at",
}


class FakeInvitationRepository:
    def __init__(self, state: State) -> None:
        self._state = state

    def add(self, invitation: Invitation, token_hash: str) -> bool:
        if self.pending_for_target(invitation.organization_id, invitation.target) is not None:
            return False
        self._state.invitations[invitation.id] = StoredInvitation(invitation, token_hash)
        return True

    def get(self, invitation_id: str) -> Invitation | None:
        stored = self._state.invitations.get(invitation_id)
        return stored.invitation if stored is not None else None

    def get_with_roles(
        self, invitation_id: str, account_id: str
    ) -> tuple[Invitation, frozenset[Role] | None] | None:
        invitation = self.get(invitation_id)
        if invitation is None:
            return None
        member = self._state.memberships.get((invitation.organization_id, account_id))
        return invitation, member.roles if member is not None else None

    def by_token(self, token_hash: str) -> Invitation | None:
        return next(
            (s.invitation for s in self._state.invitations.values() if s.token_hash == token_hash), None
        )

    def pending_for_target(self, organization_id: str, target: Target) -> Invitation | None:
        return next(
            (
                s.invitation
                for s in self._state.invitations.values()
                if s.invitation.organization_id == organization_id
                and s.invitation.target == target
                and s.invitation.status is Status.PENDING
            ),
            None,
        )

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
        return self._page(
            lambda i: (
                i.organization_id == organization_id
                and (not statuses or i.as_of(now).status in statuses)
                and (target_type is None or i.target.type is target_type)
                and (email is None or i.target == Target(TargetType.EMAIL, email.lower()))
            ),
            limit,
            marker,
        )

    def page_for_account(
        self, account_id: str, now: datetime, *, status: Status | None, limit: int, marker: str | None
    ) -> Page[Invitation]:
        return self._page(
            lambda i: (
                i.target == Target(TargetType.ACCOUNT, account_id)
                and (status is None or i.as_of(now).status is status)
            ),
            limit,
            marker,
        )

    def _page(self, wanted: Callable[[Invitation], bool], limit: int, marker: str | None) -> Page[Invitation]:
        return _keyset(
            [s.invitation for s in self._state.invitations.values() if wanted(s.invitation)],
            lambda invitation: (invitation.created_at, invitation.id),
            limit,
            decode_marker(marker) if marker is not None else None,
            descending=True,
            marker_of=lambda invitation: encode_marker(invitation.created_at, invitation.id),
        )

    def finish(self, invitation_id: str, now: datetime, status: Status, actor_id: str | None) -> bool:
        by = "cancelled_by" if status is Status.CANCELLED else "responded_by"
        changes = {"status": status, "updated_at": now, FINISHED_AT_FIELD[status]: now, by: actor_id}
        return self._change_if(invitation_id, lambda i: _live(i, now), changes, finished_at=now)

    def expire_if_due(self, invitation_id: str, now: datetime) -> bool:
        stored = self._state.invitations.get(invitation_id)
        if stored is None:
            return False
        expires_at = stored.invitation.expires_at
        return self._change_if(
            invitation_id,
            lambda i: i.status is Status.PENDING and i.expires_at <= now,
            {"status": Status.EXPIRED, "updated_at": expires_at},
            finished_at=expires_at,
        )

    def rotate_token(
        self, invitation_id: str, now: datetime, token_hash: str, version: int, expires_at: datetime
    ) -> bool:
        return self._change_if(
            invitation_id,
            lambda i: _live(i, now),
            {"expires_at": expires_at, "updated_at": now, "token_version": version},
            token_hash=token_hash,
        )

    def _change_if(
        self,
        invitation_id: str,
        condition: Callable[[Invitation], bool],
        changes: dict[str, Any],
        **stored_changes: Any,
    ) -> bool:
        """The compare-and-set: apply `changes` only when the stored invitation meets `condition`."""
        stored = self._state.invitations.get(invitation_id)
        if stored is None or not condition(stored.invitation):
            return False
        self._state.invitations[invitation_id] = dataclasses.replace(
            stored, invitation=dataclasses.replace(stored.invitation, **changes), **stored_changes
        )
        return True

    def add_event(
        self,
        invitation_id: str,
        action: Action,
        actor_id: str | None,
        from_status: Status | None,
        to_status: Status,
        at: datetime,
    ) -> int:
        trail = self._state.events.get(invitation_id, ())
        event = Event(
            new_event_id(), len(trail) + 1, invitation_id, action, actor_id, from_status, to_status, at
        )
        self._state.events[invitation_id] = (*trail, event)
        return event.position

    def events(self, invitation_id: str, limit: int, marker: str | None) -> Page[Event]:
        return _keyset(
            list(self._state.events.get(invitation_id, ())),
            lambda event: event.position,
            limit,
            int(decode_marker(marker)[1]) if marker is not None else None,
            descending=False,
            marker_of=lambda event: encode_marker(event.occurred_at, str(event.position)),
        )

    def delete(self, invitation_id: str) -> bool:
        self._forget(invitation_id)
        return self._state.invitations.pop(invitation_id, None) is not None

    def _forget(self, invitation_id: str) -> None:
        """What the database deletes with an invitation (ON DELETE CASCADE): its trail, its messages."""
        self._state.events.pop(invitation_id, None)
        for message_id in [
            m for m, s in self._state.outbox.items() if s.message.invitation_id == invitation_id
        ]:
            del self._state.outbox[message_id]

    def counts(self, now: datetime) -> dict[Status, int]:
        return dict(Counter(s.invitation.as_of(now).status for s in self._state.invitations.values()))

    def purge_finished_before(self, cutoff: datetime) -> int:
        doomed = [
            invitation_id
            for invitation_id, s in self._state.invitations.items()
            if (s.finished_at is not None and s.finished_at <= cutoff)
            or (s.invitation.status is Status.PENDING and s.invitation.expires_at <= cutoff)
        ]
        for invitation_id in doomed:
            del self._state.invitations[invitation_id]
            self._forget(invitation_id)
        return len(doomed)


def _live(invitation: Invitation, now: datetime) -> bool:
    return invitation.status is Status.PENDING and invitation.expires_at > now


class FakeOutboxRepository:
    def __init__(self, state: State) -> None:
        self._state = state

    def add(self, message: OutboxMessage) -> None:
        self._state.outbox[message.id] = StoredMessage(message)

    def supersede(self, invitation_id: str, kind: MessageKind) -> int:
        doomed = [
            s.message.id
            for s in self._state.outbox.values()
            if s.message.invitation_id == invitation_id and s.message.kind is kind and _pending(s)
        ]
        for message_id in doomed:
            self._settle(message_id, status=Delivery.SUPERSEDED)
        return len(doomed)

    def claim(self, owner: str, now: datetime, lease: timedelta, limit: int) -> list[OutboxMessage]:
        due = sorted(
            (
                s
                for s in self._state.outbox.values()
                if _pending(s)
                and s.message.next_attempt_at <= now
                and (s.lease_expires_at is None or s.lease_expires_at <= now)
                and not self._waits_for_an_earlier_event(s.message)
            ),
            key=lambda s: (s.message.next_attempt_at, s.message.id),
        )[:limit]
        for s in due:
            self._state.outbox[s.message.id] = StoredMessage(s.message, owner, now + lease)
        return [s.message for s in due]

    def _waits_for_an_earlier_event(self, message: OutboxMessage) -> bool:
        return message.endpoint_id is not None and any(
            _pending(s)
            and s.message.endpoint_id == message.endpoint_id
            and s.message.invitation_id == message.invitation_id
            and (s.message.event_position or 0) < (message.event_position or 0)
            for s in self._state.outbox.values()
        )

    def mark_sent(self, message_id: str, now: datetime, status_code: int | None = None) -> bool:
        attempts = self._attempts(message_id) + 1
        return self._settle(
            message_id,
            status=Delivery.SENT,
            sent_at=now,
            attempts=attempts,
            last_status_code=status_code,
            last_error=None,
        )

    def mark_unsent(self, message_id: str, status: Delivery, reason: str) -> bool:
        return self._settle(message_id, status=status, last_error=reason)

    def mark_failed_attempt(
        self, message_id: str, error: str, retry_at: datetime | None, status_code: int | None = None
    ) -> bool:
        changes: dict[str, Any] = {
            "attempts": self._attempts(message_id) + 1,
            "last_error": error,
            "last_status_code": status_code,
        }
        if retry_at is None:
            return self._settle(message_id, status=Delivery.FAILED, **changes)
        return self._settle(message_id, next_attempt_at=retry_at, **changes)

    def emails(self, invitation_id: str, limit: int, marker: str | None) -> Page[OutboxMessage]:
        return _keyset(
            [
                s.message
                for s in self._state.outbox.values()
                if s.message.invitation_id == invitation_id and s.message.kind is MessageKind.INVITATION_EMAIL
            ],
            lambda message: (message.created_at, message.id),
            limit,
            decode_marker(marker) if marker is not None else None,
            descending=False,
            marker_of=lambda message: encode_marker(message.created_at, message.id),
        )

    def deliveries(self, endpoint_id: str, limit: int, marker: str | None) -> Page[OutboxMessage]:
        return _keyset(
            [s.message for s in self._state.outbox.values() if s.message.endpoint_id == endpoint_id],
            lambda message: (message.created_at, message.id),
            limit,
            decode_marker(marker) if marker is not None else None,
            descending=True,
            marker_of=lambda message: encode_marker(message.created_at, message.id),
        )

    def _attempts(self, message_id: str) -> int:
        stored = self._state.outbox.get(message_id)
        return stored.message.attempts if stored else 0

    def _settle(self, message_id: str, **changes: Any) -> bool:
        stored = self._state.outbox.get(message_id)
        if stored is None or not _pending(stored):
            return False
        self._state.outbox[message_id] = StoredMessage(dataclasses.replace(stored.message, **changes))
        return True

    def for_invitation(self, invitation_id: str) -> list[OutboxMessage]:
        return sorted(
            (s.message for s in self._state.outbox.values() if s.message.invitation_id == invitation_id),
            key=lambda message: message.created_at,
        )

    def oldest_pending(self) -> datetime | None:
        return min((s.message.created_at for s in self._state.outbox.values() if _pending(s)), default=None)

    def counts(self) -> dict[Delivery, int]:
        return dict(Counter(s.message.status for s in self._state.outbox.values()))


class FakeWebhookRepository:
    def __init__(self, state: State) -> None:
        self._state = state

    def add(self, endpoint: WebhookEndpoint, sealed_secret: bytes) -> None:
        self._state.webhooks[endpoint.id] = (endpoint, sealed_secret)

    def count(self, organization_id: str) -> int:
        return sum(1 for e, _ in self._state.webhooks.values() if e.organization_id == organization_id)

    def get(self, endpoint_id: str) -> tuple[WebhookEndpoint, bytes] | None:
        return self._state.webhooks.get(endpoint_id)

    def page(self, organization_id: str, limit: int, marker: str | None) -> Page[WebhookEndpoint]:
        return _keyset(
            [e for e, _ in self._state.webhooks.values() if e.organization_id == organization_id],
            lambda endpoint: (endpoint.created_at, endpoint.id),
            limit,
            decode_marker(marker) if marker is not None else None,
            descending=False,
            marker_of=lambda endpoint: encode_marker(endpoint.created_at, endpoint.id),
        )

    def subscribed(self, organization_id: str, event: EventType) -> list[str]:
        return [
            e.id
            for e, _ in self._state.webhooks.values()
            if e.organization_id == organization_id and event in e.events
        ]

    def set_secret(self, endpoint_id: str, sealed_secret: bytes) -> bool:
        found = self._state.webhooks.get(endpoint_id)
        if found is None:
            return False
        self._state.webhooks[endpoint_id] = (found[0], sealed_secret)
        return True

    def delete(self, endpoint_id: str) -> bool:
        for message_id in [m for m, s in self._state.outbox.items() if s.message.endpoint_id == endpoint_id]:
            del self._state.outbox[message_id]
        return self._state.webhooks.pop(endpoint_id, None) is not None


def _pending(stored: StoredMessage) -> bool:
    return stored.message.status is Delivery.PENDING


class FakeUnitOfWork:
    def __init__(self, store: Store, *, writing: bool) -> None:
        self._store = store
        self._writing = writing
        self._begin()

    def _begin(self) -> None:
        self._version = self._store.version
        state = self._store.committed.copy()
        self.accounts = FakeAccountRepository(state)
        self.organizations = FakeOrganizationRepository(state)
        self.memberships = FakeMembershipRepository(state)
        self.invitations = FakeInvitationRepository(state)
        self.outbox = FakeOutboxRepository(state)
        self.webhooks = FakeWebhookRepository(state)
        self._state = state
        self._after_commit: list[Callable[[], None]] = []

    def __enter__(self) -> FakeUnitOfWork:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._begin()  # what was not committed is gone

    def commit(self) -> None:
        if not self._writing:
            raise RuntimeError("a reading unit of work cannot commit")
        if self._store.version != self._version:
            raise ConflictingCommit("another unit of work committed after this one began")
        self._store.committed = self._state.copy()
        self._store.version += 1
        callbacks = self._after_commit
        self._begin()
        for callback in callbacks:
            callback()

    def after_commit(self, callback: Callable[[], None]) -> None:
        self._after_commit.append(callback)


class FakeUnitOfWorkFactory:
    def __init__(self) -> None:
        self.store = Store()

    def reading(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self.store, writing=False)

    def writing(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self.store, writing=True)


@dataclass
class RecordingTelemetry:
    """The core's telemetry, kept in order: what a use case reported, for tests to read."""

    steps: list[Action] = field(default_factory=list)
    refusals: list[tuple[Status, str]] = field(default_factory=list)
    throttles: list[str] = field(default_factory=list)
    deliveries: list[tuple[MessageKind, Delivery]] = field(default_factory=list)

    def stepped(self, action: Action) -> None:
        self.steps.append(action)

    def transition_refused(self, wanted: Status, code: str) -> None:
        self.refusals.append((wanted, code))

    def throttled(self, limit: str) -> None:
        self.throttles.append(limit)

    def delivered(self, kind: MessageKind, outcome: Delivery) -> None:
        self.deliveries.append((kind, outcome))
