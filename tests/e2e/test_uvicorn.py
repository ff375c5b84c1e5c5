"""The real server: a uvicorn process on a free loopback port, driven by the generated client over TCP."""

from __future__ import annotations

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

from tests.e2e.conftest import Server

pytestmark = pytest.mark.e2e


def test_the_client_works_against_a_real_server(server: Server) -> None:
    base = server.base_url
    anonymous = Client(base_url=f"{base}/v1")
    created = create_account.sync(client=anonymous, body=AccountCreate(name="Ada", email="ada@example.com"))
    assert isinstance(created, AccountCreated)
    ada = AuthenticatedClient(base_url=f"{base}/v1", token=created.api_key)

    me = get_my_account.sync(client=ada)
    assert isinstance(me, Account) and me.id == created.account.id

    org = create_organization.sync(client=ada, body=OrganizationCreate(name="Analytical Engines"))
    assert isinstance(org, Organization)
    assert get_organization.sync(org.id, client=ada) == org
    members = list_members.sync(org.id, client=ada)
    assert isinstance(members, MemberList) and [m.account_id for m in members.items] == [me.id]


def test_errors_over_the_wire_are_problem_json(server: Server) -> None:
    base = server.base_url
    response = httpx.post(
        f"{base}/v1/accounts", content=b'{"name":"\xff"}', headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["x-error-code"] == "invalid_encoding"
    unauthenticated = get_my_account.sync_detailed(
        client=AuthenticatedClient(base_url=f"{base}/v1", token="x")
    )
    assert unauthenticated.status_code == 401
    assert isinstance(unauthenticated.parsed, Problem)
    assert httpx.get(f"{base}/v1/ui/").status_code == 200
    assert httpx.get(f"{base}/v1/openapi.json").json()["openapi"] == "3.0.3"
