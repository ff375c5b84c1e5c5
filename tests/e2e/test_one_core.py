"""One core under every API: an invitation made through one is the same invitation in all of them."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from huaweicloudsdkorganizations.v1 import AcceptHandshakeRequest, ShowHandshakeRequest

from tests.e2e import accounts
from tests.e2e.accounts import SignedUp
from tests.e2e.conftest import Server
from tests.e2e.sdks import aws_client, huawei_client

pytestmark = pytest.mark.e2e


def native(server: Server, account: SignedUp, method: str, path: str, **body: Any) -> dict[str, Any]:
    response = httpx.request(
        method,
        f"{server.base_url}/v1{path}",
        headers={"Authorization": f"Bearer {account.api_key}"},
        json=body or None,
    )
    assert response.is_success, response.text
    result: dict[str, Any] = response.json()
    return result


def members_of(server: Server, management: SignedUp, organization_id: str) -> set[str]:
    page = native(server, management, "GET", f"/organizations/{organization_id}/members?limit=50")
    return {member["account_id"] for member in page["items"]}


def test_made_with_boto3_seen_and_accepted_through_the_huawei_sdk(server: Server) -> None:
    management, member = accounts.sign_up(server, "aws-made"), accounts.sign_up(server, "huawei-accepts")
    aws = aws_client(server, management.access_key_id, management.secret_access_key)
    huawei = huawei_client(server, member.access_key_id, member.secret_access_key)
    organization = aws.create_organization(FeatureSet="ALL")["Organization"]
    made = aws.invite_account_to_organization(Target={"Id": member.alias, "Type": "ACCOUNT"})["Handshake"]

    seen = huawei.show_handshake(ShowHandshakeRequest(handshake_id=made["Id"])).handshake
    assert (seen.organization_id, seen.status, seen.target.entity) == (
        organization["Id"],
        "pending",
        member.id,
    )
    assert native(server, member, "GET", f"/organizations/handshakes/{made['Id']}")["status"] == "pending"

    huawei.accept_handshake(AcceptHandshakeRequest(handshake_id=made["Id"]))

    assert aws.describe_handshake(HandshakeId=made["Id"])["Handshake"]["State"] == "ACCEPTED"
    assert native(server, member, "GET", f"/organizations/handshakes/{made['Id']}")["status"] == "accepted"
    assert member.id in members_of(server, management, organization["Id"])


def test_made_natively_accepted_with_boto3_and_seen_by_the_huawei_sdk(server: Server) -> None:
    management, member = accounts.sign_up(server, "native-made"), accounts.sign_up(server, "aws-accepts")
    organization = native(server, management, "POST", "/organizations", name="One core")
    made = native(
        server,
        management,
        "POST",
        f"/organizations/{organization['id']}/invitations",
        target={"type": "account", "entity": member.id},
        roles=["member"],
    )["invitation"]
    aws = aws_client(server, member.access_key_id, member.secret_access_key)

    listed = aws.list_handshakes_for_account()["Handshakes"]
    assert [(h["Id"], h["State"]) for h in listed] == [(made["id"], "OPEN")]
    aws.accept_handshake(HandshakeId=made["id"])

    huawei = huawei_client(server, management.access_key_id, management.secret_access_key)
    assert huawei.show_handshake(ShowHandshakeRequest(handshake_id=made["id"])).handshake.status == "accepted"
    assert member.id in members_of(server, management, organization["id"])
