"""The real server: a uvicorn process on a free loopback port, driven by the generated client over TCP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from org_invitations_client import AuthenticatedClient, Client
from org_invitations_client.api.accounts import create_account, get_my_account
from org_invitations_client.api.organizations import create_organization, get_organization, list_members
from org_invitations_client.models import (
    Account,
    AccountCreate,
    AccountCreated,
    MemberList,
    Organization,
    OrganizationCreate,
    Problem,
)

pytestmark = pytest.mark.e2e


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    database = tmp_path_factory.mktemp("e2e") / "var" / "db.sqlite3"
    env = {**os.environ, "ORG_INVITATIONS_DATABASE_URL": f"sqlite:///{database}"}
    process = subprocess.Popen(
        [sys.executable, "-m", "org_invitations.cli", "serve", "--port", str(port), "--log-level", "warning"],
        env=env,
        cwd=Path(__file__).resolve().parents[2],
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/readyz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            time.sleep(0.1)
        assert database.exists(), "the SQLite database was not created on start"
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_client_works_against_a_real_server(server: str) -> None:
    anonymous = Client(base_url=f"{server}/v1")
    created = create_account.sync(client=anonymous, body=AccountCreate(name="Ada", email="ada@example.com"))
    assert isinstance(created, AccountCreated)
    ada = AuthenticatedClient(base_url=f"{server}/v1", token=created.api_key)

    me = get_my_account.sync(client=ada)
    assert isinstance(me, Account) and me.id == created.account.id

    org = create_organization.sync(client=ada, body=OrganizationCreate(name="Analytical Engines"))
    assert isinstance(org, Organization)
    assert get_organization.sync(org.id, client=ada) == org
    members = list_members.sync(org.id, client=ada)
    assert isinstance(members, MemberList) and [m.account_id for m in members.items] == [me.id]


def test_errors_over_the_wire_are_problem_json(server: str) -> None:
    response = httpx.post(
        f"{server}/v1/accounts", content=b'{"name":"\xff"}', headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["x-error-code"] == "invalid_encoding"
    unauthenticated = get_my_account.sync_detailed(
        client=AuthenticatedClient(base_url=f"{server}/v1", token="x")
    )
    assert unauthenticated.status_code == 401
    assert isinstance(unauthenticated.parsed, Problem)
    assert httpx.get(f"{server}/v1/ui/").status_code == 200
    assert httpx.get(f"{server}/v1/openapi.json").json()["openapi"] == "3.0.3"
