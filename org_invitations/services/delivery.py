"""Delivering the outbox: claim what is due under a lease, send it, mark it; retry what failed.

At least once, and exactly once unless a worker dies between the mail server's acceptance
and the mark: then the lease runs out, another worker sends the message again, with the same
Message-ID, so that the receiver can tell it is the same message. Nothing is lost: a message
stays pending until it is marked sent, or failed after its last attempt.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from org_invitations.clock import Clock
from org_invitations.credentials import InvitationTokens
from org_invitations.domain.invitations import Status
from org_invitations.domain.model import Role
from org_invitations.domain.outbox import Backoff, Delivery, OutboxMessage
from org_invitations.services.ports import UnitOfWork, UnitOfWorkFactory

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class InvitationNotice:
    """What an invitation email says, for a mailer to render and send."""

    message_id: str
    created_at: datetime  # when the message was owed: its Date, the same on every attempt
    to: str
    organization_name: str
    inviter_name: str
    invitee_name: str | None
    roles: tuple[Role, ...]
    notes: str | None
    expires_at: datetime
    link: str


class Mailer(Protocol):
    def send(self, notice: InvitationNotice) -> None:
        """Hand the email over for delivery, or raise: then it is tried again later."""
        ...


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    claimed: int
    sent: int
    retried: int
    failed: int
    dropped: int  # skipped or superseded at sending time


def worker_name() -> str:
    """Who holds a lease: host, process and a random part, unique among concurrent workers."""
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{secrets.token_hex(4)}"


class DeliveryService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        tokens: InvitationTokens,
        mailer: Mailer,
        link_for: Callable[[str], str],
        *,
        backoff: Backoff,
        lease: timedelta,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._tokens = tokens
        self._mailer = mailer
        self._link_for = link_for
        self._backoff = backoff
        self._lease = lease

    def deliver_due(self, worker: str, limit: int) -> DeliveryReport:
        """Claim up to `limit` due messages for `worker` and deliver each."""
        with self._uow.writing() as uow:
            claimed = uow.outbox.claim(worker, self._clock.now(), self._lease, limit)
            uow.commit()
        outcomes = [self._deliver(message) for message in claimed]
        return DeliveryReport(
            claimed=len(claimed),
            sent=outcomes.count(Delivery.SENT),
            retried=outcomes.count(Delivery.PENDING),
            failed=outcomes.count(Delivery.FAILED),
            dropped=outcomes.count(Delivery.SKIPPED) + outcomes.count(Delivery.SUPERSEDED),
        )

    def _deliver(self, message: OutboxMessage) -> Delivery:
        notice_or_reason = self._notice(message)
        if not isinstance(notice_or_reason, InvitationNotice):
            status, reason = notice_or_reason
            self._settle(lambda uow: uow.outbox.mark_unsent(message.id, status, reason))
            return status
        try:
            self._mailer.send(notice_or_reason)
        except Exception as exc:  # any failure of the transport: try again later
            wait = self._backoff.after(message.attempts + 1)
            retry_at = None if wait is None else self._clock.now() + wait
            error = _describe(exc)
            logger.warning(
                "delivering message %s failed (attempt %d): %s", message.id, message.attempts + 1, error
            )
            self._settle(lambda uow: uow.outbox.mark_failed_attempt(message.id, error, retry_at))
            return Delivery.FAILED if retry_at is None else Delivery.PENDING
        self._settle(lambda uow: uow.outbox.mark_sent(message.id, self._clock.now()))
        return Delivery.SENT

    def _notice(self, message: OutboxMessage) -> InvitationNotice | tuple[Delivery, str]:
        """The email to send, or why there is none any more (the invitation moved on)."""
        now = self._clock.now()
        with self._uow.reading() as uow:
            stored = uow.invitations.get(message.invitation_id)
            inviter = uow.accounts.get(stored.created_by) if stored else None
        if stored is None or message.recipient is None:
            return Delivery.SKIPPED, "The invitation no longer exists."
        invitation = stored.as_of(now)
        if invitation.token_version != message.token_version:
            return Delivery.SUPERSEDED, "A resend replaced this message's link."
        if invitation.status is not Status.PENDING:
            return (
                Delivery.SKIPPED,
                f"The invitation is {invitation.status.value}; there is nothing to accept.",
            )
        names = " ".join(name for name in (invitation.given_name, invitation.family_name) if name)
        return InvitationNotice(
            message_id=message.id,
            created_at=message.created_at,
            to=message.recipient,
            organization_name=invitation.organization.name,
            inviter_name=inviter.name if inviter else invitation.management_account_name,
            invitee_name=names or None,
            roles=tuple(sorted(invitation.roles)),
            notes=invitation.notes,
            expires_at=invitation.expires_at,
            link=self._link_for(self._tokens.of(invitation.id, message.token_version)),
        )

    def _settle(self, change: Callable[[UnitOfWork], bool]) -> None:
        with self._uow.writing() as uow:
            change(uow)
            uow.commit()


def _describe(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"
