"""VMware Cloud Services' documented calls, written from its documentation (httpx), against a real server."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.e2e import accounts
from tests.e2e.accounts import SignedUp
from tests.e2e.conftest import Server

pytestmark = pytest.mark.e2e

BASE = "/csp/gateway/am/api"
SEED_003_KEYS = {
    "customGroups",
    "customGroupsIds",
    "customRoles",
    "expirationTime",
    "generatedAt",
    "generatedBy",
    "invitationLink",
    "invitedByUsername",
    "orgRoleNames",
    "organizationRoles",
    "redeemedAt",
    "redeemedBy",
    "refLink",
    "revokedAt",
    "revokedBy",
    "serviceRolesDtos",
    "status",
    "username",
}
SEED_003_ROLE_KEYS = {
    "createdBy",
    "createdDate",
    "displayName",
    "expiresAt",
    "lastUpdatedBy",
    "lastUpdatedDate",
    "membershipType",
    "name",
    "resource",
}
CSP_ERROR_KEYS = {"cspErrorCode", "errorCode", "message", "moduleCode", "requestId", "statusCode"}
DAY_MS = 86_400_000


def authorize(server: Server, api_key: str) -> str:
    answer = httpx.post(f"{server.base_url}{BASE}/auth/api-tokens/authorize", data={"api_token": api_key})
    assert answer.status_code == 200, answer.text
    assert answer.headers["Cache-Control"] == "no-store"
    token = answer.json()
    assert set(token) == {"access_token", "expires_in", "scope", "token_type"}
    assert (token["expires_in"], token["token_type"], token["scope"]) == (1800, "bearer", "")
    return str(token["access_token"])


def vmware(server: Server, token: str | None, method: str, path: str, **options: Any) -> httpx.Response:
    headers = {"csp-auth-token": token} if token else {}
    return httpx.request(method, f"{server.base_url}{BASE}{path}", headers=headers, **options)


def native(server: Server, account: SignedUp, method: str, path: str, **body: Any) -> httpx.Response:
    headers = {"Authorization": f"Bearer {account.api_key}"}
    return httpx.request(method, f"{server.base_url}/v1{path}", headers=headers, json=body or None)


def refusal(response: httpx.Response) -> tuple[int, str]:
    body = response.json()
    assert set(body) == CSP_ERROR_KEYS, body
    assert body["cspErrorCode"] == body["errorCode"] and body["statusCode"] == response.status_code
    assert body["moduleCode"] == 0 and body["message"] and len(body["requestId"]) == 32
    return response.status_code, str(body["cspErrorCode"])


def by_username(listed: list[dict[str, Any]], username: str) -> dict[str, Any]:
    return next(item for item in listed if item["username"] == username)


def test_the_documented_flow(server: Server) -> None:
    owner, member, invitee = (
        accounts.sign_up(server, name) for name in ("vm-owner", "vm-member", "vm-grace")
    )
    invitations = f"/orgs/{accounts.organization_with_member(server, owner, member, 'VMware')}/invitations"
    token = authorize(server, owner.api_key)

    invited = vmware(
        server,
        token,
        "POST",
        invitations,
        json={
            "usernames": ["grace@example.com", "alan@example.com", "Grace@Example.com"],
            "organizationRoles": [{"name": "org_admin", "membershipType": "DIRECT"}],
            "invitationExpirationInDays": 14,
            "serviceRolesDtos": [],
            "skipNotify": False,
        },
    )
    assert (invited.status_code, invited.content) == (202, b"")

    plain = vmware(server, token, "GET", invitations)
    assert plain.status_code == 200 and plain.headers["Cache-Control"] == "no-store"
    listed = plain.json()
    assert [set(item) for item in listed] == [SEED_003_KEYS] * 3  # two by email, the member's (accepted)
    grace = by_username(listed, "grace@example.com")
    assert grace["status"] == "AVAILABLE" and grace["organizationRoles"] == []
    assert grace["orgRoleNames"] == ["org_admin"]
    assert grace["expirationTime"] - grace["generatedAt"] == 14 * DAY_MS
    assert (grace["generatedBy"], grace["invitedByUsername"]) == (owner.id, "vm-owner@example.com")
    assert grace["refLink"] == grace["invitationLink"] and "/invitations/oit_" in grace["refLink"]
    assert grace["redeemedAt"] is grace["redeemedBy"] is grace["revokedAt"] is grace["revokedBy"] is None
    joined = by_username(listed, "vm-member@example.com")  # an invitation to an account, by its email
    assert (joined["status"], joined["redeemedBy"], joined["refLink"]) == (
        "REDEEMED",
        "vm-member@example.com",
        None,
    )

    expanded = by_username(vmware(server, token, "GET", f"{invitations}?expand").json(), "grace@example.com")
    assert [set(role) for role in expanded["organizationRoles"]] == [SEED_003_ROLE_KEYS]
    role = expanded["organizationRoles"][0]
    assert (role["name"], role["displayName"], role["membershipType"]) == (
        "org_admin",
        "Organization Administrator",
        "DIRECT",
    )
    assert vmware(server, token, "GET", f"{invitations}?customGroupId=g-1").json() == []

    # The last segment of refLink names the invitation; the invitee redeems through the native API.
    grace_token = grace["refLink"].rsplit("/", 1)[1]
    shown = vmware(server, token, "GET", f"{invitations}/{grace_token}").json()
    assert set(shown) == SEED_003_KEYS and shown["organizationRoles"] == expanded["organizationRoles"]
    accepted = native(server, invitee, "POST", f"/organizations/invitations/{grace_token}/accept")
    assert accepted.status_code == 200, accepted.text
    grace_id = accepted.json()["id"]
    redeemed = vmware(server, token, "GET", f"{invitations}/{grace_id}").json()
    assert (redeemed["status"], redeemed["redeemedBy"], redeemed["refLink"]) == (
        "REDEEMED",
        "vm-grace@example.com",
        None,
    )
    assert refusal(vmware(server, token, "DELETE", f"{invitations}/{grace_id}")) == (
        409,
        "invitation.already_redeemed",
    )

    # Revoke by id (twice: the second is refused), and by username with ?action=revoke.
    alan = by_username(vmware(server, token, "GET", invitations).json(), "alan@example.com")
    alan_token = alan["refLink"].rsplit("/", 1)[1]
    revoked = vmware(server, token, "DELETE", f"{invitations}/{alan_token}")
    assert (revoked.status_code, revoked.content) == (200, b"")
    shown = vmware(server, token, "GET", f"{invitations}/{alan_token}").json()
    assert (shown["status"], shown["revokedBy"], shown["refLink"]) == (
        "REVOKED",
        "vm-owner@example.com",
        None,
    )
    assert shown["revokedAt"] is not None
    assert refusal(vmware(server, token, "DELETE", f"{invitations}/{alan_token}")) == (
        409,
        "invitation.already_revoked",
    )
    by_native = httpx.get(f"{server.base_url}/v1/organizations/invitations/{alan_token}").json()
    assert by_native["status"] == "cancelled"

    vmware(server, token, "POST", invitations, json={"usernames": ["ada@example.com"]})
    again = vmware(
        server,
        token,
        "POST",
        f"{invitations}?action=revoke",
        json={"usernames": ["ADA@example.com", "nobody@example.com"]},
    )
    assert (again.status_code, again.content) == (202, b"")
    ada = by_username(vmware(server, token, "GET", invitations).json(), "ada@example.com")
    assert (ada["status"], ada["orgRoleNames"]) == ("REVOKED", ["org_member"])


def test_the_api_token_exchange(server: Server) -> None:
    owner = accounts.sign_up(server, "vm-exchange")
    url = f"{server.base_url}{BASE}/auth/api-tokens/authorize"
    by_query = httpx.post(url, params={"refresh_token": owner.api_key})
    by_old_name = httpx.post(url, data={"refresh_token": owner.api_key})
    assert by_query.status_code == by_old_name.status_code == 200
    tokens = {
        authorize(server, owner.api_key),
        by_query.json()["access_token"],
        by_old_name.json()["access_token"],
    }
    assert len(tokens) == 3  # each exchange makes a new token; all act as the key's account
    for token in tokens:
        assert vmware(server, token, "GET", "/orgs/o-" + "0" * 32 + "/invitations").status_code == 404

    assert refusal(httpx.post(url)) == (400, "auth.invalid_refresh_token")
    assert refusal(httpx.post(url, data={"api_token": "oik_" + "x" * 43})) == (
        400,
        "auth.invalid_refresh_token",
    )
    assert refusal(httpx.post(url, data={"api_token": "not a key"})) == (400, "request.invalid")


def test_refusals_as_vmware_documents_them(server: Server) -> None:
    owner, member, stranger = (accounts.sign_up(server, name) for name in ("vm-o2", "vm-m2", "vm-s2"))
    organization = accounts.organization_with_member(server, owner, member, "VMware")
    invitations = f"/orgs/{organization}/invitations"
    token = authorize(server, owner.api_key)

    assert refusal(vmware(server, None, "GET", invitations)) == (401, "auth.unauthenticated")
    assert refusal(vmware(server, owner.api_key, "GET", invitations)) == (401, "auth.unauthenticated")
    assert refusal(vmware(server, authorize(server, member.api_key), "GET", invitations)) == (
        403,
        "org.forbidden",
    )
    assert refusal(vmware(server, authorize(server, stranger.api_key), "GET", invitations)) == (
        404,
        "org.not_found",
    )
    assert refusal(vmware(server, token, "GET", f"{invitations}/h-{'0' * 32}")) == (
        404,
        "invitation.not_found",
    )
    for days in (0, 91):
        invalid = vmware(
            server,
            token,
            "POST",
            invitations,
            json={"usernames": ["x@example.com"], "invitationExpirationInDays": days},
        )
        assert refusal(invalid) == (400, "request.invalid")
    assert refusal(
        vmware(
            server,
            token,
            "POST",
            invitations,
            json={"usernames": ["x@example.com"], "customGroupsIds": ["g"]},
        )
    ) == (400, "request.invalid")

    # All or nothing: one username with a pending invitation refuses the whole call.
    assert (
        vmware(server, token, "POST", invitations, json={"usernames": ["dup@example.com"]}).status_code == 202
    )
    duplicate = vmware(
        server, token, "POST", invitations, json={"usernames": ["new@example.com", "dup@example.com"]}
    )
    assert refusal(duplicate) == (409, "invitation.already_exists")
    assert "new@example.com" not in {
        item["username"] for item in vmware(server, token, "GET", invitations).json()
    }

    not_allowed = vmware(server, token, "PUT", invitations)
    assert refusal(not_allowed) == (405, "method.not_allowed") and "POST" in not_allowed.headers["Allow"]
    assert refusal(vmware(server, token, "GET", "/orgs")) == (404, "resource.not_found")


def test_an_expired_access_token_is_told_so(server: Server) -> None:
    owner = accounts.sign_up(server, "vm-expiry")
    token = authorize(server, owner.api_key)
    accounts.let_token_expire(server, token)
    assert refusal(vmware(server, token, "GET", "/orgs/o-" + "0" * 32 + "/invitations")) == (
        401,
        "auth.token_expired",
    )


def test_the_daily_limit_is_429_with_retry_after(server: Server) -> None:
    owner, member = accounts.sign_up(server, "vm-o3"), accounts.sign_up(server, "vm-m3")
    invitations = f"/orgs/{accounts.organization_with_member(server, owner, member, 'VMware')}/invitations"
    token = authorize(server, owner.api_key)
    batches = [[f"p{batch}-{n}@example.com" for n in range(20)] for batch in range(3)]
    answered = [vmware(server, token, "POST", invitations, json={"usernames": b}) for b in batches]
    assert [a.status_code for a in answered[:2]] == [202, 202]  # 40 of the 50 a day
    assert refusal(answered[2]) == (429, "invitation.rate_limited")
    assert int(answered[2].headers["Retry-After"]) > 0
    assert len(vmware(server, token, "GET", invitations).json()) == 41  # the third batch made none
