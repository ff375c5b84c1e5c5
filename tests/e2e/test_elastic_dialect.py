"""Elastic Cloud's documented invitation calls, written from its documentation (httpx), against a real server."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest

from tests.e2e import accounts
from tests.e2e.accounts import SignedUp
from tests.e2e.conftest import Server

pytestmark = pytest.mark.e2e

SEED_001_KEYS = {"token", "email", "created_at", "expires_at", "expired", "organization"}
SEED_001_ORGANIZATION_KEYS = {
    "id",
    "name",
    "default_disk_usage_alerts_enabled",
    "notifications_allowed_email_domains",
    "billing_contacts",
    "operational_contacts",
}


def elastic(server: Server, account: SignedUp | None, method: str, path: str, **body: Any) -> httpx.Response:
    headers = {"Authorization": f"ApiKey {account.api_key}"} if account else {}
    return httpx.request(method, f"{server.base_url}/api/v1{path}", headers=headers, json=body or None)


def refusal(response: httpx.Response) -> tuple[int, str]:
    errors = response.json()["errors"]
    assert response.headers["x-cloud-error-codes"] == ",".join(
        dict.fromkeys(error["code"] for error in errors)
    )
    assert all(error["message"] for error in errors)
    return response.status_code, errors[0]["code"]


def organization_of(server: Server, owner: SignedUp) -> str:
    created = httpx.post(
        f"{server.base_url}/v1/organizations",
        json={"name": "Elastic"},
        headers={"Authorization": f"Bearer {owner.api_key}"},
    )
    return str(created.json()["id"])


def test_the_documented_flow(server: Server) -> None:
    owner, invitee = accounts.sign_up(server, "el-owner"), accounts.sign_up(server, "el-invitee")
    invitations = f"/organizations/{organization_of(server, owner)}/invitations"

    created = elastic(server, owner, "POST", invitations, emails=["a@example.com", "b@example.com"])
    assert created.status_code == 201 and created.headers["Cache-Control"] == "no-store"
    made = created.json()["invitations"]
    assert [invitation["email"] for invitation in made] == ["a@example.com", "b@example.com"]
    first = made[0]
    lasts = dt.datetime.fromisoformat(first["expires_at"]) - dt.datetime.fromisoformat(first["created_at"])
    assert lasts == dt.timedelta(hours=72) and first["created_at"].endswith("+00:00")
    # All or nothing, every address with a live invitation named.
    refused = elastic(
        server, owner, "POST", invitations, emails=["a@example.com", "new@example.com", "b@example.com"]
    )
    assert refused.status_code == 400
    assert refused.headers["x-cloud-error-codes"] == "organization.invitation_already_exists"
    assert [(e["code"], e["fields"]) for e in refused.json()["errors"]] == [
        ("organization.invitation_already_exists", ["emails[0]"]),
        ("organization.invitation_already_exists", ["emails[2]"]),
    ]
    assert len(elastic(server, owner, "GET", invitations).json()["invitations"]) == 2

    # Seed 001's shape exactly, to anyone authenticated who holds the token.
    shown = elastic(server, invitee, "GET", f"/organizations/invitations/{first['token']}").json()
    assert set(shown) == SEED_001_KEYS and set(shown["organization"]) == SEED_001_ORGANIZATION_KEYS
    assert shown["expired"] is False

    accepted = elastic(server, invitee, "POST", f"/organizations/invitations/{first['token']}/_accept")
    assert (accepted.status_code, accepted.json()) == (200, {})
    again = elastic(server, invitee, "POST", f"/organizations/invitations/{first['token']}/_accept")
    assert refusal(again) == (400, "organization.user_organization_already_belongs")
    shown = elastic(server, invitee, "GET", f"/organizations/invitations/{first['token']}").json()
    assert set(shown) == SEED_001_KEYS | {"accepted_at"}

    # Delete by tokens: the pending one goes (cancelled in the native API); an accepted one is not Elastic's to delete.
    second = made[1]["token"]
    assert refusal(elastic(server, owner, "DELETE", f"{invitations}/{second},{first['token']}")) == (
        404,
        "organization.invitation_not_found",
    )
    deleted = elastic(server, owner, "DELETE", f"{invitations}/{second}")
    assert (deleted.status_code, deleted.json()) == (200, {})
    assert elastic(server, owner, "GET", invitations).json()["invitations"] == []
    assert (
        httpx.get(f"{server.base_url}/v1/organizations/invitations/{second}").json()["status"] == "cancelled"
    )


def test_refusals_as_elastic_sends_them(server: Server) -> None:
    owner, stranger = accounts.sign_up(server, "el-o2"), accounts.sign_up(server, "el-s2")
    invitations = f"/organizations/{organization_of(server, owner)}/invitations"

    unauthorized = elastic(server, None, "GET", invitations)
    assert refusal(unauthorized) == (401, "root.unauthorized")
    assert unauthorized.headers["WWW-Authenticate"] == 'ApiKey realm="org-invitations"'
    assert refusal(elastic(server, stranger, "GET", invitations)) == (404, "organization.not_found")
    assert refusal(elastic(server, owner, "GET", f"/organizations/invitations/oit_{'x' * 43}")) == (
        404,
        "organization.invitation_not_found",
    )
    too_long = elastic(server, owner, "POST", invitations, emails=["c@example.com"], expires_in="31d")
    assert refusal(too_long) == (400, "root.invalid_data") and too_long.json()["errors"][0]["fields"] == [
        "expires_in"
    ]
    bad_addresses = elastic(server, owner, "POST", invitations, emails=["ok@example.com", "not an address"])
    assert refusal(bad_addresses) == (400, "organization.invitation_invalid_email")
    assert [error["fields"] for error in bad_addresses.json()["errors"]] == [["emails[1]"]]
    assert elastic(server, owner, "GET", invitations).json()["invitations"] == []  # all or nothing
