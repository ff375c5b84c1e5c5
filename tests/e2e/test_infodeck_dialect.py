"""Infodeck's documented calls, written from its documentation (httpx), against a real server."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest

from tests.e2e import accounts
from tests.e2e.accounts import SignedUp
from tests.e2e.conftest import Server

pytestmark = pytest.mark.e2e

SEED_002_KEYS = {
    "code",
    "familyName",
    "givenName",
    "email",
    "appRole",
    "organizationId",
    "origin",
    "expiredTime",
    "createdAtDateString",
    "createdAt",
    "updatedAtDateString",
    "updatedAt",
}
CREATED_KEYS = SEED_002_KEYS - {"updatedAtDateString", "updatedAt"}
LISTED_KEYS = {
    "code",
    "organizationId",
    "appRole",
    "origin",
    "email",
    "metadata",
    "expiredAt",
    "usedAt",
    "canceledAt",
    "createdAtDateString",
    "createdAt",
}


def infodeck(server: Server, account: SignedUp | None, method: str, path: str, **body: Any) -> httpx.Response:
    headers = {"X-API-Key": account.api_key} if account else {}
    return httpx.request(method, f"{server.base_url}/api{path}", headers=headers, json=body or None)


def native(server: Server, account: SignedUp, method: str, path: str, **body: Any) -> httpx.Response:
    headers = {"Authorization": f"Bearer {account.api_key}"}
    return httpx.request(method, f"{server.base_url}/v1{path}", headers=headers, json=body or None)


def refusal(response: httpx.Response) -> tuple[int, str]:
    body = response.json()
    assert set(body) == {"error", "message"} and body["message"]
    return response.status_code, body["error"]


def test_the_documented_flow(server: Server) -> None:
    owner, member, invitee = (
        accounts.sign_up(server, name) for name in ("ide-owner", "ide-member", "ide-grace")
    )
    invitations = (
        f"/organizations/{accounts.organization_with_member(server, owner, member, 'Infodeck')}/invitations"
    )
    person = {"email": "grace@example.com", "givenName": "Grace", "familyName": "Hopper", "teamIds": ["t-1"]}

    created = infodeck(server, owner, "POST", invitations, **person)
    assert created.status_code == 200 and created.headers["Cache-Control"] == "no-store"
    data = created.json()["data"]
    assert set(data) == CREATED_KEYS
    assert (data["appRole"], data["origin"], data["expiredTime"]) == ("Member", "owner", 86400)
    written = dt.datetime.strptime(data["createdAtDateString"], "%Y-%m-%dT%H:%M:%S.%f%z")
    assert int(written.timestamp() * 1000) == data["createdAt"]  # the two forms, one instant
    code = data["code"]
    assert refusal(infodeck(server, owner, "POST", invitations, **person)) == (409, "Conflict")

    shown = infodeck(server, owner, "GET", f"{invitations}/{code}").json()["data"]
    assert set(shown) == SEED_002_KEYS
    assert {name: shown[name] for name in CREATED_KEYS} == data
    listed = infodeck(server, owner, "GET", f"{invitations}?maxResults=10").json()
    assert [set(item) for item in listed["data"]] == [LISTED_KEYS]  # email invitations only
    assert listed["data"][0]["metadata"] == {"teamIds": ["t-1"]} and "nextToken" not in listed

    # The code is the token: the invitee accepts through the native API, and the list shows it.
    accepted = native(server, invitee, "POST", f"/organizations/invitations/{code}/accept")
    assert accepted.status_code == 200, accepted.text
    used = infodeck(server, owner, "GET", invitations).json()["data"][0]
    assert used["usedAt"] is not None and used["canceledAt"] is None
    assert refusal(infodeck(server, owner, "PUT", f"{invitations}/{code}")) == (422, "ValidationError")

    # Cancel, twice (a PUT may be repeated); the native API sees it cancelled.
    again = infodeck(server, owner, "POST", invitations, **(person | {"email": "ada@example.com"})).json()
    second = again["data"]["code"]
    for _ in range(2):
        cancelled = infodeck(server, owner, "PUT", f"{invitations}/{second}")
        assert (cancelled.status_code, cancelled.json()) == (200, {"data": {"canceled": True}})
    by_token = httpx.get(f"{server.base_url}/v1/organizations/invitations/{second}")
    assert by_token.json()["status"] == "cancelled"


def test_refusals_as_infodeck_documents_them(server: Server) -> None:
    owner, member, stranger = (accounts.sign_up(server, name) for name in ("ide-o2", "ide-m2", "ide-s2"))
    invitations = (
        f"/organizations/{accounts.organization_with_member(server, owner, member, 'Infodeck')}/invitations"
    )

    assert refusal(infodeck(server, None, "GET", invitations)) == (401, "Unauthenticated")
    assert refusal(httpx.get(f"{server.base_url}/api{invitations}", headers={"X-API-Key": "oik_nope"})) == (
        401,
        "Unauthenticated",
    )
    assert refusal(infodeck(server, member, "GET", invitations)) == (403, "Forbidden")
    assert refusal(infodeck(server, stranger, "GET", invitations)) == (404, "ResourceNotFound")
    assert refusal(infodeck(server, owner, "GET", f"{invitations}/oit_{'x' * 43}")) == (
        404,
        "ResourceNotFound",
    )
    assert refusal(infodeck(server, owner, "GET", f"{invitations}?maxResults=9")) == (422, "ValidationError")
    assert refusal(infodeck(server, owner, "POST", invitations, email="not an address")) == (
        422,
        "ValidationError",
    )
    not_allowed = infodeck(server, owner, "DELETE", invitations)
    assert refusal(not_allowed) == (405, "MethodNotAllowed") and "POST" in not_allowed.headers["Allow"]
