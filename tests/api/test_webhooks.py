"""Webhook endpoints through the generated client: owners and admins manage them, the signing
secret is shown once and stored sealed, URLs into the service's own network are refused."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from connexion import AsyncApp
from org_invitations_client.api.handshakes import accept_handshake
from org_invitations_client.api.webhooks import (
    create_webhook,
    delete_webhook,
    get_webhook,
    list_webhook_deliveries,
    list_webhooks,
    rotate_webhook_secret,
)
from org_invitations_client.models import (
    Webhook,
    WebhookCreate,
    WebhookCreated,
    WebhookDeliveryList,
    WebhookDeliveryStatus,
    WebhookEventType,
    WebhookList,
)
from sqlalchemy import Engine
from starlette.testclient import TestClient

from tests.conftest import BASE_URL, Caller
from tests.databases import dump
from tests.invitations import invite, make_org, problem

URL = "https://hooks.example.com/org-invitations"


@pytest.fixture
def cast(new_account: Callable[[str], Caller]) -> dict[str, Caller]:
    return {name: new_account(name) for name in ("owner", "member", "outsider")}


def organization_with_member(cast: dict[str, Caller]) -> str:
    org = make_org(cast["owner"])
    accept_handshake.sync(
        invite(cast["owner"], org, cast["member"].id).invitation.id, client=cast["member"].client
    )
    return org.id


def register(owner: Caller, org: str, *events: WebhookEventType) -> WebhookCreated:
    body = WebhookCreate(url=URL, events=list(events)) if events else WebhookCreate(url=URL)
    made = create_webhook.sync(org, client=owner.client, body=body)
    assert isinstance(made, WebhookCreated), made
    return made


def test_the_secret_is_shown_once_and_stored_sealed(cast: dict[str, Caller], engine: Engine) -> None:
    org = organization_with_member(cast)
    response = create_webhook.sync_detailed(org, client=cast["owner"].client, body=WebhookCreate(url=URL))
    assert response.status_code == 201 and response.headers["Cache-Control"] == "no-store"
    made = response.parsed
    assert isinstance(made, WebhookCreated) and made.signing_secret.startswith("whsec_")
    assert sorted(made.webhook.events) == sorted(WebhookEventType)  # every event by default

    shown = get_webhook.sync(org, made.webhook.id, client=cast["owner"].client)
    assert isinstance(shown, Webhook) and shown == made.webhook
    listed = list_webhooks.sync(org, client=cast["owner"].client)
    assert isinstance(listed, WebhookList) and [w.id for w in listed.items] == [made.webhook.id]
    assert made.signing_secret not in dump(engine)
    assert made.signing_secret.removeprefix("whsec_") not in dump(engine)

    rotated = rotate_webhook_secret.sync(org, made.webhook.id, client=cast["owner"].client)
    assert isinstance(rotated, WebhookCreated) and rotated.signing_secret != made.signing_secret


def test_only_owners_and_admins_manage_webhooks(cast: dict[str, Caller]) -> None:
    org = organization_with_member(cast)
    made = register(cast["owner"], org, WebhookEventType.INVITATION_ACCEPTED)
    for caller, status, code in (
        (cast["member"], 403, "access_denied"),
        (cast["outsider"], 404, "organization_not_found"),
    ):
        problem(
            create_webhook.sync_detailed(org, client=caller.client, body=WebhookCreate(url=URL)), status, code
        )
        problem(get_webhook.sync_detailed(org, made.webhook.id, client=caller.client), status, code)
        problem(delete_webhook.sync_detailed(org, made.webhook.id, client=caller.client), status, code)
        problem(
            list_webhook_deliveries.sync_detailed(org, made.webhook.id, client=caller.client), status, code
        )


def test_a_url_into_the_services_network_is_refused(cast: dict[str, Caller]) -> None:
    org = make_org(cast["owner"])
    for url in ("http://127.0.0.1:8080/hook", "http://10.1.2.3/hook", "http://169.254.169.254/latest"):
        refused = create_webhook.sync_detailed(
            org.id, client=cast["owner"].client, body=WebhookCreate(url=url)
        )
        problem(refused, 400, "webhook_url_refused")


def test_a_private_address_is_allowed_by_the_setting(app_factory: Callable[..., AsyncApp]) -> None:
    app = app_factory(webhook_allow_private_addresses=True)
    with TestClient(app, base_url=BASE_URL) as http:
        key = http.post("/accounts", json={"name": "Dev"}).json()["api_key"]
        auth = {"Authorization": f"Bearer {key}"}
        org = http.post("/organizations", json={"name": "Local"}, headers=auth).json()["id"]
        made = http.post(
            f"/organizations/{org}/webhooks", json={"url": "http://127.0.0.1:9/hook"}, headers=auth
        )
    assert made.status_code == 201, made.text


def test_deliveries_list_the_events_owed_and_a_deleted_endpoint_is_gone(cast: dict[str, Caller]) -> None:
    org = make_org(cast["owner"])
    made = register(cast["owner"], org.id, WebhookEventType.INVITATION_CREATED)
    invite(cast["owner"], org, cast["member"].id)

    deliveries = list_webhook_deliveries.sync(org.id, made.webhook.id, client=cast["owner"].client)
    assert isinstance(deliveries, WebhookDeliveryList)
    [owed] = deliveries.items
    assert (owed.event_type, owed.status, owed.attempts) == (
        WebhookEventType.INVITATION_CREATED,
        WebhookDeliveryStatus.PENDING,
        0,
    )

    assert (
        delete_webhook.sync_detailed(org.id, made.webhook.id, client=cast["owner"].client).status_code == 204
    )
    problem(
        get_webhook.sync_detailed(org.id, made.webhook.id, client=cast["owner"].client),
        404,
        "webhook_not_found",
    )
