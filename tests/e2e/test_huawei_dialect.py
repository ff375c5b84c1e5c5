"""huaweicloudsdkorganizations, with only its endpoint set, runs the handshake flow against a real server."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from huaweicloudsdkcore.auth.credentials import GlobalCredentials
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkorganizations.v1 import (
    AcceptHandshakeRequest,
    CancelHandshakeRequest,
    CreateOrganizationRequest,
    DeclineHandshakeRequest,
    InviteAccountReqBody,
    InviteAccountRequest,
    ListAccountsRequest,
    ListHandshakesRequest,
    ListReceivedHandshakesRequest,
    OrganizationsClient,
    ShowAccountRequest,
    ShowHandshakeRequest,
    ShowOrganizationRequest,
    TagDto,
    TargetDto,
)

from tests.e2e.conftest import Server

pytestmark = pytest.mark.e2e

SEED_000_FIELDS = {
    "id",
    "urn",
    "updated_at",
    "created_at",
    "expired_at",
    "management_account_id",
    "management_account_name",
    "organization_id",
    "notes",
    "target",
    "status",
}


@dataclass
class HuaweiAccount:
    id: str
    api_key: str
    ak: str
    sk: str
    client: OrganizationsClient


def sdk(server: Server, ak: str, sk: str, token: str | None = None) -> OrganizationsClient:
    credentials = GlobalCredentials(ak, sk)
    if token is not None:
        credentials = credentials.with_security_token(token)
    return (
        OrganizationsClient.new_builder().with_credentials(credentials).with_endpoint(server.base_url).build()
    )


@pytest.fixture
def sign_up(server: Server) -> Callable[[str], HuaweiAccount]:
    def make(name: str) -> HuaweiAccount:
        api_key = httpx.post(f"{server.base_url}/v1/accounts", json={"name": name}).json()["api_key"]
        auth = {"Authorization": f"Bearer {api_key}"}
        me = httpx.get(f"{server.base_url}/v1/accounts/me", headers=auth).json()
        key = httpx.post(f"{server.base_url}/v1/accounts/me/access-keys", headers=auth).json()
        ak, sk = key["access_key_id"], key["secret_access_key"]
        return HuaweiAccount(me["id"], api_key, ak, sk, sdk(server, ak, sk))

    return make


def refused(call: Callable[[], Any]) -> tuple[int, str]:
    with pytest.raises(ClientRequestException) as caught:
        call()
    assert caught.value.request_id
    return caught.value.status_code, caught.value.error_code


def invite(management: HuaweiAccount, entity: str, kind: str = "account") -> Any:
    body = InviteAccountReqBody(
        target=TargetDto(type=kind, entity=entity), notes="n", tags=[TagDto(key="k", value="v")]
    )
    return management.client.invite_account(InviteAccountRequest(body=body)).handshake


def test_the_handshake_flow(sign_up: Callable[[str], HuaweiAccount], server: Server) -> None:
    management, member, outsider = sign_up("mgmt"), sign_up("member"), sign_up("outsider")
    organization = management.client.create_organization(CreateOrganizationRequest()).organization
    assert organization.management_account_id == management.id
    assert management.client.show_organization(ShowOrganizationRequest()).organization.id == organization.id
    assert refused(lambda: management.client.create_organization(CreateOrganizationRequest())) == (
        409,
        "Organizations.2007",
    )

    handshake = invite(management, member.id)
    assert handshake.status == "pending"
    assert handshake.expired_at - handshake.created_at == dt.timedelta(days=14)
    assert handshake.urn == f"organizations::{management.id}:handshake:{organization.id}/{handshake.id}"
    assert refused(lambda: invite(management, member.id)) == (409, "Organizations.2004")
    by_email = invite(management, "someone@example.com", "email")

    seen: list[str] = []
    marker = None
    while True:
        page = management.client.list_handshakes(ListHandshakesRequest(limit=1, marker=marker))
        seen += [h.id for h in page.handshakes]
        marker = page.page_info.next_marker
        if not marker:
            break
    assert sorted(seen) == sorted([handshake.id, by_email.id])

    received = member.client.list_received_handshakes(ListReceivedHandshakesRequest()).handshakes
    assert [h.id for h in received] == [handshake.id]
    shown = member.client.show_handshake(ShowHandshakeRequest(handshake_id=handshake.id)).handshake
    assert {name for name in SEED_000_FIELDS if getattr(shown, name) is not None} == SEED_000_FIELDS
    assert refused(
        lambda: outsider.client.show_handshake(ShowHandshakeRequest(handshake_id=handshake.id))
    ) == (
        404,
        "Organizations.2001",
    )

    # One core: the native API sees it, and a native accept is seen by the SDK.
    native = httpx.get(
        f"{server.base_url}/v1/organizations/handshakes/{handshake.id}",
        headers={"Authorization": f"Bearer {member.api_key}"},
    )
    assert native.json()["id"] == handshake.id and "handshake" not in native.json()

    accepted = member.client.accept_handshake(AcceptHandshakeRequest(handshake_id=handshake.id)).handshake
    assert accepted.status == "accepted"
    assert refused(
        lambda: member.client.accept_handshake(AcceptHandshakeRequest(handshake_id=handshake.id))
    ) == (
        409,
        "Organizations.2005",
    )
    accounts = management.client.list_accounts(ListAccountsRequest()).accounts
    assert {(a.id, a.join_method) for a in accounts} == {(management.id, "created"), (member.id, "invited")}
    shown_account = management.client.show_account(ShowAccountRequest(account_id=member.id)).account
    assert shown_account.join_method == "invited"


def test_declining_and_cancelling(sign_up: Callable[[str], HuaweiAccount]) -> None:
    management, first, second = sign_up("mgmt2"), sign_up("first"), sign_up("second")
    management.client.create_organization(CreateOrganizationRequest())
    to_first, to_second = invite(management, first.id), invite(management, second.id)
    declined = first.client.decline_handshake(DeclineHandshakeRequest(handshake_id=to_first.id)).handshake
    cancelled = management.client.cancel_handshake(
        CancelHandshakeRequest(handshake_id=to_second.id)
    ).handshake
    assert (declined.status, cancelled.status) == ("declined", "cancelled")
    assert refused(
        lambda: first.client.accept_handshake(AcceptHandshakeRequest(handshake_id=to_first.id))
    ) == (409, "Organizations.2006")


def test_signatures_are_refused_as_the_gateway_would(
    sign_up: Callable[[str], HuaweiAccount], server: Server
) -> None:
    account = sign_up("signer")
    assert refused(lambda: sdk(server, account.ak, "wrong").show_organization(ShowOrganizationRequest())) == (
        401,
        "APIGW.0301",
    )
    assert refused(
        lambda: sdk(server, "OIAKNOTAKEY000000000", account.sk).show_organization(ShowOrganizationRequest())
    ) == (401, "APIGW.0301")


def test_a_domain_id_must_be_the_keys_account(
    sign_up: Callable[[str], HuaweiAccount], server: Server
) -> None:
    account, other = sign_up("domain"), sign_up("other-domain")

    def client_of(domain_id: str) -> OrganizationsClient:
        credentials = GlobalCredentials(account.ak, account.sk, domain_id)
        return (
            OrganizationsClient.new_builder()
            .with_credentials(credentials)
            .with_endpoint(server.base_url)
            .build()
        )

    assert refused(lambda: client_of(account.id).show_organization(ShowOrganizationRequest())) == (
        404,
        "Organizations.2002",
    )
    assert refused(lambda: client_of(other.id).show_organization(ShowOrganizationRequest())) == (
        401,
        "APIGW.0301",
    )


def test_temporary_credentials_need_their_token(
    sign_up: Callable[[str], HuaweiAccount], server: Server
) -> None:
    account = sign_up("temporary")
    issued = httpx.post(
        f"{server.base_url}/v1/security-tokens",
        json={"ttl_seconds": 900},
        headers={"Authorization": f"Bearer {account.api_key}"},
    ).json()
    temporary = sdk(server, issued["access_key_id"], issued["secret_access_key"], issued["security_token"])
    assert refused(lambda: temporary.show_organization(ShowOrganizationRequest())) == (
        404,
        "Organizations.2002",
    )
    forged = sdk(server, issued["access_key_id"], issued["secret_access_key"], "ost_forged")
    assert refused(lambda: forged.show_organization(ShowOrganizationRequest())) == (401, "APIGW.0307")
