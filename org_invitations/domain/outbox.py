"""What the service owes the outside world: messages written with the change that caused them.

A message is stored in the same transaction as the invitation it is about (a transactional
outbox), so that a change is never made without its message, nor a message sent for a change
that was rolled back. Workers deliver what is pending, each message under a lease, retrying
with exponential backoff until it is sent or has failed a bounded number of times.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any


class MessageKind(StrEnum):
    INVITATION_EMAIL = "invitation_email"
    WEBHOOK = "webhook"


class Delivery(StrEnum):
    PENDING = "pending"  # to be sent (now, or at `next_attempt_at` after a failure)
    SENT = "sent"
    FAILED = "failed"  # gave up after the last attempt: visible, never silent
    SUPERSEDED = "superseded"  # a resend made a newer message; this one's link is dead
    SKIPPED = "skipped"  # nothing to send: no address, or the invitation is no longer pending


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    id: str  # 32 hex digits; also the email's Message-ID, so a receiver can deduplicate
    kind: MessageKind
    invitation_id: str
    recipient: str | None  # an email address; None when there is nobody to mail (or a webhook event)
    token_version: int  # the invitation token the message's link carries
    status: Delivery
    attempts: int
    created_at: datetime
    next_attempt_at: datetime
    sent_at: datetime | None = None
    last_error: str | None = None
    endpoint_id: str | None = None  # a webhook event: the endpoint it goes to
    payload: dict[str, Any] | None = None  # a webhook event's body
    event_position: int | None = None  # its place in the invitation's trail: the order it is sent in
    last_status_code: int | None = None  # the endpoint's last answer
    request_id: str | None = None  # the request that made it owed, to trace a delivery to it


@dataclass(frozen=True, slots=True)
class Backoff:
    """Exponential: `base`, twice `base`, four times `base`, … up to `cap`; `attempts` tries in all."""

    base: timedelta
    cap: timedelta
    attempts: int

    def after(self, failed_attempts: int) -> timedelta | None:
        """The wait after this many failed attempts, or None when it is time to give up."""
        if failed_attempts >= self.attempts:
            return None
        return min(self.cap, self.base * (1 << max(failed_attempts - 1, 0)))
