"""Webhooks over the core: endpoints managed by owners and admins, every step of an invitation
owed to the endpoints that want it, in the step's transaction, sent in order, never a token."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from org_invitations.domain.errors import (
    AccessDenied,
    OrganizationNotFound,
    WebhookLimitExceeded,
    WebhookNotFound,
    WebhookUrlRefused,
)
from org_invitations.domain.invitations import TargetType
from org_invitations.domain.outbox import Backoff, Delivery
from org_invitations.domain.webhooks import MAX_ENDPOINTS, EventType
from org_invitations.services.delivery import DeliveryService
from org_invitations.services.webhooks import WebhookService, url_refusal
from tests.unit.conftest import Cast, Core
from tests.unit.test_delivery import Mailbox, Receiver

PUBLIC = {
    "hooks.example.com": ["93.184.215.14"],
    "inside.example.com": ["10.0.0.7"],
    "v6.example.com": ["::1"],
}


def resolver(host: str, port: int) -> list[str]:
    if host not in PUBLIC:
        raise OSError("Name or service not known")
    return PUBLIC[host]


@pytest.fixture
def webhooks(core: Core) -> WebhookService:
    return WebhookService(core.storage, core.clock, core.box, allow_private=False, resolver=resolver)


@pytest.fixture
def receiver() -> Receiver:
    return Receiver()


@pytest.fixture
def delivery(core: Core, receiver: Receiver) -> DeliveryService:
    return DeliveryService(
        core.storage,
        core.clock,
        core.tokens,
        Mailbox(),
        lambda token: token,
        backoff=Backoff(base=timedelta(seconds=10), cap=timedelta(minutes=1), attempts=3),
        lease=timedelta(minutes=1),
        poster=receiver,
        box=core.box,
        url_refusal=lambda url: url_refusal(url, allow_private=False, resolver=resolver),
    )


URL = "https://hooks.example.com/invitations"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://hooks.example.com/x", "http or https"),
        ("https://inside.example.com/x", "10.0.0.7"),
        ("http://v6.example.com:8080/x", "::1"),
    ],
)
def test_a_url_into_the_services_network_or_nowhere_is_refused(
    cast: Cast, webhooks: WebhookService, url: str, reason: str
) -> None:
    with pytest.raises(WebhookUrlRefused, match=reason):
        webhooks.create(cast.admin, cast.org, url, frozenset())


def test_private_addresses_are_allowed_only_by_the_setting() -> None:
    assert url_refusal("http://inside.example.com/x", allow_private=True, resolver=resolver) is None


def test_a_host_that_does_not_resolve_yet_is_accepted_and_its_deliveries_fail(
    cast: Cast, webhooks: WebhookService, delivery: DeliveryService, receiver: Receiver
) -> None:
    endpoint = webhooks.create(cast.admin, cast.org, "https://nowhere.example.com/x", frozenset()).endpoint
    cast.invite()

    delivery.deliver_due("worker", 10)

    [attempted] = webhooks.deliveries(cast.admin, cast.org, endpoint.id, 10, None).items
    assert attempted.last_error is not None and "does not resolve" in attempted.last_error
    assert receiver.received == []


def test_only_owners_and_admins_manage_endpoints_and_outsiders_see_none(
    cast: Cast, webhooks: WebhookService
) -> None:
    made = webhooks.create(cast.admin, cast.org, URL, frozenset({EventType.ACCEPTED}))
    assert made.secret.startswith("whsec_") and made.endpoint.events == {EventType.ACCEPTED}
    with pytest.raises(AccessDenied):
        webhooks.get(cast.member, cast.org, made.endpoint.id)
    with pytest.raises(OrganizationNotFound):
        webhooks.list(cast.outsider, cast.org, 10, None)
    assert [e.id for e in webhooks.list(cast.owner, cast.org, 10, None).items] == [made.endpoint.id]


def test_the_secret_is_stored_sealed_and_a_rotation_replaces_it(cast: Cast, webhooks: WebhookService) -> None:
    made = webhooks.create(cast.admin, cast.org, URL, frozenset())
    with cast.core.storage.reading() as uow:
        found = uow.webhooks.get(made.endpoint.id)
    assert found is not None and made.secret.encode() not in found[1]
    rotated = webhooks.rotate_secret(cast.owner, cast.org, made.endpoint.id)
    assert (
        rotated.secret != made.secret
        and cast.core.box.open(uow_secret(cast, made.endpoint.id), made.endpoint.id) == rotated.secret
    )


def uow_secret(cast: Cast, endpoint_id: str) -> bytes:
    with cast.core.storage.reading() as uow:
        found = uow.webhooks.get(endpoint_id)
    assert found is not None
    return found[1]


def test_an_organization_has_a_bounded_number_of_endpoints(cast: Cast, webhooks: WebhookService) -> None:
    for _ in range(MAX_ENDPOINTS):
        webhooks.create(cast.admin, cast.org, URL, frozenset())
    with pytest.raises(WebhookLimitExceeded):
        webhooks.create(cast.admin, cast.org, URL, frozenset())


def test_every_step_reaches_the_endpoints_that_want_it_in_order_without_a_token(
    cast: Cast, webhooks: WebhookService, delivery: DeliveryService, receiver: Receiver
) -> None:
    everything = webhooks.create(cast.admin, cast.org, URL, frozenset()).endpoint
    accepted_only = webhooks.create(cast.admin, cast.org, URL + "/accepted", frozenset({EventType.ACCEPTED}))
    issued = cast.invite()
    cast.core.invitations.resend(cast.admin, cast.org, issued.invitation.id)
    cast.core.invitations.accept(cast.invitee, issued.invitation.id)

    while delivery.deliver_due("worker", 1).claimed:
        pass

    to_everything = [json.loads(body) for url, _, body in receiver.received if url == everything.url]
    assert [event["type"] for event in to_everything] == [
        "invitation.created",
        "invitation.resent",
        "invitation.accepted",
    ]
    assert to_everything[-1]["data"]["status"] == "accepted"
    assert to_everything[-1]["data"]["actor_account_id"] == cast.invitee
    to_accepted = [
        json.loads(body)["type"] for url, _, body in receiver.received if url == accepted_only.endpoint.url
    ]
    assert to_accepted == ["invitation.accepted"]
    assert not any(b"oit_" in body for _, _, body in receiver.received)


def test_a_later_event_waits_while_an_earlier_one_is_retried(
    cast: Cast, webhooks: WebhookService, delivery: DeliveryService, receiver: Receiver
) -> None:
    webhooks.create(cast.admin, cast.org, URL, frozenset())
    issued = cast.invite("grace@example.com", target_type=TargetType.EMAIL)
    receiver.status = 503
    delivery.deliver_due("worker", 10)  # created: refused, to be retried
    cast.core.invitations.cancel(cast.admin, issued.invitation.id)

    receiver.status = 204
    assert delivery.deliver_due("worker", 10).sent == 0  # cancelled waits for created
    cast.core.clock.advance(timedelta(seconds=10))
    delivery.deliver_due("worker", 10)
    delivery.deliver_due("worker", 10)

    assert [json.loads(body)["type"] for _, _, body in receiver.received] == [
        "invitation.created",
        "invitation.cancelled",
    ]


def test_deliveries_say_what_each_attempt_got(
    cast: Cast, webhooks: WebhookService, delivery: DeliveryService, receiver: Receiver
) -> None:
    endpoint = webhooks.create(cast.admin, cast.org, URL, frozenset({EventType.CREATED})).endpoint
    cast.invite()
    receiver.status = 500
    delivery.deliver_due("worker", 10)

    [attempted] = webhooks.deliveries(cast.admin, cast.org, endpoint.id, 10, None).items
    assert (attempted.status, attempted.attempts, attempted.last_status_code) == (Delivery.PENDING, 1, 500)
    assert attempted.next_attempt_at == cast.core.clock.now() + timedelta(seconds=10)


def test_a_deleted_endpoint_gets_nothing_more(
    cast: Cast, webhooks: WebhookService, delivery: DeliveryService, receiver: Receiver
) -> None:
    endpoint = webhooks.create(cast.admin, cast.org, URL, frozenset()).endpoint
    cast.invite()
    webhooks.delete(cast.admin, cast.org, endpoint.id)

    assert delivery.deliver_due("worker", 10).claimed == 0
    with pytest.raises(WebhookNotFound):
        webhooks.get(cast.admin, cast.org, endpoint.id)
