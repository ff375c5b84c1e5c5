"""Racing accepts against a real server: the compare-and-set lets exactly one win."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import text

from org_invitations.storage.engine import make_engine
from tests.e2e.conftest import Server

pytestmark = pytest.mark.e2e

RACERS = 50


def test_fifty_concurrent_accepts_give_one_success_and_one_membership(server: Server) -> None:
    api = f"{server.base_url}/v1"
    owner = httpx.post(f"{api}/accounts", json={"name": "Owner"}).json()
    invitee = httpx.post(f"{api}/accounts", json={"name": "Invitee"}).json()
    owner_auth = {"Authorization": f"Bearer {owner['api_key']}"}
    org = httpx.post(f"{api}/organizations", json={"name": "Race"}, headers=owner_auth).json()["id"]
    body = {"target": {"type": "account", "entity": invitee["account"]["id"]}, "roles": ["member"]}
    created = httpx.post(f"{api}/organizations/{org}/invitations", json=body, headers=owner_auth)
    assert created.status_code == 201, created.text
    handshake = created.json()["invitation"]["id"]

    start = threading.Barrier(RACERS)
    invitee_auth = {"Authorization": f"Bearer {invitee['api_key']}"}

    def accept(_: int) -> tuple[int, str]:
        with httpx.Client(timeout=60) as client:
            start.wait()
            response = client.post(f"{api}/organizations/handshakes/{handshake}/accept", headers=invitee_auth)
            return response.status_code, response.headers.get("x-error-code", "")

    with ThreadPoolExecutor(RACERS) as pool:
        outcomes = Counter(pool.map(accept, range(RACERS)))

    assert outcomes == Counter({(200, ""): 1, (409, "already_in_state"): RACERS - 1})
    assert stored_outcome(server.database_url, org, invitee["account"]["id"], handshake) == (1, 1)


def stored_outcome(
    database_url: str, organization_id: str, account_id: str, handshake_id: str
) -> tuple[int, int]:
    """How many memberships and `accepted` audit events the race left in the database."""
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            memberships = connection.execute(
                text("SELECT count(*) FROM memberships WHERE organization_id = :o AND account_id = :a"),
                {"o": organization_id, "a": account_id},
            ).scalar_one()
            accepted = connection.execute(
                text(
                    "SELECT count(*) FROM invitation_events WHERE invitation_id = :h AND action = 'accepted'"
                ),
                {"h": handshake_id},
            ).scalar_one()
    finally:
        engine.dispose()
    return int(memberships), int(accepted)
