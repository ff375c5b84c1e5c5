"""The outbox: an invitation's email is owed in the transaction that makes it, and delivered
under a lease, retried with backoff, never lost and never sent with a dead link."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest

from org_invitations.domain.invitations import TargetType
from org_invitations.domain.outbox import Backoff, Delivery, MessageKind, OutboxMessage
from org_invitations.services.delivery import DeliveryService, InvitationNotice
from tests.unit.conftest import Cast, Core

BACKOFF = Backoff(base=timedelta(seconds=10), cap=timedelta(minutes=1), attempts=3)
LEASE = timedelta(minutes=1)


@dataclass
class Mailbox:
    """A mailer that keeps what it is given, or fails while `down`."""

    received: list[InvitationNotice] = field(default_factory=list)
    down: bool = False

    def send(self, notice: InvitationNotice) -> None:
        if self.down:
            raise ConnectionRefusedError("the mail server is down")
        self.received.append(notice)


@dataclass
class Receiver:
    """A webhook receiver that answers `status` and keeps what it accepted."""

    status: int = 204
    received: list[tuple[str, str, bytes]] = field(default_factory=list)  # url, secret, body

    def post(self, url: str, secret: str, message_id: str, at: datetime, body: bytes) -> int:
        if 200 <= self.status < 300:
            self.received.append((url, secret, body))
        return self.status


@pytest.fixture
def mailbox() -> Mailbox:
    return Mailbox()


@pytest.fixture
def delivery(core: Core, mailbox: Mailbox) -> DeliveryService:
    return DeliveryService(
        core.storage,
        core.clock,
        core.tokens,
        mailbox,
        lambda token: f"https://invitations.example/{token}",
        backoff=BACKOFF,
        lease=LEASE,
        poster=Receiver(),
        box=core.box,
        url_refusal=lambda url: None,
        telemetry=core.telemetry,
    )


def messages(core: Core, invitation_id: str) -> list[OutboxMessage]:
    with core.storage.reading() as uow:
        return uow.outbox.for_invitation(invitation_id)


def test_an_invitation_by_email_owes_one_email_from_its_creation(cast: Cast) -> None:
    issued = cast.invite("grace@example.com", target_type=TargetType.EMAIL)

    [owed] = messages(cast.core, issued.invitation.id)
    assert (owed.recipient, owed.status, owed.token_version) == ("grace@example.com", Delivery.PENDING, 1)


def test_an_account_without_an_email_is_recorded_as_not_mailed(cast: Cast) -> None:
    issued = cast.invite()  # the invitee signed up without an email

    [owed] = messages(cast.core, issued.invitation.id)
    assert (owed.recipient, owed.status) == (None, Delivery.SKIPPED)
    assert owed.last_error == "The invited account has no email address."


def test_an_account_with_an_email_is_mailed_there(cast: Cast) -> None:
    invitee = cast.core.accounts.create("Lin Chen", "lin@example.com").account.id
    issued = cast.invite(invitee)

    assert [m.recipient for m in messages(cast.core, issued.invitation.id)] == ["lin@example.com"]


def test_a_refused_invitation_owes_nothing(cast: Cast) -> None:
    cast.invite("grace@example.com", target_type=TargetType.EMAIL)
    with pytest.raises(Exception, match="pending invitation"):
        cast.invite("grace@example.com", target_type=TargetType.EMAIL)

    with cast.core.storage.reading() as uow:
        assert uow.outbox.counts()[Delivery.PENDING] == 1  # the first one's only


def test_a_resend_supersedes_the_unsent_email_so_a_dead_link_is_never_mailed(
    cast: Cast, delivery: DeliveryService, mailbox: Mailbox
) -> None:
    issued = cast.invite("grace@example.com", target_type=TargetType.EMAIL)
    resent = cast.core.invitations.resend(cast.admin, cast.org, issued.invitation.id)

    report = delivery.deliver_due("worker", 10)

    assert [m.status for m in messages(cast.core, issued.invitation.id)] == [
        Delivery.SUPERSEDED,
        Delivery.SENT,
    ]
    assert (report.claimed, report.sent) == (1, 1)
    assert [n.link for n in mailbox.received] == [f"https://invitations.example/{resent.invitation_token}"]


def test_the_email_says_who_invites_whom_to_what(
    cast: Cast, delivery: DeliveryService, mailbox: Mailbox
) -> None:
    issued = cast.invite("grace@example.com", target_type=TargetType.EMAIL)

    delivery.deliver_due("worker", 10)

    [notice] = mailbox.received
    assert (notice.to, notice.organization_name, notice.inviter_name) == (
        "grace@example.com",
        "Analytical Engines",
        "Charles Babbage",
    )
    assert notice.expires_at == issued.invitation.expires_at
    assert notice.message_id == messages(cast.core, issued.invitation.id)[0].id
    assert notice.link == f"https://invitations.example/{issued.invitation_token}"


def test_a_failure_is_retried_with_backoff_and_given_up_after_the_last_attempt(
    cast: Cast, delivery: DeliveryService, mailbox: Mailbox
) -> None:
    issued = cast.invite("grace@example.com", target_type=TargetType.EMAIL)
    mailbox.down = True

    assert delivery.deliver_due("worker", 10).retried == 1
    [owed] = messages(cast.core, issued.invitation.id)
    assert (owed.attempts, owed.next_attempt_at - cast.core.clock.now()) == (1, timedelta(seconds=10))
    assert owed.last_error == "ConnectionRefusedError: the mail server is down"
    assert delivery.deliver_due("worker", 10).claimed == 0  # not before its time

    cast.core.clock.advance(timedelta(seconds=10))
    assert delivery.deliver_due("worker", 10).retried == 1  # then 20 s
    cast.core.clock.advance(timedelta(seconds=20))
    assert delivery.deliver_due("worker", 10).failed == 1

    [failed] = messages(cast.core, issued.invitation.id)
    assert (failed.status, failed.attempts) == (Delivery.FAILED, 3)
    cast.core.clock.advance(timedelta(days=1))
    assert delivery.deliver_due("worker", 10).claimed == 0 and mailbox.received == []


def test_what_failed_while_the_server_was_down_is_sent_once_it_is_back(
    cast: Cast, delivery: DeliveryService, mailbox: Mailbox
) -> None:
    emails = [f"person{n}@example.com" for n in range(5)]
    for email in emails:
        cast.invite(email, target_type=TargetType.EMAIL)
    mailbox.down = True
    delivery.deliver_due("worker", 10)

    mailbox.down = False
    cast.core.clock.advance(timedelta(seconds=10))
    delivery.deliver_due("worker", 10)

    assert sorted(n.to for n in mailbox.received) == emails


def test_an_invitation_no_longer_pending_is_not_mailed(
    cast: Cast, delivery: DeliveryService, mailbox: Mailbox
) -> None:
    issued = cast.invite("grace@example.com", target_type=TargetType.EMAIL)
    cast.core.invitations.cancel(cast.admin, issued.invitation.id)

    assert delivery.deliver_due("worker", 10).dropped == 1
    [owed] = messages(cast.core, issued.invitation.id)
    assert (owed.status, owed.last_error) == (
        Delivery.SKIPPED,
        "The invitation is cancelled; there is nothing to accept.",
    )
    assert mailbox.received == []


def test_a_claimed_message_is_one_workers_until_its_lease_runs_out(cast: Cast) -> None:
    cast.invite("grace@example.com", target_type=TargetType.EMAIL)
    now = cast.core.clock.now()

    with cast.core.storage.writing() as uow:
        first = uow.outbox.claim("first", now, LEASE, 10)
        uow.commit()
    with cast.core.storage.writing() as uow:
        assert uow.outbox.claim("second", now + LEASE - timedelta(seconds=1), LEASE, 10) == []
        second = uow.outbox.claim("second", now + LEASE, LEASE, 10)  # the first died holding it
        uow.commit()

    assert [m.id for m in first] == [m.id for m in second]


def test_backoff_doubles_up_to_its_cap() -> None:
    backoff = Backoff(base=timedelta(seconds=1), cap=timedelta(seconds=5), attempts=5)

    assert [backoff.after(n) for n in range(1, 6)] == [
        timedelta(seconds=1),
        timedelta(seconds=2),
        timedelta(seconds=4),
        timedelta(seconds=5),
        None,
    ]


def test_each_attempt_is_reported_with_its_outcome(
    cast: Cast, delivery: DeliveryService, mailbox: Mailbox
) -> None:
    cast.invite("grace@example.com", target_type=TargetType.EMAIL)
    mailbox.down = True
    delivery.deliver_due("worker", 10)
    cast.core.clock.advance(BACKOFF.cap)
    mailbox.down = False
    delivery.deliver_due("worker", 10)

    assert cast.core.telemetry.deliveries == [
        (MessageKind.INVITATION_EMAIL, Delivery.PENDING),  # failed, to be retried
        (MessageKind.INVITATION_EMAIL, Delivery.SENT),
    ]
