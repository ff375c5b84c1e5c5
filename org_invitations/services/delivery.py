"""Delivering the outbox (invitation emails, webhook events): claim what is due under a lease,
send it, mark it; retry what failed.

At least once, and exactly once unless a worker dies between the mail server's acceptance
and the mark: then the lease runs out, another worker sends the message again, with the same
Message-ID, so that the receiver can tell it is the same message. Nothing is lost: a message
stays pending until it is marked sent, or failed after its last attempt.
"""

from __future__ import annotations

import json
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
from org_invitations.domain.outbox import Backoff, Delivery, MessageKind, OutboxMessage
from org_invitations.secret_box import SecretBox
from org_invitations.services.ports import Telemetry, UnitOfWork, UnitOfWorkFactory, Unobserved
from org_invitations.tracing import REQUEST_ID

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


class WebhookPoster(Protocol):
    def post(self, url: str, secret: str, message_id: str, at: datetime, body: bytes) -> int:
        """Post a signed event; the receiver's HTTP status (raise when none answered)."""
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
        poster: WebhookPoster,
        box: SecretBox,
        url_refusal: Callable[[str], str | None],
        telemetry: Telemetry | None = None,
    ) -> None:
        self._telemetry = telemetry or Unobserved()
        self._uow = uow
        self._clock = clock
        self._tokens = tokens
        self._mailer = mailer
        self._link_for = link_for
        self._backoff = backoff
        self._lease = lease
        self._poster = poster
        self._box = box
        self._url_refusal = url_refusal

    def deliver_due(self, worker: str, limit: int) -> DeliveryReport:
        """Claim up to `limit` due messages for `worker` and deliver each."""
        with self._uow.writing() as uow:
            claimed = uow.outbox.claim(worker, self._clock.now(), self._lease, limit)
            uow.commit()
        outcomes = [self._traced(message) for message in claimed]
        return DeliveryReport(
            claimed=len(claimed),
            sent=outcomes.count(Delivery.SENT),
            retried=outcomes.count(Delivery.PENDING),
            failed=outcomes.count(Delivery.FAILED),
            dropped=outcomes.count(Delivery.SKIPPED) + outcomes.count(Delivery.SUPERSEDED),
        )

    def _traced(self, message: OutboxMessage) -> Delivery:
        """Delivered in the context of the request that made it owed: its log lines say which."""
        context = REQUEST_ID.set(message.request_id)
        try:
            outcome = self._deliver(message)
            self._telemetry.delivered(message.kind, outcome)
            logger.info(
                "delivery",
                extra={"message_id": message.id, "kind": message.kind.value, "outcome": outcome.value},
            )
            return outcome
        finally:
            REQUEST_ID.reset(context)

    def _deliver(self, message: OutboxMessage) -> Delivery:
        if message.kind is MessageKind.WEBHOOK:
            return self._post(message)
        notice_or_reason = self._notice(message)
        if not isinstance(notice_or_reason, InvitationNotice):
            return self._unsent(message, *notice_or_reason)
        try:
            self._mailer.send(notice_or_reason)
        except Exception as exc:  # any failure of the transport: try again later
            return self._failed(message, _describe(exc))
        self._settle(lambda uow: uow.outbox.mark_sent(message.id, self._clock.now()))
        return Delivery.SENT

    def _post(self, message: OutboxMessage) -> Delivery:
        """A webhook event to its endpoint, signed with the endpoint's secret of the moment."""
        with self._uow.reading() as uow:
            found = uow.webhooks.get(message.endpoint_id) if message.endpoint_id else None
        if found is None or message.payload is None:
            return self._unsent(message, Delivery.SKIPPED, "The webhook endpoint no longer exists.")
        endpoint, sealed_secret = found
        refusal = self._url_refusal(endpoint.url)  # again now: what a name resolves to changes
        if refusal is not None:
            return self._failed(message, refusal)
        body = json.dumps(message.payload, separators=(",", ":")).encode()
        try:
            status = self._poster.post(
                endpoint.url, self._box.open(sealed_secret, endpoint.id), message.id, self._clock.now(), body
            )
        except Exception as exc:
            return self._failed(message, _describe(exc))
        if not 200 <= status < 300:
            return self._failed(message, f"The endpoint answered HTTP {status}.", status)
        self._settle(lambda uow: uow.outbox.mark_sent(message.id, self._clock.now(), status))
        return Delivery.SENT

    def _unsent(self, message: OutboxMessage, status: Delivery, reason: str) -> Delivery:
        self._settle(lambda uow: uow.outbox.mark_unsent(message.id, status, reason))
        return status

    def _failed(self, message: OutboxMessage, error: str, status_code: int | None = None) -> Delivery:
        """One more failed attempt: due again after the backoff, or failed for good."""
        wait = self._backoff.after(message.attempts + 1)
        retry_at = None if wait is None else self._clock.now() + wait
        if retry_at is None:  # said loudly: nothing more will be tried
            logger.error(
                "message %s failed for good after %d attempts: %s", message.id, message.attempts + 1, error
            )
        else:
            logger.warning(
                "delivering message %s failed (attempt %d): %s", message.id, message.attempts + 1, error
            )
        self._settle(lambda uow: uow.outbox.mark_failed_attempt(message.id, error, retry_at, status_code))
        return Delivery.FAILED if retry_at is None else Delivery.PENDING

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
