"""The benchmark's peers (bench/peers/) answer as the real app does, so `make bench` compares like with like.

Each peer is built as uvicorn builds it, by its factory from ORG_INVITATIONS_* variables, and
called in-process next to the real app, all four over one fresh database (SQLite, or PostgreSQL
when ORG_INVITATIONS_TEST_DATABASE_URL is set: the floor then goes through psycopg, in the
test's schema). The three reads give the same status and the same bytes everywhere, refusals
included; create and accept give the same status and the same JSON but for the ids and times
on the real app, FastAPI and Starlette; the floor refuses them.

Everything here runs on the system clock, the only one the peers know: the expired invitation is
made so by writing its expiry into the past.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import update
from starlette.testclient import TestClient

from bench.data import AccessKeyFixture, line
from bench.peers import fastapi_peer, floor_peer, starlette_peer
from bench.peers.common import CHALLENGE, STATUS_OF
from bench.signing import aws_describe_handshake, huawei_show_handshake
from org_invitations.bootstrap import Services, bootstrap
from org_invitations.generated import models
from org_invitations.handlers.requests import invitation_request
from org_invitations.services.invitations import IssuedInvitation
from org_invitations.settings import Settings
from org_invitations.storage.tables import InvitationRow
from org_invitations.web import problems
from org_invitations.web.app import create_app
from tests.databases import fresh_database, throttle_storage

APPS = ("real", "fastapi", "starlette", "floor")
WRITERS = ("real", "fastapi", "starlette")  # the floor answers the reads only
HANDSHAKES = "/v1/organizations/handshakes/"
TOKENS = "/v1/organizations/invitations/"
UNKNOWN_HANDSHAKE = "h-" + "0" * 32
UNKNOWN_ORGANIZATION = "o-" + "0" * 32
UNKNOWN_TOKEN = "oit_" + "A" * 43
UNKNOWN_KEY = "oik_" + "B" * 43


@dataclass(frozen=True)
class Person:
    id: str
    key: str


@dataclass(frozen=True)
class World:
    settings: Settings
    clients: dict[str, TestClient]
    ada: Person  # the owner
    grace: Person  # invited by account, pending
    bob: Person  # a plain member (invited, accepted)
    eve: Person  # knows nobody
    ellen: Person  # accepted an invitation by email, with its token: a plain member who responded
    joiners: dict[str, Person]  # one per writing app: invited and accepting through it
    organization_id: str  # the reads'
    workshop_id: str  # where the writes invite
    invitations: dict[
        str, IssuedInvitation
    ]  # grace, charles (email), dorothy (expired), bob, ellen (accepted)
    grace_access_key: tuple[str, str]  # id and secret, for the signed dialect calls


def _person(services: Services, name: str, email: str | None = None) -> Person:
    created = services.accounts.create(name, email)
    return Person(created.account.id, created.api_key)


def _environment(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the peers read, as the server would: this test's database, key and throttle storage."""
    server_key = settings.server_key_file.read_text().strip()  # written by the first bootstrap
    for name, value in {
        "DATABASE_URL": settings.database_url,
        "SERVER_KEY": server_key,
        "MIGRATE_ON_START": "false",
        "DELIVER_IN_SERVER": "false",
        "RATE_LIMIT_STORAGE_URL": settings.rate_limit_storage_url,
        "RATE_LIMIT_KEY_PREFIX": settings.rate_limit_key_prefix,
        "TOKEN_LOOKUPS_PER_CLIENT_PER_MINUTE": str(settings.token_lookups_per_client_per_minute),
        "PUBLIC_BASE_URL": settings.public_base_url,
        "EMAIL_DIRECTORY": str(settings.email_directory),
    }.items():
        monkeypatch.setenv(f"ORG_INVITATIONS_{name}", value)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """One database and four apps for the whole module (building them is most of its time): the
    reads' organization is written by nobody after this; the writes go to a second one."""
    folder = tmp_path_factory.mktemp("bench-peers")
    with fresh_database(folder) as database_url, pytest.MonkeyPatch.context() as monkeypatch:
        settings = Settings(  # as tests/conftest.py's `settings`, with room for every preview
            database_url=database_url,
            server_key_file=folder / "var" / "server.key",
            validate_responses=True,
            deliver_in_server=False,
            email_directory=folder / "var" / "outbox",
            token_lookups_per_client_per_minute=10_000,
            **throttle_storage(),  # type: ignore[arg-type]
        )
        services = bootstrap(settings)  # migrates; the system clock, as the peers'
        try:
            yield from _world(settings, services, monkeypatch)
        finally:
            services.close()


