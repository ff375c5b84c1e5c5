"""/metrics moves as the service works: requests, invitations, transitions, throttles, delivery,
the outbox; read as Prometheus reads it (its own parser), and only by whom the settings allow."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from connexion import AsyncApp
from org_invitations_client.api.handshakes import accept_handshake, decline_handshake
from org_invitations_client.api.invitations import resend_invitation
from org_invitations_client.models import InvitationCreated, TargetType
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr
from starlette.testclient import TestClient

from org_invitations.bootstrap import Services
from tests.conftest import Caller
from tests.invitations import invite, make_org, problem

LOOPBACK = ("127.0.0.1", 40000)
ELSEWHERE = ("203.0.113.7", 40000)

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def scrape(app: AsyncApp, client: tuple[str, int] = LOOPBACK, **headers: str) -> Samples:
    with TestClient(app, client=client) as http:
        answer = http.get("/metrics", headers=headers)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8"
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(answer.text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_metrics_change_as_the_service_works(
    app_factory: Callable[..., AsyncApp], new_account: Callable[[str], Caller], services: Services
) -> None:
    app = app_factory(token_lookups_per_client_per_minute=2)
    owner, invitee = new_account("Owner"), new_account("Invitee")
    org = make_org(owner)
    before = scrape(app)

    by_account = invite(owner, org, invitee.id)
    by_email = invite(owner, org, "ada@example.com", by=TargetType.EMAIL)
    resent = resend_invitation.sync(org.id, by_email.invitation.id, client=owner.client)
    assert isinstance(resent, InvitationCreated)
    assert accept_handshake.sync_detailed(by_account.invitation.id, client=invitee.client).status_code == 200
    again = decline_handshake.sync_detailed(by_account.invitation.id, client=invitee.client)
    problem(again, 409, "invalid_transition")
    with TestClient(app) as limited:  # the app allowing 2 token lookups per minute
        lookups = [limited.get(f"/v1/organizations/invitations/{resent.invitation_token}") for _ in range(3)]
    assert [answer.status_code for answer in lookups] == [200, 200, 429]
    after = scrape(app)

    def grew(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert grew("org_invitations_invitations_created_total") == 2
    assert grew("org_invitations_invitations_resent_total") == 1
    assert grew("org_invitations_invitation_transitions_total", to="accepted", outcome="done") == 1
    assert (
        grew("org_invitations_invitation_transitions_total", to="declined", outcome="invalid_transition") == 1
    )
    assert grew("org_invitations_throttled_requests_total", limit="token-lookups") == 1
    requests = "org_invitations_http_requests_total"
    assert grew(requests, api="v1", operation="create_invitation", status="201") == 2
    assert grew(requests, api="v1", operation="accept_handshake", status="200") == 1
    assert grew(requests, api="v1", operation="decline_handshake", status="409") == 1
    assert grew(requests, api="v1", operation="get_invitation_by_token", status="429") == 1
    assert grew(requests, api="ops", operation="metrics", status="200") == 1  # the first scrape
    assert (
        grew("org_invitations_http_request_duration_seconds_count", api="v1", operation="accept_handshake")
        == 1
    )
    # From the database: the resend's email owed, the first one superseded by it, none for an
    # account without an address.
    assert value(after, "org_invitations_outbox_messages", status="pending") == 1
    assert value(after, "org_invitations_outbox_messages", status="superseded") == 1
    assert value(after, "org_invitations_outbox_messages", status="skipped") == 1
    assert value(after, "org_invitations_outbox_oldest_pending_age_seconds") >= 0

    report = services.delivery.deliver_due("test-worker", 10)
    delivered = scrape(app)
    assert report.sent == 1
    assert value(delivered, "org_invitations_outbox_messages", status="pending") == 0
    assert value(delivered, "org_invitations_outbox_messages", status="sent") == 1
    attempts = "org_invitations_delivery_attempts_total"
    sent = {"kind": "invitation_email", "outcome": "sent"}
    assert value(delivered, attempts, **sent) - value(after, attempts, **sent) == 1


def test_an_unknown_path_is_counted_as_unrouted(app: AsyncApp) -> None:
    before = scrape(app)
    with TestClient(app) as http:
        assert http.get("/v1/no/such/thing").status_code == 404
    unrouted = {"api": "v1", "operation": "unrouted", "status": "404"}
    counter = "org_invitations_http_requests_total"
    assert value(scrape(app), counter, **unrouted) - value(before, counter, **unrouted) == 1


def test_no_connection_stays_in_use_between_requests(
    app: AsyncApp, new_account: Callable[[str], Caller]
) -> None:
    # The gauge is the process's, shared by every engine a test run makes: compare with itself.
    in_use = "org_invitations_database_connections_in_use"
    before = value(scrape(app), in_use)
    make_org(new_account("Owner"))
    # The scrape reads the outbox and gives its connection back before rendering.
    assert value(scrape(app), in_use) == before


def test_other_networks_are_refused_without_a_token(app: AsyncApp) -> None:
    with TestClient(app, client=ELSEWHERE) as http:
        answer = http.get("/metrics")
    assert answer.status_code == 403
    assert answer.headers["x-error-code"] == "metrics_forbidden"
    assert answer.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("sent", [None, "Bearer wrong-token", "Basic c2NyYXBlcjpzM2NyM3Q="])
def test_with_a_token_set_others_must_send_it(app_factory: Callable[..., AsyncApp], sent: str | None) -> None:
    app = app_factory(metrics_token=SecretStr("s3cr3t-scrape-token"))
    with TestClient(app, client=ELSEWHERE) as http:
        answer = http.get("/metrics", headers={"Authorization": sent} if sent else {})
    assert answer.status_code == 401
    assert answer.headers["x-error-code"] == "metrics_unauthorized"
    assert answer.headers["www-authenticate"] == "Bearer"


def test_the_token_opens_metrics_from_anywhere(app_factory: Callable[..., AsyncApp]) -> None:
    app = app_factory(metrics_token=SecretStr("s3cr3t-scrape-token"))
    samples = scrape(app, ELSEWHERE, Authorization="Bearer s3cr3t-scrape-token")
    assert ("org_invitations_outbox_messages", (("status", "pending"),)) in samples


def test_no_network_allowed_means_token_only(app_factory: Callable[..., AsyncApp]) -> None:
    app = app_factory(metrics_allow_from="", metrics_token=SecretStr("s3cr3t-scrape-token"))
    with TestClient(app, client=LOOPBACK) as http:
        assert http.get("/metrics").status_code == 401
    scrape(app, LOOPBACK, Authorization="bearer s3cr3t-scrape-token")
