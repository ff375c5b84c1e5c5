"""Two server processes sharing one PostgreSQL database and one Redis: the rules hold across both."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from tests.databases import (
    NEEDS_POSTGRESQL_AND_REDIS,
    ON_POSTGRESQL,
    TEST_REDIS_URL,
    fresh_database,
    throttle_storage,
)
from tests.e2e.conftest import Server, running_server
from tests.e2e.test_concurrency import stored_outcome

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not (ON_POSTGRESQL and TEST_REDIS_URL), reason=NEEDS_POSTGRESQL_AND_REDIS),
]

DAILY_INVITATIONS = 5
RACERS = 40


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Server]]:
    shared = {**throttle_storage(), "invitations_per_org_per_day": str(DAILY_INVITATIONS)}
    with (
        fresh_database(tmp_path_factory.mktemp("multi")) as url,
        running_server(url, **shared) as first,
        running_server(url, **shared) as second,
    ):
        assert first.base_url != second.base_url
        yield first, second


def signed_up(api: str, name: str) -> dict[str, Any]:
    account: dict[str, Any] = httpx.post(f"{api}/accounts", json={"name": name}).json()
    return account


def bearer(account: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {account['api_key']}"}


def test_racing_accepts_across_two_processes_let_exactly_one_win(servers: tuple[Server, Server]) -> None:
    apis = [f"{server.base_url}/v1" for server in servers]
    owner, invitee = signed_up(apis[0], "Owner"), signed_up(apis[1], "Invitee")
    org = httpx.post(f"{apis[1]}/organizations", json={"name": "Shared"}, headers=bearer(owner)).json()["id"]
    body = {"target": {"type": "account", "entity": invitee["account"]["id"]}, "roles": ["admin"]}
    created = httpx.post(f"{apis[0]}/organizations/{org}/invitations", json=body, headers=bearer(owner))
    assert created.status_code == 201, created.text
    handshake = created.json()["invitation"]["id"]

    start = threading.Barrier(RACERS)

    def accept(n: int) -> tuple[int, str, int]:
        api = apis[n % 2]  # half the racers on each process
        with httpx.Client(timeout=60) as client:
            start.wait()
            response = client.post(
                f"{api}/organizations/handshakes/{handshake}/accept", headers=bearer(invitee)
            )
            return response.status_code, response.headers.get("x-error-code", ""), n % 2

    with ThreadPoolExecutor(RACERS) as pool:
        outcomes = list(pool.map(accept, range(RACERS)))

    assert Counter((status, code) for status, code, _ in outcomes) == Counter(
        {(200, ""): 1, (409, "already_in_state"): RACERS - 1}
    )
    assert {process for _, _, process in outcomes} == {0, 1}
    assert stored_outcome(servers[0].database_url, org, invitee["account"]["id"], handshake) == (1, 1)


def test_the_invitation_throttle_counts_both_processes_together(servers: tuple[Server, Server]) -> None:
    apis = [f"{server.base_url}/v1" for server in servers]
    owner = signed_up(apis[0], "Busy owner")
    org = httpx.post(f"{apis[0]}/organizations", json={"name": "Busy"}, headers=bearer(owner)).json()["id"]
    statuses = []
    for n in range(DAILY_INVITATIONS + 3):
        body = {"target": {"type": "email", "entity": f"person{n}@example.com"}, "roles": ["member"]}
        response = httpx.post(
            f"{apis[n % 2]}/organizations/{org}/invitations", json=body, headers=bearer(owner)
        )
        statuses.append(response.status_code)
    assert statuses == [201] * DAILY_INVITATIONS + [429] * 3