def _world(settings: Settings, services: Services, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    ada, grace = _person(services, "Ada Lovelace", "ada@example.com"), _person(services, "Grace Hopper")
    bob, eve = _person(services, "Bob Ross"), _person(services, "Eve")
    ellen = _person(services, "Ellen Ochoa")
    joiners = {app: _person(services, f"Joiner of {app}") for app in WRITERS}
    organization_id = services.organizations.create(ada.id, "Analytical Engines — «Ltd» ☃").id
    workshop_id = services.organizations.create(ada.id, "Difference Engines").id

    def invite(target_type: str, entity: str, **fields: Any) -> IssuedInvitation:
        body = {"target": {"type": target_type, "entity": entity}, "roles": ["member"], **fields}
        wanted = invitation_request(models.InvitationCreate.model_validate(body))
        return services.invitations.create(ada.id, organization_id, wanted)

    invitations = {
        "grace": invite("account", grace.id, notes='Welcome, "Grace"!\n\tÀ bientôt \\o/'),
        "charles": invite(
            "email",
            "Charles@Example.com",
            roles=["member", "admin"],
            given_name="Charles",
            family_name="Babbage",
            expires_in=7 * 24 * 3600,
        ),
        "dorothy": invite("email", "dorothy@example.com"),
        "bob": invite("account", bob.id),
        "ellen": invite("email", "ellen@example.com"),
    }
    services.invitations.accept(bob.id, invitations["bob"].invitation.id)
    services.invitations.accept_by_token(ellen.id, invitations["ellen"].invitation_token, "testclient")
    expired_at = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    with services.engine.begin() as connection:  # past its expiry, still pending in storage
        connection.execute(
            update(InvitationRow)
            .where(InvitationRow.id == invitations["dorothy"].invitation.id)
            .values(
                created_at=expired_at - timedelta(days=14, microseconds=-123456),  # a fraction, too
                updated_at=expired_at - timedelta(days=14),
                expires_at=expired_at,
            )
        )

    access_key = services.accounts.create_access_key(grace.id)
    _environment(settings, monkeypatch)
    apps: dict[str, Any] = {
        "real": create_app(settings, services=services),
        "fastapi": fastapi_peer.app(),
        "starlette": starlette_peer.app(),
        "floor": floor_peer.app(),
    }
    with ExitStack() as stack:  # entered: each app's lifespan runs, and closes its connections
        clients = {name: stack.enter_context(TestClient(app)) for name, app in apps.items()}
        yield World(
            settings,
            clients,
            ada,
            grace,
            bob,
            eve,
            ellen,
            joiners,
            organization_id,
            workshop_id,
            invitations,
            (access_key.access_key_id, access_key.secret_access_key),
        )


def _headers(key: str | None) -> dict[str, str]:
    return {} if key is None else {"Authorization": f"Bearer {key}"}


def _same_everywhere(
    world: World, path: str, key: str | None, status: int, apps: tuple[str, ...] = APPS
) -> bytes:
    """GET `path` on every app: the status wanted, and byte-identical bodies and the same headers that matter."""
    answers = {app: world.clients[app].get(path, headers=_headers(key)) for app in apps}
    real = answers["real"]
    assert real.status_code == status, (path, real.content)
    for app, answer in answers.items():
        assert answer.status_code == status, (app, path, answer.content)
        assert answer.content == real.content, (app, path)
        for header in ("content-type", "cache-control", "x-error-code", "www-authenticate", "retry-after"):
            assert answer.headers.get(header) == real.headers.get(header), (app, path, header)
    return real.content


def test_a_handshake_reads_the_same_on_every_app(world: World) -> None:
    grace, charles, dorothy, bob = (
        world.invitations[n].invitation.id for n in ("grace", "charles", "dorothy", "bob")
    )
    _same_everywhere(world, HANDSHAKES + grace, world.grace.key, 200)  # the invitee
    body = json.loads(_same_everywhere(world, HANDSHAKES + grace, world.ada.key, 200))  # the owner
    assert body["notes"] == 'Welcome, "Grace"!\n\tÀ bientôt \\o/'
    assert body["organization"]["name"] == "Analytical Engines — «Ltd» ☃"
    assert "role_details" not in body and body["email"] is None  # absent when not asked for; null when none
    emailed = json.loads(_same_everywhere(world, HANDSHAKES + charles, world.ada.key, 200))
    assert (emailed["email"], emailed["roles"]) == ("charles@example.com", ["admin", "member"])
    expired = json.loads(_same_everywhere(world, HANDSHAKES + dorothy, world.ada.key, 200))
    assert (expired["status"], expired["expired"]) == ("expired", True)
    assert expired["created_at"].endswith(".123456Z")
    accepted = json.loads(_same_everywhere(world, HANDSHAKES + bob, world.bob.key, 200))  # who responded
    assert (accepted["status"], accepted["responded_by"]) == ("accepted", world.bob.id)
    assert accepted["accepted_at"] is not None
    ellen = world.invitations["ellen"].invitation.id
    by_token = json.loads(_same_everywhere(world, HANDSHAKES + ellen, world.ellen.key, 200))  # who responded
    assert (by_token["target"]["type"], by_token["responded_by"]) == ("email", world.ellen.id)


def test_a_handshake_is_refused_the_same_on_every_app(world: World) -> None:
    grace = world.invitations["grace"].invitation.id
    _same_everywhere(world, HANDSHAKES + grace, world.bob.key, 403)  # a plain member sees it exists
    _same_everywhere(world, HANDSHAKES + grace, world.eve.key, 404)  # an outsider does not
    _same_everywhere(world, HANDSHAKES + UNKNOWN_HANDSHAKE, world.ada.key, 404)
    _same_everywhere(world, HANDSHAKES + grace, None, 401)
    _same_everywhere(world, HANDSHAKES + grace, UNKNOWN_KEY, 401)
    for app, client in world.clients.items():  # off the contract (bodies differ: connexion words its own)
        assert client.get(HANDSHAKES + "h-0", headers=_headers(world.ada.key)).status_code == 400, app


def test_an_invitation_previews_the_same_on_every_app(world: World) -> None:
    for name, issued in world.invitations.items():
        preview = json.loads(_same_everywhere(world, TOKENS + issued.invitation_token, None, 200))
        assert preview["id"] == issued.invitation.id, name
    _same_everywhere(world, TOKENS + UNKNOWN_TOKEN, None, 404)


def test_the_invitations_list_pages_the_same_on_every_app(world: World) -> None:
    listing = f"/v1/organizations/{world.organization_id}/invitations"
    whole = json.loads(_same_everywhere(world, listing, world.ada.key, 200))
    assert whole["page_info"] == {"next_marker": None, "current_count": 5}
    assert whole["items"][-1]["status"] == "expired"  # the oldest
    assert len({item["status"] for item in whole["items"]}) == 3  # pending, accepted, expired
    for limit in (1, 3):
        seen: list[str] = []
        marker: str | None = None
        while True:
            page_path = f"{listing}?limit={limit}" + (f"&marker={marker}" if marker else "")
            page = json.loads(_same_everywhere(world, page_path, world.ada.key, 200))
            seen += [item["id"] for item in page["items"]]
            marker = page["page_info"]["next_marker"]
            if marker is None:
                break
        assert seen == [item["id"] for item in whole["items"]], limit
    _same_everywhere(world, listing, world.bob.key, 403)
    _same_everywhere(world, listing, world.eve.key, 404)
    _same_everywhere(world, f"/v1/organizations/{UNKNOWN_ORGANIZATION}/invitations", world.ada.key, 404)
    _same_everywhere(world, listing, None, 401)
    for app, client in world.clients.items():
        assert client.get(f"{listing}?limit=0", headers=_headers(world.ada.key)).status_code == 400, app


VARYING = {"id", "urn", "entity", "created_at", "updated_at", "expires_at", "accepted_at", "responded_by"}
VARYING |= {"invitation_token", "invitation_link"}


def _normalized(value: Any) -> Any:
    """The document with its ids and times replaced by placeholders, its keys in their order."""
    if isinstance(value, dict):
        return {
            key: "…" if key in VARYING and item is not None else _normalized(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_normalized(item) for item in value]
    return value


def test_create_and_accept_answer_alike_on_the_real_app_fastapi_and_starlette(world: World) -> None:
    listing = f"/v1/organizations/{world.workshop_id}/invitations"
    created, accepted = {}, {}
    for app in WRITERS:
        client, joiner = world.clients[app], world.joiners[app]
        body = {"target": {"type": "account", "entity": joiner.id}, "roles": ["admin"], "notes": "Hello ☃"}
        answer = client.post(listing, json=body, headers=_headers(world.ada.key))
        assert answer.status_code == 201, (app, answer.content)
        assert answer.headers["cache-control"] == "no-store", app
        created[app] = answer.json()
        invitation = created[app]["invitation"]
        assert invitation["target"] == {"type": "account", "entity": joiner.id}
        token = created[app]["invitation_token"]
        assert created[app]["invitation_link"] == f"{world.settings.public_base_url}/invitations/{token}"
        answer = client.post(f"{HANDSHAKES}{invitation['id']}/accept", headers=_headers(joiner.key))
        assert answer.status_code == 200, (app, answer.content)
        accepted[app] = answer.json()
        assert (accepted[app]["status"], accepted[app]["responded_by"]) == ("accepted", joiner.id)
    for app in WRITERS:
        assert json.dumps(_normalized(created[app])) == json.dumps(_normalized(created["real"])), app
        assert json.dumps(_normalized(accepted[app])) == json.dumps(_normalized(accepted["real"])), app
    # What the peers made, the real app reads as its own.
    for app in WRITERS:
        own = world.clients["real"].get(
            HANDSHAKES + created[app]["invitation"]["id"], headers=_headers(world.ada.key)
        )
        assert json.dumps(_normalized(own.json())) == json.dumps(_normalized(accepted["real"])), app


def test_refused_writes_are_refused_alike(world: World) -> None:
    listing = f"/v1/organizations/{world.organization_id}/invitations"
    bob_invitation = world.invitations["bob"].invitation.id
    cases: list[tuple[str, dict[str, Any] | None, str, int]] = [
        (
            listing,
            {"target": {"type": "email", "entity": "charles@example.com"}, "roles": ["member"]},
            world.ada.key,
            409,
        ),
        (
            listing,
            {"target": {"type": "email", "entity": "x@example.com"}, "roles": ["member"]},
            world.bob.key,
            403,
        ),
        (
            listing,
            {"target": {"type": "account", "entity": "f" * 32}, "roles": ["member"]},
            world.ada.key,
            404,
        ),
        (f"{HANDSHAKES}{bob_invitation}/accept", None, world.bob.key, 409),  # already accepted
        (f"{HANDSHAKES}{world.invitations['grace'].invitation.id}/accept", None, world.ada.key, 403),
        (f"{HANDSHAKES}{UNKNOWN_HANDSHAKE}/accept", None, world.grace.key, 404),
        (
            listing,
            {"target": {"type": "email", "entity": "y@example.com"}, "roles": ["member"]},
            UNKNOWN_KEY,
            401,
        ),
    ]
    for path, body, key, status in cases:
        answers = {app: world.clients[app].post(path, json=body, headers=_headers(key)) for app in WRITERS}
        for app, answer in answers.items():
            assert answer.status_code == status, (app, path, answer.content)
            assert answer.content == answers["real"].content, (app, path)
            assert answer.headers.get("x-error-code") == answers["real"].headers.get("x-error-code"), app
    refused = world.clients["fastapi"].post(listing, json=cases[0][1], headers=_headers(world.ada.key)).json()
    assert refused["existing_invitation_id"] == world.invitations["charles"].invitation.id
    for app in WRITERS:  # off the contract: 400 everywhere (the wording is each one's own)
        answer = world.clients[app].post(
            listing,
            json={"target": {"type": "email", "entity": "z@example.com"}, "roles": []},
            headers=_headers(world.ada.key),
        )
        assert answer.status_code == 400, (app, answer.content)
    floor = world.clients["floor"]
    assert floor.post(listing, json=cases[0][1], headers=_headers(world.ada.key)).status_code == 404
    assert (
        floor.post(f"{HANDSHAKES}{bob_invitation}/accept", headers=_headers(world.bob.key)).status_code == 404
    )


def test_the_peers_word_refusals_as_the_real_app_does() -> None:
    assert CHALLENGE == problems.CHALLENGE
    for refusal, status in STATUS_OF.items():
        assert problems.PROBLEMS[refusal].status == status, refusal.__name__


def _sent(client: TestClient, request_line: str) -> Any:
    """A request line of the load generator's (bench/data.py `line`), sent as it is."""
    method, target, body, *headers = request_line.split("\t")
    return client.request(
        method,
        target,
        content=None if body == "-" else body.encode(),
        headers=dict(header.split(": ", 1) for header in headers),
    )


def test_the_benchmarked_dialect_calls_read_the_same_on_the_real_app_and_fastapi(world: World) -> None:
    """AWS DescribeHandshake and Huawei ShowHandshake signed by the vendors' SDKs, Elastic's lookup by token."""
    key = AccessKeyFixture(*world.grace_access_key, world.invitations["grace"].invitation.id)
    charles = world.invitations["charles"].invitation_token
    calls = [
        aws_describe_handshake(key, "testserver"),  # TestClient's host, which the signature covers
        huawei_show_handshake(key, "testserver"),
        line("GET", f"/api/v1/organizations/invitations/{charles}", Authorization=f"ApiKey {world.ada.key}"),
    ]
    for call in calls:
        real, fastapi = (_sent(world.clients[app], call) for app in ("real", "fastapi"))
        assert real.status_code == 200, (call, real.content)
        assert (fastapi.status_code, fastapi.content) == (200, real.content), call
        assert fastapi.headers["content-type"] == real.headers["content-type"], call
