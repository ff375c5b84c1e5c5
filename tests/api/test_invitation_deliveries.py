"""An invitation's emails through the API: a delivery that fails is visible, not silent."""

from __future__ import annotations

import socket
from collections.abc import Callable
from datetime import timedelta

import pytest
from org_invitations_client.api.invitations import list_invitation_deliveries, resend_invitation
from org_invitations_client.models import InvitationDeliveryList, InvitationDeliveryStatus, TargetType

from org_invitations.bootstrap import Services
from org_invitations.settings import Settings
from tests.conftest import Caller, ManualClock
from tests.invitations import invite, make_org, problem


def closed_port() -> int:
    with socket.socket() as sock:  # bound, then closed: nothing listens there
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The mail server is down."""
    return settings.model_copy(
        update={
            "email_transport": "smtp",
            "smtp_host": "127.0.0.1",
            "smtp_port": closed_port(),
            "smtp_timeout_seconds": 2,
        }
    )


def test_a_failed_email_shows_why_and_a_resend_supersedes_it(
    new_account: Callable[[str], Caller], services: Services, clock: ManualClock
) -> None:
    owner = new_account("Ada")
    org = make_org(owner)
    created = invite(owner, org, "grace@example.com", by=TargetType.EMAIL)
    services.delivery.deliver_due("worker", 10)

    shown = list_invitation_deliveries.sync(org.id, created.invitation.id, client=owner.client)
    assert isinstance(shown, InvitationDeliveryList)
    [failed] = shown.items
    assert (failed.recipient, failed.status, failed.attempts) == (
        "grace@example.com",
        InvitationDeliveryStatus.PENDING,
        1,
    )
    assert failed.last_error is not None and "ConnectionRefusedError" in failed.last_error
    assert failed.next_attempt_at is not None and failed.next_attempt_at > failed.created_at

    clock.advance(timedelta(minutes=5))
    resend_invitation.sync(org.id, created.invitation.id, client=owner.client)
    shown = list_invitation_deliveries.sync(org.id, created.invitation.id, client=owner.client)
    assert isinstance(shown, InvitationDeliveryList)
    assert [d.status for d in shown.items] == [
        InvitationDeliveryStatus.SUPERSEDED,
        InvitationDeliveryStatus.PENDING,
    ]
    assert "oit_" not in str(shown.to_dict())


def test_an_account_without_an_email_is_shown_as_not_mailed(new_account: Callable[[str], Caller]) -> None:
    owner, grace = new_account("Ada"), new_account("Grace")
    org = make_org(owner)
    created = invite(owner, org, grace.id)

    shown = list_invitation_deliveries.sync(org.id, created.invitation.id, client=owner.client)
    assert isinstance(shown, InvitationDeliveryList)
    [skipped] = shown.items
    assert (skipped.recipient, skipped.status, skipped.last_error) == (
        None,
        InvitationDeliveryStatus.SKIPPED,
        "The invited account has no email address.",
    )
    problem(
        list_invitation_deliveries.sync_detailed(org.id, created.invitation.id, client=grace.client),
        404,
        "organization_not_found",
    )
