"""The outbox repository: messages added with their change, claimed under leases, marked once done."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, or_, select, update
from sqlalchemy.orm import Session, aliased

from org_invitations.domain.model import Page
from org_invitations.domain.outbox import Delivery, MessageKind, OutboxMessage
from org_invitations.storage.paging import keyset_page
from org_invitations.storage.prepared import PreparedInsert
from org_invitations.storage.tables import OutboxRow

MAX_ERROR = 1000


def _message(row: OutboxRow) -> OutboxMessage:
    return OutboxMessage(
        id=row.id,
        kind=MessageKind(row.kind),
        invitation_id=row.invitation_id,
        recipient=row.recipient,
        token_version=row.token_version,
        status=Delivery(row.status),
        attempts=row.attempts,
        created_at=row.created_at,
        next_attempt_at=row.next_attempt_at,
        sent_at=row.sent_at,
        last_error=row.last_error,
        endpoint_id=row.endpoint_id,
        payload=row.payload,
        event_position=row.event_position,
        last_status_code=row.last_status_code,
        request_id=row.request_id,
    )


_Earlier = aliased(OutboxRow)
_ADD = PreparedInsert(OutboxRow)


def _claimable(now: datetime) -> ColumnElement[bool]:
    """Pending, due, and nobody's (never leased, or its lease has run out); for a webhook event,
    the invitation's earlier events to that endpoint are settled (sent in order)."""
    return and_(
        OutboxRow.status == Delivery.PENDING,
        OutboxRow.next_attempt_at <= now,
        or_(OutboxRow.lease_expires_at.is_(None), OutboxRow.lease_expires_at <= now),
        ~exists().where(
            _Earlier.endpoint_id == OutboxRow.endpoint_id,
            _Earlier.invitation_id == OutboxRow.invitation_id,
            _Earlier.status == Delivery.PENDING,
            _Earlier.event_position < OutboxRow.event_position,
        ),
    )


class OutboxRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, message: OutboxMessage) -> None:
        _ADD.add(
            self._session,
            id=message.id,
            kind=message.kind,
            invitation_id=message.invitation_id,
            recipient=message.recipient,
            token_version=message.token_version,
            status=message.status,
            attempts=message.attempts,
            created_at=message.created_at,
            next_attempt_at=message.next_attempt_at,
            sent_at=message.sent_at,
            last_error=message.last_error,
            endpoint_id=message.endpoint_id,
            payload=message.payload,
            event_position=message.event_position,
            last_status_code=message.last_status_code,
            request_id=message.request_id,
        )

    def supersede(self, invitation_id: str, kind: MessageKind) -> int:
        """Retire the invitation's unsent messages of this kind (a newer one replaces them)."""
        result = self._session.execute(
            update(OutboxRow)
            .where(
                OutboxRow.invitation_id == invitation_id,
                OutboxRow.kind == kind,
                OutboxRow.status == Delivery.PENDING,
            )
            .values(status=Delivery.SUPERSEDED, lease_owner=None, lease_expires_at=None)
        )
        return _count(result)

    def claim(self, owner: str, now: datetime, lease: timedelta, limit: int) -> list[OutboxMessage]:
        """Up to `limit` due messages, leased to `owner` until `now + lease`, oldest due first.

        On PostgreSQL the candidates are locked with SKIP LOCKED, so concurrent workers take
        different messages without waiting; everywhere the lease is a compare-and-set, so a
        message is leased to one worker at a time.
        """
        candidates = self._session.scalars(
            select(OutboxRow.id)
            .where(_claimable(now))
            .order_by(OutboxRow.next_attempt_at, OutboxRow.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        ).all()
        claimed = [
            message_id
            for message_id in candidates
            if _count(
                self._session.execute(
                    update(OutboxRow)
                    .where(OutboxRow.id == message_id, _claimable(now))
                    .values(lease_owner=owner, lease_expires_at=now + lease)
                )
            )
        ]
        if not claimed:
            return []
        rows = self._session.scalars(
            select(OutboxRow)
            .where(OutboxRow.id.in_(claimed))
            .order_by(OutboxRow.next_attempt_at, OutboxRow.id)
        ).all()
        return [_message(row) for row in rows]

    def mark_sent(self, message_id: str, now: datetime, status_code: int | None = None) -> bool:
        return self._settle(
            message_id,
            status=Delivery.SENT,
            sent_at=now,
            attempts=OutboxRow.attempts + 1,
            last_status_code=status_code,
            last_error=None,
        )

    def mark_unsent(self, message_id: str, status: Delivery, reason: str) -> bool:
        """Nothing to send after all (skipped, superseded): said, with why."""
        return self._settle(message_id, status=status, last_error=reason[:MAX_ERROR])

    def mark_failed_attempt(
        self, message_id: str, error: str, retry_at: datetime | None, status_code: int | None = None
    ) -> bool:
        """One more failed attempt: pending again at `retry_at`, or failed for good when None."""
        values: dict[str, Any] = {
            "attempts": OutboxRow.attempts + 1,
            "last_error": error[:MAX_ERROR],
            "last_status_code": status_code,
        }
        if retry_at is None:
            values["status"] = Delivery.FAILED
        else:
            values["next_attempt_at"] = retry_at
        return self._settle(message_id, **values)

    def _settle(self, message_id: str, **values: Any) -> bool:
        """Change a message still pending, and release its lease."""
        result = self._session.execute(
            update(OutboxRow)
            .where(OutboxRow.id == message_id, OutboxRow.status == Delivery.PENDING)
            .values(lease_owner=None, lease_expires_at=None, **values)
        )
        return bool(_count(result))

    def for_invitation(self, invitation_id: str) -> list[OutboxMessage]:
        rows = self._session.scalars(
            select(OutboxRow).where(OutboxRow.invitation_id == invitation_id).order_by(OutboxRow.created_at)
        ).all()
        return [_message(row) for row in rows]

    def emails(self, invitation_id: str, limit: int, marker: str | None) -> Page[OutboxMessage]:
        """An invitation's emails, oldest first, keyset-paged on (created_at, id)."""
        mine = and_(OutboxRow.invitation_id == invitation_id, OutboxRow.kind == MessageKind.INVITATION_EMAIL)
        return self._page(mine, limit, marker, descending=False)

    def deliveries(self, endpoint_id: str, limit: int, marker: str | None) -> Page[OutboxMessage]:
        """An endpoint's events, newest first, keyset-paged on (created_at, id)."""
        return self._page(OutboxRow.endpoint_id == endpoint_id, limit, marker, descending=True)

    def _page(
        self, condition: ColumnElement[bool], limit: int, marker: str | None, *, descending: bool
    ) -> Page[OutboxMessage]:
        return keyset_page(
            self._session,
            select(OutboxRow).where(condition),
            (OutboxRow.created_at, OutboxRow.id),
            marker,
            limit,
            descending=descending,
            convert=_message,
            position=lambda message: (message.created_at, message.id),
        )

    def oldest_pending(self) -> datetime | None:
        """When the oldest message still to be sent was owed (the backlog's age)."""
        return self._session.scalar(
            select(func.min(OutboxRow.created_at)).where(OutboxRow.status == Delivery.PENDING)
        )

    def counts(self) -> dict[Delivery, int]:
        """How many messages are in each state."""
        rows = self._session.execute(select(OutboxRow.status, func.count()).group_by(OutboxRow.status)).all()
        return {Delivery(status): count for status, count in rows}


def _count(result: Any) -> int:
    return int(getattr(result, "rowcount", 0) or 0)
