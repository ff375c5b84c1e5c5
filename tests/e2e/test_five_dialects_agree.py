"""One invitation, seen through all five vendors' APIs and the native one, in agreement after
each transition: pending, then accepted (through Elastic), cancelled (through VMware), or
expired (by the clock). Each view is read in its own vendor's words and mapped back by the
table in VENDORS.md §5.4.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from huaweicloudsdkorganizations.v1 import ShowHandshakeRequest

from tests.e2e import accounts
from tests.e2e.accounts import SignedUp
from tests.e2e.conftest import Server
from tests.e2e.sdks import aws_client, huawei_client

pytestmark = pytest.mark.e2e

AWS_STATE = {"OPEN": "pending", "ACCEPTED": "accepted", "CANCELED": "cancelled", "EXPIRED": "expired"}


class Views:
    """The organization's owner reading one invitation through every API."""

    def __init__(self, server: Server, owner: SignedUp, organization_id: str) -> None:
        self.server, self.owner, self.organization_id = server, owner, organization_id
        self.aws = aws_client(server, owner.access_key_id, owner.secret_access_key)
        self.huawei = huawei_client(server, owner.access_key_id, owner.secret_access_key)
        authorized = self._http(
            "POST", "/csp/gateway/am/api/auth/api-tokens/authorize", data={"api_token": owner.api_key}
        )
        self.csp_token = authorized.json()["access_token"]

    def _http(self, method: str, path: str, **options: Any) -> httpx.Response:
        return httpx.request(method, f"{self.server.base_url}{path}", **options)

    def states(self, invitation_id: str, token: str) -> dict[str, str]:
        """What each API says the invitation's state is, in the native API's words."""
        owner = {"Authorization": f"Bearer {self.owner.api_key}"}
        native = self._http(
            "GET", f"/v1/organizations/{self.organization_id}/invitations/{invitation_id}", headers=owner
        )
        aws = self.aws.describe_handshake(HandshakeId=invitation_id)["Handshake"]["State"]
        huawei = self.huawei.show_handshake(ShowHandshakeRequest(handshake_id=invitation_id)).handshake.status
        return {
            "native": native.json()["status"],
            "aws": AWS_STATE[aws],
            "huawei": huawei,
            "elastic": self._elastic(token),
            "infodeck": self._infodeck(token),
            "vmware": self._vmware(invitation_id),
        }

    def _elastic(self, token: str) -> str:
        found = self._http(
            "GET",
            f"/api/v1/organizations/invitations/{token}",
            headers={"Authorization": f"ApiKey {self.owner.api_key}"},
        )
        if found.status_code == 404:  # Elastic deletes what is cancelled
            assert found.json()["errors"][0]["code"] == "organization.invitation_not_found"
            return "cancelled"
        shown = found.json()
        return "accepted" if "accepted_at" in shown else "expired" if shown["expired"] else "pending"

    def _infodeck(self, token: str) -> str:
        listed = self._http(
            "GET",
            f"/api/organizations/{self.organization_id}/invitations",
            headers={"X-API-Key": self.owner.api_key},
        ).json()["data"]
        item = next(item for item in listed if item["code"] == token)
        if item["usedAt"] is not None:
            return "accepted"
        if item["canceledAt"] is not None:
            return "cancelled"
        return "expired" if item["expiredAt"] <= datetime.now(UTC).timestamp() * 1000 else "pending"

    def _vmware(self, invitation_id: str) -> str:
        shown = self._http(
            "GET",
            f"/csp/gateway/am/api/orgs/{self.organization_id}/invitations/{invitation_id}",
            headers={"csp-auth-token": self.csp_token},
        ).json()
        if shown["status"] == "AVAILABLE":  # VMware has no expired state: the expiry tells
            return "pending" if shown["expirationTime"] > datetime.now(UTC).timestamp() * 1000 else "expired"
        return {"REDEEMED": "accepted", "REVOKED": "cancelled"}[shown["status"]]


def invite(views: Views, email: str) -> tuple[str, str]:
    """An invitation by email made through Infodeck: its id (from the native list) and token."""
    made = httpx.post(
        f"{views.server.base_url}/api/organizations/{views.organization_id}/invitations",
        headers={"X-API-Key": views.owner.api_key},
        json={"email": email, "givenName": "Five", "familyName": "Ways", "teamIds": []},
    )
    token = made.json()["data"]["code"]
    found = httpx.get(f"{views.server.base_url}/v1/organizations/invitations/{token}").json()
    return found["id"], token


def agreeing(views: Views, invitation_id: str, token: str) -> str:
    states = views.states(invitation_id, token)
    assert len(set(states.values())) == 1, f"the APIs disagree: {states}"
    return states["native"]


@pytest.fixture
def views(server: Server) -> Views:
    owner = accounts.sign_up(server, f"five-{datetime.now(UTC).timestamp()}")
    organization = httpx.post(
        f"{server.base_url}/v1/organizations",
        headers={"Authorization": f"Bearer {owner.api_key}"},
        json={"name": "Five ways"},
    ).json()["id"]
    return Views(server, owner, organization)


def test_accepted_through_elastic_is_accepted_everywhere(server: Server, views: Views) -> None:
    invitation_id, token = invite(views, "accept@example.com")
    assert agreeing(views, invitation_id, token) == "pending"
    invitee = accounts.sign_up(server, "five-invitee")
    accepted = httpx.post(
        f"{server.base_url}/api/v1/organizations/invitations/{token}/_accept",
        headers={"Authorization": f"ApiKey {invitee.api_key}"},
    )
    assert accepted.status_code == 200, accepted.text
    assert agreeing(views, invitation_id, token) == "accepted"


def test_revoked_through_vmware_is_cancelled_everywhere(server: Server, views: Views) -> None:
    invitation_id, token = invite(views, "cancel@example.com")
    assert agreeing(views, invitation_id, token) == "pending"
    revoked = httpx.delete(
        f"{server.base_url}/csp/gateway/am/api/orgs/{views.organization_id}/invitations/{invitation_id}",
        headers={"csp-auth-token": views.csp_token},
    )
    assert revoked.status_code == 200, revoked.text
    assert agreeing(views, invitation_id, token) == "cancelled"


def test_expired_by_the_clock_is_expired_everywhere(server: Server, views: Views) -> None:
    invitation_id, token = invite(views, "expire@example.com")
    assert agreeing(views, invitation_id, token) == "pending"
    accounts.let_invitation_expire(server, invitation_id)  # as waiting for it would
    assert agreeing(views, invitation_id, token) == "expired"
