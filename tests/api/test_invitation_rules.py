"""Every lifecycle rule, each with a test that fails without it."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import timedelta

import pytest
from connexion import AsyncApp
from org_invitations_client import Client
from org_invitations_client.api.handshakes import (
    accept_handshake,
    cancel_handshake,
    decline_handshake,
    get_handshake,
    list_received_handshakes,
)
from org_invitations_client.api.invitations import (
    create_invitation,
    get_invitation,
    list_invitation_events,
    list_invitations,
    resend_invitation,
)
from org_invitations_client.api.organizations import list_members
from org_invitations_client.api.token_invitations import accept_invitation_by_token, get_invitation_by_token
from org_invitations_client.models import (
    Invitation,
    InvitationCreated,
    InvitationEventList,
    InvitationList,
    InvitationPreview,
    InvitationStatus,
    MemberList,
    TargetType,
)
from pydantic import ValidationError
from sqlalchemy import Engine, text
from starlette.testclient import TestClient

from org_invitations.bootstrap import Services
from org_invitations.credentials import hash_secret
from org_invitations.settings import Settings
from tests.conftest import BASE_URL, Caller, ManualClock
from tests.databases import dump
from tests.invitations import invite, invite_body, make_org, problem


@pytest.fixture
def cast(new_account: Callable[[str], Caller]) -> dict[str, Caller]:
    return {name: new_account(name) for name in ("owner", "invitee", "outsider", "member")}


def org_with_member(cast: dict[str, Caller]) -> str:
    org = make_org(cast["owner"])
    accept_handshake.sync(
        invite(cast["owner"], org, cast["member"].id).invitation.id, client=cast["member"].client
    )
    return org.id


# --- who may do what ---------------------------------------------------------------------


def test_only_the_invited_account_accepts_or_declines(cast: dict[str, Caller]) -> None:
    org = make_org(cast["owner"])
    handshake = invite(cast["owner"], org, cast["invitee"].id).invitation.id
    for call in (accept_handshake.sync_detailed, decline_handshake.sync_detailed):
        problem(call(handshake, client=cast["outsider"].client), 404, "invitation_not_found")
        problem(call(handshake, client=cast["owner"].client), 403, "access_denied")
    assert get_handshake.sync(handshake, client=cast["invitee"].client).status == InvitationStatus.PENDING  # type: ignore[union-attr]


def test_only_the_organizations_managers_cancel(cast: dict[str, Caller]) -> None:
    org_id = org_with_member(cast)
    created = create_invitation.sync(
        org_id, client=cast["owner"].client, body=invite_body(cast["invitee"].id)
    )
    assert isinstance(created, InvitationCreated)
    handshake = created.invitation.id
    problem(
        cancel_handshake.sync_detailed(handshake, client=cast["outsider"].client), 404, "invitation_not_found"
    )
    problem(cancel_handshake.sync_detailed(handshake, client=cast["invitee"].client), 403, "access_denied")
    problem(cancel_handshake.sync_detailed(handshake, client=cast["member"].client), 403, "access_denied")
    cancelled = cancel_handshake.sync(handshake, client=cast["owner"].client)
    assert isinstance(cancelled, Invitation)
    assert cancelled.status == InvitationStatus.CANCELLED and cancelled.cancelled_by == cast["owner"].id


def test_outsiders_get_404_where_members_get_403(cast: dict[str, Caller]) -> None:
    org_id = org_with_member(cast)
    created = create_invitation.sync(
        org_id, client=cast["owner"].client, body=invite_body(cast["invitee"].id)
    )
    assert isinstance(created, InvitationCreated)
    handshake = created.invitation.id
    member, outsider = cast["member"].client, cast["outsider"].client
    problem(get_handshake.sync_detailed(handshake, client=outsider), 404, "invitation_not_found")
    problem(get_handshake.sync_detailed(handshake, client=member), 403, "access_denied")
    problem(get_invitation.sync_detailed(org_id, handshake, client=outsider), 404, "organization_not_found")
    problem(list_invitations.sync_detailed(org_id, client=outsider), 404, "organization_not_found")
    problem(
        list_invitation_events.sync_detailed(org_id, handshake, client=outsider),
        404,
        "organization_not_found",
    )
    problem(resend_invitation.sync_detailed(org_id, handshake, client=member), 403, "access_denied")
    problem(
        create_invitation.sync_detailed(
            org_id, client=member, body=invite_body("x@example.com", by=TargetType.EMAIL)
        ),
        403,
        "access_denied",
    )
    problem(
        create_invitation.sync_detailed(
            org_id, client=outsider, body=invite_body("x@example.com", by=TargetType.EMAIL)
        ),
        404,
        "organization_not_found",
    )


def test_an_account_invitation_is_accepted_by_token_only_by_that_account(cast: dict[str, Caller]) -> None:
    org = make_org(cast["owner"])
    created = invite(cast["owner"], org, cast["invitee"].id)
    refused = accept_invitation_by_token.sync_detailed(
        created.invitation_token, client=cast["outsider"].client
    )
    problem(refused, 403, "access_denied")
    accepted = accept_invitation_by_token.sync(created.invitation_token, client=cast["invitee"].client)
    assert isinstance(accepted, Invitation) and accepted.status == InvitationStatus.ACCEPTED


def test_an_email_invitation_is_accepted_by_whoever_holds_the_token_and_grants_its_roles(
    cast: dict[str, Caller],
) -> None:
    org = make_org(cast["owner"])
    created = invite(cast["owner"], org, "someone@example.com", by=TargetType.EMAIL, role="admin")
    problem(
        accept_handshake.sync_detailed(created.invitation.id, client=cast["invitee"].client),
        404,
        "invitation_not_found",
    )
    accepted = accept_invitation_by_token.sync(created.invitation_token, client=cast["invitee"].client)
    assert isinstance(accepted, Invitation) and accepted.responded_by == cast["invitee"].id
    members = list_members.sync(org.id, client=cast["owner"].client)
    assert isinstance(members, MemberList)
    roles = {m.account_id: [r.value for r in m.roles] for m in members.items}
    assert roles[cast["invitee"].id] == ["admin"]
    # The new admin now manages invitations.
    assert isinstance(list_invitations.sync(org.id, client=cast["invitee"].client), InvitationList)


# --- transitions ---------------------------------------------------------------------------


def test_finished_invitations_do_not_move(cast: dict[str, Caller]) -> None:
    org = make_org(cast["owner"])
    invitee = cast["invitee"]
    first = invite(cast["owner"], org, invitee.id).invitation.id
    assert isinstance(decline_handshake.sync(first, client=invitee.client), Invitation)
    problem(decline_handshake.sync_detailed(first, client=invitee.client), 409, "already_in_state")
    problem(accept_handshake.sync_detailed(first, client=invitee.client), 409, "invalid_transition")
    problem(cancel_handshake.sync_detailed(first, client=cast["owner"].client), 409, "invalid_transition")

    second = invite(cast["owner"], org, invitee.id).invitation.id
    assert isinstance(cancel_handshake.sync(second, client=cast["owner"].client), Invitation)
    problem(cancel_handshake.sync_detailed(second, client=cast["owner"].client), 409, "already_in_state")
    problem(decline_handshake.sync_detailed(second, client=invitee.client), 409, "invalid_transition")


def test_acceptance_adds_the_membership_in_the_same_transaction(
    cast: dict[str, Caller], engine: Engine
) -> None:
    org = make_org(cast["owner"])
    handshake = invite(cast["owner"], org, cast["invitee"].id).invitation.id
    accept_handshake.sync(handshake, client=cast["invitee"].client)
    with engine.connect() as connection:
        roles = (
            connection.execute(
                text("SELECT roles FROM memberships WHERE organization_id = :o AND account_id = :a"),
                {"o": org.id, "a": cast["invitee"].id},
            )
            .scalars()
            .all()
        )
    assert list(roles) == ["member"]


def test_accepting_when_already_a_member_is_refused_and_changes_nothing(cast: dict[str, Caller]) -> None:
    org = make_org(cast["owner"])
    by_email = invite(cast["owner"], org, "invitee@example.com", by=TargetType.EMAIL, role="admin")
    by_account = invite(cast["owner"], org, cast["invitee"].id)
    accept_handshake.sync(by_account.invitation.id, client=cast["invitee"].client)
    problem(
        accept_invitation_by_token.sync_detailed(by_email.invitation_token, client=cast["invitee"].client),
        409,
        "already_member",
    )
    still = get_invitation.sync(org.id, by_email.invitation.id, client=cast["owner"].client)
    assert isinstance(still, Invitation) and still.status == InvitationStatus.PENDING


def test_inviting_a_member_or_an_unknown_account_is_refused(cast: dict[str, Caller]) -> None:
    org_id = org_with_member(cast)
    owner = cast["owner"].client
    problem(
        create_invitation.sync_detailed(org_id, client=owner, body=invite_body(cast["member"].id)),
        409,
        "already_member",
    )
    problem(
        create_invitation.sync_detailed(org_id, client=owner, body=invite_body("f" * 32)),
        404,
        "account_not_found",
    )
    bad = create_invitation.sync_detailed(org_id, client=owner, body=invite_body("not-an-account-id"))
    assert {e.field for e in problem(bad, 400, "validation_failed").errors or []} == {"body.target.entity"}
    bad_email = create_invitation.sync_detailed(
        org_id, client=owner, body=invite_body("nobody", by=TargetType.EMAIL)
    )
    problem(bad_email, 400, "validation_failed")


@pytest.mark.parametrize("expires_in", [3599, 2592001])
def test_validity_is_one_hour_to_thirty_days(cast: dict[str, Caller], expires_in: int) -> None:
    org = make_org(cast["owner"])
    body = invite_body(cast["invitee"].id, expires_in=expires_in)
    response = create_invitation.sync_detailed(org.id, client=cast["owner"].client, body=body)
    assert [e.field for e in problem(response, 400, "validation_failed").errors or []] == ["body.expires_in"]


# --- duplicates ----------------------------------------------------------------------------


def test_a_second_live_invitation_names_the_first_so_the_client_can_recover(cast: dict[str, Caller]) -> None:
    org = make_org(cast["owner"])
    first = invite(cast["owner"], org, "Grace@Example.com", by=TargetType.EMAIL)
    again = create_invitation.sync_detailed(
        org.id, client=cast["owner"].client, body=invite_body("grace@EXAMPLE.com", by=TargetType.EMAIL)
    )
    assert problem(again, 409, "duplicate_invitation").existing_invitation_id == first.invitation.id
    cancel_handshake.sync(first.invitation.id, client=cast["owner"].client)
    assert (
        invite(cast["owner"], org, "grace@example.com", by=TargetType.EMAIL).invitation.id
        != first.invitation.id
    )


def test_an_expired_invitation_does_not_block_a_new_one(cast: dict[str, Caller], clock: ManualClock) -> None:
    org = make_org(cast["owner"])
    first = invite(cast["owner"], org, cast["invitee"].id, expires_in=3600)
    clock.advance(timedelta(hours=1))
    second = invite(cast["owner"], org, cast["invitee"].id)
    assert second.invitation.id != first.invitation.id
    old = get_invitation.sync(org.id, first.invitation.id, client=cast["owner"].client)
    assert isinstance(old, Invitation) and old.status == InvitationStatus.EXPIRED and old.expired


# --- expiry --------------------------------------------------------------------------------


def test_expiry_is_evaluated_on_every_read_and_write(
    cast: dict[str, Caller], clock: ManualClock, anonymous: Client
) -> None:
    org = make_org(cast["owner"])
    created = invite(cast["owner"], org, cast["invitee"].id, expires_in=7200)
    handshake, token = created.invitation.id, created.invitation_token
    clock.advance(timedelta(hours=2) - timedelta(seconds=1))
    live = get_handshake.sync(handshake, client=cast["invitee"].client)
    assert isinstance(live, Invitation) and live.status == InvitationStatus.PENDING and not live.expired

    clock.advance(timedelta(seconds=1))
    read = get_handshake.sync(handshake, client=cast["invitee"].client)
    assert isinstance(read, Invitation) and read.status == InvitationStatus.EXPIRED and read.expired
    listed = list_invitations.sync(org.id, client=cast["owner"].client, status=InvitationStatus.EXPIRED)
    assert isinstance(listed, InvitationList) and [i.id for i in listed.items] == [handshake]
    pending = list_invitations.sync(org.id, client=cast["owner"].client, status=InvitationStatus.PENDING)
    assert isinstance(pending, InvitationList) and pending.items == []
    preview = get_invitation_by_token.sync(token, client=anonymous)
    assert isinstance(preview, InvitationPreview) and preview.expired

    problem(
        accept_handshake.sync_detailed(handshake, client=cast["invitee"].client), 409, "invalid_transition"
    )
    problem(
        accept_invitation_by_token.sync_detailed(token, client=cast["invitee"].client),
        410,
        "invitation_expired",
    )
    problem(
        resend_invitation.sync_detailed(org.id, handshake, client=cast["owner"].client),
        409,
        "invalid_transition",
    )
    problem(cancel_handshake.sync_detailed(handshake, client=cast["owner"].client), 409, "invalid_transition")

    events = list_invitation_events.sync(org.id, handshake, client=cast["owner"].client)
    assert isinstance(events, InvitationEventList)
    expiry = events.items[-1]
    assert (expiry.action.value, expiry.actor_account_id, expiry.to_status.value) == (
        "expired",
        None,
        "expired",
    )
    assert expiry.occurred_at == read.expires_at


# --- resend and tokens ---------------------------------------------------------------------


def test_resend_replaces_the_token_and_the_expiry(
    cast: dict[str, Caller], clock: ManualClock, anonymous: Client
) -> None:
    org = make_org(cast["owner"])
    created = invite(cast["owner"], org, "grace@example.com", by=TargetType.EMAIL, expires_in=86400)
    clock.advance(timedelta(hours=20))
    resent = resend_invitation.sync(org.id, created.invitation.id, client=cast["owner"].client)
    assert isinstance(resent, InvitationCreated)
    assert resent.invitation_token != created.invitation_token
    assert resent.invitation.expires_at == clock.now() + timedelta(days=1)
    assert resent.invitation_link.endswith("/invitations/" + resent.invitation_token)  # the page

    problem(
        get_invitation_by_token.sync_detailed(created.invitation_token, client=anonymous),
        404,
        "invitation_not_found",
    )
    problem(
        accept_invitation_by_token.sync_detailed(created.invitation_token, client=cast["invitee"].client),
        404,
        "invitation_not_found",
    )
    accepted = accept_invitation_by_token.sync(resent.invitation_token, client=cast["invitee"].client)
    assert isinstance(accepted, Invitation) and accepted.status == InvitationStatus.ACCEPTED


def test_the_token_is_stored_hashed_and_never_appears_in_a_read(
    cast: dict[str, Caller], http: TestClient, engine: Engine
) -> None:
    owner, invitee = cast["owner"], cast["invitee"]
    org = make_org(owner)
    created = invite(owner, org, invitee.id, role="admin")
    token, handshake = created.invitation_token, created.invitation.id
    assert re.fullmatch(r"oit_[A-Za-z0-9_-]{43}", token)
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT token_hash FROM invitations")).scalar_one()
    assert stored == hash_secret(token) and token not in dump(engine)

    owner_auth = {"Authorization": f"Bearer {owner.api_key}"}
    invitee_auth = {"Authorization": f"Bearer {invitee.api_key}"}
    reads = [
        http.get(f"/v1/organizations/{org.id}/invitations?expand=roles", headers=owner_auth),
        http.get(f"/v1/organizations/{org.id}/invitations/{handshake}?expand=roles", headers=owner_auth),
        http.get(f"/v1/organizations/{org.id}/invitations/{handshake}/events", headers=owner_auth),
        http.get(f"/v1/organizations/handshakes/{handshake}", headers=invitee_auth),
        http.get("/v1/received-handshakes", headers=invitee_auth),
        http.get(f"/v1/organizations/invitations/{token}"),
        http.post(f"/v1/organizations/invitations/{token}/accept", headers=invitee_auth),
        http.get(f"/v1/organizations/invitations/{token}"),
    ]
    for response in reads:
        assert response.status_code == 200, response.text
        assert token not in response.text and "invitation_token" not in response.text


# --- the invitee's list and the audit trail -------------------------------------------------


def test_received_handshakes_are_the_callers_own(cast: dict[str, Caller]) -> None:
    first, second = make_org(cast["owner"], "First"), make_org(cast["owner"], "Second")
    a = invite(cast["owner"], first, cast["invitee"].id).invitation.id
    b = invite(cast["owner"], second, cast["invitee"].id).invitation.id
    invite(cast["owner"], second, cast["outsider"].id)
    decline_handshake.sync(a, client=cast["invitee"].client)
    mine = list_received_handshakes.sync(client=cast["invitee"].client)
    assert isinstance(mine, InvitationList) and {i.id for i in mine.items} == {a, b}
    pending = list_received_handshakes.sync(client=cast["invitee"].client, status=InvitationStatus.PENDING)
    assert isinstance(pending, InvitationList) and [i.id for i in pending.items] == [b]


def test_the_audit_trail_records_who_moved_it_and_when(cast: dict[str, Caller], clock: ManualClock) -> None:
    org = make_org(cast["owner"])
    created = invite(cast["owner"], org, cast["invitee"].id)
    clock.advance(timedelta(minutes=5))
    resend_invitation.sync(org.id, created.invitation.id, client=cast["owner"].client)
    clock.advance(timedelta(minutes=5))
    accept_handshake.sync(created.invitation.id, client=cast["invitee"].client)
    events = list_invitation_events.sync(org.id, created.invitation.id, client=cast["owner"].client, limit=2)
    assert isinstance(events, InvitationEventList) and isinstance(events.page_info.next_marker, str)
    rest = list_invitation_events.sync(
        org.id, created.invitation.id, client=cast["owner"].client, marker=events.page_info.next_marker
    )
    assert isinstance(rest, InvitationEventList) and rest.page_info.next_marker is None
    trail = [
        (
            e.action.value,
            e.actor_account_id,
            e.from_status.value if e.from_status else "-",
            e.to_status.value,
        )
        for e in events.items + rest.items
    ]
    assert trail == [
        ("created", cast["owner"].id, "-", "pending"),
        ("resent", cast["owner"].id, "pending", "pending"),
        ("accepted", cast["invitee"].id, "pending", "accepted"),
    ]
    assert [e.occurred_at - created.invitation.created_at for e in events.items + rest.items] == [
        timedelta(0),
        timedelta(minutes=5),
        timedelta(minutes=10),
    ]


# --- throttling ----------------------------------------------------------------------------


def test_invitations_per_organization_are_throttled_with_retry_after(
    app_factory: Callable[..., AsyncApp],
) -> None:
    app = app_factory(invitations_per_org_per_day=2)
    with TestClient(app, base_url=BASE_URL) as http:
        key = http.post("/accounts", json={"name": "Owner"}).json()["api_key"]
        auth = {"Authorization": f"Bearer {key}"}
        org = http.post("/organizations", json={"name": "Busy"}, headers=auth).json()["id"]
        other = http.post("/organizations", json={"name": "Quiet"}, headers=auth).json()["id"]

        def send(org_id: str, n: int) -> int:
            body = {"target": {"type": "email", "entity": f"p{n}@example.com"}, "roles": ["member"]}
            return int(http.post(f"/organizations/{org_id}/invitations", json=body, headers=auth).status_code)

        assert [send(org, 1), send(org, 2)] == [201, 201]
        refused = http.post(
            f"/organizations/{org}/invitations",
            json={"target": {"type": "email", "entity": "p3@example.com"}, "roles": ["member"]},
            headers=auth,
        )
        assert refused.status_code == 429 and refused.json()["code"] == "rate_limited"
        assert 0 < int(refused.headers["Retry-After"]) <= 86400
        assert send(other, 4) == 201  # the limit is per organization


def test_token_lookups_per_client_are_throttled(app_factory: Callable[..., AsyncApp]) -> None:
    app = app_factory(token_lookups_per_client_per_minute=3)
    with TestClient(app, base_url=BASE_URL) as http:
        statuses = [http.get(f"/organizations/invitations/oit_{'x' * 40}{n}").status_code for n in range(4)]
        assert statuses == [404, 404, 404, 429]
        refused = http.get("/organizations/invitations/oit_" + "y" * 40)
        assert refused.headers["x-error-code"] == "rate_limited"
        assert 0 < int(refused.headers["Retry-After"]) <= 60


# --- retention -----------------------------------------------------------------------------


def test_finished_invitations_are_purged_thirty_days_after_they_finish(
    cast: dict[str, Caller], clock: ManualClock, services: Services
) -> None:
    org = make_org(cast["owner"])
    cancelled = invite(cast["owner"], org, cast["invitee"].id).invitation.id
    cancel_handshake.sync(cancelled, client=cast["owner"].client)
    expiring = invite(
        cast["owner"], org, "late@example.com", by=TargetType.EMAIL, expires_in=3600
    ).invitation.id
    pending = invite(cast["owner"], org, cast["outsider"].id, expires_in=2592000).invitation.id

    clock.advance(timedelta(days=30) - timedelta(seconds=1))
    assert services.retention.purge() == 0
    clock.advance(timedelta(seconds=1))
    assert services.retention.purge() == 1  # the cancelled one; the expiring one finished an hour later
    clock.advance(timedelta(hours=1))
    assert services.retention.purge() == 1
    remaining = list_invitations.sync(org.id, client=cast["owner"].client)
    assert isinstance(remaining, InvitationList)
    assert [i.id for i in remaining.items] == [pending]
    for purged in (cancelled, expiring):
        problem(get_handshake.sync_detailed(purged, client=cast["owner"].client), 404, "invitation_not_found")


def test_the_server_purges_on_its_own_unless_switched_off(
    app_factory: Callable[..., AsyncApp], clock: ManualClock, engine: Engine
) -> None:
    def stored() -> int:
        with engine.connect() as connection:
            return int(connection.execute(text("SELECT count(*) FROM invitations")).scalar_one())

    with TestClient(app_factory(purge_interval_seconds=0)) as http:
        owner = http.post("/v1/accounts", json={"name": "Owner"}).json()
        auth = {"Authorization": f"Bearer {owner['api_key']}"}
        org = http.post("/v1/organizations", json={"name": "Org"}, headers=auth).json()["id"]
        body = {"target": {"type": "email", "entity": "gone@example.com"}, "roles": ["member"]}
        created = http.post(f"/v1/organizations/{org}/invitations", json=body, headers=auth).json()
        http.post(f"/v1/organizations/handshakes/{created['invitation']['id']}/cancel", headers=auth)
    clock.advance(timedelta(days=31))

    with TestClient(app_factory(purge_interval_seconds=0)):
        time.sleep(0.5)
        assert stored() == 1  # switched off: nothing purged
    with TestClient(app_factory(purge_interval_seconds=3600)):
        deadline = time.monotonic() + 10
        while stored() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert stored() == 0  # purged at start, without any request


def test_reading_the_trail_records_an_expiry_no_write_has_seen_yet(
    cast: dict[str, Caller], clock: ManualClock
) -> None:
    org = make_org(cast["owner"])
    created = invite(cast["owner"], org, cast["invitee"].id, expires_in=3600)
    clock.advance(timedelta(hours=2))
    for _ in range(2):  # recorded once, then read back unchanged
        events = list_invitation_events.sync(org.id, created.invitation.id, client=cast["owner"].client)
        assert isinstance(events, InvitationEventList)
        assert [(e.action.value, e.occurred_at) for e in events.items] == [
            ("created", created.invitation.created_at),
            ("expired", created.invitation.expires_at),
        ]


# --- links ------------------------------------------------------------------------------------


def test_a_link_template_points_links_at_the_integrating_application(
    app_factory: Callable[..., AsyncApp],
) -> None:
    app = app_factory(invitation_link_template="https://app.example.com/join?token={token}")
    with TestClient(app, base_url=BASE_URL) as http:
        key = http.post("/accounts", json={"name": "Owner"}).json()["api_key"]
        auth = {"Authorization": f"Bearer {key}"}
        org = http.post("/organizations", json={"name": "Linked"}, headers=auth).json()["id"]
        body = {"target": {"type": "email", "entity": "lin@example.com"}, "roles": ["member"]}
        made = http.post(f"/organizations/{org}/invitations", json=body, headers=auth).json()
    assert made["invitation_link"] == f"https://app.example.com/join?token={made['invitation_token']}"


@pytest.mark.parametrize("template", ["https://app.example.com/join", "ftp://app.example.com/{token}"])
def test_a_link_template_must_be_a_web_address_with_the_token(template: str) -> None:
    with pytest.raises(ValidationError, match=r"\{token\}"):
        Settings(invitation_link_template=template)
